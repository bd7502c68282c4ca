//! The state machines of docs/wire-contract.md §2, as data: which action is legal in which
//! state, and which state comes next. The server refuses illegal actions with the
//! message of [`ActionRefused`]; the panel uses the same answers to decide which buttons
//! to offer and whether to keep polling.
//!
//! The ordering matters to Terraform: after approve a connection reads `user-approved`
//! or `connected`, never `active`; after the IP it reads `connected` or `active`.

use thiserror::Error;

use crate::cloud::Cloud;
use crate::wire::{ConnectionState, PrivatelinkState, ServiceState};

/// What a user (or the API) can do to a service's privatelink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrivatelinkAction {
    Create,
    /// Read it: legal in any state once it exists.
    Get,
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
    /// The cloud accepted the approved endpoint (Azure connected it; Google accepted the
    /// Private Service Connect connection).
    Accepted,
    /// The user saved the endpoint's IP address.
    IpSet,
    /// The DNS name for the IP was registered.
    DnsRegistered,
}

/// An action the current state does not allow; `Display` is the sentence for a user.
/// Every refusal about a privatelink carries its cloud, so the sentence names that
/// cloud's product (there is no Azure default to rewrite).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ActionRefused {
    #[error("{} already exists for this service.", .0.product())]
    AlreadyExists(Cloud),
    /// The service has none: the server answers 404, the others are 409.
    #[error("This service has no {}; create one first.", .0.product())]
    NoPrivatelink(Cloud),
    #[error("The {} is being deleted; no further changes are possible.", .0.product())]
    BeingDeleted(Cloud),
    #[error("The {} is still being created; connections can be discovered once it is active.", .0.product())]
    StillCreating(Cloud),
    #[error("The {product} is in state \"{state}\", which this version does not know how to handle.", product = .0.product(), state = .1)]
    UnknownPrivatelinkState(Cloud, String),
    #[error("The connection is in state \"{0}\", which this version does not know how to handle.")]
    UnknownConnectionState(String),
    #[error("Only a connection pending user approval can be approved; this one is {0}.")]
    NotPendingApproval(ConnectionState),
    #[error("Approve the connection before setting its endpoint IP address.")]
    ApproveFirst,
    #[error("The connection went back to pending-user-approval after it was approved; approve it again.")]
    BackToPending,
    #[error("AWS PrivateLink connections need no approval and take no IP: a VPC endpoint of an allowed principal is accepted on its own.")]
    NothingToDoOnAws,
    #[error("A Private Service Connect connection takes its endpoint IP with the approval (user_ip_address); it cannot be changed afterwards.")]
    GoogleIpWithApproval,
    #[error("A privatelink {} cannot take the event {event:?}.", match state { Some(s) => format!("in state {s}"), None => "that does not exist".into() })]
    PrivatelinkEvent {
        /// `None`: there is no privatelink.
        state: Option<PrivatelinkState>,
        event: PrivatelinkEvent,
    },
    #[error("A connection in state {state} cannot take the event {event:?}.")]
    ConnectionEvent {
        state: ConnectionState,
        event: ConnectionEvent,
    },
}

impl ActionRefused {
    /// Whether the refusal means "there is nothing there" (404) rather than "not now" (409).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ActionRefused::NoPrivatelink(_))
    }
}

/// The API's 404 sentence for a service without a privatelink of `cloud`, naming the
/// service (the refusal's own sentence says "this service").
pub fn no_privatelink_message(cloud: Cloud, service: &str) -> String {
    format!(
        "Service {service} has no {}; create one first.",
        cloud.product()
    )
}

/// The API's 404 sentence for a connection ID the privatelink does not have.
pub fn connection_not_found_message(id: &str) -> String {
    format!("Privatelink connection {id} does not exist.")
}

/// How a state should look on a badge: settled and good, waiting for the user, changing on
/// its own, or something to look at. Colour is never the only signal: the state is
/// always written out next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    Ok,
    Wait,
    Busy,
    Bad,
}

impl Tone {
    /// The CSS modifier and test name (`ok`, `wait`, `busy`, `bad`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Wait => "wait",
            Tone::Busy => "busy",
            Tone::Bad => "bad",
        }
    }
}

impl PrivatelinkAction {
    /// Whether the action is legal when `cloud`'s privatelink is in `state` (`None`: the
    /// service has none). The rules are the same on every cloud; the refusal names it.
    pub fn check(
        self,
        cloud: Cloud,
        state: Option<&PrivatelinkState>,
    ) -> Result<(), ActionRefused> {
        use PrivatelinkAction::*;
        use PrivatelinkState as S;
        match (self, state) {
            (Create, None) => Ok(()),
            (Create, Some(_)) => Err(ActionRefused::AlreadyExists(cloud)),
            (_, None) => Err(ActionRefused::NoPrivatelink(cloud)),
            (Get, Some(_)) => Ok(()),
            (_, Some(S::Deleting)) => Err(ActionRefused::BeingDeleted(cloud)),
            (UpdateAllowlist | Delete, Some(S::Creating | S::Active)) => Ok(()),
            (Refresh | ListConnections, Some(S::Active)) => Ok(()),
            (Refresh | ListConnections, Some(S::Creating)) => {
                Err(ActionRefused::StillCreating(cloud))
            }
            (_, Some(S::Unknown(s))) => {
                Err(ActionRefused::UnknownPrivatelinkState(cloud, s.clone()))
            }
        }
    }

    /// Every action legal in `state`, for deciding what to offer.
    pub fn allowed(cloud: Cloud, state: Option<&PrivatelinkState>) -> Vec<PrivatelinkAction> {
        use PrivatelinkAction::*;
        [
            Create,
            Get,
            UpdateAllowlist,
            Refresh,
            ListConnections,
            Delete,
        ]
        .into_iter()
        .filter(|a| a.check(cloud, state).is_ok())
        .collect()
    }
}

