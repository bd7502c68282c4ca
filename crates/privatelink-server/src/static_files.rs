//! Serves the built panel (Trunk's dist/) at `/`, precompressed.
//!
//! Files are read once at start-up. Each text or wasm file gets a brotli (quality 11) and a
//! gzip (level 9) copy, made then in memory, or read from a `<file>.br` / `<file>.gz` next
//! to it when one is there and decompresses to the file. A request gets brotli when its
//! `Accept-Encoding` allows it, else gzip, else the file itself, with `Vary`,
//! `Content-Encoding`, `Content-Length` and an ETag per variant (`If-None-Match` answers
//! 304). Files whose names carry a content hash are cached for a year; the others are
//! revalidated on every use (`no-cache`), since their names stay when they change.
//!
//! The page is sent with a Content-Security-Policy the panel works under: scripts from this
//! origin plus the hashes of index.html's inline scripts (none in xtask's build, which takes
//! Trunk's loader out; the loader in a plain `trunk build`), and
//! `'wasm-unsafe-eval'` for the WebAssembly module, nothing more. A name outside the
//! directory is never served.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_SECURITY_POLICY,
    CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::{header, Shared};

/// `Cache-Control` of a file whose name changes with its content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of every other file: use it, but ask first whether it changed.
pub const REVALIDATE: &str = "no-cache";
/// The brotli quality and window of the precompressed copies (the smallest brotli makes).
pub const BROTLI_QUALITY: u32 = 11;
pub const BROTLI_LGWIN: u32 = 22;

pub struct Panel {
    files: HashMap<String, PanelFile>,
    csp: String,
}

/// One representation of a file.
struct Variant {
    bytes: Bytes,
    etag: HeaderValue,
}

