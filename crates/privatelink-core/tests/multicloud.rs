//! AWS PrivateLink and Google Private Service Connect beside Azure: the cloud of a service,
//! principal ARNs, per-cloud preflight and connection actions, and the wire bodies.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use privatelink_core::preflight::{preflight, preflight_error, Check};
use privatelink_core::principal::*;
use privatelink_core::state::ActionRefused;
use privatelink_core::wire::*;
use privatelink_core::{Cloud, ConnectionAction};
use serde_json::{json, Value};

#[test]
fn the_cloud_comes_from_the_cloud_name_prefix() {
    assert_eq!(Cloud::of_cloud_name("aws-us-east-1"), Some(Cloud::Aws));
    assert_eq!(Cloud::of_cloud_name("azure-eastus"), Some(Cloud::Azure));
    assert_eq!(
        Cloud::of_cloud_name("google-europe-west1"),
        Some(Cloud::Google)
    );
    assert_eq!(Cloud::of_cloud_name("do-nyc"), None);
    assert_eq!(Cloud::of_cloud_name("awsx-1"), None);
    assert_eq!(Cloud::from_path("google"), Some(Cloud::Google));
    assert_eq!(Cloud::from_path("gcp"), None);
}

#[test]
fn principal_arns_take_root_user_and_role_forms() {
    for ok in [
        "arn:aws:iam::012345678901:root",
        "arn:aws:iam::012345678901:user/mytestuser",
        "arn:aws:iam::012345678901:role/admin/ops-role",
        "arn:aws-us-gov:iam::012345678901:role/x",
        "arn:aws-cn:iam::012345678901:user/a.b@c",
        // Every character IAM allows in a name besides letters and digits.
        "arn:aws:iam::012345678901:role/a+b=c,d.e@f_g-h",
    ] {
        assert!(AwsPrincipal::parse_exact(ok).is_ok(), "{ok}");
    }
    for bad in ["user/a*b", "role/a b", "user/é", "role/a#b"] {
        let arn = format!("arn:aws:iam::012345678901:{bad}");
        assert!(AwsPrincipal::parse_exact(&arn).is_err(), "{arn}");
    }
    let p = AwsPrincipal::parse("  arn:aws:iam::012345678901:root\n").unwrap();
    assert_eq!(p.as_str(), "arn:aws:iam::012345678901:root");
    assert_eq!(p.account(), "012345678901");
}

#[test]
fn bad_principals_say_what_is_wrong() {
    let err = |s: &str| AwsPrincipal::parse(s).unwrap_err().to_string();
    assert!(err("").contains("Enter an AWS IAM principal ARN"));
    assert!(err("012345678901").contains("is not an ARN"));
    assert!(err("arn:gcp:iam::012345678901:root").contains("partition \"gcp\""));
    assert!(err("arn:aws:s3:::bucket/x").contains("service part must be iam"));
    assert!(err("arn:aws:iam::12345:root").contains("exactly 12 digits"));
    assert!(
        err("arn:aws:iam::012345678901:group/devs").contains("root, user/<name> or role/<name>")
    );
    assert!(err("arn:aws:iam::012345678901:user/").contains("root, user/<name>"));
    assert!(err("arn:aws:iam::0123 45678901:root").contains("whitespace inside"));
    assert!(matches!(
        AwsPrincipal::parse_exact(" arn:aws:iam::012345678901:root"),
        Err(AwsPrincipalError::Padded(_))
    ));
}

#[test]
fn principal_lists_hold_one_to_sixteen_distinct_arns() {
    let arn = |n: usize| format!("arn:aws:iam::{n:012}:root");
    assert!(matches!(
        PrincipalList::validate::<&str>(&[], true),
        Err(PrincipalListError::Empty)
    ));
    let sixteen: Vec<String> = (1..=16).map(arn).collect();
    assert_eq!(PrincipalList::validate(&sixteen, true).unwrap().0.len(), 16);
    let seventeen: Vec<String> = (1..=17).map(arn).collect();
    assert!(PrincipalList::validate(&seventeen, true)
        .unwrap_err()
        .to_string()
        .contains("At most 16"));
    assert!(PrincipalList::validate(&[arn(1), arn(1)], true)
        .unwrap_err()
        .to_string()
        .contains("more than once"));
    let e = PrincipalList::validate(&[arn(1), "nope".into()], true).unwrap_err();
    assert!(e.to_string().starts_with("Principal 2: "), "{e}");
    let pasted = PrincipalList::parse_pasted(&format!(" {},\n{} ", arn(1), arn(2))).unwrap();
    assert_eq!(pasted.0.len(), 2);
}

#[test]
fn pasted_principals_are_checked_one_by_one_with_repeats_flagged() {
    let entries = split_pasted(
        " arn:aws:iam::123456789012:root,\narn:aws:iam::12345:root; arn:aws:iam::123456789012:root ",
    );
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].raw, "arn:aws:iam::123456789012:root");
    assert!(entries[0].result.is_ok() && !entries[0].duplicate);
    assert!(matches!(
        entries[1].result,
        Err(AwsPrincipalError::Account(..))
    ));
    assert!(entries[2].result.is_ok() && entries[2].duplicate);
    // The list rule reads the same tokens.
    assert_eq!(
        PrincipalList::parse_pasted(
            "arn:aws:iam::123456789012:root arn:aws:iam::123456789012:user/a"
        )
        .unwrap()
        .iter()
        .count(),
        2
    );
}

