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
    reintegrate(t, &dist)?;
    precompress(t, &dist)?;
    Ok(dist)
}

/// Trunk wrote `integrity` hashes into index.html before terser changed the JS: put the
/// new file's hash there, or the browser blocks the module.
fn reintegrate(t: &Tools, dist: &std::path::Path) -> Result {
    const SCRIPT: &str = r#"
const fs = require('fs'), path = require('path'), crypto = require('crypto');
const dir = process.argv[1], html = path.join(dir, 'index.html');
const js = fs.readFileSync(path.join(dir, 'privatelink-panel.js'));
const sri = 'sha384-' + crypto.createHash('sha384').update(js).digest('base64');
const before = fs.readFileSync(html, 'utf8');
const after = before.replace(/(href="\/?privatelink-panel\.js"[^>]*integrity=")[^"]*"/, `$1${sri}"`);
if (after === before && !before.includes(sri)) throw new Error('no integrity attribute for privatelink-panel.js in index.html');
fs.writeFileSync(html, after);
"#;
    run(t.command("node").args(["-e", SCRIPT]).arg(dist))
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
