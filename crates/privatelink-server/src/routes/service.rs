//! Service endpoints as far as privatelink needs them (docs/wire-contract.md §3): get, update
//! with `user_config` merged key by key, the config schema avn fetches before an update
//! (from the core's table of service types), and privatelink availability.

use axum::extract::State;
use axum::Json;
use privatelink_core::service_types::{service_type, ServiceType, SERVICE_TYPES};
use privatelink_core::wire::{
    PrivatelinkAvailability, PrivatelinkAvailabilityItem, ServiceEnvelope, ServiceList,
    ServiceUpdateRequest,
};
use serde_json::{json, Map, Value};

use crate::cache::{Answer, JsonBytes};
use crate::error::{ApiResult, AppError};
use crate::extract::{AuthProject, JsonBody, ProjectPath, ServicePath, ServiceTypePath};
use crate::Shared;

pub async fn service_get(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
) -> ApiResult<JsonBytes> {
    let v = st.view_service(&project, &service).await?;
    v.answer(Answer::Service, |s| {
        Ok(ServiceEnvelope {
            service: s.to_wire(),
        })
    })
}

/// `GET /v1/project/{project}/service`: every service of the project, each as
/// `service_get` shows it (avn's `service list`).
pub async fn service_list(
    State(st): State<Shared>,
    AuthProject(ProjectPath { project }): AuthProject<ProjectPath>,
) -> ApiResult<Json<ServiceList>> {
    let (now, delays) = (st.now(), st.delays);
    let services = st
        .store
        .read(move |tx| {
            Ok(tx
                .services_of(&project)?
                .into_iter()
                .map(|mut s| {
                    s.advance(now, &delays);
                    s.to_wire()
                })
                .collect())
        })
        .await?;
    Ok(Json(ServiceList { services }))
}

pub async fn service_update(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    JsonBody(req): JsonBody<ServiceUpdateRequest>,
) -> ApiResult<Json<ServiceEnvelope>> {
    let now = st.now();
    let rebuild_until = now.saturating_add(st.delays.rebuild_ms);
    st.update_service(&project, &service, move |s| {
        s.updated_ms = Some(now);
        if let Some(plan) = req.plan {
            if plan.trim().is_empty() {
                return Err(AppError::bad_request("plan must not be empty."));
            }
            s.plan = plan;
        }
        if s.merge_user_config(req.user_config.unwrap_or_default())? {
            // The real service rebuilds its load-balancer rules for the new ports.
            s.rebuild_until_ms = Some(rebuild_until);
        }
        Ok(Json(ServiceEnvelope {
            service: s.to_wire(),
        }))
    })
    .await
}

/// The user_config schema avn checks `-c key=value` against.
fn schema(t: &ServiceType) -> Value {
    let access: Map<String, Value> = t
        .components
        .iter()
        .map(|k| {
            (
                (*k).to_owned(),
                json!({"type": "boolean", "title": format!("Enable {k}")}),
            )
        })
        .collect();
    json!({
        "type": "object",
        "properties": {
            "static_ips": {"type": "boolean", "title": "Static IP addresses"},
            "privatelink_access": {
                "type": "object",
                "title": "Allow access to selected service components through Privatelink",
                "properties": access
            }
        }
    })
}

pub async fn service_type_get(
    AuthProject(ServiceTypePath {
        service_type: name, ..
    }): AuthProject<ServiceTypePath>,
) -> ApiResult<Json<Value>> {
    let t = service_type(&name)
        .ok_or_else(|| AppError::not_found(format!("Service type {name} does not exist")))?;
    Ok(Json(json!({
        "description": t.description,
        "user_config_schema": schema(t),
    })))
}

pub async fn service_types_list(_: AuthProject) -> Json<Value> {
    let types: Map<String, Value> = SERVICE_TYPES
        .iter()
        .map(|t| {
            (
                t.name.to_owned(),
                json!({"description": t.description, "user_config_schema": schema(t), "service_plans": []}),
            )
        })
        .collect();
    Json(json!({ "service_types": types }))
}

/// Azure clouds where the simulated privatelink can be bought.
pub const AZURE_CLOUDS: &[&str] = &[
    "azure-eastus",
    "azure-westeurope",
    "azure-northeurope",
    "azure-westus2",
];

/// AWS and Google clouds where it can be bought (Aiven's documentation lists AWS and
/// Azure regions at the same price; whether Google's are listed is unconfirmed, and this
/// server lists them so a client can find them).
pub const OTHER_CLOUDS: &[&str] = &[
    "aws-us-east-1",
    "aws-eu-west-1",
    "google-europe-west1",
    "google-us-central1",
];

pub async fn availability_get(_: AuthProject) -> Json<PrivatelinkAvailability> {
    Json(PrivatelinkAvailability {
        privatelink_availability: AZURE_CLOUDS
            .iter()
            .chain(OTHER_CLOUDS)
            .map(|c| PrivatelinkAvailabilityItem {
                cloud_name: (*c).to_owned(),
                price_usd: "0.0600".to_owned(),
            })
            .collect(),
    })
}