#[test]
fn a_root_principal_allows_every_user_and_role_of_its_account() {
    let list = PrincipalList::validate(
        &[
            "arn:aws:iam::012345678901:root",
            "arn:aws:iam::111111111111:user/a",
        ],
        true,
    )
    .unwrap();
    let p = |s: &str| AwsPrincipal::parse_exact(s).unwrap();
    assert!(list.allows(&p("arn:aws:iam::012345678901:role/any")));
    assert!(list.allows(&p("arn:aws:iam::111111111111:user/a")));
    assert!(!list.allows(&p("arn:aws:iam::111111111111:user/b")));
    assert!(!list.allows(&p("arn:aws:iam::222222222222:root")));
    assert!(
        !list.allows(&p("arn:aws-cn:iam::012345678901:role/any")),
        "another partition"
    );
}

fn service(cloud: &str, vpc: bool, static_ips: bool) -> Service {
    serde_json::from_value(json!({
        "service_name": "svc", "service_type": "pg", "plan": "business-4", "cloud_name": cloud,
        "project_vpc_id": if vpc { Value::from("vpc-1") } else { Value::Null }, "state": "RUNNING",
        "user_config": {"static_ips": static_ips}
    }))
    .unwrap()
}

#[test]
fn preflight_needs_the_cloud_and_a_vpc_and_static_ips_only_on_azure() {
    let checks =
        |c, s: &Service| -> Vec<Check> { preflight(c, s).iter().map(|r| r.check).collect() };
    assert_eq!(
        checks(Cloud::Aws, &service("aws-us-east-1", true, false)),
        [
            Check::Cloud(Cloud::Aws),
            Check::ProjectVpc,
            Check::ServiceType(Cloud::Aws)
        ]
    );
    assert!(preflight_error(Cloud::Aws, &service("aws-us-east-1", true, false)).is_ok());
    assert!(preflight_error(Cloud::Google, &service("google-europe-west1", true, false)).is_ok());
    assert!(preflight_error(Cloud::Azure, &service("azure-eastus", true, false)).is_err());
    let e = preflight_error(Cloud::Google, &service("aws-us-east-1", false, true)).unwrap_err();
    assert!(
        e.starts_with("Cannot create the Google Private Service Connect: "),
        "{e}"
    );
    assert!(e.contains("runs in aws-us-east-1"), "{e}");
    assert!(e.contains("privatelink/aws"), "{e}");
    assert!(e.contains("not in a project VPC"), "{e}");
}

#[test]
fn aws_privatelink_is_refused_for_the_service_types_aiven_excludes() {
    let mut s = service("aws-us-east-1", true, false);
    assert!(preflight_error(Cloud::Aws, &s).is_ok());
    for (t, product) in [
        ("flink", "Apache Flink"),
        ("kafka_mirrormaker", "Kafka MirrorMaker 2"),
        ("thanos", "Aiven for Metrics"),
    ] {
        s.service_type = t.into();
        let e = preflight_error(Cloud::Aws, &s).unwrap_err();
        assert!(e.contains(product), "{e}");
        assert!(preflight(Cloud::Aws, &s)
            .iter()
            .any(|c| c.check == Check::ServiceType(Cloud::Aws) && c.outcome.is_err()));
    }
    // Google and Azure take them.
    s.cloud_name = "google-europe-west1".into();
    assert!(preflight_error(Cloud::Google, &s).is_ok());
}

#[test]
fn a_cloud_mismatch_names_the_services_cloud_and_the_path_to_use() {
    let m = Cloud::Aws
        .mismatch(&service("google-europe-west1", true, true))
        .unwrap();
    assert!(m.contains("runs in google-europe-west1"), "{m}");
    assert!(m.contains("privatelink/google"), "{m}");
    assert_eq!(
        Cloud::Aws.mismatch(&service("aws-eu-west-1", true, true)),
        None
    );
    let other = Cloud::Azure
        .mismatch(&service("do-nyc", true, true))
        .unwrap();
    assert!(other.contains("no private connectivity"), "{other}");
}

#[test]
fn connection_actions_differ_per_cloud() {
    let pending = ConnectionState::PendingUserApproval;
    assert_eq!(
        ConnectionAction::allowed(Cloud::Azure, &pending),
        [ConnectionAction::Approve]
    );
    assert_eq!(
        ConnectionAction::allowed(Cloud::Google, &pending),
        [ConnectionAction::Approve]
    );
    assert!(ConnectionAction::allowed(Cloud::Aws, &pending).is_empty());
    assert!(ConnectionAction::allowed(Cloud::Aws, &ConnectionState::Active).is_empty());
    assert_eq!(
        ConnectionAction::SetIp.check(Cloud::Google, &ConnectionState::UserApproved),
        Err(ActionRefused::GoogleIpWithApproval)
    );
    assert_eq!(
        ConnectionAction::allowed(Cloud::Azure, &ConnectionState::Connected),
        [ConnectionAction::SetIp]
    );
    assert_eq!(
        ActionRefused::NoPrivatelink(Cloud::Aws).to_string(),
        "This service has no AWS PrivateLink; create one first."
    );
}

