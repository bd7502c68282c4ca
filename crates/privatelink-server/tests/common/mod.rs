//! An in-process server for the API tests: a fresh data directory, the manual clock and the
//! test controls, driven with `oneshot` (no socket, no sleeps).
#![allow(dead_code)]

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use privatelink_server::{app, AppState, Config, Delays, Shared};
use serde_json::Value;
use tower::ServiceExt;

pub const TOKEN: &str = "test-token";
pub const SUB: &str = "8eefec94-5d63-40c9-983c-03ab083b411d";
pub const PG: &str = "/v1/project/demo-project/service/demo-pg";
pub const PL: &str = "/v1/project/demo-project/service/demo-pg/privatelink/azure";

pub struct TestApp {
    pub state: Shared,
    pub dir: PathBuf,
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

pub fn config(dir: &std::path::Path) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        demo_token: Some(TOKEN.into()),
        panel_dir: None,
        test_controls: true,
        manual_clock: true,
        delays: Delays::default(),
    }
}

impl TestApp {
    pub fn new(name: &str) -> TestApp {
        let dir = temp_dir(name);
        let (state, _) = AppState::open(&config(&dir)).expect("opens");
        TestApp { state, dir }
    }

    /// Same data directory, new process state (a restart).
    pub fn restart(&mut self) {
        let (state, _) = AppState::open(&config(&self.dir)).expect("reopens");
        self.state = state;
    }

    pub async fn raw(&self, req: Request<Body>) -> (StatusCode, Value) {
        let res = app(self.state.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let v = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        (status, v)
    }

    /// A request with the test token; `body` is sent as application/json.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let b = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("aivenv1 {TOKEN}"));
        let req = match body {
            Some(v) => b
                .header("content-type", "application/json")
                .body(Body::from(v.to_string()))
                .unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        self.raw(req).await
    }

    pub async fn advance(&self, seconds: f64) {
        let (s, _) = self
            .call(
                "POST",
                "/sim/clock/advance",
                Some(serde_json::json!({"seconds": seconds})),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
    }

    /// demo-pg with an active privatelink allowing SUB.
    pub async fn active_privatelink(&self) -> Value {
        let (s, _) = self
            .call(
                "POST",
                PL,
                Some(serde_json::json!({"user_subscription_ids": [SUB]})),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        self.advance(60.0).await;
        self.call("GET", PL, None).await.1
    }

    /// An endpoint from `sub` against the alias, discovered by a refresh; its connection ID.
    pub async fn discovered_connection(&self, sub: &str, name: &str) -> Option<String> {
        let pl = self.call("GET", PL, None).await.1;
        let (s, _) = self
            .call(
                "POST",
                "/sim/endpoints",
                Some(
                    serde_json::json!({"subscription_id": sub, "resource_group": "rg", "name": name,
                                        "target": pl["azure_service_alias"]}),
                ),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let (s, _) = self.call("POST", &format!("{PL}/refresh"), None).await;
        assert_eq!(s, StatusCode::OK);
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
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Asserts the Aiven error body with this status.
pub fn assert_error(status: StatusCode, body: &Value, want: StatusCode) {
    assert_eq!(status, want, "{body}");
    assert!(body["message"].is_string(), "no message: {body}");
    assert_eq!(body["errors"][0]["status"], want.as_u16(), "{body}");
}
