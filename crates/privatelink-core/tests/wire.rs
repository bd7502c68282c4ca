//! The wire types parse the contract's fixtures and examples and write them back unchanged.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::compact;
use privatelink_core::wire::*;
use privatelink_core::ConnectionId;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

fn value_round_trip<T: DeserializeOwned + Serialize>(json: &str) -> T {
    let parsed: T = serde_json::from_str(json).expect("fixture parses");
    let back = serde_json::to_value(&parsed).unwrap();
    let original: Value = serde_json::from_str(json).unwrap();
    assert_eq!(back, original, "re-serialised value differs");
    parsed
}

fn byte_round_trip<T: DeserializeOwned + Serialize>(json: &str) {
    let parsed: T = serde_json::from_str(json).expect("example parses");
    assert_eq!(serde_json::to_string(&parsed).unwrap(), compact(json));
}

#[test]
fn privatelink_fixtures_round_trip_in_every_state() {
    let active: AzurePrivatelink =
        value_round_trip(include_str!("../../../fixtures/privatelink-active.json"));
    assert_eq!(active.state, PrivatelinkState::Active);
    assert!(active
        .azure_service_alias
        .unwrap()
        .ends_with(".eastus.azure.privatelinkservice"));
    let creating: AzurePrivatelink =
        value_round_trip(include_str!("../../../fixtures/privatelink-creating.json"));
    assert_eq!(creating.state, PrivatelinkState::Creating);
    assert_eq!(creating.azure_service_alias, None);
    let deleting: AzurePrivatelink =
        value_round_trip(include_str!("../../../fixtures/privatelink-deleting.json"));
    assert_eq!(deleting.state, PrivatelinkState::Deleting);
}

#[test]
fn privatelink_fixtures_round_trip_byte_for_byte() {
    byte_round_trip::<AzurePrivatelink>(include_str!("../../../fixtures/privatelink-active.json"));
    byte_round_trip::<AzurePrivatelink>(include_str!(
        "../../../fixtures/privatelink-creating.json"
    ));
    byte_round_trip::<ConnectionList>(include_str!(
        "../../../fixtures/connections-each-state.json"
    ));
    byte_round_trip::<ConnectionList>(include_str!("../../../fixtures/connections-empty.json"));
    byte_round_trip::<ApiErrorBody>(include_str!("../../../fixtures/error-not-found.json"));
}

#[test]
fn connection_list_fixture_has_every_state_in_lifecycle_order() {
    let list: ConnectionList = value_round_trip(include_str!(
        "../../../fixtures/connections-each-state.json"
    ));
    let states: Vec<ConnectionState> = list.connections.iter().map(|c| c.state.clone()).collect();
    assert_eq!(states, ConnectionState::KNOWN.to_vec());
    assert_eq!(list.connections[0].user_ip_address, None);
    assert_eq!(
        list.connections[3].user_ip_address.map(|ip| ip.to_string()),
        Some("10.0.0.5".to_owned())
    );
}

#[test]
fn error_bodies_parse_with_and_without_error_code() {
    let e: ApiErrorBody = value_round_trip(include_str!("../../../fixtures/error-with-code.json"));
    assert_eq!(e.message, "Replication factor must be at least 2");
    assert_eq!(
        e.errors[0].error_code.as_deref(),
        Some("kafka_topic_invalid_config")
    );
    assert_eq!(e.status(), Some(400));
    let nf: ApiErrorBody = value_round_trip(include_str!("../../../fixtures/error-not-found.json"));
    assert_eq!(nf.status(), Some(404));
}

