//! The HTTP routes: the Aiven API under `/v1`, the simulator under `/sim`, and the OpenAPI
//! document. Handlers are named `<resource>_<verb>` and take every rule from the core.

mod privatelink;
mod service;
mod sim;

use axum::routing::{get, post, put};
use axum::Router;

use crate::error::{ApiResult, AppError};
use crate::model::ServiceRecord;
use crate::store::Tx;
use crate::{AppState, Shared};

const PL: &str = "/v1/project/{project}/service/{service}/privatelink/azure";

pub fn router() -> Router<Shared> {
    Router::new()
        .route("/openapi.json", get(crate::openapi::openapi_get))
        .route(
            "/v1/project/{project}/privatelink-availability",
            get(service::availability_get),
        )
        .route(
            "/v1/project/{project}/service/{service}",
            get(service::service_get).put(service::service_update),
        )
        .route(
            "/v1/project/{project}/service-types/{service_type}",
            get(service::service_type_get),
        )
        .route(
            "/v1/project/{project}/service_types",
            get(service::service_types_list),
        )
        .route(
            PL,
            get(privatelink::privatelink_get)
                .post(privatelink::privatelink_create)
                .put(privatelink::privatelink_update)
                .delete(privatelink::privatelink_delete),
        )
        .route(
            &format!("{PL}/refresh"),
            post(privatelink::privatelink_refresh),
        )
        .route(
            &format!("{PL}/connections"),
            get(privatelink::connections_list),
        )
        .route(
            &format!("{PL}/connections/{{connection_id}}"),
            put(privatelink::connection_update),
        )
        .route(
            &format!("{PL}/connections/{{connection_id}}/approve"),
            post(privatelink::connection_approve),
        )
        .route("/sim/endpoints", post(sim::endpoint_create))
        .route(
            "/sim/faults",
            post(sim::faults_create).delete(sim::faults_clear),
        )
        .route("/sim/clock/advance", post(sim::clock_advance))
        .route("/sim/services", post(sim::services_create))
        .route("/sim/tokens", post(sim::tokens_create))
}

/// 401 for an unknown token, 403 for a token without access to the project.
fn authorize(tx: &Tx<'_>, token: &str, project: &str) -> ApiResult<()> {
    let projects = tx.token_projects(token)?.ok_or_else(|| {
        AppError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "Invalid token: sign in again or create a new token.",
        )
    })?;
    if projects.iter().any(|p| p == project) {
        Ok(())
    } else {
        Err(AppError::new(
            axum::http::StatusCode::FORBIDDEN,
            format!("This token lacks service:configuration:write on project {project}."),
        ))
    }
}

/// Authorises before the body is read, so a bad token is a 401 (and a foreign project a 403)
/// whatever the body holds; the handler's own transaction checks again under the lock.
fn authorize_first(state: &AppState, token: &str, project: &str) -> ApiResult<()> {
    state.store.tx(|tx| authorize(tx, token, project))
}

/// The service, brought up to "now" by the simulated Azure side; 404 when unknown.
fn load(state: &AppState, tx: &Tx<'_>, project: &str, service: &str) -> ApiResult<ServiceRecord> {
    let mut s = tx
        .service(project, service)?
        .ok_or_else(|| AppError::service_not_found(service))?;
    s.advance(state.now(), &state.delays);
    Ok(s)
}
