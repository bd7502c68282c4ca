//! The `frontend` part of `cargo xtask bench`: the release panel against a hand-written
//! plain-JS page that makes the same three GETs and renders the same connections table
//! (`bench/plain.html`, `bench/plain.js`; bench-only, never in `dist/`).
//!
//! With 3 connections a third page runs in the same rounds: the floor (`bench/floor`, the
//! plain page's work as a small Leptos app, built here as the panel is built), which shows
//! what wasm and Leptos cost on the machine apart from the panel's own code.
//!
//! The pages come from one server and origin: a temporary copy of the release `dist/` plus
//! the plain page and the floor, served by the `--release` server binary (the dev one with
//! `--dev-server`: unoptimised compression makes its panel loads slower and noisier), with
//! `--test-controls --manual-clock`,
//! a fixed demo token, a data directory in the same temporary folder and a free port. The
//! create delay is 0 and the connect delay long, so an approved connection stays
//! `user-approved` (and the panel keeps polling) until the driver advances the clock.
//!
//! `bench/frontend.mjs` (Node, playwright-core from `e2e/node_modules`, Debian's Chromium
//! with e2e's flags) sets the data up through the API and `/sim` routes and measures:
//! navigation → 3 rows and → 1,000 rows shown (panel vs plain, fresh context per run,
//! alternating); the same → 3 rows on Lighthouse's mobile profile (150 ms, 1.6 Mbps down,
//! 750 kbps up, CPU 4× slower, set through the DevTools protocol), a first visit with an
//! empty HTTP cache and a second one in the same context, with the bytes each visit
//! transferred; and the panel's DOM mutations during a poll with no change and during a poll
//! that sees one connection change state. Pages are measured only by what they show (rows in
//! the DOM, painted), never by which files they load. It writes `frontend.json` (every run)
//! and `frontend.md` (with the goals, met or not, never asserted), which is appended
//! to the report. Server logs: `frontend-server.log`.

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::cmd::{self, free_port, root, wait_for_http, ChildGuard, Result};
use crate::panel;
use crate::serve::server_bin;
use crate::tools::Tools;

const TOKEN: &str = "bench-frontend-token";
/// The floor's crate (bench/floor) and where cargo puts its wasm.
const FLOOR_CRATE: &str = "privatelink-bench-floor";
const FLOOR_WASM: &str = "target/wasm32-unknown-unknown/wasm-release/privatelink_bench_floor.wasm";

/// 1,000 connections: the large case of the issue.
const LARGE_COUNT: usize = 1000;

pub struct Options {
    /// Navigation runs per page with 3 connections.
    pub runs: usize,
    /// Navigation runs per page with [`LARGE_COUNT`] connections.
    pub large_runs: usize,
    /// Mobile-profile runs per page (first and second visit each); `None` leaves it to
    /// `BENCH_MOBILE_RUNS` in the environment, else the driver's default (6).
    pub mobile_runs: Option<usize>,
    /// Serve with the dev server binary instead of a release one.
    pub dev_server: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runs: 72,
            large_runs: 10,
            mobile_runs: None,
            dev_server: false,
        }
    }
}

/// The server binary of the release profile (its default, fast-to-build settings).
fn release_server_bin() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("release/privatelink-server")
}

/// A directory removed (with everything in it) when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Result<TempDir> {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            fs::copy(&src, &dst).map_err(|e| format!("cannot copy {}: {e}", src.display()))?;
        }
    }
    Ok(())
}