#[test]
fn error_body_without_errors_list_still_parses() {
    let e: ApiErrorBody = serde_json::from_str(r#"{"message": "boom"}"#).unwrap();
    assert_eq!(e.message, "boom");
    assert!(e.errors.is_empty());
    assert_eq!(e.status(), None);
}

#[test]
fn service_not_found_uses_the_message_go_clients_match() {
    let e = ApiErrorBody::service_not_found("pg-missing");
    assert_eq!(e.message, "Service pg-missing does not exist");
    assert_eq!(e.status(), Some(404));
}

#[test]
fn contract_examples_round_trip_byte_for_byte() {
    byte_round_trip::<ApiErrorBody>(
        r#"{"message": "Service pg1 does not exist", "errors": [{"message": "Service pg1 does not exist", "status": 404, "error_code": "service_not_found"}]}"#,
    );
    byte_round_trip::<PrivatelinkAvailability>(
        r#"{"privatelink_availability": [{"cloud_name": "azure-eastus", "price_usd": "0.0600"}]}"#,
    );
    byte_round_trip::<ServiceUpdateRequest>(
        r#"{"plan": "business-4", "user_config": {"privatelink_access": {"pg": true}}}"#,
    );
    byte_round_trip::<PrivatelinkRequest>(
        r#"{"user_subscription_ids": ["8eefec94-5d63-40c9-983c-03ab083b411d"]}"#,
    );
    byte_round_trip::<ConnectionUpdateRequest>(r#"{"user_ip_address": "10.0.0.5"}"#);
}

#[test]
fn service_fixture_parses_with_privatelink_routes() {
    let env: ServiceEnvelope = value_round_trip(include_str!(
        "../../../fixtures/service-pg-with-privatelink-routes.json"
    ));
    let s = env.service;
    assert_eq!(s.state, ServiceState::Running);
    assert!(s.static_ips());
    let access = s.privatelink_access();
    assert_eq!(access.get("pg"), Some(&true));
    assert_eq!(access.get("pgbouncer"), Some(&false));
    let routes: Vec<_> = s
        .privatelink_components(&ConnectionId::parse("plc58e4782ab22").unwrap())
        .collect();
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0].host, "privatelink-1-pg1-test.aivencloud.com");
    assert_eq!(routes[0].port, 12656);
    assert_eq!(
        s.privatelink_components(&ConnectionId::parse("plc35843e8054b").unwrap())
            .count(),
        0
    );
}

#[test]
fn service_without_user_config_reads_as_no_static_ips_and_no_access() {
    let s: Service = serde_json::from_value(serde_json::json!({
        "service_name": "x", "service_type": "pg", "plan": "hobbyist", "cloud_name": "azure-eastus",
        "project_vpc_id": null, "state": "RUNNING"
    }))
    .unwrap();
    assert!(!s.static_ips());
    assert!(s.privatelink_access().is_empty());
    assert!(s.components.is_empty());
}

#[test]
fn service_ignores_fields_it_does_not_know() {
    let s: Service = serde_json::from_value(serde_json::json!({
        "service_name": "x", "service_type": "pg", "plan": "p", "cloud_name": "azure-eastus",
        "project_vpc_id": null, "state": "RUNNING", "node_count": 3, "acl": []
    }))
    .unwrap();
    assert_eq!(s.service_name, "x");
}

