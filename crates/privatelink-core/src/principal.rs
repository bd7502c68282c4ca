//! AWS IAM principal ARNs, the allowlist of an AWS PrivateLink (`principals`).
//!
//! Accepted: `arn:<partition>:iam::<12-digit account>:root`, `…:user/<path/>name` and
//! `…:role/<path/>name`, in the partitions `aws`, `aws-cn` and `aws-us-gov`, the forms
//! Aiven's documentation names for `--principal`. The panel forgives surrounding
//! whitespace ([`AwsPrincipal::parse`]); the wire takes the exact form only
//! ([`AwsPrincipal::parse_exact`]). Each refusal has its own sentence.

use std::fmt;

use thiserror::Error;

use crate::paste::{split_pasted_with, split_tokens, truncate_for_message, Pasted};

/// A pasted principal ARN and what it parsed to.
pub type PastedPrincipal = Pasted<AwsPrincipal, AwsPrincipalError>;

/// Splits pasted ARNs into entries, each checked, with repeats flagged (the panel's
/// as-you-type check, the same as for subscription IDs).
pub fn split_pasted(text: &str) -> Vec<PastedPrincipal> {
    split_pasted_with(text, AwsPrincipal::parse)
}

/// Most principals one AWS PrivateLink may allow (Terraform's and the OpenAPI's 1–16).
pub const MAX_PRINCIPALS: usize = 16;

const PARTITIONS: [&str; 3] = ["aws", "aws-cn", "aws-us-gov"];

/// A checked IAM principal ARN.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AwsPrincipal(String);

/// Why a string is not an IAM principal ARN.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error)]
pub enum AwsPrincipalError {
    #[error("Enter an AWS IAM principal ARN (such as arn:aws:iam::123456789012:root).")]
    Empty,
    #[error("\"{0}\" is not an ARN: an IAM principal ARN starts with arn:aws:iam:: (e.g. arn:aws:iam::123456789012:root).")]
    NotArn(String),
    #[error("\"{0}\" names partition \"{1}\"; use aws, aws-cn or aws-us-gov.")]
    Partition(String, String),
    #[error("\"{0}\" is not an IAM ARN: the service part must be iam, with an empty region (arn:aws:iam::…).")]
    NotIam(String),
    #[error("\"{0}\" has account \"{1}\"; an AWS account ID is exactly 12 digits.")]
    Account(String, String),
    #[error("\"{0}\" names \"{1}\"; allow root, user/<name> or role/<name>.")]
    Resource(String, String),
    #[error("\"{0}\" contains whitespace inside the ARN.")]
    InnerWhitespace(String),
    /// A valid ARN with surrounding whitespace, where the exact form is required (the API).
    #[error("\"{0}\" must be sent without surrounding whitespace.")]
    Padded(String),
}

impl AwsPrincipal {
    /// The exact form as an ECMA-262 pattern (the OpenAPI document's).
    pub const PATTERN: &'static str = "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(root|(user|role)/([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]+)$";
    /// Values the pattern and [`AwsPrincipal::parse_exact`] both accept (a test runs both).
    pub const EXAMPLES: &'static [&'static str] = &[
        "arn:aws:iam::123456789012:root",
        "arn:aws:iam::210987654321:role/x",
        "arn:aws-us-gov:iam::123456789012:user/team/alice",
    ];

    /// Parses one principal ARN; surrounding whitespace is ignored.
    pub fn parse(input: &str) -> Result<AwsPrincipal, AwsPrincipalError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(AwsPrincipalError::Empty);
        }
        let shown = || truncate_for_message(s);
        if s.chars().any(char::is_whitespace) {
            return Err(AwsPrincipalError::InnerWhitespace(shown()));
        }
        let parts: Vec<&str> = s.splitn(6, ':').collect();
        if parts.len() != 6 || parts[0] != "arn" {
            return Err(AwsPrincipalError::NotArn(shown()));
        }
        if !PARTITIONS.contains(&parts[1]) {
            return Err(AwsPrincipalError::Partition(shown(), parts[1].to_owned()));
        }
        if parts[2] != "iam" || !parts[3].is_empty() {
            return Err(AwsPrincipalError::NotIam(shown()));
        }
        let account = parts[4];
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AwsPrincipalError::Account(shown(), account.to_owned()));
        }
        let resource = parts[5];
        let named = |prefix: &str| {
            resource.strip_prefix(prefix).is_some_and(|rest| {
                !rest.is_empty()
                    && !rest.ends_with('/')
                    && rest.split('/').all(|seg| {
                        !seg.is_empty()
                            && seg
                                .chars()
                                // IAM's name characters besides letters and digits.
                                .all(|c| {
                                    c.is_ascii_alphanumeric()
                                        || matches!(c, '+' | '=' | ',' | '.' | '@' | '_' | '-')
                                })
                    })
            })
        };
        if resource != "root" && !named("user/") && !named("role/") {
            return Err(AwsPrincipalError::Resource(shown(), resource.to_owned()));
        }
        Ok(AwsPrincipal(s.to_owned()))
    }

    /// The exact form only, as the API takes it.
    pub fn parse_exact(input: &str) -> Result<AwsPrincipal, AwsPrincipalError> {
        let p = Self::parse(input)?;
        if p.0 == input {
            Ok(p)
        } else {
            Err(AwsPrincipalError::Padded(truncate_for_message(input)))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 12-digit account the principal belongs to.
    pub fn account(&self) -> &str {
        self.0.split(':').nth(4).unwrap_or_default()
    }

    /// The partition (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &str {
        self.0.split(':').nth(1).unwrap_or_default()
    }
}

