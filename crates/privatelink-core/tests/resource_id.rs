//! Private endpoint resource IDs, Azure names, and Aiven connection IDs.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use privatelink_core::names::*;
use privatelink_core::resource_id::*;
use privatelink_core::wire::ConnectionList;

const SUB: &str = "8eefec94-5d63-40c9-983c-03ab083b411d";

fn pe(rg: &str, name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Network/privateEndpoints/{name}")
}

#[test]
fn every_fixture_endpoint_id_parses_including_lowercase_segment_names() {
    let list: ConnectionList = serde_json::from_str(include_str!(
        "../../../fixtures/connections-each-state.json"
    ))
    .unwrap();
    let parsed: Vec<PrivateEndpointId> = list
        .connections
        .iter()
        .map(|c| PrivateEndpointId::parse(&c.private_endpoint_id).unwrap())
        .collect();
    assert_eq!(parsed[0].resource_group, "test-privatelink");
    assert_eq!(parsed[0].name, "my-endpoint");
    assert_eq!(parsed[3].resource_group, "prod-rg");
    assert_eq!(parsed[3].name, "prod-endpoint");
    assert!(parsed.iter().all(|p| p.subscription_id.as_str() == SUB));
}

#[test]
fn canonical_form_uses_azure_spelling_and_lowercase_subscription() {
    let upper = format!(
        "/SUBSCRIPTIONS/{}/RESOURCEGROUPS/Prod-RG/PROVIDERS/MICROSOFT.NETWORK/PRIVATEENDPOINTS/pe1",
        SUB.to_uppercase()
    );
    let p = PrivateEndpointId::parse(&upper).unwrap();
    assert_eq!(p.canonical(), pe("Prod-RG", "pe1"));
    assert_eq!(p.to_string(), p.canonical());
}

#[test]
fn same_resource_ignores_case_of_group_and_name() {
    let a = PrivateEndpointId::parse(&pe("Test-PrivateLink", "My-Endpoint")).unwrap();
    let b = PrivateEndpointId::parse(&pe("test-privatelink", "my-endpoint")).unwrap();
    let c = PrivateEndpointId::parse(&pe("test-privatelink", "other")).unwrap();
    assert!(a.same_resource(&b));
    assert!(!a.same_resource(&c));
}

#[test]
fn new_builds_the_same_id_as_parse() {
    let built = PrivateEndpointId::new(&SUB.to_uppercase(), "rg", "pe-1").unwrap();
    assert_eq!(built, PrivateEndpointId::parse(&pe("rg", "pe-1")).unwrap());
}

#[test]
fn ids_of_the_wrong_shape_are_refused() {
    for s in [
        format!("subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe"),
        format!("{}/", pe("rg", "pe")),
        format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pe"),
        format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/privateEndpoints/pe"),
        format!("/subscriptions/{SUB}/resourceGroups/rg"),
        format!("/subscriptions/{SUB}//rg/providers/Microsoft.Network/privateEndpoints/pe"),
        "/".to_owned(),
    ] {
        assert!(matches!(PrivateEndpointId::parse(&s), Err(ResourceIdError::WrongShape(_))), "{s}");
    }
    assert_eq!(PrivateEndpointId::parse(" "), Err(ResourceIdError::Empty));
}

#[test]
fn bad_subscription_inside_an_id_is_refused() {
    let s = "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe";
    assert!(matches!(
        PrivateEndpointId::parse(s),
        Err(ResourceIdError::Subscription(_))
    ));
    let braced = format!("/subscriptions/{{{SUB}}}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe");
    assert!(matches!(
        PrivateEndpointId::parse(&braced),
        Err(ResourceIdError::Subscription(_))
    ));
}

#[test]
fn bad_group_and_endpoint_names_inside_an_id_are_refused() {
    assert!(matches!(
        PrivateEndpointId::parse(&pe("rg.", "pe")),
        Err(ResourceIdError::Name(_))
    ));
    assert!(matches!(
        PrivateEndpointId::parse(&pe("rg", "-pe")),
        Err(ResourceIdError::Name(_))
    ));
    assert!(matches!(
        PrivateEndpointId::parse(&pe("r g", "pe")),
        Err(ResourceIdError::Name(_))
    ));
}

#[test]
fn resource_group_names_follow_azure_rules() {
    for ok in ["rg", "my_rg-1.(prod)", "a", &"r".repeat(90)] {
        assert!(validate_resource_group(ok).is_ok(), "{ok}");
    }
    assert!(matches!(
        validate_resource_group(""),
        Err(NameError::Empty { .. })
    ));
    assert!(matches!(
        validate_resource_group(&"r".repeat(91)),
        Err(NameError::TooLong { .. })
    ));
    assert!(matches!(
        validate_resource_group("rg."),
        Err(NameError::BadEdge { .. })
    ));
    assert!(matches!(
        validate_resource_group("rg/x"),
        Err(NameError::BadChar { found: '/', .. })
    ));
}

#[test]
fn endpoint_names_follow_azure_rules() {
    for ok in ["pe", "my-endpoint", "pe_", "a.b-c_d", &"p".repeat(64)] {
        assert!(validate_endpoint_name(ok).is_ok(), "{ok}");
    }
    assert!(matches!(
        validate_endpoint_name("p"),
        Err(NameError::TooShort { .. })
    ));
    assert!(matches!(
        validate_endpoint_name(&"p".repeat(65)),
        Err(NameError::TooLong { .. })
    ));
    assert!(matches!(
        validate_endpoint_name("_pe"),
        Err(NameError::BadEdge { .. })
    ));
    assert!(matches!(
        validate_endpoint_name("pe-"),
        Err(NameError::BadEdge { .. })
    ));
    assert!(matches!(
        validate_endpoint_name("pé"),
        Err(NameError::BadChar { .. })
    ));
}

#[test]
fn aiven_names_are_lowercase_letters_digits_and_hyphens() {
    assert!(validate_service_name("demo-pg").is_ok());
    assert!(validate_project_name("demo-project").is_ok());
    assert!(validate_service_name("Demo").is_err());
    assert!(validate_service_name("1pg").is_err());
    assert!(validate_service_name("pg/x").is_err());
    assert!(validate_service_name(&"a".repeat(64)).is_err());
    assert_eq!(
        validate_service_name("pg_1").unwrap_err().to_string(),
        "The service name \"pg_1\" contains '_'; use lowercase letters, digits and '-'."
    );
}

#[test]
fn connection_ids_are_plc_and_eleven_lowercase_hex_digits() {
    assert_eq!(
        ConnectionId::parse("plc35843e8054b").unwrap().as_str(),
        "plc35843e8054b"
    );
    for bad in [
        "plc35843e8054",
        "plc35843e8054bb",
        "PLC35843e8054b",
        "plc35843E8054b",
        "plx35843e8054b",
        "plc35843e8054g",
        "",
    ] {
        assert!(ConnectionId::parse(bad).is_err(), "{bad}");
    }
    assert!(ConnectionId::parse("nope")
        .unwrap_err()
        .to_string()
        .contains("plc35843e8054b"));
}

#[test]
fn connection_ids_from_bits_are_valid_and_keep_44_bits() {
    assert_eq!(ConnectionId::from_bits(0).as_str(), "plc00000000000");
    assert_eq!(ConnectionId::from_bits(u64::MAX).as_str(), "plcfffffffffff");
    for n in [1u64, 0xabc, 1 << 43, 123_456_789_012] {
        let id = ConnectionId::from_bits(n);
        assert_eq!(ConnectionId::parse(id.as_str()).unwrap(), id);
    }
}
