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
