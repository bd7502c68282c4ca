//! `user_config.privatelink_access`: which components of a service are reachable through
//! the privatelink, and which keys each service type has (docs/wire-contract.md §3).

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use thiserror::Error;

pub use crate::service_types::KAFKA_PRIVATELINK_PORTS;

/// The `privatelink_access` keys of a service type, in the order the panel shows them;
/// `None` for a type without privatelink. Read from [`crate::service_types`].
pub fn privatelink_access_keys(service_type: &str) -> Option<&'static [&'static str]> {
    crate::service_types::service_type(service_type).map(|t| t.components)
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

/// `privatelink_access` as stored in a `user_config`: key → enabled; non-boolean values
/// read as off, a missing or non-object value as empty.
pub fn access_from_config(user_config: &Map<String, Value>) -> PrivatelinkAccess {
    let mut out = PrivatelinkAccess::new();
    if let Some(m) = user_config
        .get("privatelink_access")
        .and_then(Value::as_object)
    {
        // A loop, not `collect()`: collecting into a BTreeMap sorts, and the sort's code
        // costs the panel ~5 kB of wasm.
        for (k, v) in m {
            out.insert(k.clone(), v.as_bool().unwrap_or(false));
        }
    }
    out
}

/// `staged` laid over `current`: what the switches show and what a save stores.
pub fn access_apply(current: &PrivatelinkAccess, changes: &[AccessChange]) -> PrivatelinkAccess {
    let mut out = current.clone();
    for c in changes {
        out.insert(c.key.clone(), c.enabled);
    }
    out
}

/// One staged change of a switch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
