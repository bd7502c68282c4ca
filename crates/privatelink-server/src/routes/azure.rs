//! The Azure PrivateLink endpoints (docs/wire-contract.md §2). Bodies arrive typed and
//! checked (allowlists, IPs and connection IDs deserialise only when the core's rules
//! hold); every route reaches the record through [`ServiceRecord::privatelink`], which
//! checks the service's cloud and core's verdict on the action as for every cloud.
//!
//! [`ServiceRecord::privatelink`]: crate::model::ServiceRecord::privatelink

use axum::extract::State;
use axum::Json;
use privatelink_core::state::ConnectionEvent;
use privatelink_core::wire::{
    AzurePrivatelink, AzurePrivatelinkConnection, ConnectionUpdateRequest, PrivatelinkRequest,
};
use privatelink_core::PrivatelinkAction;

use crate::error::{ApiResult, AppError};
use crate::extract::{AuthProject, ConnectionPath, EmptyBody, JsonBody, ServicePath};
use crate::model::azure::AzureRecord;
use crate::{random_u64, Shared};

pub async fn azure_create(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    JsonBody(req): JsonBody<PrivatelinkRequest>,
) -> ApiResult<Json<AzurePrivatelink>> {
    let now = st.now();
    st.update_service(&project, &service, move |s| {
        let bits = [random_u64(), random_u64(), random_u64()];
        let pl =
            s.create(|region| AzureRecord::new(region, req.user_subscription_ids, now, bits))?;
        Ok(Json(pl.to_wire()))
    })
    .await
}

pub async fn azure_update(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    JsonBody(req): JsonBody<PrivatelinkRequest>,
) -> ApiResult<Json<AzurePrivatelink>> {
    st.update_service(&project, &service, move |s| {
        let pl = s.privatelink_mut::<AzureRecord>(PrivatelinkAction::UpdateAllowlist)?;
        pl.user_subscription_ids = req.user_subscription_ids;
        Ok(Json(pl.to_wire()))
    })
    .await
}

pub async fn azure_connection_update(
    State(st): State<Shared>,
    AuthProject(path): AuthProject<ConnectionPath>,
    JsonBody(req): JsonBody<ConnectionUpdateRequest>,
) -> ApiResult<Json<AzurePrivatelinkConnection>> {
    let ip = req.user_ip_address.ok_or_else(|| {
        AppError::bad_request(
            "user_ip_address is required: give the private endpoint's IPv4 address (avn: --endpoint-ip-address).",
        )
    })?;
    let now = st.now();
    st.update_service(&path.project, &path.service, move |s| {
        let c = s
            .privatelink_mut::<AzureRecord>(PrivatelinkAction::ListConnections)?
            .connection_mut(&path.connection_id)?;
        c.state = c.state.next(ConnectionEvent::IpSet, true)?;
        c.user_ip_address = Some(ip);
        c.ip_set_ms = Some(now);
        Ok(Json(c.to_wire()))
    })
    .await
}

pub async fn azure_connection_approve(
    State(st): State<Shared>,
    AuthProject(path): AuthProject<ConnectionPath>,
    _: EmptyBody,
) -> ApiResult<Json<AzurePrivatelinkConnection>> {
    let now = st.now();
    st.update_service(&path.project, &path.service, move |s| {
        let c = s
            .privatelink_mut::<AzureRecord>(PrivatelinkAction::ListConnections)?
            .connection_mut(&path.connection_id)?;
        c.state = c
            .state
            .next(ConnectionEvent::Approved, c.user_ip_address.is_some())?;
        c.approved_ms = Some(now);
        Ok(Json(c.to_wire()))
    })
    .await
}
