//! The server under faults and hostile callers: a panic is its own request's 500; a
//! database locked by another process stalls nothing (reads, static files and the OpenAPI
//! document answer, writes fail fast with a 503); reads never write; slow or idle clients are
//! cut off and connections are capped (raw sockets against the server's own loop); numeric
//! options are bounded; and `kill -9` during a burst of acknowledged writes loses none.
//!
//! Nothing here sleeps a fixed time to let something happen: tests poll for what they wait
//! for with generous limits, so a loaded machine makes them slower, not red.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use axum::Router;
use common::*;
use privatelink_server::error::ApiResult;
use privatelink_server::{app_with_routes, Delays, Limits, Shared};
use serde_json::{json, Value};
use tower::ServiceExt;

const BIN: &str = env!("CARGO_BIN_EXE_privatelink-server");

/// Generous upper bound for anything that should happen "soon" on a loaded machine.
const SOON: Duration = Duration::from_secs(30);

// ---- panics ----

async fn panics_in_a_handler() -> &'static str {
    panic!("a bug in a handler")
}

async fn panics_in_a_write(State(st): State<Shared>) -> ApiResult<&'static str> {
    st.update_service("demo-project", "demo-pg", |_| -> ApiResult<()> {
        panic!("a bug inside a write transaction")
    })
    .await?;
    Ok("unreachable")
}

async fn panics_in_a_read(State(st): State<Shared>) -> ApiResult<&'static str> {
    st.store
        .read(|_| -> ApiResult<()> { panic!("a bug inside a read transaction") })
        .await?;
    Ok("unreachable")
}

