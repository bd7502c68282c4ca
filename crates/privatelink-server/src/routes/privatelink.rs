//! The Azure PrivateLink endpoints (wire-contract.md §2). Legality of every action comes
//! from the core state machines; refusals are 409 with the core's sentence.

use axum::extract::State;
use axum::Json;
use privatelink_core::preflight::preflight_error;
use privatelink_core::state::{ConnectionEvent, PrivatelinkEvent};
use privatelink_core::subscription::validate_subscription_list;
use privatelink_core::wire::{
    AzurePrivatelink, AzurePrivatelinkConnection, ConnectionList, ConnectionUpdateRequest,
    PrivatelinkRequest, PrivatelinkState,
};
use privatelink_core::{ConnectionAction, ConnectionId, EndpointIp, PrivatelinkAction};
use serde_json::{json, Value};

use super::{authorize, authorize_first, load};
use crate::error::{ApiResult, AppError};
use crate::extract::{Body, Token, P};
use crate::model::{ConnectionRecord, PrivatelinkRecord, ServiceRecord};
use crate::store::Tx;
use crate::{random_u64, AppState, Shared};

type Svc = P<(String, String)>;
type Conn = P<(String, String, String)>;

fn check(action: PrivatelinkAction, s: &ServiceRecord) -> ApiResult<()> {
    action
        .check(s.privatelink.as_ref().map(|p| &p.state))
        .map_err(|e| {
            if s.privatelink.is_none() {
                // The core's sentence already says what to do; name the service instead of
                // repeating "has no Azure PrivateLink" twice.
                let name = &s.service_name;
                AppError::not_found(match e.0.strip_prefix("This service ") {
                    Some(rest) => format!("Service {name} {rest}"),
                    None => format!("Service {name}: {}", e.0),
                })
            } else {
                AppError::conflict(e.0)
            }
        })
}

fn subscriptions(req: &PrivatelinkRequest) -> ApiResult<Vec<String>> {
    validate_subscription_list(&req.user_subscription_ids)
        .map(|v| v.into_iter().map(|s| s.into_string()).collect())
        .map_err(|e| AppError::bad_request(e.to_string()))
}

/// Loads, authorises and advances; `f` changes the record, which is then saved.
fn with_service<T>(
    state: &AppState,
    token: &str,
    project: &str,
    service: &str,
    f: impl FnOnce(&mut ServiceRecord, &Tx<'_>) -> ApiResult<T>,
) -> ApiResult<T> {
    state.store.tx(|tx| {
        authorize(tx, token, project)?;
        let mut s = load(state, tx, project, service)?;
        let out = f(&mut s, tx)?;
        tx.put_service(&s)?;
        Ok(out)
    })
}

fn privatelink_of(s: &mut ServiceRecord) -> &mut PrivatelinkRecord {
    s.privatelink
        .as_mut()
        .expect("checked by PrivatelinkAction::check")
}

pub async fn privatelink_create(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service)): Svc,
    body: Body,
) -> ApiResult<Json<AzurePrivatelink>> {
    authorize_first(&st, &token, &project)?;
    let req: PrivatelinkRequest = body.json()?;
    let subs = subscriptions(&req)?;
    let now = st.now();
    with_service(&st, &token, &project, &service, |s, _| {
        PrivatelinkAction::Create
            .check(s.privatelink.as_ref().map(|p| &p.state))
            .map_err(|e| AppError::conflict(e.0))?;
        preflight_error(&s.preflight_view()).map_err(AppError::conflict)?;
        let region = s
            .cloud_name
            .strip_prefix("azure-")
            .unwrap_or(&s.cloud_name)
            .to_owned();
        let pl = PrivatelinkRecord::new(
            &region,
            subs,
            now,
            [random_u64(), random_u64(), random_u64()],
        )
        .map_err(AppError::internal)?;
        let out = pl.to_wire();
        s.privatelink = Some(pl);
        Ok(Json(out))
    })
}

pub async fn privatelink_get(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service)): Svc,
) -> ApiResult<Json<AzurePrivatelink>> {
    with_service(&st, &token, &project, &service, |s, _| {
        s.privatelink
            .as_ref()
            .map(|p| Json(p.to_wire()))
            .ok_or_else(|| {
                AppError::not_found(format!("Service {service} has no Azure PrivateLink."))
            })
    })
}

