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
    let js = dist.join("privatelink-panel.js");
    run(t
        .command("terser")
        .arg(&js)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(&js))?;
    precompress(t, &dist)?;
    Ok(dist)
}

/// Writes `x.br` (brotli 11) and `x.gz` (gzip 9) beside every text and wasm file of
/// `dist/`: the bundled server sends these bytes as they are, chosen by Accept-Encoding,
/// so nothing is compressed per request and what the bench measures is what is sent.
fn precompress(t: &Tools, dist: &std::path::Path) -> Result {
    const SCRIPT: &str = r#"
const fs = require('fs'), path = require('path'), z = require('zlib');
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
for (const f of walk(process.argv[1])) {
  if (!/\.(wasm|js|css|html|json|svg|txt)$/.test(f)) continue;
  const b = fs.readFileSync(f);
  fs.writeFileSync(f + '.br', z.brotliCompressSync(b, { params: {
    [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_LGWIN]: 22,
    [z.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }));
  fs.writeFileSync(f + '.gz', z.gzipSync(b, { level: 9 }));
}
"#;
    run(t.command("node").args(["-e", SCRIPT]).arg(dist))
}
