//! Serves the built panel (Trunk's dist/) at `/`, with a Content-Security-Policy the panel
//! works under: scripts from this origin plus the hashes of index.html's inline scripts
//! (Trunk's loader), and `'wasm-unsafe-eval'` for the WebAssembly module, nothing more.
//! Files are read at start-up; a file-name outside the directory is never served.

use std::collections::HashMap;
use std::path::Path;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::{header, Shared};

pub struct Panel {
    files: HashMap<String, Vec<u8>>,
    csp: String,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `'sha256-…'` sources for every inline `<script>` body in the page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        let body = &rest[body_start..body_start + close];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            out.push(format!(
                "'sha256-{}'",
                base64(&Sha256::digest(body.as_bytes()))
            ));
        }
        rest = &rest[body_start + close..];
    }
    out
}

pub fn csp_for(index_html: &str) -> String {
    let hashes = inline_script_hashes(index_html).join(" ");
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'"
    )
}

impl Panel {
    /// Reads every file of `dir` (one level of subfolders), or nothing if it is missing.
    pub fn load(dir: &Path) -> Panel {
        let mut files = HashMap::new();
        fn walk(dir: &Path, prefix: &str, files: &mut HashMap<String, Vec<u8>>, depth: u8) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let path = e.path();
                if path.is_dir() && depth < 3 {
                    walk(&path, &format!("{prefix}{name}/"), files, depth + 1);
                } else if let Ok(bytes) = std::fs::read(&path) {
                    files.insert(format!("{prefix}{name}"), bytes);
                }
            }
        }
        walk(dir, "", &mut files, 0);
        if files.is_empty() {
            tracing::warn!(
                "no panel found in {}; `/` will say how to build it",
                dir.display()
            );
        }
        let index = files
            .get("index.html")
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        Panel {
            csp: csp_for(&index),
            files,
        }
    }
}

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>Panel not built</title>\
<h1>The panel is not built</h1><p>Run <code>cargo xtask serve</code> (or \
<code>cargo xtask build-panel</code> and start the server with <code>--panel-dir dist</code>). \
The API is served under <code>/v1</code>; its description is at <code>/openapi.json</code>.</p>";

/// The fallback route: panel files for GET/HEAD, the Aiven error body for anything else.
pub async fn serve(State(state): State<Shared>, method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/v1/") || path.starts_with("/sim/") || path == "/v1" {
        return AppError::not_found(format!("No route for {method} {path}.")).into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return AppError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "Static files are read-only.",
        )
        .into_response();
    }
    let name = path.trim_start_matches('/');
    let name = if name.is_empty() { "index.html" } else { name };
    let Some(panel) = state.panel.as_ref().filter(|p| !p.files.is_empty()) else {
        return if name == "index.html" {
            Html(NOT_BUILT).into_response()
        } else {
            AppError::not_found(format!("No file {path}.")).into_response()
        };
    };
    let Some(bytes) = panel.files.get(name) else {
        return AppError::not_found(format!("No file {path}.")).into_response();
    };
    let mut res = (StatusCode::OK, bytes.clone()).into_response();
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, header(content_type(name)));
    h.insert(CONTENT_SECURITY_POLICY, header(&panel.csp));
    h.insert("x-content-type-options", header("nosniff"));
    // Embedders import the module from another origin.
    h.insert("access-control-allow-origin", header("*"));
    h.insert(CACHE_CONTROL, header("no-cache"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_known_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn csp_lists_inline_scripts_but_not_external_ones() {
        let html =
            "<script type=module>import init from '/x.js';</script><script src=/a.js></script>";
        let csp = csp_for(html);
        assert_eq!(inline_script_hashes(html).len(), 1);
        assert!(csp.contains("'wasm-unsafe-eval' 'sha256-"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
