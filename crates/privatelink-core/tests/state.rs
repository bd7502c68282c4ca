//! The privatelink and connection state machines: the full action × state matrix and the
//! orderings Terraform relies on.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use privatelink_core::state::*;
use privatelink_core::wire::{ConnectionState as C, PrivatelinkState as P};
use privatelink_core::Cloud;

#[test]
fn privatelink_action_matrix() {
    use PrivatelinkAction::*;
    let unknown = P::Unknown("failed".into());
    let cases: Vec<(Option<&P>, Vec<PrivatelinkAction>)> = vec![
        (None, vec![Create]),
        (Some(&P::Creating), vec![Get, UpdateAllowlist, Delete]),
        (
            Some(&P::Active),
            vec![Get, UpdateAllowlist, Refresh, ListConnections, Delete],
        ),
        (Some(&P::Deleting), vec![Get]),
        (Some(&unknown), vec![Get]),
    ];
    // The same matrix on every cloud: only the refusals' sentences differ.
    for cloud in Cloud::ALL {
        for (state, allowed) in &cases {
            assert_eq!(
                &PrivatelinkAction::allowed(cloud, *state),
                allowed,
                "{cloud} {state:?}"
            );
        }
    }
}

#[test]
fn every_privatelink_refusal_names_its_own_clouds_product() {
    let odd = P::Unknown("odd".into());
    for cloud in Cloud::ALL {
        let refusals = [
            PrivatelinkAction::Create.check(cloud, Some(&P::Active)),
            PrivatelinkAction::Refresh.check(cloud, Some(&P::Creating)),
            PrivatelinkAction::Delete.check(cloud, None),
            PrivatelinkAction::Delete.check(cloud, Some(&P::Deleting)),
            PrivatelinkAction::Delete.check(cloud, Some(&odd)),
        ];
        for r in refusals {
            let text = r.unwrap_err().to_string();
            assert!(text.contains(cloud.product()), "{cloud}: {text}");
            for other in Cloud::ALL.into_iter().filter(|c| *c != cloud) {
                assert!(!text.contains(other.product()), "{cloud}: {text}");
            }
        }
    }
}

#[test]
fn privatelink_refusals_explain_themselves() {
    let e = PrivatelinkAction::Create
        .check(Cloud::Azure, Some(&P::Active))
        .unwrap_err();
    assert!(e.to_string().contains("already exists"));
    let e = PrivatelinkAction::Refresh
        .check(Cloud::Azure, Some(&P::Creating))
        .unwrap_err();
    assert!(e.to_string().contains("still being created"));
    let e = PrivatelinkAction::Delete
        .check(Cloud::Azure, None)
        .unwrap_err();
    assert!(e.to_string().contains("create one first"));
    let e = PrivatelinkAction::UpdateAllowlist
        .check(Cloud::Azure, Some(&P::Deleting))
        .unwrap_err();
    assert!(e.to_string().contains("being deleted"));
    let e = PrivatelinkAction::Delete
        .check(Cloud::Azure, Some(&P::Unknown("odd".into())))
        .unwrap_err();
    assert!(e.to_string().contains("\"odd\""));
}

#[test]
fn privatelink_lifecycle_runs_create_provision_delete_remove() {
    let s = P::next(None, PrivatelinkEvent::Created).unwrap();
    assert_eq!(s, Some(P::Creating));
    let s = P::next(s.as_ref(), PrivatelinkEvent::Provisioned).unwrap();
    assert_eq!(s, Some(P::Active));
    let s = P::next(s.as_ref(), PrivatelinkEvent::DeleteRequested).unwrap();
    assert_eq!(s, Some(P::Deleting));
    assert_eq!(
        P::next(s.as_ref(), PrivatelinkEvent::Removed).unwrap(),
        None
    );
}

