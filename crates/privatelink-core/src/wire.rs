//! Serde types for the bodies of the wire contract (`docs/wire-contract.md`).
//!
//! Field order follows the contract, so serialising a parsed example gives the same JSON
//! back. Response types accept fields they do not know (the real API sends many more);
//! request types refuse them, so a typo in a client is a 400 rather than a silent no-op.
//! States are "open" enums: a value the real API adds later parses as `Unknown(..)` and
//! serialises back unchanged, instead of failing the whole response.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::endpoint_ip::EndpointIp;
use crate::principal::PrincipalList;
use crate::resource_id::ConnectionId;
use crate::subscription::SubscriptionList;

/// Declares an enum of the known wire strings plus `Unknown(String)` for anything else.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know; kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in lifecycle order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The string on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(s) => s.as_str(),
                }
            }

            /// Parses a wire string; never fails (unknown strings become `Unknown`).
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name::from_wire(&s))
            }
        }
    };
}

open_enum! {
    /// State of a service's Azure PrivateLink resource.
    PrivatelinkState {
        Creating => "creating",
        Active => "active",
        Deleting => "deleting",
    }
}

open_enum! {
    /// Aiven's state of one private endpoint connection (Azure's own status is separate).
    ConnectionState {
        PendingUserApproval => "pending-user-approval",
        UserApproved => "user-approved",
        Connected => "connected",
        Active => "active",
    }
}

open_enum! {
    /// State of a service as a whole.
    ServiceState {
        Running => "RUNNING",
        Rebuilding => "REBUILDING",
        Poweroff => "POWEROFF",
        Rebalancing => "REBALANCING",
    }
}

open_enum! {
    /// How a component's address is reached.
    Route {
        Dynamic => "dynamic",
        Private => "private",
        Privatelink => "privatelink",
        Public => "public",
    }
}

/// The AzurePrivatelink resource: create, get, update and delete answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AzurePrivatelink {
    /// Alias the customer's private endpoint connects to; `null` while `creating`.
    pub azure_service_alias: Option<String>,
    /// Resource ID of the Private Link service; `null` while `creating`.
    pub azure_service_id: Option<String>,
    pub state: PrivatelinkState,
    /// Azure subscriptions allowed to connect (lowercase GUIDs).
    pub user_subscription_ids: SubscriptionList,
}

/// One private endpoint connection: list items, approve and update answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AzurePrivatelinkConnection {
    /// Aiven's ID, `plc` + 11 lowercase hex digits.
    pub privatelink_connection_id: ConnectionId,
    /// The customer's private endpoint resource ID, verbatim: Azure spells its segments
    /// in more than one case, and a row must show what Azure shows; parse it with
    /// [`crate::PrivateEndpointId::parse`] to read its parts.
    pub private_endpoint_id: String,
    pub state: ConnectionState,
    /// The endpoint's private IPv4 address, `null` until set.
    pub user_ip_address: Option<EndpointIp>,
}

/// `GET …/connections` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionList {
    pub connections: Vec<AzurePrivatelinkConnection>,
}

/// Body of create (`POST`) and update (`PUT`) of the privatelink: the full allowlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivatelinkRequest {
    pub user_subscription_ids: SubscriptionList,
}

/// Body of `PUT …/connections/{id}`. `null` is representable because avn sends it when
/// `--endpoint-ip-address` is omitted; the server refuses it with a clear message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionUpdateRequest {
    pub user_ip_address: Option<EndpointIp>,
}

/// The AWSPrivatelink resource: create, get, update and delete answers. It has no
/// `supported_regions`: the API takes them but does not show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsPrivatelink {
    /// `vpce-svc-…`; `null` while `creating`.
    pub aws_service_id: Option<String>,
    /// `com.amazonaws.vpce.<region>.vpce-svc-…`, what `aws ec2 create-vpc-endpoint
    /// --service-name` takes; `null` while `creating`.
    pub aws_service_name: Option<String>,
    pub principals: PrincipalList,
    pub state: PrivatelinkState,
}

/// Body of AWS create (`POST`) and update (`PUT`). avn sends `{"principals": null}` when no
/// `--principal` is given, so `null` is representable: create refuses it with a message,
/// update keeps the current list. `supported_regions` is stored and never shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsPrivatelinkRequest {
    #[serde(default)]
    pub principals: Option<PrincipalList>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_regions: Option<Vec<String>>,
}

/// One AWS VPC endpoint connection (list items). AWS connections need no approval: a VPC
/// endpoint of an allowed principal is accepted, and listed once it is available.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsConnection {
    /// The VPC endpoint's DNS name, the target of the privatelink route's CNAME.
    pub dns_name: String,
    pub privatelink_connection_id: Option<ConnectionId>,
    pub state: ConnectionState,
    /// `vpce-…` of the customer's VPC endpoint.
    pub vpc_endpoint_id: String,
}

/// `GET …/privatelink/aws/connections` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsConnectionList {
    pub connections: Vec<AwsConnection>,
}

