//! Property tests: no input string panics a parser, and normalisation is idempotent.
#![cfg(not(target_arch = "wasm32"))]

use privatelink_core::endpoint_ip::EndpointIp;
use privatelink_core::names::*;
use privatelink_core::resource_id::{ConnectionId, PrivateEndpointId};
use privatelink_core::subscription::*;
use proptest::prelude::*;

/// Strings biased towards the characters the parsers care about, plus arbitrary Unicode.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9a-fA-F{}\\-/ .:x]{0,48}",
        "[/a-zA-Z0-9.\\-_]{0,120}",
    ]
}

fn guid() -> impl Strategy<Value = String> {
    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
}

proptest! {
    #[test]
    fn no_input_panics_any_parser(s in tricky()) {
        let _ = SubscriptionId::parse(&s);
        let _ = EndpointIp::parse(&s);
        let _ = PrivateEndpointId::parse(&s);
        let _ = ConnectionId::parse(&s);
        let _ = validate_resource_group(&s);
        let _ = validate_endpoint_name(&s);
        let _ = validate_service_name(&s);
        let _ = split_pasted(&s);
        let _ = parse_pasted_list(&s);
        // Every error must render as a sentence without panicking.
        if let Err(e) = EndpointIp::parse(&s) { prop_assert!(!e.to_string().is_empty()); }
        if let Err(e) = SubscriptionId::parse(&s) { prop_assert!(!e.to_string().is_empty()); }
    }

    #[test]
    fn subscription_normalisation_is_idempotent(s in prop_oneof![tricky(), guid(), guid().prop_map(|g| format!(" {{{}}} ", g.to_uppercase()))]) {
        if let Ok(id) = SubscriptionId::parse(&s) {
            prop_assert_eq!(SubscriptionId::parse(id.as_str()), Ok(id.clone()));
            prop_assert_eq!(id.as_str(), id.as_str().to_ascii_lowercase());
        }
    }

    #[test]
    fn every_well_formed_guid_except_nil_is_accepted(g in guid()) {
        prop_assume!(g.chars().any(|c| c != '0' && c != '-'));
        let id = SubscriptionId::parse(&g).unwrap();
        prop_assert_eq!(id.as_str(), g.to_ascii_lowercase());
    }

    #[test]
    fn endpoint_ip_round_trips_through_display(a in any::<[u8; 4]>()) {
        let s = format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
        if let Ok(ip) = EndpointIp::parse(&s) {
            prop_assert_eq!(ip.to_string(), s.clone());
            prop_assert_eq!(EndpointIp::parse(&ip.to_string()), Ok(ip));
        }
    }

    #[test]
    fn canonical_endpoint_id_reparses_to_the_same(g in guid(), rg in "[a-zA-Z0-9_()-]{1,20}", name in "[a-zA-Z0-9][a-zA-Z0-9_.-]{0,10}[a-zA-Z0-9_]") {
        let id = PrivateEndpointId::new(&g, &rg, &name);
        if let Ok(id) = id {
            prop_assert_eq!(PrivateEndpointId::parse(&id.canonical()), Ok(id.clone()));
        }
    }

    #[test]
    fn pasted_valid_entries_equal_parsing_their_token(s in prop_oneof![tricky(), proptest::collection::vec(guid(), 0..5).prop_map(|v| v.join(",\n"))]) {
        for e in split_pasted(&s) {
            prop_assert_eq!(e.result, SubscriptionId::parse(&e.raw));
        }
    }

    #[test]
    fn connection_ids_from_any_bits_parse(n in any::<u64>()) {
        let id = ConnectionId::from_bits(n);
        prop_assert_eq!(ConnectionId::parse(id.as_str()), Ok(id.clone()));
    }
}
