//! The Google Private Service Connect endpoints (multicloud.md §2.2): create (an empty body
//! or `{}`: Go clients send the one, avn the other), get, delete, refresh (discovers the
//! customers' PSC endpoints), the connections list, and approve with the endpoint's IP in
//! one call. Every route first checks the service is in a Google cloud.

use axum::extract::State;
use axum::Json;
use privatelink_core::preflight::preflight_error_for;
use privatelink_core::state::ConnectionEvent;
use privatelink_core::wire::{
    GoogleApproveRequest, GoogleConnection, GoogleConnectionList, GooglePrivatelink,
};
use privatelink_core::{Cloud, ConnectionAction, ConnectionId, PrivatelinkAction};
use serde_json::{json, Value};

use crate::cache::{Answer, JsonBytes};
use crate::error::{ApiResult, AppError};
use crate::extract::{AuthProject, ConnectionPath, EmptyBody, JsonBody, ServicePath};
use crate::google::{GoogleConnectionRecord, GoogleRecord};
use crate::model::begin_delete;
use crate::{random_u64, Shared};

pub async fn google_create(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    _: EmptyBody,
) -> ApiResult<Json<GooglePrivatelink>> {
    let now = st.now();
    st.update_service(&project, &service, move |s| {
        s.require_cloud(Cloud::Google)?;
        PrivatelinkAction::Create
            .check(s.google.as_ref().map(|p| &p.state))
            .map_err(|e| AppError::refused_on(Cloud::Google, &s.service_name, e))?;
        preflight_error_for(Cloud::Google, &s.preflight_view()).map_err(AppError::conflict)?;
        let region = s
            .cloud_name
            .strip_prefix("google-")
            .unwrap_or(&s.cloud_name)
            .to_owned();
        let record = GoogleRecord::new(&region, now, random_u64())?;
        let out = record.to_wire();
        s.google = Some(record);
        Ok(Json(out))
    })
    .await
}

pub async fn google_get(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
) -> ApiResult<JsonBytes> {
    let v = st.view_service(&project, &service).await?;
    v.answer(Answer::GooglePrivatelink, |s| {
        Ok(s.google_shown()?.to_wire())
    })
}

pub async fn google_delete(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
) -> ApiResult<Json<GooglePrivatelink>> {
    let now = st.now();
    st.update_service(&project, &service, move |s| {
        let g = s.google_for(PrivatelinkAction::Delete)?;
        begin_delete(&mut g.state, &mut g.state_since_ms, now)?;
        Ok(Json(g.to_wire()))
    })
    .await
}

pub async fn google_refresh(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    _: EmptyBody,
) -> ApiResult<Json<Value>> {
    let now = st.now();
    st.update_service(&project, &service, move |s| {
        s.google_for(PrivatelinkAction::Refresh)?
            .refresh(now, || ConnectionId::from_bits(random_u64()));
        Ok(Json(json!({})))
    })
    .await
}

pub async fn google_connections_list(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
) -> ApiResult<JsonBytes> {
    let v = st.view_service(&project, &service).await?;
    v.answer(Answer::GoogleConnections, |s| {
        let g = s.google_to_read(PrivatelinkAction::ListConnections)?;
        Ok(GoogleConnectionList {
            connections: g
                .connections
                .iter()
                .map(GoogleConnectionRecord::to_wire)
                .collect(),
        })
    })
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
            .google_for(PrivatelinkAction::ListConnections)?
            .connection_mut(&path.connection_id)?;
        ConnectionAction::Approve
            .check_on(Cloud::Google, &c.state)
            .map_err(|e| AppError::refused_on(Cloud::Google, &name, e))?;
        c.state = c.state.next(ConnectionEvent::Approved, true)?;
        c.user_ip_address = Some(ip);
        c.approved_ms = Some(now);
        Ok(Json(c.to_wire()))
    })
    .await
}
