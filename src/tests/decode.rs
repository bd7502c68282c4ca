//! The panel's hand-written decoders against core's serde types: every wire fixture is
//! read both ways (`JSON.parse` + `FromJs`, and serde_json into core's types) and must
//! give the same value, so the field names written twice cannot drift apart. Runs in the
//! browser (the decoders read JS values); needs no server. The mount options (read by
//! serde-wasm-bindgen) are checked at the end.

use crate::decode::{error_message, FromJs};
use privatelink_core::wire::{
    ApiErrorBody, AwsConnectionList, AwsPrivatelink, AzurePrivatelink, ConnectionList,
    GoogleConnectionList, GooglePrivatelink, ServiceEnvelope,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("fixture is JSON")
}

/// The fixtures' manifest, which core's tests check against the folder.
const MANIFEST: &str = include_str!("../../fixtures/manifest.json");

/// Every file of `fixtures/` (the manifest's entries: a test compares them).
const FIXTURES: &[(&str, &str)] = &[
    (
        "aws-privatelink-active.json",
        include_str!("../../fixtures/aws-privatelink-active.json"),
    ),
    (
        "aws-privatelink-creating.json",
        include_str!("../../fixtures/aws-privatelink-creating.json"),
    ),
    (
        "aws-connections.json",
        include_str!("../../fixtures/aws-connections.json"),
    ),
    (
        "google-privatelink-active.json",
        include_str!("../../fixtures/google-privatelink-active.json"),
    ),
    (
        "google-connections-each-state.json",
        include_str!("../../fixtures/google-connections-each-state.json"),
    ),
    (
        "privatelink-active.json",
        include_str!("../../fixtures/privatelink-active.json"),
    ),
    (
        "privatelink-creating.json",
        include_str!("../../fixtures/privatelink-creating.json"),
    ),
    (
        "privatelink-deleting.json",
        include_str!("../../fixtures/privatelink-deleting.json"),
    ),
    (
        "connections-each-state.json",
        include_str!("../../fixtures/connections-each-state.json"),
    ),
    (
        "connections-empty.json",
        include_str!("../../fixtures/connections-empty.json"),
    ),
    (
        "service-pg-with-privatelink-routes.json",
        include_str!("../../fixtures/service-pg-with-privatelink-routes.json"),
    ),
    (
        "error-not-found.json",
        include_str!("../../fixtures/error-not-found.json"),
    ),
    (
        "error-with-code.json",
        include_str!("../../fixtures/error-with-code.json"),
    ),
    (
        "service-kafka-with-privatelink-routes.json",
        include_str!("../../fixtures/service-kafka-with-privatelink-routes.json"),
    ),
    (
        "service-type-pg-schema.json",
        include_str!("../../fixtures/service-type-pg-schema.json"),
    ),
];

/// The manifest's type for a fixture.
fn manifest_type(name: &str) -> String {
    let m: serde_json::Value = serde_json::from_str(MANIFEST).unwrap();
    m["fixtures"][name]
        .as_str()
        .unwrap_or_else(|| panic!("{name} is not in fixtures/manifest.json"))
        .to_owned()
}