impl PrivatelinkState {
    /// Whether the state changes on its own, so a client should keep polling.
    /// Unknown states count as transitional: watching is the safe choice.
    pub fn is_transitional(&self) -> bool {
        !matches!(self, PrivatelinkState::Active)
    }

    /// How the state looks on a badge.
    pub fn tone(&self) -> Tone {
        match self {
            PrivatelinkState::Active => Tone::Ok,
            PrivatelinkState::Creating | PrivatelinkState::Deleting => Tone::Busy,
            PrivatelinkState::Unknown(_) => Tone::Bad,
        }
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
            (current, event) => Err(ActionRefused::PrivatelinkEvent {
                state: current.cloned(),
                event,
            }),
        }
    }
}

impl ConnectionAction {
    /// Whether the action is legal for a connection of `cloud` in `state`. Azure: approve,
    /// then set the IP. Google: approve with the IP in one call (`Approve`), no separate
    /// IP. AWS: neither (connections are accepted by the principals allowlist).
    pub fn check(self, cloud: Cloud, state: &ConnectionState) -> Result<(), ActionRefused> {
        use ConnectionAction::*;
        match (cloud, self) {
            (Cloud::Azure, _) | (Cloud::Google, Approve) => {}
            (Cloud::Google, SetIp) => return Err(ActionRefused::GoogleIpWithApproval),
            (Cloud::Aws, _) => return Err(ActionRefused::NothingToDoOnAws),
        }
        self.check_state(state)
    }

    /// The part of [`ConnectionAction::check`] that is the same on every cloud that offers
    /// the action: whether the connection's state allows it.
    fn check_state(self, state: &ConnectionState) -> Result<(), ActionRefused> {
        use ConnectionAction::*;
        use ConnectionState as S;
        match (self, state) {
            (Approve, S::PendingUserApproval) => Ok(()),
            (Approve, S::Unknown(s)) | (SetIp, S::Unknown(s)) => {
                Err(ActionRefused::UnknownConnectionState(s.clone()))
            }
            (Approve, s) => Err(ActionRefused::NotPendingApproval(s.clone())),
            (SetIp, S::PendingUserApproval) => Err(ActionRefused::ApproveFirst),
            (SetIp, S::UserApproved | S::Connected | S::Active) => Ok(()),
        }
    }

    /// Every action legal for a connection of `cloud` in `state`: the one set the server
    /// enforces and the panel offers.
    pub fn allowed(cloud: Cloud, state: &ConnectionState) -> Vec<ConnectionAction> {
        [ConnectionAction::Approve, ConnectionAction::SetIp]
            .into_iter()
            .filter(|a| a.check(cloud, state).is_ok())
            .collect()
    }
}

/// What "approve and set IP" does next for a connection in a given state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApproveAndSetIpStep {
    /// Still pending and not yet approved by this run: approve it.
    Approve,
    /// Approved; Azure has not connected it yet: look again later.
    Wait,
    /// Connected (or already active, its IP being changed): set the IP now.
    SetIp,
    /// A state the flow cannot carry on from; the reason is for the user.
    Stop(ActionRefused),
}

impl ApproveAndSetIpStep {
    /// The next step for a connection in `state`; `approved` says whether this run has
    /// approved it already (then `pending-user-approval` means someone or something sent
    /// it back, and the run stops rather than approving a second time).
    pub fn next(state: &ConnectionState, approved: bool) -> ApproveAndSetIpStep {
        use ConnectionState as S;
        match state {
            S::PendingUserApproval if approved => {
                ApproveAndSetIpStep::Stop(ActionRefused::BackToPending)
            }
            S::PendingUserApproval => ApproveAndSetIpStep::Approve,
            S::UserApproved => ApproveAndSetIpStep::Wait,
            S::Connected | S::Active => ApproveAndSetIpStep::SetIp,
            S::Unknown(s) => {
                ApproveAndSetIpStep::Stop(ActionRefused::UnknownConnectionState(s.clone()))
            }
        }
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

    /// How the state looks on a badge: pending approval waits for the user.
    pub fn tone(&self) -> Tone {
        match self {
            ConnectionState::Active => Tone::Ok,
            ConnectionState::PendingUserApproval => Tone::Wait,
            ConnectionState::UserApproved | ConnectionState::Connected => Tone::Busy,
            ConnectionState::Unknown(_) => Tone::Bad,
        }
    }
}

impl ConnectionState {
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
            (S::UserApproved, Accepted) => Ok(S::Connected),
            (S::UserApproved | S::Connected | S::Active, IpSet) => Ok(self.clone()),
            (S::Connected, DnsRegistered) if has_ip => Ok(S::Active),
            // The state's own refusal; which cloud offers the action at all is the caller's
            // `ConnectionAction::check`.
            (s, Approved) => ConnectionAction::Approve.check_state(s).map(|_| s.clone()),
            (s, IpSet) => ConnectionAction::SetIp.check_state(s).map(|_| s.clone()),
            (s, event) => Err(ActionRefused::ConnectionEvent {
                state: s.clone(),
                event,
            }),
        }
    }
}

impl ServiceState {
    /// Whether the service changes on its own (a rebuild after an access change).
    pub fn is_transitional(&self) -> bool {
        matches!(self, ServiceState::Rebuilding | ServiceState::Rebalancing)
    }

    /// How the state looks on a badge.
    pub fn tone(&self) -> Tone {
        match self {
            ServiceState::Running => Tone::Ok,
            ServiceState::Rebuilding | ServiceState::Rebalancing => Tone::Busy,
            ServiceState::Poweroff | ServiceState::Unknown(_) => Tone::Bad,
        }
    }
}
