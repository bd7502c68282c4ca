//! The stored records and the simulated Azure side.
//!
//! A service is stored as one record with its privatelink, the customer endpoints created
//! against it and its connections. Nothing runs in the background: [`ServiceRecord::advance`]
//! brings a record up to "now" from its timestamps whenever it is loaded, using the core
//! state machines for every transition, so time can be injected and tests never sleep. The
//! result depends only on the stored timestamps and "now", so a read need not write it back.
//!
//! The records hold the core's types (IDs, addresses, the checked allowlist, states), each
//! serialised as the same string the untyped records held: older databases load unchanged.

use privatelink_core::access::{
    access_apply, access_diff, access_from_config, validate_privatelink_access, AccessChange,
};
use privatelink_core::connection_info::service_uri;
use privatelink_core::service_types::ServiceType;
use privatelink_core::state::{ConnectionEvent, PrivatelinkEvent};
use privatelink_core::wire::{
    AzurePrivatelink, AzurePrivatelinkConnection, Component, ConnectionState, PrivatelinkState,
    Route, Service, ServiceState,
};
use privatelink_core::{
    privatelink_access_keys, ActionRefused, Cloud, ConnectionId, EndpointIp, PrivateEndpointId,
    PrivatelinkAccess, PrivatelinkAction, SubscriptionId, SubscriptionList,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::aws::AwsRecord;
use crate::error::{ApiResult, AppError};
use crate::google::GoogleRecord;

/// How long the simulated Azure takes for each step, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delays {
    pub create_ms: i64,
    pub connect_ms: i64,
    pub dns_ms: i64,
    pub rebuild_ms: i64,
    pub delete_ms: i64,
}

impl Delays {
    /// The longest delay the command line takes: one week.
    pub const MAX_MS: i64 = 7 * 24 * 3600 * 1000;
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

/// A service as stored: one JSON document per service in the `services` table. Every
/// typed field serialises to the same string the untyped records held, so databases
/// written by earlier versions load unchanged.
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
    /// The Azure PrivateLink (the field name predates the other clouds).
    pub privatelink: Option<PrivatelinkRecord>,
    /// The AWS PrivateLink; absent in records written before AWS was simulated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws: Option<AwsRecord>,
    /// The Google Private Service Connect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google: Option<GoogleRecord>,
}

/// Moves a privatelink of any cloud through its own lifecycle: `creating` → `active` after
/// the create delay, `deleting` → gone after the delete delay. Returns whether it is gone.
fn lifecycle(state: &mut PrivatelinkState, since: &mut i64, now: i64, d: &Delays) -> bool {
    match state {
        PrivatelinkState::Creating if now >= since.saturating_add(d.create_ms) => {
            if let Ok(Some(next)) =
                PrivatelinkState::next(Some(state), PrivatelinkEvent::Provisioned)
            {
                *since = since.saturating_add(d.create_ms);
                *state = next;
            }
            false
        }
        PrivatelinkState::Deleting if now >= since.saturating_add(d.delete_ms) => {
            matches!(
                PrivatelinkState::next(Some(state), PrivatelinkEvent::Removed),
                Ok(None)
            )
        }
        _ => false,
    }
}

/// A delete request on a privatelink of any cloud: core's next state (`deleting`), from now.
pub fn begin_delete(state: &mut PrivatelinkState, since: &mut i64, now: i64) -> ApiResult<()> {
    *state = PrivatelinkState::next(Some(state), PrivatelinkEvent::DeleteRequested)?
        .ok_or_else(|| AppError::internal("delete produced no state"))?;
    *since = now;
    Ok(())
}

