//! The stored records and the simulated clouds.
//!
//! A service is stored as one record with at most one privatelink per cloud, each a record
//! of its cloud ([`azure`], [`aws`], [`google`]) behind one trait, [`CloudRecord`]: its
//! state and lifecycle, how its connections move on, when they next change, which are
//! active. The routes reach a cloud's record through one accessor,
//! [`ServiceRecord::privatelink`] (and `_mut`), which checks the service's cloud and core's
//! verdict on the action the same way for every cloud. A record also holds its cloud's
//! simulation: the customer endpoints created against it and their addresses and names. Nothing runs in the background: [`ServiceRecord::advance`]
//! brings a record up to "now" from its timestamps whenever it is loaded, using the core
//! state machines for every transition, so time can be injected and tests never sleep. The
//! result depends only on the stored timestamps and "now", so a read need not write it back.
//!
//! The records hold the core's types (IDs, addresses, the checked allowlist, states), each
//! serialised as the same string the untyped records held: older databases load unchanged.

pub mod aws;
pub mod azure;
pub mod google;
pub mod record;

use privatelink_core::access::{
    access_apply, access_diff, access_from_config, validate_privatelink_access, AccessChange,
};
use privatelink_core::connection_info::service_uri;
use privatelink_core::preflight::preflight_error;
use privatelink_core::service_types::ServiceType;
use privatelink_core::wire::{Component, Route, Service, ServiceState};
use privatelink_core::{
    privatelink_access_keys, Cloud, ConnectionId, PrivatelinkAccess, PrivatelinkAction,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use self::aws::AwsRecord;
use self::azure::AzureRecord;
use self::google::GoogleRecord;
pub use self::record::{
    begin_delete, check_room, created_state, CloudRecord, Delays, Discovers,
    MAX_ENDPOINTS_PER_PRIVATELINK,
};
use self::record::{lifecycle, lifecycle_change};
use crate::error::{ApiResult, AppError};

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
    /// When the service was created and last changed (its plan or `user_config`), ms since
    /// the epoch. Records written before these were kept get the time of the first start
    /// that keeps them ([`crate::store::Tx::stamp_service_times`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_ms: Option<i64>,
    /// The Azure PrivateLink (stored as `privatelink`: the name predates the other clouds).
    #[serde(rename = "privatelink")]
    pub azure: Option<AzureRecord>,
    /// The AWS PrivateLink; absent in records written before AWS was simulated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws: Option<AwsRecord>,
    /// The Google Private Service Connect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google: Option<GoogleRecord>,
}

/// Where a cloud's privatelink is kept in its service's record.
pub trait Stored: CloudRecord {
    fn slot(s: &ServiceRecord) -> &Option<Self>;
    fn slot_mut(s: &mut ServiceRecord) -> &mut Option<Self>;
}

impl Stored for AzureRecord {
    fn slot(s: &ServiceRecord) -> &Option<Self> {
        &s.azure
    }
    fn slot_mut(s: &mut ServiceRecord) -> &mut Option<Self> {
        &mut s.azure
    }
}

impl Stored for AwsRecord {
    fn slot(s: &ServiceRecord) -> &Option<Self> {
        &s.aws
    }
    fn slot_mut(s: &mut ServiceRecord) -> &mut Option<Self> {
        &mut s.aws
    }
}

impl Stored for GoogleRecord {
    fn slot(s: &ServiceRecord) -> &Option<Self> {
        &s.google
    }
    fn slot_mut(s: &mut ServiceRecord) -> &mut Option<Self> {
        &mut s.google
    }
}

/// One cloud's part of [`ServiceRecord::advance`]: the lifecycle, then the connections.
fn advance_cloud<R: Stored>(s: &mut ServiceRecord, now: i64, d: &Delays) {
    let slot = R::slot_mut(s);
    if let Some(r) = slot.as_mut() {
        let (state, since) = r.lifecycle();
        if lifecycle(state, since, now, d) {
            *slot = None;
        } else {
            r.advance_connections(now, d);
        }
    }
}

/// One cloud's part of [`ServiceRecord::next_change`].
fn next_cloud_change<R: Stored>(s: &ServiceRecord, d: &Delays) -> Option<i64> {
    let r = R::slot(s).as_ref()?;
    let times = [
        lifecycle_change(r.state(), r.state_since_ms(), d),
        r.next_connection_change(d),
    ];
    times.into_iter().flatten().min()
}

