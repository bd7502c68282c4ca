//! Who may call what: `Authorization: aivenv1 <token>` on every /v1 route, 401 for a missing
//! or unknown token, 403 for a project the token lacks, and both decided before any body
//! or path parameter is read.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::json;

async fn make_token(t: &TestApp, token: &str, projects: serde_json::Value) {
    let (s, v) = t
        .call(
            "POST",
            "/sim/tokens",
            Some(json!({"token": token, "projects": projects})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}

fn with_authorization(method: &str, path: &str, value: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", value)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_missing_malformed_or_unknown_token_is_401_and_a_foreign_project_403() {
    let t = TestApp::new("auth");
    let a = t.send(Request::get(PL).body(Body::empty()).unwrap()).await;
    assert_error(a.status, &a.body, StatusCode::UNAUTHORIZED);
    for value in [format!("Bearer {TOKEN}"), "aivenv1 nope".to_owned()] {
        let a = t.send(with_authorization("GET", PL, &value)).await;
        assert_error(a.status, &a.body, StatusCode::UNAUTHORIZED);
    }
    make_token(&t, "other", json!(["elsewhere"])).await;
    let a = t.send(with_authorization("GET", PL, "aivenv1 other")).await;
    assert_error(a.status, &a.body, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_scheme_is_case_insensitive_but_a_token_must_follow_it() {
    let t = TestApp::new("scheme");
    for value in [
        format!("AIVENV1 {TOKEN}"),
        format!("AivenV1 {TOKEN}"),
        format!("aivenv1   {TOKEN}  "),
    ] {
        let a = t.send(with_authorization("GET", PG, &value)).await;
        assert_eq!(a.status, StatusCode::OK, "{value:?}: {}", a.body);
    }
    for value in [
        "aivenv1",
        "aivenv1 ",
        TOKEN,
        "Basic dGVzdDp0ZXN0",
        "aivenv2 test-token",
    ] {
        let a = t.send(with_authorization("GET", PG, value)).await;
        assert_error(a.status, &a.body, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn every_v1_route_is_401_without_a_token_and_403_for_a_token_without_the_project() {
    let t = TestApp::new("auth-all");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    make_token(&t, "elsewhere-token", json!(["elsewhere"])).await;
    make_token(&t, "empty-token", json!([])).await;
    let routes = v1_routes(&id);
    assert!(routes
        .iter()
        .any(|r| r.path.contains("/privatelink/google/")));
    for V1Route {
        method: m, path, ..
    } in routes
    {
        let a = t
            .send(
                Request::builder()
                    .method(m)
                    .uri(&path)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_error(a.status, &a.body, StatusCode::UNAUTHORIZED);
        for token in ["elsewhere-token", "empty-token"] {
            let a = t
                .send(with_authorization(m, &path, &format!("aivenv1 {token}")))
                .await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{m} {path} with {token}");
            assert_error(a.status, &a.body, StatusCode::FORBIDDEN);
        }
    }
    // Nothing was changed by the refused calls.
    assert_eq!(t.call("GET", PL, None).await.1["state"], "active");
    assert_eq!(t.connection_state(&id).await, "pending-user-approval");
}

#[tokio::test]
async fn the_token_is_checked_before_the_body_and_the_path_parameters_are_read() {
    let t = TestApp::new("auth-first");
    make_token(&t, "other", json!(["elsewhere"])).await;
    let cases = [
        ("POST", PL.to_owned()),
        ("PUT", PL.to_owned()),
        ("POST", format!("{PL}/refresh")),
        ("POST", format!("{}/approve", conn("plc00000000000"))),
        ("PUT", conn("plc00000000000")),
        // A malformed connection ID is a 400 only for a caller who may ask.
        ("PUT", conn("PLC-not-an-id")),
        ("PUT", PG.to_owned()),
    ];
    let oversized = "x".repeat(70 * 1024);
    for (method, path) in cases {
        for (token, want) in [
            ("nope", StatusCode::UNAUTHORIZED),
            ("other", StatusCode::FORBIDDEN),
        ] {
            // Bodies no route accepts: read first, they would be a 400 and a 413.
            for body in ["{not json", oversized.as_str()] {
                let a = t
                    .send(
                        Request::builder()
                            .method(method)
                            .uri(&path)
                            .header("authorization", format!("aivenv1 {token}"))
                            .header("content-type", "application/json")
                            .body(Body::from(body.to_owned()))
                            .unwrap(),
                    )
                    .await;
                assert_error(a.status, &a.body, want);
            }
        }
    }
}

#[tokio::test]
async fn a_token_made_with_sim_tokens_for_the_project_is_accepted() {
    let t = TestApp::new("sim-token");
    make_token(&t, "ci", json!(["demo-project"])).await;
    let a = t.send(with_authorization("GET", PG, "aivenv1 ci")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

#[tokio::test]
async fn every_v1_route_answers_each_role_as_aivens_permissions_say() {
    use privatelink_core::roles::{Role, PERMISSION_DENIED};
    use privatelink_server::routes::ROUTES;
    let t = TestApp::new("roles-all");
    t.active_privatelink().await;
    let id = t.discovered_connection(SUB, "pe-1").await.unwrap();
    let mut refused = 0;
    // The refused roles first: what they could not do must be left as it was.
    for role in Role::ALL.into_iter().rev() {
        let token = format!("{}-token", role.as_str().replace('_', "-"));
        let (s, v) = t
            .call(
                "POST",
                "/sim/tokens",
                Some(json!({"token": token, "projects": ["demo-project"], "role": role.as_str()})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        for (route, spec) in v1_routes(&id)
            .into_iter()
            .zip(ROUTES.iter().filter(|r| r.path.starts_with("/v1/")))
        {
            let body = route.body.map(|b| valid_body(b).to_string());
            let mut req = Request::builder()
                .method(route.method)
                .uri(&route.path)
                .header("authorization", format!("aivenv1 {token}"));
            if body.is_some() {
                req = req.header("content-type", "application/json");
            }
            let a = t
                .send(req.body(body.map_or_else(Body::empty, Body::from)).unwrap())
                .await;
            let allowed = role.grants_any(spec.permission);
            if allowed {
                assert_ne!(
                    a.status,
                    StatusCode::FORBIDDEN,
                    "{role} {} {}: {}",
                    route.method,
                    route.path,
                    a.body
                );
            } else {
                refused += 1;
                assert_error(a.status, &a.body, StatusCode::FORBIDDEN);
                assert_eq!(
                    a.body["errors"][0]["error_code"], PERMISSION_DENIED,
                    "{}",
                    a.body
                );
                let m = message(&a.body);
                assert!(
                    m.contains(spec.operation_id) && m.contains(role.as_str()),
                    "{m}"
                );
            }
        }
    }
    // read_only and developer: the 20 privatelink routes and the service update each.
    assert_eq!(refused, 2 * 21);
}
