//! The Google Private Service Connect endpoints (docs/multicloud.md §2.2): create (an empty body
//! or `{}`: Go clients send the one, avn the other), get, delete, refresh (discovers the
//! customers' PSC endpoints), the connections list, and approve with the endpoint's IP in
//! one call. Every route first checks the service is in a Google cloud.

use axum::extract::State;
use axum::Json;
use privatelink_core::state::ConnectionEvent;
use privatelink_core::wire::{GoogleApproveRequest, GoogleConnection, GooglePrivatelink};
use privatelink_core::{Cloud, ConnectionAction, PrivatelinkAction};

use crate::error::{ApiResult, AppError};
use crate::extract::{AuthProject, ConnectionPath, EmptyBody, JsonBody, ServicePath};
use crate::model::google::GoogleRecord;
use crate::{random_u64, Shared};

pub async fn google_create(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    _: EmptyBody,
) -> ApiResult<Json<GooglePrivatelink>> {
    let now = st.now();
    st.update_service(&project, &service, move |s| {
        let g = s.create(|region| GoogleRecord::new(region, now, random_u64()))?;
        Ok(Json(g.to_wire()))
    })
    .await
}

pub async fn google_connection_approve(
    State(st): State<Shared>,
    AuthProject(path): AuthProject<ConnectionPath>,
    JsonBody(req): JsonBody<GoogleApproveRequest>,
) -> ApiResult<Json<GoogleConnection>> {
    let ip = req.user_ip_address.ok_or_else(|| {
        AppError::bad_request(
            "user_ip_address is required: give the IPv4 address of your Private Service Connect endpoint (avn: --user-ip-address).",
        )
    })?;
    let now = st.now();
    st.update_service(&path.project, &path.service, move |s| {
        let name = s.service_name.clone();
        let c = s
            .privatelink_mut::<GoogleRecord>(PrivatelinkAction::ListConnections)?
            .connection_mut(&path.connection_id)?;
        ConnectionAction::Approve
            .check(Cloud::Google, &c.state)
            .map_err(|e| AppError::refused(&name, e))?;
        c.state = c.state.next(ConnectionEvent::Approved, true)?;
        c.user_ip_address = Some(ip);
        c.approved_ms = Some(now);
        Ok(Json(c.to_wire()))
    })
    .await
}
