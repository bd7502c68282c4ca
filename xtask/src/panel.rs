//! The panel's release build: Trunk with the `wasm-release` profile (size first) and
//! npm's wasm-opt, into `dist/`, which the server serves at `/`.

use std::path::PathBuf;

use crate::cmd::{root, run, Result};
use crate::tools::Tools;

/// Builds the release panel into `dist/` and returns that directory.
pub fn build_release(t: &Tools) -> Result<PathBuf> {
    // Trunk.toml sets `offline = true`, so Trunk runs cargo with --offline: fetch first.
    run(t.command("cargo").args(["fetch", "--locked"]))?;
    let dist = root().join("dist");
    run(t
        .command("trunk")
        .args(["build", "--release", "--dist"])
        .arg(&dist))?;
    if !dist.join("index.html").exists() {
        return Err("trunk build finished but dist/index.html is missing".to_owned());
    }
    Ok(dist)
}
