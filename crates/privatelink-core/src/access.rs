//! `user_config.privatelink_access`: which components of a service are reachable through
//! the privatelink, and which keys each service type has (wire-contract.md §3).

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use thiserror::Error;

/// Ports Kafka brokers use through PrivateLink; the customer's security group must allow
/// ingress on them.
pub const KAFKA_PRIVATELINK_PORTS: (u16, u16) = (10000, 31000);

/// The `privatelink_access` keys of a service type, in the order the panel shows them;
/// `None` for a type without privatelink.
pub fn privatelink_access_keys(service_type: &str) -> Option<&'static [&'static str]> {
    Some(match service_type {
        "kafka" => &[
            "kafka",
            "kafka_connect",
            "kafka_rest",
            "schema_registry",
            "jolokia",
            "prometheus",
        ],
        "kafka_connect" => &["kafka_connect", "jolokia", "prometheus"],
        "pg" => &["pg", "pgbouncer", "prometheus"],
        "mysql" => &["mysql", "mysqlx", "prometheus"],
        "opensearch" => &["opensearch", "opensearch_dashboards", "prometheus"],
        "clickhouse" => &[
            "clickhouse",
            "clickhouse_https",
            "clickhouse_mysql",
            "clickhouse_arrowflight",
            "prometheus",
        ],
        "valkey" => &["valkey", "prometheus"],
        "dragonfly" => &["dragonfly", "prometheus"],
        "flink" => &["flink", "prometheus"],
        "grafana" => &["grafana"],
        "thanos" => &["query_frontend", "receiver_routing"],
        _ => return None,
    })
}

/// A validated `privatelink_access` object: key → enabled.
pub type PrivatelinkAccess = BTreeMap<String, bool>;

/// Why a `privatelink_access` value is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccessError {
    #[error("Service type {0} does not support privatelink access settings.")]
    UnsupportedServiceType(String),
    #[error("privatelink_access must be an object of component names to true or false.")]
    NotAnObject,
    #[error("\"{key}\" is not a privatelink_access component of a {service_type} service; valid keys are: {allowed}.")]
    UnknownKey {
        key: String,
        service_type: String,
        allowed: String,
    },
    #[error("privatelink_access.{0} must be true or false.")]
    NotBoolean(String),
}

/// Validates a (possibly partial) `privatelink_access` object for a service type.
pub fn validate_privatelink_access(
    service_type: &str,
    value: &Value,
) -> Result<PrivatelinkAccess, AccessError> {
    let keys = privatelink_access_keys(service_type)
        .ok_or_else(|| AccessError::UnsupportedServiceType(service_type.to_owned()))?;
    let obj: &Map<String, Value> = value.as_object().ok_or(AccessError::NotAnObject)?;
    let mut out = PrivatelinkAccess::new();
    for (k, v) in obj {
        if !keys.contains(&k.as_str()) {
            return Err(AccessError::UnknownKey {
                key: k.clone(),
                service_type: service_type.to_owned(),
                allowed: keys.join(", "),
            });
        }
        let b = v
            .as_bool()
            .ok_or_else(|| AccessError::NotBoolean(k.clone()))?;
        out.insert(k.clone(), b);
    }
    Ok(out)
}

/// One staged change of a switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessChange {
    pub key: String,
    pub enabled: bool,
}

/// What saving `staged` over `current` changes, in key order. Keys missing from
/// `current` count as off.
pub fn access_diff(current: &PrivatelinkAccess, staged: &PrivatelinkAccess) -> Vec<AccessChange> {
    staged
        .iter()
        .filter(|(k, v)| current.get(*k).copied().unwrap_or(false) != **v)
        .map(|(k, v)| AccessChange {
            key: k.clone(),
            enabled: *v,
        })
        .collect()
}
