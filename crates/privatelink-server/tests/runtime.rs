//! The server as a running whole: restarts on the same data directory (and databases written
//! by earlier versions), races between concurrent requests, a real socket, the rules every
//! route shares (envelopes, error bodies, 404/405/413/415, query strings, CORS), the OpenAPI
//! document against the routes served, and the panel's files sent precompressed.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Request, StatusCode};
use common::*;
use privatelink_server::app;
use serde_json::{json, Value};
use tower::ServiceExt;

// ---- persistence ----

#[tokio::test]
async fn state_survives_dropping_the_app_and_opening_the_data_dir_again() {
    let t = TestApp::new("reopen");
    let (s, _) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = t
        .call(
            "PUT",
            PG,
            Some(json!({"plan": "business-8", "user_config": {"privatelink_access": {"pgbouncer": true}}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = t
        .call(
            "POST",
            "/sim/tokens",
            Some(json!({"token": "ci-token", "projects": ["demo-project"]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = t
        .call(
            "POST",
            "/sim/services",
            Some(
                json!({"project": "p2", "service_name": "extra-pg", "service_type": "pg",
                        "cloud_name": "azure-eastus", "project_vpc_id": "v", "static_ips": true}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let before_pl = t.call("GET", PL, None).await.1;

    let t = t.restart();
    assert_eq!(t.call("GET", PL, None).await.1, before_pl);
    let svc = t.call("GET", PG, None).await.1["service"].clone();
    assert_eq!(svc["plan"], "business-8");
    assert_eq!(
        svc["user_config"]["privatelink_access"],
        json!({"pgbouncer": true})
    );
    assert_eq!(svc["user_config"]["static_ips"], true);
    let (s, _) = t.call("GET", "/v1/project/p2/service/extra-pg", None).await;
    assert_eq!(
        s,
        StatusCode::OK,
        "a service made with /sim/services was lost"
    );
    let a = t
        .send(
            Request::get(PG)
                .header("authorization", "aivenv1 ci-token")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "a token made with /sim/tokens was lost"
    );
    // The create that was in progress finishes after the restart.
    t.advance(60.0).await;
    let pl = t.call("GET", PL, None).await.1;
    assert_eq!(pl["state"], "active");
    assert!(pl["azure_service_alias"].is_string());
}

#[tokio::test]
async fn connections_their_states_and_ips_survive_a_restart() {
    let t = TestApp::new("reopen-conn");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    t.call(
        "PUT",
        &conn(&id),
        Some(json!({"user_ip_address": "10.0.0.8"})),
    )
    .await;
    let before = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(before["connections"][0]["state"], "user-approved");

    let t = t.restart();
    let after = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(after, before);
    assert_eq!(after["connections"][0]["user_ip_address"], "10.0.0.8");
    assert_eq!(
        after["connections"][0]["privatelink_connection_id"],
        id.as_str()
    );
    // And the lifecycle carries on from where it was.
    t.advance(120.0).await;
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"][0]["state"], "active");
}

#[tokio::test]
async fn a_delete_in_progress_finishes_after_a_restart() {
    let t = TestApp::new("reopen-delete");
    t.active_privatelink().await;
    let (s, v) = t.call("DELETE", PL, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["state"], "deleting");
    let t = t.restart();
    assert_eq!(t.call("GET", PL, None).await.1["state"], "deleting");
    t.advance(120.0).await;
    let (s, v) = t.call("GET", PL, None).await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
}

/// A service record exactly as the server stored it before its records were typed.
const STORED_BEFORE_TYPED_RECORDS: &str = r#"{"project":"demo-project","service_name":"old-pg","service_type":"pg","plan":"business-4","cloud_name":"azure-eastus","project_vpc_id":"vpc-1","user_config":{"privatelink_access":{"pg":true},"static_ips":true},"base_port":30000,"rebuild_until_ms":null,"privatelink":{"state":"active","alias":"aivenprod-ss0123456789a.1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9.eastus.azure.privatelinkservice","resource_id":"/subscriptions/1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9/resourceGroups/aivenprod-5f604718-1b2c-4d4e-8293-a4b5c6d7e8f9/providers/Microsoft.Network/privateLinkServices/aivenprod-ss0123456789a","user_subscription_ids":["8eefec94-5d63-40c9-983c-03ab083b411d","11111111-2222-4333-8444-555555555555"],"state_since_ms":1000,"endpoints":[{"private_endpoint_id":"/subscriptions/8eefec94-5d63-40c9-983c-03ab083b411d/resourceGroups/RG/providers/Microsoft.Network/privateEndpoints/pe-1","subscription_id":"8eefec94-5d63-40c9-983c-03ab083b411d","private_ip_address":"10.0.0.4","created_ms":2000,"discovered":"Listed"},{"private_endpoint_id":"/subscriptions/22222222-3333-4444-8555-666666666666/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-2","subscription_id":"22222222-3333-4444-8555-666666666666","private_ip_address":"10.0.0.5","created_ms":2000,"discovered":"Rejected"}],"connections":[{"id":"plc0123456789a","private_endpoint_id":"/subscriptions/8eefec94-5d63-40c9-983c-03ab083b411d/resourceGroups/RG/providers/Microsoft.Network/privateEndpoints/pe-1","state":"active","user_ip_address":"10.0.0.4","n":1,"approved_ms":3000,"connected_ms":6000,"ip_set_ms":7000}],"next_n":2}}"#;

fn stored_row(dir: &Path, name: &str) -> Value {
    let db = rusqlite::Connection::open(dir.join("privatelink.db")).unwrap();
    let data: String = db
        .query_row(
            "SELECT data FROM services WHERE project = 'demo-project' AND name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str(&data).unwrap()
}

#[tokio::test]
async fn a_database_written_before_the_records_were_typed_loads_and_keeps_its_format() {
    let t = TestApp::new("old-db");
    {
        let db = rusqlite::Connection::open(t.dir.join("privatelink.db")).unwrap();
        db.execute(
            "INSERT INTO services (project, name, data) VALUES ('demo-project', 'old-pg', ?1)",
            [STORED_BEFORE_TYPED_RECORDS],
        )
        .unwrap();
    }
    let old_pl = "/v1/project/demo-project/service/old-pg/privatelink/azure";
    let (s, v) = t.call("GET", old_pl, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "active");
    assert_eq!(v["user_subscription_ids"], json!([SUB, OTHER_SUB]));
    let (s, list) = t.call("GET", &format!("{old_pl}/connections"), None).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(
        list["connections"],
        json!([{"privatelink_connection_id": "plc0123456789a",
                "private_endpoint_id": "/subscriptions/8eefec94-5d63-40c9-983c-03ab083b411d/resourceGroups/RG/providers/Microsoft.Network/privateEndpoints/pe-1",
                "state": "active", "user_ip_address": "10.0.0.4"}])
    );
    let svc = t
        .call("GET", "/v1/project/demo-project/service/old-pg", None)
        .await
        .1;
    assert_eq!(
        svc["service"]["components"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["privatelink_connection_id"] == "plc0123456789a")
            .count(),
        1
    );
    // A write saves the record back in the very same shape, only the change differing.
    let (s, _) = t.call("POST", &format!("{old_pl}/refresh"), None).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = t
        .call(
            "PUT",
            "/v1/project/demo-project/service/old-pg",
            Some(json!({"plan": "business-8"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let mut want: Value = serde_json::from_str(STORED_BEFORE_TYPED_RECORDS).unwrap();
    want["plan"] = json!("business-8");
    let mut got = stored_row(&t.dir, "old-pg");
    // The update is the service's last change: kept beside the old fields.
    assert!(got["updated_ms"].is_i64(), "{got}");
    got.as_object_mut().unwrap().remove("updated_ms");
    assert_eq!(got, want);
}

#[tokio::test]
async fn a_service_stored_without_its_times_gets_them_at_the_next_start() {
    let t = TestApp::new("old-times");
    {
        let db = rusqlite::Connection::open(t.dir.join("privatelink.db")).unwrap();
        db.execute(
            "INSERT INTO services (project, name, data) VALUES ('demo-project', 'old-pg', ?1)",
            [STORED_BEFORE_TYPED_RECORDS],
        )
        .unwrap();
    }
    let t = t.restart();
    let stored = stored_row(&t.dir, "old-pg");
    assert!(stored["created_ms"].is_i64(), "{stored}");
    assert_eq!(stored["created_ms"], stored["updated_ms"]);
    let (s, v) = t
        .call("GET", "/v1/project/demo-project/service/old-pg", None)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let created = v["service"]["create_time"].as_str().unwrap().to_owned();
    assert!(created.ends_with('Z') && created.len() == 20, "{created}");
    assert_eq!(v["service"]["update_time"], created.as_str());
    // A change moves update_time on, not create_time.
    t.advance(90.0).await;
    let (_, v) = t
        .call(
            "PUT",
            "/v1/project/demo-project/service/old-pg",
            Some(json!({"plan": "business-8"})),
        )
        .await;
    assert_eq!(v["service"]["create_time"], created.as_str());
    assert!(
        v["service"]["update_time"].as_str().unwrap() > created.as_str(),
        "{v}"
    );
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
    let path = format!("{}/approve", conn(&id));
    let statuses = race(app(t.state.clone()), 50, |_| {
        request("POST", &path)
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
    let statuses = race(app(t.state.clone()), 50, |_| {
        json_request("POST", PL, Some(json!({"user_subscription_ids": [SUB]})))
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
        json_request("POST", &format!("{}/approve", conn(&ids[i])), None)
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
        json_request("POST", &format!("{PL}/refresh"), None)
    })
    .await;
    assert_eq!(count(&statuses, StatusCode::OK), 30, "{statuses:?}");
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    let conns = list["connections"].as_array().unwrap();
    assert_eq!(conns.len(), 5, "{list}");
    let mut ids: Vec<_> = conns
        .iter()
        .map(|c| c["privatelink_connection_id"].to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_service_puts_of_different_keys_all_land_in_the_merge() {
    let t = TestApp::new("race-merge");
    let keys = ["pg", "pgbouncer", "prometheus"];
    let statuses = race(app(t.state.clone()), keys.len(), |i| {
        json_request(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {keys[i]: true}}})),
        )
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

/// One request over the socket with ureq: status, headers and body.
fn http(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, ureq::http::HeaderMap, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut req = ureq::http::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut res = match body {
        Some(b) => agent.run(req.body(b.to_owned()).unwrap()),
        None => agent.run(req.body(()).unwrap()),
    }
    .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let bytes = res.body_mut().read_to_vec().unwrap();
    (status, headers, bytes)
}

/// Sends raw bytes on a fresh connection and reads until the server closes it: for
/// requests an HTTP client would not send.
fn raw_http(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn over_a_real_socket_avns_bodyless_post_errors_and_chunked_oversized_bodies_behave() {
    let t = TestApp::new("socket");
    t.active_privatelink().await;
    let (addr, server) = serve_on_socket(&t.state).await;
    let base = format!("http://{addr}");
    let auth = format!("aivenv1 {TOKEN}");
    tokio::task::spawn_blocking(move || {
        // avn's refresh: octet-stream, an empty body.
        let (s, h, b) = http(
            "POST",
            &format!("{base}{PL}/refresh"),
            &[
                ("authorization", &auth),
                ("content-type", "application/octet-stream"),
            ],
            Some(""),
        );
        assert_eq!(s, 200);
        assert!(h["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        assert_eq!(b, b"{}");
        // A missing token: 401 with the JSON error body.
        let (s, _, b) = http("GET", &format!("{base}{PL}"), &[], None);
        assert_eq!(s, 401);
        let v: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["errors"][0]["status"], 401);
        // The service, by GET.
        let (s, _, b) = http(
            "GET",
            &format!("{base}{PG}"),
            &[("authorization", &auth)],
            None,
        );
        assert_eq!(s, 200);
        let v: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["service"]["service_name"], "demo-pg");

        // An oversized body without Content-Length (chunked, written by hand): still 413.
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
        let text = raw_http(addr, &req);
        assert!(
            text.starts_with("HTTP/1.1 413"),
            "{}",
            &text[..text.len().min(400)]
        );

        // The server is still fine after all that.
        let (s, _, b) = http(
            "GET",
            &format!("{base}{PL}"),
            &[("authorization", &format!("AIVENV1 {TOKEN}"))],
            None,
        );
        assert_eq!(s, 200);
        let v: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["state"], "active");
    })
    .await
    .unwrap();
    server.abort();
}

// ---- rules every route shares ----

fn is_json_content(h: &HeaderMap) -> bool {
    h.get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

#[tokio::test]
async fn every_success_answer_is_a_json_object_without_message_or_error() {
    let t = TestApp::new("envelope");
    let subs = Some(json!({"user_subscription_ids": [SUB]}));
    let check = |what: &'static str, a: Answer| {
        assert!(a.status.is_success(), "{what}: {} {}", a.status, a.body);
        assert!(is_json_content(&a.headers), "{what}: {:?}", a.headers);
        assert!(a.body.is_object(), "{what}: not an object: {}", a.body);
        assert!(a.body.get("message").is_none(), "{what}: {}", a.body);
        let err = a.body.get("error");
        assert!(
            err.is_none() || err == Some(&Value::Null) || err == Some(&json!(false)),
            "{what}: truthy error: {}",
            a.body
        );
    };
    check(
        "create",
        t.send(json_request("POST", PL, subs.clone())).await,
    );
    check("get creating", t.send(json_request("GET", PL, None)).await);
    check("update", t.send(json_request("PUT", PL, subs)).await);
    t.advance(60.0).await;
    let id = t.discovered_connection(SUB, "pe-env").await.unwrap();
    let cases = [
        (
            "refresh",
            json_request("POST", &format!("{PL}/refresh"), None),
        ),
        (
            "list",
            json_request("GET", &format!("{PL}/connections"), None),
        ),
        (
            "approve",
            json_request("POST", &format!("{}/approve", conn(&id)), None),
        ),
        (
            "ip",
            json_request(
                "PUT",
                &conn(&id),
                Some(json!({"user_ip_address": "10.1.2.3"})),
            ),
        ),
        ("service get", json_request("GET", PG, None)),
        (
            "service put",
            json_request("PUT", PG, Some(json!({"plan": "business-4"}))),
        ),
        (
            "service-types/pg",
            json_request("GET", "/v1/project/demo-project/service-types/pg", None),
        ),
        (
            "service_types",
            json_request("GET", "/v1/project/demo-project/service_types", None),
        ),
        (
            "availability",
            json_request(
                "GET",
                "/v1/project/demo-project/privatelink-availability",
                None,
            ),
        ),
        ("delete", json_request("DELETE", PL, None)),
    ];
    for (what, req) in cases {
        check(what, t.send(req).await);
    }
}

#[tokio::test]
async fn error_answers_have_the_fixture_keys_a_json_content_type_and_a_code_for_unknown_services() {
    let t = TestApp::new("err-shape");
    let a = t
        .send(json_request(
            "GET",
            "/v1/project/demo-project/service/pg-missing/privatelink/azure",
            None,
        ))
        .await;
    assert_error(a.status, &a.body, StatusCode::NOT_FOUND);
    assert!(is_json_content(&a.headers));
    let want = fixture("error-not-found.json");
    assert_eq!(a.body["message"], want["message"]);
    assert_eq!(keys(&a.body), keys(&want));
    assert_eq!(a.body["errors"][0]["message"], want["errors"][0]["message"]);
    assert_eq!(a.body["errors"][0]["error_code"], "service_not_found");
    // The 405 axum produces itself is rewritten into the same body.
    let a = t.send(json_request("PATCH", PG, None)).await;
    assert_error(a.status, &a.body, StatusCode::METHOD_NOT_ALLOWED);
    assert!(is_json_content(&a.headers));
    assert_eq!(keys(&a.body), keys(&fixture("error-with-code.json")));
}

#[tokio::test]
async fn unknown_v1_paths_are_404_with_the_error_body() {
    let t = TestApp::new("404-route");
    for path in [
        "/v1",
        "/v1/nothing/here",
        "/v1/project/demo-project",
        "/v1/project/demo-project/service/demo-pg/privatelink/oracle",
        "/v1/project/demo-project/service/demo-pg/privatelink/aws/connections/plc00000000000",
        "/v1/project/demo-project/service/demo-pg/privatelink/azure/connections/plc00000000000/reject",
        "/v1/project/demo-project/service/demo-pg/privatelink/azure/nothing",
    ] {
        let a = t.send(json_request("GET", path, None)).await;
        assert_error(a.status, &a.body, StatusCode::NOT_FOUND);
        assert!(
            message(&a.body).starts_with("No route for GET "),
            "{path}: {}",
            a.body
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
        let a = t.send(json_request(m, &path, None)).await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{m} {path}");
        assert_error(a.status, &a.body, StatusCode::METHOD_NOT_ALLOWED);
        assert!(
            a.headers.contains_key("allow"),
            "{m} {path}: no Allow header"
        );
    }
}

#[tokio::test]
async fn a_json_body_sent_as_text_plain_is_415_on_every_body_route_and_changes_nothing() {
    let t = TestApp::new("415-all");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&id)), None)
        .await;
    let kafka_pl = "/v1/project/demo-project/service/demo-kafka/privatelink/azure";
    let cases = [
        (
            "POST",
            kafka_pl.to_owned(),
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
        let a = t
            .send(
                request(m, &path)
                    .header("content-type", "text/plain")
                    .body(Body::from(body.to_string()))
                    .unwrap(),
            )
            .await;
        assert_error(a.status, &a.body, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    // Every body route of the route table, every cloud's.
    let routes: Vec<V1Route> = v1_routes(&id)
        .into_iter()
        .filter(|r| r.body.is_some())
        .collect();
    assert!(routes.iter().any(|r| r.path.contains("/privatelink/aws")));
    for r in routes {
        let body = valid_body(r.body.unwrap());
        let a = t
            .send(
                request(r.method, &r.path)
                    .header("content-type", "text/plain")
                    .body(Body::from(body.to_string()))
                    .unwrap(),
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{} {}",
            r.method,
            r.path
        );
        assert_error(a.status, &a.body, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let aws = "/v1/project/demo-project/service/demo-pg-aws/privatelink/aws";
    assert_eq!(t.call("GET", aws, None).await.0, StatusCode::NOT_FOUND);
    let svc = t.call("GET", PG, None).await.1;
    assert_ne!(svc["service"]["plan"], "business-8");
    let list = t.call("GET", &format!("{PL}/connections"), None).await.1;
    assert_eq!(list["connections"][0]["user_ip_address"], Value::Null);
    assert_eq!(t.call("GET", kafka_pl, None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_fields_missing_fields_and_wrong_types_are_400_on_every_put_route() {
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
        (PG.to_owned(), json!({"user_config": "pg"})),
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
async fn a_body_of_the_wrong_shape_is_400_on_every_body_route_of_every_cloud() {
    let t = TestApp::new("400-all");
    let routes: Vec<V1Route> = v1_routes("plc00000000000")
        .into_iter()
        .filter(|r| r.body.is_some())
        .collect();
    assert!(routes
        .iter()
        .any(|r| r.path.contains("/privatelink/google")));
    for r in &routes {
        // A list where an object is expected: refused before anything else is looked at.
        let (s, v) = t.call(r.method, &r.path, Some(json!([]))).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{} {}: {v}", r.method, r.path);
        assert_error(s, &v, StatusCode::BAD_REQUEST);
        // A privatelink body with a field the API does not have (the service update takes
        // many fields Aiven has; it is checked key by key elsewhere).
        if r.path.contains("/privatelink/") {
            let mut body = valid_body(r.body.unwrap());
            body["no_such_field"] = json!(1);
            let (s, v) = t.call(r.method, &r.path, Some(body)).await;
            assert_eq!(s, StatusCode::BAD_REQUEST, "{} {}: {v}", r.method, r.path);
        }
    }
}

#[tokio::test]
async fn a_body_of_exactly_64_kib_is_read_and_one_byte_more_is_413() {
    let t = TestApp::new("limit");
    let body_of = |len: usize| {
        let mut b = json!({"user_subscription_ids": [SUB]}).to_string();
        b.push_str(&" ".repeat(len - b.len()));
        b
    };
    let with_body = |m: &str, path: &str, body: String| {
        request(m, path)
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    let a = t.send(with_body("POST", PL, body_of(64 * 1024))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = t.send(with_body("PUT", PL, body_of(64 * 1024 + 1))).await;
    assert_error(a.status, &a.body, StatusCode::PAYLOAD_TOO_LARGE);
    let a = t.send(with_body("PUT", PG, "x".repeat(100 * 1024))).await;
    assert_error(a.status, &a.body, StatusCode::PAYLOAD_TOO_LARGE);
}

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

/// Every route of the route table, in table order, on an app with a privatelink of each
/// cloud and an Azure connection; each answer's status.
async fn statuses_of_every_route(t: &TestApp, query: &str) -> Vec<(String, StatusCode)> {
    t.active_privatelink().await;
    for (cloud, body) in [
        ("aws", Some(valid_body("AwsPrivatelinkRequest"))),
        ("google", None),
    ] {
        let service = if cloud == "aws" {
            "demo-pg-aws"
        } else {
            "demo-kafka-gcp"
        };
        let path = format!("/v1/project/demo-project/service/{service}/privatelink/{cloud}");
        let (s, v) = t.call("POST", &path, body).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
    }
    t.advance(60.0).await;
    let id = t.discovered_connection(SUB, "pe-q").await.unwrap();
    let mut out = Vec::new();
    for r in v1_routes(&id) {
        let path = format!("{}{query}", r.path);
        let (s, _) = t.call(r.method, &path, r.body.map(valid_body)).await;
        out.push((format!("{} {}", r.method, r.path.replace(&id, "{id}")), s));
    }
    out
}

#[tokio::test]
async fn unknown_query_parameters_change_no_answer_of_any_route_of_the_table() {
    let plain = statuses_of_every_route(&TestApp::new("query-plain"), "").await;
    let with_query = statuses_of_every_route(
        &TestApp::new("query-params"),
        "?limit=999&offset=0&unknown=x",
    )
    .await;
    assert_eq!(plain, with_query);
    assert!(plain
        .iter()
        .any(|(r, _)| r.contains("/privatelink/google/connections")));
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

#[tokio::test]
async fn cors_preflights_are_answered_for_other_origins() {
    let t = TestApp::new("cors");
    let a = t
        .send(
            Request::options(PL)
                .header("origin", "https://dashboard.example")
                .header("access-control-request-method", "PUT")
                .header(
                    "access-control-request-headers",
                    "authorization,content-type",
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(a.status.is_success());
    assert_eq!(a.headers["access-control-allow-origin"], "*");
    let methods = a.headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        methods.contains("PUT") && methods.contains("DELETE"),
        "{methods}"
    );
}

#[tokio::test]
async fn json_answers_are_still_compressed_on_the_fly() {
    let t = TestApp::new("json-gzip");
    let a = t
        .send(
            request("GET", PG)
                .header("accept-encoding", "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers["content-encoding"], "gzip");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&a.bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["service"]["service_name"], "demo-pg");
}

// ---- OpenAPI against the routes served ----

/// The operations the server offers: docs/wire-contract.md §2–3 under /v1, the simulator's
/// routes of the server README, and the document itself.
const CONTRACT: &[(&str, &[&str])] = &[
    ("/openapi.json", &["get"]),
    ("/v1/project/{project}/privatelink-availability", &["get"]),
    ("/v1/project/{project}/service", &["get"]),
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
    (
        "/v1/project/{project}/service/{service}/privatelink/aws",
        &["delete", "get", "post", "put"],
    ),
    ("/v1/project/{project}/service/{service}/privatelink/aws/refresh", &["post"]),
    ("/v1/project/{project}/service/{service}/privatelink/aws/connections", &["get"]),
    (
        "/v1/project/{project}/service/{service}/privatelink/google",
        &["delete", "get", "post"],
    ),
    ("/v1/project/{project}/service/{service}/privatelink/google/refresh", &["post"]),
    ("/v1/project/{project}/service/{service}/privatelink/google/connections", &["get"]),
    (
        "/v1/project/{project}/service/{service}/privatelink/google/connections/{connection_id}/approve",
        &["post"],
    ),
    ("/sim/endpoints", &["delete", "post"]),
    ("/sim/vpc-endpoints", &["post"]),
    ("/sim/psc-endpoints", &["post"]),
    ("/sim/faults", &["delete", "post"]),
    ("/sim/clock/advance", &["post"]),
    ("/sim/services", &["post"]),
    ("/sim/tokens", &["post"]),
];

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn documented(doc: &Value) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(p, item)| {
            let mut m: Vec<String> = item
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| METHODS.contains(&k.as_str()) || *k == "head" || *k == "options")
                .cloned()
                .collect();
            m.sort();
            (p.clone(), m)
        })
        .collect();
    out.sort();
    out
}

fn concrete(path: &str) -> String {
    path.replace("{project}", "demo-project")
        .replace("{service}", "demo-pg")
        .replace("{service_type}", "pg")
        .replace("{connection_id}", "plc00000000000")
}

#[tokio::test]
async fn openapi_documents_exactly_the_contracts_operations() {
    let t = TestApp::new("openapi-exact");
    let a = t
        .send(Request::get("/openapi.json").body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "no token is needed for the document"
    );
    let doc = a.body;
    let mut want: Vec<(String, Vec<String>)> = CONTRACT
        .iter()
        .map(|(p, m)| ((*p).to_owned(), m.iter().map(|s| (*s).to_owned()).collect()))
        .collect();
    want.sort();
    assert_eq!(documented(&doc), want);
    // Every operation names its parameters, and its ID is unique.
    let mut ids = vec![];
    for (path, item) in doc["paths"].as_object().unwrap() {
        for op in item.as_object().unwrap().values() {
            ids.push(op["operationId"].as_str().unwrap().to_owned());
            let params: Vec<&str> = op["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            let in_path = path.matches('{').count();
            assert_eq!(params.len(), in_path, "{path}: {params:?}");
        }
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate operationId");
}

#[tokio::test]
async fn every_documented_operation_reaches_a_handler_and_nothing_else_is_served_there() {
    let t = TestApp::new("openapi-served");
    let doc = t.call("GET", "/openapi.json", None).await.1;
    for (path, methods) in documented(&doc) {
        let url = concrete(&path);
        for method in METHODS {
            let (s, v) = t.call(&method.to_uppercase(), &url, None).await;
            if methods.iter().any(|m| m == method) {
                assert_ne!(s, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}: {v}");
                // The fallback's 404 for an unrouted path says "No route for …".
                let unrouted = message_of(&v).is_some_and(|m| m.starts_with("No route for"));
                assert!(
                    !(s == StatusCode::NOT_FOUND && unrouted),
                    "{method} {path} is documented but not routed: {v}"
                );
            } else {
                assert_eq!(
                    s,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is served but not documented: {v}"
                );
            }
        }
    }
}

fn message_of(v: &Value) -> Option<&str> {
    v["message"].as_str()
}

#[tokio::test]
async fn the_documented_allowlist_limit_and_states_are_the_ones_the_server_applies() {
    let t = TestApp::new("openapi-rules");
    let doc = t.call("GET", "/openapi.json", None).await.1;
    let schemas = &doc["components"]["schemas"];
    let max = schemas["PrivatelinkRequest"]["properties"]["user_subscription_ids"]["maxItems"]
        .as_u64()
        .unwrap() as usize;
    let ids: Vec<String> = (1..=max + 1)
        .map(|n| format!("{n:08x}-5d63-40c9-983c-03ab083b411d"))
        .collect();
    let (s, v) = t
        .call("POST", PL, Some(json!({"user_subscription_ids": ids})))
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    let (s, v) = t
        .call(
            "POST",
            PL,
            Some(json!({"user_subscription_ids": ids[..max]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "the documented maximum is refused: {v}");
    // The states of docs/wire-contract.md §2, in lifecycle order.
    assert_eq!(
        schemas["AzurePrivatelink"]["properties"]["state"]["enum"],
        json!(["creating", "active", "deleting"])
    );
    assert_eq!(
        schemas["AzurePrivatelinkConnection"]["properties"]["state"]["enum"],
        json!([
            "pending-user-approval",
            "user-approved",
            "connected",
            "active"
        ])
    );
}

// ---- the panel's files ----

/// A built panel in a temporary folder: an index with an inline loader, a wasm-like
/// module, a stylesheet with a precompressed copy beside it, a file with a content hash in
/// its name, and an image.
struct PanelDir {
    dir: std::path::PathBuf,
    wasm: Vec<u8>,
    css: Vec<u8>,
    css_br: Vec<u8>,
}

/// Brotli at quality 11 (window 22), made here with the crate's own writer.
fn brotli_11(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data).unwrap();
    }
    out
}

fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(data, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

impl PanelDir {
    fn new(name: &str) -> PanelDir {
        let dir = temp_dir(name);
        std::fs::create_dir_all(dir.join("snippets")).unwrap();
        let index = "<!doctype html><script type=module>import init from '/privatelink-panel.js'; init();</script>";
        std::fs::write(dir.join("index.html"), index).unwrap();
        // Compressible but not trivially so: words with a counter in them.
        let wasm: Vec<u8> = (0..6000u32)
            .flat_map(|i| format!("\0asm func_{i} local.get {} ", i * 7919 % 1013).into_bytes())
            .collect();
        std::fs::write(dir.join("privatelink-panel_bg.wasm"), &wasm).unwrap();
        std::fs::write(
            dir.join("privatelink-panel.js"),
            "export default function init() {}\n".repeat(50),
        )
        .unwrap();
        std::fs::write(
            dir.join("app-0123456789abcdef.js"),
            "console.log('hashed');\n".repeat(20),
        )
        .unwrap();
        let css = ".plp { color: var(--plp-fg); }\n".repeat(100).into_bytes();
        std::fs::write(dir.join("panel.css"), &css).unwrap();
        // A copy made elsewhere at another quality: recognisable, and valid.
        let mut css_br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut css_br, 4096, 5, 20);
            w.write_all(&css).unwrap();
        }
        std::fs::write(dir.join("panel.css.br"), &css_br).unwrap();
        // A stale copy: it decompresses to something else, so it is not used.
        std::fs::write(
            dir.join("privatelink-panel.js.br"),
            brotli_11(b"old version"),
        )
        .unwrap();
        std::fs::write(
            dir.join("logo.png"),
            b"\x89PNG\r\n\x1a\nnot really".repeat(10),
        )
        .unwrap();
        PanelDir {
            dir,
            wasm,
            css,
            css_br,
        }
    }
}

impl Drop for PanelDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn varies_on_encoding(h: &HeaderMap) -> bool {
    h.get_all("vary").iter().any(|v| {
        v.to_str()
            .unwrap()
            .to_lowercase()
            .contains("accept-encoding")
    })
}

async fn get_file(t: &TestApp, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut r = Request::get(path);
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    t.send(r.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn panel_files_are_sent_precompressed_by_accept_encoding_with_their_own_etags() {
    let panel = PanelDir::new("panel-files");
    let t = TestApp::with_config("panel", |cfg| cfg.panel_dir = Some(panel.dir.clone()));
    let wasm = "/privatelink-panel_bg.wasm";

    let br = get_file(&t, wasm, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.headers["content-encoding"], "br");
    assert_eq!(br.headers["content-type"], "application/wasm");
    assert!(varies_on_encoding(&br.headers), "{:?}", br.headers);
    assert_eq!(br.headers["cache-control"], "no-cache");
    assert_eq!(
        br.headers["content-length"].to_str().unwrap(),
        br.bytes.len().to_string()
    );
    assert_eq!(unbrotli(&br.bytes), panel.wasm);
    assert_eq!(&br.bytes[..], &brotli_11(&panel.wasm)[..], "not brotli 11");
    assert!(br.bytes.len() < panel.wasm.len() / 3);

    let gz = get_file(&t, wasm, &[("accept-encoding", "br;q=0, gzip")]).await;
    assert_eq!(gz.headers["content-encoding"], "gzip");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&gz.bytes[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, panel.wasm);

    let plain = get_file(&t, wasm, &[]).await;
    assert!(plain.headers.get("content-encoding").is_none());
    assert!(varies_on_encoding(&plain.headers), "{:?}", plain.headers);
    assert_eq!(&plain.bytes[..], &panel.wasm[..]);

    // Each representation has its own ETag, and a matching If-None-Match is a 304.
    let etags = [&br, &gz, &plain].map(|a| a.headers["etag"].to_str().unwrap().to_owned());
    assert!(etags[0] != etags[1] && etags[1] != etags[2] && etags[0] != etags[2]);
    let again = get_file(
        &t,
        wasm,
        &[("accept-encoding", "br"), ("if-none-match", &etags[0])],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    let other = get_file(
        &t,
        wasm,
        &[("accept-encoding", "gzip"), ("if-none-match", &etags[0])],
    )
    .await;
    assert_eq!(
        other.status,
        StatusCode::OK,
        "a br ETag matched the gzip copy"
    );
}

#[tokio::test]
async fn hashed_names_are_immutable_copies_beside_a_file_are_used_when_current_and_images_are_sent_as_they_are(
) {
    let panel = PanelDir::new("panel-rules");
    let t = TestApp::with_config("panel-rules", |cfg| cfg.panel_dir = Some(panel.dir.clone()));
    let br = [("accept-encoding", "br")];
    let hashed = get_file(&t, "/app-0123456789abcdef.js", &br).await;
    assert_eq!(hashed.status, StatusCode::OK);
    assert_eq!(
        hashed.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(hashed.headers["content-encoding"], "br");
    // The .br beside panel.css is what is sent; the stale one beside the JS is not.
    let css = get_file(&t, "/panel.css", &br).await;
    assert_eq!(&css.bytes[..], &panel.css_br[..]);
    assert_eq!(unbrotli(&css.bytes), panel.css);
    let js = get_file(&t, "/privatelink-panel.js", &br).await;
    assert_eq!(
        unbrotli(&js.bytes),
        "export default function init() {}\n"
            .repeat(50)
            .into_bytes()
    );
    // The copies are not files of their own.
    assert_eq!(
        get_file(&t, "/panel.css.br", &br).await.status,
        StatusCode::NOT_FOUND
    );
    // Already-compressed formats are sent as they are, and never compressed on the fly.
    let png = get_file(&t, "/logo.png", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(png.status, StatusCode::OK);
    assert!(
        png.headers.get("content-encoding").is_none(),
        "{:?}",
        png.headers
    );
    assert!(!varies_on_encoding(&png.headers), "{:?}", png.headers);
    // The page: the CSP with its inline loader's hash, revalidated on every use.
    let index = get_file(&t, "/", &br).await;
    assert_eq!(index.headers["cache-control"], "no-cache");
    assert!(index.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("'wasm-unsafe-eval' 'sha256-"));
    assert!(String::from_utf8(unbrotli(&index.bytes))
        .unwrap()
        .starts_with("<!doctype html>"));
}

#[tokio::test]
async fn over_a_socket_head_gives_the_length_of_the_chosen_copy_without_a_body() {
    let panel = PanelDir::new("panel-head");
    let t = TestApp::with_config("panel-head", |cfg| cfg.panel_dir = Some(panel.dir.clone()));
    let (addr, server) = serve_on_socket(&t.state).await;
    let want = brotli_11(&panel.wasm).len().to_string();
    tokio::task::spawn_blocking(move || {
        let url = format!("http://{addr}/privatelink-panel_bg.wasm");
        let (s, h, b) = http("HEAD", &url, &[("accept-encoding", "br")], None);
        assert_eq!(s, 200);
        assert_eq!(h["content-encoding"], "br");
        assert_eq!(h["content-length"].to_str().unwrap(), want);
        assert!(b.is_empty());
        let (s, h, b) = http("GET", &url, &[("accept-encoding", "br")], None);
        assert_eq!(s, 200);
        assert_eq!(h["content-length"].to_str().unwrap(), want);
        assert_eq!(b.len().to_string(), want);
    })
    .await
    .unwrap();
    server.abort();
}

// ---- tokens, files and schema versions ----

fn get_with(token: &str) -> Request<Body> {
    Request::get(PG)
        .header("authorization", format!("aivenv1 {token}"))
        .body(Body::empty())
        .unwrap()
}

/// Every byte the database keeps, WAL included.
fn database_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for name in ["privatelink.db", "privatelink.db-wal"] {
        all.extend(std::fs::read(dir.join(name)).unwrap_or_default());
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_new_demo_token_revokes_the_previous_one_and_keeps_its_projects() {
    let t = TestApp::with_config("rotate", |c| c.demo_token = Some("first-demo-token".into()));
    assert_eq!(
        t.send(get_with("first-demo-token")).await.status,
        StatusCode::OK
    );
    let (s, v) = t
        .call_as(
            "first-demo-token",
            "POST",
            "/sim/services",
            json!({"project": "rotated-project", "service_name": "svc", "service_type": "pg",
                   "cloud_name": "azure-eastus"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let dir = t.dir.clone();
    let cfg = |token: Option<&str>| {
        let mut c = config(&dir);
        c.demo_token = token.map(str::to_owned);
        c
    };
    drop(t.into_state());

    let (state, token) =
        privatelink_server::AppState::open(&cfg(Some("second-demo-token"))).unwrap();
    assert_eq!(token, "second-demo-token");
    let status = |token: &str, path: &str| {
        let state = state.clone();
        let req = Request::get(path)
            .header("authorization", format!("aivenv1 {token}"))
            .body(Body::empty())
            .unwrap();
        async move { send(&state, req).await.status }
    };
    assert_eq!(
        status("first-demo-token", PG).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(status("second-demo-token", PG).await, StatusCode::OK);
    assert_eq!(
        status(
            "second-demo-token",
            "/v1/project/rotated-project/service/svc"
        )
        .await,
        StatusCode::OK,
        "the new demo token lost a project of the old one"
    );
    drop(state);

    // No token given: a fresh random one, and the previous one stops working.
    let (state, fresh) = privatelink_server::AppState::open(&cfg(None)).unwrap();
    assert_ne!(fresh, "second-demo-token");
    assert_eq!(fresh.len(), 48);
    let req = |token: &str| {
        Request::get(PG)
            .header("authorization", format!("aivenv1 {token}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        send(&state, req("second-demo-token")).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(send(&state, req(&fresh)).await.status, StatusCode::OK);
    drop(state);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[tokio::test]
async fn tokens_are_stored_as_hashes_and_the_data_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let parent = temp_dir("private");
    let t = TestApp::with_config("private-unused", |c| {
        c.data_dir = parent.join("nested/data");
        c.demo_token = Some("plain-demo-token-4711".into());
    });
    let (s, v) = t
        .call_as(
            "plain-demo-token-4711",
            "POST",
            "/sim/tokens",
            json!({"token": "plain-ci-token-0815", "projects": ["demo-project"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(
        t.send(get_with("plain-ci-token-0815")).await.status,
        StatusCode::OK
    );
    let dir = parent.join("nested/data");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700, "data directory");
    for f in ["privatelink.db", "privatelink.db-wal", "privatelink.db-shm"] {
        let p = dir.join(f);
        assert!(p.exists(), "{f}");
        assert_eq!(mode(&p), 0o600, "{f}");
    }
    let bytes = database_bytes(&dir);
    for plain in ["plain-demo-token-4711", "plain-ci-token-0815"] {
        assert!(!contains(&bytes, plain), "{plain} is stored as it is");
    }
    let db = rusqlite::Connection::open(dir.join("privatelink.db")).unwrap();
    let hash: String = db
        .query_row(
            "SELECT value FROM meta WHERE key = 'demo_token_hash'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        hash,
        privatelink_server::store::token_hash("plain-demo-token-4711")
    );
    drop(t);
    let _ = std::fs::remove_dir_all(&parent);
}

#[test]
fn an_existing_world_readable_database_is_made_private() {
    let t = TestApp::new("chmod");
    let db = t.dir.join("privatelink.db");
    let dir = t.dir.clone();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        drop(t.into_state());
        let (state, _) = privatelink_server::AppState::open(&config(&dir)).unwrap();
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        drop(state);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn migrations_are_numbered_one_by_one_up_to_the_schema_version() {
    use privatelink_server::store::MIGRATIONS;
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(m.version, i as i64 + 1, "{}", m.what);
    }
}

#[tokio::test]
async fn a_version_1_database_is_migrated_and_its_tokens_still_work() {
    let dir = temp_dir("v1");
    std::fs::create_dir_all(&dir).unwrap();
    {
        let db = rusqlite::Connection::open(dir.join("privatelink.db")).unwrap();
        db.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE tokens (token TEXT PRIMARY KEY, projects TEXT NOT NULL);
             CREATE TABLE services (project TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,
                                    PRIMARY KEY (project, name));
             INSERT INTO tokens VALUES ('old-demo', '[\"demo-project\",\"p2\"]');
             INSERT INTO tokens VALUES ('ci-token', '[\"demo-project\"]');
             INSERT INTO meta VALUES ('demo_token', 'old-demo');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let (state, _) = privatelink_server::AppState::open(&config(&dir)).unwrap();
    let status = |token: &str| {
        let req = Request::get(PG)
            .header("authorization", format!("aivenv1 {token}"))
            .body(Body::empty())
            .unwrap();
        let state = state.clone();
        async move { send(&state, req).await.status }
    };
    assert_eq!(status("ci-token").await, StatusCode::OK);
    assert_eq!(status(TOKEN).await, StatusCode::OK);
    // The old demo token was replaced by the one given at start.
    assert_eq!(status("old-demo").await, StatusCode::UNAUTHORIZED);
    drop(state);
    let db = rusqlite::Connection::open(dir.join("privatelink.db")).unwrap();
    let version: i64 = db
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, privatelink_server::store::SCHEMA_VERSION);
    let projects: String = db
        .query_row(
            "SELECT projects FROM tokens WHERE hash = ?1",
            [privatelink_server::store::token_hash(TOKEN)],
            |r| r.get(0),
        )
        .unwrap();
    assert!(projects.contains("p2"), "{projects}");
    assert!(!contains(&database_bytes(&dir), "ci-token"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_database_of_a_newer_schema_is_refused_naming_both_versions_and_left_untouched() {
    let dir = temp_dir("newer");
    let (state, _) = privatelink_server::AppState::open(&config(&dir)).unwrap();
    drop(state);
    let newer = privatelink_server::store::SCHEMA_VERSION + 7;
    {
        let db = rusqlite::Connection::open(dir.join("privatelink.db")).unwrap();
        db.pragma_update(None, "user_version", newer).unwrap();
        // Fold the WAL into the file, as a newer server stopping cleanly leaves it.
        db.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let before = std::fs::read(dir.join("privatelink.db")).unwrap();
    let err = privatelink_server::AppState::open(&config(&dir))
        .err()
        .expect("a newer schema was opened");
    assert!(err.contains(&format!("schema version {newer}")), "{err}");
    assert!(
        err.contains(&format!(
            "this server's version {}",
            privatelink_server::store::SCHEMA_VERSION
        )),
        "{err}"
    );
    // The binary says the same on stderr and exits 1.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_privatelink-server"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("schema version {newer}")),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.join("privatelink.db")).unwrap(),
        before,
        "the refused database was written"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
