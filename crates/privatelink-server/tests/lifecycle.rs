//! The simulated Azure lifecycles as Terraform and the panel poll them, persistence across a
//! restart, concurrent approvals, and one request over a real socket.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn after_approve_only_user_approved_then_connected_are_seen_before_the_ip() {
    let t = TestApp::new("tf-approve");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    let (_, c) = t
        .call("POST", &format!("{PL}/connections/{id}/approve"), None)
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
    t.call("POST", &format!("{PL}/connections/{id}/approve"), None)
        .await;
    t.advance(60.0).await;
    let (s, c) = t
        .call(
            "PUT",
            &format!("{PL}/connections/{id}"),
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
    t.call("POST", &format!("{PL}/connections/{id}/approve"), None)
        .await;
    let (_, c) = t
        .call(
            "PUT",
            &format!("{PL}/connections/{id}"),
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
async fn privatelink_routes_appear_per_enabled_component_and_active_connection() {
    let t = TestApp::new("routes");
    t.active_privatelink().await;
    let mut ids = vec![];
    for name in ["pe-1", "pe-2"] {
        let id = t.discovered_connection(SUB, name).await.unwrap();
        t.call("POST", &format!("{PL}/connections/{id}/approve"), None)
            .await;
        ids.push(id);
    }
    t.advance(60.0).await;
    for (i, id) in ids.iter().enumerate() {
        t.call(
            "PUT",
            &format!("{PL}/connections/{id}"),
            Some(json!({"user_ip_address": format!("10.0.0.{}", i + 10)})),
        )
        .await;
    }
    t.advance(60.0).await;
    t.call(
        "PUT",
        PG,
        Some(json!({"user_config": {"privatelink_access": {"pg": true, "pgbouncer": true}}})),
    )
    .await;
    let svc = t.call("GET", PG, None).await.1;
    let routes: Vec<_> = svc["service"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["route"] == "privatelink")
        .cloned()
        .collect();
    assert_eq!(routes.len(), 4, "{routes:?}");
    let mut ports: Vec<u64> = routes.iter().map(|c| c["port"].as_u64().unwrap()).collect();
    ports.sort();
    ports.dedup();
    assert_eq!(ports.len(), 4, "each route has a port of its own");
    assert!(routes.iter().any(
        |c| c["host"].as_str().unwrap().starts_with("privatelink-1-")
            && c["privatelink_connection_id"] == ids[0].as_str()
    ));
    assert!(routes.iter().any(
        |c| c["host"].as_str().unwrap().starts_with("privatelink-2-")
            && c["privatelink_connection_id"] == ids[1].as_str()
    ));
    // Stable across reads.
    assert_eq!(
        t.call("GET", PG, None).await.1["service"]["components"],
        svc["service"]["components"]
    );
}

#[tokio::test]
async fn a_restart_loses_nothing() {
    let mut t = TestApp::new("restart");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{PL}/connections/{id}/approve"), None)
        .await;
    t.call(
        "PUT",
        PG,
        Some(json!({"user_config": {"privatelink_access": {"pg": true}}})),
    )
    .await;
    let before_pl = t.call("GET", PL, None).await.1;
    t.restart();
    assert_eq!(
        t.call("GET", PL, None).await.1["azure_service_alias"],
        before_pl["azure_service_alias"]
    );
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(
        list["connections"][0]["privatelink_connection_id"],
        id.as_str()
    );
    assert_ne!(list["connections"][0]["state"], "pending-user-approval");
    let svc = t.call("GET", PG, None).await.1;
    assert_eq!(
        svc["service"]["user_config"]["privatelink_access"],
        json!({"pg": true})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_approvals_of_one_connection_give_exactly_one_success() {
    let t = TestApp::new("race");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    let state = t.state.clone();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let state = state.clone();
            let path = format!("{PL}/connections/{id}/approve");
            tokio::spawn(async move {
                let req = axum::http::Request::post(path)
                    .header("authorization", format!("aivenv1 {TOKEN}"))
                    .body(axum::body::Body::empty())
                    .unwrap();
                tower::ServiceExt::oneshot(privatelink_server::app(state), req)
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut ok = 0;
    let mut conflict = 0;
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => conflict += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((ok, conflict), (1, 49));
}

#[tokio::test]
async fn the_api_answers_over_a_real_socket() {
    use std::io::{Read, Write};
    let t = TestApp::new("socket");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = privatelink_server::app(t.state.clone());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let text = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(s, "GET {PG} HTTP/1.1\r\nHost: x\r\nAuthorization: aivenv1 {TOKEN}\r\nConnection: close\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    })
    .await
    .unwrap();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"service_name\":\"demo-pg\""));
    server.abort();
}