struct PanelFile {
    content_type: &'static str,
    cache_control: &'static str,
    identity: Variant,
    br: Option<Variant>,
    gzip: Option<Variant>,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Formats that gain from compression (images other than SVG, fonts and archives are
/// compressed already).
fn compressible(name: &str) -> bool {
    matches!(
        name.rsplit('.').next().unwrap_or(""),
        "html" | "js" | "mjs" | "wasm" | "css" | "svg" | "ico" | "json" | "map" | "txt"
    )
}

/// Whether the file name carries a content hash (Trunk's `name-<16 hex>.ext`, or any part of
/// at least 16 lowercase hex digits), so its content never changes under that name.
pub fn has_content_hash(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.split(['-', '.', '_']).any(|part| {
        part.len() >= 16
            && part
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The brotli copy the server sends: quality 11, window 22.
pub fn brotli_compress(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        let mut w =
            brotli::CompressorWriter::new(&mut out, 64 * 1024, BROTLI_QUALITY, BROTLI_LGWIN);
        w.write_all(data).expect("writing to memory does not fail");
    }
    out
}

fn brotli_decompress(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    brotli::Decompressor::new(data, 64 * 1024)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// The gzip copy the server sends: level 9.
pub fn gzip_compress(data: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(data).expect("writing to memory does not fail");
    w.finish().expect("writing to memory does not fail")
}

fn gzip_decompress(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
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

/// Every file of `dir` (three levels of subfolders) by its path relative to `dir`.
fn read_tree(dir: &Path) -> HashMap<String, Vec<u8>> {
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
    let mut files = HashMap::new();
    walk(dir, "", &mut files, 0);
    files
}

/// The `x.br` and `x.gz` found next to a file `x`.
#[derive(Default)]
struct Siblings {
    br: Option<Vec<u8>>,
    gz: Option<Vec<u8>>,
}

/// A precompressed copy: the sibling file when it decompresses to `data`, else made now.
fn precompressed(
    sibling: Option<&Vec<u8>>,
    data: &[u8],
    decompress: fn(&[u8]) -> Option<Vec<u8>>,
    compress: fn(&[u8]) -> Vec<u8>,
) -> Vec<u8> {
    match sibling {
        Some(c) if decompress(c).as_deref() == Some(data) => c.clone(),
        _ => compress(data),
    }
}

impl PanelFile {
    /// The file with its brotli and gzip copies, when its format gains from them.
    fn build(name: &str, data: Vec<u8>, siblings: Option<&Siblings>) -> PanelFile {
        if !compressible(name) {
            return PanelFile::new(name, data, None, None);
        }
        let br = precompressed(
            siblings.and_then(|s| s.br.as_ref()),
            &data,
            brotli_decompress,
            brotli_compress,
        );
        let gz = precompressed(
            siblings.and_then(|s| s.gz.as_ref()),
            &data,
            gzip_decompress,
            gzip_compress,
        );
        PanelFile::new(name, data, Some(br), Some(gz))
    }

    fn new(name: &str, data: Vec<u8>, br: Option<Vec<u8>>, gzip: Option<Vec<u8>>) -> PanelFile {
        let tag = &hex(&Sha256::digest(&data))[..20];
        let variant = |bytes: Vec<u8>, suffix: &str| Variant {
            bytes: Bytes::from(bytes),
            etag: header(&format!("\"{tag}{suffix}\"")),
        };
        // A copy no smaller than the file is not worth sending.
        let smaller = |c: Option<Vec<u8>>| c.filter(|c| c.len() < data.len());
        let br = smaller(br).map(|b| variant(b, "-br"));
        let gzip = smaller(gzip).map(|g| variant(g, "-gz"));
        PanelFile {
            content_type: content_type(name),
            cache_control: if has_content_hash(name) {
                IMMUTABLE
            } else {
                REVALIDATE
            },
            identity: variant(data, ""),
            br,
            gzip,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Panel {
    /// Reads every file of `dir`, or nothing if it is missing, and makes the compressed
    /// copies (on every core: brotli 11 of the wasm is the slow part).
    pub fn load(dir: &Path) -> Panel {
        let mut raw = read_tree(dir);
        if raw.is_empty() {
            tracing::warn!(
                "no panel found in {}; `/` will say how to build it",
                dir.display()
            );
        }
        // `x.br` and `x.gz` next to `x` are its precompressed copies, not files of their own.
        let mut siblings: HashMap<String, Siblings> = HashMap::new();
        let names: Vec<String> = raw.keys().cloned().collect();
        for name in names {
            for (ext, is_br) in [(".br", true), (".gz", false)] {
                if let Some(base) = name.strip_suffix(ext) {
                    if raw.contains_key(base) {
                        let bytes = raw.remove(&name);
                        let slot = siblings.entry(base.to_owned()).or_default();
                        if is_br {
                            slot.br = bytes;
                        } else {
                            slot.gz = bytes;
                        }
                    }
                }
            }
        }
        let started = std::time::Instant::now();
        // The biggest files first, so the wasm does not start last on a busy core.
        let mut jobs: Vec<(String, Vec<u8>)> = raw.into_iter().collect();
        jobs.sort_by_key(|(_, data)| std::cmp::Reverse(data.len()));
        let queue = Mutex::new(jobs.into_iter());
        let done = Mutex::new(HashMap::new());
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    while let Some((name, data)) = queue.lock().ok().and_then(|mut q| q.next()) {
                        let file = PanelFile::build(&name, data, siblings.get(&name));
                        if let Ok(mut done) = done.lock() {
                            done.insert(name, file);
                        }
                    }
                });
            }
        });
        let files: HashMap<String, PanelFile> = done.into_inner().unwrap_or_default();
        if !files.is_empty() {
            tracing::info!(
                "panel: {} files from {}, compressed in {:.1?}",
                files.len(),
                dir.display(),
                started.elapsed()
            );
        }
        let index = files
            .get("index.html")
            .map(|f| String::from_utf8_lossy(&f.identity.bytes).into_owned())
            .unwrap_or_default();
        Panel {
            csp: csp_for(&index),
            files,
        }
    }
}

/// The content codings a request accepts with a non-zero weight (`*` stands for any).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    let mut star = false;
    for value in headers.get_all(ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if name.eq_ignore_ascii_case(coding) {
                return q > 0.0;
            }
            if name == "*" {
                star = q > 0.0;
            }
        }
    }
    star
}

/// Whether `If-None-Match` names this ETag (or `*`).
fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    headers.get_all(IF_NONE_MATCH).iter().any(|v| {
        v.to_str().is_ok_and(|v| {
            v.split(',').any(|t| {
                let t = t.trim();
                t == "*" || t.trim_start_matches("W/").as_bytes() == etag.as_bytes()
            })
        })
    })
}

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>Panel not built</title>\
<h1>The panel is not built</h1><p>Run <code>cargo xtask serve</code> (or \
<code>cargo xtask build-panel</code> and start the server with <code>--panel-dir dist</code>). \
The API is served under <code>/v1</code>; its description is at <code>/openapi.json</code>.</p>";

/// The fallback route: panel files for GET/HEAD, the Aiven error body for anything else.
pub async fn serve(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
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
    let Some(file) = panel.files.get(name) else {
        return AppError::not_found(format!("No file {path}.")).into_response();
    };
    let (variant, encoding) = match (&file.br, &file.gzip) {
        (Some(br), _) if accepts(&headers, "br") => (br, Some("br")),
        (_, Some(gz)) if accepts(&headers, "gzip") => (gz, Some("gzip")),
        _ => (&file.identity, None),
    };
    let mut h = HeaderMap::new();
    h.insert(ETAG, variant.etag.clone());
    h.insert(CACHE_CONTROL, HeaderValue::from_static(file.cache_control));
    if file.br.is_some() || file.gzip.is_some() {
        h.insert(VARY, HeaderValue::from_static("accept-encoding"));
    }
    // Embedders import the module from another origin.
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    if not_modified(&headers, &variant.etag) {
        return (StatusCode::NOT_MODIFIED, h).into_response();
    }
    h.insert(CONTENT_TYPE, HeaderValue::from_static(file.content_type));
    if let Some(e) = encoding {
        h.insert(CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    h.insert(CONTENT_LENGTH, HeaderValue::from(variant.bytes.len()));
    h.insert(CONTENT_SECURITY_POLICY, header(&panel.csp));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    (StatusCode::OK, h, variant.bytes.clone()).into_response()
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

    #[test]
    fn content_hashes_in_names_are_recognised() {
        assert!(has_content_hash(
            "privatelink-panel-1a2b3c4d5e6f7a8b_bg.wasm"
        ));
        // wasm-bindgen's snippet folders are named after the crate, not the content.
        assert!(!has_content_hash("snippets/x-0123456789abcdef/inline0.js"));
        assert!(has_content_hash("style-0123456789abcdef0123.css"));
        assert!(!has_content_hash("privatelink-panel_bg.wasm"));
        assert!(!has_content_hash("index.html"));
        assert!(!has_content_hash("deadbeef.js"));
        assert!(!has_content_hash("ABCDEF0123456789ABCD.js"));
    }

    #[test]
    fn accept_encoding_weights_and_wildcards_are_read() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            m
        };
        assert!(accepts(&h("gzip, deflate, br"), "br"));
        assert!(accepts(&h("BR;q=0.5"), "br"));
        assert!(!accepts(&h("br;q=0, gzip"), "br"));
        assert!(accepts(&h("br;q=0, gzip"), "gzip"));
        assert!(accepts(&h("*"), "br"));
        assert!(!accepts(&h("*, br;q=0"), "br"));
        assert!(!accepts(&h("identity"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }
}
