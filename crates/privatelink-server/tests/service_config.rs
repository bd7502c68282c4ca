//! The service as privatelink needs it (docs/wire-contract.md §3): the `{"service": …}` answer, the
//! PUT that merges `user_config` key by key and rebuilds on a `privatelink_access` change,
//! the privatelink routes in `components`, the config schemas avn reads, availability.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

fn privatelink_routes(svc: &Value) -> Vec<Value> {
    svc["service"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["route"] == "privatelink")
        .cloned()
        .collect()
}

#[tokio::test]
async fn the_service_answer_has_the_wrapper_and_every_field_the_contract_uses() {
    let t = TestApp::new("svc-fields");
    let (s, body) = t.call("GET", PG, None).await;
    assert_eq!(s, StatusCode::OK);
    let svc = &body["service"];
    for k in keys(&fixture("service-pg-with-privatelink-routes.json")["service"]) {
        assert!(svc.get(&k).is_some(), "missing {k}");
    }
    assert_eq!(svc["service_name"], "demo-pg");
    assert_eq!(svc["service_type"], "pg");
    assert!(svc["plan"].is_string());
    assert_eq!(svc["cloud_name"], "azure-eastus");
    assert!(svc["project_vpc_id"].is_string());
    assert_eq!(svc["state"], "RUNNING");
    assert_eq!(svc["user_config"]["static_ips"], true);
    // The URI of the first component, as core builds it for pg.
    let first = &svc["components"][0];
    assert_eq!(
        svc["service_uri"],
        format!(
            "postgres://avnadmin@{}:{}/defaultdb?sslmode=require",
            first["host"].as_str().unwrap(),
            first["port"]
        )
    );
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

#[tokio::test]
async fn put_merges_user_config_key_by_key_and_rebuilds_only_when_access_changes() {
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
    // Sending the same value again changes nothing, so nothing is rebuilt; nor does an
    // explicit false for a key that was never on (but it is stored, as sent).
    let (_, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"pg": true, "prometheus": false}}})),
        )
        .await;
    assert_eq!(v["service"]["state"], "RUNNING");
    assert_eq!(
        v["service"]["user_config"]["privatelink_access"],
        json!({"pg": true, "prometheus": false})
    );
    // The deep merge keeps keys the PUT did not name, at every level.
    let (_, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"pgbouncer": true}}})),
        )
        .await;
    assert_eq!(v["service"]["state"], "REBUILDING");
    assert_eq!(
        v["service"]["user_config"],
        json!({"static_ips": true, "privatelink_access": {"pg": true, "pgbouncer": true, "prometheus": false}})
    );
}