fn active_on<R: Stored>(s: &ServiceRecord) -> Vec<(ConnectionId, u32)> {
    R::slot(s)
        .as_ref()
        .map(CloudRecord::active_connections)
        .unwrap_or_default()
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
            created_ms: None,
            updated_ms: None,
            azure: None,
            aws: None,
            google: None,
        }
    }

    /// The record as created at `now` (its creation and last change).
    pub fn created_at(mut self, now: i64) -> ServiceRecord {
        self.created_ms = Some(now);
        self.updated_ms = Some(now);
        self
    }

    pub fn dynamic_host(&self) -> String {
        format!("{}-{}.aivencloud.com", self.service_name, self.project)
    }

    /// Brings the simulated clouds up to `now`. Sums saturate: a record or a delay from
    /// anywhere can never overflow here.
    pub fn advance(&mut self, now: i64, d: &Delays) {
        if self.rebuild_until_ms.is_some_and(|t| now >= t) {
            self.rebuild_until_ms = None;
        }
        for cloud in Cloud::ALL {
            match cloud {
                Cloud::Azure => advance_cloud::<AzureRecord>(self, now, d),
                Cloud::Aws => advance_cloud::<AwsRecord>(self, now, d),
                Cloud::Google => advance_cloud::<GoogleRecord>(self, now, d),
            }
        }
    }

    /// The first time after which [`Self::advance`] would change this (already advanced)
    /// record, `None` when nothing is pending: until then the record is what any later
    /// `advance` gives, so a read of it can be reused. Mirrors `advance` condition by
    /// condition.
    pub fn next_change(&self, d: &Delays) -> Option<i64> {
        let clouds = Cloud::ALL.map(|cloud| match cloud {
            Cloud::Azure => next_cloud_change::<AzureRecord>(self, d),
            Cloud::Aws => next_cloud_change::<AwsRecord>(self, d),
            Cloud::Google => next_cloud_change::<GoogleRecord>(self, d),
        });
        clouds
            .into_iter()
            .chain([self.rebuild_until_ms])
            .flatten()
            .min()
    }

    pub fn state(&self) -> ServiceState {
        if self.rebuild_until_ms.is_some() {
            ServiceState::Rebuilding
        } else {
            ServiceState::Running
        }
    }

    /// Cloud `R`'s privatelink when core allows `action` on it: a 400 when the service
    /// runs in another cloud ([`Self::require_cloud`]), else core's refusal (a 404 naming the
    /// service when it has none, a 409 naming the cloud's product otherwise). The one way
    /// a route reaches a record, the same for every cloud.
    pub fn privatelink<R: Stored>(&self, action: PrivatelinkAction) -> ApiResult<&R> {
        self.check::<R>(action)?;
        R::slot(self)
            .as_ref()
            .ok_or_else(|| AppError::internal("a checked action without a privatelink"))
    }

    /// [`Self::privatelink`] for an action that changes the record.
    pub fn privatelink_mut<R: Stored>(&mut self, action: PrivatelinkAction) -> ApiResult<&mut R> {
        self.check::<R>(action)?;
        R::slot_mut(self)
            .as_mut()
            .ok_or_else(|| AppError::internal("a checked action without a privatelink"))
    }

    fn check<R: Stored>(&self, action: PrivatelinkAction) -> ApiResult<()> {
        self.require_cloud(R::CLOUD)?;
        action
            .check(R::CLOUD, R::slot(self).as_ref().map(R::state))
            .map_err(|e| AppError::refused(&self.service_name, e))
    }

    /// Creates cloud `R`'s privatelink with `make(region)`, after the same checks on every
    /// cloud: the service's cloud, core's create rule, and the preflight (409 naming every
    /// failed check). Returns the new record.
    pub fn create<R: Stored>(&mut self, make: impl FnOnce(&str) -> ApiResult<R>) -> ApiResult<&R> {
        self.check::<R>(PrivatelinkAction::Create)?;
        preflight_error(R::CLOUD, &self.preflight_view()).map_err(AppError::conflict)?;
        let region = Cloud::region_of(&self.cloud_name)
            .map(|(_, region)| region.to_owned())
            .ok_or_else(|| AppError::internal("a checked cloud without a region"))?;
        let slot = R::slot_mut(self);
        Ok(slot.insert(make(&region)?))
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

    /// Every `active` connection of the service's privatelinks, whichever cloud: its ID
    /// and its number (for the `privatelink-<n>-` host).
    pub fn active_connections(&self) -> Vec<(ConnectionId, u32)> {
        Cloud::ALL
            .into_iter()
            .flat_map(|cloud| match cloud {
                Cloud::Azure => active_on::<AzureRecord>(self),
                Cloud::Aws => active_on::<AwsRecord>(self),
                Cloud::Google => active_on::<GoogleRecord>(self),
            })
            .collect()
    }

    /// A 400 naming the service's cloud when a request is for another cloud's privatelink:
    /// the same answer on every cloud's routes (docs/wire-contract.md, "Answers that are the
    /// same for every cloud").
    pub fn require_cloud(&self, cloud: Cloud) -> ApiResult<()> {
        match cloud.mismatch(&self.preflight_view()) {
            None => Ok(()),
            Some(why) => Err(AppError::bad_request(why)),
        }
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
            create_time: self.created_ms.map(crate::clock::iso8601),
            update_time: self.updated_ms.map(crate::clock::iso8601),
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