/// The floor page (`bench/floor`: the plain page's work as a small Leptos app) into `site`,
/// built as the panel is: the `wasm-release` profile, wasm-bindgen, wasm-opt with the
/// panel's level and parameters (`panel::wasm_opt_args`, from index.html), terser on the
/// module. `floor.html` at the top, its
/// module and wasm under `floor/`; the server compresses them at start-up.
fn build_floor(t: &Tools, site: &Path) -> Result {
    t.ensure_wasm_target()?;
    t.ensure_wasm_bindgen()?;
    t.ensure_wasm_opt()?;
    cmd::run(t.command("cargo").args([
        "build",
        "-p",
        FLOOR_CRATE,
        "--profile",
        "wasm-release",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    let out = site.join("floor");
    cmd::run(
        t.command("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-name", "floor"])
            .arg("--out-dir")
            .arg(&out)
            .arg(root().join(FLOOR_WASM)),
    )?;
    let wasm = out.join("floor_bg.wasm");
    cmd::run(
        t.command("wasm-opt")
            .args(panel::wasm_opt_args()?)
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm),
    )?;
    panel::minify_module(t, &out.join("floor.js"))?;
    let floor = root().join("bench/floor");
    for (from, to) in [
        ("floor.html", site.join("floor.html")),
        ("boot.js", out.join("boot.js")),
    ] {
        fs::copy(floor.join(from), &to)
            .map_err(|e| format!("cannot copy bench/floor/{from}: {e}"))?;
    }
    Ok(())
}

pub fn run(t: &Tools, dist: &Path, out: &Path, opts: &Options, report: &mut String) -> Result {
    t.ensure_browsers()?;
    t.ensure_e2e_packages()?;
    let (bin, profile) = if opts.dev_server {
        (server_bin(), "dev")
    } else {
        cmd::run(
            t.command("cargo")
                .args(["build", "--release", "-p", "privatelink-server"]),
        )?;
        (release_server_bin(), "release")
    };
    let tmp = TempDir::new("privatelink-bench-frontend")?;
    let site = tmp.0.join("site");
    copy_dir(dist, &site)?;
    for f in ["plain.html", "plain.js"] {
        let src = root().join("bench").join(f);
        if site.join(f).exists() {
            return Err(format!(
                "dist/ already has a {f}; the plain page would replace it"
            ));
        }
        fs::copy(&src, site.join(f)).map_err(|e| format!("cannot copy {}: {e}", src.display()))?;
    }
    build_floor(t, &site)?;

    let addr: SocketAddr = ([127, 0, 0, 1], free_port()?).into();
    let log_path = out.join("frontend-server.log");
    let log = fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let mut serve = t.command(&bin);
    serve
        .arg("serve")
        .arg("--listen")
        .arg(addr.to_string())
        .arg("--data-dir")
        .arg(tmp.0.join("data"))
        .arg("--panel-dir")
        .arg(&site)
        .args(["--demo-token", TOKEN, "--test-controls", "--manual-clock"])
        // Active at once; an approval stays user-approved until the clock is advanced
        // (the driver advances it by an hour for the state-change measurement).
        .args(["--create-delay-ms", "0", "--connect-delay-ms", "600000"])
        .args(["--dns-delay-ms", "600000"])
        .stdout(Stdio::null())
        .stderr(log);
    let mut server = ChildGuard::spawn("privatelink-server", &mut serve)?;
    // Generous: a server may compress the panel's files at start-up.
    wait_for_http(&mut server, addr, "/openapi.json", Duration::from_secs(180))?;

    let md = out.join("frontend.md");
    let _ = fs::remove_file(&md);
    let mut driver = t.command("node");
    driver
        .arg(root().join("bench/frontend.mjs"))
        .env("BENCH_BASE_URL", format!("http://{addr}"))
        .env("BENCH_TOKEN", TOKEN)
        .env("BENCH_OUT_DIR", out)
        .env("BENCH_RUNS", opts.runs.to_string())
        .env("BENCH_LARGE_RUNS", opts.large_runs.to_string())
        .env("BENCH_LARGE_COUNT", LARGE_COUNT.to_string())
        .env("BENCH_SERVER_PROFILE", profile);
    if let Some(n) = opts.mobile_runs {
        driver.env("BENCH_MOBILE_RUNS", n.to_string());
    }
    cmd::run(&mut driver).map_err(|e| format!("{e} (server log: {})", log_path.display()))?;
    drop(server);

    let section =
        fs::read_to_string(&md).map_err(|e| format!("cannot read {}: {e}", md.display()))?;
    report.push('\n');
    report.push_str(&section);
    Ok(())
}
