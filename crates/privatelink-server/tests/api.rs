//! Every route's success shape and every error path, in-process.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{json, Value};

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn create_answers_creating_with_the_fixture_shape_and_normalised_ids() {
    let t = TestApp::new("create");
    let (s, body) = t
        .call(
            "POST",
            PL,
            Some(json!({"user_subscription_ids": [SUB.to_uppercase()]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(keys(&body), keys(&fixture("privatelink-creating.json")));
    assert_eq!(body["state"], "creating");
    assert_eq!(body["azure_service_alias"], Value::Null);
    assert_eq!(body["user_subscription_ids"], json!([SUB]));
    assert!(body.get("message").is_none());
}

#[tokio::test]
async fn get_shows_alias_and_id_once_active() {
    let t = TestApp::new("active");
    let body = t.active_privatelink().await;
    assert_eq!(keys(&body), keys(&fixture("privatelink-active.json")));
    assert_eq!(body["state"], "active");
    let alias = body["azure_service_alias"].as_str().unwrap();
    assert!(
        alias.starts_with("aivenprod-ss") && alias.ends_with(".eastus.azure.privatelinkservice"),
        "{alias}"
    );
    let id = body["azure_service_id"].as_str().unwrap();
    assert!(
        id.starts_with("/subscriptions/")
            && id.contains("/providers/Microsoft.Network/privateLinkServices/aivenprod-ss"),
        "{id}"
    );
}

#[tokio::test]
async fn update_replaces_the_whole_allowlist_and_empty_clears_it() {
    let t = TestApp::new("update");
    t.active_privatelink().await;
    let other = "11111111-2222-4333-8444-555555555555";
    let (s, body) = t
        .call("PUT", PL, Some(json!({"user_subscription_ids": [other]})))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["user_subscription_ids"], json!([other]));
    let (_, body) = t
        .call("PUT", PL, Some(json!({"user_subscription_ids": []})))
        .await;
    assert_eq!(body["user_subscription_ids"], json!([]));
}

#[tokio::test]
async fn delete_answers_deleting_then_get_is_404_after_the_delay() {
    let t = TestApp::new("delete");
    t.active_privatelink().await;
    let (s, body) = t.call("DELETE", PL, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["state"], "deleting");
    assert_eq!(t.call("GET", PL, None).await.1["state"], "deleting");
    t.advance(60.0).await;
    let (s, body) = t.call("GET", PL, None).await;
    assert_error(s, &body, StatusCode::NOT_FOUND);
    // And a new one can be created.
    let (s, _) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn refresh_answers_an_empty_object_and_accepts_avns_octet_stream() {
    let t = TestApp::new("refresh");
    t.active_privatelink().await;
    let req = Request::post(format!("{PL}/refresh"))
        .header("authorization", format!("AIVENV1 {TOKEN}"))
        .header("content-type", "application/octet-stream")
        .body(Body::empty())
        .unwrap();
    let (s, body) = t.raw(req).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body, json!({}));
    let req = Request::post(format!("{PL}/refresh?limit=999"))
        .header("authorization", format!("aivenv1 {TOKEN}"))
        .header("content-type", "application/json")
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.raw(req).await.0, StatusCode::OK);
}

#[tokio::test]
async fn connections_list_matches_the_fixture_shape() {
    let t = TestApp::new("list");
    t.active_privatelink().await;
    let (s, empty) = t
        .call("GET", &format!("{PL}/connections?limit=999"), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(empty, fixture("connections-empty.json"));
    t.discovered_connection(SUB, "pe-1").await.unwrap();
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    let want = &fixture("connections-each-state.json")["connections"][0];
    let got = &list["connections"][0];
    assert_eq!(keys(got), keys(want));
    assert_eq!(got["state"], "pending-user-approval");
    assert_eq!(got["user_ip_address"], Value::Null);
    assert!(privatelink_core::ConnectionId::parse(
        got["privatelink_connection_id"].as_str().unwrap()
    )
    .is_ok());
}

#[tokio::test]
async fn service_get_has_the_wrapper_and_put_merges_user_config_key_by_key() {
    let t = TestApp::new("service");
    let (s, body) = t.call("GET", PG, None).await;
    assert_eq!(s, StatusCode::OK);
    let svc = &body["service"];
    for k in keys(&fixture("service-pg-with-privatelink-routes.json")["service"]) {
        assert!(svc.get(&k).is_some(), "missing {k}");
    }
    assert_eq!(svc["state"], "RUNNING");
    t.call(
        "PUT",
        PG,
        Some(json!({"user_config": {"privatelink_access": {"pg": true}}})),
    )
    .await;
    let (s, body) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"pgbouncer": true}}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        body["service"]["user_config"]["privatelink_access"],
        json!({"pg": true, "pgbouncer": true})
    );
    assert_eq!(body["service"]["user_config"]["static_ips"], true);
    assert_eq!(body["service"]["state"], "REBUILDING");
    t.advance(60.0).await;
    assert_eq!(
        t.call("GET", PG, None).await.1["service"]["state"],
        "RUNNING"
    );
}