#[test]
fn aws_and_google_fixtures_round_trip() {
    let round = |text: &str, parsed: Value| {
        assert_eq!(serde_json::from_str::<Value>(text).unwrap(), parsed)
    };
    for text in [
        include_str!("../../../fixtures/aws-privatelink-creating.json"),
        include_str!("../../../fixtures/aws-privatelink-active.json"),
    ] {
        let p: AwsPrivatelink = serde_json::from_str(text).unwrap();
        round(text, serde_json::to_value(&p).unwrap());
    }
    let text = include_str!("../../../fixtures/aws-connections.json");
    let l: AwsConnectionList = serde_json::from_str(text).unwrap();
    assert_eq!(l.connections[0].state, ConnectionState::Active);
    round(text, serde_json::to_value(&l).unwrap());
    let text = include_str!("../../../fixtures/google-privatelink-active.json");
    let g: GooglePrivatelink = serde_json::from_str(text).unwrap();
    round(text, serde_json::to_value(&g).unwrap());
    let text = include_str!("../../../fixtures/google-connections-each-state.json");
    let l: GoogleConnectionList = serde_json::from_str(text).unwrap();
    assert_eq!(l.connections[0].user_ip_address, None);
    round(text, serde_json::to_value(&l).unwrap());
}

#[test]
fn aws_requests_take_null_principals_and_refuse_bad_ones() {
    let r: AwsPrivatelinkRequest = serde_json::from_str(r#"{"principals": null}"#).unwrap();
    assert_eq!(r.principals, None);
    let r: AwsPrivatelinkRequest = serde_json::from_str(
        r#"{"principals": ["arn:aws:iam::012345678901:root"], "supported_regions": ["us-west-2"]}"#,
    )
    .unwrap();
    assert_eq!(r.supported_regions.unwrap(), ["us-west-2"]);
    let e =
        serde_json::from_str::<AwsPrivatelinkRequest>(r#"{"principals": ["arn:aws:iam::1:root"]}"#)
            .unwrap_err();
    assert!(e.to_string().contains("exactly 12 digits"), "{e}");
    assert!(serde_json::from_str::<AwsPrivatelinkRequest>(r#"{"principal": []}"#).is_err());
    let g: GoogleApproveRequest =
        serde_json::from_str(r#"{"user_ip_address": "10.0.0.5"}"#).unwrap();
    assert_eq!(g.user_ip_address.unwrap().to_string(), "10.0.0.5");
    assert!(
        serde_json::from_str::<GoogleApproveRequest>(r#"{"user_ip_address": " 10.0.0.5"}"#)
            .is_err()
    );
}

#[test]
fn the_empty_allowlist_rule_of_each_cloud_is_what_its_wire_type_does() {
    use privatelink_core::allowlist::EmptyAllowlist;
    use privatelink_core::wire::{AwsPrivatelinkRequest, PrivatelinkRequest};
    for cloud in Cloud::ALL {
        let accepted = match cloud {
            Cloud::Azure => {
                serde_json::from_value::<PrivatelinkRequest>(json!({"user_subscription_ids": []}))
                    .is_ok()
            }
            Cloud::Aws => {
                serde_json::from_value::<AwsPrivatelinkRequest>(json!({"principals": []})).is_ok()
            }
            // No allowlist: approval decides per endpoint.
            Cloud::Google => {
                assert_eq!(EmptyAllowlist::of(cloud), None);
                continue;
            }
        };
        let rule = EmptyAllowlist::of(cloud).unwrap();
        assert_eq!(
            accepted,
            rule == EmptyAllowlist::AcceptedNoneCanConnect,
            "{cloud}"
        );
    }
}

/// The define module (src/define.js) asks for a service's privatelink and connections
/// while the wasm loads, choosing the cloud from `cloud_name` itself: its list and its
/// rule (the segment and a dash) must be core's, or the panel would ask twice or not early.
#[test]
fn the_define_modules_early_requests_know_the_clouds_core_knows() {
    let js = include_str!("../../../src/define.js");
    let start = js
        .find("const CLOUDS = [")
        .expect("define.js declares `const CLOUDS = [...]`");
    let list = &js[start..start + js[start..].find("];").expect("the list ends")];
    let listed: Vec<&str> = list.split('\'').skip(1).step_by(2).collect();
    let core: Vec<&str> = Cloud::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, core, "define.js's CLOUDS against Cloud::ALL");
    for c in Cloud::ALL {
        assert_eq!(c.cloud_name_prefix(), format!("{}-", c.as_str()));
        assert_eq!(
            Cloud::of_cloud_name(&format!("{}-region", c.as_str())),
            Some(c)
        );
    }
}
