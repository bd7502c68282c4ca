//! Service endpoints as far as privatelink needs them (wire-contract.md §3): get, update
//! with `user_config` merged key by key, the config schema avn fetches before an update,
//! and privatelink availability.

use axum::extract::State;
use axum::Json;
use privatelink_core::access::{privatelink_access_keys, validate_privatelink_access};
use privatelink_core::wire::{
    PrivatelinkAvailability, PrivatelinkAvailabilityItem, ServiceEnvelope, ServiceUpdateRequest,
};
use serde_json::{json, Map, Value};

use super::{authorize, authorize_first, load};
use crate::error::{ApiResult, AppError};
use crate::extract::{Body, Token, P};
use crate::Shared;

/// Service types this server knows, with their descriptions.
const TYPES: &[(&str, &str)] = &[
    (
        "pg",
        "PostgreSQL - Object-Relational Database Management System",
    ),
    (
        "kafka",
        "Apache Kafka - High-Throughput Distributed Messaging System",
    ),
    (
        "kafka_connect",
        "Apache Kafka Connect - Scalable and reliable data streaming",
    ),
    ("mysql", "MySQL - Relational Database Management System"),
    (
        "opensearch",
        "OpenSearch - Search & Analyze Data in Real Time",
    ),
    ("clickhouse", "ClickHouse - Column-oriented data warehouse"),
    ("valkey", "Valkey - In-memory data store"),
    ("dragonfly", "Dragonfly - In-memory data store"),
    ("flink", "Apache Flink - Stream processing"),
    ("grafana", "Grafana - Metrics Dashboard"),
    ("thanos", "Thanos - Metrics storage"),
];

pub async fn service_get(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service)): P<(String, String)>,
) -> ApiResult<Json<ServiceEnvelope>> {
    st.store.tx(|tx| {
        authorize(tx, &token, &project)?;
        let s = load(&st, tx, &project, &service)?;
        Ok(Json(ServiceEnvelope {
            service: s.to_wire(),
        }))
    })
}

pub async fn service_update(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service)): P<(String, String)>,
    body: Body,
) -> ApiResult<Json<ServiceEnvelope>> {
    authorize_first(&st, &token, &project)?;
    let req: ServiceUpdateRequest = body.json()?;
    let now = st.now();
    st.store.tx(|tx| {
        authorize(tx, &token, &project)?;
        let mut s = load(&st, tx, &project, &service)?;
        if let Some(plan) = req.plan {
            if plan.trim().is_empty() {
                return Err(AppError::bad_request("plan must not be empty."));
            }
            s.plan = plan;
        }
        let mut rebuild = false;
        for (key, value) in req.user_config.unwrap_or_default() {
            match key.as_str() {
                "privatelink_access" => {
                    let changes = validate_privatelink_access(&s.service_type, &value)
                        .map_err(|e| AppError::bad_request(e.to_string()))?;
                    let current = s.privatelink_access();
                    let stored = s
                        .user_config
                        .entry("privatelink_access")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if !stored.is_object() {
                        *stored = Value::Object(Map::new());
                    }
                    for (k, v) in changes {
                        rebuild |= current.get(&k).copied().unwrap_or(false) != v;
                        if let Some(obj) = stored.as_object_mut() {
                            obj.insert(k, Value::Bool(v));
                        }
                    }
                }
                "static_ips" => {
                    let b = value
                        .as_bool()
                        .ok_or_else(|| AppError::bad_request("static_ips must be true or false."))?;
                    s.user_config.insert(key, Value::Bool(b));
                }
                _ => {
                    return Err(AppError::bad_request(format!(
                        "user_config.{key} is not a setting this server supports (privatelink_access, static_ips)."
                    )))
                }
            }
        }
        if rebuild {
            // The real service rebuilds its load-balancer rules for the new ports.
            s.rebuild_until_ms = Some(now + st.delays.rebuild_ms);
        }
        tx.put_service(&s)?;
        Ok(Json(ServiceEnvelope {
            service: s.to_wire(),
        }))
    })
}

/// The user_config schema avn checks `-c key=value` against.
fn schema(service_type: &str) -> Option<Value> {
    let keys = privatelink_access_keys(service_type)?;
    let access: Map<String, Value> = keys
        .iter()
        .map(|k| {
            (
                (*k).to_owned(),
                json!({"type": "boolean", "title": format!("Enable {k}")}),
            )
        })
        .collect();
    Some(json!({
        "type": "object",
        "properties": {
            "static_ips": {"type": "boolean", "title": "Static IP addresses"},
            "privatelink_access": {
                "type": "object",
                "title": "Allow access to selected service components through Privatelink",
                "properties": access
            }
        }
    }))
}

pub async fn service_type_get(
    State(st): State<Shared>,
    Token(token): Token,
    P((project, service_type)): P<(String, String)>,
) -> ApiResult<Json<Value>> {
    st.store.tx(|tx| authorize(tx, &token, &project))?;
    let (_, description) = TYPES
        .iter()
        .find(|(t, _)| *t == service_type)
        .ok_or_else(|| {
            AppError::not_found(format!("Service type {service_type} does not exist"))
        })?;
    Ok(Json(json!({
        "description": description,
        "user_config_schema": schema(&service_type),
    })))
}

pub async fn service_types_list(
    State(st): State<Shared>,
    Token(token): Token,
    P(project): P<String>,
) -> ApiResult<Json<Value>> {
    st.store.tx(|tx| authorize(tx, &token, &project))?;
    let types: Map<String, Value> = TYPES
        .iter()
        .map(|(t, d)| {
            (
                (*t).to_owned(),
                json!({"description": d, "user_config_schema": schema(t), "service_plans": []}),
            )
        })
        .collect();
    Ok(Json(json!({ "service_types": types })))
}

pub async fn availability_get(
    State(st): State<Shared>,
    Token(token): Token,
    P(project): P<String>,
) -> ApiResult<Json<PrivatelinkAvailability>> {
    st.store.tx(|tx| authorize(tx, &token, &project))?;
    let clouds = [
        "azure-eastus",
        "azure-westeurope",
        "azure-northeurope",
        "azure-westus2",
    ];
    Ok(Json(PrivatelinkAvailability {
        privatelink_availability: clouds
            .iter()
            .map(|c| PrivatelinkAvailabilityItem {
                cloud_name: (*c).to_owned(),
                price_usd: "0.0600".to_owned(),
            })
            .collect(),
    }))
}
