//! A privatelink and its connections of any cloud, behind one seam: the [`Connection`]
//! trait (key, Aiven ID, state, tone, IP, legal actions) that each cloud's wire type
//! implements, and the [`Privatelink`] and [`Connections`] enums that hold one cloud's
//! answer. The server and the panel ask these instead of matching on three types; a new
//! cloud is a new variant here, and the compiler lists what it must decide.

use serde::Serialize;

use crate::cloud::Cloud;
use crate::endpoint_ip::EndpointIp;
use crate::resource_id::ConnectionId;
use crate::state::{ConnectionAction, Tone};
use crate::wire::{
    AwsConnection, AwsPrivatelink, AzurePrivatelink, AzurePrivatelinkConnection, ConnectionState,
    GoogleConnection, GooglePrivatelink, PrivatelinkState,
};

/// One connection of any cloud, as the API lists it.
pub trait Connection {
    /// The cloud whose API listed it.
    fn cloud(&self) -> Cloud;
    /// Aiven's ID; `None` only for an AWS endpoint Aiven has not given one yet.
    fn id(&self) -> Option<&ConnectionId>;
    /// The customer's endpoint as the cloud names it: Azure's private endpoint resource
    /// ID, AWS's `vpce-…`, Google's PSC connection ID.
    fn endpoint(&self) -> &str;
    fn state(&self) -> &ConnectionState;
    /// The endpoint's IP address where the cloud's API carries one (not AWS: DNS names).
    fn ip(&self) -> Option<&EndpointIp>;

    /// A key that stays the same from one list to the next: the Aiven ID, else the
    /// endpoint (a row, a timeline and an announcement follow it).
    fn key(&self) -> &str {
        self.id().map_or(self.endpoint(), ConnectionId::as_str)
    }
    /// How its state looks on a badge.
    fn tone(&self) -> Tone {
        self.state().tone()
    }
    /// What a user can do to it now (the server enforces the same set).
    fn actions(&self) -> Vec<ConnectionAction> {
        ConnectionAction::allowed(self.cloud(), self.state())
    }
    /// Whether traffic flows through it (connection information is listed for it).
    fn is_active(&self) -> bool {
        *self.state() == ConnectionState::Active
    }
}

impl Connection for AzurePrivatelinkConnection {
    fn cloud(&self) -> Cloud {
        Cloud::Azure
    }
    fn id(&self) -> Option<&ConnectionId> {
        Some(&self.privatelink_connection_id)
    }
    fn endpoint(&self) -> &str {
        &self.private_endpoint_id
    }
    fn state(&self) -> &ConnectionState {
        &self.state
    }
    fn ip(&self) -> Option<&EndpointIp> {
        self.user_ip_address.as_ref()
    }
}

impl Connection for AwsConnection {
    fn cloud(&self) -> Cloud {
        Cloud::Aws
    }
    fn id(&self) -> Option<&ConnectionId> {
        self.privatelink_connection_id.as_ref()
    }
    fn endpoint(&self) -> &str {
        &self.vpc_endpoint_id
    }
    fn state(&self) -> &ConnectionState {
        &self.state
    }
    fn ip(&self) -> Option<&EndpointIp> {
        None
    }
}

impl Connection for GoogleConnection {
    fn cloud(&self) -> Cloud {
        Cloud::Google
    }
    fn id(&self) -> Option<&ConnectionId> {
        Some(&self.privatelink_connection_id)
    }
    fn endpoint(&self) -> &str {
        &self.psc_connection_id
    }
    fn state(&self) -> &ConnectionState {
        &self.state
    }
    fn ip(&self) -> Option<&EndpointIp> {
        self.user_ip_address.as_ref()
    }
}

/// A service's privatelink, as its cloud's API answers it. Serialises as that cloud's own
/// JSON object (the panel's event detail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Privatelink {
    Azure(AzurePrivatelink),
    Aws(AwsPrivatelink),
    Google(GooglePrivatelink),
}

impl Privatelink {
    pub fn cloud(&self) -> Cloud {
        match self {
            Privatelink::Azure(_) => Cloud::Azure,
            Privatelink::Aws(_) => Cloud::Aws,
            Privatelink::Google(_) => Cloud::Google,
        }
    }

