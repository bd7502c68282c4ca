//! The API under load, for `cargo xtask bench`: wrk (pinned, from Debian) against the
//! release build of the server on loopback, never a timed test.
//!
//! Set-up: a fresh data directory, `--bench-routes`, zero simulated delays; demo-pg gets a
//! privatelink with 100 customer endpoints, discovered by one refresh, so
//! `GET …/privatelink/azure/connections` lists 100 connections. `/bench/bare` is then given
//! the very bytes that call answers: a bare handler behind the same server loop and layers,
//! with no token check, no database and no serialisation.
//!
//! Runs ([`DURATION`] each, keep-alive, after one warm-up run): the connections list and
//! `/bench/bare`, back to back, at 1, 16 and 64 concurrent clients; and the connections list again
//! while one writer approves the 100 connections and then sets their IPs in a loop (a new
//! connection per write, as avn does). Figures: requests per second, p50 and p99 latency,
//! errors (connect, read, write, timeouts and non-2xx), the API's share of the bare
//! handler's throughput, and the writer's writes per second and errors.

use std::fmt::Write as _;
use std::fs;
use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::cmd::{free_port, http_request, root, wait_for_http, ChildGuard, Result};
use crate::serve::{build_server_release, server_bin_release};
use crate::tools::{apt_install, Tools};

/// The load generator: Debian 12's package, which installs in seconds.
pub const WRK_VERSION: &str = "4.1.0";

const TOKEN: &str = "bench-load-token";
const SUB: &str = "8eefec94-5d63-40c9-983c-03ab083b411d";
const PL: &str = "/v1/project/demo-project/service/demo-pg/privatelink/azure";
const CONNECTIONS: usize = 100;
const CLIENTS: [usize; 3] = [1, 16, 64];
/// Length of each measured run.
const DURATION: &str = "10s";

/// Prints wrk's figures as one line of JSON after a run.
const WRK_SCRIPT: &str = r#"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'XTASK_WRK {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.status + e.timeout))
end
"#;

/// One wrk run's figures.
struct Run {
    target: &'static str,
    clients: usize,
    req_per_s: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

/// The writer's figures during the runs under writes.
#[derive(Default)]
struct Writes {
    count: u64,
    errors: u64,
    seconds: f64,
}

/// Runs the load benchmark; appends a section to `report` and returns the figures as JSON.
pub fn run(t: &Tools, report: &mut String) -> Result<String> {
    ensure_wrk(t)?;
    build_server_release(t)?;
    let out = root().join("target/bench");
    fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let data = root().join("target/xtask/bench-load-data");
    let _ = fs::remove_dir_all(&data);
    let script = out.join("load-wrk.lua");
    fs::write(&script, WRK_SCRIPT).map_err(|e| e.to_string())?;

    let addr: SocketAddr = ([127, 0, 0, 1], free_port()?).into();
    let mut cmd = t.command(server_bin_release());
    cmd.arg("serve")
        .arg("--listen")
        .arg(addr.to_string())
        .arg("--data-dir")
        .arg(&data)
        .arg("--panel-dir")
        .arg(data.join("no-panel"))
        .args(["--demo-token", TOKEN, "--bench-routes"])
        .args(["--create-delay-ms", "0", "--connect-delay-ms", "0"])
        .args(["--dns-delay-ms", "0"])
        // One log line per request: at these rates they would fill the disk.
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut server = ChildGuard::spawn("privatelink-server", &mut cmd)?;
    wait_for_http(&mut server, addr, "/openapi.json", Duration::from_secs(60))?;

    let (body, ids) = set_up(addr)?;
    let wrk = |target: &'static str, path: &str, clients: usize| {
        wrk_run(t, &script, addr, path, clients, DURATION).map(|f| Run {
            target,
            clients,
            ..f
        })
    };
    let list = format!("{PL}/connections");
    // Warm-up: caches, connections, the CPU's clock.
    wrk_run(t, &script, addr, &list, 16, "3s")?;
    // The API and the bare handler back to back at each client count, so that a change in
    // the machine's load between runs weighs on both alike.
    let mut runs = Vec::new();
    for c in CLIENTS {
        runs.push(wrk("api", &list, c)?);
        runs.push(wrk("bare", "/bench/bare", c)?);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        std::thread::spawn(move || write_loop(addr, &ids, &stop))
    };
    let mut under_writes = Vec::new();
    for c in CLIENTS {
        under_writes.push(wrk("api+writes", &list, c));
    }
    stop.store(true, Ordering::SeqCst);
    let writes = writer
        .join()
        .map_err(|_| "the writer thread panicked".to_owned())?;
    for r in under_writes {
        runs.push(r?);
    }
    drop(server);

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ratio = |c: usize| {
        let get = |target| {
            runs.iter()
                .find(|r| r.target == target && r.clients == c)
                .map_or(0.0, |r| r.req_per_s)
        };
        let bare = get("bare");
        if bare > 0.0 {
            get("api") / bare
        } else {
            0.0
        }
    };

