//! The server as a running thing: restarts on the same data directory (the old state
//! dropped first), races between concurrent requests, a real socket, fault injection in
//! detail, and the test controls switched off.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use privatelink_server::{app, AppState, Config, Delays, Shared};
use serde_json::{json, Value};
use tower::ServiceExt;

/// One request on a state of our own (not a `TestApp`).
async fn send(
    state: &Shared,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let b = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("aivenv1 {TOKEN}"));
    let r = match body {
        Some(v) => b
            .header("content-type", "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    };
    let res = app(state.clone()).oneshot(r).await.unwrap();
    let s = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let v = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (s, v)
}

fn open(dir: &Path) -> Shared {
    AppState::open(&config(dir)).expect("opens").0
}

struct DirGuard(std::path::PathBuf);
impl Drop for DirGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---- persistence ----

#[tokio::test]
async fn state_survives_dropping_the_app_and_opening_the_data_dir_again() {
    let dir = temp_dir("reopen");
    let _guard = DirGuard(dir.clone());
    let state = open(&dir);
    let (s, _) = send(
        &state,
        "POST",
        PL,
        Some(json!({"user_subscription_ids": [SUB]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = send(
        &state,
        "PUT",
        PG,
        Some(json!({"plan": "business-8", "user_config": {"privatelink_access": {"pgbouncer": true}}})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = send(
        &state,
        "POST",
        "/sim/tokens",
        Some(json!({"token": "ci-token", "projects": ["demo-project"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = send(
        &state,
        "POST",
        "/sim/services",
        Some(
            json!({"project": "p2", "service_name": "extra-pg", "service_type": "pg",
                    "cloud_name": "azure-eastus", "project_vpc_id": "v", "static_ips": true}),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let before_pl = send(&state, "GET", PL, None).await.1;
    assert_eq!(
        Shared::strong_count(&state),
        1,
        "something still holds the state"
    );
    drop(state);

    let state = open(&dir);
    assert_eq!(send(&state, "GET", PL, None).await.1, before_pl);
    let svc = send(&state, "GET", PG, None).await.1["service"].clone();
    assert_eq!(svc["plan"], "business-8");
    assert_eq!(
        svc["user_config"]["privatelink_access"],
        json!({"pgbouncer": true})
    );
    assert_eq!(svc["user_config"]["static_ips"], true);
    let (s, _) = send(&state, "GET", "/v1/project/p2/service/extra-pg", None).await;
    assert_eq!(
        s,
        StatusCode::OK,
        "a service made with /sim/services was lost"
    );
    let r = Request::get(PG)
        .header("authorization", "aivenv1 ci-token")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app(state.clone()).oneshot(r).await.unwrap().status(),
        StatusCode::OK,
        "a token made with /sim/tokens was lost"
    );
    // The create that was in progress finishes after the restart.
    send(
        &state,
        "POST",
        "/sim/clock/advance",
        Some(json!({"seconds": 60})),
    )
    .await;
    let pl = send(&state, "GET", PL, None).await.1;
    assert_eq!(pl["state"], "active");
    assert!(pl["azure_service_alias"].is_string());
}

#[tokio::test]
async fn connections_and_their_ips_survive_a_reopen() {
    let dir = temp_dir("reopen-conn");
    let _guard = DirGuard(dir.clone());
    let id;
    let before;
    {
        let t = TestAppView(open(&dir));
        t.create_active().await;
        id = t.connection("pe-1").await;
        t.call("POST", &format!("{PL}/connections/{id}/approve"), None)
            .await;
        t.call(
            "PUT",
            &format!("{PL}/connections/{id}"),
            Some(json!({"user_ip_address": "10.0.0.8"})),
        )
        .await;
        before = t.call("GET", &format!("{PL}/connections"), None).await.1;
    }
    let t = TestAppView(open(&dir));
    let after = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(after, before);
    assert_eq!(after["connections"][0]["user_ip_address"], "10.0.0.8");
    assert_eq!(
        after["connections"][0]["privatelink_connection_id"],
        id.as_str()
    );
    // And the lifecycle carries on from where it was.
    t.call("POST", "/sim/clock/advance", Some(json!({"seconds": 120})))
        .await;
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"][0]["state"], "active");
}

#[tokio::test]
async fn a_delete_in_progress_finishes_after_a_reopen() {
    let dir = temp_dir("reopen-delete");
    let _guard = DirGuard(dir.clone());
    {
        let t = TestAppView(open(&dir));
        t.create_active().await;
        let (s, v) = t.call("DELETE", PL, None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["state"], "deleting");
    }
    let t = TestAppView(open(&dir));
    assert_eq!(t.call("GET", PL, None).await.1["state"], "deleting");
    t.call("POST", "/sim/clock/advance", Some(json!({"seconds": 120})))
        .await;
    let (s, v) = t.call("GET", PL, None).await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

/// A thin driver for a state opened by hand (its directory is not removed on drop).
struct TestAppView(Shared);

impl TestAppView {
    async fn call(&self, m: &str, p: &str, b: Option<Value>) -> (StatusCode, Value) {
        send(&self.0, m, p, b).await
    }
    async fn create_active(&self) {
        let (s, _) = self
            .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
            .await;
        assert_eq!(s, StatusCode::OK);
        self.call("POST", "/sim/clock/advance", Some(json!({"seconds": 60})))
            .await;
        assert_eq!(self.call("GET", PL, None).await.1["state"], "active");
    }
    async fn connection(&self, name: &str) -> String {
        let pl = self.call("GET", PL, None).await.1;
        let (s, _) = self
            .call(
                "POST",
                "/sim/endpoints",
                Some(json!({"subscription_id": SUB, "resource_group": "rg", "name": name, "target": pl["azure_service_alias"]})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        self.call("POST", &format!("{PL}/refresh"), None).await;
        let list = self.call("GET", &format!("{PL}/connections"), None).await.1;
        list["connections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                c["private_endpoint_id"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("/{name}"))
            })
            .unwrap()["privatelink_connection_id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

// ---- concurrency ----

async fn race(
    router: axum::Router,
    n: usize,
    make: impl Fn(usize) -> Request<Body>,
) -> Vec<StatusCode> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let router = router.clone();
            let r = make(i);
            tokio::spawn(async move { router.oneshot(r).await.unwrap().status() })
        })
        .collect();
    let mut out = vec![];
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn count(statuses: &[StatusCode], want: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == want).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn fifty_concurrent_approvals_through_clones_of_one_router_give_one_200_and_49_409() {
    let t = TestApp::new("race-approve");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    let path = format!("{PL}/connections/{id}/approve");
    let statuses = race(app(t.state.clone()), 50, |_| {
        Request::post(&path)
            .header("authorization", format!("aivenv1 {TOKEN}"))
            .header("content-type", "application/octet-stream")
            .body(Body::empty())
            .unwrap()
    })
    .await;
    assert_eq!(count(&statuses, StatusCode::OK), 1, "{statuses:?}");
    assert_eq!(count(&statuses, StatusCode::CONFLICT), 49, "{statuses:?}");
    assert_eq!(t.connection_state(&id).await, "user-approved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn fifty_concurrent_creates_give_one_privatelink_and_49_conflicts() {
    let t = TestApp::new("race-create");
    let body = json!({"user_subscription_ids": [SUB]}).to_string();
    let statuses = race(app(t.state.clone()), 50, |_| {
        Request::post(PL)
            .header("authorization", format!("aivenv1 {TOKEN}"))
            .header("content-type", "application/json")
            .body(Body::from(body.clone()))
            .unwrap()
    })
    .await;
    assert_eq!(count(&statuses, StatusCode::OK), 1, "{statuses:?}");
    assert_eq!(count(&statuses, StatusCode::CONFLICT), 49, "{statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_approvals_of_different_connections_lose_no_update() {
    let t = TestApp::new("race-many");
    t.active_privatelink().await;
    let mut ids = vec![];
    for i in 0..10 {
        ids.push(
            t.discovered_connection(SUB, &format!("pe-{i}"))
                .await
                .unwrap(),
        );
    }
    let statuses = race(app(t.state.clone()), ids.len(), |i| {
        Request::post(format!("{PL}/connections/{}/approve", ids[i]))
            .header("authorization", format!("aivenv1 {TOKEN}"))
            .body(Body::empty())
            .unwrap()
    })
    .await;
    assert_eq!(count(&statuses, StatusCode::OK), ids.len(), "{statuses:?}");
    for id in &ids {
        assert_eq!(t.connection_state(id).await, "user-approved", "{id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_refreshes_list_each_endpoint_exactly_once() {
    let t = TestApp::new("race-refresh");
    let pl = t.active_privatelink().await;
    for i in 0..5 {
        let (s, _) = t
            .call(
                "POST",
                "/sim/endpoints",
                Some(json!({"subscription_id": SUB, "resource_group": "rg", "name": format!("pe-{i}"), "target": pl["azure_service_alias"]})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    let statuses = race(app(t.state.clone()), 30, |_| {
        Request::post(format!("{PL}/refresh"))
            .header("authorization", format!("aivenv1 {TOKEN}"))
            .body(Body::empty())
            .unwrap()
    })
    .await;
    assert_eq!(count(&statuses, StatusCode::OK), 30, "{statuses:?}");
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    let conns = list["connections"].as_array().unwrap();
    assert_eq!(conns.len(), 5, "{list}");
    let mut ids: Vec<_> = conns
        .iter()
        .map(|c| c["privatelink_connection_id"].clone())
        .collect();
    ids.sort_by_key(|v| v.to_string());
    ids.dedup();
    assert_eq!(ids.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_service_puts_of_different_keys_all_land_in_the_merge() {
    let t = TestApp::new("race-merge");
    let keys = ["pg", "pgbouncer", "prometheus"];
    let statuses = race(app(t.state.clone()), keys.len(), |i| {
        Request::put(PG)
            .header("authorization", format!("aivenv1 {TOKEN}"))
            .header("content-type", "application/json")
            .body(Body::from(
                json!({"user_config": {"privatelink_access": {keys[i]: true}}}).to_string(),
            ))
            .unwrap()
    })
    .await;
    assert_eq!(count(&statuses, StatusCode::OK), 3, "{statuses:?}");
    let svc = t.call("GET", PG, None).await.1;
    assert_eq!(
        svc["service"]["user_config"]["privatelink_access"],
        json!({"pg": true, "pgbouncer": true, "prometheus": true})
    );
}

// ---- a real socket ----

/// Sends raw bytes on a fresh connection and reads until the server closes it.
async fn raw_http(addr: std::net::SocketAddr, request: Vec<u8>) -> String {
    tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        s.write_all(&request).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    })
    .await
    .unwrap()
}

fn header_of<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[tokio::test]
async fn over_a_real_socket_avns_bodyless_post_errors_and_chunked_oversized_bodies_behave() {
    let t = TestApp::new("socket2");
    t.active_privatelink().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(t.state.clone());
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    // avn's refresh: octet-stream, Content-Length 0.
    let text = raw_http(
        addr,
        format!(
            "POST {PL}/refresh HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 {TOKEN}\r\n\
             Content-Type: application/octet-stream\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
    )
    .await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(header_of(&text, "content-type")
        .unwrap()
        .starts_with("application/json"));
    assert!(text.ends_with("{}"), "{text}");

    // A missing token: 401 with the JSON error body.
    let text = raw_http(
        addr,
        format!("GET {PL} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").into_bytes(),
    )
    .await;
    assert!(text.starts_with("HTTP/1.1 401"), "{text}");
    let body = text.split("\r\n\r\n").nth(1).unwrap();
    let v: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{text}"));
    assert_eq!(v["errors"][0]["status"], 401);

    // An oversized body without Content-Length (chunked): still 413.
    let mut req = format!(
        "PUT {PL} HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 {TOKEN}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .into_bytes();
    let chunk = vec![b' '; 8 * 1024];
    for _ in 0..10 {
        req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend_from_slice(&chunk);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let text = raw_http(addr, req).await;
    assert!(
        text.starts_with("HTTP/1.1 413"),
        "{}",
        &text[..text.len().min(400)]
    );

    // The server is still fine after all that.
    let text = raw_http(
        addr,
        format!("GET {PL} HTTP/1.1\r\nHost: x\r\nAuthorization: AIVENV1 {TOKEN}\r\nConnection: close\r\n\r\n")
            .into_bytes(),
    )
    .await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"state\":\"active\""), "{text}");
    server.abort();
}

// ---- fault injection ----

async fn fault(t: &TestApp, body: Value) {
    let (s, v) = t.call("POST", "/sim/faults", Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn a_500_fault_with_count_1_fails_the_next_matching_request_and_not_the_one_after() {
    let t = TestApp::new("fault-500");
    t.active_privatelink().await;
    fault(
        &t,
        json!({"path": PL, "method": "GET", "status": 500, "count": 1}),
    )
    .await;
    // Other methods and other paths are untouched.
    assert_eq!(t.call("GET", PG, None).await.0, StatusCode::OK);
    assert_eq!(
        t.call("POST", &format!("{PL}/refresh"), None).await.0,
        StatusCode::OK
    );
    let (s, v) = t.call("GET", PL, None).await;
    assert_error(s, &v, StatusCode::INTERNAL_SERVER_ERROR);
    let (s, v) = t.call("GET", PL, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "active");
}

#[tokio::test]
async fn a_fault_without_a_method_matches_any_method_and_ignores_the_query() {
    let t = TestApp::new("fault-any");
    fault(&t, json!({"path": PG, "status": 503, "count": 2})).await;
    let (s, v) = t
        .call(
            "PUT",
            &format!("{PG}?limit=999"),
            Some(json!({"plan": "business-8"})),
        )
        .await;
    assert_error(s, &v, StatusCode::SERVICE_UNAVAILABLE);
    let (s, v) = t.call("GET", PG, None).await;
    assert_error(s, &v, StatusCode::SERVICE_UNAVAILABLE);
    let (s, v) = t.call("GET", PG, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_ne!(
        v["service"]["plan"], "business-8",
        "the faulted PUT went through"
    );
}

#[tokio::test]
async fn a_fault_matches_the_path_exactly() {
    let t = TestApp::new("fault-exact");
    fault(
        &t,
        json!({"path": "/v1/project/demo-project/service/demo", "status": 500}),
    )
    .await;
    fault(&t, json!({"path": format!("{PG}/"), "status": 500})).await;
    assert_eq!(t.call("GET", PG, None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn delete_sim_faults_clears_every_pending_fault() {
    let t = TestApp::new("fault-clear");
    fault(&t, json!({"path": PG, "status": 500, "count": 5})).await;
    let (s, _) = t.call("DELETE", "/sim/faults", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(t.call("GET", PG, None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_fault_without_a_status_lets_the_request_through_and_a_4xx_fault_keeps_its_message() {
    let t = TestApp::new("fault-pass");
    fault(&t, json!({"path": PG, "count": 1})).await;
    assert_eq!(t.call("GET", PG, None).await.0, StatusCode::OK);
    fault(
        &t,
        json!({"path": PG, "status": 429, "message": "slow down"}),
    )
    .await;
    let (s, v) = t.call("GET", PG, None).await;
    assert_error(s, &v, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(v["message"], "slow down");
    assert_eq!(t.call("GET", PG, None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn cors_preflights_are_never_faulted() {
    let t = TestApp::new("fault-cors");
    fault(&t, json!({"path": PL, "status": 500})).await;
    let r = Request::options(PL)
        .header("origin", "https://x.example")
        .header("access-control-request-method", "GET")
        .body(Body::empty())
        .unwrap();
    let res = app(t.state.clone()).oneshot(r).await.unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    // The fault is still pending for the real request.
    assert_eq!(
        t.call("GET", PL, None).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

// ---- test controls off, system clock ----

fn production_config(dir: &Path) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        demo_token: Some(TOKEN.into()),
        panel_dir: None,
        test_controls: false,
        manual_clock: false,
        delays: Delays {
            create_ms: 0,
            connect_ms: 0,
            dns_ms: 0,
            rebuild_ms: 0,
            delete_ms: 0,
        },
    }
}

#[tokio::test]
async fn without_test_controls_only_sim_endpoints_is_served_and_faults_do_not_fire() {
    let dir = temp_dir("no-controls");
    let _guard = DirGuard(dir.clone());
    let (state, token) = AppState::open(&production_config(&dir)).unwrap();
    assert_eq!(token, TOKEN);
    for (path, body) in [
        ("/sim/faults", json!({"path": PG, "status": 500})),
        ("/sim/clock/advance", json!({"seconds": 1})),
        ("/sim/tokens", json!({"token": "x", "projects": []})),
        (
            "/sim/services",
            json!({"project": "p", "service_name": "s", "service_type": "pg", "cloud_name": "azure-eastus"}),
        ),
    ] {
        let (s, v) = send(&state, "POST", path, Some(body)).await;
        assert_error(s, &v, StatusCode::NOT_FOUND);
    }
    let (s, v) = send(&state, "DELETE", "/sim/faults", None).await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    assert_eq!(send(&state, "GET", PG, None).await.0, StatusCode::OK);
    // The customer side still works; with zero delays the privatelink is active at once.
    send(
        &state,
        "POST",
        PL,
        Some(json!({"user_subscription_ids": [SUB]})),
    )
    .await;
    let pl = send(&state, "GET", PL, None).await.1;
    assert_eq!(pl["state"], "active");
    let (s, v) = send(
        &state,
        "POST",
        "/sim/endpoints",
        Some(json!({"subscription_id": SUB, "resource_group": "rg", "name": "pe", "target": pl["azure_service_alias"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert!(
        v["private_endpoint_id"].is_string() && v["private_ip_address"].is_string(),
        "{v}"
    );
}

#[tokio::test]
async fn advancing_the_system_clock_is_refused() {
    let dir = temp_dir("sys-clock");
    let _guard = DirGuard(dir.clone());
    let mut cfg = production_config(&dir);
    cfg.test_controls = true;
    let (state, _) = AppState::open(&cfg).unwrap();
    let (s, v) = send(
        &state,
        "POST",
        "/sim/clock/advance",
        Some(json!({"seconds": 1})),
    )
    .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    for bad in [json!({"seconds": -1}), json!({"seconds": "1"}), json!({})] {
        let (s, v) = send(&state, "POST", "/sim/clock/advance", Some(bad)).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
}
