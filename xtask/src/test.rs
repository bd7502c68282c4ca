//! `cargo xtask test`: every test layer of the project, in order of cost, after making
//! sure every tool is installed. Layers keep running after one fails, so a run reports
//! everything that is broken; the exit status is non-zero if any failed.
//!
//! Layers: formatting and lints; native tests (core rules, server API in-process and on a
//! socket); the core rules in headless Chromium and Firefox; the real avn CLI and a
//! schemathesis fuzz against the server; the panel's wasm-bindgen tests against a real
//! server; Playwright against the served release build; the npm package in a Vite-built
//! React 19 app and a Vue 3 app, and its TypeScript declarations under `tsc --strict`.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::cmd::{free_port, root, run, wait_for_http, ChildGuard, Result};
use crate::package;
use crate::panel;
use crate::serve::{build_server, server_bin};
use crate::tools::{Tools, WASM_TARGET};

/// The port the panel's wasm tests expect the server on (compiled into them).
const PANEL_TEST_PORT: u16 = 18765;
const TEST_TOKEN: &str = "test-token";

type Layer = (&'static str, fn(&Tools) -> Result);

const LAYERS: &[Layer] = &[
    ("lint", lint),
    ("native", native),
    ("core-chromium", core_chromium),
    ("core-firefox", core_firefox),
    ("api-python", api_python),
    ("panel-browser", panel_browser),
    ("panel-firefox", panel_firefox),
    ("e2e", e2e),
    ("hosts", hosts),
];

pub fn run_layers(args: &[String]) -> Result {
    let mut only: Vec<&str> = Vec::new();
    let mut skip: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--only" => only.extend(
                it.next()
                    .map(|s| s.as_str())
                    .into_iter()
                    .flat_map(|s| s.split(',')),
            ),
            "--skip" => skip.extend(
                it.next()
                    .map(|s| s.as_str())
                    .into_iter()
                    .flat_map(|s| s.split(',')),
            ),
            other => {
                return Err(format!(
                    "unknown option `{other}` (use --only L1,L2 or --skip L)"
                ))
            }
        }
    }
    for name in only.iter().chain(&skip) {
        if !LAYERS.iter().any(|(l, _)| l == name) {
            let names: Vec<&str> = LAYERS.iter().map(|(l, _)| *l).collect();
            return Err(format!(
                "unknown layer `{name}`; layers: {}",
                names.join(", ")
            ));
        }
    }
    let started = Instant::now();
    // Each layer installs what it needs on first use; the panel's build tools are
    // needed by most, so they come first.
    let t = Tools::setup_panel_build()?;
    eprintln!("\nxtask: tools ready after {:.0?}", started.elapsed());
    let mut results: Vec<(&str, Result, Duration)> = Vec::new();
    for (name, layer) in LAYERS {
        if (!only.is_empty() && !only.contains(name)) || skip.contains(name) {
            continue;
        }
        eprintln!("\n==== xtask: layer {name} ====");
        let t0 = Instant::now();
        let r = layer(&t);
        results.push((name, r, t0.elapsed()));
    }
    eprintln!(
        "\n==== xtask: summary ({:.0?} in all) ====",
        started.elapsed()
    );
    let mut failed = 0;
    for (name, r, d) in &results {
        match r {
            Ok(()) => eprintln!("  ok    {name:<14} {d:.0?}"),
            Err(e) => {
                failed += 1;
                eprintln!("  FAIL  {name:<14} {d:.0?}  {e}");
            }
        }
    }
    println!(
        "test layers: {} passed, {failed} failed",
        results.len() - failed
    );
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} test layer(s) failed"))
    }
}

