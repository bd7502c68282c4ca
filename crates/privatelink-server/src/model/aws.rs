//! The stored AWS PrivateLink of a service and the simulated AWS side: an endpoint service
//! (`vpce-svc-…`) allowing a list of IAM principals, and the customers' interface VPC
//! endpoints. AWS connections need no refresh and no approval: an endpoint of an allowed
//! principal becomes available after the connect delay (listed `connected`) and `active`
//! once the DNS delay has passed too. Like the Azure record, everything is derived from
//! timestamps when read (see [`crate::model`]).

use privatelink_core::wire::{
    AwsConnection, AwsConnectionList, AwsPrivatelink, ConnectionState, PrivatelinkState,
};
use privatelink_core::{AwsPrincipal, Cloud, ConnectionId, PrincipalList};
use serde::{Deserialize, Serialize};

use super::record::{check_room, created_state, CloudRecord, Delays};
use crate::error::{ApiResult, AppError};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AwsRecord {
    pub state: PrivatelinkState,
    pub state_since_ms: i64,
    /// `vpce-svc-` + 17 hex digits; shown once `active`.
    pub service_id: String,
    /// `com.amazonaws.vpce.<region>.<service_id>`; shown once `active`.
    pub service_name: String,
    pub principals: PrincipalList,
    /// Accepted and kept; the API never shows them.
    #[serde(default)]
    pub supported_regions: Vec<String>,
    pub endpoints: Vec<VpcEndpointRecord>,
    pub next_n: u32,
}

/// A customer's interface VPC endpoint against this endpoint service.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct VpcEndpointRecord {
    pub vpc_endpoint_id: String,
    pub dns_name: String,
    pub principal: AwsPrincipal,
    pub name: String,
    pub created_ms: i64,
    pub connection_id: ConnectionId,
    /// Number used in `privatelink-<n>-` hosts.
    pub n: u32,
    /// The connection's state as of the last [`AwsRecord::advance`]; `None` while the
    /// endpoint is not yet available (not listed).
    #[serde(default)]
    pub state: Option<ConnectionState>,
}

impl AwsRecord {
    /// A new AWS PrivateLink in `creating`.
    pub fn new(
        region: &str,
        principals: PrincipalList,
        supported_regions: Vec<String>,
        now: i64,
        bits: u64,
    ) -> ApiResult<AwsRecord> {
        let state = created_state()?;
        let service_id = format!("vpce-svc-{:017x}", bits);
        Ok(AwsRecord {
            state,
            state_since_ms: now,
            service_name: format!("com.amazonaws.vpce.{region}.{service_id}"),
            service_id,
            principals,
            supported_regions,
            endpoints: vec![],
            next_n: 1,
        })
    }

    pub fn to_wire(&self) -> AwsPrivatelink {
        let shown = self.state != PrivatelinkState::Creating;
        AwsPrivatelink {
            aws_service_id: shown.then(|| self.service_id.clone()),
            aws_service_name: shown.then(|| self.service_name.clone()),
            principals: self.principals.clone(),
            state: self.state.clone(),
        }
    }

    /// Brings the endpoints up to `now`: listed (`connected`) once available after the
    /// connect delay, `active` once the DNS delay has passed too.
    fn advance_endpoints(&mut self, now: i64, d: &Delays) {
        for e in &mut self.endpoints {
            let available = e.created_ms.saturating_add(d.connect_ms);
            e.state = if now < available {
                None
            } else if now < available.saturating_add(d.dns_ms) {
                Some(ConnectionState::Connected)
            } else {
                Some(ConnectionState::Active)
            };
        }
    }

    /// The next time [`Self::advance`] changes something, mirroring it.
    fn next_endpoint_change(&self, d: &Delays) -> Option<i64> {
        self.endpoints
            .iter()
            .filter_map(|e| {
                let available = e.created_ms.saturating_add(d.connect_ms);
                match e.state {
                    None => Some(available),
                    Some(ConnectionState::Connected) => Some(available.saturating_add(d.dns_ms)),
                    _ => None,
                }
            })
            .min()
    }

    /// The listed connections.
    pub fn connections(&self) -> Vec<AwsConnection> {
        self.endpoints
            .iter()
            .filter_map(|e| {
                Some(AwsConnection {
                    dns_name: e.dns_name.clone(),
                    privatelink_connection_id: Some(e.connection_id.clone()),
                    state: e.state.clone()?,
                    vpc_endpoint_id: e.vpc_endpoint_id.clone(),
                })
            })
            .collect()
    }

    /// Whether this endpoint service is the one a VPC endpoint names.
    /// A customer's interface VPC endpoint, created as `principal` against this endpoint
    /// service: 403 for a principal the allowlist does not allow, 409 beyond the endpoint
    /// cap. Its ID and DNS name are made from `bits` the way AWS spells them.
    pub fn add_endpoint(
        &mut self,
        principal: AwsPrincipal,
        name: &str,
        region: &str,
        now: i64,
        bits: u64,
        connection_id: ConnectionId,
    ) -> ApiResult<&VpcEndpointRecord> {
        if !self.principals.allows(&principal) {
            return Err(AppError::forbidden(format!(
                "Principal {principal} is not allowed to connect to {}: add it (or its account's root) to the AWS PrivateLink's principals.",
                self.service_name
            )));
        }
        check_room(Cloud::Aws, self.endpoints.len())?;
        let vpc_endpoint_id = format!("vpce-{bits:017x}");
        let dns_name = format!(
            "{vpc_endpoint_id}-{:08x}.{}.{region}.vpce.amazonaws.com",
            (bits >> 20) as u32,
            self.service_id
        );
        let n = self.next_n;
        self.next_n += 1;
        self.endpoints.push(VpcEndpointRecord {
            vpc_endpoint_id,
            dns_name,
            principal,
            name: name.to_owned(),
            created_ms: now,
            connection_id,
            n,
            state: None,
        });
        Ok(self.endpoints.last().expect("just pushed"))
    }

    pub fn answers_to(&self, service_name: &str) -> bool {
        self.state == PrivatelinkState::Active && self.service_name == service_name
    }
}

impl CloudRecord for AwsRecord {
    const CLOUD: Cloud = Cloud::Aws;
    type Wire = AwsPrivatelink;
    type List = AwsConnectionList;

    fn wire(&self) -> AwsPrivatelink {
        self.to_wire()
    }
    fn list(&self) -> AwsConnectionList {
        AwsConnectionList {
            connections: self.connections(),
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
    fn advance_connections(&mut self, now: i64, d: &Delays) {
        self.advance_endpoints(now, d)
    }
    fn next_connection_change(&self, d: &Delays) -> Option<i64> {
        self.next_endpoint_change(d)
    }
    fn active_connections(&self) -> Vec<(ConnectionId, u32)> {
        self.endpoints
            .iter()
            .filter(|e| e.state == Some(ConnectionState::Active))
            .map(|e| (e.connection_id.clone(), e.n))
            .collect()
    }
}
