//! Names of Azure and Aiven resources that appear in IDs and paths.
//!
//! Azure's rules (from its resource naming rules): a resource group is 1-90 characters of
//! letters, digits, `_`, `-`, `.` and parentheses, not ending in `.`; a private endpoint
//! is 2-64 characters of letters, digits, `_`, `-` and `.`, starting with a letter or digit
//! and ending with a letter, digit or `_`. Aiven project and service names are lowercase
//! letters, digits and hyphens, starting with a letter, at most 63 characters.

use thiserror::Error;

use crate::paste::truncate_for_message;

/// Why a name is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    #[error("The {kind} is empty.")]
    Empty { kind: &'static str },
    #[error("The {kind} \"{value}\" is longer than {max} characters.")]
    TooLong {
        kind: &'static str,
        value: String,
        max: usize,
    },
    #[error("The {kind} \"{value}\" is shorter than {min} characters.")]
    TooShort {
        kind: &'static str,
        value: String,
        min: usize,
    },
    #[error("The {kind} \"{value}\" contains '{found}'; {allowed}.")]
    BadChar {
        kind: &'static str,
        value: String,
        found: char,
        allowed: &'static str,
    },
    #[error("The {kind} \"{value}\" {rule}.")]
    BadEdge {
        kind: &'static str,
        value: String,
        rule: &'static str,
    },
}

fn check_len(kind: &'static str, s: &str, min: usize, max: usize) -> Result<(), NameError> {
    let n = s.chars().count();
    if n == 0 {
        return Err(NameError::Empty { kind });
    }
    if n > max {
        return Err(NameError::TooLong {
            kind,
            value: truncate_for_message(s),
            max,
        });
    }
    if n < min {
        return Err(NameError::TooShort {
            kind,
            value: s.to_owned(),
            min,
        });
    }
    Ok(())
}

fn check_chars(
    kind: &'static str,
    s: &str,
    ok: impl Fn(char) -> bool,
    allowed: &'static str,
) -> Result<(), NameError> {
    match s.chars().find(|c| !ok(*c)) {
        Some(found) => Err(NameError::BadChar {
            kind,
            value: truncate_for_message(s),
            found,
            allowed,
        }),
        None => Ok(()),
    }
}

/// An Azure resource group name.
pub fn validate_resource_group(s: &str) -> Result<(), NameError> {
    const KIND: &str = "resource group name";
    check_len(KIND, s, 1, 90)?;
    check_chars(
        KIND,
        s,
        |c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')'),
        "use letters, digits, '_', '-', '.' and parentheses",
    )?;
    if s.ends_with('.') {
        return Err(NameError::BadEdge {
            kind: KIND,
            value: s.to_owned(),
            rule: "cannot end with a period",
        });
    }
    Ok(())
}

/// An Azure private endpoint name.
pub fn validate_endpoint_name(s: &str) -> Result<(), NameError> {
    const KIND: &str = "private endpoint name";
    check_len(KIND, s, 2, 64)?;
    check_chars(
        KIND,
        s,
        |c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'),
        "use letters, digits, '_', '-' and '.'",
    )?;
    let first = s.chars().next().unwrap_or('a');
    let last = s.chars().last().unwrap_or('a');
    if !first.is_ascii_alphanumeric() {
        return Err(NameError::BadEdge {
            kind: KIND,
            value: s.to_owned(),
            rule: "must start with a letter or digit",
        });
    }
    if !(last.is_ascii_alphanumeric() || last == '_') {
        return Err(NameError::BadEdge {
            kind: KIND,
            value: s.to_owned(),
            rule: "must end with a letter, digit or '_'",
        });
    }
    Ok(())
}

fn validate_aiven_name(kind: &'static str, s: &str) -> Result<(), NameError> {
    check_len(kind, s, 1, 63)?;
    check_chars(
        kind,
        s,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-',
        "use lowercase letters, digits and '-'",
    )?;
    if !s.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(NameError::BadEdge {
            kind,
            value: s.to_owned(),
            rule: "must start with a lowercase letter",
        });
    }
    Ok(())
}

/// An Aiven service name.
pub fn validate_service_name(s: &str) -> Result<(), NameError> {
    validate_aiven_name("service name", s)
}

/// An Aiven project name.
pub fn validate_project_name(s: &str) -> Result<(), NameError> {
    validate_aiven_name("project name", s)
}