#[test]
fn privatelink_events_out_of_order_are_refused() {
    assert!(P::next(Some(&P::Active), PrivatelinkEvent::Created).is_err());
    assert!(P::next(Some(&P::Active), PrivatelinkEvent::Provisioned).is_err());
    assert!(P::next(Some(&P::Creating), PrivatelinkEvent::Removed).is_err());
    assert!(P::next(None, PrivatelinkEvent::DeleteRequested).is_err());
    assert!(P::next(Some(&P::Deleting), PrivatelinkEvent::DeleteRequested).is_err());
}

#[test]
fn delete_is_allowed_while_creating() {
    assert_eq!(
        P::next(Some(&P::Creating), PrivatelinkEvent::DeleteRequested).unwrap(),
        Some(P::Deleting)
    );
}

#[test]
fn only_active_privatelink_is_settled() {
    assert!(P::Creating.is_transitional());
    assert!(P::Deleting.is_transitional());
    assert!(P::Unknown("x".into()).is_transitional());
    assert!(!P::Active.is_transitional());
}

#[test]
fn connection_action_matrix() {
    use ConnectionAction::*;
    assert_eq!(
        ConnectionAction::allowed(Cloud::Azure, &C::PendingUserApproval),
        vec![Approve]
    );
    assert_eq!(
        ConnectionAction::allowed(Cloud::Azure, &C::UserApproved),
        vec![SetIp]
    );
    assert_eq!(
        ConnectionAction::allowed(Cloud::Azure, &C::Connected),
        vec![SetIp]
    );
    assert_eq!(
        ConnectionAction::allowed(Cloud::Azure, &C::Active),
        vec![SetIp]
    );
    assert_eq!(
        ConnectionAction::allowed(Cloud::Azure, &C::Unknown("x".into())),
        vec![]
    );
}

#[test]
fn approving_a_non_pending_connection_says_its_state() {
    let e = ConnectionAction::Approve
        .check(Cloud::Azure, &C::Active)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Only a connection pending user approval can be approved; this one is active."
    );
    let e = ConnectionAction::SetIp
        .check(Cloud::Azure, &C::PendingUserApproval)
        .unwrap_err();
    assert!(e.to_string().contains("Approve the connection before"));
}

#[test]
fn after_approve_only_user_approved_or_connected_are_reachable_before_the_ip() {
    let mut s = C::PendingUserApproval
        .next(ConnectionEvent::Approved, false)
        .unwrap();
    assert_eq!(s, C::UserApproved);
    s = s.next(ConnectionEvent::Accepted, false).unwrap();
    assert_eq!(s, C::Connected);
    // Without an IP the DNS step cannot make it active.
    assert!(s.next(ConnectionEvent::DnsRegistered, false).is_err());
}

#[test]
fn ip_set_while_user_approved_still_passes_through_connected() {
    let s = C::UserApproved.next(ConnectionEvent::IpSet, true).unwrap();
    assert_eq!(s, C::UserApproved);
    assert!(s.next(ConnectionEvent::DnsRegistered, true).is_err());
    let s = s.next(ConnectionEvent::Accepted, true).unwrap();
    assert_eq!(s, C::Connected);
    assert_eq!(
        s.next(ConnectionEvent::DnsRegistered, true).unwrap(),
        C::Active
    );
}

#[test]
fn after_the_ip_only_connected_or_active_are_reachable() {
    let s = C::Connected.next(ConnectionEvent::IpSet, true).unwrap();
    assert_eq!(s, C::Connected);
    let s = s.next(ConnectionEvent::DnsRegistered, true).unwrap();
    assert_eq!(s, C::Active);
    // Updating the IP of an active connection keeps it active.
    assert_eq!(s.next(ConnectionEvent::IpSet, true).unwrap(), C::Active);
}