    let _ = writeln!(
        report,
        "\n## API under load (release build, wrk {WRK_VERSION}, keep-alive, {DURATION} a run, {cores} cores)\n\n\
         `GET …/privatelink/azure/connections` listing {CONNECTIONS} connections ({} bytes), \
         against `/bench/bare` answering the same bytes from the same server loop and layers, \
         and again while one writer approves and updates connections.\n\n\
         | target | clients | req/s | p50 | p99 | errors |\n|---|---:|---:|---:|---:|---:|",
        body.len()
    );
    for r in &runs {
        let _ = writeln!(
            report,
            "| {} | {} | {:.0} | {:.2} ms | {:.2} ms | {} |",
            r.target, r.clients, r.req_per_s, r.p50_ms, r.p99_ms, r.errors
        );
    }
    let _ = writeln!(report);
    for c in CLIENTS {
        let _ = writeln!(
            report,
            "- {c} client(s): the API serves {:.0} % of the bare handler's requests per second.",
            ratio(c) * 100.0
        );
    }
    let _ = writeln!(
        report,
        "- The writer: {} writes in {:.1} s ({:.0}/s, a new connection each), {} errors.",
        writes.count,
        writes.seconds,
        writes.count as f64 / writes.seconds.max(0.001),
        writes.errors
    );

    let mut json = String::new();
    let _ = write!(
        json,
        "{{\"tool\":\"wrk {WRK_VERSION}\",\"server_build\":\"release\",\"cores\":{cores},\
         \"duration\":\"{DURATION}\",\"connections_listed\":{CONNECTIONS},\"body_bytes\":{},\"runs\":[",
        body.len()
    );
    for (i, r) in runs.iter().enumerate() {
        let _ = write!(
            json,
            "{}{{\"target\":\"{}\",\"clients\":{},\"req_per_s\":{:.1},\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"errors\":{}}}",
            if i > 0 { "," } else { "" },
            r.target,
            r.clients,
            r.req_per_s,
            r.p50_ms,
            r.p99_ms,
            r.errors
        );
    }
    let _ = write!(json, "],\"api_to_bare\":{{");
    for (i, c) in CLIENTS.iter().enumerate() {
        let _ = write!(
            json,
            "{}\"{c}\":{:.3}",
            if i > 0 { "," } else { "" },
            ratio(*c)
        );
    }
    let _ = write!(
        json,
        "}},\"writer\":{{\"writes\":{},\"errors\":{},\"seconds\":{:.1}}}}}",
        writes.count, writes.errors, writes.seconds
    );
    Ok(json)
}

/// wrk from Debian, refused in another version than [`WRK_VERSION`] (its figures would not
/// compare).
fn ensure_wrk(t: &Tools) -> Result {
    // `wrk -v` prints its banner and exits 1.
    let banner = || {
        t.command("wrk")
            .arg("-v")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    };
    if !banner().contains("wrk") {
        apt_install(&["wrk"])?;
    }
    let have = banner();
    if have.contains(WRK_VERSION) {
        Ok(())
    } else {
        Err(format!(
            "wrk {WRK_VERSION} is needed for the load benchmark; found: {}",
            have.lines().next().unwrap_or("nothing")
        ))
    }
}

