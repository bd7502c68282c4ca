//! The panel's hand-written decoders against core's serde types: every wire fixture is
//! read both ways (`JSON.parse` + `FromJs`, and serde_json into core's types) and must
//! give the same value, so the field names written twice cannot drift apart. Runs in the
//! browser (the decoders read JS values); needs no server.
#![cfg(target_arch = "wasm32")]

use privatelink_core::wire::{
    ApiErrorBody, AwsConnectionList, AwsPrivatelink, AzurePrivatelink, ConnectionList,
    GoogleConnectionList, GooglePrivatelink, ServiceEnvelope as CoreEnvelope,
};
use privatelink_panel::decode::{
    error_message, AwsConnections, Connections, FromJs, GoogleConnections, ServiceEnvelope,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("fixture is JSON")
}

/// Every file of `fixtures/`, and what the panel reads it as.
const FIXTURES: &[(&str, &str)] = &[
    (
        "aws-privatelink-active.json",
        include_str!("../fixtures/aws-privatelink-active.json"),
    ),
    (
        "aws-privatelink-creating.json",
        include_str!("../fixtures/aws-privatelink-creating.json"),
    ),
    (
        "aws-connections.json",
        include_str!("../fixtures/aws-connections.json"),
    ),
    (
        "google-privatelink-active.json",
        include_str!("../fixtures/google-privatelink-active.json"),
    ),
    (
        "google-connections-each-state.json",
        include_str!("../fixtures/google-connections-each-state.json"),
    ),
    (
        "privatelink-active.json",
        include_str!("../fixtures/privatelink-active.json"),
    ),
    (
        "privatelink-creating.json",
        include_str!("../fixtures/privatelink-creating.json"),
    ),
    (
        "privatelink-deleting.json",
        include_str!("../fixtures/privatelink-deleting.json"),
    ),
    (
        "connections-each-state.json",
        include_str!("../fixtures/connections-each-state.json"),
    ),
    (
        "connections-empty.json",
        include_str!("../fixtures/connections-empty.json"),
    ),
    (
        "service-pg-with-privatelink-routes.json",
        include_str!("../fixtures/service-pg-with-privatelink-routes.json"),
    ),
    (
        "error-not-found.json",
        include_str!("../fixtures/error-not-found.json"),
    ),
    (
        "error-with-code.json",
        include_str!("../fixtures/error-with-code.json"),
    ),
    (
        "service-type-pg-schema.json",
        include_str!("../fixtures/service-type-pg-schema.json"),
    ),
];

#[wasm_bindgen_test]
fn every_fixture_decodes_to_what_core_serde_reads() {
    let mut checked = 0;
    for (name, text) in FIXTURES {
        let js = parse(text);
        if name.starts_with("aws-privatelink-") {
            let ours = AwsPrivatelink::from_js(&js).unwrap_or_else(|e| panic!("{name}: {e}"));
            let core: AwsPrivatelink = serde_json::from_str(text).unwrap();
            assert_eq!(ours, core, "{name}");
        } else if name.starts_with("aws-connections") {
            let ours = AwsConnections::from_js(&js).unwrap_or_else(|e| panic!("{name}: {e}"));
            let core: AwsConnectionList = serde_json::from_str(text).unwrap();
            assert_eq!(ours.0, core.connections, "{name}");
        } else if name.starts_with("google-privatelink-") {
            let ours = GooglePrivatelink::from_js(&js).unwrap_or_else(|e| panic!("{name}: {e}"));
            let core: GooglePrivatelink = serde_json::from_str(text).unwrap();
            assert_eq!(ours, core, "{name}");
        } else if name.starts_with("google-connections") {
            let ours = GoogleConnections::from_js(&js).unwrap_or_else(|e| panic!("{name}: {e}"));
            let core: GoogleConnectionList = serde_json::from_str(text).unwrap();
            assert_eq!(ours.0, core.connections, "{name}");
        } else if name.starts_with("privatelink-") {
            let ours = AzurePrivatelink::from_js(&js).unwrap_or_else(|e| panic!("{name}: {e}"));
            let core: AzurePrivatelink = serde_json::from_str(text).unwrap();
            assert_eq!(ours, core, "{name}");
        } else if name.starts_with("connections-") {
            let ours = Connections::from_js(&js).unwrap_or_else(|e| panic!("{name}: {e}"));
            let core: ConnectionList = serde_json::from_str(text).unwrap();
            assert_eq!(ours.0, core.connections, "{name}");
        } else if name.starts_with("service-pg") {
            let ours = ServiceEnvelope::from_js(&js).unwrap_or_else(|e| panic!("{name}: {e}"));
            let core: CoreEnvelope = serde_json::from_str(text).unwrap();
            assert_eq!(ours.0, core.service, "{name}");
        } else if name.starts_with("error-") {
            let core: ApiErrorBody = serde_json::from_str(text).unwrap();
            assert_eq!(error_message(&js), Some(core.message), "{name}");
        } else {
            // The service-type schema is what avn reads before `service update`; the panel
            // never fetches it. It must still be JSON the panel could parse.
            assert!(js.is_object(), "{name}");
        }
        checked += 1;
    }
    assert_eq!(checked, FIXTURES.len());
}

#[wasm_bindgen_test]
fn a_wrong_shape_names_the_field() {
    let js = parse(r#"{"state": "active", "user_subscription_ids": "x"}"#);
    let e = AzurePrivatelink::from_js(&js).unwrap_err();
    assert!(e.contains("user_subscription_ids"), "{e}");
    let js = parse(r#"{"connections": [{"privatelink_connection_id": "nope"}]}"#);
    let e = Connections::from_js(&js).unwrap_err();
    assert!(e.contains("not a privatelink connection ID"), "{e}");
    let js = parse(r#"{"services": {}}"#);
    let e = ServiceEnvelope::from_js(&js).unwrap_err();
    assert!(e.contains("service"), "{e}");
}
