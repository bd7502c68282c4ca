//! IDs that travel in bodies and paths: the customer's private endpoint resource ID and
//! Aiven's `privatelink_connection_id`.
//!
//! Azure treats the fixed segment names of a resource ID (`subscriptions`,
//! `resourceGroups`, `providers`, `Microsoft.Network`, `privateEndpoints`) and the resource
//! group name case-insensitively, and the fixtures show IDs in both spellings, so parsing
//! ignores their case. The parsed parts keep the spelling they were given; [`PrivateEndpointId::canonical`]
//! gives one spelling for display and comparison.

use std::fmt;

use thiserror::Error;

use crate::names::{validate_endpoint_name, validate_resource_group, NameError};
use crate::paste::truncate_for_message;
use crate::subscription::{SubscriptionId, SubscriptionIdError};

/// A parsed private endpoint resource ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateEndpointId {
    pub subscription_id: SubscriptionId,
    pub resource_group: String,
    pub name: String,
}

/// Why a string is not a private endpoint resource ID.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ResourceIdError {
    #[error("Enter the private endpoint's resource ID (/subscriptions/…/resourceGroups/…/providers/Microsoft.Network/privateEndpoints/…).")]
    Empty,
    #[error("\"{0}\" is not a private endpoint resource ID; expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/privateEndpoints/<name>.")]
    WrongShape(String),
    #[error("The resource ID's subscription is invalid: {0}")]
    Subscription(SubscriptionIdError),
    #[error("{0}")]
    Name(NameError),
}

const SHAPE: [&str; 8] = [
    "subscriptions",
    "",
    "resourceGroups",
    "",
    "providers",
    "Microsoft.Network",
    "privateEndpoints",
    "",
];

impl PrivateEndpointId {
    /// Parses `/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/privateEndpoints/<name>`.
    pub fn parse(input: &str) -> Result<Self, ResourceIdError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ResourceIdError::Empty);
        }
        let wrong = || ResourceIdError::WrongShape(truncate_for_message(s));
        let rest = s.strip_prefix('/').ok_or_else(wrong)?;
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() != SHAPE.len() {
            return Err(wrong());
        }
        for (part, fixed) in parts.iter().zip(SHAPE) {
            if !fixed.is_empty() && !part.eq_ignore_ascii_case(fixed) {
                return Err(wrong());
            }
        }
        if parts[1].contains(['{', '}']) {
            return Err(ResourceIdError::Subscription(
                SubscriptionIdError::WrongShape(parts[1].to_owned()),
            ));
        }
        let subscription_id =
            SubscriptionId::parse(parts[1]).map_err(ResourceIdError::Subscription)?;
        validate_resource_group(parts[3]).map_err(ResourceIdError::Name)?;
        validate_endpoint_name(parts[7]).map_err(ResourceIdError::Name)?;
        Ok(PrivateEndpointId {
            subscription_id,
            resource_group: parts[3].to_owned(),
            name: parts[7].to_owned(),
        })
    }

    /// Builds an ID from its parts, validating each.
    pub fn new(
        subscription_id: &str,
        resource_group: &str,
        name: &str,
    ) -> Result<Self, ResourceIdError> {
        let subscription_id =
            SubscriptionId::parse(subscription_id).map_err(ResourceIdError::Subscription)?;
        validate_resource_group(resource_group).map_err(ResourceIdError::Name)?;
        validate_endpoint_name(name).map_err(ResourceIdError::Name)?;
        Ok(PrivateEndpointId {
            subscription_id,
            resource_group: resource_group.to_owned(),
            name: name.to_owned(),
        })
    }

    /// The ID with Azure's usual segment spelling and a lowercase subscription.
    pub fn canonical(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/privateEndpoints/{}",
            self.subscription_id, self.resource_group, self.name
        )
    }

    /// Whether two IDs name the same Azure resource (resource group and name compared
    /// ignoring case, as Azure does).
    pub fn same_resource(&self, other: &PrivateEndpointId) -> bool {
        self.subscription_id == other.subscription_id
            && self
                .resource_group
                .eq_ignore_ascii_case(&other.resource_group)
            && self.name.eq_ignore_ascii_case(&other.name)
    }
}

impl serde::Serialize for PrivateEndpointId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.canonical())
    }
}

/// Strict about surrounding whitespace (the wire is not a paste box); segment names keep
/// Azure's case-insensitivity.
impl<'de> serde::Deserialize<'de> for PrivateEndpointId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        if s.trim() != s {
            return Err(serde::de::Error::custom(ResourceIdError::WrongShape(
                truncate_for_message(&s.escape_debug().to_string()),
            )));
        }
        PrivateEndpointId::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for PrivateEndpointId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// Aiven's connection ID: `plc` followed by 11 lowercase hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnectionId(String);

/// Why a string is not a `privatelink_connection_id`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConnectionIdError {
    #[error("\"{0}\" is not a privatelink connection ID; they look like plc35843e8054b (\"plc\" and 11 lowercase hexadecimal digits).")]
    Invalid(String),
}

impl ConnectionId {
    /// Number of hex digits after the `plc` prefix.
    pub const DIGITS: usize = 11;
    /// The exact form as an ECMA-262 pattern (the OpenAPI document's).
    pub const PATTERN: &'static str = "^plc[0-9a-f]{11}$";
    /// Values the pattern and [`ConnectionId::parse`] both accept (a test runs both).
    pub const EXAMPLES: &'static [&'static str] = &["plc35843e8054b", "plc00000000000"];

    /// Parses an ID exactly as the API writes it (lowercase, no whitespace).
    pub fn parse(s: &str) -> Result<Self, ConnectionIdError> {
        let ok = s.len() == 3 + Self::DIGITS
            && s.starts_with("plc")
            && s[3..]
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
        if ok {
            Ok(ConnectionId(s.to_owned()))
        } else {
            Err(ConnectionIdError::Invalid(truncate_for_message(s)))
        }
    }

    /// Formats the low 44 bits of `n` as an ID; the server feeds it random numbers.
    pub fn from_bits(n: u64) -> Self {
        ConnectionId(format!(
            "plc{:011x}",
            n & ((1u64 << (4 * Self::DIGITS)) - 1)
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ConnectionId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for ConnectionId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl serde::Serialize for ConnectionId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ConnectionId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        ConnectionId::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
