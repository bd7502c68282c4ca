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

/// Most subscriptions one privatelink may allow. The Aiven Terraform provider once
/// documented 16; the real API's limit is not public, so this project uses 16 on both sides.
pub const MAX_SUBSCRIPTIONS: usize = 16;

/// A normalised (lowercase, hyphenated, no braces) Azure subscription ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubscriptionId(String);

/// Why a string is not an Azure subscription ID.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
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
}

impl SubscriptionId {
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
        if !inner.contains('-') && inner.len() == 32 {
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

/// One token of pasted text and what it parsed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastedEntry {
    /// The token as typed.
    pub raw: String,
    pub result: Result<SubscriptionId, SubscriptionIdError>,
    /// True when an earlier token normalises to the same ID.
    pub duplicate: bool,
}

/// Splits text a user pasted (comma, semicolon, whitespace or newline separated) into
/// entries, each parsed, with repeats flagged. Used by the panel to check as you type.
pub fn split_pasted(text: &str) -> Vec<PastedEntry> {
    let mut seen: Vec<SubscriptionId> = Vec::new();
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|raw| {
            let result = SubscriptionId::parse(raw);
            let duplicate = match &result {
                Ok(id) if seen.contains(id) => true,
                Ok(id) => {
                    seen.push(id.clone());
                    false
                }
                Err(_) => false,
            };
            PastedEntry {
                raw: raw.to_owned(),
                result,
                duplicate,
            }
        })
        .collect()
}

/// Pasted text as an allowlist: every token valid and distinct, at most the maximum.
pub fn parse_pasted_list(text: &str) -> Result<Vec<SubscriptionId>, SubscriptionListError> {
    let tokens: Vec<String> = split_pasted(text).into_iter().map(|e| e.raw).collect();
    validate_subscription_list(&tokens)
}

/// Keeps error messages readable when someone pastes a paragraph into the field.
pub(crate) fn truncate_for_message(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}
