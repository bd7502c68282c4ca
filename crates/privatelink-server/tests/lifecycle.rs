//! The privatelink itself (docs/wire-contract.md §2, calls 1–4): create with an allowlist and its
//! preconditions, `creating` → `active` with alias and ID, the allowlist replaced, delete
//! → `deleting` → gone; what each state refuses, and the strict allowlist on the wire.

mod common;

use axum::body::Body;
use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn create_answers_creating_with_the_fixture_shape() {
    let t = TestApp::new("create");
    let (s, body) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(keys(&body), keys(&fixture("privatelink-creating.json")));
    assert_eq!(body["state"], "creating");
    assert_eq!(body["azure_service_alias"], Value::Null);
    assert_eq!(body["user_subscription_ids"], json!([SUB]));
    assert!(body.get("message").is_none());
}

#[tokio::test]
async fn the_privatelink_becomes_active_with_alias_and_id_only_after_the_create_delay() {
    let t = TestApp::new("create-delay");
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    t.advance(3.9).await; // default create delay is 4 s
    let v = t.call("GET", PL, None).await.1;
    assert_eq!(v["state"], "creating");
    assert_eq!(v["azure_service_id"], Value::Null);
    t.advance(0.1).await;
    let body = t.call("GET", PL, None).await.1;
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
    let (s, body) = t
        .call(
            "PUT",
            PL,
            Some(json!({"user_subscription_ids": [SUB, OTHER_SUB]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(keys(&body), keys(&fixture("privatelink-active.json")));
    assert_eq!(body["state"], "active");
    assert_eq!(body["user_subscription_ids"], json!([SUB, OTHER_SUB]));
    let (_, body) = t
        .call(
            "PUT",
            PL,
            Some(json!({"user_subscription_ids": [OTHER_SUB]})),
        )
        .await;
    assert_eq!(body["user_subscription_ids"], json!([OTHER_SUB]));
    let (_, body) = t
        .call("PUT", PL, Some(json!({"user_subscription_ids": []})))
        .await;
    assert_eq!(body["user_subscription_ids"], json!([]));
}

#[tokio::test]
async fn delete_answers_deleting_with_alias_then_get_is_404_and_a_new_one_can_be_made() {
    let t = TestApp::new("delete");
    t.active_privatelink().await;
    let (s, v) = t.call("DELETE", PL, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(keys(&v), keys(&fixture("privatelink-deleting.json")));
    assert_eq!(v["state"], "deleting");
    // The alias and id stay visible while deleting, as in the fixture.
    assert!(v["azure_service_alias"].is_string(), "{v}");
    assert!(v["azure_service_id"].is_string(), "{v}");
    assert_eq!(t.call("GET", PL, None).await.1["state"], "deleting");
    t.advance(60.0).await;
    let (s, body) = t.call("GET", PL, None).await;
    assert_error(s, &body, StatusCode::NOT_FOUND);
    assert_eq!(
        message(&body),
        "Service demo-pg has no Azure PrivateLink; create one first."
    );
    let (s, _) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_eq!(s, StatusCode::OK);
}

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
    assert!(message(&v).contains("being deleted"), "{v}");
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

// ---- refusals ----

#[tokio::test]
async fn a_second_create_and_failed_preconditions_are_409() {
    let t = TestApp::new("409");
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    let (s, v) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert!(message(&v).contains("already exists"));
    let (s, v) = t
        .call(
            "POST",
            "/v1/project/demo-project/service/demo-pg-public/privatelink/azure",
            Some(json!({"user_subscription_ids": [SUB]})),
        )
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert!(message(&v).contains("is not in a project VPC"));
}

#[tokio::test]
async fn a_failed_create_precondition_names_every_failing_one_and_leaves_nothing_behind() {
    let t = TestApp::new("preflight-all");
    let (s, _) = t
        .call(
            "POST",
            "/sim/services",
            Some(json!({"project": "demo-project", "service_name": "bare-pg", "service_type": "pg",
                        "cloud_name": "azure-westeurope", "project_vpc_id": null, "static_ips": false})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let pl = "/v1/project/demo-project/service/bare-pg/privatelink/azure";
    let (s, v) = t
        .call("POST", pl, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    let m = message(&v).to_lowercase();
    assert!(m.contains("azure privatelink"), "product not named: {m}");
    assert!(m.contains("vpc"), "VPC not named: {m}");
    assert!(m.contains("static"), "static IPs not named: {m}");
    let (s, _) = t.call("GET", pl, None).await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "a refused create left a privatelink behind"
    );
}

#[tokio::test]
async fn every_route_of_an_unknown_service_is_404_with_the_go_client_message() {
    let t = TestApp::new("404-svc");
    let ghost = "/v1/project/demo-project/service/ghost-svc";
    let gpl = format!("{ghost}/privatelink/azure");
    let gconn = format!("{gpl}/connections/plc00000000000");
    let subs = json!({"user_subscription_ids": [SUB]});
    let cases = [
        ("GET", ghost.to_owned(), None),
        ("PUT", ghost.to_owned(), Some(json!({"plan": "business-4"}))),
        ("POST", gpl.clone(), Some(subs.clone())),
        ("GET", gpl.clone(), None),
        ("PUT", gpl.clone(), Some(subs)),
        ("DELETE", gpl.clone(), None),
        ("POST", format!("{gpl}/refresh"), None),
        ("GET", format!("{gpl}/connections"), None),
        (
            "PUT",
            gconn.clone(),
            Some(json!({"user_ip_address": "10.0.0.5"})),
        ),
        ("POST", format!("{gconn}/approve"), None),
    ];
    for (m, path, body) in cases {
        let (s, v) = t.call(m, &path, body).await;
        assert_error(s, &v, StatusCode::NOT_FOUND);
        assert_eq!(
            message(&v),
            "Service ghost-svc does not exist",
            "{m} {path}"
        );
        assert_eq!(v["errors"][0]["error_code"], "service_not_found");
    }
}

#[tokio::test]
async fn every_privatelink_route_without_a_privatelink_is_404_naming_the_service_once() {
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
        assert_error(s, &v, StatusCode::NOT_FOUND);
        // The core's sentence, with the service named instead of "This service".
        assert_eq!(
            message(&v),
            "Service demo-pg has no Azure PrivateLink; create one first.",
            "{m} {path}"
        );
    }
}

#[tokio::test]
async fn refresh_and_listing_while_creating_are_409_with_the_reason() {
    let t = TestApp::new("state-409");
    t.call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    for (m, path) in [
        ("POST", format!("{PL}/refresh")),
        ("GET", format!("{PL}/connections")),
    ] {
        let (s, v) = t.call(m, &path, None).await;
        assert_error(s, &v, StatusCode::CONFLICT);
        assert!(message(&v).contains("still being created"), "{v}");
    }
}

// ---- the allowlist on the wire ----

#[tokio::test]
async fn sixteen_subscriptions_are_accepted_and_seventeen_or_a_repeat_refused_on_update_too() {
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
    for (verb, path) in [
        ("PUT", PL),
        (
            "POST",
            "/v1/project/demo-project/service/demo-kafka/privatelink/azure",
        ),
    ] {
        let (s, v) = t
            .call(
                verb,
                path,
                Some(json!({"user_subscription_ids": seventeen})),
            )
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
        assert!(message(&v).contains("At most 16"), "{v}");
    }
    let (s, v) = t
        .call(
            "PUT",
            PL,
            Some(json!({"user_subscription_ids": [SUB, SUB]})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert!(message(&v).contains("more than once"), "{v}");
    assert_eq!(
        t.call("GET", PL, None).await.1["user_subscription_ids"],
        json!(sixteen)
    );
}

#[tokio::test]
async fn subscription_ids_must_be_sent_exactly_and_the_400_is_the_cores_sentence() {
    let t = TestApp::new("strict-subs");
    let (s, v) = t
        .call(
            "POST",
            PL,
            Some(json!({"user_subscription_ids": ["banana"]})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert!(
        message(&v).starts_with("Invalid request body: Subscription 1: "),
        "{v}"
    );
    // Valid IDs in another spelling: what a paste box would tidy, the API refuses, naming
    // the exact form (docs/wire-contract.md §1, "Strict values on the wire").
    for (given, shown) in [
        (SUB.to_uppercase(), SUB.to_uppercase()),
        (format!("{{{SUB}}}"), format!("{{{SUB}}}")),
        (format!(" {SUB}"), format!(" {SUB}")),
        (format!("{SUB}\n"), format!("{SUB}\n")),
    ] {
        let (s, v) = t
            .call(
                "POST",
                PL,
                Some(json!({"user_subscription_ids": [SUB.replace('8', "9"), given]})),
            )
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
        assert_eq!(
            message(&v),
            format!(
                "Invalid request body: Subscription 2: \"{shown}\" must be written exactly as {SUB}: lowercase, without braces or surrounding spaces."
            ),
        );
    }
    // Nothing was created by the refused calls.
    assert_eq!(t.call("GET", PL, None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn malformed_json_wrong_types_and_unknown_fields_are_400_with_a_sentence() {
    let t = TestApp::new("bad-json");
    let cases = [
        ("{", "The request body is not valid JSON: "),
        ("[]", "The request body must be a JSON object."),
        ("\"x\"", "The request body must be a JSON object."),
        (
            r#"{"user_subscription_ids": "x"}"#,
            "Invalid request body: invalid type: string \"x\", expected a sequence.",
        ),
        (
            r#"{"user_subscription_ids": [1]}"#,
            "Invalid request body: invalid type: integer `1`, expected a string.",
        ),
        (
            r#"{}"#,
            "Invalid request body: missing field `user_subscription_ids`.",
        ),
        (
            r#"{"user_subscription_ids": [], "extra": true}"#,
            "Invalid request body: unknown field `extra`, expected `user_subscription_ids`.",
        ),
        (
            r#"{"user_subscription_ids": "x",   "#,
            "The request body is not valid JSON: ",
        ),
    ];
    for (body, want) in cases {
        let a = t
            .send(
                request("POST", PL)
                    .header("content-type", "application/json")
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await;
        assert_error(a.status, &a.body, StatusCode::BAD_REQUEST);
        let m = message(&a.body);
        assert!(m.starts_with(want), "{body}: {m}");
        assert!(!m.contains(" at line "), "{body}: {m}");
        assert!(m.ends_with('.'), "{body}: {m}");
    }
}

#[tokio::test]
async fn json_content_type_is_matched_ignoring_case_and_parameters() {
    let t = TestApp::new("ct-params");
    let a = t
        .send(
            request("POST", PL)
                .header("content-type", "Application/JSON; charset=utf-8")
                .body(Body::from(
                    json!({"user_subscription_ids": [SUB]}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["state"], "creating");
}
