//! An in-process server for the API tests: a fresh data directory, the manual clock and the
//! test controls, driven with `oneshot` (no socket, no sleeps). Every request of every test
//! goes through [`send`].
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use axum::http::{request, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use privatelink_core::Cloud;
use privatelink_server::routes::{Verb, ROUTES};
use privatelink_server::{app, AppState, Config, Delays, Limits, Shared};
use serde_json::{json, Value};
use tower::ServiceExt;

pub const TOKEN: &str = "test-token";
pub const SUB: &str = "8eefec94-5d63-40c9-983c-03ab083b411d";
pub const OTHER_SUB: &str = "11111111-2222-4333-8444-555555555555";
pub const PG: &str = "/v1/project/demo-project/service/demo-pg";
pub const PL: &str = "/v1/project/demo-project/service/demo-pg/privatelink/azure";

/// A connection's path under [`PL`].
pub fn conn(id: &str) -> String {
    format!("{PL}/connections/{id}")
}

/// The demo service of each cloud (demo data), the one a cloud's routes are tried on.
pub fn demo_service(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Azure => "demo-pg",
        Cloud::Aws => "demo-pg-aws",
        Cloud::Google => "demo-kafka-gcp",
    }
}

/// One operation of the route table ([`ROUTES`]) made concrete: method, path on the demo
/// service of the route's cloud (demo-pg when it has none), and the schema of its body.
pub struct V1Route {
    pub method: &'static str,
    pub path: String,
    pub body: Option<&'static str>,
}

/// Every `/v1` operation of the route table, so a test that says "every route" cannot
/// skip one added later. `id` fills `{connection_id}`.
pub fn v1_routes(id: &str) -> Vec<V1Route> {
    ROUTES
        .iter()
        .filter(|r| r.path.starts_with("/v1/"))
        .map(|r| {
            let cloud = Cloud::ALL
                .into_iter()
                .find(|c| r.path.contains(&format!("/privatelink/{}", c.as_str())));
            let path = r
                .path
                .replace("{project}", "demo-project")
                .replace("{service}", demo_service(cloud.unwrap_or(Cloud::Azure)))
                .replace("{service_type}", "pg")
                .replace("{connection_id}", id);
            let method = match r.verb {
                Verb::Get => "GET",
                Verb::Post => "POST",
                Verb::Put => "PUT",
                Verb::Delete => "DELETE",
            };
            V1Route {
                method,
                path,
                body: r.body,
            }
        })
        .collect()
}

/// A body each body schema of the route table accepts (on the demo services).
pub fn valid_body(schema: &str) -> Value {
    match schema {
        "PrivatelinkRequest" => json!({"user_subscription_ids": [SUB]}),
        "ConnectionUpdate" => json!({"user_ip_address": "10.0.0.5"}),
        "ServiceUpdate" => json!({"plan": "business-4"}),
        "AwsPrivatelinkRequest" => json!({"principals": ["arn:aws:iam::012345678901:root"]}),
        "GoogleApproveRequest" => json!({"user_ip_address": "10.0.0.7"}),
        other => panic!("no valid body for schema {other}: add one here"),
    }
}

/// One answer: status, headers, the body parsed as JSON (a string when it is not JSON,
/// `Null` when empty) and the raw bytes.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub bytes: Bytes,
}

/// Runs one request through the whole app on `state`.
pub async fn send(state: &Shared, req: Request<Body>) -> Answer {
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    Answer {
        status,
        headers,
        body,
        bytes,
    }
}

/// A request with the test token, for a test to add headers and a body to.
pub fn request(method: &str, path: &str) -> request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("aivenv1 {TOKEN}"))
}

/// A request with the test token and, if given, a JSON body sent as application/json.
pub fn json_request(method: &str, path: &str, body: Option<Value>) -> Request<Body> {
    match body {
        Some(v) => request(method, path)
            .header("content-type", "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => request(method, path).body(Body::empty()).unwrap(),
    }
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "plsrv-{name}-{}-{}",
        std::process::id(),
        privatelink_server::random_hex(4)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The test setup: the test token, the manual clock and the test controls, no panel.
pub fn config(dir: &Path) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        demo_token: Some(TOKEN.into()),
        panel_dir: None,
        test_controls: true,
        manual_clock: true,
        delays: Delays::default(),
        // Generous: tests run many at once on a small machine.
        limits: Limits {
            db_wait: std::time::Duration::from_secs(30),
            ..Limits::default()
        },
        ..Config::default()
    }
}

/// A server on its own data directory, removed on drop.
pub struct TestApp {
    pub state: Shared,
    pub dir: PathBuf,
    cfg: Config,
}

impl TestApp {
    pub fn new(name: &str) -> TestApp {
        Self::with_config(name, |_| {})
    }

