//! Lists a person pastes into the panel (subscription IDs, IAM principal ARNs, AWS
//! regions): how pasted text splits into tokens, how each token is parsed and repeats
//! flagged, and how a pasted value is shortened inside an error sentence. Shared by every
//! list of every cloud; the parsers themselves live with their types.

/// One token of pasted text and what it parsed to (subscription IDs, AWS principals).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pasted<T, E> {
    /// The token as typed.
    pub raw: String,
    pub result: Result<T, E>,
    /// True when an earlier token normalises to the same value.
    pub duplicate: bool,
}

/// The tokens of text a person pasted: separated by commas, semicolons, whitespace or
/// newlines, the way lists come out of spreadsheets, consoles and CLI output.
pub fn split_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
}

/// Every token of pasted text parsed by `parse`, with repeats flagged. The panel's
/// as-you-type checks of every list it takes.
pub fn split_pasted_with<T: PartialEq + Clone, E>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Vec<Pasted<T, E>> {
    let mut seen: Vec<T> = Vec::new();
    split_tokens(text)
        .map(|raw| {
            let result = parse(raw);
            let duplicate = match &result {
                Ok(v) if seen.contains(v) => true,
                Ok(v) => {
                    seen.push(v.clone());
                    false
                }
                Err(_) => false,
            };
            Pasted {
                raw: raw.to_owned(),
                result,
                duplicate,
            }
        })
        .collect()
}

/// Keeps error messages readable when someone pastes a paragraph into the field (at most
/// 60 characters, then an ellipsis).
pub fn truncate_for_message(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}
