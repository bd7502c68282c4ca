//! Access keys per service type, preflight, allowlist diffs and connection information.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use privatelink_core::access::*;
use privatelink_core::allowlist::*;
use privatelink_core::connection_info::*;
use privatelink_core::preflight::*;
use privatelink_core::wire::{ConnectionList, Service, ServiceEnvelope};
use privatelink_core::{Cloud, ConnectionId};
use serde_json::json;

const A: &str = "8eefec94-5d63-40c9-983c-03ab083b411d";
const B: &str = "11111111-2222-4333-8444-555555555555";

#[test]
fn access_keys_match_the_contract_table_for_every_service_type() {
    let table: &[(&str, &[&str])] = &[
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
    for (ty, keys) in table {
        assert_eq!(privatelink_access_keys(ty), Some(*keys), "{ty}");
    }
    assert_eq!(privatelink_access_keys("m3db"), None);
}

#[test]
fn partial_access_objects_validate() {
    let v = validate_privatelink_access("pg", &json!({"pgbouncer": true})).unwrap();
    assert_eq!(v.len(), 1);
    assert!(v["pgbouncer"]);
}

#[test]
fn access_keys_of_another_service_type_are_refused_with_the_valid_ones_listed() {
    let e = validate_privatelink_access("pg", &json!({"kafka": true})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "\"kafka\" is not a privatelink_access component of a pg service; valid keys are: pg, pgbouncer, prometheus."
    );
}

#[test]
fn non_boolean_access_values_and_non_objects_are_refused() {
    assert_eq!(
        validate_privatelink_access("pg", &json!({"pg": "true"})),
        Err(AccessError::NotBoolean("pg".into()))
    );
    assert_eq!(
        validate_privatelink_access("pg", &json!([1])),
        Err(AccessError::NotAnObject)
    );
    assert!(matches!(
        validate_privatelink_access("m3db", &json!({})),
        Err(AccessError::UnsupportedServiceType(_))
    ));
}

#[test]
fn access_diff_lists_only_changes_and_treats_missing_as_off() {
    let current: PrivatelinkAccess = [("pg".to_string(), true)].into();
    let staged: PrivatelinkAccess = [
        ("pg".to_string(), true),
        ("pgbouncer".to_string(), true),
        ("prometheus".to_string(), false),
    ]
    .into();
    assert_eq!(
        access_diff(&current, &staged),
        vec![AccessChange {
            key: "pgbouncer".into(),
            enabled: true
        }]
    );
    let off: PrivatelinkAccess = [("pg".to_string(), false)].into();
    assert_eq!(
        access_diff(&current, &off),
        vec![AccessChange {
            key: "pg".into(),
            enabled: false
        }]
    );
}

fn service(cloud: &str, vpc: Option<&str>, static_ips: bool) -> Service {
    serde_json::from_value(json!({
        "service_name": "pg1", "service_type": "pg", "plan": "business-4", "cloud_name": cloud,
        "project_vpc_id": vpc, "state": "RUNNING", "user_config": {"static_ips": static_ips}
    }))
    .unwrap()
}

#[test]
fn preflight_passes_for_azure_vpc_and_static_ips() {
    let s = service("azure-eastus", Some("vpc-1"), true);
    assert!(preflight(Cloud::Azure, &s)
        .iter()
        .all(|r| r.outcome.is_ok()));
    assert_eq!(preflight_error(Cloud::Azure, &s), Ok(()));
}

#[test]
fn each_preflight_check_fails_alone_with_its_reason() {
    let cases = [
        (
            service("aws-us-east-1", Some("v"), true),
            Check::Cloud(Cloud::Azure),
            "not in Azure",
        ),
        (
            service("azure-eastus", None, true),
            Check::ProjectVpc,
            "is not in a project VPC",
        ),
        (
            service("azure-eastus", Some(""), true),
            Check::ProjectVpc,
            "is not in a project VPC",
        ),
        (
            service("azure-eastus", Some("v"), false),
            Check::StaticIps,
            "static IP",
        ),
    ];
    for (s, check, text) in cases {
        let failed: Vec<_> = preflight(Cloud::Azure, &s)
            .into_iter()
            .filter(|r| r.outcome.is_err())
            .collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].check, check);
        assert!(failed[0].outcome.as_ref().unwrap_err().contains(text));
    }
}

#[test]
fn preflight_error_names_every_failed_check() {
    let msg =
        preflight_error(Cloud::Azure, &service("google-europe-west1", None, false)).unwrap_err();
    assert!(msg.starts_with("Cannot create the Azure PrivateLink: "));
    for text in ["not in Azure", "not in a project VPC", "static IP"] {
        assert!(msg.contains(text), "{msg}");
    }
}

