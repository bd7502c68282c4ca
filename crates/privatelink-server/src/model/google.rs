//! The stored Google Private Service Connect of a service and the simulated Google side: a
//! service attachment, the customers' PSC endpoints against it, and Aiven's connections.
//! As on Azure, a `refresh` discovers the endpoints created since the last one (listed
//! `pending-user-approval`); unlike Azure, the approval carries the endpoint's IP, after
//! which the connection is `user-approved`, then `connected` after the connect delay and
//! `active` after the DNS delay. Everything is derived from timestamps when read.

use privatelink_core::state::ConnectionEvent;
use privatelink_core::wire::{
    ConnectionState, GoogleConnection, GoogleConnectionList, GooglePrivatelink, PrivatelinkState,
};
use privatelink_core::{Cloud, ConnectionId, EndpointIp};
use serde::{Deserialize, Serialize};

use super::record::{check_room, created_state, CloudRecord, Delays, Discovers};
use crate::error::{ApiResult, AppError};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GoogleRecord {
    pub state: PrivatelinkState,
    pub state_since_ms: i64,
    /// `projects/aivenprod-…/regions/<region>/serviceAttachments/privatelink-s…`; shown
    /// once `active`.
    pub attachment: String,
    pub endpoints: Vec<PscEndpointRecord>,
    pub connections: Vec<GoogleConnectionRecord>,
    pub next_n: u32,
}

/// A customer's Private Service Connect endpoint (a forwarding rule) in Google Cloud.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PscEndpointRecord {
    pub psc_connection_id: String,
    pub ip_address: EndpointIp,
    pub name: String,
    pub project_id: String,
    pub created_ms: i64,
    /// Set once a refresh has listed it.
    pub discovered: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GoogleConnectionRecord {
    pub id: ConnectionId,
    pub psc_connection_id: String,
    pub state: ConnectionState,
    pub user_ip_address: Option<EndpointIp>,
    pub n: u32,
    pub approved_ms: Option<i64>,
}

impl GoogleRecord {
    pub fn new(region: &str, now: i64, bits: u64) -> ApiResult<GoogleRecord> {
        let state = created_state()?;
        Ok(GoogleRecord {
            state,
            state_since_ms: now,
            attachment: format!(
                "projects/aivenprod-{:08x}/regions/{region}/serviceAttachments/privatelink-s{:011x}",
                bits >> 32,
                bits & 0xfff_ffff_ffff
            ),
            endpoints: vec![],
            connections: vec![],
            next_n: 1,
        })
    }

    pub fn to_wire(&self) -> GooglePrivatelink {
        GooglePrivatelink {
            google_service_attachment: (self.state != PrivatelinkState::Creating)
                .then(|| self.attachment.clone()),
            state: self.state.clone(),
        }
    }

    /// Whether a PSC endpoint aimed at `attachment` reaches this service attachment.
    /// A customer's Private Service Connect endpoint against this attachment: an address
    /// of the customer's subnet, distinct per endpoint, and a PSC connection ID of 17 digits
    /// made from `bits`, as Google writes them. 409 beyond the endpoint cap.
    pub fn add_endpoint(
        &mut self,
        name: &str,
        project_id: &str,
        now: i64,
        bits: u64,
    ) -> ApiResult<&PscEndpointRecord> {
        check_room(Cloud::Google, self.endpoints.len())?;
        let k = self.endpoints.len();
        let ip = EndpointIp::parse(&format!("10.1.{}.{}", (k / 250) % 256, 10 + k % 250))
            .map_err(AppError::internal)?;
        self.endpoints.push(PscEndpointRecord {
            psc_connection_id: (10_000_000_000_000_000 + bits % 89_999_999_999_999_999).to_string(),
            ip_address: ip,
            name: name.to_owned(),
            project_id: project_id.to_owned(),
            created_ms: now,
            discovered: false,
        });
        Ok(self.endpoints.last().expect("just pushed"))
    }

    pub fn answers_to(&self, attachment: &str) -> bool {
        self.state == PrivatelinkState::Active && self.attachment == attachment
    }

    /// Endpoints created up to `now` become `pending-user-approval` connections.
    pub fn refresh(&mut self, now: i64, mut new_id: impl FnMut() -> ConnectionId) {
        for e in &mut self.endpoints {
            if e.discovered || e.created_ms > now {
                continue;
            }
            e.discovered = true;
            let n = self.next_n;
            self.next_n += 1;
            self.connections.push(GoogleConnectionRecord {
                id: new_id(),
                psc_connection_id: e.psc_connection_id.clone(),
                state: ConnectionState::PendingUserApproval,
                user_ip_address: None,
                n,
                approved_ms: None,
            });
        }
    }

    /// Brings approved connections up to `now`: `connected` after the connect delay,
    /// `active` after the DNS delay (the IP came with the approval).
    fn advance_endpoints(&mut self, now: i64, d: &Delays) {
        for c in &mut self.connections {
            let Some(approved) = c.approved_ms else {
                continue;
            };
            let connected = approved.saturating_add(d.connect_ms);
            if c.state == ConnectionState::UserApproved && now >= connected {
                if let Ok(s) = c.state.next(ConnectionEvent::Accepted, true) {
                    c.state = s;
                }
            }
            if c.state == ConnectionState::Connected && now >= connected.saturating_add(d.dns_ms) {
                if let Ok(s) = c.state.next(ConnectionEvent::DnsRegistered, true) {
                    c.state = s;
                }
            }
        }
    }

    /// The next time [`Self::advance`] changes something, mirroring it.
    fn next_endpoint_change(&self, d: &Delays) -> Option<i64> {
        self.connections
            .iter()
            .filter_map(|c| {
                let connected = c.approved_ms?.saturating_add(d.connect_ms);
                match c.state {
                    ConnectionState::UserApproved => Some(connected),
                    ConnectionState::Connected => Some(connected.saturating_add(d.dns_ms)),
                    _ => None,
                }
            })
            .min()
    }

    pub fn connection_mut(&mut self, id: &ConnectionId) -> ApiResult<&mut GoogleConnectionRecord> {
        self.connections
            .iter_mut()
            .find(|c| &c.id == id)
            .ok_or_else(|| AppError::connection_not_found(id))
    }
}

impl GoogleConnectionRecord {
    pub fn to_wire(&self) -> GoogleConnection {
        GoogleConnection {
            privatelink_connection_id: self.id.clone(),
            psc_connection_id: self.psc_connection_id.clone(),
            state: self.state.clone(),
            user_ip_address: self.user_ip_address,
        }
    }
}

impl CloudRecord for GoogleRecord {
    const CLOUD: Cloud = Cloud::Google;
    type Wire = GooglePrivatelink;
    type List = GoogleConnectionList;

    fn wire(&self) -> GooglePrivatelink {
        self.to_wire()
    }
    fn list(&self) -> GoogleConnectionList {
        GoogleConnectionList {
            connections: self
                .connections
                .iter()
                .map(GoogleConnectionRecord::to_wire)
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
    fn advance_connections(&mut self, now: i64, d: &Delays) {
        self.advance_endpoints(now, d)
    }
    fn next_connection_change(&self, d: &Delays) -> Option<i64> {
        self.next_endpoint_change(d)
    }
    fn active_connections(&self) -> Vec<(ConnectionId, u32)> {
        self.connections
            .iter()
            .filter(|c| c.state == ConnectionState::Active)
            .map(|c| (c.id.clone(), c.n))
            .collect()
    }
}

impl Discovers for GoogleRecord {
    fn discover(&mut self, now: i64, new_id: &mut dyn FnMut() -> ConnectionId) {
        self.refresh(now, new_id)
    }
}
