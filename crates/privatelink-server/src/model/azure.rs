//! The Azure PrivateLink record and the simulated Azure side: the Private Link service
//! (alias, resource ID, subscription allowlist), the private endpoints customers create
//! against it, and the connections a refresh discovers. Stored under the service record's
//! `privatelink` key (the name predates the other clouds; kept so databases load).

use privatelink_core::state::ConnectionEvent;
use privatelink_core::wire::{
    AzurePrivatelink, AzurePrivatelinkConnection, ConnectionList, ConnectionState, PrivatelinkState,
};
use privatelink_core::{
    Cloud, ConnectionId, EndpointIp, PrivateEndpointId, SubscriptionId, SubscriptionList,
};
use serde::{Deserialize, Serialize};

use super::record::{check_room, created_state, CloudRecord, Delays, Discovers};
use crate::error::{ApiResult, AppError};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AzureRecord {
    pub state: PrivatelinkState,
    /// Assigned at create; shown once `active`.
    pub alias: String,
    pub resource_id: String,
    pub user_subscription_ids: SubscriptionList,
    /// When the current state began.
    pub state_since_ms: i64,
    pub endpoints: Vec<AzureEndpointRecord>,
    pub connections: Vec<AzureConnectionRecord>,
    /// Number given to the next connection (used in `privatelink-<n>-` hosts).
    pub next_n: u32,
}