/// Decodes with the panel's `FromJs` and with core's serde; both must agree.
fn both<T: FromJs + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    name: &str,
    text: &str,
) {
    let ours = T::from_js(&parse(text)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let core: T = serde_json::from_str(text).unwrap();
    assert_eq!(ours, core, "{name}");
}

#[wasm_bindgen_test]
fn the_fixture_list_here_is_the_manifests() {
    let m: serde_json::Value = serde_json::from_str(MANIFEST).unwrap();
    let listed: Vec<&str> = m["fixtures"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut here: Vec<&str> = FIXTURES.iter().map(|(n, _)| *n).collect();
    here.sort_unstable();
    let mut listed = listed;
    listed.sort_unstable();
    assert_eq!(here, listed);
}

#[wasm_bindgen_test]
fn every_fixture_decodes_to_what_core_serde_reads() {
    for (name, text) in FIXTURES {
        match manifest_type(name).as_str() {
            "AzurePrivatelink" => both::<AzurePrivatelink>(name, text),
            "ConnectionList" => both::<ConnectionList>(name, text),
            "AwsPrivatelink" => both::<AwsPrivatelink>(name, text),
            "AwsConnectionList" => both::<AwsConnectionList>(name, text),
            "GooglePrivatelink" => both::<GooglePrivatelink>(name, text),
            "GoogleConnectionList" => both::<GoogleConnectionList>(name, text),
            "ServiceEnvelope" => both::<ServiceEnvelope>(name, text),
            "ApiErrorBody" => {
                let core: ApiErrorBody = serde_json::from_str(text).unwrap();
                assert_eq!(error_message(&parse(text)), Some(core.message), "{name}");
            }
            // avn's service-type answer: the panel never fetches it; it must still be JSON
            // the panel could parse.
            "ServiceTypeSchema" => assert!(parse(text).is_object(), "{name}"),
            other => panic!("{name}: no decoder for {other}"),
        }
    }
}

#[wasm_bindgen_test]
fn a_wrong_shape_names_the_field() {
    let js = parse(r#"{"state": "active", "user_subscription_ids": "x"}"#);
    let e = AzurePrivatelink::from_js(&js).unwrap_err();
    assert!(e.contains("user_subscription_ids"), "{e}");
    let js = parse(r#"{"connections": [{"privatelink_connection_id": "nope"}]}"#);
    let e = ConnectionList::from_js(&js).unwrap_err();
    assert!(e.contains("not a privatelink connection ID"), "{e}");
    let js = parse(r#"{"services": {}}"#);
    let e = ServiceEnvelope::from_js(&js).unwrap_err();
    assert!(e.contains("service"), "{e}");
}

/// `mount`'s options from a JS object literal.
fn options(js: &str) -> Result<crate::Options, String> {
    let o = js_sys::eval(&format!("({js})")).expect("an object literal");
    crate::Options::from_js(&o)
}

const BASE_OPTIONS: &str = "project: 'p', service: 's', token: 't'";

#[wasm_bindgen_test]
fn milliseconds_are_read_as_numbers_or_strings_of_digits_and_clamped() {
    let ms = |extra: &str| {
        let o = options(&format!("{{{BASE_OPTIONS}, {extra}}}")).unwrap();
        (o.poll_interval_ms, o.request_timeout_ms)
    };
    assert_eq!(ms(""), (2000, 15_000), "absent: the defaults");
    assert_eq!(
        ms("pollIntervalMs: 1500.7, requestTimeoutMs: ' 2500 '"),
        (1500, 2500)
    );
    assert_eq!(
        ms("pollIntervalMs: null, requestTimeoutMs: undefined"),
        (2000, 15_000)
    );
    // Below and above the range: clamped.
    assert_eq!(ms("pollIntervalMs: -5, requestTimeoutMs: 1"), (50, 100));
    assert_eq!(
        ms("pollIntervalMs: 1e12, requestTimeoutMs: '700000'"),
        (600_000, 600_000)
    );
    // More digits than a u32 holds: the most, clamped, as the define module reads them
    // (it used to be read as unset here, the default, while define.js clamped).
    assert_eq!(ms("requestTimeoutMs: '99999999999'").1, 600_000);
    // Not a string of digits: unset, the default.
    assert_eq!(
        ms("pollIntervalMs: '1e3', requestTimeoutMs: '+5'"),
        (2000, 15_000)
    );
    assert_eq!(
        ms("pollIntervalMs: NaN, requestTimeoutMs: ''"),
        (2000, 15_000)
    );
}

/// A millisecond string is trimmed as the define module's `/^\s*\d+\s*$/` trims it, so the
/// early request's timer and the panel's agree: U+FEFF and U+3000 are space there, U+0085 is
/// not (Rust's `trim()` has it the other way round for U+FEFF and U+0085).
#[wasm_bindgen_test]
fn millisecond_strings_are_trimmed_as_javascript_trims_them() {
    let o = options(&format!(
        r"{{{BASE_OPTIONS}, pollIntervalMs: '\u00852500', requestTimeoutMs: '\ufeff2500\u3000'}}"
    ))
    .unwrap();
    assert_eq!((o.poll_interval_ms, o.request_timeout_ms), (2000, 2500));
}

/// The words are serde's, through the patched serde-wasm-bindgen
/// (vendor/serde-wasm-bindgen/PATCHED.md): a number where a string belongs is written as
/// JavaScript writes it, which links none of Rust's float formatting (8 kB). Where the two
/// differ (`1e21`) the message shows JavaScript's digits.
#[wasm_bindgen_test]
fn a_wrong_type_is_named_in_serde_words_with_a_number_as_javascript_writes_it() {
    let refused = |project: &str| {
        options(&format!("{{project: {project}, service: 's', token: 't'}}"))
            .err()
            .unwrap()
    };
    let prefix = "privatelink-panel: bad options: invalid type:";
    assert_eq!(
        refused("1.5"),
        format!("{prefix} floating point `1.5`, expected a string")
    );
    // serde's `.0` after an integral float.
    assert_eq!(
        refused("5"),
        format!("{prefix} floating point `5.0`, expected a string")
    );
    // serde (Rust's formatting) would write 1000000000000000000000.0.
    assert_eq!(
        refused("1e21"),
        format!("{prefix} floating point `1e+21`, expected a string")
    );
    let e = options(&format!("{{{BASE_OPTIONS}, approveDeadlineMs: false}}"))
        .err()
        .unwrap();
    assert_eq!(
        e,
        format!("{prefix} boolean `false`, expected milliseconds")
    );
    assert!(refused("['p']").ends_with("expected a string"));
}

#[wasm_bindgen_test]
fn options_of_the_wrong_type_are_refused_with_what_was_expected() {
    let e = options(&format!("{{{BASE_OPTIONS}, pollIntervalMs: true}}"))
        .err()
        .unwrap();
    assert!(
        e.contains("bad options") && e.contains("expected milliseconds"),
        "{e}"
    );
    let e = options("{project: 5, service: 's', token: 't'}")
        .err()
        .unwrap();
    assert!(
        e.contains("bad options") && e.contains("expected a string"),
        "{e}"
    );
    let e = options("{project: 'p', service: 's'}").err().unwrap();
    assert!(e.contains("give `token` or `tokenProvider`"), "{e}");
    let e = options("{service: 's', token: 't'}").err().unwrap();
    assert!(e.contains("`project` is required"), "{e}");
    assert!(crate::Options::from_js(&JsValue::from_str("x")).is_err());
    let o = options(
        "{project: 'p', service: 's', tokenProvider: () => 't', apiBase: 'https://api.example'}",
    )
    .unwrap();
    assert_eq!(o.api_base, "https://api.example");
    assert!(matches!(o.token, crate::api::TokenSource::Provider(_)));
}
