//! The stored records and the simulated Azure side.
//!
//! A service is stored as one record with its privatelink, the customer endpoints created
//! against it and its connections. Nothing runs in the background: [`ServiceRecord::advance`]
//! brings a record up to "now" from its timestamps before every read or write, using the
//! core state machines for every transition, so time can be injected and tests never sleep.

use std::collections::BTreeMap;

use privatelink_core::access::privatelink_access_keys;
use privatelink_core::state::{ConnectionEvent, PrivatelinkEvent};
use privatelink_core::wire::{
    AzurePrivatelink, AzurePrivatelinkConnection, Component, ConnectionState, PrivatelinkState,
    Route, Service, ServiceState,
};
use privatelink_core::{ConnectionId, PrivateEndpointId};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How long the simulated Azure takes for each step, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delays {
    pub create_ms: i64,
    pub connect_ms: i64,
    pub dns_ms: i64,
    pub rebuild_ms: i64,
    pub delete_ms: i64,
}

impl Default for Delays {
    /// Short, so the demo moves while one watches.
    fn default() -> Self {
        Delays {
            create_ms: 4000,
            connect_ms: 3000,
            dns_ms: 1500,
            rebuild_ms: 4000,
            delete_ms: 3000,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ServiceRecord {
    pub project: String,
    pub service_name: String,
    pub service_type: String,
    pub plan: String,
    pub cloud_name: String,
    pub project_vpc_id: Option<String>,
    pub user_config: Map<String, Value>,
    /// First port of this service's port block; components and privatelink routes get
    /// stable ports from it.
    pub base_port: u16,
    pub rebuild_until_ms: Option<i64>,
    pub privatelink: Option<PrivatelinkRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PrivatelinkRecord {
    pub state: PrivatelinkState,
    /// Assigned at create; shown once `active`.
    pub alias: String,
    pub resource_id: String,
    pub user_subscription_ids: Vec<String>,
    /// When the current state began.
    pub state_since_ms: i64,
    pub endpoints: Vec<EndpointRecord>,
    pub connections: Vec<ConnectionRecord>,
    /// Number given to the next connection (used in `privatelink-<n>-` hosts).
    pub next_n: u32,
}

/// A private endpoint the customer created in "Azure" against this privatelink.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EndpointRecord {
    pub private_endpoint_id: String,
    pub subscription_id: String,
    pub private_ip_address: String,
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
pub struct ConnectionRecord {
    pub id: String,
    pub private_endpoint_id: String,
    pub state: ConnectionState,
    pub user_ip_address: Option<String>,
    pub n: u32,
    pub approved_ms: Option<i64>,
    pub connected_ms: Option<i64>,
    pub ip_set_ms: Option<i64>,
}

/// Dynamic components and their port offsets, per service type; the privatelink route of a
/// component uses the same offset in the connection's own port block.
fn component_names(service_type: &str) -> Vec<&'static str> {
    match privatelink_access_keys(service_type) {
        Some(keys) => keys.to_vec(),
        None => vec![],
    }
}

/// A port in the service's block; stays a valid port however many connections come.
fn port_at(base: u16, offset: u32) -> u16 {
    (u32::from(base) + offset % 2000).min(65535) as u16
}

impl ServiceRecord {
    pub fn dynamic_host(&self) -> String {
        format!("{}-{}.aivencloud.com", self.service_name, self.project)
    }

    /// Brings the simulated Azure state up to `now`.
    pub fn advance(&mut self, now: i64, d: &Delays) {
        if self.rebuild_until_ms.is_some_and(|t| now >= t) {
            self.rebuild_until_ms = None;
        }
        let Some(pl) = self.privatelink.as_mut() else {
            return;
        };
        match pl.state {
            PrivatelinkState::Creating if now >= pl.state_since_ms + d.create_ms => {
                if let Ok(Some(next)) =
                    PrivatelinkState::next(Some(&pl.state), PrivatelinkEvent::Provisioned)
                {
                    pl.state_since_ms += d.create_ms;
                    pl.state = next;
                }
            }
            PrivatelinkState::Deleting if now >= pl.state_since_ms + d.delete_ms => {
                if let Ok(None) = PrivatelinkState::next(Some(&pl.state), PrivatelinkEvent::Removed)
                {
                    self.privatelink = None;
                    return;
                }
            }
            _ => {}
        }
        for c in &mut pl.connections {
            if let (ConnectionState::UserApproved, Some(approved)) = (&c.state, c.approved_ms) {
                if now >= approved + d.connect_ms {
                    if let Ok(s) = c
                        .state
                        .next(ConnectionEvent::AzureConnected, c.user_ip_address.is_some())
                    {
                        c.state = s;
                        c.connected_ms = Some(approved + d.connect_ms);
                    }
                }
            }
            if let (ConnectionState::Connected, Some(connected), Some(ip_set)) =
                (&c.state, c.connected_ms, c.ip_set_ms)
            {
                if now >= connected.max(ip_set) + d.dns_ms {
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

    pub fn state(&self) -> ServiceState {
        if self.rebuild_until_ms.is_some() {
            ServiceState::Rebuilding
        } else {
            ServiceState::Running
        }
    }

    /// The service as the API shows it, with a privatelink route per enabled component and
    /// active connection.
    pub fn to_wire(&self) -> Service {
        let host = self.dynamic_host();
        let names = component_names(&self.service_type);
        let mut components: Vec<Component> = names
            .iter()
            .enumerate()
            .map(|(i, name)| Component {
                component: (*name).to_owned(),
                host: host.clone(),
                port: port_at(self.base_port, i as u32),
                route: Route::Dynamic,
                usage: Some("primary".into()),
                ssl: Some(true),
                privatelink_connection_id: None,
                kafka_authentication_method: (*name == "kafka").then(|| "certificate".into()),
            })
            .collect();
        let access = self.privatelink_access();
        if let Some(pl) = &self.privatelink {
            for c in pl
                .connections
                .iter()
                .filter(|c| c.state == ConnectionState::Active)
            {
                for (i, name) in names.iter().enumerate() {
                    if access.get(*name).copied().unwrap_or(false) {
                        components.push(Component {
                            component: (*name).to_owned(),
                            host: format!("privatelink-{}-{host}", c.n),
                            port: port_at(self.base_port, 20 * c.n + i as u32),
                            route: Route::Privatelink,
                            usage: Some("primary".into()),
                            ssl: Some(true),
                            privatelink_connection_id: Some(c.id.clone()),
                            kafka_authentication_method: (*name == "kafka")
                                .then(|| "certificate".into()),
                        });
                    }
                }
            }
        }
        let service_uri = components
            .first()
            .map(|c| match self.service_type.as_str() {
                "pg" => format!(
                    "postgres://avnadmin@{}:{}/defaultdb?sslmode=require",
                    c.host, c.port
                ),
                _ => format!("{}:{}", c.host, c.port),
            });
        Service {
            components,
            service_uri,
            ..self.to_wire_light()
        }
    }

    pub fn privatelink_access(&self) -> BTreeMap<String, bool> {
        self.to_wire_light().privatelink_access()
    }

    /// A wire view without components, for helpers that only read user_config.
    fn to_wire_light(&self) -> Service {
        Service {
            service_name: self.service_name.clone(),
            service_type: self.service_type.clone(),
            plan: self.plan.clone(),
            cloud_name: self.cloud_name.clone(),
            project_vpc_id: self.project_vpc_id.clone(),
            state: self.state(),
            user_config: self.user_config.clone(),
            components: vec![],
            service_uri: None,
        }
    }

    /// For the core preflight, which reads cloud, VPC and static IPs.
    pub fn preflight_view(&self) -> Service {
        self.to_wire_light()
    }
}

impl PrivatelinkRecord {
    /// A new privatelink in `creating`, with the alias and resource ID it will show.
    pub fn new(
        region: &str,
        subs: Vec<String>,
        now: i64,
        bits: [u64; 3],
    ) -> Result<PrivatelinkRecord, String> {
        let state = PrivatelinkState::next(None, PrivatelinkEvent::Created)
            .map_err(|e| e.0)?
            .ok_or("create produced no state")?;
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
        Ok(PrivatelinkRecord {
            state,
            alias: format!("aivenprod-ss{short}.{sub}.{region}.azure.privatelinkservice"),
            resource_id: format!(
                "/subscriptions/{sub}/resourceGroups/aivenprod-{rg}/providers/Microsoft.Network/privateLinkServices/aivenprod-ss{short}"
            ),
            user_subscription_ids: subs,
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
            let allowed = self
                .user_subscription_ids
                .iter()
                .any(|s| s == &e.subscription_id);
            if !allowed {
                e.discovered = Some(Discovery::Rejected);
                continue;
            }
            e.discovered = Some(Discovery::Listed);
            let n = self.next_n;
            self.next_n += 1;
            self.connections.push(ConnectionRecord {
                id: new_id().as_str().to_owned(),
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

    /// Whether an endpoint with the same resource already exists here.
    pub fn has_endpoint(&self, id: &PrivateEndpointId) -> bool {
        self.endpoints.iter().any(|e| {
            PrivateEndpointId::parse(&e.private_endpoint_id).is_ok_and(|x| x.same_resource(id))
        })
    }
}

impl ConnectionRecord {
    pub fn to_wire(&self) -> AzurePrivatelinkConnection {
        AzurePrivatelinkConnection {
            privatelink_connection_id: self.id.clone(),
            private_endpoint_id: self.private_endpoint_id.clone(),
            state: self.state.clone(),
            user_ip_address: self.user_ip_address.clone(),
        }
    }
}