fn lint(t: &Tools) -> Result {
    run(t.command("cargo").args(["fmt", "--all", "--", "--check"]))?;
    run(t
        .command("cargo")
        .args(["clippy", "--all-targets", "--", "-D", "warnings"]))?;
    run(t.command("cargo").args([
        "clippy",
        "--target",
        WASM_TARGET,
        "-p",
        "privatelink-panel",
        "-p",
        "privatelink-core",
        "-p",
        "privatelink-bench-floor",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

fn native(t: &Tools) -> Result {
    // The panel's tests need a browser; they run in the panel-browser layer.
    run(t
        .command("cargo")
        .args(["test", "--workspace", "--exclude", "privatelink-panel"])
        // The bench's floor page is wasm only, with no tests: nothing to build for the host.
        .args(["--exclude", "privatelink-bench-floor"]))
}

/// A `cargo test` for the wasm target, run by wasm-bindgen-test-runner in a headless browser.
fn wasm_test(t: &Tools, package: &str) -> std::process::Command {
    let mut c = t.command("cargo");
    c.args(["test", "--target", WASM_TARGET, "-p", package])
        // Small test wasm, fast runs.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60")
        .env_remove("CHROMEDRIVER")
        .env_remove("GECKODRIVER")
        .env_remove("SAFARIDRIVER");
    c
}

fn core_chromium(t: &Tools) -> Result {
    t.ensure_browsers()?;
    run(wasm_test(t, "privatelink-core").env("CHROMEDRIVER", "/usr/bin/chromedriver"))
}

fn core_firefox(t: &Tools) -> Result {
    t.ensure_browsers()?;
    t.ensure_geckodriver()?;
    run(wasm_test(t, "privatelink-core").env("GECKODRIVER", t.geckodriver()))
}

/// Starts the dev server binary on `addr` with a fresh data directory and the test controls.
fn start_server(t: &Tools, addr: SocketAddr, data: &Path, extra: &[&str]) -> Result<ChildGuard> {
    let _ = std::fs::remove_dir_all(data);
    let mut cmd = t.command(server_bin());
    cmd.arg("serve")
        .arg("--listen")
        .arg(addr.to_string())
        .arg("--data-dir")
        .arg(data)
        .args(["--demo-token", TEST_TOKEN, "--test-controls"])
        .args(extra);
    let mut child = ChildGuard::spawn("privatelink-server", &mut cmd)?;
    wait_for_http(&mut child, addr, "/openapi.json", Duration::from_secs(30))?;
    Ok(child)
}

fn scratch(name: &str) -> std::path::PathBuf {
    root().join("target/xtask").join(name)
}

fn api_python(t: &Tools) -> Result {
    t.ensure_python_venv()?;
    build_server(t)?;
    run(t
        .command(t.venv.join("bin/pytest"))
        .args([
            "-q",
            "-p",
            "no:cacheprovider",
            "crates/privatelink-server/tests/python",
        ])
        .env("PRIVATELINK_SERVER_BIN", server_bin()))
}

fn panel_browser(t: &Tools) -> Result {
    t.ensure_browsers()?;
    panel_tests(t, "CHROMEDRIVER", Path::new("/usr/bin/chromedriver"))
}

/// The same panel tests in Firefox ESR: a console tab may be either engine.
fn panel_firefox(t: &Tools) -> Result {
    t.ensure_browsers()?;
    t.ensure_geckodriver()?;
    panel_tests(t, "GECKODRIVER", &t.geckodriver())
}

/// The panel's wasm-bindgen tests in the browser whose driver `driver_var` names, against
/// a fresh server with a manual clock.
fn panel_tests(t: &Tools, driver_var: &str, driver: &Path) -> Result {
    build_server(t)?;
    let addr: SocketAddr = ([127, 0, 0, 1], PANEL_TEST_PORT).into();
    // The tests drive /sim from the browser; /sim answers CORS for no origin but the one
    // the test page is pinned to.
    let page: SocketAddr = ([127, 0, 0, 1], free_port()?).into();
    let origin = format!("http://{page}");
    let _server = start_server(
        t,
        addr,
        &scratch("panel-test-data"),
        &["--manual-clock", "--sim-cors-origin", &origin],
    )?;
    run(wasm_test(t, "privatelink-panel")
        .env(driver_var, driver)
        .env("WASM_BINDGEN_TEST_ADDRESS", page.to_string())
        .env("PRIVATELINK_TEST_API", format!("http://{addr}")))
}

fn e2e(t: &Tools) -> Result {
    t.ensure_browsers()?;
    t.ensure_e2e_packages()?;
    let dist = panel::build_release(t)?;
    build_server(t)?;
    let addr: SocketAddr = ([127, 0, 0, 1], free_port()?).into();
    let dist_arg = dist.to_string_lossy().into_owned();
    let _server = start_server(
        t,
        addr,
        &scratch("e2e-data"),
        &[
            "--panel-dir",
            &dist_arg,
            "--create-delay-ms",
            "1500",
            "--connect-delay-ms",
            "1000",
            "--dns-delay-ms",
            "500",
        ],
    )?;
    // A second one whose simulated time moves only when a test says: the accessibility
    // audit visits each state while it holds still.
    let manual: SocketAddr = ([127, 0, 0, 1], free_port()?).into();
    let _manual_server = start_server(
        t,
        manual,
        &scratch("e2e-manual-data"),
        &["--panel-dir", &dist_arg, "--manual-clock"],
    )?;
    // The files of e2e/ itself: `node --test` alone would also find e2e/hosts/'s tests, which
    // the hosts layer runs once their packages are installed.
    let mut files: Vec<String> = std::fs::read_dir(root().join("e2e"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".test.js"))
        .collect();
    files.sort();
    // And the bench's statistics (bench/stats.mjs: the goals' intervals in BENCHMARKS.md).
    files.push("../bench/stats.test.mjs".to_owned());
    run(t
        .command("node")
        .args(["--test", "--test-concurrency=1"])
        .args(&files)
        .current_dir(root().join("e2e"))
        .env("E2E_BASE_URL", format!("http://{addr}"))
        .env("E2E_MANUAL_URL", format!("http://{manual}"))
        .env("E2E_TOKEN", TEST_TOKEN))
}

/// The npm package as a host installs it (`e2e/hosts/`): packed by `cargo xtask package`,
/// installed into a project with Vite, React 19, Vue 3 and TypeScript; its declarations and
/// manifest checked (`types/`), both apps built with Vite and driven in Chromium against a
/// server (`hosts.test.mjs`).
fn hosts(t: &Tools) -> Result {
    t.ensure_browsers()?;
    t.ensure_e2e_packages()?;
    let dir = root().join("e2e/hosts");
    t.ensure_npm_packages(&dir)?;
    panel::build_release(t)?;
    let tarball = package::pack(t)?;
    // Not in the lock file: the package of this build, installed over the last one.
    run(t
        .command("npm")
        .args([
            "install",
            "--no-save",
            "--no-package-lock",
            "--no-audit",
            "--no-fund",
        ])
        .arg(&tarball)
        .current_dir(&dir))?;
    run(t
        .command("node")
        // Files, not the folder: Node 22 and later do not take a directory here.
        .args([
            "--test",
            "--test-concurrency=1",
            "types/manifest.test.mjs",
            "types/types.test.mjs",
        ])
        .current_dir(&dir))?;
    run(t.command("npm").args(["run", "build"]).current_dir(&dir))?;
    build_server(t)?;
    let addr: SocketAddr = ([127, 0, 0, 1], free_port()?).into();
    let _server = start_server(t, addr, &scratch("hosts-data"), &[])?;
    run(t
        .command("node")
        .args(["--test", "--test-concurrency=1", "hosts.test.mjs"])
        .current_dir(&dir)
        .env("E2E_BASE_URL", format!("http://{addr}"))
        .env("E2E_TOKEN", TEST_TOKEN))
}