impl fmt::Display for AwsPrincipal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for AwsPrincipal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for AwsPrincipal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        AwsPrincipal::parse_exact(&s).map_err(serde::de::Error::custom)
    }
}

/// Why a principal list cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PrincipalListError {
    #[error("Allow at least one AWS principal: without one, no VPC endpoint can connect.")]
    Empty,
    #[error("Principal {position}: {error}")]
    Invalid {
        position: usize,
        error: AwsPrincipalError,
    },
    #[error("Principal {0} is listed more than once.")]
    Duplicate(String),
    #[error("At most {max} principals can be allowed; this list has {count}.", max = MAX_PRINCIPALS)]
    TooMany { count: usize },
}

/// A checked `principals` list: 1–16 distinct exact ARNs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalList(pub Vec<AwsPrincipal>);

impl PrincipalList {
    /// Checks a list; `exact` for the wire (no whitespace), otherwise as pasted.
    pub fn validate<S: AsRef<str>>(
        raw: &[S],
        exact: bool,
    ) -> Result<PrincipalList, PrincipalListError> {
        if raw.is_empty() {
            return Err(PrincipalListError::Empty);
        }
        let mut out: Vec<AwsPrincipal> = Vec::with_capacity(raw.len());
        for (i, r) in raw.iter().enumerate() {
            let p = if exact {
                AwsPrincipal::parse_exact(r.as_ref())
            } else {
                AwsPrincipal::parse(r.as_ref())
            }
            .map_err(|error| PrincipalListError::Invalid {
                position: i + 1,
                error,
            })?;
            if out.contains(&p) {
                return Err(PrincipalListError::Duplicate(p.0));
            }
            out.push(p);
        }
        if out.len() > MAX_PRINCIPALS {
            return Err(PrincipalListError::TooMany { count: out.len() });
        }
        Ok(PrincipalList(out))
    }

    /// Text a person pasted (commas, semicolons, whitespace, newlines between ARNs).
    pub fn parse_pasted(text: &str) -> Result<PrincipalList, PrincipalListError> {
        let tokens: Vec<&str> = split_tokens(text).collect();
        Self::validate(&tokens, false)
    }

    pub fn contains(&self, p: &AwsPrincipal) -> bool {
        self.0.contains(p)
    }

    /// Whether `p` is allowed: listed itself, or its account's `root` in the same partition
    /// is listed (which allows every user and role of that account, as AWS reads it).
    pub fn allows(&self, p: &AwsPrincipal) -> bool {
        self.0.iter().any(|a| {
            a == p
                || (a.0.ends_with(":root")
                    && a.account() == p.account()
                    && a.partition() == p.partition())
        })
    }

    pub fn iter(&self) -> std::slice::Iter<'_, AwsPrincipal> {
        self.0.iter()
    }
}

impl serde::Serialize for PrincipalList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for PrincipalList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        PrincipalList::validate(&raw, true).map_err(serde::de::Error::custom)
    }
}