/// A private endpoint the customer created in "Azure" against this privatelink.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AzureEndpointRecord {
    pub private_endpoint_id: PrivateEndpointId,
    pub subscription_id: SubscriptionId,
    pub private_ip_address: EndpointIp,
    pub created_ms: i64,
    /// Set once a refresh has looked at it: listed as a connection, or rejected because
    /// its subscription was not allowed.
    pub discovered: Option<Discovery>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum Discovery {
    Listed,
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AzureConnectionRecord {
    pub id: ConnectionId,
    pub private_endpoint_id: PrivateEndpointId,
    pub state: ConnectionState,
    pub user_ip_address: Option<EndpointIp>,
    pub n: u32,
    pub approved_ms: Option<i64>,
    pub connected_ms: Option<i64>,
    pub ip_set_ms: Option<i64>,
}

impl AzureRecord {
    /// A new privatelink in `creating`, with the alias and resource ID it will show.
    pub fn new(
        region: &str,
        user_subscription_ids: SubscriptionList,
        now: i64,
        bits: [u64; 3],
    ) -> ApiResult<AzureRecord> {
        let state = created_state()?;
        let short = format!("{:011x}", bits[0] & 0xfff_ffff_ffff);
        let uuid = |b: u64, c: u64| {
            let h = format!("{b:016x}{c:016x}");
            format!(
                "{}-{}-4{}-8{}-{}",
                &h[0..8],
                &h[8..12],
                &h[13..16],
                &h[17..20],
                &h[20..32]
            )
        };
        let sub = uuid(bits[1], bits[2]);
        let rg = uuid(bits[2], bits[1]);
        Ok(AzureRecord {
            state,
            alias: format!("aivenprod-ss{short}.{sub}.{region}.azure.privatelinkservice"),
            resource_id: format!(
                "/subscriptions/{sub}/resourceGroups/aivenprod-{rg}/providers/Microsoft.Network/privateLinkServices/aivenprod-ss{short}"
            ),
            user_subscription_ids,
            state_since_ms: now,
            endpoints: vec![],
            connections: vec![],
            next_n: 1,
        })
    }

    pub fn to_wire(&self) -> AzurePrivatelink {
        let shown = !matches!(self.state, PrivatelinkState::Creating);
        AzurePrivatelink {
            azure_service_alias: shown.then(|| self.alias.clone()),
            azure_service_id: shown.then(|| self.resource_id.clone()),
            state: self.state.clone(),
            user_subscription_ids: self.user_subscription_ids.clone(),
        }
    }

    /// Whether an endpoint aimed at `target` (alias or resource ID) reaches this privatelink.
    pub fn answers_to(&self, target: &str) -> bool {
        self.state == PrivatelinkState::Active
            && (self.alias.eq_ignore_ascii_case(target)
                || self.resource_id.eq_ignore_ascii_case(target))
    }

    /// What `refresh` does: endpoints created up to now become `pending-user-approval`
    /// connections when their subscription is allowed, and are rejected (never listed)
    /// otherwise. Endpoints created later wait for the next refresh.
    pub fn refresh(&mut self, now: i64, mut new_id: impl FnMut() -> ConnectionId) {
        for e in &mut self.endpoints {
            if e.discovered.is_some() || e.created_ms > now {
                continue;
            }
            if !self.user_subscription_ids.contains(&e.subscription_id) {
                e.discovered = Some(Discovery::Rejected);
                continue;
            }
            e.discovered = Some(Discovery::Listed);
            let n = self.next_n;
            self.next_n += 1;
            self.connections.push(AzureConnectionRecord {
                id: new_id(),
                private_endpoint_id: e.private_endpoint_id.clone(),
                state: ConnectionState::PendingUserApproval,
                user_ip_address: None,
                n,
                approved_ms: None,
                connected_ms: None,
                ip_set_ms: None,
            });
        }
    }

    /// The customer creating a private endpoint against this Private Link service: 409
    /// for one that exists or beyond the endpoint cap. `index` is the endpoint's number
    /// among all endpoints of the server, so addresses from the customer's virtual network
    /// stay distinct.
    pub fn add_endpoint(
        &mut self,
        id: PrivateEndpointId,
        index: usize,
        now: i64,
    ) -> ApiResult<&AzureEndpointRecord> {
        if self.has_endpoint(&id) {
            return Err(AppError::conflict(format!(
                "Private endpoint {} already exists.",
                id.canonical()
            )));
        }
        check_room(Cloud::Azure, self.endpoints.len())?;
        let ip = EndpointIp::parse(&format!("10.0.{}.{}", (index / 250) % 256, 4 + index % 250))
            .map_err(AppError::internal)?;
        self.endpoints.push(AzureEndpointRecord {
            subscription_id: id.subscription_id.clone(),
            private_endpoint_id: id,
            private_ip_address: ip,
            created_ms: now,
            discovered: None,
        });
        Ok(self.endpoints.last().expect("just pushed"))
    }

    /// The customer deleting a private endpoint: it is gone, and so is its connection from
    /// the next listing on (Azure removes a deleted endpoint's connection). 404 for none.
    pub fn remove_endpoint(&mut self, id: &PrivateEndpointId) -> ApiResult<()> {
        if !self.has_endpoint(id) {
            return Err(AppError::not_found(format!(
                "Private endpoint {} does not exist.",
                id.canonical()
            )));
        }
        self.endpoints
            .retain(|e| !e.private_endpoint_id.same_resource(id));
        self.connections
            .retain(|c| !c.private_endpoint_id.same_resource(id));
        Ok(())
    }

    /// Whether an endpoint with the same resource already exists here.
    pub fn has_endpoint(&self, id: &PrivateEndpointId) -> bool {
        self.endpoints
            .iter()
            .any(|e| e.private_endpoint_id.same_resource(id))
    }

    /// A listed connection; 404 when there is none with this ID.
    pub fn connection_mut(&mut self, id: &ConnectionId) -> ApiResult<&mut AzureConnectionRecord> {
        self.connections
            .iter_mut()
            .find(|c| &c.id == id)
            .ok_or_else(|| AppError::connection_not_found(id))
    }
}

impl AzureConnectionRecord {
    pub fn to_wire(&self) -> AzurePrivatelinkConnection {
        AzurePrivatelinkConnection {
            privatelink_connection_id: self.id.clone(),
            private_endpoint_id: self.private_endpoint_id.to_string(),
            state: self.state.clone(),
            user_ip_address: self.user_ip_address,
        }
    }
}

impl CloudRecord for AzureRecord {
    const CLOUD: Cloud = Cloud::Azure;
    type Wire = AzurePrivatelink;
    type List = ConnectionList;

    fn wire(&self) -> AzurePrivatelink {
        self.to_wire()
    }
    fn list(&self) -> ConnectionList {
        ConnectionList {
            connections: self
                .connections
                .iter()
                .map(AzureConnectionRecord::to_wire)
                .collect(),
        }
    }

    fn lifecycle(&mut self) -> (&mut PrivatelinkState, &mut i64) {
        (&mut self.state, &mut self.state_since_ms)
    }
    fn state(&self) -> &PrivatelinkState {
        &self.state
    }
    fn state_since_ms(&self) -> i64 {
        self.state_since_ms
    }

    /// After approval Azure connects the endpoint; once connected and given an IP, the DNS
    /// name is registered and the connection is active.
    fn advance_connections(&mut self, now: i64, d: &Delays) {
        for c in &mut self.connections {
            if let (ConnectionState::UserApproved, Some(approved)) = (&c.state, c.approved_ms) {
                if now >= approved.saturating_add(d.connect_ms) {
                    if let Ok(s) = c
                        .state
                        .next(ConnectionEvent::Accepted, c.user_ip_address.is_some())
                    {
                        c.state = s;
                        c.connected_ms = Some(approved.saturating_add(d.connect_ms));
                    }
                }
            }
            if let (ConnectionState::Connected, Some(connected), Some(ip_set)) =
                (&c.state, c.connected_ms, c.ip_set_ms)
            {
                if now >= connected.max(ip_set).saturating_add(d.dns_ms) {
                    if let Ok(s) = c
                        .state
                        .next(ConnectionEvent::DnsRegistered, c.user_ip_address.is_some())
                    {
                        c.state = s;
                    }
                }
            }
        }
    }

    fn next_connection_change(&self, d: &Delays) -> Option<i64> {
        self.connections
            .iter()
            .filter_map(
                |c| match (&c.state, c.approved_ms, c.connected_ms, c.ip_set_ms) {
                    (ConnectionState::UserApproved, Some(approved), _, _) => {
                        Some(approved.saturating_add(d.connect_ms))
                    }
                    (ConnectionState::Connected, _, Some(connected), Some(ip_set)) => {
                        Some(connected.max(ip_set).saturating_add(d.dns_ms))
                    }
                    _ => None,
                },
            )
            .min()
    }

    fn active_connections(&self) -> Vec<(ConnectionId, u32)> {
        self.connections
            .iter()
            .filter(|c| c.state == ConnectionState::Active)
            .map(|c| (c.id.clone(), c.n))
            .collect()
    }
}

impl Discovers for AzureRecord {
    fn discover(&mut self, now: i64, new_id: &mut dyn FnMut() -> ConnectionId) {
        self.refresh(now, new_id)
    }
}
