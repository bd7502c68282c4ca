//! What every cloud's privatelink record shares, and nothing of the service record: the
//! simulated clouds' delays, the lifecycle every cloud's privatelink goes through (core's
//! state machine on stored timestamps), the endpoint cap, and the [`CloudRecord`] trait the
//! records of `azure.rs`, `aws.rs` and `google.rs` implement. The records depend on this
//! module only; the service record (`mod.rs`) depends on them, so there is no cycle.

use privatelink_core::state::PrivatelinkEvent;
use privatelink_core::wire::PrivatelinkState;
use privatelink_core::{Cloud, ConnectionId};

use crate::error::{ApiResult, AppError};

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

/// Moves a privatelink of any cloud through its own lifecycle: `creating` → `active` after
/// the create delay, `deleting` → gone after the delete delay. Returns whether it is gone.
pub fn lifecycle(state: &mut PrivatelinkState, since: &mut i64, now: i64, d: &Delays) -> bool {
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
pub fn begin_delete<R: CloudRecord>(record: &mut R, now: i64) -> ApiResult<()> {
    let (state, since) = record.lifecycle();
    *state = PrivatelinkState::next(Some(state), PrivatelinkEvent::DeleteRequested)?
        .ok_or_else(|| AppError::internal("delete produced no state"))?;
    *since = now;
    Ok(())
}

/// A new privatelink's first state (core's answer to a create), for every cloud's `new`.
pub fn created_state() -> ApiResult<PrivatelinkState> {
    PrivatelinkState::next(None, PrivatelinkEvent::Created)?
        .ok_or_else(|| AppError::internal("create produced no state"))
}

/// Endpoints one privatelink of any cloud takes, at most (Azure's limit of private
/// endpoints per Private Link service, used for every cloud).
pub const MAX_ENDPOINTS_PER_PRIVATELINK: usize = 1000;

/// 409 when a privatelink of `cloud` already has [`MAX_ENDPOINTS_PER_PRIVATELINK`].
pub fn check_room(cloud: Cloud, count: usize) -> ApiResult<()> {
    if count >= MAX_ENDPOINTS_PER_PRIVATELINK {
        return Err(AppError::conflict(format!(
            "This {} already has {MAX_ENDPOINTS_PER_PRIVATELINK} endpoints, the limit; no more can connect to it.",
            cloud.product()
        )));
    }
    Ok(())
}

/// A privatelink of one cloud: what the service record, its routes and its clock need of
/// every cloud alike. Where it is kept in a service is [`super::Stored`]'s.
pub trait CloudRecord: Sized + Send + 'static {
    const CLOUD: Cloud;
    /// The privatelink as the API shows it.
    type Wire: serde::Serialize + Send + 'static;
    /// `GET …/connections` as the API shows it.
    type List: serde::Serialize + Send + 'static;
    fn wire(&self) -> Self::Wire;
    fn list(&self) -> Self::List;
    fn state(&self) -> &PrivatelinkState;
    /// The state and when it began, which the lifecycle every cloud shares moves on.
    fn lifecycle(&mut self) -> (&mut PrivatelinkState, &mut i64);
    fn state_since_ms(&self) -> i64;
    /// Brings the connections (and the customer endpoints) up to `now`.
    fn advance_connections(&mut self, now: i64, d: &Delays);
    /// When [`CloudRecord::advance_connections`] would next change an advanced record.
    fn next_connection_change(&self, d: &Delays) -> Option<i64>;
    /// Every `active` connection: its ID and its number (for the `privatelink-<n>-` host).
    fn active_connections(&self) -> Vec<(ConnectionId, u32)>;
}

/// When [`lifecycle`] would next change a privatelink in `state` since `since`.
pub fn lifecycle_change(state: &PrivatelinkState, since: i64, d: &Delays) -> Option<i64> {
    match state {
        PrivatelinkState::Creating => Some(since.saturating_add(d.create_ms)),
        PrivatelinkState::Deleting => Some(since.saturating_add(d.delete_ms)),
        _ => None,
    }
}

/// A cloud whose connections Aiven finds on a refresh (Azure, Google: neither tells Aiven
/// of a new endpoint); AWS tells Aiven itself, so its refresh changes nothing.
pub trait Discovers: CloudRecord {
    /// Lists the endpoints created up to `now` as connections, each with a new ID.
    fn discover(&mut self, now: i64, new_id: &mut dyn FnMut() -> ConnectionId);
}