#[test]
fn unknown_states_parse_and_serialise_back_verbatim() {
    let c: AzurePrivatelinkConnection = serde_json::from_str(
        r#"{"privatelink_connection_id": "plc35843e8054b", "private_endpoint_id": "/x", "state": "rejected", "user_ip_address": null}"#,
    )
    .unwrap();
    assert_eq!(c.state, ConnectionState::Unknown("rejected".into()));
    assert!(serde_json::to_string(&c)
        .unwrap()
        .contains(r#""state":"rejected""#));
    let p = PrivatelinkState::from_wire("failed");
    assert_eq!(p.as_str(), "failed");
    assert_eq!(
        ServiceState::from_wire("REBUILDING"),
        ServiceState::Rebuilding
    );
}

#[test]
fn request_bodies_refuse_unknown_fields() {
    assert!(serde_json::from_str::<PrivatelinkRequest>(
        r#"{"user_subscription_ids": [], "extra": 1}"#
    )
    .is_err());
    assert!(serde_json::from_str::<ConnectionUpdateRequest>(
        r#"{"user_ip_address": "10.0.0.5", "ip": "x"}"#
    )
    .is_err());
}

#[test]
fn request_bodies_refuse_wrong_types_and_missing_fields() {
    assert!(
        serde_json::from_str::<PrivatelinkRequest>(r#"{"user_subscription_ids": "abc"}"#).is_err()
    );
    assert!(serde_json::from_str::<PrivatelinkRequest>(r#"{}"#).is_err());
    assert!(serde_json::from_str::<ConnectionUpdateRequest>(r#"{"user_ip_address": 10}"#).is_err());
}

#[test]
fn null_endpoint_ip_as_avn_sends_it_parses_to_none() {
    let r: ConnectionUpdateRequest = serde_json::from_str(r#"{"user_ip_address": null}"#).unwrap();
    assert_eq!(r.user_ip_address, None);
}

#[test]
fn state_names_match_the_contract() {
    let p: Vec<&str> = PrivatelinkState::KNOWN.iter().map(|s| s.as_str()).collect();
    assert_eq!(p, ["creating", "active", "deleting"]);
    let c: Vec<&str> = ConnectionState::KNOWN.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        c,
        [
            "pending-user-approval",
            "user-approved",
            "connected",
            "active"
        ]
    );
}

#[test]
fn typed_ids_serialise_as_their_wire_strings() {
    let c: AzurePrivatelinkConnection = serde_json::from_str(
        r#"{"privatelink_connection_id": "plc35843e8054b", "private_endpoint_id": "/x", "state": "active", "user_ip_address": "10.0.0.5"}"#,
    )
    .unwrap();
    assert_eq!(c.privatelink_connection_id.as_str(), "plc35843e8054b");
    let back = serde_json::to_value(&c).unwrap();
    assert_eq!(back["user_ip_address"], "10.0.0.5");
    assert_eq!(back["privatelink_connection_id"], "plc35843e8054b");
}

#[test]
fn wire_refuses_padded_or_respelled_ids_and_addresses() {
    // Strict on the wire: what a person pastes is tidied by the panel, not the server.
    for body in [
        r#"{"user_ip_address": " 10.0.0.1"}"#,
        r#"{"user_ip_address": "10.0.0.1\n"}"#,
        r#"{"user_ip_address": "010.0.0.1"}"#,
    ] {
        let e = serde_json::from_str::<ConnectionUpdateRequest>(body).unwrap_err();
        assert!(!e.to_string().is_empty(), "{body}");
    }
    let e = serde_json::from_str::<PrivatelinkRequest>(
        r#"{"user_subscription_ids": ["8EEFEC94-5D63-40C9-983C-03AB083B411D"]}"#,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("must be written exactly as 8eefec94-5d63-40c9-983c-03ab083b411d"),
        "{e}"
    );
    let e = serde_json::from_str::<PrivatelinkRequest>(
        r#"{"user_subscription_ids": ["8eefec94-5d63-40c9-983c-03ab083b411d", "8eefec94-5d63-40c9-983c-03ab083b411d"]}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("more than once"), "{e}");
    let e = serde_json::from_str::<AzurePrivatelinkConnection>(
        r#"{"privatelink_connection_id": "PLC35843E8054B", "private_endpoint_id": "/x", "state": "active", "user_ip_address": null}"#,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("not a privatelink connection ID"),
        "{e}"
    );
}

/// The OpenAPI document's patterns are core's constants; every example that goes with a
/// pattern is accepted by core's own exact parser (the Python layer checks the same
/// examples against the pattern as a regular expression).
#[test]
fn every_id_pattern_example_passes_cores_exact_validator() {
    use privatelink_core::aws_region::AwsRegion;
    use privatelink_core::{AwsPrincipal, ConnectionId, SubscriptionId};
    for e in SubscriptionId::EXAMPLES {
        SubscriptionId::parse_exact(e).unwrap();
    }
    for e in AwsPrincipal::EXAMPLES {
        AwsPrincipal::parse_exact(e).unwrap();
    }
    for e in AwsRegion::EXAMPLES {
        AwsRegion::parse_exact(e).unwrap();
    }
    for e in ConnectionId::EXAMPLES {
        ConnectionId::parse(e).unwrap();
    }
    assert_eq!(
        ConnectionId::PATTERN,
        format!("^plc[0-9a-f]{{{}}}$", ConnectionId::DIGITS)
    );
}