/// When [`lifecycle`] would next change a privatelink in `state` since `since`.
fn lifecycle_change(state: &PrivatelinkState, since: i64, d: &Delays) -> Option<i64> {
    match state {
        PrivatelinkState::Creating => Some(since.saturating_add(d.create_ms)),
        PrivatelinkState::Deleting => Some(since.saturating_add(d.delete_ms)),
        _ => None,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PrivatelinkRecord {
    pub state: PrivatelinkState,
    /// Assigned at create; shown once `active`.
    pub alias: String,
    pub resource_id: String,
    pub user_subscription_ids: SubscriptionList,
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
pub struct ConnectionRecord {
    pub id: ConnectionId,
    pub private_endpoint_id: PrivateEndpointId,
    pub state: ConnectionState,
    pub user_ip_address: Option<EndpointIp>,
    pub n: u32,
    pub approved_ms: Option<i64>,
    pub connected_ms: Option<i64>,
    pub ip_set_ms: Option<i64>,
}

/// A port in the service's block; stays a valid port however many connections come.
fn port_at(base: u16, offset: u32) -> u16 {
    (u32::from(base) + offset % 2000).min(65535) as u16
}

impl ServiceRecord {
    /// A service as first created: no privatelink, no `privatelink_access` enabled.
    pub fn new(
        project: &str,
        name: &str,
        service_type: &ServiceType,
        cloud: &str,
        vpc: Option<&str>,
        static_ips: bool,
        base_port: u16,
    ) -> ServiceRecord {
        let mut user_config = Map::new();
        user_config.insert("static_ips".into(), Value::Bool(static_ips));
        ServiceRecord {
            project: project.to_owned(),
            service_name: name.to_owned(),
            service_type: service_type.name.to_owned(),
            plan: "business-4".to_owned(),
            cloud_name: cloud.to_owned(),
            project_vpc_id: vpc.map(str::to_owned),
            user_config,
            base_port,
            rebuild_until_ms: None,
            privatelink: None,
            aws: None,
            google: None,
        }
    }

    pub fn dynamic_host(&self) -> String {
        format!("{}-{}.aivencloud.com", self.service_name, self.project)
    }

    /// Brings the simulated Azure state up to `now`. Sums saturate: a record or a delay
    /// from anywhere can never overflow here.
    pub fn advance(&mut self, now: i64, d: &Delays) {
        if self.rebuild_until_ms.is_some_and(|t| now >= t) {
            self.rebuild_until_ms = None;
        }
        if let Some(aws) = self.aws.as_mut() {
            if lifecycle(&mut aws.state, &mut aws.state_since_ms, now, d) {
                self.aws = None;
            } else {
                aws.advance(now, d);
            }
        }
        if let Some(g) = self.google.as_mut() {
            if lifecycle(&mut g.state, &mut g.state_since_ms, now, d) {
                self.google = None;
            } else {
                g.advance(now, d);
            }
        }
        let Some(pl) = self.privatelink.as_mut() else {
            return;
        };
        match pl.state {
            PrivatelinkState::Creating if now >= pl.state_since_ms.saturating_add(d.create_ms) => {
                if let Ok(Some(next)) =
                    PrivatelinkState::next(Some(&pl.state), PrivatelinkEvent::Provisioned)
                {
                    pl.state_since_ms = pl.state_since_ms.saturating_add(d.create_ms);
                    pl.state = next;
                }
            }
            PrivatelinkState::Deleting if now >= pl.state_since_ms.saturating_add(d.delete_ms) => {
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
                if now >= approved.saturating_add(d.connect_ms) {
                    if let Ok(s) = c
                        .state
                        .next(ConnectionEvent::AzureConnected, c.user_ip_address.is_some())
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

    /// The first time after which [`Self::advance`] would change this (already advanced)
    /// record, `None` when nothing is pending: until then the record is what any later
    /// `advance` gives, so a read of it can be reused. Mirrors `advance` condition by
    /// condition.
    pub fn next_change(&self, d: &Delays) -> Option<i64> {
        let mut times = Vec::new();
        times.extend(self.rebuild_until_ms);
        if let Some(aws) = &self.aws {
            times.extend(lifecycle_change(&aws.state, aws.state_since_ms, d));
            times.extend(aws.next_change(d));
        }
        if let Some(g) = &self.google {
            times.extend(lifecycle_change(&g.state, g.state_since_ms, d));
            times.extend(g.next_change(d));
        }
        if let Some(pl) = &self.privatelink {
            match pl.state {
                PrivatelinkState::Creating => {
                    times.push(pl.state_since_ms.saturating_add(d.create_ms))
                }
                PrivatelinkState::Deleting => {
                    times.push(pl.state_since_ms.saturating_add(d.delete_ms))
                }
                _ => {}
            }
            for c in &pl.connections {
                match (&c.state, c.approved_ms, c.connected_ms, c.ip_set_ms) {
                    (ConnectionState::UserApproved, Some(approved), _, _) => {
                        times.push(approved.saturating_add(d.connect_ms))
                    }
                    (ConnectionState::Connected, _, Some(connected), Some(ip_set)) => {
                        times.push(connected.max(ip_set).saturating_add(d.dns_ms))
                    }
                    _ => {}
                }
            }
        }
        times.into_iter().min()
    }

    pub fn state(&self) -> ServiceState {
        if self.rebuild_until_ms.is_some() {
            ServiceState::Rebuilding
        } else {
            ServiceState::Running
        }
    }

    /// The privatelink, when the core's state machine allows `action` on it; otherwise the
    /// core's refusal (a 404 naming the service when it has none, else a 409).
    pub fn privatelink_for(
        &mut self,
        action: PrivatelinkAction,
    ) -> ApiResult<&mut PrivatelinkRecord> {
        action
            .check(self.privatelink.as_ref().map(|p| &p.state))
            .map_err(|e| AppError::refused(&self.service_name, e))?;
        self.privatelink
            .as_mut()
            .ok_or_else(|| AppError::internal("a checked action without a privatelink"))
    }

    /// [`Self::privatelink_for`] for an action that only reads.
    pub fn privatelink_to_read(&self, action: PrivatelinkAction) -> ApiResult<&PrivatelinkRecord> {
        action
            .check(self.privatelink.as_ref().map(|p| &p.state))
            .map_err(|e| AppError::refused(&self.service_name, e))?;
        self.privatelink
            .as_ref()
            .ok_or_else(|| AppError::internal("a checked action without a privatelink"))
    }

    /// The privatelink to show; 404 naming the service when it has none.
    pub fn privatelink(&self) -> ApiResult<&PrivatelinkRecord> {
        self.privatelink.as_ref().ok_or_else(|| {
            AppError::refused(
                &self.service_name,
                privatelink_core::ActionRefused::NoPrivatelink,
            )
        })
    }

    /// Merges a `user_config` change key by key (nested `privatelink_access` too) and says
    /// whether the privatelink access changed, which rebuilds the service. Only the keys
    /// this server acts on are accepted.
    pub fn merge_user_config(&mut self, change: Map<String, Value>) -> ApiResult<bool> {
        let mut access_changed = false;
        for (key, value) in change {
            match key.as_str() {
                "privatelink_access" => {
                    let sent = validate_privatelink_access(&self.service_type, &value)?;
                    let current = self.privatelink_access();
                    access_changed |= !access_diff(&current, &sent).is_empty();
                    // Every key sent is stored, an explicit `false` included, so a client
                    // reading back what it wrote sees no drift.
                    let sent: Vec<AccessChange> = sent
                        .into_iter()
                        .map(|(key, enabled)| AccessChange { key, enabled })
                        .collect();
                    let merged = access_apply(&current, &sent)
                        .into_iter()
                        .map(|(k, v)| (k, Value::Bool(v)))
                        .collect();
                    self.user_config.insert(key, Value::Object(merged));
                }
                "static_ips" => {
                    let b = value
                        .as_bool()
                        .ok_or_else(|| AppError::bad_request("static_ips must be true or false."))?;
                    self.user_config.insert(key, Value::Bool(b));
                }
                _ => {
                    return Err(AppError::bad_request(format!(
                        "user_config.{key} is not a setting this server supports (privatelink_access, static_ips)."
                    )))
                }
            }
        }
        Ok(access_changed)
    }

    /// The service as the API shows it, with a privatelink route per enabled component and
    /// active connection.
    pub fn to_wire(&self) -> Service {
        let host = self.dynamic_host();
        let names = privatelink_access_keys(&self.service_type).unwrap_or_default();
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
        for (id, n) in self.active_connections() {
            for (i, name) in names.iter().enumerate() {
                if access.get(*name).copied().unwrap_or(false) {
                    components.push(Component {
                        component: (*name).to_owned(),
                        host: format!("privatelink-{n}-{host}"),
                        port: port_at(self.base_port, 20 * n + i as u32),
                        route: Route::Privatelink,
                        usage: Some("primary".into()),
                        ssl: Some(true),
                        privatelink_connection_id: Some(id.clone()),
                        kafka_authentication_method: (*name == "kafka")
                            .then(|| "certificate".into()),
                    });
                }
            }
        }
        let mut service = Service {
            components,
            ..self.preflight_view()
        };
        service.service_uri = service_uri(&service);
        service
    }

    /// Every `active` connection of the service's privatelink, whichever cloud it is in:
    /// its ID and its number (for the `privatelink-<n>-` host).
    pub fn active_connections(&self) -> Vec<(ConnectionId, u32)> {
        let mut out = Vec::new();
        if let Some(pl) = &self.privatelink {
            out.extend(
                pl.connections
                    .iter()
                    .filter(|c| c.state == ConnectionState::Active)
                    .map(|c| (c.id.clone(), c.n)),
            );
        }
        if let Some(aws) = &self.aws {
            out.extend(
                aws.endpoints
                    .iter()
                    .filter(|e| e.state == Some(ConnectionState::Active))
                    .map(|e| (e.connection_id.clone(), e.n)),
            );
        }
        if let Some(g) = &self.google {
            out.extend(
                g.connections
                    .iter()
                    .filter(|c| c.state == ConnectionState::Active)
                    .map(|c| (c.id.clone(), c.n)),
            );
        }
        out
    }

    /// A 400 naming the service's cloud when a request is for another cloud's privatelink.
    pub fn require_cloud(&self, cloud: Cloud) -> ApiResult<()> {
        match cloud.mismatch(&self.preflight_view()) {
            None => Ok(()),
            Some(why) => Err(AppError::bad_request(why)),
        }
    }

    /// The AWS PrivateLink when `action` is allowed on it (in this service's cloud).
    pub fn aws_for(&mut self, action: PrivatelinkAction) -> ApiResult<&mut AwsRecord> {
        self.require_cloud(Cloud::Aws)?;
        let name = self.service_name.clone();
        check_on(
            Cloud::Aws,
            &name,
            action,
            self.aws.as_ref().map(|p| &p.state),
        )?;
        self.aws
            .as_mut()
            .ok_or_else(|| AppError::internal("a checked action without a privatelink"))
    }

    /// [`Self::aws_for`] for an action that only reads.
    pub fn aws_to_read(&self, action: PrivatelinkAction) -> ApiResult<&AwsRecord> {
        self.require_cloud(Cloud::Aws)?;
        check_on(
            Cloud::Aws,
            &self.service_name,
            action,
            self.aws.as_ref().map(|p| &p.state),
        )?;
        self.aws
            .as_ref()
            .ok_or_else(|| AppError::internal("a checked action without a privatelink"))
    }

    /// The AWS PrivateLink to show; 404 naming the service when it has none.
    pub fn aws_shown(&self) -> ApiResult<&AwsRecord> {
        self.require_cloud(Cloud::Aws)?;
        self.aws.as_ref().ok_or_else(|| {
            AppError::refused_on(Cloud::Aws, &self.service_name, ActionRefused::NoPrivatelink)
        })
    }

    /// The Google PSC to show; 404 naming the service when it has none.
    pub fn google_shown(&self) -> ApiResult<&GoogleRecord> {
        self.require_cloud(Cloud::Google)?;
        self.google.as_ref().ok_or_else(|| {
            AppError::refused_on(
                Cloud::Google,
                &self.service_name,
                ActionRefused::NoPrivatelink,
            )
        })
    }

    /// The Google PSC when `action` is allowed on it (in this service's cloud).
    pub fn google_for(&mut self, action: PrivatelinkAction) -> ApiResult<&mut GoogleRecord> {
        self.require_cloud(Cloud::Google)?;
        let name = self.service_name.clone();
        check_on(
            Cloud::Google,
            &name,
            action,
            self.google.as_ref().map(|p| &p.state),
        )?;
        self.google
            .as_mut()
            .ok_or_else(|| AppError::internal("a checked action without a privatelink"))
    }

    /// [`Self::google_for`] for an action that only reads.
    pub fn google_to_read(&self, action: PrivatelinkAction) -> ApiResult<&GoogleRecord> {
        self.require_cloud(Cloud::Google)?;
        check_on(
            Cloud::Google,
            &self.service_name,
            action,
            self.google.as_ref().map(|p| &p.state),
        )?;
        self.google
            .as_ref()
            .ok_or_else(|| AppError::internal("a checked action without a privatelink"))
    }

    pub fn privatelink_access(&self) -> PrivatelinkAccess {
        access_from_config(&self.user_config)
    }

    /// A wire view without components, for the core preflight (cloud, VPC, static IPs).
    pub fn preflight_view(&self) -> Service {
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
}

/// The core's verdict on `action` for a privatelink of `cloud` in `state` (`None`: there
/// is none), as the API error: 404 naming the service, or 409 with the cloud's product name.
fn check_on(
    cloud: Cloud,
    service: &str,
    action: PrivatelinkAction,
    state: Option<&PrivatelinkState>,
) -> ApiResult<()> {
    action
        .check(state)
        .map_err(|e: ActionRefused| AppError::refused_on(cloud, service, e))
}

impl PrivatelinkRecord {
    /// A new privatelink in `creating`, with the alias and resource ID it will show.
    pub fn new(
        region: &str,
        user_subscription_ids: SubscriptionList,
        now: i64,
        bits: [u64; 3],
    ) -> ApiResult<PrivatelinkRecord> {
        let state = PrivatelinkState::next(None, PrivatelinkEvent::Created)?
            .ok_or_else(|| AppError::internal("create produced no state"))?;
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
            self.connections.push(ConnectionRecord {
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

    /// Whether an endpoint with the same resource already exists here.
    pub fn has_endpoint(&self, id: &PrivateEndpointId) -> bool {
        self.endpoints
            .iter()
            .any(|e| e.private_endpoint_id.same_resource(id))
    }

    /// A listed connection; 404 when there is none with this ID.
    pub fn connection_mut(&mut self, id: &ConnectionId) -> ApiResult<&mut ConnectionRecord> {
        self.connections
            .iter_mut()
            .find(|c| &c.id == id)
            .ok_or_else(|| {
                AppError::not_found(format!("Privatelink connection {id} does not exist."))
            })
    }
}

impl ConnectionRecord {
    pub fn to_wire(&self) -> AzurePrivatelinkConnection {
        AzurePrivatelinkConnection {
            privatelink_connection_id: self.id.clone(),
            private_endpoint_id: self.private_endpoint_id.to_string(),
            state: self.state.clone(),
            user_ip_address: self.user_ip_address,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record with something pending on every clock: a rebuild, a privatelink being
    /// created, a connection waiting for Azure and one waiting for DNS; an AWS endpoint
    /// becoming available, then active; a Google connection moving on while its privatelink
    /// is being deleted. (No real service has all three clouds; the clocks are independent.)
    fn busy_record() -> ServiceRecord {
        let sub = "8eefec94-5d63-40c9-983c-03ab083b411d";
        let pe = |n: &str| {
            format!("/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{n}")
        };
        serde_json::from_value(serde_json::json!({
            "project": "p", "service_name": "s", "service_type": "pg", "plan": "business-4",
            "cloud_name": "azure-eastus", "project_vpc_id": "v", "user_config": {"static_ips": true},
            "base_port": 10000, "rebuild_until_ms": 50_000,
            "privatelink": {
                "state": "creating", "alias": "a", "resource_id": "r",
                "user_subscription_ids": [sub], "state_since_ms": 1000, "endpoints": [],
                "connections": [
                    {"id": "plc0123456789a", "private_endpoint_id": pe("one"), "state": "user-approved",
                     "user_ip_address": null, "n": 1, "approved_ms": 2000, "connected_ms": null, "ip_set_ms": null},
                    {"id": "plc0123456789b", "private_endpoint_id": pe("two"), "state": "connected",
                     "user_ip_address": "10.0.0.5", "n": 2, "approved_ms": 1000, "connected_ms": 3000, "ip_set_ms": 9000}
                ],
                "next_n": 3
            },
            "aws": {
                "state": "creating", "state_since_ms": 500, "service_id": "vpce-svc-0", "service_name": "n",
                "principals": ["arn:aws:iam::012345678901:root"], "supported_regions": [],
                "endpoints": [
                    {"vpc_endpoint_id": "vpce-1", "dns_name": "d", "principal": "arn:aws:iam::012345678901:root",
                     "name": "e", "created_ms": 7000, "connection_id": "plc0123456789c", "n": 1, "state": null}
                ],
                "next_n": 2
            },
            "google": {
                "state": "deleting", "state_since_ms": 20_000, "attachment": "a", "endpoints": [],
                "connections": [
                    {"id": "plc0123456789d", "psc_connection_id": "1", "state": "user-approved",
                     "user_ip_address": "10.0.0.6", "n": 1, "approved_ms": 4000}
                ],
                "next_n": 2
            }
        }))
        .unwrap()
    }

    fn at(stored: &ServiceRecord, now: i64, d: &Delays) -> ServiceRecord {
        let mut r = stored.clone();
        r.advance(now, d);
        r
    }

    #[test]
    fn next_change_is_exactly_when_advance_would_change_the_record_again() {
        let d = Delays::default();
        let stored = busy_record();
        let mut changes = 0;
        for now in (0..70_000).step_by(125) {
            let seen = at(&stored, now, &d);
            match seen.next_change(&d) {
                Some(next) => {
                    assert!(next > now, "{now}: next change {next} is not ahead");
                    for later in [now + 1, (now + next) / 2, next - 1] {
                        assert_eq!(at(&stored, later, &d), seen, "changed at {later} < {next}");
                    }
                    assert_ne!(at(&stored, next, &d), seen, "nothing changed at {next}");
                    changes += 1;
                }
                None => {
                    assert_eq!(at(&stored, now + 10_000_000, &d), seen, "{now}");
                }
            }
        }
        assert!(changes > 0);
        assert_eq!(at(&stored, 70_000, &d).next_change(&d), None);
    }
}
