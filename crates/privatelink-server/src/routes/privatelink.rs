//! The privatelink routes that are the same on every cloud, written once as generic
//! handlers over the cloud's record ([`CloudRecord`]): get, delete, the connections list,
//! and refresh where the cloud's endpoints are found by one. The route table instantiates
//! them per cloud (`get::<AzureRecord>`, …); the rest of each cloud's routes (create,
//! update, AWS's refresh, the connection actions) take its own body and are in its own
//! file.

use axum::extract::State;
use axum::Json;
use privatelink_core::{Cloud, ConnectionId, PrivatelinkAction};
use serde_json::{json, Value};

use crate::cache::{Answer, JsonBytes};
use crate::error::ApiResult;
use crate::extract::{AuthProject, EmptyBody, ServicePath};
use crate::model::{begin_delete, Discovers, Stored};
use crate::{random_u64, Shared};

/// The read cache's keys of a cloud's two answers (its privatelink, its connections).
fn answers(cloud: Cloud) -> (Answer, Answer) {
    match cloud {
        Cloud::Azure => (Answer::Privatelink, Answer::Connections),
        Cloud::Aws => (Answer::AwsPrivatelink, Answer::AwsConnections),
        Cloud::Google => (Answer::GooglePrivatelink, Answer::GoogleConnections),
    }
}

/// `GET …/privatelink/{cloud}`: 404 naming the service when it has none.
pub async fn get<R: Stored>(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
) -> ApiResult<JsonBytes> {
    let v = st.view_service(&project, &service).await?;
    v.answer(answers(R::CLOUD).0, |s| {
        Ok(s.privatelink::<R>(PrivatelinkAction::Get)?.wire())
    })
}

/// `DELETE …/privatelink/{cloud}`: `deleting` now, gone (404) once the cloud is done.
pub async fn delete<R: Stored>(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
) -> ApiResult<Json<R::Wire>> {
    let now = st.now();
    st.update_service(&project, &service, move |s| {
        let pl = s.privatelink_mut::<R>(PrivatelinkAction::Delete)?;
        begin_delete(pl, now)?;
        Ok(Json(pl.wire()))
    })
    .await
}

/// `POST …/privatelink/{cloud}/refresh` on a cloud whose new endpoints Aiven finds only so
/// (Azure, Google): the endpoints created until now become `pending-user-approval`
/// connections.
pub async fn refresh<R: Stored + Discovers>(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    _: EmptyBody,
) -> ApiResult<Json<Value>> {
    let now = st.now();
    st.update_service(&project, &service, move |s| {
        s.privatelink_mut::<R>(PrivatelinkAction::Refresh)?
            .discover(now, &mut || ConnectionId::from_bits(random_u64()));
        Ok(Json(json!({})))
    })
    .await
}

/// `GET …/privatelink/{cloud}/connections`: once the privatelink is active.
pub async fn connections_list<R: Stored>(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
) -> ApiResult<JsonBytes> {
    let v = st.view_service(&project, &service).await?;
    v.answer(answers(R::CLOUD).1, |s| {
        Ok(s.privatelink::<R>(PrivatelinkAction::ListConnections)?
            .list())
    })
}