pub async fn privatelink_update(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service)): Svc,
    body: Body,
) -> ApiResult<Json<AzurePrivatelink>> {
    authorize_first(&st, &token, &project)?;
    let req: PrivatelinkRequest = body.json()?;
    let subs = subscriptions(&req)?;
    with_service(&st, &token, &project, &service, |s, _| {
        check(PrivatelinkAction::UpdateAllowlist, s)?;
        let pl = privatelink_of(s);
        pl.user_subscription_ids = subs;
        Ok(Json(pl.to_wire()))
    })
}

pub async fn privatelink_delete(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service)): Svc,
) -> ApiResult<Json<AzurePrivatelink>> {
    let now = st.now();
    with_service(&st, &token, &project, &service, |s, _| {
        check(PrivatelinkAction::Delete, s)?;
        let pl = privatelink_of(s);
        let next = PrivatelinkState::next(Some(&pl.state), PrivatelinkEvent::DeleteRequested)
            .map_err(|e| AppError::conflict(e.0))?
            .ok_or_else(|| AppError::internal("delete produced no state"))?;
        pl.state = next;
        pl.state_since_ms = now;
        Ok(Json(pl.to_wire()))
    })
}

pub async fn privatelink_refresh(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service)): Svc,
    body: Body,
) -> ApiResult<Json<Value>> {
    authorize_first(&st, &token, &project)?;
    body.empty()?;
    let now = st.now();
    with_service(&st, &token, &project, &service, |s, _| {
        check(PrivatelinkAction::Refresh, s)?;
        privatelink_of(s).refresh(now, || ConnectionId::from_bits(random_u64()));
        Ok(Json(json!({})))
    })
}

pub async fn connections_list(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service)): Svc,
) -> ApiResult<Json<ConnectionList>> {
    with_service(&st, &token, &project, &service, |s, _| {
        check(PrivatelinkAction::ListConnections, s)?;
        let connections = privatelink_of(s)
            .connections
            .iter()
            .map(ConnectionRecord::to_wire)
            .collect();
        Ok(Json(ConnectionList { connections }))
    })
}

/// The connection of a checked privatelink, by ID; 400 for a malformed ID, 404 unknown.
fn connection<'a>(s: &'a mut ServiceRecord, id: &str) -> ApiResult<&'a mut ConnectionRecord> {
    ConnectionId::parse(id).map_err(|e| AppError::bad_request(e.to_string()))?;
    check(PrivatelinkAction::ListConnections, s)?;
    privatelink_of(s)
        .connections
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or_else(|| AppError::not_found(format!("Privatelink connection {id} does not exist.")))
}

pub async fn connection_update(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service, id)): Conn,
    body: Body,
) -> ApiResult<Json<AzurePrivatelinkConnection>> {
    authorize_first(&st, &token, &project)?;
    let req: ConnectionUpdateRequest = body.json()?;
    let raw = req.user_ip_address.ok_or_else(|| {
        AppError::bad_request(
            "user_ip_address is required: give the private endpoint's IPv4 address (avn: --endpoint-ip-address).",
        )
    })?;
    let ip = EndpointIp::parse(&raw).map_err(|e| AppError::bad_request(e.to_string()))?;
    let now = st.now();
    with_service(&st, &token, &project, &service, |s, _| {
        let c = connection(s, &id)?;
        ConnectionAction::SetIp
            .check(&c.state)
            .map_err(|e| AppError::conflict(e.0))?;
        c.state = c
            .state
            .next(ConnectionEvent::IpSet, true)
            .map_err(|e| AppError::conflict(e.0))?;
        c.user_ip_address = Some(ip.to_string());
        c.ip_set_ms = Some(now);
        Ok(Json(c.to_wire()))
    })
}

pub async fn connection_approve(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service, id)): Conn,
    body: Body,
) -> ApiResult<Json<AzurePrivatelinkConnection>> {
    authorize_first(&st, &token, &project)?;
    body.empty()?;
    let now = st.now();
    with_service(&st, &token, &project, &service, |s, _| {
        let c = connection(s, &id)?;
        ConnectionAction::Approve
            .check(&c.state)
            .map_err(|e| AppError::conflict(e.0))?;
        c.state = c
            .state
            .next(ConnectionEvent::Approved, c.user_ip_address.is_some())
            .map_err(|e| AppError::conflict(e.0))?;
        c.approved_ms = Some(now);
        Ok(Json(c.to_wire()))
    })
}