/// demo-pg's privatelink with [`CONNECTIONS`] discovered connections; the list's bytes and
/// the connection IDs. `/bench/bare` is given the same bytes.
fn set_up(addr: SocketAddr) -> Result<(String, Vec<String>)> {
    let call = |method: &str, path: &str, body: Option<&str>, want: u16| match http_request(
        addr,
        method,
        path,
        Some(TOKEN),
        body,
    ) {
        Some((s, b)) if s == want => Ok(b),
        other => Err(format!("{method} {path}: {other:?}")),
    };
    let subs = format!(r#"{{"user_subscription_ids":["{SUB}"]}}"#);
    call("POST", PL, Some(&subs), 200)?;
    let pl = call("GET", PL, None, 200)?;
    let alias =
        string_field(&pl, "azure_service_alias").ok_or_else(|| format!("no alias in {pl}"))?;
    for i in 0..CONNECTIONS {
        let body = format!(
            r#"{{"subscription_id":"{SUB}","resource_group":"bench-rg","name":"bench-pe-{i:03}","target":"{alias}"}}"#
        );
        call("POST", "/sim/endpoints", Some(&body), 201)?;
    }
    call("POST", &format!("{PL}/refresh"), None, 200)?;
    let list = call("GET", &format!("{PL}/connections"), None, 200)?;
    let ids: Vec<String> = list
        .split("\"privatelink_connection_id\":\"")
        .skip(1)
        .filter_map(|s| s.split('"').next().map(str::to_owned))
        .collect();
    if ids.len() != CONNECTIONS {
        return Err(format!(
            "{} connections listed, {CONNECTIONS} wanted",
            ids.len()
        ));
    }
    call("PUT", "/bench/bare", Some(&list), 204)?;
    if call("GET", "/bench/bare", None, 200)? != list {
        return Err("/bench/bare does not answer the connection list's bytes".to_owned());
    }
    Ok((list, ids))
}

/// A string field of a one-level JSON object, for the few values the set-up reads.
fn string_field(json: &str, key: &str) -> Option<String> {
    let rest = json.split(&format!("\"{key}\":\"")).nth(1)?;
    Some(rest.split('"').next()?.to_owned())
}

/// A number after `"key":` in wrk's JSON line.
fn number(json: &str, key: &str) -> Option<f64> {
    let rest = json.split(&format!("\"{key}\":")).nth(1)?;
    rest.split([',', '}']).next()?.trim().parse().ok()
}

fn wrk_run(
    t: &Tools,
    script: &std::path::Path,
    addr: SocketAddr,
    path: &str,
    clients: usize,
    duration: &str,
) -> Result<Run> {
    let threads = clients.min(2);
    let out = t
        .command("wrk")
        .arg(format!("-t{threads}"))
        .arg(format!("-c{clients}"))
        .arg(format!("-d{duration}"))
        .arg("--latency")
        .arg("-s")
        .arg(script)
        .args(["-H", &format!("Authorization: aivenv1 {TOKEN}")])
        .arg(format!("http://{addr}{path}"))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("XTASK_WRK "))
        .ok_or_else(|| format!("wrk printed no figures:\n{text}"))?;
    let get = |k| number(line, k).ok_or_else(|| format!("no {k} in {line}"));
    let seconds = get("duration_us")? / 1e6;
    eprintln!("xtask bench load: {path} with {clients} client(s): {line}");
    Ok(Run {
        target: "",
        clients,
        req_per_s: get("requests")? / seconds.max(1e-6),
        p50_ms: get("p50_us")? / 1000.0,
        p99_ms: get("p99_us")? / 1000.0,
        errors: get("errors")? as u64,
    })
}

/// Approves every connection, then sets their IPs in turn, until `stop`.
fn write_loop(addr: SocketAddr, ids: &[String], stop: &AtomicBool) -> Writes {
    let start = Instant::now();
    let mut w = Writes::default();
    let mut record = |ok: bool| {
        w.count += 1;
        w.errors += u64::from(!ok);
    };
    for id in ids {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let r = http_request(
            addr,
            "POST",
            &format!("{PL}/connections/{id}/approve"),
            Some(TOKEN),
            None,
        );
        record(matches!(r, Some((200, _))));
    }
    let mut n = 0usize;
    while !stop.load(Ordering::SeqCst) {
        let id = &ids[n % ids.len()];
        let body = format!(
            r#"{{"user_ip_address":"10.0.{}.{}"}}"#,
            n % 200,
            4 + n % 250
        );
        let r = http_request(
            addr,
            "PUT",
            &format!("{PL}/connections/{id}"),
            Some(TOKEN),
            Some(&body),
        );
        record(matches!(r, Some((200, _))));
        n += 1;
    }
    w.seconds = start.elapsed().as_secs_f64();
    w
}
