//! The wire fixtures (`fixtures/`) against their manifest (`fixtures/manifest.json`): every
//! file has an entry and every entry a file, each file decodes into the core type its entry
//! names (and serialises back to the same JSON value), and every optional key of those
//! types appears with a value in at least one fixture, so tests on every side that read the
//! fixtures see each key. Native only: it reads the folder.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::PathBuf;

use privatelink_core::wire::{
    ApiErrorBody, AwsConnectionList, AwsPrivatelink, AzurePrivatelink, ConnectionList,
    GoogleConnectionList, GooglePrivatelink, ServiceEnvelope,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn manifest() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(folder().join("manifest.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["fixtures"]
        .as_object()
        .expect("manifest.json has a `fixtures` object")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("a type name").to_owned()))
        .collect()
}

fn read(name: &str) -> Value {
    let text = std::fs::read_to_string(folder().join(name)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Decodes into `T`, and `T` serialises back to the same value (nothing dropped or renamed).
fn round_trip<T: DeserializeOwned + Serialize>(name: &str, v: &Value) {
    let typed: T = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(&serde_json::to_value(&typed).unwrap(), v, "{name}");
}

#[test]
fn every_fixture_file_is_in_the_manifest_and_every_entry_has_a_file() {
    let listed: BTreeSet<String> = manifest().into_iter().map(|(k, _)| k).collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(folder())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "manifest.json")
        .collect();
    assert_eq!(
        listed, on_disk,
        "fixtures/manifest.json and the folder differ"
    );
}

#[test]
fn every_fixture_decodes_into_the_core_type_its_manifest_entry_names() {
    for (name, ty) in manifest() {
        let v = read(&name);
        match ty.as_str() {
            "AzurePrivatelink" => round_trip::<AzurePrivatelink>(&name, &v),
            "ConnectionList" => round_trip::<ConnectionList>(&name, &v),
            "AwsPrivatelink" => round_trip::<AwsPrivatelink>(&name, &v),
            "AwsConnectionList" => round_trip::<AwsConnectionList>(&name, &v),
            "GooglePrivatelink" => round_trip::<GooglePrivatelink>(&name, &v),
            "GoogleConnectionList" => round_trip::<GoogleConnectionList>(&name, &v),
            "ApiErrorBody" => {
                // Field order differs between fixtures; compare as values.
                let e: ApiErrorBody = serde_json::from_value(v.clone()).unwrap();
                assert_eq!(serde_json::to_value(&e).unwrap(), v, "{name}");
            }
            "ServiceEnvelope" => {
                // Numbers and the free-form user_config come back as they went in.
                let s: ServiceEnvelope = serde_json::from_value(v.clone()).unwrap();
                assert_eq!(serde_json::to_value(&s).unwrap(), v, "{name}");
            }
            // avn's service-type answer: no core type models it; it must be an object.
            "ServiceTypeSchema" => assert!(v["user_config_schema"].is_object(), "{name}"),
            other => panic!("{name}: unknown type {other} in the manifest"),
        }
    }
}

/// The keys every reader of the fixtures may meet that can be absent or `null` in an
/// answer, each with the manifest type that carries it and where in the body it sits.
const OPTIONAL_KEYS: &[(&str, &str, &str)] = &[
    ("AzurePrivatelink", "", "azure_service_alias"),
    ("AzurePrivatelink", "", "azure_service_id"),
    ("ConnectionList", "connections", "user_ip_address"),
    ("AwsPrivatelink", "", "aws_service_id"),
    ("AwsPrivatelink", "", "aws_service_name"),
    (
        "AwsConnectionList",
        "connections",
        "privatelink_connection_id",
    ),
    ("GooglePrivatelink", "", "google_service_attachment"),
    ("GoogleConnectionList", "connections", "user_ip_address"),
    ("ApiErrorBody", "errors", "error_code"),
    ("ServiceEnvelope", "service", "project_vpc_id"),
    ("ServiceEnvelope", "service", "service_uri"),
    ("ServiceEnvelope", "service", "create_time"),
    ("ServiceEnvelope", "service", "update_time"),
    ("ServiceEnvelope", "service.components", "usage"),
    ("ServiceEnvelope", "service.components", "ssl"),
    (
        "ServiceEnvelope",
        "service.components",
        "privatelink_connection_id",
    ),
    (
        "ServiceEnvelope",
        "service.components",
        "kafka_authentication_method",
    ),
];

/// The objects at `path` (dot-separated; a list's items are each visited).
fn objects_at<'a>(v: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut here = vec![v];
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        here = here
            .into_iter()
            .flat_map(|v| match &v[seg] {
                Value::Array(items) => items.iter().collect::<Vec<_>>(),
                other => vec![other],
            })
            .collect();
    }
    here
}

#[test]
fn every_optional_key_appears_with_a_value_in_some_fixture() {
    let m = manifest();
    for (ty, path, key) in OPTIONAL_KEYS {
        let seen = m.iter().filter(|(_, t)| t == ty).any(|(name, _)| {
            objects_at(&read(name), path)
                .iter()
                .any(|o| o.get(key).is_some_and(|v| !v.is_null()))
        });
        assert!(seen, "no fixture of {ty} has {path}.{key} with a value");
    }
}
