//! The panel's release build: Trunk with the `wasm-release` profile (size first) and
//! npm's wasm-opt, into `dist/`, which the server serves at `/`: terser on the module,
//! content-hashed names (`xtask/assets.mjs`), brotli and gzip copies. The same files under
//! their stable names go to `target/panel-stable/` for the npm package.

use std::path::PathBuf;

use crate::cmd::{root, run, Result};
use crate::tools::Tools;

/// Builds the release panel into `dist/` (once per xtask run: the e2e and hosts layers share
/// it) and returns that directory.
pub fn build_release(t: &Tools) -> Result<PathBuf> {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    if let Some(d) = BUILT.get() {
        return Ok(d.clone());
    }
    let dist = build(t)?;
    Ok(BUILT.get_or_init(|| dist).clone())
}

fn build(t: &Tools) -> Result<PathBuf> {
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
    // The module, and the define module a page loads first: minified (its comments are
    // for this repository's readers).
    for name in ["privatelink-panel.js", "define.js"] {
        minify_module(t, &dist.join(name))?;
    }
    keep_stable(&dist)?;
    // Content-hashed names (immutable caching), the stable entries, fresh SRI hashes.
    run(t
        .command("node")
        .arg(root().join("xtask/assets.mjs"))
        .arg(&dist))?;
    precompress(t, &dist)?;
    Ok(dist)
}

/// Minifies an ES module in place with terser (Trunk's `--minify` leaves wasm-bindgen's
/// module as it is): the panel's, the define module, and the bench's floor page's.
pub fn minify_module(t: &Tools, js: &std::path::Path) -> Result {
    run(t
        .command("terser")
        .arg(js)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(js))
}

/// wasm-opt's level and parameters for the panel, as `index.html` gives them to Trunk
/// (`data-wasm-opt`, `data-wasm-opt-params`): one place, also used for the bench's floor.
pub fn wasm_opt_args() -> Result<Vec<String>> {
    let html = std::fs::read_to_string(root().join("index.html"))
        .map_err(|e| format!("cannot read index.html: {e}"))?;
    let attr = |name: &str| {
        let start = html.find(&format!("{name}=\""))? + name.len() + 2;
        let len = html[start..].find('"')?;
        Some(html[start..start + len].to_owned())
    };
    let level = attr("data-wasm-opt").ok_or("index.html: no data-wasm-opt on the rust link")?;
    let mut args = vec![format!("-O{level}")];
    args.extend(
        attr("data-wasm-opt-params")
            .unwrap_or_default()
            .split_whitespace()
            .map(String::from),
    );
    Ok(args)
}

/// The panel's files under their stable names, before dist/ is hashed: what the npm package
/// ships (a host's bundler hashes them itself).
pub fn stable_dir() -> PathBuf {
    root().join("target/panel-stable")
}

const STABLE_FILES: [&str; 4] = [
    "privatelink-panel.js",
    "privatelink-panel_bg.wasm",
    "define.js",
    "panel.css",
];

fn keep_stable(dist: &std::path::Path) -> Result {
    let out = stable_dir();
    let _ = std::fs::remove_dir_all(&out);
    copy_tree(&dist.join("snippets"), &out.join("snippets"))?;
    for f in STABLE_FILES {
        std::fs::copy(dist.join(f), out.join(f)).map_err(|e| format!("copy {f}: {e}"))?;
    }
    // A snippet the module does not import is left over from an older build in
    // wasm-bindgen's output folder: not shipped.
    let module =
        std::fs::read_to_string(out.join("privatelink-panel.js")).map_err(|e| e.to_string())?;
    drop_unimported(&out, &out.join("snippets"), &module)?;
    Ok(())
}

/// Removes every file under `dir` whose path (relative to `root`) `module` does not import.
fn drop_unimported(root: &std::path::Path, dir: &std::path::Path, module: &str) -> Result {
    for e in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = e.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            drop_unimported(root, &path, module)?;
            continue;
        }
        let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
        if !module.contains(&format!("./{}", rel.display())) {
            std::fs::remove_file(&path).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

pub fn copy_tree(from: &std::path::Path, to: &std::path::Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for e in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let e = e.map_err(|e| e.to_string())?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(|e| format!("{}: {e}", src.display()))?;
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    /// The lines of `[section]` in a TOML file's text, up to the next section.
    fn section<'a>(toml: &'a str, name: &str) -> Vec<&'a str> {
        toml.lines()
            .skip_while(|l| l.trim() != format!("[{name}]"))
            .skip(1)
            .take_while(|l| !l.trim_start().starts_with('['))
            .collect()
    }

    #[test]
    fn wasm_opt_args_are_the_ones_index_html_gives_trunk() {
        assert_eq!(
            super::wasm_opt_args().unwrap(),
            [
                "-Oz",
                "--converge",
                "--low-memory-unused",
                "--zero-filled-memory"
            ]
        );
    }

    /// Cargo leaves `-C lto` out, without a word, when a cdylib is built with an rlib beside
    /// it (rust-lang/cargo#9672): the release wasm then has no LTO (17.7 kB brotli more).
    #[test]
    fn the_panel_crate_is_a_cdylib_only_so_its_release_build_gets_lto() {
        let toml = std::fs::read_to_string(super::root().join("Cargo.toml")).unwrap();
        let lto = section(&toml, "profile.wasm-release")
            .into_iter()
            .any(|l| l.replace(' ', "") == "lto=true");
        assert!(lto, "[profile.wasm-release] should have lto = true");
        let types: Vec<&str> = section(&toml, "lib")
            .into_iter()
            .filter(|l| l.trim_start().starts_with("crate-type"))
            .collect();
        assert_eq!(
            types.iter().map(|l| l.replace(' ', "")).collect::<Vec<_>>(),
            [r#"crate-type=["cdylib"]"#],
            "the panel's [lib] should build a cdylib only (tests live in src/tests/)"
        );
    }
}