    /// A server whose configuration `f` adjusts first.
    pub fn with_config(name: &str, f: impl FnOnce(&mut Config)) -> TestApp {
        let dir = temp_dir(name);
        let mut cfg = config(&dir);
        f(&mut cfg);
        Self::open(dir, cfg)
    }

    fn open(dir: PathBuf, cfg: Config) -> TestApp {
        let (state, _) = AppState::open(&cfg).expect("opens");
        TestApp { state, dir, cfg }
    }

    /// A restart: the old state dropped first (nothing may still hold it), then the same
    /// data directory opened again.
    pub fn restart(mut self) -> TestApp {
        assert_eq!(
            Shared::strong_count(&self.state),
            1,
            "something still holds the state"
        );
        let dir = std::mem::take(&mut self.dir);
        let cfg = self.cfg.clone();
        drop(self);
        Self::open(dir, cfg)
    }

    /// Drops the test app but keeps its data directory; returns the state for the caller to
    /// drop (a restart by hand, with another configuration).
    pub fn into_state(mut self) -> Shared {
        self.dir = PathBuf::new();
        self.state.clone()
    }

    /// A request with another token and a JSON body: status and body.
    pub async fn call_as(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let a = self
            .send(
                Request::builder()
                    .method(method)
                    .uri(path)
                    .header("authorization", format!("aivenv1 {token}"))
                    .header("content-type", "application/json")
                    .body(Body::from(body.to_string()))
                    .unwrap(),
            )
            .await;
        (a.status, a.body)
    }

    pub async fn send(&self, req: Request<Body>) -> Answer {
        send(&self.state, req).await
    }

    /// A request with the test token and an optional JSON body: status and body.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let a = self.send(json_request(method, path, body)).await;
        (a.status, a.body)
    }

    pub async fn advance(&self, seconds: f64) {
        let (s, v) = self
            .call(
                "POST",
                "/sim/clock/advance",
                Some(json!({"seconds": seconds})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }

    /// demo-pg with an active privatelink allowing SUB.
    pub async fn active_privatelink(&self) -> Value {
        let (s, v) = self
            .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        self.advance(60.0).await;
        self.call("GET", PL, None).await.1
    }

    /// An endpoint from `sub` against the alias, discovered by a refresh; its connection ID
    /// (`None` when the refresh rejected it).
    pub async fn discovered_connection(&self, sub: &str, name: &str) -> Option<String> {
        let pl = self.call("GET", PL, None).await.1;
        let (s, v) = self
            .call(
                "POST",
                "/sim/endpoints",
                Some(
                    json!({"subscription_id": sub, "resource_group": "rg", "name": name,
                            "target": pl["azure_service_alias"]}),
                ),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let (s, v) = self.call("POST", &format!("{PL}/refresh"), None).await;
        assert_eq!(s, StatusCode::OK, "{v}");
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
            .map(|c| c["privatelink_connection_id"].as_str().unwrap().to_owned())
    }

    pub async fn connection_state(&self, id: &str) -> String {
        let list = self.call("GET", &format!("{PL}/connections"), None).await.1;
        list["connections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["privatelink_connection_id"] == id)
            .map(|c| c["state"].as_str().unwrap().to_owned())
            .unwrap()
    }

    /// A connection taken through approve, Azure's connect and the IP to `active`.
    pub async fn active_connection(&self, name: &str, ip: &str) -> String {
        let id = self.discovered_connection(SUB, name).await.unwrap();
        self.call("POST", &format!("{}/approve", conn(&id)), None)
            .await;
        self.advance(60.0).await;
        let (s, v) = self
            .call("PUT", &conn(&id), Some(json!({"user_ip_address": ip})))
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        self.advance(60.0).await;
        assert_eq!(self.connection_state(&id).await, "active");
        id
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if !self.dir.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Asserts the Aiven error body with this status.
pub fn assert_error(status: StatusCode, body: &Value, want: StatusCode) {
    assert_eq!(status, want, "{body}");
    assert!(body["message"].is_string(), "no message: {body}");
    assert_eq!(body["errors"][0]["status"], want.as_u16(), "{body}");
}

/// The message of an error body.
pub fn message(body: &Value) -> &str {
    body["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no message: {body}"))
}

/// The sorted keys of an object.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

/// A file of the shared `fixtures/` folder.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The app on a real socket (a free loopback port), through the server's own loop with the
/// state's limits; the task serves until aborted.
pub async fn serve_on_socket(
    state: &Shared,
) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    serve_router(app(state.clone()), state.limits).await
}

/// `router` served on a free loopback port with `limits`, until the task is aborted.
pub async fn serve_router(
    router: axum::Router,
    limits: Limits,
) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        privatelink_server::server::serve(listener, router, limits, std::future::pending())
            .await
            .unwrap();
    });
    (addr, task)
}
