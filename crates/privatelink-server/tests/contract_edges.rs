//! Edges of the wire contract the first suite does not reach: every success answer's
//! envelope, every body-taking route's content rules, every route's 401/403/404/405, the
//! exact body-size boundary, the connection answers against the fixtures, and the
//! privatelink routes of `components` when a connection or a key is not (yet) eligible.

mod common;

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const OTHER_SUB: &str = "11111111-2222-4333-8444-555555555555";

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A request with the test token and an explicit content type and body.
fn req(
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("aivenv1 {TOKEN}"));
    if let Some(ct) = content_type {
        b = b.header("content-type", ct);
    }
    b.body(body.into()).unwrap()
}

/// Status, headers and parsed body (Null when empty).
async fn full(t: &TestApp, r: Request<Body>) -> (StatusCode, HeaderMap, Value) {
    let res = privatelink_server::app(t.state.clone())
        .oneshot(r)
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let v = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON ({status}): {}", String::from_utf8_lossy(&bytes)))
    };
    (status, headers, v)
}

fn is_json_content(h: &HeaderMap) -> bool {
    h.get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The success rules of wire-contract §1: 2xx, JSON content type, an object, no `message`,
/// no truthy `error`.
fn assert_success_envelope(what: &str, s: StatusCode, h: &HeaderMap, v: &Value) {
    assert!(s.is_success(), "{what}: {s} {v}");
    assert!(
        is_json_content(h),
        "{what}: content-type {:?}",
        h.get(CONTENT_TYPE)
    );
    assert!(v.is_object(), "{what}: not an object: {v}");
    assert!(v.get("message").is_none(), "{what}: has message: {v}");
    let err = v.get("error");
    assert!(
        err.is_none() || err == Some(&Value::Null) || err == Some(&json!(false)),
        "{what}: truthy error: {v}"
    );
}

async fn check(t: &TestApp, what: &str, r: Request<Body>) -> Value {
    let (s, h, v) = full(t, r).await;
    assert_success_envelope(what, s, &h, &v);
    v
}

fn conn(id: &str) -> String {
    format!("{PL}/connections/{id}")
}

// ---- success envelopes and fixture shapes ----

#[tokio::test]
async fn every_success_answer_is_a_json_object_without_message_or_error() {
    let t = TestApp::new("envelope");
    let subs = json!({"user_subscription_ids": [SUB]}).to_string();
    check(
        &t,
        "create",
        req("POST", PL, Some("application/json"), subs.clone()),
    )
    .await;
    check(&t, "get creating", req("GET", PL, None, Body::empty())).await;
    check(
        &t,
        "update",
        req("PUT", PL, Some("application/json"), subs.clone()),
    )
    .await;
    t.advance(60.0).await;
    let id = t.discovered_connection(SUB, "pe-env").await.unwrap();
    check(
        &t,
        "refresh",
        req("POST", &format!("{PL}/refresh"), None, Body::empty()),
    )
    .await;
    check(
        &t,
        "list",
        req("GET", &format!("{PL}/connections"), None, Body::empty()),
    )
    .await;
    check(
        &t,
        "approve",
        req(
            "POST",
            &format!("{}/approve", conn(&id)),
            None,
            Body::empty(),
        ),
    )
    .await;
    check(
        &t,
        "ip",
        req(
            "PUT",
            &conn(&id),
            Some("application/json"),
            r#"{"user_ip_address": "10.1.2.3"}"#,
        ),
    )
    .await;
    check(&t, "service get", req("GET", PG, None, Body::empty())).await;
    check(
        &t,
        "service put",
        req(
            "PUT",
            PG,
            Some("application/json"),
            r#"{"plan": "business-4"}"#,
        ),
    )
    .await;
    check(
        &t,
        "service-types/pg",
        req(
            "GET",
            "/v1/project/demo-project/service-types/pg",
            None,
            Body::empty(),
        ),
    )
    .await;
    check(
        &t,
        "service_types",
        req(
            "GET",
            "/v1/project/demo-project/service_types",
            None,
            Body::empty(),
        ),
    )
    .await;
    check(
        &t,
        "availability",
        req(
            "GET",
            "/v1/project/demo-project/privatelink-availability",
            None,
            Body::empty(),
        ),
    )
    .await;
    check(&t, "delete", req("DELETE", PL, None, Body::empty())).await;
}

#[tokio::test]
async fn update_and_delete_answers_have_the_privatelink_fixture_keys() {
    let t = TestApp::new("pl-shapes");
    t.active_privatelink().await;
    let (s, v) = t
        .call(
            "PUT",
            PL,
            Some(json!({"user_subscription_ids": [SUB, OTHER_SUB]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(keys(&v), keys(&fixture("privatelink-active.json")));
    assert_eq!(v["state"], "active");
    let (s, v) = t.call("DELETE", PL, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(keys(&v), keys(&fixture("privatelink-deleting.json")));
    assert_eq!(v["state"], "deleting");
    // The alias and id stay visible while deleting, as in the fixture.
    assert!(v["azure_service_alias"].is_string(), "{v}");
    assert!(v["azure_service_id"].is_string(), "{v}");
}

#[tokio::test]
async fn approve_and_ip_answers_have_the_connection_fixture_keys() {
    let t = TestApp::new("conn-shapes");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    let want = keys(&fixture("connections-each-state.json")["connections"][0]);
    let (s, v) = t
        .call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(keys(&v), want);
    assert_eq!(v["privatelink_connection_id"], id.as_str());
    assert_eq!(v["state"], "user-approved");
    assert_eq!(v["user_ip_address"], Value::Null);
    let (s, v) = t
        .call(
            "PUT",
            &conn(&id),
            Some(json!({"user_ip_address": "10.0.0.9"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(keys(&v), want);
    assert_eq!(v["user_ip_address"], "10.0.0.9");
    let pe = v["private_endpoint_id"].as_str().unwrap();
    assert_eq!(
        pe,
        format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-1")
    );
}

#[tokio::test]
async fn error_answers_have_the_fixture_keys_a_json_content_type_and_a_code_for_unknown_services() {
    let t = TestApp::new("err-shape");
    let (s, h, v) = full(
        &t,
        req(
            "GET",
            "/v1/project/demo-project/service/pg-missing/privatelink/azure",
            None,
            Body::empty(),
        ),
    )
    .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    assert!(is_json_content(&h));
    let want = fixture("error-not-found.json");
    assert_eq!(v["message"], want["message"]);
    assert_eq!(keys(&v), keys(&want));
    assert_eq!(v["errors"][0]["message"], want["errors"][0]["message"]);
    assert_eq!(v["errors"][0]["error_code"], "service_not_found");
    // The 405 axum produces itself is rewritten into the same body.
    let (s, h, v) = full(&t, req("PATCH", PG, None, Body::empty())).await;
    assert_error(s, &v, StatusCode::METHOD_NOT_ALLOWED);
    assert!(is_json_content(&h));
    assert_eq!(keys(&v), keys(&fixture("error-with-code.json")));
}

// ---- bodies ----

#[tokio::test]
async fn approve_accepts_avns_octet_stream_gos_empty_json_and_an_empty_object() {
    let t = TestApp::new("approve-bodies");
    t.active_privatelink().await;
    let cases: [(&str, Option<&str>, &str); 4] = [
        ("pe-avn", Some("application/octet-stream"), ""),
        ("pe-go", Some("application/json"), ""),
        ("pe-obj", Some("application/json"), "{}"),
        ("pe-none", None, ""),
    ];
    for (name, ct, body) in cases {
        let id = t.discovered_connection(SUB, name).await.unwrap();
        let (s, _, v) = full(
            &t,
            req(
                "POST",
                &format!("{}/approve", conn(&id)),
                ct,
                body.to_owned(),
            ),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{name}: {v}");
        assert_eq!(v["state"], "user-approved", "{name}");
    }
}

#[tokio::test]
async fn a_non_empty_body_on_refresh_or_approve_must_be_a_json_object() {
    let t = TestApp::new("bodyless-posts");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    for path in [format!("{PL}/refresh"), format!("{}/approve", conn(&id))] {
        let (s, _, v) = full(&t, req("POST", &path, Some("text/plain"), "x")).await;
        assert_error(s, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let (s, _, v) = full(
            &t,
            req("POST", &path, Some("application/octet-stream"), "{}"),
        )
        .await;
        assert_error(s, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let (s, _, v) = full(&t, req("POST", &path, Some("application/json"), "[]")).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
    // None of the refused calls approved the connection.
    assert_eq!(t.connection_state(&id).await, "pending-user-approval");
}

#[tokio::test]
async fn json_content_type_is_matched_ignoring_case_and_parameters() {
    let t = TestApp::new("ct-params");
    let (s, _, v) = full(
        &t,
        req(
            "POST",
            PL,
            Some("Application/JSON; charset=utf-8"),
            json!({"user_subscription_ids": [SUB]}).to_string(),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "creating");
}

#[tokio::test]
async fn a_json_body_sent_as_text_plain_is_415_on_every_body_route() {
    let t = TestApp::new("415-all");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    let cases = [
        (
            "POST",
            "/v1/project/demo-project/service/demo-kafka/privatelink/azure".to_owned(),
            json!({"user_subscription_ids": [SUB]}),
        ),
        (
            "PUT",
            PL.to_owned(),
            json!({"user_subscription_ids": [SUB]}),
        ),
        ("PUT", conn(&id), json!({"user_ip_address": "10.0.0.5"})),
        ("PUT", PG.to_owned(), json!({"plan": "business-8"})),
    ];
    for (m, path, body) in cases {
        let (s, _, v) = full(&t, req(m, &path, Some("text/plain"), body.to_string())).await;
        assert_error(s, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    // Nothing changed.
    let svc = t.call("GET", PG, None).await.1;
    assert_ne!(svc["service"]["plan"], "business-8");
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"][0]["user_ip_address"], Value::Null);
    let (s, _) = t
        .call(
            "GET",
            "/v1/project/demo-project/service/demo-kafka/privatelink/azure",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_fields_missing_fields_and_wrong_types_are_400_on_put_routes() {
    let t = TestApp::new("400-put");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    let cases = [
        (
            PL.to_owned(),
            json!({"user_subscription_ids": [SUB], "extra": 1}),
        ),
        (PL.to_owned(), json!({})),
        (PL.to_owned(), json!({"user_subscription_ids": null})),
        (
            PL.to_owned(),
            json!({"user_subscription_ids": [SUB, "not-a-guid"]}),
        ),
        (
            conn(&id),
            json!({"user_ip_address": "10.0.0.5", "extra": 1}),
        ),
        (conn(&id), json!({})),
        (conn(&id), json!({"user_ip_address": "256.0.0.1"})),
        (conn(&id), json!({"user_ip_address": ""})),
        (
            PG.to_owned(),
            json!({"user_config": {"privatelink_access": null}}),
        ),
        (
            PG.to_owned(),
            json!({"user_config": {"privatelink_access": true}}),
        ),
        (PG.to_owned(), json!({"user_config": {"static_ips": "yes"}})),
        (PG.to_owned(), json!({"user_config": "pg"})),
        (PG.to_owned(), json!({"plan": ""})),
        (PG.to_owned(), json!({"plan": 4})),
    ];
    for (path, body) in cases {
        let (s, v) = t.call("PUT", &path, Some(body.clone())).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "PUT {path} {body}: {v}");
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
    let pl = t.call("GET", PL, None).await.1;
    assert_eq!(pl["user_subscription_ids"], json!([SUB]));
}

#[tokio::test]
async fn a_rejected_service_put_changes_nothing_even_when_part_of_it_was_valid() {
    let t = TestApp::new("put-atomic");
    let (s, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"plan": "business-16", "user_config": {"privatelink_access": {"pg": true, "kafka": true}}})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let svc = t.call("GET", PG, None).await.1["service"].clone();
    assert_ne!(svc["plan"], "business-16");
    assert_eq!(svc["state"], "RUNNING");
    assert!(
        svc["user_config"]["privatelink_access"]["pg"] != true,
        "partly applied: {svc}"
    );
}

#[tokio::test]
async fn sixteen_subscriptions_are_accepted_and_seventeen_refused_on_update_too() {
    let t = TestApp::new("sixteen");
    let sixteen: Vec<String> = (1..=16)
        .map(|n| format!("{n:08x}-5d63-40c9-983c-03ab083b411d"))
        .collect();
    let (s, v) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": sixteen})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["user_subscription_ids"].as_array().unwrap().len(), 16);
    let mut seventeen = sixteen.clone();
    seventeen.push(SUB.to_owned());
    let (s, v) = t
        .call("PUT", PL, Some(json!({"user_subscription_ids": seventeen})))
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = t
        .call(
            "PUT",
            PL,
            Some(json!({"user_subscription_ids": [SUB, SUB]})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert_eq!(
        t.call("GET", PL, None).await.1["user_subscription_ids"],
        json!(sixteen)
    );
}

#[tokio::test]
async fn a_body_of_exactly_64_kib_is_read_and_one_byte_more_is_413() {
    let t = TestApp::new("limit");
    let body_of = |len: usize| {
        let mut b = json!({"user_subscription_ids": [SUB]}).to_string();
        b.push_str(&" ".repeat(len - b.len()));
        b
    };
    let (s, _, v) = full(
        &t,
        req("POST", PL, Some("application/json"), body_of(64 * 1024)),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, _, v) = full(
        &t,
        req("PUT", PL, Some("application/json"), body_of(64 * 1024 + 1)),
    )
    .await;
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE);
    let (s, _, v) = full(
        &t,
        req("PUT", PG, Some("application/json"), "x".repeat(100 * 1024)),
    )
    .await;
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE);
}

// ---- auth ----

#[tokio::test]
async fn the_scheme_is_case_insensitive_but_a_token_must_follow_it() {
    let t = TestApp::new("scheme");
    for value in [
        format!("AIVENV1 {TOKEN}"),
        format!("AivenV1 {TOKEN}"),
        format!("aivenv1   {TOKEN}  "),
    ] {
        let r = Request::get(PG)
            .header("authorization", value.as_str())
            .body(Body::empty())
            .unwrap();
        let (s, v) = t.raw(r).await;
        assert_eq!(s, StatusCode::OK, "{value:?}: {v}");
    }
    for value in [
        "aivenv1",
        "aivenv1 ",
        TOKEN,
        "Basic dGVzdDp0ZXN0",
        "aivenv2 test-token",
    ] {
        let r = Request::get(PG)
            .header("authorization", value)
            .body(Body::empty())
            .unwrap();
        let (s, v) = t.raw(r).await;
        assert_error(s, &v, StatusCode::UNAUTHORIZED);
    }
}

fn every_v1_route(id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("GET", PG.to_owned()),
        ("PUT", PG.to_owned()),
        (
            "GET",
            "/v1/project/demo-project/service-types/pg".to_owned(),
        ),
        ("GET", "/v1/project/demo-project/service_types".to_owned()),
        (
            "GET",
            "/v1/project/demo-project/privatelink-availability".to_owned(),
        ),
        ("POST", PL.to_owned()),
        ("GET", PL.to_owned()),
        ("PUT", PL.to_owned()),
        ("DELETE", PL.to_owned()),
        ("POST", format!("{PL}/refresh")),
        ("GET", format!("{PL}/connections")),
        ("PUT", conn(id)),
        ("POST", format!("{}/approve", conn(id))),
    ]
}

#[tokio::test]
async fn every_v1_route_is_401_without_a_token_and_403_for_a_token_without_the_project() {
    let t = TestApp::new("auth-all");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    for (token, projects) in [
        ("elsewhere-token", json!(["elsewhere"])),
        ("empty-token", json!([])),
    ] {
        let (s, _) = t
            .call(
                "POST",
                "/sim/tokens",
                Some(json!({"token": token, "projects": projects})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    for (m, path) in every_v1_route(&id) {
        let r = Request::builder()
            .method(m)
            .uri(&path)
            .body(Body::empty())
            .unwrap();
        let (s, v) = t.raw(r).await;
        assert_error(s, &v, StatusCode::UNAUTHORIZED);
        for token in ["elsewhere-token", "empty-token"] {
            let r = Request::builder()
                .method(m)
                .uri(&path)
                .header("authorization", format!("aivenv1 {token}"))
                .body(Body::empty())
                .unwrap();
            let (s, v) = t.raw(r).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{m} {path} with {token}: {v}");
            assert_error(s, &v, StatusCode::FORBIDDEN);
        }
    }
    // Nothing was changed by the refused calls.
    assert_eq!(t.call("GET", PL, None).await.1["state"], "active");
    assert_eq!(t.connection_state(&id).await, "pending-user-approval");
}

#[tokio::test]
async fn a_token_made_with_sim_tokens_for_the_project_is_accepted() {
    let t = TestApp::new("sim-token");
    t.call(
        "POST",
        "/sim/tokens",
        Some(json!({"token": "ci", "projects": ["demo-project"]})),
    )
    .await;
    let r = Request::get(PG)
        .header("authorization", "aivenv1 ci")
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.raw(r).await.0, StatusCode::OK);
}

// ---- 404 and 405 ----

#[tokio::test]
async fn every_route_of_an_unknown_service_is_404_with_the_go_client_message() {
    let t = TestApp::new("404-svc");
    for (m, path) in every_v1_route("plc00000000000") {
        if !path.contains("/service/demo-pg") {
            continue;
        }
        let path = path.replace("/service/demo-pg", "/service/ghost-svc");
        let body = match (m, path.contains("/connections/")) {
            ("PUT", true) => Some(json!({"user_ip_address": "10.0.0.5"})),
            ("PUT", false) if path.ends_with("/azure") => {
                Some(json!({"user_subscription_ids": [SUB]}))
            }
            ("POST", false) if path.ends_with("/azure") => {
                Some(json!({"user_subscription_ids": [SUB]}))
            }
            ("PUT", false) => Some(json!({"plan": "business-4"})),
            _ => None,
        };
        let (s, v) = t.call(m, &path, body).await;
        assert_error(s, &v, StatusCode::NOT_FOUND);
        assert_eq!(
            v["message"], "Service ghost-svc does not exist",
            "{m} {path}"
        );
    }
}

#[tokio::test]
async fn every_privatelink_route_without_a_privatelink_is_404() {
    let t = TestApp::new("404-pl");
    let id = "plc00000000000";
    let cases = [
        ("GET", PL.to_owned(), None),
        (
            "PUT",
            PL.to_owned(),
            Some(json!({"user_subscription_ids": [SUB]})),
        ),
        ("DELETE", PL.to_owned(), None),
        ("POST", format!("{PL}/refresh"), None),
        ("GET", format!("{PL}/connections"), None),
        (
            "PUT",
            conn(id),
            Some(json!({"user_ip_address": "10.0.0.5"})),
        ),
        ("POST", format!("{}/approve", conn(id)), None),
    ];
    for (m, path, body) in cases {
        let (s, v) = t.call(m, &path, body).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{m} {path}: {v}");
        assert_error(s, &v, StatusCode::NOT_FOUND);
        assert!(
            v["message"].as_str().unwrap().contains("demo-pg"),
            "{m} {path}: {v}"
        );
    }
}

#[tokio::test]
async fn an_unknown_connection_is_404_for_the_ip_update_as_well_as_approve() {
    let t = TestApp::new("404-conn");
    t.active_privatelink().await;
    t.discovered_connection(SUB, "pe-1").await.unwrap();
    let (s, v) = t
        .call(
            "PUT",
            &conn("plc00000000000"),
            Some(json!({"user_ip_address": "10.0.0.5"})),
        )
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    let (s, v) = t
        .call("POST", &format!("{}/approve", conn("plcffffffffff0")), None)
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn malformed_connection_ids_are_400_for_the_ip_update_too() {
    let t = TestApp::new("400-conn");
    t.active_privatelink().await;
    for bad in [
        "plc123",
        "PLC35843E8054B",
        "xyz35843e8054b",
        "plc35843e8054bz",
    ] {
        let (s, v) = t
            .call(
                "PUT",
                &conn(bad),
                Some(json!({"user_ip_address": "10.0.0.5"})),
            )
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
        let (s, v) = t
            .call("POST", &format!("{}/approve", conn(bad)), None)
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn an_unknown_service_type_is_404() {
    let t = TestApp::new("404-type");
    let (s, v) = t
        .call("GET", "/v1/project/demo-project/service-types/oracle", None)
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_v1_paths_are_404_with_the_error_body() {
    let t = TestApp::new("404-route");
    for path in [
        "/v1",
        "/v1/project/demo-project",
        "/v1/project/demo-project/service/demo-pg/privatelink/aws",
        "/v1/project/demo-project/service/demo-pg/privatelink/azure/connections/plc00000000000/reject",
        "/v1/project/demo-project/service/demo-pg/privatelink/azure/nothing",
    ] {
        let (s, _, v) = full(&t, req("GET", path, None, Body::empty())).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {v}");
        assert_error(s, &v, StatusCode::NOT_FOUND);
        assert!(
            v["message"].as_str().unwrap().starts_with("No route for GET "),
            "{path}: {v}"
        );
    }
}

#[tokio::test]
async fn a_method_a_path_does_not_have_is_405_with_an_allow_header() {
    let t = TestApp::new("405-all");
    let cases = [
        ("PATCH", PL.to_owned()),
        ("GET", format!("{PL}/refresh")),
        ("DELETE", format!("{PL}/refresh")),
        ("POST", format!("{PL}/connections")),
        ("GET", conn("plc00000000000")),
        ("DELETE", conn("plc00000000000")),
        ("GET", format!("{}/approve", conn("plc00000000000"))),
        ("DELETE", PG.to_owned()),
        (
            "POST",
            "/v1/project/demo-project/privatelink-availability".to_owned(),
        ),
        ("PUT", "/v1/project/demo-project/service_types".to_owned()),
    ];
    for (m, path) in cases {
        let (s, h, v) = full(&t, req(m, &path, None, Body::empty())).await;
        assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{m} {path}: {v}");
        assert_error(s, &v, StatusCode::METHOD_NOT_ALLOWED);
        assert!(h.contains_key("allow"), "{m} {path}: no Allow header");
    }
}

// ---- query strings, escaping ----

#[tokio::test]
async fn unknown_query_parameters_are_ignored_on_every_route() {
    let t = TestApp::new("query");
    let q = "?limit=999&offset=0&unknown=x";
    let (s, v) = t
        .call(
            "POST",
            &format!("{PL}{q}"),
            Some(json!({"user_subscription_ids": [SUB]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    t.advance(60.0).await;
    let id = t.discovered_connection(SUB, "pe-q").await.unwrap();
    let cases = [
        ("GET", format!("{PL}{q}"), None),
        (
            "PUT",
            format!("{PL}{q}"),
            Some(json!({"user_subscription_ids": [SUB]})),
        ),
        ("POST", format!("{PL}/refresh{q}"), None),
        ("GET", format!("{PL}/connections{q}"), None),
        ("POST", format!("{}/approve{q}", conn(&id)), None),
        (
            "PUT",
            format!("{}{q}", conn(&id)),
            Some(json!({"user_ip_address": "10.0.0.5"})),
        ),
        ("GET", format!("{PG}{q}"), None),
        (
            "PUT",
            format!("{PG}{q}"),
            Some(json!({"plan": "business-4"})),
        ),
        (
            "GET",
            format!("/v1/project/demo-project/service-types/pg{q}"),
            None,
        ),
        (
            "GET",
            format!("/v1/project/demo-project/service_types{q}"),
            None,
        ),
        (
            "GET",
            format!("/v1/project/demo-project/privatelink-availability{q}"),
            None,
        ),
        ("DELETE", format!("{PL}{q}"), None),
    ];
    for (m, path, body) in cases {
        let (s, v) = t.call(m, &path, body).await;
        assert_eq!(s, StatusCode::OK, "{m} {path}: {v}");
    }
}

#[tokio::test]
async fn url_escaped_path_segments_name_the_same_service() {
    let t = TestApp::new("escape");
    let (s, v) = t
        .call("GET", "/v1/project/demo%2Dproject/service/demo%2Dpg", None)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["service"]["service_name"], "demo-pg");
}

// ---- privatelink lifecycle edges ----

#[tokio::test]
async fn delete_is_allowed_while_creating_and_a_second_delete_or_update_while_deleting_is_409() {
    let t = TestApp::new("delete-edges");
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    let (s, v) = t.call("DELETE", PL, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "deleting");
    let (s, v) = t.call("DELETE", PL, None).await;
    assert_error(s, &v, StatusCode::CONFLICT);
    let (s, v) = t
        .call("PUT", PL, Some(json!({"user_subscription_ids": []})))
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    let (s, v) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    // Never "active" on the way out, however the clock moves.
    for _ in 0..10 {
        t.advance(1.0).await;
        let (s, v) = t.call("GET", PL, None).await;
        if s == StatusCode::NOT_FOUND {
            return;
        }
        assert_eq!(v["state"], "deleting");
    }
    panic!("still deleting after 10 s");
}

#[tokio::test]
async fn a_finished_delete_takes_the_connections_and_the_alias_with_it() {
    let t = TestApp::new("delete-all");
    let pl = t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    t.call("DELETE", PL, None).await;
    t.advance(60.0).await;
    let (s, v) = t.call("GET", &format!("{PL}/connections"), None).await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    let (s, v) = t
        .call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    let (s, v) = t
        .call(
            "POST",
            "/sim/endpoints",
            Some(json!({"subscription_id": SUB, "resource_group": "rg", "name": "late", "target": pl["azure_service_alias"]})),
        )
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    // A new privatelink starts clean, with a new alias.
    let fresh = t.active_privatelink().await;
    assert_ne!(fresh["azure_service_alias"], pl["azure_service_alias"]);
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list, fixture("connections-empty.json"));
}

#[tokio::test]
async fn the_privatelink_becomes_active_only_after_the_create_delay() {
    let t = TestApp::new("create-delay");
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    t.advance(3.9).await; // default create delay is 4 s
    let v = t.call("GET", PL, None).await.1;
    assert_eq!(v["state"], "creating");
    assert_eq!(v["azure_service_id"], Value::Null);
    t.advance(0.1).await;
    let v = t.call("GET", PL, None).await.1;
    assert_eq!(v["state"], "active");
    assert!(v["azure_service_id"].is_string());
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
            Some(json!({"subscription_id": SUB, "resource_group": "rg", "name": "pe", "target": "aivenprod-ss000.x.eastus.azure.privatelinkservice"})),
        )
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn endpoints_match_the_allowlist_whatever_the_case_of_the_subscription() {
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
    let body = json!({"subscription_id": SUB, "resource_group": "rg", "name": "pe", "target": pl["azure_service_id"]});
    let (s, _) = t.call("POST", "/sim/endpoints", Some(body)).await;
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
async fn repeated_refreshes_keep_connection_ids_and_states() {
    let t = TestApp::new("refresh-stable");
    t.active_privatelink().await;
    let a = t.discovered_connection(SUB, "pe-a").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&a)), None).await;
    let before = t.call("GET", &format!("{PL}/connections"), None).await.1;
    for _ in 0..3 {
        t.call("POST", &format!("{PL}/refresh"), None).await;
    }
    let after = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(before, after);
    let b = t.discovered_connection(SUB, "pe-b").await.unwrap();
    assert_ne!(a, b);
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    let ids: Vec<&str> = list["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["privatelink_connection_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![a.as_str(), b.as_str()], "order or ids changed");
}

#[tokio::test]
async fn removing_a_subscription_from_the_allowlist_rejects_its_later_endpoints() {
    let t = TestApp::new("allowlist-shrink");
    t.active_privatelink().await;
    t.call(
        "PUT",
        PL,
        Some(json!({"user_subscription_ids": [SUB, OTHER_SUB]})),
    )
    .await;
    assert!(t.discovered_connection(OTHER_SUB, "pe-1").await.is_some());
    t.call("PUT", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_eq!(t.discovered_connection(OTHER_SUB, "pe-2").await, None);
}

#[tokio::test]
async fn terraform_polling_every_tenth_of_a_second_sees_states_only_in_order() {
    let order = [
        "pending-user-approval",
        "user-approved",
        "connected",
        "active",
    ];
    let t = TestApp::new("tf-fine");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-tf").await.unwrap();
    let mut seen: Vec<String> = vec![];
    let mut ip_sent = false;
    for _ in 0..400 {
        t.call("POST", &format!("{PL}/refresh"), None).await;
        let state = t.connection_state(&id).await;
        let rank = order.iter().position(|s| *s == state).unwrap();
        if let Some(last) = seen.last() {
            let last_rank = order.iter().position(|s| s == last).unwrap();
            assert!(
                rank >= last_rank,
                "went back from {last} to {state}: {seen:?}"
            );
        }
        assert!(
            ip_sent || state != "active",
            "active before the IP: {seen:?}"
        );
        seen.push(state.clone());
        match state.as_str() {
            "pending-user-approval" => {
                let (s, v) = t
                    .call("POST", &format!("{}/approve", conn(&id)), None)
                    .await;
                assert_eq!(s, StatusCode::OK, "{v}");
            }
            "connected" if !ip_sent => {
                let (s, v) = t
                    .call(
                        "PUT",
                        &conn(&id),
                        Some(json!({"user_ip_address": "10.0.0.5"})),
                    )
                    .await;
                assert_eq!(s, StatusCode::OK, "{v}");
                assert!(v["state"] == "connected" || v["state"] == "active", "{v}");
                ip_sent = true;
            }
            "active" => break,
            _ => {}
        }
        t.advance(0.1).await;
    }
    assert_eq!(seen.last().map(String::as_str), Some("active"), "{seen:?}");
    for s in &order[1..] {
        assert!(seen.iter().any(|x| x == s), "never saw {s}: {seen:?}");
    }
}

#[tokio::test]
async fn updating_the_ip_of_an_active_connection_keeps_it_active_with_the_new_address() {
    let t = TestApp::new("ip-again");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    t.advance(60.0).await;
    t.call(
        "PUT",
        &conn(&id),
        Some(json!({"user_ip_address": "10.0.0.5"})),
    )
    .await;
    t.advance(60.0).await;
    assert_eq!(t.connection_state(&id).await, "active");
    let (s, v) = t
        .call(
            "PUT",
            &conn(&id),
            Some(json!({"user_ip_address": "10.0.0.77"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "active");
    assert_eq!(v["user_ip_address"], "10.0.0.77");
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"][0]["user_ip_address"], "10.0.0.77");
}

// ---- service and components ----

fn privatelink_routes(svc: &Value) -> Vec<Value> {
    svc["service"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["route"] == "privatelink")
        .cloned()
        .collect()
}

/// demo-pg with one connection through approve, IP and DNS (`active`) and one only
/// approved and connected; returns (active id, connected id).
async fn one_active_one_connected(t: &TestApp) -> (String, String) {
    t.active_privatelink().await;
    let a = t.discovered_connection(SUB, "pe-a").await.unwrap();
    let b = t.discovered_connection(SUB, "pe-b").await.unwrap();
    for id in [&a, &b] {
        t.call("POST", &format!("{}/approve", conn(id)), None).await;
    }
    t.advance(60.0).await;
    t.call(
        "PUT",
        &conn(&a),
        Some(json!({"user_ip_address": "10.0.0.5"})),
    )
    .await;
    t.advance(60.0).await;
    assert_eq!(t.connection_state(&a).await, "active");
    assert_eq!(t.connection_state(&b).await, "connected");
    (a, b)
}

#[tokio::test]
async fn privatelink_routes_are_only_for_enabled_keys_and_active_connections() {
    let t = TestApp::new("routes-eligible");
    let svc = t.call("GET", PG, None).await.1;
    assert!(privatelink_routes(&svc).is_empty());
    let (a, _b) = one_active_one_connected(&t).await;
    // Active connection, nothing enabled: no routes.
    assert!(privatelink_routes(&t.call("GET", PG, None).await.1).is_empty());
    let (s, svc) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"pgbouncer": true}}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let routes = privatelink_routes(&svc);
    assert_eq!(routes.len(), 1, "{routes:?}");
    let r = &routes[0];
    assert_eq!(r["component"], "pgbouncer");
    assert_eq!(r["privatelink_connection_id"], a.as_str());
    // The host is privatelink-<n>- in front of the dynamic host of the same component.
    let dynamic = svc["service"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == "pgbouncer" && c["route"] == "dynamic")
        .unwrap()["host"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(r["host"], format!("privatelink-1-{dynamic}"));
    assert_ne!(r["port"], Value::Null);
    assert_eq!(r["ssl"], true);
    assert_eq!(r["usage"], "primary");
    // Dynamic components carry no connection ID.
    assert!(svc["service"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["route"] != "privatelink")
        .all(|c| c
            .get("privatelink_connection_id")
            .is_none_or(Value::is_null)));
    // Switching the key off takes the route away again.
    let (_, svc) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"pgbouncer": false}}})),
        )
        .await;
    assert!(privatelink_routes(&svc).is_empty(), "{svc}");
    assert_eq!(
        svc["service"]["user_config"]["privatelink_access"],
        json!({"pgbouncer": false})
    );
}

#[tokio::test]
async fn kafka_privatelink_routes_name_their_authentication_method() {
    let t = TestApp::new("kafka-routes");
    let kpl = "/v1/project/demo-project/service/demo-kafka/privatelink/azure";
    let ksvc = "/v1/project/demo-project/service/demo-kafka";
    let (s, _) = t
        .call("POST", kpl, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_eq!(s, StatusCode::OK);
    t.advance(60.0).await;
    let pl = t.call("GET", kpl, None).await.1;
    let (s, v) = t.call(
        "POST",
        "/sim/endpoints",
        Some(json!({"subscription_id": SUB, "resource_group": "rg", "name": "pe-k", "target": pl["azure_service_alias"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    t.call("POST", &format!("{kpl}/refresh"), None).await;
    let list = t.call("GET", &format!("{kpl}/connections"), None).await.1;
    let id = list["connections"][0]["privatelink_connection_id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.call("POST", &format!("{kpl}/connections/{id}/approve"), None)
        .await;
    t.advance(60.0).await;
    t.call(
        "PUT",
        &format!("{kpl}/connections/{id}"),
        Some(json!({"user_ip_address": "10.0.0.5"})),
    )
    .await;
    t.advance(60.0).await;
    let (s, svc) = t
        .call("PUT", ksvc, Some(json!({"user_config": {"privatelink_access": {"kafka": true, "schema_registry": true}}})))
        .await;
    assert_eq!(s, StatusCode::OK, "{svc}");
    let routes = privatelink_routes(&svc);
    assert_eq!(routes.len(), 2, "{routes:?}");
    let kafka = routes.iter().find(|r| r["component"] == "kafka").unwrap();
    assert_eq!(kafka["kafka_authentication_method"], "certificate");
    assert!(kafka["host"]
        .as_str()
        .unwrap()
        .starts_with("privatelink-1-"));
    // The pg service is untouched by the kafka settings.
    assert!(privatelink_routes(&t.call("GET", PG, None).await.1).is_empty());
}

#[tokio::test]
async fn a_service_put_rebuilds_for_the_rebuild_delay_only_when_access_changes() {
    let t = TestApp::new("rebuild");
    let (_, v) = t.call("PUT", PG, Some(json!({"plan": "business-8"}))).await;
    assert_eq!(v["service"]["plan"], "business-8");
    assert_eq!(
        v["service"]["state"], "RUNNING",
        "a plan-only change rebuilt"
    );
    let (_, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"pg": true}}})),
        )
        .await;
    assert_eq!(v["service"]["state"], "REBUILDING");
    t.advance(3.9).await; // default rebuild delay is 4 s
    assert_eq!(
        t.call("GET", PG, None).await.1["service"]["state"],
        "REBUILDING"
    );
    t.advance(0.1).await;
    assert_eq!(
        t.call("GET", PG, None).await.1["service"]["state"],
        "RUNNING"
    );
    // Sending the same value again changes nothing, so nothing is rebuilt.
    let (_, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"pg": true}}})),
        )
        .await;
    assert_eq!(v["service"]["state"], "RUNNING");
    // The deep merge keeps keys the PUT did not name, at every level.
    let (_, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"prometheus": true}}})),
        )
        .await;
    assert_eq!(
        v["service"]["user_config"],
        json!({"static_ips": true, "privatelink_access": {"pg": true, "prometheus": true}})
    );
}

#[tokio::test]
async fn every_service_type_schema_gives_every_property_a_type() {
    fn walk(path: &str, v: &Value) {
        let props = v["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{path}: no properties"));
        for (k, p) in props {
            assert!(p["type"].is_string(), "{path}.{k} has no type: {p}");
            if p["type"] == "object" {
                walk(&format!("{path}.{k}"), p);
            }
        }
    }
    let t = TestApp::new("schemas");
    let all = t
        .call("GET", "/v1/project/demo-project/service_types", None)
        .await
        .1;
    let types = all["service_types"].as_object().unwrap();
    for want in [
        "pg",
        "kafka",
        "kafka_connect",
        "mysql",
        "opensearch",
        "clickhouse",
        "valkey",
        "dragonfly",
        "flink",
        "grafana",
        "thanos",
    ] {
        assert!(types.contains_key(want), "service_types lacks {want}");
    }
    let fixture_keys = keys(&fixture("service-type-pg-schema.json"));
    for (name, entry) in types {
        assert!(entry["service_plans"].is_array(), "{name}");
        assert!(entry["description"].is_string(), "{name}");
        walk(name, &entry["user_config_schema"]);
        let (s, one) = t
            .call(
                "GET",
                &format!("/v1/project/demo-project/service-types/{name}"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert_eq!(keys(&one), fixture_keys, "{name}");
        assert_eq!(
            one["user_config_schema"], entry["user_config_schema"],
            "{name}"
        );
        for (k, p) in one["user_config_schema"]["properties"]["privatelink_access"]["properties"]
            .as_object()
            .unwrap()
        {
            assert_eq!(
                p,
                &json!({"type": "boolean", "title": format!("Enable {k}")}),
                "{name}.{k}"
            );
        }
    }
}

#[tokio::test]
async fn the_service_answer_has_every_field_the_contract_uses() {
    let t = TestApp::new("svc-fields");
    let svc = t.call("GET", PG, None).await.1["service"].clone();
    assert_eq!(svc["service_name"], "demo-pg");
    assert_eq!(svc["service_type"], "pg");
    assert!(svc["plan"].is_string());
    assert_eq!(svc["cloud_name"], "azure-eastus");
    assert!(svc["project_vpc_id"].is_string());
    assert_eq!(svc["user_config"]["static_ips"], true);
    assert!(svc["service_uri"].is_string());
    for c in svc["components"].as_array().unwrap() {
        for k in ["component", "host", "port", "route"] {
            assert!(c.get(k).is_some(), "component lacks {k}: {c}");
        }
    }
    let public = t
        .call(
            "GET",
            "/v1/project/demo-project/service/demo-pg-public",
            None,
        )
        .await
        .1;
    assert_eq!(public["service"]["project_vpc_id"], Value::Null);
}

// ---- preconditions ----

#[tokio::test]
async fn a_failed_create_precondition_names_every_failing_one() {
    let t = TestApp::new("preflight-all");
    let (s, _) = t
        .call(
            "POST",
            "/sim/services",
            Some(json!({"project": "demo-project", "service_name": "aws-pg", "service_type": "pg",
                        "cloud_name": "aws-eu-west-1", "project_vpc_id": null, "static_ips": false})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, v) = t
        .call(
            "POST",
            "/v1/project/demo-project/service/aws-pg/privatelink/azure",
            Some(json!({"user_subscription_ids": [SUB]})),
        )
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    let m = v["message"].as_str().unwrap().to_lowercase();
    assert!(m.contains("azure"), "cloud not named: {m}");
    assert!(m.contains("vpc"), "VPC not named: {m}");
    assert!(m.contains("static"), "static IPs not named: {m}");
    let (s, _) = t
        .call(
            "GET",
            "/v1/project/demo-project/service/aws-pg/privatelink/azure",
            None,
        )
        .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "a refused create left a privatelink behind"
    );
}

#[tokio::test]
async fn a_service_from_sim_services_in_a_new_project_gets_a_privatelink() {
    let t = TestApp::new("sim-svc");
    let (s, v) = t
        .call(
            "POST",
            "/sim/services",
            Some(json!({"project": "iso-project", "service_name": "iso-pg", "service_type": "pg",
                        "cloud_name": "azure-westeurope", "project_vpc_id": "vpc-1", "static_ips": true})),
        )
        .await;
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
    let (s, v) = t
        .call(
            "POST",
            "/sim/services",
            Some(json!({"project": "iso-project", "service_name": "iso-pg", "service_type": "pg",
                        "cloud_name": "azure-westeurope", "project_vpc_id": "vpc-1", "static_ips": true})),
        )
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
}

// ---- OpenAPI, both ways ----

/// Every route the router serves, with its methods (from src/routes/mod.rs).
const ROUTES: &[(&str, &[&str])] = &[
    ("/openapi.json", &["get"]),
    ("/v1/project/{project}/privatelink-availability", &["get"]),
    ("/v1/project/{project}/service/{service}", &["get", "put"]),
    ("/v1/project/{project}/service-types/{service_type}", &["get"]),
    ("/v1/project/{project}/service_types", &["get"]),
    (
        "/v1/project/{project}/service/{service}/privatelink/azure",
        &["delete", "get", "post", "put"],
    ),
    ("/v1/project/{project}/service/{service}/privatelink/azure/refresh", &["post"]),
    ("/v1/project/{project}/service/{service}/privatelink/azure/connections", &["get"]),
    (
        "/v1/project/{project}/service/{service}/privatelink/azure/connections/{connection_id}",
        &["put"],
    ),
    (
        "/v1/project/{project}/service/{service}/privatelink/azure/connections/{connection_id}/approve",
        &["post"],
    ),
    ("/sim/endpoints", &["post"]),
    ("/sim/faults", &["delete", "post"]),
    ("/sim/clock/advance", &["post"]),
    ("/sim/services", &["post"]),
    ("/sim/tokens", &["post"]),
];

#[tokio::test]
async fn openapi_documents_exactly_the_served_paths_and_methods() {
    let t = TestApp::new("openapi-exact");
    let doc = t.call("GET", "/openapi.json", None).await.1;
    let paths = doc["paths"].as_object().unwrap();
    let mut documented: Vec<(String, Vec<String>)> = paths
        .iter()
        .map(|(p, item)| {
            let mut m: Vec<String> = item
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| {
                    ["get", "put", "post", "delete", "patch", "head", "options"]
                        .contains(&k.as_str())
                })
                .cloned()
                .collect();
            m.sort();
            (p.clone(), m)
        })
        .collect();
    documented.sort();
    let mut served: Vec<(String, Vec<String>)> = ROUTES
        .iter()
        .map(|(p, m)| ((*p).to_owned(), m.iter().map(|s| (*s).to_owned()).collect()))
        .collect();
    served.sort();
    assert_eq!(documented, served);
}

#[tokio::test]
async fn every_documented_operation_reaches_a_handler() {
    let t = TestApp::new("openapi-served");
    let doc = t.call("GET", "/openapi.json", None).await.1;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if !["get", "put", "post", "delete"].contains(&method.as_str()) {
                continue;
            }
            let concrete = path
                .replace("{project}", "demo-project")
                .replace("{service}", "demo-pg")
                .replace("{service_type}", "pg")
                .replace("{connection_id}", "plc00000000000");
            let (s, v) = t.call(&method.to_uppercase(), &concrete, None).await;
            assert_ne!(s, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}: {v}");
            // The fallback's 404 for an unrouted path says "No route for …".
            let unrouted = v["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("No route for") || m == "Not found.");
            assert!(
                !(s == StatusCode::NOT_FOUND && unrouted),
                "{method} {path} is documented but not routed: {v}"
            );
        }
    }
}
