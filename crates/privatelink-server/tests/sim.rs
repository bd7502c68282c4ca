//! The simulator outside /v1: the customer's private endpoints (`POST /sim/endpoints` and the
//! `sim create-endpoint` command over a real socket), and the test controls (faults, the
//! manual clock, services, tokens), which exist only with `--test-controls`.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use privatelink_server::sim_cli::{create_endpoint, CreateEndpoint};
use privatelink_server::Delays;
use serde_json::{json, Value};

fn endpoint(sub: &str, name: &str, target: &Value) -> Option<Value> {
    Some(json!({"subscription_id": sub, "resource_group": "rg", "name": name, "target": target}))
}

// ---- customer endpoints ----

#[tokio::test]
async fn an_endpoint_answers_201_with_its_id_and_a_private_ip() {
    let t = TestApp::new("endpoint");
    let pl = t.active_privatelink().await;
    let (s, v) = t
        .call(
            "POST",
            "/sim/endpoints",
            endpoint(SUB, "pe-1", &pl["azure_service_alias"]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(
        v["private_endpoint_id"],
        format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-1")
    );
    assert_eq!(v["private_ip_address"], "10.0.0.4");
    assert_eq!(v["project"], "demo-project");
    assert_eq!(v["service_name"], "demo-pg");
    // Addresses are distinct per endpoint.
    let (_, v2) = t
        .call(
            "POST",
            "/sim/endpoints",
            endpoint(SUB, "pe-2", &pl["azure_service_id"]),
        )
        .await;
    assert_ne!(v2["private_ip_address"], v["private_ip_address"]);
}

#[tokio::test]
async fn an_endpoint_cannot_target_a_privatelink_that_is_still_creating() {
    let t = TestApp::new("early-endpoint");
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    let (s, v) = t
        .call(
            "POST",
            "/sim/endpoints",
            endpoint(
                SUB,
                "pe",
                &json!("aivenprod-ss000.x.eastus.azure.privatelinkservice"),
            ),
        )
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn endpoints_match_the_allowlist_whatever_the_case_of_the_subscription() {
    // Azure compares subscription IDs ignoring case; the simulated customer may write it
    // either way (the strict spelling applies to the Aiven API, not to Azure).
    let t = TestApp::new("sub-case");
    t.active_privatelink().await;
    let id = t
        .discovered_connection(&SUB.to_uppercase(), "pe-upper")
        .await;
    assert!(id.is_some(), "an upper-case subscription ID was rejected");
}

#[tokio::test]
async fn the_same_endpoint_created_twice_is_409_and_listed_once() {
    let t = TestApp::new("dup-endpoint");
    let pl = t.active_privatelink().await;
    let (s, _) = t
        .call(
            "POST",
            "/sim/endpoints",
            endpoint(SUB, "pe", &pl["azure_service_id"]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let body = json!({"subscription_id": SUB, "resource_group": "RG", "name": "PE", "target": pl["azure_service_alias"]});
    let (s, v) = t.call("POST", "/sim/endpoints", Some(body)).await;
    assert_error(s, &v, StatusCode::CONFLICT);
    t.call("POST", &format!("{PL}/refresh"), None).await;
    t.call("POST", &format!("{PL}/refresh"), None).await;
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"].as_array().unwrap().len(), 1, "{list}");
}

#[tokio::test]
async fn a_deleted_endpoint_leaves_the_connection_list_and_a_second_delete_is_404() {
    let t = TestApp::new("delete-endpoint");
    let pl = t.active_privatelink().await;
    for name in ["pe-1", "pe-2"] {
        let (s, v) = t
            .call(
                "POST",
                "/sim/endpoints",
                endpoint(SUB, name, &pl["azure_service_alias"]),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    t.call("POST", &format!("{PL}/refresh"), None).await;
    let (s, v) = t
        .call(
            "DELETE",
            "/sim/endpoints",
            endpoint(SUB, "pe-1", &pl["azure_service_alias"]),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    let left: Vec<&str> = list["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["private_endpoint_id"].as_str().unwrap())
        .collect();
    assert_eq!(left.len(), 1, "{list}");
    assert!(left[0].ends_with("/pe-2"), "{list}");
    let (s, v) = t
        .call(
            "DELETE",
            "/sim/endpoints",
            endpoint(SUB, "pe-1", &pl["azure_service_alias"]),
        )
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_endpoint_names_are_400_with_the_cores_sentence() {
    let t = TestApp::new("endpoint-400");
    let pl = t.active_privatelink().await;
    for (sub, rg, name) in [
        ("banana", "rg", "pe"),
        (SUB, "rg with space", "pe"),
        (SUB, "rg", ""),
    ] {
        let (s, v) = t
            .call(
                "POST",
                "/sim/endpoints",
                Some(json!({"subscription_id": sub, "resource_group": rg, "name": name, "target": pl["azure_service_alias"]})),
            )
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
}

// ---- `privatelink-server sim create-endpoint` ----

/// The command's work, off the async runtime (it blocks on its HTTP call).
async fn run_create_endpoint(args: CreateEndpoint) -> Result<Value, String> {
    tokio::task::spawn_blocking(move || create_endpoint(&args))
        .await
        .unwrap()
}

fn args(server: &str, sub: &str, target: &str) -> CreateEndpoint {
    CreateEndpoint {
        server: server.to_owned(),
        subscription_id: sub.to_owned(),
        resource_group: "cli-rg".to_owned(),
        name: "cli-pe".to_owned(),
        target: target.to_owned(),
    }
}

#[tokio::test]
async fn the_create_endpoint_command_creates_an_endpoint_a_refresh_then_lists() {
    let t = TestApp::new("cli");
    let pl = t.active_privatelink().await;
    let alias = pl["azure_service_alias"].as_str().unwrap();
    let (addr, server) = serve_on_socket(&t.state).await;
    let created = run_create_endpoint(args(&format!("http://{addr}/"), SUB, alias))
        .await
        .unwrap();
    assert!(
        created["private_endpoint_id"].as_str().unwrap().ends_with(
            "/resourceGroups/cli-rg/providers/Microsoft.Network/privateEndpoints/cli-pe"
        ),
        "{created}"
    );
    assert!(created["private_ip_address"].is_string(), "{created}");
    t.call("POST", &format!("{PL}/refresh"), None).await;
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(
        list["connections"][0]["private_endpoint_id"],
        created["private_endpoint_id"]
    );
    // An API error is reported with its message and status.
    let err = run_create_endpoint(args(&format!("http://{addr}"), SUB, alias))
        .await
        .unwrap_err();
    assert!(err.ends_with("already exists. (status 409)"), "{err}");
    let err = run_create_endpoint(args(&format!("http://{addr}"), SUB, "nowhere"))
        .await
        .unwrap_err();
    assert!(err.ends_with("(status 404)"), "{err}");
    server.abort();
}

#[tokio::test]
async fn the_create_endpoint_command_reports_bad_arguments_and_unreachable_servers() {
    // Bad arguments are refused before any network call (nothing listens on port 9).
    let err = run_create_endpoint(args("http://127.0.0.1:9", "banana", "x"))
        .await
        .unwrap_err();
    assert!(err.contains("\"banana\""), "{err}");
    let err = run_create_endpoint(args("127.0.0.1:9", SUB, "x"))
        .await
        .unwrap_err();
    assert!(err.starts_with("--server must be an http:// URL"), "{err}");
    let err = run_create_endpoint(args("http://127.0.0.1:9", SUB, "x"))
        .await
        .unwrap_err();
    assert!(
        err.starts_with("cannot reach the server at http://127.0.0.1:9"),
        "{err}"
    );
}

// ---- test controls ----

#[tokio::test]
async fn a_service_from_sim_services_in_a_new_project_gets_a_privatelink() {
    let t = TestApp::new("sim-svc");
    let new = json!({"project": "iso-project", "service_name": "iso-pg", "service_type": "pg",
                     "cloud_name": "azure-westeurope", "project_vpc_id": "vpc-1", "static_ips": true});
    let (s, v) = t.call("POST", "/sim/services", Some(new.clone())).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["service"]["service_name"], "iso-pg");
    let pl = "/v1/project/iso-project/service/iso-pg/privatelink/azure";
    let (s, v) = t
        .call("POST", pl, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    t.advance(60.0).await;
    let v = t.call("GET", pl, None).await.1;
    assert!(
        v["azure_service_alias"]
            .as_str()
            .unwrap()
            .contains(".westeurope.azure.privatelinkservice"),
        "{v}"
    );
    let (s, v) = t.call("POST", "/sim/services", Some(new)).await;
    assert_error(s, &v, StatusCode::CONFLICT);
    let (s, v) = t
        .call(
            "POST",
            "/sim/services",
            Some(json!({"project": "p", "service_name": "s", "service_type": "oracle", "cloud_name": "azure-eastus"})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert_eq!(message(&v), "Unknown service type oracle.");
}

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
        json!({"path": PL, "method": "GET", "status": 500, "count": 1, "message": "boom"}),
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
    assert_eq!(message(&v), "boom");
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
    assert_eq!(message(&v), "slow down");
    assert_eq!(t.call("GET", PG, None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_fault_with_a_status_outside_4xx_5xx_or_an_endless_delay_is_400() {
    let t = TestApp::new("fault-bad");
    for body in [
        json!({"path": PG, "status": 200}),
        json!({"path": PG, "status": 999}),
        json!({"path": PG, "delay_ms": 600_001}),
        json!({"path": "no-slash"}),
    ] {
        let (s, v) = t.call("POST", "/sim/faults", Some(body.clone())).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
    let (s, _) = t
        .call(
            "POST",
            "/sim/faults",
            Some(json!({"path": PG, "delay_ms": 600_000, "count": 0})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn cors_preflights_are_never_faulted() {
    let t = TestApp::new("fault-cors");
    fault(&t, json!({"path": PL, "status": 500})).await;
    let a = t
        .send(
            Request::options(PL)
                .header("origin", "https://x.example")
                .header("access-control-request-method", "GET")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(a.status.is_success(), "{}", a.status);
    // The fault is still pending for the real request.
    assert_eq!(
        t.call("GET", PL, None).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

// ---- test controls off, system clock ----

fn production(cfg: &mut privatelink_server::Config) {
    cfg.test_controls = false;
    cfg.manual_clock = false;
    cfg.delays = Delays {
        create_ms: 0,
        connect_ms: 0,
        dns_ms: 0,
        rebuild_ms: 0,
        delete_ms: 0,
    };
}

#[tokio::test]
async fn without_test_controls_only_sim_endpoints_is_served_and_faults_do_not_fire() {
    let t = TestApp::with_config("no-controls", production);
    for (path, body) in [
        ("/sim/faults", json!({"path": PG, "status": 500})),
        ("/sim/clock/advance", json!({"seconds": 1})),
        ("/sim/tokens", json!({"token": "x", "projects": []})),
        (
            "/sim/services",
            json!({"project": "p", "service_name": "s", "service_type": "pg", "cloud_name": "azure-eastus"}),
        ),
        // Decided before the body is read.
        ("/sim/faults", json!({"nonsense": true})),
    ] {
        let (s, v) = t.call("POST", path, Some(body)).await;
        assert_error(s, &v, StatusCode::NOT_FOUND);
    }
    let (s, v) = t.call("DELETE", "/sim/faults", None).await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    assert_eq!(t.call("GET", PG, None).await.0, StatusCode::OK);
    // The customer side still works; with zero delays the privatelink is active at once.
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    let pl = t.call("GET", PL, None).await.1;
    assert_eq!(pl["state"], "active");
    let (s, v) = t
        .call(
            "POST",
            "/sim/endpoints",
            endpoint(SUB, "pe", &pl["azure_service_alias"]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert!(
        v["private_endpoint_id"].is_string() && v["private_ip_address"].is_string(),
        "{v}"
    );
}

#[tokio::test]
async fn advancing_the_system_clock_is_refused_and_bad_seconds_are_400() {
    let t = TestApp::with_config("sys-clock", |cfg| {
        production(cfg);
        cfg.test_controls = true;
    });
    let (s, v) = t
        .call("POST", "/sim/clock/advance", Some(json!({"seconds": 1})))
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    for bad in [
        json!({"seconds": -1}),
        json!({"seconds": "1"}),
        json!({"seconds": 1e12}),
        json!({}),
    ] {
        let (s, v) = t.call("POST", "/sim/clock/advance", Some(bad)).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
}

// ---- hostile callers: CORS, credentials, content types, caps ----

/// Every test-control operation, with a body it would accept.
fn test_controls() -> Vec<(&'static str, &'static str, Option<Value>)> {
    vec![
        (
            "POST",
            "/sim/faults",
            Some(json!({"path": PG, "status": 500})),
        ),
        ("DELETE", "/sim/faults", None),
        ("POST", "/sim/clock/advance", Some(json!({"seconds": 1}))),
        (
            "POST",
            "/sim/services",
            Some(
                json!({"project": "p", "service_name": "s", "service_type": "pg", "cloud_name": "azure-eastus"}),
            ),
        ),
        (
            "POST",
            "/sim/tokens",
            Some(json!({"token": "minted", "projects": ["demo-project"]})),
        ),
    ]
}

fn preflight(path: &str, origin: &str) -> Request<Body> {
    Request::options(path)
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .body(Body::empty())
        .unwrap()
}

fn has_cors(a: &Answer) -> bool {
    a.headers
        .keys()
        .any(|k| k.as_str().starts_with("access-control-"))
}

#[tokio::test]
async fn sim_routes_send_no_cors_headers_and_refuse_preflights_while_v1_keeps_them() {
    let t = TestApp::new("sim-cors");
    let pl = t.active_privatelink().await;
    for path in [
        "/sim/endpoints",
        "/sim/faults",
        "/sim/clock/advance",
        "/sim/services",
        "/sim/tokens",
        "/sim/unknown",
    ] {
        let a = t.send(preflight(path, "https://evil.example")).await;
        assert!(!a.status.is_success(), "{path}: {}", a.status);
        assert!(!has_cors(&a), "{path}: {:?}", a.headers);
    }
    // Answers to requests that carry an Origin have none either.
    let a = t
        .send(
            request("POST", "/sim/endpoints")
                .header("origin", "https://evil.example")
                .header("content-type", "application/json")
                .body(Body::from(
                    endpoint(SUB, "pe-x", &pl["azure_service_alias"])
                        .unwrap()
                        .to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert!(!has_cors(&a), "{:?}", a.headers);
    let a = t
        .send(
            request("POST", "/sim/clock/advance")
                .header("origin", "https://evil.example")
                .header("content-type", "application/json")
                .body(Body::from(r#"{"seconds": 1}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(!has_cors(&a), "{:?}", a.headers);
    // The API itself still answers other origins.
    let a = t.send(preflight(PL, "https://dashboard.example")).await;
    assert!(a.status.is_success());
    assert_eq!(a.headers["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn only_the_origin_given_with_sim_cors_origin_gets_cors_on_sim() {
    let origin = "http://127.0.0.1:18766";
    let t = TestApp::with_config("sim-cors-origin", |c| {
        c.sim_cors_origin = Some(origin.to_owned())
    });
    let a = t.send(preflight("/sim/faults", origin)).await;
    assert!(a.status.is_success(), "{}", a.status);
    assert_eq!(a.headers["access-control-allow-origin"], origin);
    let allowed = a.headers["access-control-allow-headers"].to_str().unwrap();
    assert!(allowed.contains("authorization"), "{allowed}");
    let a = t
        .send(
            request("POST", "/sim/clock/advance")
                .header("origin", origin)
                .header("content-type", "application/json")
                .body(Body::from(r#"{"seconds": 1}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers["access-control-allow-origin"], origin);
    // Any other origin: nothing.
    let a = t.send(preflight("/sim/faults", "http://127.0.0.1:1")).await;
    assert!(!a.status.is_success());
    assert!(!has_cors(&a));
    // And it needs the test controls.
    let dir = temp_dir("sim-cors-origin-off");
    let mut cfg = config(&dir);
    cfg.test_controls = false;
    cfg.manual_clock = false;
    cfg.sim_cors_origin = Some(origin.to_owned());
    assert!(privatelink_server::AppState::open(&cfg).is_err());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn sim_routes_take_json_only_so_a_form_or_text_post_changes_nothing() {
    let t = TestApp::new("sim-json");
    let pl = t.active_privatelink().await;
    let body = endpoint(SUB, "pe-form", &pl["azure_service_alias"])
        .unwrap()
        .to_string();
    // What a page of another origin can send without a preflight.
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        for path in ["/sim/endpoints", "/sim/services", "/sim/clock/advance"] {
            let a = t
                .send(
                    request("POST", path)
                        .header("content-type", ct)
                        .body(Body::from(body.clone()))
                        .unwrap(),
                )
                .await;
            assert_error(a.status, &a.body, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        }
    }
    t.call("POST", &format!("{PL}/refresh"), None).await;
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"], json!([]), "{list}");
}

#[tokio::test]
async fn test_controls_need_the_demo_token_decided_before_the_body() {
    let t = TestApp::new("sim-token-rules");
    let (s, v) = t
        .call(
            "POST",
            "/sim/tokens",
            Some(json!({"token": "ci-token", "projects": ["demo-project"]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let oversized = "x".repeat(70 * 1024);
    for (method, path, _) in test_controls() {
        for (auth, want) in [
            (None, StatusCode::UNAUTHORIZED),
            (Some("aivenv1 unknown"), StatusCode::UNAUTHORIZED),
            (Some("Bearer test-token"), StatusCode::UNAUTHORIZED),
            // A real token, but not the server's.
            (Some("aivenv1 ci-token"), StatusCode::FORBIDDEN),
        ] {
            let mut b = Request::builder()
                .method(method)
                .uri(path)
                .header("content-type", "application/json");
            if let Some(a) = auth {
                b = b.header("authorization", a);
            }
            let a = t.send(b.body(Body::from(oversized.clone())).unwrap()).await;
            assert_error(a.status, &a.body, want);
        }
    }
    // Nothing was planted: the next request goes through.
    assert_eq!(t.call("GET", PG, None).await.0, StatusCode::OK);
    // The demo token may use them all (the list ends with a new token).
    for (method, path, body) in test_controls() {
        let (s, v) = t.call(method, path, body).await;
        assert!(s.is_success(), "{method} {path}: {s} {v}");
    }
    // The demo token cannot be overwritten through /sim/tokens.
    let (s, v) = t
        .call(
            "POST",
            "/sim/tokens",
            Some(json!({"token": TOKEN, "projects": []})),
        )
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert_eq!(t.call("GET", PG, None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn endpoints_per_privatelink_are_capped_at_azures_1000_with_a_409() {
    let t = TestApp::new("endpoint-cap");
    let pl = t.active_privatelink().await;
    // 999 endpoints written straight into the record (creating them one by one is slow in
    // a debug build).
    {
        let db = rusqlite::Connection::open(t.dir.join("privatelink.db")).unwrap();
        let data: String = db
            .query_row(
                "SELECT data FROM services WHERE name = 'demo-pg'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let mut record: Value = serde_json::from_str(&data).unwrap();
        let endpoints: Vec<Value> = (0..999)
            .map(|i| {
                json!({
                    "private_endpoint_id": format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/bulk-{i}"),
                    "subscription_id": SUB,
                    "private_ip_address": format!("10.1.{}.{}", i / 250, 4 + i % 250),
                    "created_ms": 0,
                    "discovered": null,
                })
            })
            .collect();
        record["privatelink"]["endpoints"] = Value::Array(endpoints);
        db.execute(
            "UPDATE services SET data = ?1 WHERE name = 'demo-pg'",
            [record.to_string()],
        )
        .unwrap();
    }
    let alias = &pl["azure_service_alias"];
    let (s, v) = t
        .call("POST", "/sim/endpoints", endpoint(SUB, "pe-1000", alias))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = t
        .call("POST", "/sim/endpoints", endpoint(SUB, "pe-1001", alias))
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert!(message(&v).contains("1000"), "{v}");
    // The other services are not affected.
    let kafka_pl = "/v1/project/demo-project/service/demo-kafka/privatelink/azure";
    t.call(
        "POST",
        kafka_pl,
        Some(json!({"user_subscription_ids": [SUB]})),
    )
    .await;
    t.advance(60.0).await;
    let kafka = t.call("GET", kafka_pl, None).await.1;
    let (s, v) = t
        .call(
            "POST",
            "/sim/endpoints",
            endpoint(SUB, "pe-k", &kafka["azure_service_alias"]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}

#[tokio::test]
async fn faults_are_capped_and_the_test_controls_cannot_be_faulted() {
    let t = TestApp::new("fault-cap");
    for path in [
        "/sim/faults",
        "/sim/clock/advance",
        "/sim/services",
        "/sim/tokens",
    ] {
        let (s, v) = t
            .call(
                "POST",
                "/sim/faults",
                Some(json!({"path": path, "status": 500})),
            )
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
    for i in 0..privatelink_server::faults::MAX_FAULTS {
        fault(
            &t,
            json!({"path": format!("/v1/nowhere/{i}"), "status": 500}),
        )
        .await;
    }
    let (s, v) = t
        .call(
            "POST",
            "/sim/faults",
            Some(json!({"path": PG, "status": 500})),
        )
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert_eq!(t.state.faults.len(), privatelink_server::faults::MAX_FAULTS);
    let (s, _) = t.call("DELETE", "/sim/faults", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(t.state.faults.is_empty());
    fault(&t, json!({"path": PG, "status": 503})).await;
    assert_eq!(
        t.call("GET", PG, None).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

#[tokio::test]
async fn a_body_delay_fault_sends_the_head_at_once_and_holds_the_body_back() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let t = TestApp::new("fault-slow-body");
    t.active_privatelink().await;
    fault(
        &t,
        json!({"path": PL, "method": "GET", "body_delay_ms": 400, "count": 1}),
    )
    .await;
    let started = std::time::Instant::now();
    let res = privatelink_server::app(t.state.clone())
        .oneshot(json_request("GET", PL, None))
        .await
        .unwrap();
    let head = started.elapsed();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body = started.elapsed();
    assert!(
        head < std::time::Duration::from_millis(300),
        "head after {head:?}"
    );
    assert!(
        body >= std::time::Duration::from_millis(400),
        "body after {body:?}"
    );
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["state"], "active", "the body is the real answer");
    // Used up: the next answer is whole at once.
    let started = std::time::Instant::now();
    assert_eq!(t.call("GET", PL, None).await.0, StatusCode::OK);
    assert!(started.elapsed() < std::time::Duration::from_millis(300));
}
