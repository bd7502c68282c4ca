//! Whether a service can have a privatelink of a given cloud: it runs in that cloud and
//! sits in a project VPC; for Azure it also uses static IPs. The panel shows each check with
//! its reason; the server refuses a create with a message naming every check that fails.

use crate::cloud::Cloud;
use crate::wire::Service;

/// One precondition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Check {
    AzureCloud,
    AwsCloud,
    GoogleCloud,
    ProjectVpc,
    StaticIps,
    /// AWS PrivateLink is not offered for some service types.
    AwsServiceType,
}

impl Check {
    /// Short label for a checklist.
    pub fn label(self) -> &'static str {
        match self {
            Check::AzureCloud => "Runs in an Azure cloud",
            Check::AwsCloud => "Runs in an AWS cloud",
            Check::GoogleCloud => "Runs in a Google Cloud cloud",
            Check::ProjectVpc => "Is in a project VPC",
            Check::StaticIps => "Uses static IP addresses",
            Check::AwsServiceType => "Is a service type AWS PrivateLink supports",
        }
    }
}

/// Service types Aiven's AWS PrivateLink documentation excludes: Apache Flink, Kafka
/// MirrorMaker 2 and Aiven for Metrics (Thanos).
pub const AWS_UNSUPPORTED_TYPES: [(&str, &str); 3] = [
    ("flink", "Apache Flink"),
    ("kafka_mirrormaker", "Kafka MirrorMaker 2"),
    ("thanos", "Aiven for Metrics"),
];

/// Every check of `cloud`'s privatelink against a service: the cloud, the project VPC,
/// static IPs where the cloud needs them (Azure), and the service type on AWS.
pub fn preflight_for(cloud: Cloud, service: &Service) -> Vec<CheckResult> {
    if cloud == Cloud::Azure {
        return preflight(service);
    }
    let name = &service.service_name;
    let check = match cloud {
        Cloud::Aws => Check::AwsCloud,
        _ => Check::GoogleCloud,
    };
    let mut checks = vec![
        CheckResult {
            check,
            outcome: match cloud.mismatch(service) {
                None => Ok(()),
                Some(why) => Err(why),
            },
        },
        CheckResult {
            check: Check::ProjectVpc,
            outcome: if in_project_vpc(service) {
                Ok(())
            } else {
                Err(format!(
                    "Service {name} is not in a project VPC; {} needs the service in a project VPC in its region.",
                    cloud.product()
                ))
            },
        },
    ];
    if cloud == Cloud::Aws {
        let excluded = AWS_UNSUPPORTED_TYPES
            .iter()
            .find(|(t, _)| *t == service.service_type);
        checks.push(CheckResult {
            check: Check::AwsServiceType,
            outcome: match excluded {
                None => Ok(()),
                Some((_, product)) => Err(format!(
                    "Service {name} is {product}, for which Aiven does not offer AWS PrivateLink."
                )),
            },
        });
    }
    checks
}

/// [`preflight_error`] for any cloud: `Ok` when every check passes, else one message.
pub fn preflight_error_for(cloud: Cloud, service: &Service) -> Result<(), String> {
    let failures: Vec<String> = preflight_for(cloud, service)
        .into_iter()
        .filter_map(|r| r.outcome.err())
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Cannot create the {}: {}",
            cloud.product(),
            failures.join(" ")
        ))
    }
}

/// The outcome of one check: `Err` carries the sentence explaining what to change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CheckResult {
    pub check: Check,
    pub outcome: Result<(), String>,
}

/// Runs every check against a service.
pub fn preflight(service: &Service) -> Vec<CheckResult> {
    let name = &service.service_name;
    vec![
        CheckResult {
            check: Check::AzureCloud,
            outcome: if service.cloud_name.starts_with("azure-") {
                Ok(())
            } else {
                Err(format!(
                    "Service {name} runs in {}, not an Azure cloud (azure-*); Azure PrivateLink needs the service in Azure.",
                    service.cloud_name
                ))
            },
        },
        CheckResult {
            check: Check::ProjectVpc,
            outcome: if in_project_vpc(service) {
                Ok(())
            } else {
                Err(format!(
                    "Service {name} is not in a project VPC; move it into a project VPC in its Azure region first."
                ))
            },
        },
        CheckResult {
            check: Check::StaticIps,
            outcome: if service.static_ips() {
                Ok(())
            } else {
                Err(format!(
                    "Service {name} does not use static IP addresses; set user_config.static_ips to true first."
                ))
            },
        },
    ]
}

/// `Ok` when every check passes, else one message naming every failed check.
pub fn preflight_error(service: &Service) -> Result<(), String> {
    let failures: Vec<String> = preflight(service)
        .into_iter()
        .filter_map(|r| r.outcome.err())
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Cannot create an Azure PrivateLink: {}",
            failures.join(" ")
        ))
    }
}

/// Whether the service sits in a project VPC (every cloud needs it).
fn in_project_vpc(service: &Service) -> bool {
    service
        .project_vpc_id
        .as_deref()
        .is_some_and(|v| !v.is_empty())
}