/// The app with three routes that panic: in the handler, and inside a write or a read
/// transaction (where the old store's mutex was poisoned for good).
fn app_with_panics(state: &Shared) -> Router {
    let extra = Router::new()
        .route("/boom", get(panics_in_a_handler))
        .route("/boom-in-write", get(panics_in_a_write))
        .route("/boom-in-read", get(panics_in_a_read));
    app_with_routes(state.clone(), extra)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_panic_is_that_requests_500_with_the_error_body_and_every_other_request_still_answers() {
    let t = TestApp::new("panic");
    let router = app_with_panics(&t.state);
    let mut tasks = Vec::new();
    for i in 0..30 {
        let router = router.clone();
        let path = match i % 6 {
            0 => "/boom",
            1 => "/boom-in-write",
            2 => "/boom-in-read",
            _ => PG,
        };
        tasks.push(tokio::spawn(async move {
            let res = router
                .oneshot(json_request("GET", path, None))
                .await
                .unwrap();
            (path, res.status())
        }));
    }
    for task in tasks {
        let (path, status) = task.await.unwrap();
        let want = if path == PG {
            StatusCode::OK
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        assert_eq!(status, want, "{path}");
    }
    let a = send_via(&router, json_request("GET", "/boom-in-write", None)).await;
    assert_error(a.status, &a.body, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        message(&a.body),
        "Internal server error; see the server log."
    );
    // Nothing is poisoned: writes and reads of every project go on.
    let (s, v) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(t.call("GET", PL, None).await.1["state"], "creating");
    let (s, v) = t
        .call(
            "PUT",
            "/v1/project/demo-project/service/demo-kafka",
            Some(json!({"plan": "business-8"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    // Over a socket the connection that saw the panic keeps serving.
    let (addr, server) = serve_router(router, t.state.limits).await;
    tokio::task::spawn_blocking(move || {
        let mut c = TcpStream::connect(addr).unwrap();
        c.set_read_timeout(Some(SOON)).unwrap();
        let first = exchange(&mut c, &get_request("/boom"));
        assert!(first.starts_with("HTTP/1.1 500"), "{first}");
        let second = exchange(&mut c, &get_request(PG));
        assert!(second.starts_with("HTTP/1.1 200"), "{second}");
    })
    .await
    .unwrap();
    server.abort();
}

async fn send_via(router: &Router, req: Request<Body>) -> Answer {
    use http_body_util::BodyExt;
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
        bytes,
    }
}

#[tokio::test]
async fn delays_at_the_end_of_the_range_do_not_overflow() {
    // The reproduction: a create delay of i64::MAX made the next GET overflow.
    let t = TestApp::with_config("huge-delays", |c| {
        c.delays = Delays {
            create_ms: i64::MAX,
            connect_ms: i64::MAX,
            dns_ms: i64::MAX,
            rebuild_ms: i64::MAX,
            delete_ms: i64::MAX,
        }
    });
    let (s, v) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    t.advance(86_400.0 * 365.0).await;
    let (s, v) = t.call("GET", PL, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "creating");
    let (s, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"pg": true}}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        t.call("GET", PG, None).await.1["service"]["state"],
        "REBUILDING"
    );
}

// ---- a locked database ----

/// Not a test of its own: run by [`hold_write_lock`] in a child process, where
/// `PLSRV_HOLD_LOCK` names a database whose write lock it takes and holds until its
/// standard input closes (as a `sqlite3` shell in a transaction would).
#[test]
fn lock_holder() {
    let Ok(db) = std::env::var("PLSRV_HOLD_LOCK") else {
        return;
    };
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE meta SET value = value WHERE key = 'seeded';")
        .unwrap();
    println!("locked");
    std::io::stdout().flush().unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// Another process holding the database's write lock; released when dropped.
struct LockHolder(Child);

fn hold_write_lock(db: &Path) -> LockHolder {
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "lock_holder", "--nocapture", "--test-threads=1"])
        .env("PLSRV_HOLD_LOCK", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed and reaped on drop, whatever happens next.
    let mut holder = LockHolder(child);
    let mut out = BufReader::new(holder.0.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the lock holder ended before taking the lock"
        );
        // The harness may have written "test lock_holder ... " on the same line.
        if line.trim_end().ends_with("locked") {
            return holder;
        }
    }
}

impl Drop for LockHolder {
    fn drop(&mut self) {
        drop(self.0.stdin.take());
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One request with ureq: status, `Retry-After` and the body as JSON (or a string).
fn http(method: &str, url: &str, body: Option<Value>) -> (u16, Option<String>, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let req = ureq::http::Request::builder()
        .method(method)
        .uri(url)
        .header("authorization", format!("aivenv1 {TOKEN}"));
    let mut res = match body {
        Some(b) => agent.run(
            req.header("content-type", "application/json")
                .body(b.to_string())
                .unwrap(),
        ),
        None => agent.run(req.body(()).unwrap()),
    }
    .unwrap();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = res.body_mut().read_to_string().unwrap();
    let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (res.status().as_u16(), retry, v)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_lock_held_by_another_process_stalls_no_read_and_writes_fail_fast_with_503() {
    let wait = Duration::from_secs(5);
    let t = TestApp::with_config("locked", |c| c.limits.db_wait = wait);
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    let (addr, server) = serve_on_socket(&t.state).await;
    let db = t.dir.join("privatelink.db");
    tokio::task::spawn_blocking(move || {
        let base = format!("http://{addr}");
        let lock = hold_write_lock(&db);
        // Eight writes at once: each may wait at most `wait` in all, so together they are
        // done in about that time (not eight times it, as when each waited its own turn).
        let done = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let writers: Vec<_> = (0..8)
            .map(|i| {
                let (base, done) = (base.clone(), done.clone());
                std::thread::spawn(move || {
                    let plan = format!("business-{i}");
                    let r = http("PUT", &format!("{base}{PG}"), Some(json!({"plan": plan})));
                    done.fetch_add(1, Ordering::SeqCst);
                    r
                })
            })
            .collect();
        // Meanwhile every read answers: the API, the OpenAPI document, the panel's page.
        for path in [PL, PG, "/openapi.json", "/", PL] {
            let (s, _, v) = http("GET", &format!("{base}{path}"), None);
            assert_eq!(s, 200, "GET {path} while the database is locked: {v}");
        }
        assert_eq!(
            done.load(Ordering::SeqCst),
            0,
            "a read waited for the writes (or the writes did not wait for the lock)"
        );
        for w in writers {
            let (s, retry, v) = w.join().unwrap();
            assert_eq!(s, 503, "{v}");
            assert_eq!(retry.as_deref(), Some("1"));
            assert!(message(&v).contains("busy"), "{v}");
        }
        let took = started.elapsed();
        assert!(
            took < wait * 4,
            "eight writes took {took:?} to fail against a wait of {wait:?} each"
        );
        // The lock released, writes go through again.
        drop(lock);
        let (s, _, v) = http(
            "PUT",
            &format!("{base}{PG}"),
            Some(json!({"plan": "business-8"})),
        );
        assert_eq!(s, 200, "{v}");
    })
    .await
    .unwrap();
    server.abort();
}

#[tokio::test]
async fn reads_never_write_the_database() {
    let t = TestApp::new("reads-only");
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    let db = rusqlite::Connection::open(t.dir.join("privatelink.db")).unwrap();
    let version = |db: &rusqlite::Connection| -> i64 {
        db.query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap()
    };
    let stored_state = |db: &rusqlite::Connection| -> String {
        db.query_row(
            "SELECT json_extract(data, '$.privatelink.state') FROM services WHERE name = 'demo-pg'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = version(&db);
    // The privatelink becomes active as time passes: reads show it, nothing is written.
    t.advance(60.0).await;
    for _ in 0..3 {
        for path in [
            PG.to_owned(),
            PL.to_owned(),
            format!("{PL}/connections"),
            "/v1/project/demo-project/service-types/pg".to_owned(),
            "/v1/project/demo-project/service_types".to_owned(),
            "/v1/project/demo-project/privatelink-availability".to_owned(),
        ] {
            let (s, v) = t.call("GET", &path, None).await;
            assert_eq!(s, StatusCode::OK, "{path}: {v}");
        }
    }
    assert_eq!(t.call("GET", PL, None).await.1["state"], "active");
    assert_eq!(version(&db), before, "a GET committed a write");
    assert_eq!(stored_state(&db), "creating");
}

#[tokio::test]
async fn a_cached_read_follows_the_clock_every_write_and_changes_made_from_outside() {
    let t = TestApp::new("cache");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    assert_eq!(t.connection_state(&id).await, "pending-user-approval");
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    assert_eq!(t.connection_state(&id).await, "user-approved");
    t.advance(60.0).await;
    assert_eq!(t.connection_state(&id).await, "connected");
    // A change written by another process shows within a second or so.
    let db = rusqlite::Connection::open(t.dir.join("privatelink.db")).unwrap();
    db.execute(
        "UPDATE services SET data = json_set(data, '$.plan', 'outside-plan') WHERE name = 'demo-pg'",
        [],
    )
    .unwrap();
    let start = Instant::now();
    loop {
        let plan = t.call("GET", PG, None).await.1["service"]["plan"].clone();
        if plan == "outside-plan" {
            break;
        }
        assert!(start.elapsed() < SOON, "the outside change never showed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

// ---- slow and idle clients, and the connection cap ----

fn get_request(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: t\r\nAuthorization: aivenv1 {TOKEN}\r\n\r\n")
}

/// Sends a request and reads one answer (head and a Content-Length body).
fn exchange(c: &mut TcpStream, request: &str) -> String {
    c.write_all(request.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        assert_eq!(c.read(&mut byte).unwrap(), 1, "closed mid-head");
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    c.read_exact(&mut body).unwrap();
    head + &String::from_utf8_lossy(&body)
}

/// Reads until the server closes the connection (within [`SOON`]); what it sent.
fn read_until_closed(c: &mut TcpStream) -> String {
    c.set_read_timeout(Some(SOON)).unwrap();
    let mut out = Vec::new();
    match c.read_to_end(&mut out) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => panic!(
            "the server kept the connection open ({e}); got {:?}",
            String::from_utf8_lossy(&out)
        ),
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn short_limits() -> Limits {
    Limits {
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(1),
        db_wait: Duration::from_secs(30),
        ..Limits::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_heads_silent_sockets_and_idle_keep_alive_connections_are_closed() {
    let t = TestApp::with_config("slow-head", |c| c.limits = short_limits());
    let (addr, server) = serve_on_socket(&t.state).await;
    tokio::task::spawn_blocking(move || {
        let mut half = TcpStream::connect(addr).unwrap();
        half.write_all(b"GET /openapi.json HTTP/1.1\r\nHost: t\r\n")
            .unwrap();
        let mut silent = TcpStream::connect(addr).unwrap();
        let mut idle = TcpStream::connect(addr).unwrap();
        idle.set_read_timeout(Some(SOON)).unwrap();
        let answer = exchange(&mut idle, &get_request(PG));
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        for (what, c) in [
            ("a half-sent head", &mut half),
            ("a connection that sends nothing", &mut silent),
            ("an idle keep-alive connection", &mut idle),
        ] {
            let got = read_until_closed(c);
            assert!(!got.contains("200 OK"), "{what} got an answer: {got}");
        }
        // The server itself is fine.
        let mut fresh = TcpStream::connect(addr).unwrap();
        fresh.set_read_timeout(Some(SOON)).unwrap();
        assert!(exchange(&mut fresh, &get_request(PG)).starts_with("HTTP/1.1 200"));
    })
    .await
    .unwrap();
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_does_not_arrive_in_time_is_408_even_when_trickled() {
    let t = TestApp::with_config("slow-body", |c| c.limits = short_limits());
    let (addr, server) = serve_on_socket(&t.state).await;
    tokio::task::spawn_blocking(move || {
        let head = format!(
            "PUT {PG} HTTP/1.1\r\nHost: t\r\nAuthorization: aivenv1 {TOKEN}\r\n\
             Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
        );
        // Ten bytes, then nothing.
        let mut stalled = TcpStream::connect(addr).unwrap();
        stalled
            .write_all(format!("{head}{{\"plan\": ").as_bytes())
            .unwrap();
        // A byte every 200 ms: each arrives in time, the whole body never does.
        let mut trickled = TcpStream::connect(addr).unwrap();
        trickled.write_all(head.as_bytes()).unwrap();
        let mut writer = trickled.try_clone().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = stop.clone();
        let trickle = std::thread::spawn(move || {
            for _ in 0..150 {
                if stop2.load(Ordering::SeqCst) || writer.write_all(b" ").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        });
        for c in [&mut stalled, &mut trickled] {
            let got = read_until_closed(c);
            assert!(got.starts_with("HTTP/1.1 408"), "{got}");
            assert!(got.contains("did not arrive within 1 s"), "{got}");
        }
        stop.store(true, Ordering::SeqCst);
        trickle.join().unwrap();
    })
    .await
    .unwrap();
    // Nothing was changed.
    assert_eq!(
        t.call("GET", PG, None).await.1["service"]["plan"],
        "business-4"
    );
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let t = TestApp::with_config("cap", |c| {
        c.limits.max_connections = 3;
        // One address here: its share is the whole cap, so the global cap is what is tested.
        c.limits.max_connections_per_client = Some(3);
        c.limits.header_timeout = Duration::from_secs(120);
    });
    let (addr, server) = serve_on_socket(&t.state).await;
    tokio::task::spawn_blocking(move || {
        // Three connections hold every slot (one of them has been answered already).
        let mut held: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(addr).unwrap()).collect();
        held[0].set_read_timeout(Some(SOON)).unwrap();
        assert!(exchange(&mut held[0], &get_request(PG)).starts_with("HTTP/1.1 200"));
        let mut waiting = TcpStream::connect(addr).unwrap();
        waiting.write_all(get_request(PG).as_bytes()).unwrap();
        waiting
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut byte = [0u8; 1];
        match waiting.read(&mut byte) {
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            other => panic!("a connection over the cap was served: {other:?}"),
        }
        // One closes: the waiting connection is served.
        drop(held.pop());
        waiting.set_read_timeout(Some(SOON)).unwrap();
        let mut rest = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&rest).contains("\r\n\r\n") {
            let n = waiting.read(&mut buf).unwrap();
            assert!(n > 0, "closed without an answer");
            rest.extend_from_slice(&buf[..n]);
        }
        assert!(String::from_utf8_lossy(&rest).starts_with("HTTP/1.1 200"));
    })
    .await
    .unwrap();
    server.abort();
}

// ---- the binary: bounds on options, kill -9 ----

#[test]
fn numeric_options_out_of_range_are_refused_before_anything_starts() {
    let dir = temp_dir("bounds");
    for args in [
        ["--create-delay-ms", "9223372036854775807"],
        ["--connect-delay-ms=-1", ""],
        ["--dns-delay-ms", "604800001"],
        ["--rebuild-delay-ms", "nope"],
        ["--delete-delay-ms", "99999999999"],
        ["--max-connections", "0"],
        ["--max-connections-per-client", "0"],
        ["--max-connections", "100000"],
    ] {
        let out = Command::new(BIN)
            .arg("serve")
            .arg("--data-dir")
            .arg(&dir)
            .args(args.iter().filter(|a| !a.is_empty()))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let flag = args[0].split('=').next().unwrap();
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
    }
    assert!(!dir.exists(), "a refused start created the data directory");
}

/// The server binary on a free port of its own choosing, with the test controls.
struct Server {
    child: Child,
    addr: SocketAddr,
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(BIN)
            .arg("serve")
            .args([
                "--listen",
                "127.0.0.1:0",
                "--demo-token",
                TOKEN,
                "--test-controls",
            ])
            .arg("--data-dir")
            .arg(dir)
            .arg("--panel-dir")
            .arg(dir.join("no-panel"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .parse()
            .unwrap();
        Server {
            child,
            addr,
            _stdout: stdout,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn kill_9_during_a_burst_of_acknowledged_writes_loses_none_and_leaves_the_database_intact() {
    let dir = temp_dir("kill9");
    let mut server = Server::start(&dir);
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (url, acked, stop) = (server.url("/sim/services"), acked.clone(), stop.clone());
            std::thread::spawn(move || {
                for i in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let name = format!("k{w}-{i}");
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .timeout_global(Some(Duration::from_secs(30)))
                        .build()
                        .into();
                    let body = json!({"project": "kill-project", "service_name": name,
                        "service_type": "pg", "cloud_name": "azure-eastus"});
                    let res = agent.run(
                        ureq::http::Request::post(&url)
                            .header("authorization", format!("aivenv1 {TOKEN}"))
                            .header("content-type", "application/json")
                            .body(body.to_string())
                            .unwrap(),
                    );
                    match res {
                        Ok(r) if r.status() == 201 => acked.lock().unwrap().push(name),
                        Ok(r) => panic!("{name}: {}", r.status()),
                        // The server was killed.
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    let start = Instant::now();
    while acked.lock().unwrap().len() < 200 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "writes too slow"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // SIGKILL, while the writers are still writing.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    drop(server);

    let server = Server::start(&dir);
    let db = rusqlite::Connection::open(dir.join("privatelink.db")).unwrap();
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    for name in &acked {
        let n: i64 = db
            .query_row(
                "SELECT COUNT(*) FROM services WHERE project = 'kill-project' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "acknowledged service {name} was lost");
    }
    let (s, _, v) = http(
        "GET",
        &server.url(&format!(
            "/v1/project/kill-project/service/{}",
            acked.last().unwrap()
        )),
        None,
    );
    assert_eq!(s, 200, "{v}");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_address_holding_many_connections_leaves_room_for_another() {
    let t = TestApp::with_config("per-client", |c| {
        c.limits.max_connections = 8;
        c.limits.max_connections_per_client = Some(3);
        c.limits.header_timeout = Duration::from_secs(120);
    });
    let (addr, server) = serve_on_socket(&t.state).await;
    // 127.0.0.1 opens more connections than the whole cap, each with an unfinished head.
    let held = tokio::task::spawn_blocking(move || {
        (0..12)
            .map(|_| {
                let mut s = TcpStream::connect(addr).unwrap();
                let _ = s.write_all(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n");
                s
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Another address (127.0.0.2, also loopback) is served at once.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let other = socket.connect(addr).await.unwrap().into_std().unwrap();
    other.set_nonblocking(false).unwrap();
    let answer = tokio::task::spawn_blocking(move || {
        let mut other = other;
        other
            .set_read_timeout(Some(Duration::from_secs(3)))
            .unwrap();
        exchange(&mut other, &get_request("/openapi.json"))
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(held);
    server.abort();
}