#[tokio::test]
async fn unknown_user_config_keys_access_keys_of_another_type_and_wrong_values_are_400() {
    let t = TestApp::new("cfg");
    let (s, v) = t
        .call(
            "PUT",
            PG,
            Some(json!({"user_config": {"privatelink_access": {"kafka": true}}})),
        )
        .await;
    assert_error(s, &v, StatusCode::BAD_REQUEST);
    assert_eq!(
        message(&v),
        "\"kafka\" is not a privatelink_access component of a pg service; valid keys are: pg, pgbouncer, prometheus."
    );
    for body in [
        json!({"user_config": {"privatelink_access": {"pg": "yes"}}}),
        json!({"user_config": {"privatelink_access": null}}),
        json!({"user_config": {"privatelink_access": true}}),
        json!({"user_config": {"static_ips": "yes"}}),
        json!({"user_config": {"maintenance": {}}}),
        json!({"user_config": "pg"}),
        json!({"plan": ""}),
        json!({"plan": 4}),
    ] {
        let (s, v) = t.call("PUT", PG, Some(body.clone())).await;
        assert_error(s, &v, StatusCode::BAD_REQUEST);
    }
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

// ---- privatelink routes in `components` ----

#[tokio::test]
async fn privatelink_routes_appear_per_enabled_component_and_active_connection() {
    let t = TestApp::new("routes");
    t.active_privatelink().await;
    let ids = [
        t.active_connection("pe-1", "10.0.0.10").await,
        t.active_connection("pe-2", "10.0.0.11").await,
    ];
    t.call(
        "PUT",
        PG,
        Some(json!({"user_config": {"privatelink_access": {"pg": true, "pgbouncer": true}}})),
    )
    .await;
    let svc = t.call("GET", PG, None).await.1;
    let routes = privatelink_routes(&svc);
    assert_eq!(routes.len(), 4, "{routes:?}");
    let mut ports: Vec<u64> = routes.iter().map(|c| c["port"].as_u64().unwrap()).collect();
    ports.sort();
    ports.dedup();
    assert_eq!(ports.len(), 4, "each route has a port of its own");
    for (n, id) in ids.iter().enumerate() {
        assert!(routes.iter().any(|c| c["host"]
            .as_str()
            .unwrap()
            .starts_with(&format!("privatelink-{}-", n + 1))
            && c["privatelink_connection_id"] == id.as_str()));
    }
    // Stable across reads.
    assert_eq!(
        t.call("GET", PG, None).await.1["service"]["components"],
        svc["service"]["components"]
    );
}

#[tokio::test]
async fn privatelink_routes_are_only_for_enabled_keys_and_active_connections() {
    let t = TestApp::new("routes-eligible");
    assert!(privatelink_routes(&t.call("GET", PG, None).await.1).is_empty());
    t.active_privatelink().await;
    let a = t.active_connection("pe-a", "10.0.0.5").await;
    // A second connection, approved and connected but without an IP: never routed.
    let b = t.discovered_connection(SUB, "pe-b").await.unwrap();
    t.call("POST", &format!("{}/approve", conn(&b)), None).await;
    t.advance(60.0).await;
    assert_eq!(t.connection_state(&b).await, "connected");
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
    // Kafka's service_uri is the bare bootstrap address.
    let first = &svc["service"]["components"][0];
    assert_eq!(
        svc["service"]["service_uri"],
        format!("{}:{}", first["host"].as_str().unwrap(), first["port"])
    );
    // The pg service is untouched by the kafka settings.
    assert!(privatelink_routes(&t.call("GET", PG, None).await.1).is_empty());
}

// ---- schemas avn reads, availability ----

#[tokio::test]
async fn service_types_serve_both_avn_schemas_with_a_type_on_every_property() {
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
    let (s, pg) = t
        .call("GET", "/v1/project/demo-project/service-types/pg", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        pg["user_config_schema"]["properties"]["privatelink_access"],
        fixture("service-type-pg-schema.json")["user_config_schema"]["properties"]
            ["privatelink_access"]
    );
    let all = t
        .call("GET", "/v1/project/demo-project/service_types", None)
        .await
        .1;
    let types = all["service_types"].as_object().unwrap();
    // The `privatelink_access` keys of docs/wire-contract.md §3, type by type.
    let contract: &[(&str, &[&str])] = &[
        (
            "kafka",
            &[
                "kafka",
                "kafka_connect",
                "kafka_rest",
                "schema_registry",
                "jolokia",
                "prometheus",
            ],
        ),
        ("kafka_connect", &["kafka_connect", "jolokia", "prometheus"]),
        ("pg", &["pg", "pgbouncer", "prometheus"]),
        ("mysql", &["mysql", "mysqlx", "prometheus"]),
        (
            "opensearch",
            &["opensearch", "opensearch_dashboards", "prometheus"],
        ),
        (
            "clickhouse",
            &[
                "clickhouse",
                "clickhouse_https",
                "clickhouse_mysql",
                "clickhouse_arrowflight",
                "prometheus",
            ],
        ),
        ("valkey", &["valkey", "prometheus"]),
        ("dragonfly", &["dragonfly", "prometheus"]),
        ("flink", &["flink", "prometheus"]),
        ("grafana", &["grafana"]),
        ("thanos", &["query_frontend", "receiver_routing"]),
    ];
    assert_eq!(types.len(), contract.len(), "{:?}", types.keys());
    let fixture_keys = keys(&fixture("service-type-pg-schema.json"));
    for (name, access_keys) in contract {
        let entry = &types[*name];
        assert!(entry["service_plans"].is_array(), "{name}");
        assert!(entry["description"].is_string(), "{name}");
        walk(name, &entry["user_config_schema"]);
        let access = entry["user_config_schema"]["properties"]["privatelink_access"]["properties"]
            .as_object()
            .unwrap();
        let mut got: Vec<&str> = access.keys().map(String::as_str).collect();
        let mut want = access_keys.to_vec();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}");
        for (k, p) in access {
            assert_eq!(
                p,
                &json!({"type": "boolean", "title": format!("Enable {k}")}),
                "{name}.{k}"
            );
        }
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
        assert_eq!(one["description"], entry["description"], "{name}");
    }
}

#[tokio::test]
async fn an_unknown_service_type_is_404() {
    let t = TestApp::new("404-type");
    let (s, v) = t
        .call("GET", "/v1/project/demo-project/service-types/oracle", None)
        .await;
    assert_error(s, &v, StatusCode::NOT_FOUND);
    assert_eq!(message(&v), "Service type oracle does not exist");
}

#[tokio::test]
async fn availability_lists_clouds_of_every_provider_with_a_price() {
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
    let clouds = body["privatelink_availability"].as_array().unwrap();
    for prefix in ["aws-", "azure-", "google-"] {
        assert!(
            clouds
                .iter()
                .any(|c| c["cloud_name"].as_str().unwrap().starts_with(prefix)),
            "{prefix}: {body}"
        );
    }
    assert!(clouds.iter().all(|c| c["price_usd"] == "0.0600"), "{body}");
}

#[tokio::test]
async fn the_project_service_list_shows_each_service_as_its_own_get_does() {
    let t = TestApp::new("service-list");
    let (s, v) = t
        .call("GET", "/v1/project/demo-project/service", None)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let services = v["services"].as_array().unwrap();
    let names: Vec<&str> = services
        .iter()
        .map(|s| s["service_name"].as_str().unwrap())
        .collect();
    for demo in ["demo-pg", "demo-kafka", "demo-pg-aws", "demo-kafka-gcp"] {
        assert!(names.contains(&demo), "{names:?}");
    }
    let listed = services
        .iter()
        .find(|s| s["service_name"] == "demo-pg")
        .unwrap();
    let (_, one) = t.call("GET", PG, None).await;
    assert_eq!(listed, &one["service"]);
    // The fields avn's service table prints.
    for key in [
        "service_name",
        "service_type",
        "state",
        "cloud_name",
        "plan",
        "create_time",
        "update_time",
    ] {
        assert!(
            listed.get(key).is_some_and(|v| !v.is_null()),
            "{key}: {listed}"
        );
    }
    // A project the token lacks is refused as for one service.
    let (s, v) = t.call("GET", "/v1/project/elsewhere/service", None).await;
    assert_error(s, &v, StatusCode::FORBIDDEN);
}
