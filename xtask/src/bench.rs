//! `cargo xtask bench`: measures what the project promises about speed and size and writes
//! it down (target/bench/report.md); nothing here is asserted, the figures go to
//! BENCHMARKS.md by hand with the date and machine.
//!
//! - Panel size: every .wasm and .js in the release `dist/`, raw, gzip -9 and brotli 11.
//! - API latency: a single client's sequential requests against the dev server on
//!   loopback (p50/p95/p99 and throughput), for the calls the panel polls.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::cmd::{free_port, http_request, root, wait_for_http, ChildGuard, Result};
use crate::panel;
use crate::serve::{build_server, server_bin};
use crate::tools::Tools;

const TOKEN: &str = "bench-token";
const REQUESTS: usize = 500;

pub fn run(_args: &[String]) -> Result {
    let t = Tools::setup_panel_build()?;
    let mut report = String::from("# Benchmark report\n\n");
    let dist = panel::build_release(&t)?;
    sizes(&t, &dist, &mut report)?;
    build_server(&t)?;
    latency(&t, &mut report)?;
    let out = root().join("target/bench");
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    fs::write(out.join("report.md"), &report).map_err(|e| e.to_string())?;
    println!("{report}\n(written to target/bench/report.md)");
    Ok(())
}

fn compressed_len(t: &Tools, program: &str, args: &[&str], data: &[u8]) -> Result<usize> {
    let mut child = t
        .command(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(data)
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    Ok(out.stdout.len())
}

fn sizes(t: &Tools, dist: &Path, report: &mut String) -> Result {
    report.push_str("## Panel release build (dist/)\n\n| file | raw | gzip -9 | brotli 11 |\n|---|---:|---:|---:|\n");
    let mut files: Vec<_> = fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("wasm" | "js" | "css" | "html")
            )
        })
        .collect();
    files.sort();
    let brotli = "const z=require('zlib');const c=[];process.stdin.on('data',d=>c.push(d)).on('end',()=>process.stdout.write(z.brotliCompressSync(Buffer.concat(c),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}})))";
    for f in files {
        let data = fs::read(&f).map_err(|e| e.to_string())?;
        let gz = compressed_len(t, "gzip", &["-9", "-c"], &data)?;
        let br = compressed_len(t, "node", &["-e", brotli], &data)?;
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        // Trunk appends a content hash; keep the stable part of the name.
        let stable = name.split('-').next().unwrap_or(&name).to_owned()
            + Path::new(&name)
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .as_deref()
                .unwrap_or("");
        let _ = writeln!(report, "| {stable} | {} | {gz} | {br} |", data.len());
    }
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn latency(t: &Tools, report: &mut String) -> Result {
    let addr: SocketAddr = ([127, 0, 0, 1], free_port()?).into();
    let data = root().join("target/xtask/bench-data");
    let _ = fs::remove_dir_all(&data);
    let mut cmd = t.command(server_bin());
    cmd.arg("serve")
        .arg("--listen")
        .arg(addr.to_string())
        .arg("--data-dir")
        .arg(&data)
        .args(["--demo-token", TOKEN, "--create-delay-ms", "0"])
        .stdout(Stdio::null());
    let mut server = ChildGuard::spawn("privatelink-server", &mut cmd)?;
    wait_for_http(&mut server, addr, "/openapi.json", Duration::from_secs(30))?;
    let base = "/v1/project/demo-project/service/demo-pg";
    let created = http_request(
        addr,
        "POST",
        &format!("{base}/privatelink/azure"),
        Some(TOKEN),
        Some(r#"{"user_subscription_ids":["8eefec94-5d63-40c9-983c-03ab083b411d"]}"#),
    );
    if created.as_ref().map(|(s, _)| *s) != Some(200) {
        return Err(format!("creating the privatelink failed: {created:?}"));
    }
    report.push_str(&format!(
        "\n## API latency (dev build, one sequential client, new connection per request, {REQUESTS} requests each)\n\n| call | p50 | p95 | p99 | req/s |\n|---|---:|---:|---:|---:|\n"
    ));
    for (label, path) in [
        ("GET privatelink", format!("{base}/privatelink/azure")),
        (
            "GET connections",
            format!("{base}/privatelink/azure/connections"),
        ),
        ("GET service", base.to_owned()),
    ] {
        let mut times = Vec::with_capacity(REQUESTS);
        let start = Instant::now();
        for _ in 0..REQUESTS {
            let t0 = Instant::now();
            match http_request(addr, "GET", &path, Some(TOKEN), None) {
                Some((200, _)) => times.push(t0.elapsed()),
                other => return Err(format!("{label}: unexpected answer {other:?}")),
            }
        }
        let total = start.elapsed();
        times.sort();
        let _ = writeln!(
            report,
            "| {label} | {:.2?} | {:.2?} | {:.2?} | {:.0} |",
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
            REQUESTS as f64 / total.as_secs_f64()
        );
    }
    Ok(())
}
