//! Editing the subscription allowlist: a `PUT` replaces the whole list, so the panel shows
//! what the save adds and removes, and which existing connections belong to a removed
//! subscription (Azure rejects those endpoints once the subscription is gone).

use crate::cloud::Cloud;
use crate::resource_id::PrivateEndpointId;
use crate::subscription::SubscriptionId;
use crate::wire::AzurePrivatelinkConnection;

/// What replacing one allowlist with another changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowlistDiff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl AllowlistDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// Normalises an entry for comparison; entries that do not parse compare verbatim.
fn norm(s: &str) -> String {
    SubscriptionId::parse(s)
        .map(SubscriptionId::into_string)
        .unwrap_or_else(|_| s.to_owned())
}

/// The subscriptions `new` adds to and removes from `old`, compared after normalising.
pub fn allowlist_diff<A: AsRef<str>, B: AsRef<str>>(old: &[A], new: &[B]) -> AllowlistDiff {
    let old: Vec<String> = old.iter().map(|s| norm(s.as_ref())).collect();
    let new: Vec<String> = new.iter().map(|s| norm(s.as_ref())).collect();
    AllowlistDiff {
        added: new.iter().filter(|s| !old.contains(s)).cloned().collect(),
        removed: old.iter().filter(|s| !new.contains(s)).cloned().collect(),
    }
}

/// The subscription a connection's endpoint lives in, if its ID parses.
pub fn connection_subscription(conn: &AzurePrivatelinkConnection) -> Option<SubscriptionId> {
    PrivateEndpointId::parse(&conn.private_endpoint_id)
        .ok()
        .map(|id| id.subscription_id)
}

/// Whether the connection's subscription is in `allowlist`. A connection whose endpoint
/// ID does not parse is reported as not allowed, so the panel flags it.
pub fn connection_allowed<S: AsRef<str>>(
    conn: &AzurePrivatelinkConnection,
    allowlist: &[S],
) -> bool {
    connection_subscription(conn)
        .is_some_and(|sub| allowlist.iter().any(|a| norm(a.as_ref()) == sub.as_str()))
}

/// The connections a save of `new` would cut off: those allowed now and not after.
pub fn connections_cut_off<'a, A: AsRef<str>, B: AsRef<str>>(
    connections: &'a [AzurePrivatelinkConnection],
    old: &[A],
    new: &[B],
) -> Vec<&'a AzurePrivatelinkConnection> {
    connections
        .iter()
        .filter(|c| connection_allowed(c, old) && !connection_allowed(c, new))
        .collect()
}

/// What an empty allowlist means on a cloud (docs/wire-contract.md §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyAllowlist {
    /// The API refuses it (AWS: `principals` takes 1–16 ARNs; [`crate::PrincipalListError::Empty`]).
    Refused,
    /// The API accepts it (Azure's `user_subscription_ids: []`), and then no endpoint can
    /// connect: the panel does not create a privatelink nobody can use, and warns before a
    /// save empties the list of one in use.
    AcceptedNoneCanConnect,
}

impl EmptyAllowlist {
    /// The rule for `cloud`; `None` where the privatelink has no allowlist (Google: who
    /// connects is decided per endpoint, by approval).
    pub fn of(cloud: Cloud) -> Option<EmptyAllowlist> {
        match cloud {
            Cloud::Aws => Some(EmptyAllowlist::Refused),
            Cloud::Azure => Some(EmptyAllowlist::AcceptedNoneCanConnect),
            Cloud::Google => None,
        }
    }
}

/// Why the panel does not create an Azure PrivateLink with no subscription.
pub const AZURE_CREATE_NEEDS_ONE: &str =
    "Enter at least one Azure subscription ID that may connect.";

/// The warning before a save leaves the Azure allowlist empty.
pub const AZURE_EMPTY_CUTS_OFF_ALL: &str =
    "An empty list is accepted, but then no private endpoint can connect: every connection stops working.";
