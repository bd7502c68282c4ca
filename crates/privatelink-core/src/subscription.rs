//! Azure subscription IDs and the privatelink's subscription allowlist.
//!
//! Accepted: a GUID in the 8-4-4-4-12 form, any case, with surrounding whitespace and at
//! most one pair of surrounding braces (`{…}`, as PowerShell and the registry print them).
//! The result is always lowercase without braces, so the same subscription is stored and
//! compared once. Refused, each with its own message: an empty value, unbalanced braces,
//! whitespace inside, the 32-digit form without hyphens (Azure never shows it, so it is
//! more likely a different kind of ID), non-hex digits, wrong group lengths, and the nil
//! GUID (no subscription has it).

use std::fmt;

use thiserror::Error;

use crate::paste::{split_pasted_with, split_tokens, truncate_for_message, Pasted};

/// Most subscriptions one privatelink may allow. The Aiven Terraform provider once
/// documented 16; the real API's limit is not public, so this project uses 16 on both sides.
pub const MAX_SUBSCRIPTIONS: usize = 16;

/// A normalised (lowercase, hyphenated, no braces) Azure subscription ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubscriptionId(String);

/// Why a string is not an Azure subscription ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error)]
pub enum SubscriptionIdError {
    #[error(
        "Enter an Azure subscription ID (a GUID such as 8eefec94-5d63-40c9-983c-03ab083b411d)."
    )]
    Empty,
    #[error("\"{0}\" has an opening or closing brace without its pair.")]
    UnbalancedBraces(String),
    #[error("\"{0}\" contains whitespace inside the ID.")]
    InnerWhitespace(String),
    #[error("\"{0}\" has no hyphens; write the subscription ID as Azure shows it (8-4-4-4-12 hex digits, e.g. 8eefec94-5d63-40c9-983c-03ab083b411d).")]
    MissingHyphens(String),
    #[error("\"{value}\" contains '{found}', which is not a hexadecimal digit (0-9, a-f).")]
    NotHex { value: String, found: char },
    #[error("\"{0}\" is not a GUID: an Azure subscription ID has 8-4-4-4-12 hexadecimal digits separated by hyphens.")]
    WrongShape(String),
    #[error("The all-zero GUID is not a real Azure subscription ID.")]
    Nil,
    /// A valid ID in another spelling, where the exact form is required (the API).
    #[error("\"{given}\" must be written exactly as {canonical}: lowercase, without braces or surrounding spaces.")]
    NotCanonical { given: String, canonical: String },
}

impl SubscriptionId {
    /// The exact form as an ECMA-262 pattern (the OpenAPI document's). The nil GUID
    /// matches it and is still refused ([`SubscriptionIdError::Nil`]).
    pub const PATTERN: &'static str =
        "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    /// Values the pattern and [`SubscriptionId::parse_exact`] both accept (a test runs both).
    pub const EXAMPLES: &'static [&'static str] = &["8eefec94-5d63-40c9-983c-03ab083b411d"];

    /// Parses and normalises one subscription ID.
    pub fn parse(input: &str) -> Result<Self, SubscriptionIdError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(SubscriptionIdError::Empty);
        }
        let shown = || truncate_for_message(trimmed);
        let inner = match (trimmed.starts_with('{'), trimmed.ends_with('}')) {
            (true, true) if trimmed.len() >= 2 => trimmed[1..trimmed.len() - 1].trim(),
            (false, false) => trimmed,
            _ => return Err(SubscriptionIdError::UnbalancedBraces(shown())),
        };
        if inner.contains(['{', '}']) {
            return Err(SubscriptionIdError::UnbalancedBraces(shown()));
        }
        if inner.is_empty() {
            return Err(SubscriptionIdError::Empty);
        }
        if inner.chars().any(char::is_whitespace) {
            return Err(SubscriptionIdError::InnerWhitespace(shown()));
        }
        if let Some(found) = inner.chars().find(|c| !c.is_ascii_hexdigit() && *c != '-') {
            return Err(SubscriptionIdError::NotHex {
                value: shown(),
                found,
            });
        }
        if !inner.as_bytes().contains(&b'-') && inner.len() == 32 {
            return Err(SubscriptionIdError::MissingHyphens(shown()));
        }
        let groups: Vec<&str> = inner.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        if lengths != [8, 4, 4, 4, 12] {
            return Err(SubscriptionIdError::WrongShape(shown()));
        }
        if inner.chars().all(|c| c == '0' || c == '-') {
            return Err(SubscriptionIdError::Nil);
        }
        Ok(SubscriptionId(inner.to_ascii_lowercase()))
    }

    /// Accepts only the normalised form (lowercase, hyphenated, no braces or spaces), as
    /// the API does: a client sending anything else gets told the exact spelling.
    pub fn parse_exact(input: &str) -> Result<Self, SubscriptionIdError> {
        let id = Self::parse(input)?;
        if id.0 == input {
            Ok(id)
        } else {
            Err(SubscriptionIdError::NotCanonical {
                given: truncate_for_message(input),
                canonical: id.0,
            })
        }
    }

    /// The normalised form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the ID into its normalised string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for SubscriptionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for SubscriptionId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl serde::Serialize for SubscriptionId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Strict: only the exact normalised form deserialises (the wire is not a paste box).
