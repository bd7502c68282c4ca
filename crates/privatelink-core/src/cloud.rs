//! The three clouds with private connectivity, read from a service's `cloud_name`
//! (`aws-us-east-1`, `azure-eastus`, `google-europe-west1`), and what differs between them:
//! the path segment, the product's name, and the preconditions a service must meet.

use std::fmt;

use crate::wire::Service;

/// Declares the enum and its `ALL` list from one list of variants, so a new cloud cannot
/// be left out of `ALL` (and every `match` on `Cloud` then fails to compile until it
/// decides what the new cloud does: there is no `_ =>` arm on `Cloud` in the workspace).
macro_rules! clouds {
    ($($(#[$doc:meta])* $variant:ident),+ $(,)?) => {
        /// A cloud Aiven offers private connectivity on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Cloud {
            $($(#[$doc])* $variant,)+
        }

        impl Cloud {
            /// Every cloud, in declaration order.
            pub const ALL: [Cloud; [$(Cloud::$variant),+].len()] = [$(Cloud::$variant),+];
        }
    };
}

clouds! {
    /// AWS PrivateLink.
    Aws,
    /// Azure PrivateLink.
    Azure,
    /// Google Private Service Connect.
    Google,
}

impl Cloud {
    /// The cloud of a `cloud_name` (`aws-…`, `azure-…`, `google-…`); `None` for others
    /// (`do-…`, `upcloud-…`), which have no private connectivity.
    pub fn of_cloud_name(cloud_name: &str) -> Option<Cloud> {
        Cloud::ALL
            .into_iter()
            .find(|c| cloud_name.starts_with(c.cloud_name_prefix()))
    }

    /// The cloud and region of a `cloud_name` (`azure-eastus` → Azure, `eastus`); `None`
    /// for clouds without private connectivity. The region names the cloud's own region
    /// (Azure's `eastus`, AWS's `us-east-1`, Google's `europe-west1`).
    pub fn region_of(cloud_name: &str) -> Option<(Cloud, &str)> {
        let cloud = Cloud::of_cloud_name(cloud_name)?;
        Some((cloud, &cloud_name[cloud.cloud_name_prefix().len()..]))
    }

    /// Service types Aiven does not offer this cloud's product for, with their product
    /// names. AWS's documentation excludes Apache Flink, Kafka MirrorMaker 2 and Aiven
    /// for Metrics (Thanos); Azure's and Google's list none.
    pub fn unsupported_service_types(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Cloud::Aws => &[
                ("flink", "Apache Flink"),
                ("kafka_mirrormaker", "Kafka MirrorMaker 2"),
                ("thanos", "Aiven for Metrics"),
            ],
            Cloud::Azure | Cloud::Google => &[],
        }
    }

    /// The cloud's own name for what filters traffic to the customer's endpoint, where the
    /// service's ports must be allowed.
    pub fn endpoint_filter(self) -> &'static str {
        match self {
            Cloud::Aws => "the VPC endpoint's security group",
            Cloud::Azure => "your network security group",
            Cloud::Google => "your VPC network's firewall rules",
        }
    }

    /// The `cloud_name` prefix of its regions.
    pub fn cloud_name_prefix(self) -> &'static str {
        match self {
            Cloud::Aws => "aws-",
            Cloud::Azure => "azure-",
            Cloud::Google => "google-",
        }
    }

    /// The path segment under `…/privatelink/` (and the `cloud` of the panel's events).
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Aws => "aws",
            Cloud::Azure => "azure",
            Cloud::Google => "google",
        }
    }

    /// From the path segment; `None` for anything else.
    pub fn from_path(segment: &str) -> Option<Cloud> {
        Cloud::ALL.into_iter().find(|c| c.as_str() == segment)
    }

    /// The product's name, as Aiven's documentation writes it.
    pub fn product(self) -> &'static str {
        match self {
            Cloud::Aws => "AWS PrivateLink",
            Cloud::Azure => "Azure PrivateLink",
            Cloud::Google => "Google Private Service Connect",
        }
    }

    /// Whether the service must use static IP addresses (Azure only: its load balancer
    /// fronts them; AWS's and Google's documentation ask for none).
    pub fn needs_static_ips(self) -> bool {
        self == Cloud::Azure
    }

    /// The sentence a request for this cloud's privatelink gets when `service` runs in
    /// another cloud: it names the service's cloud and the path that would fit.
    pub fn mismatch(self, service: &Service) -> Option<String> {
        if service.cloud_name.starts_with(self.cloud_name_prefix()) {
            return None;
        }
        let hint = match Cloud::of_cloud_name(&service.cloud_name) {
            Some(c) => format!(" Use privatelink/{} ({}) instead.", c.as_str(), c.product()),
            None => " That cloud has no private connectivity.".to_owned(),
        };
        Some(format!(
            "Service {} runs in {}, not in {}: {} is only for services in {} clouds ({}*).{hint}",
            service.service_name,
            service.cloud_name,
            self.name(),
            self.product(),
            self.name(),
            self.cloud_name_prefix()
        ))
    }

    /// The cloud's own name.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Aws => "AWS",
            Cloud::Azure => "Azure",
            Cloud::Google => "Google Cloud",
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
