//! The state machines of wire-contract.md §2, as data: which action is legal in which
//! state, and which state comes next. The server refuses illegal actions with the
//! message of [`ActionRefused`]; the panel uses the same answers to decide which buttons
//! to offer and whether to keep polling.
//!
//! The ordering matters to Terraform: after approve a connection reads `user-approved`
//! or `connected`, never `active`; after the IP it reads `connected` or `active`.

use thiserror::Error;

use crate::wire::{ConnectionState, PrivatelinkState};

/// What a user (or the API) can do to a service's privatelink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrivatelinkAction {
    Create,
    UpdateAllowlist,
    Refresh,
    ListConnections,
    Delete,
}

/// What can be done to one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectionAction {
    Approve,
    SetIp,
}

/// Something that moves a privatelink to its next state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrivatelinkEvent {
    /// The user asked for one.
    Created,
    /// Azure finished provisioning the load balancer and Private Link service.
    Provisioned,
    /// The user asked to delete it.
    DeleteRequested,
    /// Azure finished tearing it down.
    Removed,
}

/// Something that moves a connection to its next state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionEvent {
    /// The user approved the endpoint.
    Approved,
    /// Azure accepted the approved endpoint.
    AzureConnected,
    /// The user saved the endpoint's IP address.
    IpSet,
    /// The DNS name for the IP was registered.
    DnsRegistered,
}

/// An action the current state does not allow, with a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct ActionRefused(pub String);

impl PrivatelinkAction {
    /// Whether the action is legal when the privatelink is in `state` (`None`: the
    /// service has none).
    pub fn check(self, state: Option<&PrivatelinkState>) -> Result<(), ActionRefused> {
        use PrivatelinkAction::*;
        use PrivatelinkState as S;
        let refuse = |s: &str| Err(ActionRefused(s.to_owned()));
        match (self, state) {
            (Create, None) => Ok(()),
            (Create, Some(_)) => refuse("An Azure PrivateLink already exists for this service."),
            (_, None) => refuse("This service has no Azure PrivateLink; create one first."),
            (_, Some(S::Deleting)) => {
                refuse("The Azure PrivateLink is being deleted; no further changes are possible.")
            }
            (UpdateAllowlist | Delete, Some(S::Creating | S::Active)) => Ok(()),
            (Refresh | ListConnections, Some(S::Active)) => Ok(()),
            (Refresh | ListConnections, Some(S::Creating)) => refuse(
                "The Azure PrivateLink is still being created; connections can be discovered once it is active.",
            ),
            (_, Some(S::Unknown(s))) => Err(ActionRefused(format!(
                "The Azure PrivateLink is in state \"{s}\", which this version does not know how to handle."
            ))),
        }
    }

    /// Every action legal in `state`, for deciding what to offer.
    pub fn allowed(state: Option<&PrivatelinkState>) -> Vec<PrivatelinkAction> {
        use PrivatelinkAction::*;
        [Create, UpdateAllowlist, Refresh, ListConnections, Delete]
            .into_iter()
            .filter(|a| a.check(state).is_ok())
            .collect()
    }
}

impl PrivatelinkState {
    /// Whether the state changes on its own, so a client should keep polling.
    /// Unknown states count as transitional: watching is the safe choice.
    pub fn is_transitional(&self) -> bool {
        !matches!(self, PrivatelinkState::Active)
    }

    /// The state after `event`; `None` after removal. `Err` when the event cannot
    /// happen in this state.
    pub fn next(
        current: Option<&PrivatelinkState>,
        event: PrivatelinkEvent,
    ) -> Result<Option<PrivatelinkState>, ActionRefused> {
        use PrivatelinkEvent::*;
        use PrivatelinkState as S;
        match (current, event) {
            (None, Created) => Ok(Some(S::Creating)),
            (Some(S::Creating), Provisioned) => Ok(Some(S::Active)),
            (Some(S::Creating | S::Active), DeleteRequested) => Ok(Some(S::Deleting)),
            (Some(S::Deleting), Removed) => Ok(None),
            (Some(s), Created) => PrivatelinkAction::Create.check(Some(s)).map(|_| None),
            (None, _) => Err(ActionRefused(
                "This service has no Azure PrivateLink.".to_owned(),
            )),
            (Some(s), e) => Err(ActionRefused(format!(
                "A privatelink in state {s} cannot take the event {e:?}."
            ))),
        }
    }
}

impl ConnectionAction {
    /// Whether the action is legal for a connection in `state`.
    pub fn check(self, state: &ConnectionState) -> Result<(), ActionRefused> {
        use ConnectionAction::*;
        use ConnectionState as S;
        match (self, state) {
            (Approve, S::PendingUserApproval) => Ok(()),
            (Approve, S::Unknown(s)) | (SetIp, S::Unknown(s)) => Err(ActionRefused(format!(
                "The connection is in state \"{s}\", which this version does not know how to handle."
            ))),
            (Approve, s) => Err(ActionRefused(format!(
                "Only a connection pending user approval can be approved; this one is {s}."
            ))),
            (SetIp, S::PendingUserApproval) => Err(ActionRefused(
                "Approve the connection before setting its endpoint IP address.".to_owned(),
            )),
            (SetIp, S::UserApproved | S::Connected | S::Active) => Ok(()),
        }
    }

    /// Every action legal in `state`.
    pub fn allowed(state: &ConnectionState) -> Vec<ConnectionAction> {
        [ConnectionAction::Approve, ConnectionAction::SetIp]
            .into_iter()
            .filter(|a| a.check(state).is_ok())
            .collect()
    }
}

impl ConnectionState {
    /// Whether the state changes without the user: after approval Azure connects, after
    /// the IP the DNS name is registered. Unknown states count as transitional.
    pub fn is_transitional(&self) -> bool {
        matches!(
            self,
            ConnectionState::UserApproved
                | ConnectionState::Connected
                | ConnectionState::Unknown(_)
        )
    }

    /// The state after `event`, given whether an IP address is stored (after the event).
    /// The IP may be saved before Azure connects; the connection still passes through
    /// `connected` before it becomes `active`, so pollers never see a skipped state.
    pub fn next(
        &self,
        event: ConnectionEvent,
        has_ip: bool,
    ) -> Result<ConnectionState, ActionRefused> {
        use ConnectionEvent::*;
        use ConnectionState as S;
        match (self, event) {
            (S::PendingUserApproval, Approved) => Ok(S::UserApproved),
            (S::UserApproved, AzureConnected) => Ok(S::Connected),
            (S::UserApproved | S::Connected | S::Active, IpSet) => Ok(self.clone()),
            (S::Connected, DnsRegistered) if has_ip => Ok(S::Active),
            (s, Approved) => ConnectionAction::Approve.check(s).map(|_| s.clone()),
            (s, IpSet) => ConnectionAction::SetIp.check(s).map(|_| s.clone()),
            (s, e) => Err(ActionRefused(format!(
                "A connection in state {s} cannot take the event {e:?}."
            ))),
        }
    }
}