#[test]
fn connection_events_out_of_order_are_refused() {
    assert!(C::PendingUserApproval
        .next(ConnectionEvent::IpSet, true)
        .is_err());
    assert!(C::PendingUserApproval
        .next(ConnectionEvent::Accepted, false)
        .is_err());
    assert!(C::Active.next(ConnectionEvent::Approved, true).is_err());
    assert!(C::Connected.next(ConnectionEvent::Approved, false).is_err());
    assert!(C::Active.next(ConnectionEvent::Accepted, true).is_err());
}

#[test]
fn connections_awaiting_azure_are_transitional() {
    assert!(!C::PendingUserApproval.is_transitional());
    assert!(C::UserApproved.is_transitional());
    assert!(C::Connected.is_transitional());
    assert!(!C::Active.is_transitional());
    assert!(C::Unknown("x".into()).is_transitional());
}

#[test]
fn every_state_has_a_badge_tone_matching_whether_it_moves_on_its_own() {
    use privatelink_core::state::Tone;
    assert_eq!(P::Active.tone(), Tone::Ok);
    assert_eq!(P::Creating.tone(), Tone::Busy);
    assert_eq!(P::Deleting.tone(), Tone::Busy);
    assert_eq!(P::Unknown("failed".into()).tone(), Tone::Bad);
    assert_eq!(C::PendingUserApproval.tone(), Tone::Wait);
    assert_eq!(C::UserApproved.tone(), Tone::Busy);
    assert_eq!(C::Connected.tone(), Tone::Busy);
    assert_eq!(C::Active.tone(), Tone::Ok);
    // A busy badge always means the panel keeps watching.
    for s in C::KNOWN {
        assert_eq!(s.tone() == Tone::Busy, s.is_transitional(), "{s}");
    }
    for s in P::KNOWN {
        assert_eq!(s.tone() == Tone::Busy, s.is_transitional(), "{s}");
    }
}

#[test]
fn only_a_missing_privatelink_is_a_not_found_refusal() {
    let e = PrivatelinkAction::Refresh
        .check(Cloud::Azure, None)
        .unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(e, ActionRefused::NoPrivatelink(Cloud::Azure));
    let e = PrivatelinkAction::Refresh
        .check(Cloud::Azure, Some(&P::Deleting))
        .unwrap_err();
    assert!(!e.is_not_found());
    assert_eq!(
        no_privatelink_message(Cloud::Azure, "demo-pg"),
        "Service demo-pg has no Azure PrivateLink; create one first."
    );
}

#[test]
fn allowed_actions_follow_the_check_of_each_state() {
    assert_eq!(
        ConnectionAction::allowed(Cloud::Azure, &C::PendingUserApproval),
        vec![ConnectionAction::Approve]
    );
    assert_eq!(
        ConnectionAction::allowed(Cloud::Azure, &C::Active),
        vec![ConnectionAction::SetIp]
    );
    assert_eq!(
        PrivatelinkAction::allowed(Cloud::Google, Some(&P::Deleting)),
        vec![PrivatelinkAction::Get]
    );
}

#[test]
fn approve_and_set_ip_approves_waits_then_sets_the_ip() {
    use ApproveAndSetIpStep as S;
    assert_eq!(S::next(&C::PendingUserApproval, false), S::Approve);
    assert_eq!(S::next(&C::UserApproved, true), S::Wait);
    assert_eq!(S::next(&C::Connected, true), S::SetIp);
    // Someone else set an IP meanwhile: the run changes it to the one it was given.
    assert_eq!(S::next(&C::Active, true), S::SetIp);
    assert_eq!(S::next(&C::Active, false), S::SetIp);
}

#[test]
fn approve_and_set_ip_stops_on_a_connection_sent_back_or_unknown() {
    use ApproveAndSetIpStep as S;
    assert_eq!(
        S::next(&C::PendingUserApproval, true),
        S::Stop(ActionRefused::BackToPending)
    );
    match S::next(&C::from_wire("rejected"), true) {
        S::Stop(r) => assert!(r.to_string().contains("\"rejected\""), "{r}"),
        other => panic!("{other:?}"),
    }
}