    pub fn state(&self) -> &PrivatelinkState {
        match self {
            Privatelink::Azure(p) => &p.state,
            Privatelink::Aws(p) => &p.state,
            Privatelink::Google(p) => &p.state,
        }
    }
}

/// One list of connections, of one cloud. Serialises as the list of that cloud's objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Connections {
    Azure(Vec<AzurePrivatelinkConnection>),
    Aws(Vec<AwsConnection>),
    Google(Vec<GoogleConnection>),
}

impl Connections {
    /// An empty list of `cloud`'s connections.
    pub fn empty(cloud: Cloud) -> Connections {
        match cloud {
            Cloud::Azure => Connections::Azure(vec![]),
            Cloud::Aws => Connections::Aws(vec![]),
            Cloud::Google => Connections::Google(vec![]),
        }
    }

    pub fn cloud(&self) -> Cloud {
        match self {
            Connections::Azure(_) => Cloud::Azure,
            Connections::Aws(_) => Cloud::Aws,
            Connections::Google(_) => Cloud::Google,
        }
    }

    /// Every connection, whatever its cloud, in list order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = &dyn Connection> + '_> {
        match self {
            Connections::Azure(l) => Box::new(l.iter().map(|c| c as &dyn Connection)),
            Connections::Aws(l) => Box::new(l.iter().map(|c| c as &dyn Connection)),
            Connections::Google(l) => Box::new(l.iter().map(|c| c as &dyn Connection)),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Connections::Azure(l) => l.len(),
            Connections::Aws(l) => l.len(),
            Connections::Google(l) => l.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The Aiven IDs of the active connections.
    pub fn active_ids(&self) -> Vec<ConnectionId> {
        self.iter()
            .filter(|c| c.is_active())
            .filter_map(|c| c.id().cloned())
            .collect()
    }

    /// Whether any connection changes on its own (a client keeps polling).
    pub fn any_transitional(&self) -> bool {
        self.iter().any(|c| c.state().is_transitional())
    }
}

impl From<AzurePrivatelinkConnection> for Connections {
    fn from(c: AzurePrivatelinkConnection) -> Self {
        Connections::Azure(vec![c])
    }
}

impl From<AwsConnection> for Connections {
    fn from(c: AwsConnection) -> Self {
        Connections::Aws(vec![c])
    }
}

impl From<GoogleConnection> for Connections {
    fn from(c: GoogleConnection) -> Self {
        Connections::Google(vec![c])
    }
}

/// Replaces each connection of `list` that one of `new` has the key of.
fn put_each<T: Connection>(list: &mut [T], new: Vec<T>) {
    for n in new {
        if let Some(x) = list.iter_mut().find(|x| x.key() == n.key()) {
            *x = n;
        }
    }
}

impl Connections {
    /// Replaces the connections `new` answers for (an action's answer), matched by key;
    /// others are kept, none is added. `false` when `new` is of another cloud.
    pub fn put(&mut self, new: Connections) -> bool {
        match (self, new) {
            (Connections::Azure(l), Connections::Azure(n)) => put_each(l, n),
            (Connections::Aws(l), Connections::Aws(n)) => put_each(l, n),
            (Connections::Google(l), Connections::Google(n)) => put_each(l, n),
            (Connections::Azure(_) | Connections::Aws(_) | Connections::Google(_), _) => {
                return false
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::ConnectionState as S;

    fn google(id: &str, state: S) -> GoogleConnection {
        GoogleConnection {
            privatelink_connection_id: ConnectionId::parse(id).unwrap(),
            psc_connection_id: "1".into(),
            state,
            user_ip_address: None,
        }
    }

    #[test]
    fn put_replaces_the_connection_with_the_same_key_only_on_the_same_cloud() {
        let mut list = Connections::Google(vec![
            google("plc00000000001", S::PendingUserApproval),
            google("plc00000000002", S::PendingUserApproval),
        ]);
        assert!(list.put(google("plc00000000002", S::UserApproved).into()));
        let states: Vec<&S> = list.iter().map(|c| c.state()).collect();
        assert_eq!(states, [&S::PendingUserApproval, &S::UserApproved]);
        // Unknown keys are not added; another cloud's answer is refused.
        assert!(list.put(google("plc00000000003", S::Active).into()));
        assert_eq!(list.len(), 2);
        assert!(!list.put(Connections::Azure(vec![])));
    }
}
