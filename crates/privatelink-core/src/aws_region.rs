//! AWS region names (`us-west-2`, `us-gov-east-1`, `ap-southeast-4`): the additional regions
//! an AWS PrivateLink accepts endpoints from (`supported_regions`). The server takes the
//! exact form only ([`AwsRegion::parse_exact`]); the panel forgives surrounding whitespace
//! and capitals in what a person types ([`AwsRegion::parse`]).

use std::fmt;

use thiserror::Error;

use crate::paste::{split_pasted_with, truncate_for_message, Pasted};

/// A checked AWS region name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AwsRegion(String);

/// Why a string is not an AWS region name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error)]
pub enum AwsRegionError {
    #[error("\"{0}\" is not an AWS region name (such as us-west-2).")]
    NotRegion(String),
}

/// A pasted region and what it parsed to.
pub type PastedRegion = Pasted<AwsRegion, AwsRegionError>;

impl AwsRegion {
    /// The exact form as an ECMA-262 pattern (the OpenAPI document's), with
    /// [`AwsRegion::MAX_LEN`] beside it: three or more dash-separated parts of lowercase
    /// letters and digits, the last ending in a digit.
    pub const PATTERN: &'static str = "^[a-z0-9]+-[a-z0-9]+(-[a-z0-9]+)*-[a-z0-9]*[0-9]$";
    pub const MAX_LEN: usize = 32;
    /// Values the pattern and [`AwsRegion::parse_exact`] both accept (a test runs both).
    pub const EXAMPLES: &'static [&'static str] = &["us-east-2", "us-gov-east-1", "ap-southeast-4"];

    /// Exactly as the API takes it: lowercase letters and digits in at least three
    /// dash-separated parts, ending in a digit, at most 32 characters.
    pub fn parse_exact(input: &str) -> Result<AwsRegion, AwsRegionError> {
        let ok = input.len() <= Self::MAX_LEN
            && input.split('-').count() >= 3
            && input.split('-').all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
            && input.ends_with(|c: char| c.is_ascii_digit());
        if ok {
            Ok(AwsRegion(input.to_owned()))
        } else {
            Err(AwsRegionError::NotRegion(truncate_for_message(input)))
        }
    }

    /// As a person types it: surrounding whitespace and capitals are tidied away.
    pub fn parse(input: &str) -> Result<AwsRegion, AwsRegionError> {
        AwsRegion::parse_exact(&input.trim().to_ascii_lowercase())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AwsRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Pasted region names (commas, spaces or new lines between them), each checked, with
/// repeats flagged.
pub fn split_pasted(text: &str) -> Vec<PastedRegion> {
    split_pasted_with(text, AwsRegion::parse)
}

/// Pasted region names as the list to send: every one valid and distinct, or the first
/// problem as a sentence. Empty text is an empty list (the service's own region only).
pub fn parse_pasted(text: &str) -> Result<Vec<AwsRegion>, String> {
    let mut out = Vec::new();
    for e in split_pasted(text) {
        match (e.result, e.duplicate) {
            (Err(err), _) => return Err(err.to_string()),
            (Ok(r), true) => return Err(format!("Region {r} is listed more than once.")),
            (Ok(r), false) => out.push(r),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_in_aws_form_are_accepted_and_others_refused_with_the_name() {
        for ok in [
            "us-west-2",
            "us-gov-east-1",
            "ap-southeast-4",
            "eu-central-2",
        ] {
            assert_eq!(AwsRegion::parse_exact(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "us-west",
            "us_west_2",
            "US-WEST-2",
            "us--west-2",
            "",
            " us-west-2",
            "us-west-2a",
        ] {
            let e = AwsRegion::parse_exact(bad).unwrap_err();
            assert!(e.to_string().contains("is not an AWS region name"), "{bad}");
        }
    }

    #[test]
    fn the_panel_tidies_case_and_spaces_and_flags_repeats() {
        assert_eq!(
            AwsRegion::parse(" US-East-2 ").unwrap().as_str(),
            "us-east-2"
        );
        assert_eq!(
            parse_pasted("us-east-2, eu-west-1").unwrap(),
            vec![
                AwsRegion::parse("us-east-2").unwrap(),
                AwsRegion::parse("eu-west-1").unwrap()
            ]
        );
        assert_eq!(parse_pasted("").unwrap(), vec![]);
        assert!(parse_pasted("us-east-2 US-EAST-2")
            .unwrap_err()
            .contains("more than once"));
        assert!(parse_pasted("us-east-2 mars-1")
            .unwrap_err()
            .contains("\"mars-1\""));
    }
}
