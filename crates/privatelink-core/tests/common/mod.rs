//! Helpers shared by the core test files (included with `mod common;`).
#![allow(dead_code)]

/// Removes whitespace outside JSON strings, so a documented example written with
/// `": "` and `", "` can be compared byte for byte with serde_json's compact output.
pub fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}