impl<'de> serde::Deserialize<'de> for SubscriptionId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        SubscriptionId::parse_exact(&s).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for SubscriptionId {
    type Err = SubscriptionIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Why a subscription allowlist cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SubscriptionListError {
    #[error("Subscription {position}: {error}")]
    Invalid {
        /// 1-based position in the list.
        position: usize,
        error: SubscriptionIdError,
    },
    #[error(
        "Subscription {id} is listed more than once (IDs are compared ignoring case and braces)."
    )]
    Duplicate { id: String },
    #[error("At most {max} subscriptions can be allowed; this list has {count}.", max = MAX_SUBSCRIPTIONS)]
    TooMany { count: usize },
}

/// Validates a whole allowlist as the API receives it: every entry a subscription ID, no
/// duplicates after normalising, at most [`MAX_SUBSCRIPTIONS`]. An empty list is valid
/// (it allows nobody). Returns the normalised list in the given order.
pub fn validate_subscription_list<S: AsRef<str>>(
    ids: &[S],
) -> Result<Vec<SubscriptionId>, SubscriptionListError> {
    let mut out: Vec<SubscriptionId> = Vec::with_capacity(ids.len());
    for (i, raw) in ids.iter().enumerate() {
        let id = SubscriptionId::parse(raw.as_ref()).map_err(|error| {
            SubscriptionListError::Invalid {
                position: i + 1,
                error,
            }
        })?;
        if out.contains(&id) {
            return Err(SubscriptionListError::Duplicate { id: id.0 });
        }
        out.push(id);
    }
    if out.len() > MAX_SUBSCRIPTIONS {
        return Err(SubscriptionListError::TooMany { count: out.len() });
    }
    Ok(out)
}

/// The same list rules for IDs in their exact form, as the API checks a request body:
/// every entry exact, no duplicates, at most [`MAX_SUBSCRIPTIONS`].
pub fn validate_exact_subscription_list<S: AsRef<str>>(
    ids: &[S],
) -> Result<Vec<SubscriptionId>, SubscriptionListError> {
    for (i, raw) in ids.iter().enumerate() {
        SubscriptionId::parse_exact(raw.as_ref()).map_err(|error| {
            SubscriptionListError::Invalid {
                position: i + 1,
                error,
            }
        })?;
    }
    validate_subscription_list(ids)
}

/// A checked allowlist, as it travels in request and answer bodies. It deserialises only
/// when every rule of [`validate_exact_subscription_list`] holds, so a handler holding one
/// never checks again; the error is the rule's sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriptionList(pub Vec<SubscriptionId>);

impl SubscriptionList {
    pub fn as_slice(&self) -> &[SubscriptionId] {
        &self.0
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, SubscriptionId> {
        self.0.iter()
    }
    /// Whether `id` is in the list.
    pub fn contains(&self, id: &SubscriptionId) -> bool {
        self.0.contains(id)
    }
}

impl From<Vec<SubscriptionId>> for SubscriptionList {
    fn from(v: Vec<SubscriptionId>) -> Self {
        SubscriptionList(v)
    }
}

impl serde::Serialize for SubscriptionList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for SubscriptionList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        validate_exact_subscription_list(&raw)
            .map(SubscriptionList)
            .map_err(serde::de::Error::custom)
    }
}

/// A pasted subscription ID and what it parsed to.
pub type PastedEntry = Pasted<SubscriptionId, SubscriptionIdError>;

/// Splits pasted subscription IDs into entries, each parsed, with repeats flagged.
pub fn split_pasted(text: &str) -> Vec<PastedEntry> {
    split_pasted_with(text, SubscriptionId::parse)
}

/// Pasted text as an allowlist: every token valid and distinct, at most the maximum.
pub fn parse_pasted_list(text: &str) -> Result<Vec<SubscriptionId>, SubscriptionListError> {
    let tokens: Vec<&str> = split_tokens(text).collect();
    validate_subscription_list(&tokens)
}