#[test]
fn allowlist_diff_compares_after_normalising() {
    let d = allowlist_diff(&[A], &[A.to_uppercase().as_str(), B]);
    assert_eq!(d.added, vec![B.to_string()]);
    assert!(d.removed.is_empty());
    let d = allowlist_diff(&[A, B], &[B]);
    assert_eq!(d.removed, vec![A.to_string()]);
    assert!(allowlist_diff(&[A], &[A]).is_empty());
}

#[test]
fn connections_of_a_removed_subscription_are_reported_cut_off() {
    let list: ConnectionList = serde_json::from_str(include_str!(
        "../../../fixtures/connections-each-state.json"
    ))
    .unwrap();
    assert!(list.connections.iter().all(|c| connection_allowed(c, &[A])));
    assert_eq!(connections_cut_off(&list.connections, &[A], &[B]).len(), 4);
    assert!(connections_cut_off(&list.connections, &[A], &[A, B]).is_empty());
    // Already outside the old list: not something this save cuts off.
    assert!(connections_cut_off(&list.connections, &[B], &[] as &[&str]).is_empty());
}

#[test]
fn connection_with_unparsable_endpoint_id_is_flagged_not_allowed() {
    let mut list: ConnectionList = serde_json::from_str(include_str!(
        "../../../fixtures/connections-each-state.json"
    ))
    .unwrap();
    list.connections[0].private_endpoint_id = "garbage".into();
    assert!(!connection_allowed(&list.connections[0], &[A]));
    assert_eq!(connection_subscription(&list.connections[0]), None);
}

#[test]
fn connection_info_lists_the_privatelink_routes_with_ready_uris() {
    let env: ServiceEnvelope = serde_json::from_str(include_str!(
        "../../../fixtures/service-pg-with-privatelink-routes.json"
    ))
    .unwrap();
    let info = connection_info(
        &env.service,
        &ConnectionId::parse("plc58e4782ab22").unwrap(),
    );
    assert_eq!(
        info,
        vec![ConnectionInfo {
            component: "pg".into(),
            host: "privatelink-1-pg1-test.aivencloud.com".into(),
            port: 12656,
            uri: "postgres://avnadmin@privatelink-1-pg1-test.aivencloud.com:12656/defaultdb?sslmode=require".into(),
        }]
    );
    assert!(connection_info(
        &env.service,
        &ConnectionId::parse("plc00000000000").unwrap()
    )
    .is_empty());
}

#[test]
fn component_uris_use_each_components_scheme() {
    assert_eq!(component_uri("kafka", "h", 1), "h:1");
    assert_eq!(
        component_uri("pgbouncer", "h", 1),
        "postgres://avnadmin@h:1/defaultdb?sslmode=require"
    );
    assert_eq!(
        component_uri("mysql", "h", 1),
        "mysql://avnadmin@h:1/defaultdb?ssl-mode=REQUIRED"
    );
    assert_eq!(component_uri("valkey", "h", 1), "rediss://default@h:1");
    assert_eq!(component_uri("prometheus", "h", 1), "https://h:1/metrics");
    assert_eq!(component_uri("schema_registry", "h", 1), "https://h:1");
}

fn info(component: &str) -> ConnectionInfo {
    let host = "privatelink-1-x-demo.aivencloud.com";
    ConnectionInfo {
        component: component.into(),
        host: host.into(),
        port: 12656,
        uri: component_uri(component, host, 12656),
    }
}

#[test]
fn connect_commands_give_psql_and_the_matching_avn_route_for_postgres() {
    let id = ConnectionId::parse("plc58e4782ab22").unwrap();
    let cmds = connect_commands("proj", "pg1", &id, &info("pg"));
    let lines: Vec<(&str, &str)> = cmds.iter().map(|c| (c.tool, c.command.as_str())).collect();
    assert_eq!(
        lines,
        vec![
            ("psql", "psql 'postgres://avnadmin@privatelink-1-x-demo.aivencloud.com:12656/defaultdb?sslmode=require'"),
            ("avn", "avn service connection-info psql --project proj pg1 -r privatelink -p plc58e4782ab22"),
        ]
    );
    let bouncer = connect_commands("proj", "pg1", &id, &info("pgbouncer"));
    assert_eq!(bouncer.len(), 1);
    assert!(bouncer[0].command.starts_with("psql 'postgres://"));
}

#[test]
fn connect_commands_give_kcat_over_ssl_for_kafka_and_nothing_for_other_components() {
    let id = ConnectionId::parse("plc58e4782ab22").unwrap();
    let cmds = connect_commands("proj", "k1", &id, &info("kafka"));
    assert_eq!(cmds[0].tool, "kcat");
    assert!(cmds[0].command.starts_with(
        "kcat -b privatelink-1-x-demo.aivencloud.com:12656 -X security.protocol=SSL "
    ));
    assert_eq!(
        cmds[1].command,
        "avn service connection-info kcat --project proj k1 -r privatelink -p plc58e4782ab22"
    );
    assert!(connect_commands("proj", "k1", &id, &info("prometheus")).is_empty());
}
