//! AWS PrivateLink and Google Private Service Connect beside Azure: one privatelink per
//! service in its own cloud, the AWS principals and the Google approve-with-IP rules, the
//! customers' endpoints through `/sim`, and connection information for every cloud.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

const AWS_SVC: &str = "/v1/project/demo-project/service/demo-pg-aws";
const AWS: &str = "/v1/project/demo-project/service/demo-pg-aws/privatelink/aws";
const GCP_SVC: &str = "/v1/project/demo-project/service/demo-kafka-gcp";
const GCP: &str = "/v1/project/demo-project/service/demo-kafka-gcp/privatelink/google";
const ROOT: &str = "arn:aws:iam::012345678901:root";
const USER: &str = "arn:aws:iam::210987654321:user/ops";

async fn active_aws(t: &TestApp) -> Value {
    let (s, v) = t
        .call("POST", AWS, Some(json!({"principals": [ROOT, USER]})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    t.advance(60.0).await;
    t.call("GET", AWS, None).await.1
}

/// Creates demo-kafka-gcp's Private Service Connect with an empty body, as avn may send.
async fn create_google(t: &TestApp) {
    let a = t
        .send(
            request("POST", GCP)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

async fn active_google(t: &TestApp) -> Value {
    create_google(t).await;
    t.advance(60.0).await;
    t.call("GET", GCP, None).await.1
}

#[tokio::test]
async fn demo_data_has_an_aws_and_a_google_service_and_availability_lists_every_cloud() {
    let t = TestApp::new("mc-demo");
    let (_, v) = t.call("GET", AWS_SVC, None).await;
    assert_eq!(v["service"]["cloud_name"], "aws-us-east-1");
    let (_, v) = t.call("GET", GCP_SVC, None).await;
    assert_eq!(v["service"]["cloud_name"], "google-europe-west1");
    let (_, v) = t
        .call(
            "GET",
            "/v1/project/demo-project/privatelink-availability",
            None,
        )
        .await;
    let clouds: Vec<&str> = v["privatelink_availability"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cloud_name"].as_str().unwrap())
        .collect();
    for prefix in ["aws-", "azure-", "google-"] {
        assert!(clouds.iter().any(|c| c.starts_with(prefix)), "{clouds:?}");
    }
}

#[tokio::test]
async fn a_privatelink_of_another_cloud_is_refused_naming_the_services_cloud() {
    let t = TestApp::new("mc-mismatch");
    let (s, v) = t
        .call(
            "POST",
            &format!("{PG}/privatelink/aws"),
            Some(json!({"principals": [ROOT]})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let m = v["message"].as_str().unwrap();
    assert!(
        m.contains("runs in azure-eastus") && m.contains("privatelink/azure"),
        "{m}"
    );
    let (s, v) = t
        .call("GET", &format!("{AWS_SVC}/privatelink/google"), None)
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        v["message"].as_str().unwrap().contains("privatelink/aws"),
        "{v}"
    );
    // Nothing was created anywhere.
    let (s, _) = t.call("GET", AWS, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn aws_create_needs_principals_and_takes_regions_it_never_shows() {
    let t = TestApp::new("mc-aws-create");
    let (s, v) = t.call("POST", AWS, Some(json!({"principals": null}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        v["message"].as_str().unwrap().contains("--principal"),
        "{v}"
    );
    let (s, v) = t.call("POST", AWS, Some(json!({"principals": []}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, v) = t
        .call(
            "POST",
            AWS,
            Some(json!({"principals": ["arn:aws:iam::1:root"]})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        v["message"].as_str().unwrap().contains("exactly 12 digits"),
        "{v}"
    );
    let (s, v) = t
        .call(
            "POST",
            AWS,
            Some(json!({"principals": [format!(" {ROOT}")]})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "the wire is not trimmed: {v}");
    let (s, v) = t
        .call(
            "POST",
            AWS,
            Some(json!({"principals": [ROOT], "supported_regions": ["Mars"]})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, v) = t
        .call(
            "POST",
            AWS,
            Some(json!({"principals": [ROOT], "supported_regions": ["us-west-2"]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        v,
        json!({"aws_service_id": null, "aws_service_name": null, "principals": [ROOT], "state": "creating"})
    );
    let (s, _) = t
        .call("POST", AWS, Some(json!({"principals": [ROOT]})))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "one per service");
}

#[tokio::test]
async fn aws_create_is_refused_for_service_types_aiven_excludes() {
    let t = TestApp::new("mc-aws-flink");
    let (s, v) = t
        .call(
            "POST",
            "/sim/services",
            Some(json!({"project": "demo-project", "service_name": "flink-aws", "service_type": "flink",
                        "cloud_name": "aws-us-east-1", "project_vpc_id": "vpc-1", "static_ips": false})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = t
        .call(
            "POST",
            "/v1/project/demo-project/service/flink-aws/privatelink/aws",
            Some(json!({"principals": [ROOT]})),
        )
        .await;
    assert!(s.is_client_error(), "{s} {v}");
    assert!(
        v["message"].as_str().unwrap().contains("Apache Flink"),
        "{v}"
    );
}

#[tokio::test]
async fn aws_update_replaces_principals_and_null_keeps_them() {
    let t = TestApp::new("mc-aws-update");
    let pl = active_aws(&t).await;
    assert!(pl["aws_service_name"]
        .as_str()
        .unwrap()
        .starts_with("com.amazonaws.vpce.us-east-1.vpce-svc-"));
    let (_, v) = t.call("PUT", AWS, Some(json!({"principals": null}))).await;
    assert_eq!(v["principals"], json!([ROOT, USER]));
    let (_, v) = t
        .call("PUT", AWS, Some(json!({"principals": [USER]})))
        .await;
    assert_eq!(v["principals"], json!([USER]));
}

#[tokio::test]
async fn aws_endpoints_of_allowed_principals_appear_on_their_own_and_become_active() {
    let t = TestApp::new("mc-aws-endpoints");
    let pl = active_aws(&t).await;
    let name = pl["aws_service_name"].clone();
    let (s, v) = t
        .call("POST", "/sim/vpc-endpoints", Some(json!({"principal": "arn:aws:iam::999999999999:root", "name": "x", "service_name": name})))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    // A role of an account whose root is allowed.
    let (s, e) = t
        .call("POST", "/sim/vpc-endpoints", Some(json!({"principal": "arn:aws:iam::012345678901:role/app", "name": "pe", "service_name": name})))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let (s, v) = t
        .call("POST", "/sim/vpc-endpoints", Some(json!({"principal": ROOT, "name": "x", "service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-nope"})))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    let (_, v) = t.call("GET", &format!("{AWS}/connections"), None).await;
    assert_eq!(
        v,
        json!({"connections": []}),
        "not listed before it is available"
    );
    t.advance(3.0).await;
    let (_, v) = t.call("GET", &format!("{AWS}/connections"), None).await;
    let c = &v["connections"][0];
    assert_eq!(c["state"], "connected");
    assert_eq!(c["vpc_endpoint_id"], e["vpc_endpoint_id"]);
    assert_eq!(c["dns_name"], e["dns_name"]);
    t.advance(60.0).await;
    let (_, v) = t.call("GET", &format!("{AWS}/connections"), None).await;
    let c = &v["connections"][0];
    assert_eq!(c["state"], "active");
    // Switched on, the component gets a privatelink route for that connection.
    t.call(
        "PUT",
        AWS_SVC,
        Some(json!({"user_config": {"privatelink_access": {"pg": true}}})),
    )
    .await;
    let (_, v) = t.call("GET", AWS_SVC, None).await;
    let routes: Vec<&Value> = v["service"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["route"] == "privatelink")
        .collect();
    assert_eq!(routes.len(), 1);
    assert_eq!(
        routes[0]["privatelink_connection_id"],
        c["privatelink_connection_id"]
    );
    assert!(routes[0]["host"]
        .as_str()
        .unwrap()
        .starts_with("privatelink-1-"));
}

#[tokio::test]
async fn aws_delete_answers_deleting_then_404() {
    let t = TestApp::new("mc-aws-delete");
    active_aws(&t).await;
    let (s, v) = t.call("DELETE", AWS, None).await;
    assert_eq!((s, v["state"].as_str()), (StatusCode::OK, Some("deleting")));
    t.advance(60.0).await;
    let (s, v) = t.call("GET", AWS, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(
        v["message"],
        "Service demo-pg-aws has no AWS PrivateLink; create one first."
    );
}

#[tokio::test]
async fn google_create_takes_an_empty_body_or_an_empty_object() {
    let t = TestApp::new("mc-gcp-create");
    let v = active_google(&t).await;
    assert!(v["google_service_attachment"]
        .as_str()
        .unwrap()
        .contains("/regions/europe-west1/serviceAttachments/"));
    let (s, _) = t.call("POST", GCP, Some(json!({}))).await;
    assert_eq!(s, StatusCode::CONFLICT, "one per service");
}

async fn pending_google_connection(t: &TestApp) -> (String, Value) {
    let pl = active_google(t).await;
    let (s, e) = t
        .call("POST", "/sim/psc-endpoints", Some(json!({"project_id": "my-project", "name": "psc-1", "service_attachment": pl["google_service_attachment"]})))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let (_, v) = t.call("GET", &format!("{GCP}/connections"), None).await;
    assert_eq!(v, json!({"connections": []}), "listed only after a refresh");
    t.call("POST", &format!("{GCP}/refresh"), None).await;
    let (_, v) = t.call("GET", &format!("{GCP}/connections"), None).await;
    let c = v["connections"][0].clone();
    assert_eq!(c["state"], "pending-user-approval");
    assert_eq!(c["user_ip_address"], Value::Null, "the key is always there");
    assert_eq!(c["psc_connection_id"], e["psc_connection_id"]);
    (
        c["privatelink_connection_id"].as_str().unwrap().to_owned(),
        e,
    )
}

#[tokio::test]
async fn google_approval_takes_the_endpoint_ip_in_one_call_and_reaches_active() {
    let t = TestApp::new("mc-gcp-approve");
    let (plc, e) = pending_google_connection(&t).await;
    let approve = format!("{GCP}/connections/{plc}/approve");
    for bad in [
        json!({}),
        json!({"user_ip_address": null}),
        json!({"user_ip_address": "10.0.0.256"}),
        json!({"user_ip_address": " 10.1.0.10"}),
    ] {
        let (s, v) = t.call("POST", &approve, Some(bad.clone())).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {v}");
    }
    let ip = e["ip_address"].clone();
    let (s, v) = t
        .call("POST", &approve, Some(json!({"user_ip_address": ip})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["state"].as_str(), &v["user_ip_address"]),
        (Some("user-approved"), &ip)
    );
    let (s, _) = t
        .call("POST", &approve, Some(json!({"user_ip_address": ip})))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "approved once");
    t.advance(3.0).await;
    let (_, v) = t.call("GET", &format!("{GCP}/connections"), None).await;
    assert_eq!(v["connections"][0]["state"], "connected");
    t.advance(60.0).await;
    let (_, v) = t.call("GET", &format!("{GCP}/connections"), None).await;
    assert_eq!(v["connections"][0]["state"], "active");
    let (s, _) = t
        .call(
            "POST",
            &format!("{GCP}/connections/plc00000000000/approve"),
            Some(json!({"user_ip_address": "10.0.0.1"})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn customer_routes_need_no_token_and_faults_never_touch_test_controls() {
    assert!(!privatelink_server::faults::is_test_control(
        "/sim/vpc-endpoints"
    ));
    assert!(!privatelink_server::faults::is_test_control(
        "/sim/psc-endpoints"
    ));
    assert!(privatelink_server::faults::is_test_control("/sim/faults"));
    let t = TestApp::new("mc-sim-open");
    let a = t
        .send(
            axum::http::Request::builder()
                .method("POST")
                .uri("/sim/psc-endpoints")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(
                    json!({"project_id": "p", "name": "n", "service_attachment": "nope"})
                        .to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(
        a.status,
        StatusCode::NOT_FOUND,
        "reached without a token: {}",
        a.body
    );
    assert!(a.headers.get("access-control-allow-origin").is_none());
}

/// The states a Terraform-style poller sees on `path` (a GET every 5 simulated seconds, as
/// the provider's adapter does), each distinct value once, until `done` or 20 polls.
async fn poll_states(
    t: &TestApp,
    path: &str,
    read: impl Fn(StatusCode, &Value) -> String,
    done: &str,
) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..20 {
        let (s, v) = t.call("GET", path, None).await;
        let state = read(s, &v);
        if seen.last() != Some(&state) {
            seen.push(state.clone());
        }
        if state == done {
            break;
        }
        t.advance(5.0).await;
    }
    seen
}

/// Whether `seen` follows `order` forwards only (a poller may miss a short state, never see
/// one out of order) and ends at its last state.
fn in_order(seen: &[String], order: &[&str]) -> bool {
    let mut at = 0;
    for s in seen {
        match order[at..].iter().position(|o| o == s) {
            Some(i) => at += i,
            None => return false,
        }
    }
    seen.last().map(String::as_str) == order.last().copied()
}

fn pl_state(s: StatusCode, v: &Value) -> String {
    if s == StatusCode::NOT_FOUND {
        "404".into()
    } else {
        v["state"].as_str().unwrap_or("?").into()
    }
}

#[tokio::test]
async fn terraform_waits_see_each_cloud_move_in_order() {
    let t = TestApp::new("mc-terraform");
    // aiven_aws_privatelink: create → active; delete does not wait (DELETE answers deleting).
    t.call("POST", AWS, Some(json!({"principals": [ROOT]})))
        .await;
    assert_eq!(
        poll_states(&t, AWS, pl_state, "active").await,
        ["creating", "active"]
    );
    let (_, v) = t.call("DELETE", AWS, None).await;
    assert_eq!(v["state"], "deleting");
    assert_eq!(
        poll_states(&t, AWS, pl_state, "404").await,
        ["deleting", "404"]
    );

    // aiven_gcp_privatelink: create → active; delete polls until 404.
    create_google(&t).await;
    assert_eq!(
        poll_states(&t, GCP, pl_state, "active").await,
        ["creating", "active"]
    );

    // aiven_gcp_privatelink_connection_approval: refresh + list until the connection exists,
    // approve, then user-approved | connected | active; a later read sees active.
    let (_, pl) = t.call("GET", GCP, None).await;
    t.call(
        "POST",
        "/sim/psc-endpoints",
        Some(json!({"project_id": "my-project", "name": "psc", "service_attachment": pl["google_service_attachment"]})),
    )
    .await;
    let conns = format!("{GCP}/connections");
    t.call("POST", &format!("{GCP}/refresh"), None).await;
    let (_, v) = t.call("GET", &conns, None).await;
    let plc = v["connections"][0]["privatelink_connection_id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.call(
        "POST",
        &format!("{conns}/{plc}/approve"),
        Some(json!({"user_ip_address": "10.1.0.10"})),
    )
    .await;
    let conn_state = |_: StatusCode, v: &Value| {
        v["connections"][0]["state"]
            .as_str()
            .unwrap_or("?")
            .to_owned()
    };
    let seen = poll_states(&t, &conns, conn_state, "active").await;
    assert!(
        in_order(&seen, &["user-approved", "connected", "active"]),
        "{seen:?}"
    );
    assert!(!in_order(
        &["active".into(), "connected".into()],
        &["user-approved", "connected", "active"]
    ));
    let (_, v) = t.call("GET", &conns, None).await;
    assert_eq!(
        v["connections"][0]["user_ip_address"], "10.1.0.10",
        "the IP echoed exactly"
    );
    let (_, v) = t.call("DELETE", GCP, None).await;
    assert_eq!(v["state"], "deleting");
    assert_eq!(
        poll_states(&t, GCP, pl_state, "404").await,
        ["deleting", "404"]
    );
}
