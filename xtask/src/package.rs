//! `cargo xtask package`: the npm package of the panel. Builds the release panel, puts its
//! files under their stable names (`target/panel-stable/`) beside the hand-written files of
//! `package/` (package.json, README, TypeScript declarations, the Custom Elements Manifest)
//! in `target/package/privatelink-panel/`, and packs it with `npm pack`. The path of the
//! tarball is the last line of the output.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::{output, root, Result};
use crate::panel;
use crate::tools::Tools;

/// The hand-written files of the package, from `package/`.
const OWN_FILES: [&str; 9] = [
    "package.json",
    "README.md",
    "index.d.ts",
    "define.d.ts",
    "react.d.ts",
    "react.js",
    "vue.d.ts",
    "vue.js",
    "custom-elements.json",
];

pub fn run(t: &Tools) -> Result {
    let tarball = build(t)?;
    println!("{}", tarball.display());
    Ok(())
}

/// Builds the package and returns the tarball's path.
pub fn build(t: &Tools) -> Result<PathBuf> {
    panel::build_release(t)?;
    pack(t)
}

/// Packs the package from the last release build (`cargo xtask build-panel`).
pub fn pack(t: &Tools) -> Result<PathBuf> {
    let out = root().join("target/package");
    let stage = out.join("privatelink-panel");
    let _ = fs::remove_dir_all(&out);
    panel::copy_tree(&panel::stable_dir(), &stage)?;
    let own = root().join("package");
    for f in OWN_FILES {
        fs::copy(own.join(f), stage.join(f)).map_err(|e| format!("package/{f}: {e}"))?;
    }
    check_version(&stage)?;
    let name = output(
        t.command("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&out)
            .current_dir(&stage),
    )
    .ok_or("npm pack failed")?;
    let tarball = out.join(name.trim().lines().last().unwrap_or_default());
    if !tarball.is_file() {
        return Err(format!("npm pack did not write {}", tarball.display()));
    }
    Ok(tarball)
}

/// The package's version is the panel crate's: one number for both.
fn check_version(stage: &Path) -> Result {
    let json = fs::read_to_string(stage.join("package.json")).map_err(|e| e.to_string())?;
    let cargo = fs::read_to_string(root().join("Cargo.toml")).map_err(|e| e.to_string())?;
    let version = |s: &str, key: &str| {
        s.lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .map(|v| v.trim_matches(|c: char| c == '"' || c == ',' || c == ' ' || c == '='))
            .map(str::to_owned)
    };
    let (npm, crate_) = (version(&json, "\"version\":"), version(&cargo, "version ="));
    if npm.is_none() || npm != crate_ {
        return Err(format!(
            "package/package.json's version {npm:?} is not the panel crate's {crate_:?}"
        ));
    }
    Ok(())
}
