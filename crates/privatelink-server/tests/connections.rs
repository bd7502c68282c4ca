//! Connections (docs/wire-contract.md §2, calls 5–8): discovery by refresh, the allowlist deciding
//! which endpoints are listed, approve → `user-approved` → `connected` → IP → `active` in
//! the order Terraform polls for, the body-less POSTs avn and Go clients send, and the
//! strict connection IDs and IPs on the wire.

mod common;

use axum::body::Body;
use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn refresh_answers_an_empty_object_and_accepts_avns_octet_stream() {
    let t = TestApp::new("refresh");
    t.active_privatelink().await;
    let a = t
        .send(
            request("POST", &format!("{PL}/refresh"))
                .header("content-type", "application/octet-stream")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body, json!({}));
    let a = t
        .send(
            request("POST", &format!("{PL}/refresh?limit=999"))
                .header("content-type", "application/json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn the_list_matches_the_fixture_shape_before_and_after_discovery() {
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
    assert_eq!(
        v["private_endpoint_id"],
        format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-1")
    );
}

// ---- discovery ----

#[tokio::test]
async fn endpoints_are_listed_only_after_a_refresh_made_after_their_creation() {
    let t = TestApp::new("refresh-order");
    let pl = t.active_privatelink().await;
    t.call(
        "POST",
        "/sim/endpoints",
        Some(json!({"subscription_id": SUB, "resource_group": "rg", "name": "late", "target": pl["azure_service_id"]})),
    )
    .await;
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"], json!([]), "listed before refresh");
    t.call("POST", &format!("{PL}/refresh"), None).await;
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn endpoints_from_subscriptions_outside_the_allowlist_are_never_listed() {
    let t = TestApp::new("reject");
    t.active_privatelink().await;
    let stranger = "22222222-3333-4444-8555-666666666666";
    assert_eq!(t.discovered_connection(stranger, "intruder").await, None);
    // Allowing the subscription later does not resurrect an endpoint Azure rejected.
    t.call(
        "PUT",
        PL,
        Some(json!({"user_subscription_ids": [SUB, stranger]})),
    )
    .await;
    t.call("POST", &format!("{PL}/refresh"), None).await;
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"], json!([]));
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
async fn repeated_refreshes_keep_connection_ids_states_and_order() {
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

// ---- the connection lifecycle as Terraform polls it ----

#[tokio::test]
async fn after_approve_only_user_approved_then_connected_are_seen_before_the_ip() {
    let t = TestApp::new("tf-approve");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    let (_, c) = t
        .call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    assert_eq!(c["state"], "user-approved");
    let mut seen = vec![];
    for _ in 0..20 {
        t.advance(0.5).await;
        t.call("POST", &format!("{PL}/refresh"), None).await;
        seen.push(t.connection_state(&id).await);
    }
    assert!(
        seen.iter()
            .all(|s| s == "user-approved" || s == "connected"),
        "{seen:?}"
    );
    assert_eq!(seen.last().unwrap(), "connected");
    let first_connected = seen.iter().position(|s| s == "connected").unwrap();
    assert!(
        seen[first_connected..].iter().all(|s| s == "connected"),
        "went back: {seen:?}"
    );
}

#[tokio::test]
async fn after_the_ip_only_connected_then_active_are_seen() {
    let t = TestApp::new("tf-ip");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    t.advance(60.0).await;
    let (s, c) = t
        .call(
            "PUT",
            &conn(&id),
            Some(json!({"user_ip_address": "10.0.0.5"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(c["state"], "connected");
    assert_eq!(c["user_ip_address"], "10.0.0.5");
    let mut seen = vec![];
    for _ in 0..10 {
        t.advance(0.5).await;
        seen.push(t.connection_state(&id).await);
    }
    assert!(
        seen.iter().all(|s| s == "connected" || s == "active"),
        "{seen:?}"
    );
    assert_eq!(seen.last().unwrap(), "active");
}

#[tokio::test]
async fn an_ip_set_before_azure_connects_still_passes_through_connected() {
    let t = TestApp::new("early-ip");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    let (_, c) = t
        .call(
            "PUT",
            &conn(&id),
            Some(json!({"user_ip_address": "10.0.0.6"})),
        )
        .await;
    assert_eq!(c["state"], "user-approved");
    t.advance(3.0).await; // the connect delay, not yet the DNS delay
    assert_eq!(t.connection_state(&id).await, "connected");
    t.advance(60.0).await;
    assert_eq!(t.connection_state(&id).await, "active");
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
    let id = t.active_connection("pe-1", "10.0.0.5").await;
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

#[tokio::test]
async fn an_ip_before_approval_and_a_second_approval_are_409_with_the_reason() {
    let t = TestApp::new("conn-409");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    let (s, v) = t
        .call(
            "PUT",
            &conn(&id),
            Some(json!({"user_ip_address": "10.0.0.5"})),
        )
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert_eq!(
        message(&v),
        "Approve the connection before setting its endpoint IP address."
    );
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    let (s, v) = t
        .call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert_eq!(
        message(&v),
        "Only a connection pending user approval can be approved; this one is user-approved."
    );
    t.advance(60.0).await;
    t.call(
        "PUT",
        &conn(&id),
        Some(json!({"user_ip_address": "10.0.0.5"})),
    )
    .await;
    t.advance(60.0).await;
    let (s, v) = t
        .call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    assert_error(s, &v, StatusCode::CONFLICT);
    assert!(message(&v).contains("this one is active"), "{v}");
}

// ---- body-less POSTs ----

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
        let mut r = request("POST", &format!("{}/approve", conn(&id)));
        if let Some(ct) = ct {
            r = r.header("content-type", ct);
        }
        let a = t.send(r.body(Body::from(body)).unwrap()).await;
        assert_eq!(a.status, StatusCode::OK, "{name}: {}", a.body);
        assert_eq!(a.body["state"], "user-approved", "{name}");
    }
}

#[tokio::test]
async fn a_non_empty_body_on_refresh_or_approve_must_be_a_json_object() {
    let t = TestApp::new("bodyless-posts");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    for path in [format!("{PL}/refresh"), format!("{}/approve", conn(&id))] {
        for (ct, body, want) in [
            ("text/plain", "x", StatusCode::UNSUPPORTED_MEDIA_TYPE),
            (
                "application/octet-stream",
                "{}",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            ("application/json", "[]", StatusCode::BAD_REQUEST),
        ] {
            let a = t
                .send(
                    request("POST", &path)
                        .header("content-type", ct)
                        .body(Body::from(body))
                        .unwrap(),
                )
                .await;
            assert_error(a.status, &a.body, want);
        }
    }
    // None of the refused calls approved the connection.
    assert_eq!(t.connection_state(&id).await, "pending-user-approval");
}

// ---- IDs and IPs on the wire ----

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
    assert_eq!(
        message(&v),
        "Privatelink connection plc00000000000 does not exist."
    );
    let (s, v) = t
        .call("POST", &format!("{}/approve", conn("plcffffffffff0")), None)
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn malformed_connection_ids_are_400_with_the_cores_sentence_on_both_routes() {
    let t = TestApp::new("400-conn");
    t.active_privatelink().await;
    for bad in [
        "plc123",
        "PLC35843E8054B",
        "xyz35843e8054b",
        "plc35843e8054bz",
    ] {
        let want = format!(
            "\"{bad}\" is not a privatelink connection ID; they look like plc35843e8054b (\"plc\" and 11 lowercase hexadecimal digits)."
        );
        let (s, v) = t
            .call(
                "PUT",
                &conn(bad),
                Some(json!({"user_ip_address": "10.0.0.5"})),
            )
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
        assert_eq!(message(&v), want);
        let (s, v) = t
            .call("POST", &format!("{}/approve", conn(bad)), None)
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
        assert_eq!(message(&v), want);
    }
}

#[tokio::test]
async fn ips_must_be_plain_ipv4_sent_exactly_and_null_or_missing_says_it_is_required() {
    let t = TestApp::new("bad-ip");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    for ip in [
        json!("010.0.0.1"),
        json!("::1"),
        json!("10.0.0.0/24"),
        json!("db.local"),
        json!("256.0.0.1"),
        json!(""),
        json!(5),
        // What a paste carries; the panel trims it, the API does not.
        json!(" 10.0.0.1"),
        json!("10.0.0.1\n"),
    ] {
        let (s, v) = t
            .call("PUT", &conn(&id), Some(json!({"user_ip_address": ip})))
            .await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
        assert!(message(&v).starts_with("Invalid request body: "), "{v}");
    }
    let (s, v) = t
        .call(
            "PUT",
            &conn(&id),
            Some(json!({"user_ip_address": "10.0.0.1\n"})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert_eq!(
        message(&v),
        "Invalid request body: \"10.0.0.1\\n\" has spaces or line breaks around the address; send the address alone (e.g. 10.0.0.5)."
    );
    // avn sends null when --endpoint-ip-address is omitted.
    for body in [json!({"user_ip_address": null}), json!({})] {
        let (s, v) = t.call("PUT", &conn(&id), Some(body)).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
        assert!(
            message(&v).starts_with("user_ip_address is required"),
            "{v}"
        );
    }
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"][0]["user_ip_address"], Value::Null);
}
