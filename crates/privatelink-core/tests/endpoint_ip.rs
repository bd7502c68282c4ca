//! Endpoint IPs: plain dotted-quad IPv4 only; private ranges accepted quietly, public ones
//! with a warning, everything ambiguous or unusable refused with a reason.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use privatelink_core::endpoint_ip::*;
use privatelink_core::Cloud;

fn ok(s: &str) -> EndpointIp {
    EndpointIp::parse(s).unwrap_or_else(|e| panic!("{s:?} refused: {e}"))
}

#[test]
fn private_addresses_are_accepted_without_warning() {
    for s in [
        "10.0.0.5",
        "172.16.0.1",
        "172.31.255.254",
        "192.168.1.1",
        "100.64.0.1",
        "100.127.255.254",
    ] {
        let ip = ok(s);
        assert!(ip.is_private(), "{s}");
        assert_eq!(ip.warning_on(Cloud::Azure), None, "{s}");
        assert_eq!(ip.to_string(), s);
    }
}

#[test]
fn addresses_just_outside_private_ranges_get_a_warning() {
    for s in [
        "172.15.255.255",
        "172.32.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "11.0.0.1",
        "8.8.8.8",
    ] {
        let ip = ok(s);
        assert!(!ip.is_private(), "{s}");
        let w = ip.warning_on(Cloud::Azure).expect("warning");
        assert!(
            w.starts_with(&format!("{s} is not a private address")),
            "{w}"
        );
    }
}

#[test]
fn on_google_the_reserved_172_24_range_gets_a_warning_and_elsewhere_not() {
    use privatelink_core::Cloud;
    for s in ["172.24.0.1", "172.24.255.254"] {
        let w = ok(s).warning_on(Cloud::Google).expect("warning");
        assert!(
            w.contains("172.24.0.0/16") && w.contains("Google Cloud console"),
            "{w}"
        );
        assert_eq!(ok(s).warning_on(Cloud::Azure), None, "{s}");
        assert_eq!(ok(s).warning_on(Cloud::Aws), None, "{s}");
    }
    for s in ["172.23.255.255", "172.25.0.1", "10.24.0.1"] {
        assert_eq!(ok(s).warning_on(Cloud::Google), None, "{s}");
    }
    let w = ok("8.8.8.8").warning_on(Cloud::Google).expect("warning");
    assert!(
        w.contains("not a private address") && w.contains("Google Cloud console"),
        "{w}"
    );
}

#[test]
fn surrounding_whitespace_is_trimmed() {
    assert_eq!(ok(" 10.0.0.5\n").to_string(), "10.0.0.5");
}

#[test]
fn empty_input_asks_for_an_address() {
    assert_eq!(EndpointIp::parse("  "), Err(EndpointIpError::Empty));
}

#[test]
fn leading_zeros_and_octal_looking_parts_are_refused() {
    for s in [
        "010.0.0.5",
        "10.00.0.5",
        "012.0.0.1",
        "10.0.0.05",
        "00.0.0.1",
    ] {
        assert!(
            matches!(EndpointIp::parse(s), Err(EndpointIpError::LeadingZero(_))),
            "{s}"
        );
    }
}

#[test]
fn hex_parts_and_hostnames_are_not_addresses() {
    for s in [
        "0x0a.0.0.1",
        "0xa000005",
        "db.example.com",
        "localhost",
        "10.0.0.a",
    ] {
        assert!(
            matches!(EndpointIp::parse(s), Err(EndpointIpError::NotAnAddress(_))),
            "{s}"
        );
    }
}

#[test]
fn ipv6_and_ipv4_mapped_ipv6_are_refused_as_ipv6() {
    for s in ["::1", "fe80::1", "::ffff:10.0.0.5", "2001:db8::5"] {
        assert!(
            matches!(EndpointIp::parse(s), Err(EndpointIpError::Ipv6(_))),
            "{s}"
        );
    }
}

#[test]
fn cidr_blocks_and_ranges_are_refused() {
    for s in ["10.0.0.0/24", "10.0.0.1-10.0.0.9", "10.0.0.1/32"] {
        assert!(
            matches!(EndpointIp::parse(s), Err(EndpointIpError::Range(_))),
            "{s}"
        );
    }
}

#[test]
fn wrong_number_of_parts_is_refused() {
    for s in [
        "10.1",
        "10.0.1",
        "10.0.0.0.5",
        "167772165",
        "10..0.5",
        "10.0.0.",
        ".10.0.0.5",
    ] {
        assert!(
            matches!(
                EndpointIp::parse(s),
                Err(EndpointIpError::WrongPartCount(_))
            ),
            "{s}"
        );
    }
}

#[test]
fn parts_above_255_are_refused() {
    for s in ["10.0.0.256", "300.0.0.1", "10.0.0.99999999999999999999"] {
        assert!(
            matches!(EndpointIp::parse(s), Err(EndpointIpError::OctetTooLarge(_))),
            "{s}"
        );
    }
}

#[test]
fn addresses_that_cannot_be_an_endpoint_are_refused_with_the_reason() {
    for (s, why) in [
        ("0.0.0.0", "unspecified"),
        ("127.0.0.1", "loopback"),
        ("169.254.1.1", "link-local"),
        ("255.255.255.255", "broadcast"),
        ("224.0.0.1", "multicast"),
        ("0.1.2.3", "this network"),
        ("240.0.0.1", "reserved"),
    ] {
        let e = EndpointIp::parse(s).unwrap_err();
        assert!(matches!(e, EndpointIpError::Reserved(..)), "{s}");
        assert!(e.to_string().contains(why), "{s}: {e}");
    }
}

#[test]
fn messages_are_sentences_with_an_example() {
    assert_eq!(
        EndpointIp::parse("010.0.0.5").unwrap_err().to_string(),
        "\"010.0.0.5\" has a number with a leading zero, which some tools read as octal; write it without (e.g. 10.0.0.5)."
    );
    assert_eq!(
        EndpointIp::parse("::1").unwrap_err().to_string(),
        "\"::1\" is an IPv6 address; Azure private endpoints for this service use IPv4 (e.g. 10.0.0.5)."
    );
}
