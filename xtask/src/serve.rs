//! `cargo xtask serve`: build the release panel and run the release build of the server in
//! front of it with demo data. The server prints the URL (with the token in its fragment)
//! and the token. The test layers keep the dev build ([`server_bin`]); the product and the
//! load benchmark use the optimised one ([`server_bin_release`]).

use std::path::PathBuf;

use crate::cmd::{self, root, ChildGuard, Result};
use crate::panel;
use crate::tools::Tools;

/// The server binary of the dev profile (shared with the test run, so nothing is built twice).
pub fn server_bin() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("debug/privatelink-server")
}

pub fn build_server(t: &Tools) -> Result {
    cmd::run(
        t.command("cargo")
            .args(["build", "-p", "privatelink-server"]),
    )
}

/// The server binary of the release profile.
pub fn server_bin_release() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("release/privatelink-server")
}

/// Builds [`server_bin_release`] (the workspace's release profile).
pub fn build_server_release(t: &Tools) -> Result {
    cmd::run(
        t.command("cargo")
            .args(["build", "--release", "-p", "privatelink-server"]),
    )
}

pub fn run(extra: &[String]) -> Result {
    // `cargo xtask serve -- --listen …` hands us the `--` too.
    let extra = match extra.split_first() {
        Some((first, rest)) if first == "--" => rest,
        _ => extra,
    };
    let t = Tools::setup_panel_build()?;
    let dist = panel::build_release(&t)?;
    build_server_release(&t)?;
    let mut cmd = t.command(server_bin_release());
    cmd.arg("serve");
    // Defaults a newcomer wants, each unless given after `--` (clap refuses a flag twice).
    let given = |flag: &str| {
        extra
            .iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    };
    if !given("--listen") {
        cmd.args(["--listen", "127.0.0.1:8080"]);
    }
    if !given("--data-dir") {
        cmd.arg("--data-dir").arg(root().join(".data"));
    }
    if !given("--panel-dir") {
        cmd.arg("--panel-dir").arg(&dist);
    }
    cmd.args(extra);
    eprintln!("\nStarting the server; stop it with Ctrl-C. Data is kept in .data/.");
    ChildGuard::spawn("privatelink-server", &mut cmd)?.wait()
}