#[tokio::test]
async fn service_types_serve_both_avn_schemas_with_a_type_on_every_property() {
    let t = TestApp::new("types");
    let (s, body) = t
        .call("GET", "/v1/project/demo-project/service-types/pg", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        body["user_config_schema"]["properties"]["privatelink_access"],
        fixture("service-type-pg-schema.json")["user_config_schema"]["properties"]
            ["privatelink_access"]
    );
    let (s, body) = t
        .call("GET", "/v1/project/demo-project/service_types", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let kafka = &body["service_types"]["kafka"]["user_config_schema"]["properties"]
        ["privatelink_access"]["properties"];
    assert_eq!(kafka.as_object().unwrap().len(), 6);
    assert!(kafka
        .as_object()
        .unwrap()
        .values()
        .all(|p| p["type"] == "boolean"));
}

#[tokio::test]
async fn availability_lists_azure_clouds_with_a_price() {
    let t = TestApp::new("avail");
    let (s, body) = t
        .call(
            "GET",
            "/v1/project/demo-project/privatelink-availability",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        body["privatelink_availability"][0],
        json!({"cloud_name": "azure-eastus", "price_usd": "0.0600"})
    );
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let t = TestApp::new("openapi");
    let (s, doc) = t.call("GET", "/openapi.json", None).await;
    assert_eq!(s, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/v1/project/{project}/service/{service}/privatelink/azure",
        "/v1/project/{project}/service/{service}/privatelink/azure/refresh",
        "/v1/project/{project}/service/{service}/privatelink/azure/connections",
        "/v1/project/{project}/service/{service}/privatelink/azure/connections/{connection_id}",
        "/v1/project/{project}/service/{service}/privatelink/azure/connections/{connection_id}/approve",
        "/v1/project/{project}/service/{service}",
        "/v1/project/{project}/service-types/{service_type}",
        "/v1/project/{project}/service_types",
        "/v1/project/{project}/privatelink-availability",
        "/sim/endpoints",
        "/sim/faults",
        "/sim/clock/advance",
        "/sim/services",
        "/sim/tokens",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
}

// ---- errors ----

#[tokio::test]
async fn malformed_json_wrong_types_and_unknown_fields_are_400() {
    let t = TestApp::new("bad-json");
    let bad = |body: &str| {
        Request::post(PL)
            .header("authorization", format!("aivenv1 {TOKEN}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    for body in [
        "{",
        "[]",
        r#"{"user_subscription_ids": "x"}"#,
        r#"{"user_subscription_ids": [1]}"#,
        r#"{}"#,
        r#"{"user_subscription_ids": [], "extra": true}"#,
    ] {
        let (s, v) = t.raw(bad(body)).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn invalid_duplicate_and_too_many_subscriptions_are_400_with_sentences() {
    let t = TestApp::new("bad-subs");
    let (s, v) = t
        .call(
            "POST",
            PL,
            Some(json!({"user_subscription_ids": ["banana"]})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert!(v["message"]
        .as_str()
        .unwrap()
        .starts_with("Subscription 1:"));
    let (s, v) = t
        .call(
            "POST",
            PL,
            Some(json!({"user_subscription_ids": [SUB, SUB.to_uppercase()]})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("more than once"));
    let many: Vec<String> = (1..=17)
        .map(|n| format!("{n:08x}-5d63-40c9-983c-03ab083b411d"))
        .collect();
    let (s, v) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": many})))
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("At most 16"));
}

#[tokio::test]
async fn auth_failures_are_401_and_foreign_projects_403() {
    let t = TestApp::new("auth");
    let (s, v) = t.raw(Request::get(PL).body(Body::empty()).unwrap()).await;
    assert_error(s, &v, StatusCode::UNAUTHORIZED);
    let (s, v) = t
        .raw(
            Request::get(PL)
                .header("authorization", format!("Bearer {TOKEN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_error(s, &v, StatusCode::UNAUTHORIZED);
    let (s, v) = t
        .raw(
            Request::get(PL)
                .header("authorization", "aivenv1 nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_error(s, &v, StatusCode::UNAUTHORIZED);
    t.call(
        "POST",
        "/sim/tokens",
        Some(json!({"token": "other", "projects": ["elsewhere"]})),
    )
    .await;
    let (s, v) = t
        .raw(
            Request::get(PL)
                .header("authorization", "aivenv1 other")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_error(s, &v, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn auth_is_decided_before_the_body_is_read() {
    let t = TestApp::new("auth-first");
    t.call(
        "POST",
        "/sim/tokens",
        Some(json!({"token": "other", "projects": ["elsewhere"]})),
    )
    .await;
    let conn = format!("{PL}/connections/plc00000000000");
    let cases = [
        ("POST", PL.to_owned()),
        ("PUT", PL.to_owned()),
        ("POST", format!("{PL}/refresh")),
        ("POST", format!("{conn}/approve")),
        ("PUT", conn.clone()),
        ("PUT", PG.to_owned()),
    ];
    for (method, path) in cases {
        for (token, want) in [
            ("nope", StatusCode::UNAUTHORIZED),
            ("other", StatusCode::FORBIDDEN),
        ] {
            // A body no route accepts: were it read first, the answer would be a 400.
            let (s, v) = t
                .raw(
                    Request::builder()
                        .method(method)
                        .uri(&path)
                        .header("authorization", format!("aivenv1 {token}"))
                        .header("content-type", "application/json")
                        .body(Body::from("{not json"))
                        .unwrap(),
                )
                .await;
            assert_error(s, &v, want);
        }
    }
}

#[tokio::test]
async fn unknown_things_are_404_with_the_go_client_message_for_services() {
    let t = TestApp::new("404");
    let (s, v) = t
        .call(
            "GET",
            "/v1/project/demo-project/service/pg-missing/privatelink/azure",
            None,
        )
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    assert_eq!(v["message"], "Service pg-missing does not exist");
    let (s, v) = t.call("GET", PL, None).await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    // An action on a privatelink that does not exist names the service once and says what to do.
    let (s, v) = t.call("POST", &format!("{PL}/refresh"), None).await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    assert_eq!(
        v["message"],
        "Service demo-pg has no Azure PrivateLink; create one first."
    );
    t.active_privatelink().await;
    let (s, v) = t
        .call(
            "POST",
            &format!("{PL}/connections/plc00000000000/approve"),
            None,
        )
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    let (s, v) = t.call("GET", "/v1/nothing/here", None).await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn malformed_connection_ids_and_bad_ips_are_400() {
    let t = TestApp::new("bad-ip");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    let (s, v) = t
        .call("POST", &format!("{PL}/connections/PLC123/approve"), None)
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    t.call("POST", &format!("{PL}/connections/{id}/approve"), None)
        .await;
    for ip in [
        json!("010.0.0.1"),
        json!("::1"),
        json!("10.0.0.0/24"),
        json!("db.local"),
        json!(null),
        json!(5),
    ] {
        let (s, v) = t
            .call(
                "PUT",
                &format!("{PL}/connections/{id}"),
                Some(json!({"user_ip_address": ip})),
            )
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn wrong_method_is_405_oversized_is_413_and_non_json_is_415() {
    let t = TestApp::new("405");
    let (s, v) = t.call("PATCH", PL, None).await;
    assert_error(s, &v, StatusCode::METHOD_NOT_ALLOWED);
    let big = json!({"user_subscription_ids": ["x".repeat(70 * 1024)]});
    let (s, v) = t.call("POST", PL, Some(big)).await;
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE);
    let req = Request::post(PL)
        .header("authorization", format!("aivenv1 {TOKEN}"))
        .header("content-type", "text/plain")
        .body(Body::from(format!(
            r#"{{"user_subscription_ids": ["{SUB}"]}}"#
        )))
        .unwrap();
    let (s, v) = t.raw(req).await;
    assert_error(s, &v, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn second_create_and_failed_preconditions_are_409() {
    let t = TestApp::new("409");
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    let (s, v) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert!(v["message"].as_str().unwrap().contains("already exists"));
    let (s, v) = t
        .call(
            "POST",
            "/v1/project/demo-project/service/demo-pg-public/privatelink/azure",
            Some(json!({"user_subscription_ids": [SUB]})),
        )
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("is not in a project VPC"));
}

#[tokio::test]
async fn actions_the_state_does_not_allow_are_409_with_the_reason() {
    let t = TestApp::new("state-409");
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    let (s, v) = t.call("POST", &format!("{PL}/refresh"), None).await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("still being created"));
    t.advance(60.0).await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    let (s, v) = t
        .call(
            "PUT",
            &format!("{PL}/connections/{id}"),
            Some(json!({"user_ip_address": "10.0.0.5"})),
        )
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("Approve the connection before"));
    t.call("POST", &format!("{PL}/connections/{id}/approve"), None)
        .await;
    t.advance(60.0).await;
    t.call(
        "PUT",
        &format!("{PL}/connections/{id}"),
        Some(json!({"user_ip_address": "10.0.0.5"})),
    )
    .await;
    t.advance(60.0).await;
    assert_eq!(t.connection_state(&id).await, "active");
    let (s, v) = t
        .call("POST", &format!("{PL}/connections/{id}/approve"), None)
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("this one is active"));
}

#[tokio::test]
async fn unknown_user_config_keys_and_access_keys_of_another_type_are_400() {
    let t = TestApp::new("cfg");
    let (s, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"kafka": true}}})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("valid keys are: pg, pgbouncer, prometheus"));
    let (s, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"pg": "yes"}}})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn cors_preflights_are_answered_for_other_origins() {
    let t = TestApp::new("cors");
    let req = Request::options(PL)
        .header("origin", "https://dashboard.example")
        .header("access-control-request-method", "PUT")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .body(Body::empty())
        .unwrap();
    let res = tower::ServiceExt::oneshot(privatelink_server::app(t.state.clone()), req)
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let methods = res.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        methods.contains("PUT") && methods.contains("DELETE"),
        "{methods}"
    );
}

#[tokio::test]
async fn an_injected_fault_fails_the_next_matching_request_only() {
    let t = TestApp::new("fault");
    let (s, _) = t
        .call(
            "POST",
            "/sim/faults",
            Some(
                json!({"path": PG, "method": "GET", "count": 1, "status": 500, "message": "boom"}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = t.call("GET", PG, None).await;
    assert_error(s, &v, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(v["message"], "boom");
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