/// The GooglePrivatelink resource (Private Service Connect).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GooglePrivatelink {
    /// `projects/…/regions/…/serviceAttachments/…`, what the customer's endpoint targets;
    /// `null` while `creating`.
    pub google_service_attachment: Option<String>,
    pub state: PrivatelinkState,
}

/// One Private Service Connect connection (list items and the approve answer). Every row
/// carries `user_ip_address` and `psc_connection_id`, `null` or not: avn's table needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoogleConnection {
    pub privatelink_connection_id: ConnectionId,
    /// Google's ID of the PSC connection (digits).
    pub psc_connection_id: String,
    pub state: ConnectionState,
    /// The customer endpoint's IPv4 address, given with the approval; `null` before.
    pub user_ip_address: Option<EndpointIp>,
}

/// `GET …/privatelink/google/connections` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoogleConnectionList {
    pub connections: Vec<GoogleConnection>,
}

/// Body of `POST …/privatelink/google/connections/{id}/approve`: the approval and the
/// endpoint's IP in one call. `null` is representable so the server can say what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleApproveRequest {
    #[serde(default)]
    pub user_ip_address: Option<EndpointIp>,
}

/// One entry of a service's `components`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub component: String,
    pub host: String,
    pub port: u16,
    pub route: Route,
    /// `primary` or `replica`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl: Option<bool>,
    /// Set on `privatelink` routes only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privatelink_connection_id: Option<ConnectionId>,
    /// Kafka only: `certificate` or `sasl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kafka_authentication_method: Option<String>,
}

/// A service, as far as privatelink needs it. Other fields of the real API are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub service_name: String,
    pub service_type: String,
    pub plan: String,
    pub cloud_name: String,
    /// The project VPC the service runs in, `null` when it has none.
    pub project_vpc_id: Option<String>,
    pub state: ServiceState,
    /// Free-form configuration; see [`Service::static_ips`] and
    /// [`Service::privatelink_access`] for the keys privatelink reads.
    #[serde(default)]
    pub user_config: Map<String, Value>,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_uri: Option<String>,
    /// When the service was created and last changed, ISO 8601 in UTC (avn's service
    /// table prints both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<String>,
}

impl Service {
    /// `user_config.static_ips`, false when absent.
    pub fn static_ips(&self) -> bool {
        self.user_config
            .get("static_ips")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// `user_config.privatelink_access` as (key, enabled) pairs; non-boolean values are
    /// read as off. Keys missing from the stored object are not listed.
    pub fn privatelink_access(&self) -> crate::access::PrivatelinkAccess {
        crate::access::access_from_config(&self.user_config)
    }

    /// The `privatelink` route entries for one connection.
    pub fn privatelink_components(
        &self,
        connection_id: &ConnectionId,
    ) -> impl Iterator<Item = &Component> + '_ {
        let id = connection_id.clone();
        self.components.iter().filter(move |c| {
            c.route == Route::Privatelink && c.privatelink_connection_id.as_ref() == Some(&id)
        })
    }
}

/// `GET /v1/project/{p}/service` answer: the project's services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceList {
    pub services: Vec<Service>,
}

/// `GET/PUT /v1/project/{p}/service/{s}` answer: the wrapper is mandatory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceEnvelope {
    pub service: Service,
}

/// Body of `PUT /v1/project/{p}/service/{s}`. Only the fields this project acts on;
/// `user_config` is merged key by key into the stored one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceUpdateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_config: Option<Map<String, Value>>,
}

/// One cloud where privatelink can be bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivatelinkAvailabilityItem {
    pub cloud_name: String,
    pub price_usd: String,
}

/// `GET /v1/project/{p}/privatelink-availability` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivatelinkAvailability {
    pub privatelink_availability: Vec<PrivatelinkAvailabilityItem>,
}

/// The `error_code` of an unknown service's 404.
pub const SERVICE_NOT_FOUND_CODE: &str = "service_not_found";

/// One entry of the error body's `errors` list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorItem {
    pub message: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

/// The error body every failed call answers with. `message` is always present: avn
/// crashes without it, and the panel shows it next to the failed action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub message: String,
    #[serde(default)]
    pub errors: Vec<ErrorItem>,
}

impl ApiErrorBody {
    /// An error body with one item carrying the same message and status.
    pub fn new(status: u16, message: impl Into<String>, error_code: Option<&str>) -> Self {
        let message = message.into();
        ApiErrorBody {
            errors: vec![ErrorItem {
                message: message.clone(),
                status,
                error_code: error_code.map(str::to_owned),
            }],
            message,
        }
    }

    /// The status carried in `errors`, if any.
    pub fn status(&self) -> Option<u16> {
        self.errors.first().map(|e| e.status)
    }

    /// The answer the real API gives for an unknown service; Go clients match its
    /// message and code.
    pub fn service_not_found(service: &str) -> Self {
        Self::new(
            404,
            format!("Service {service} does not exist"),
            Some(SERVICE_NOT_FOUND_CODE),
        )
    }
}
