//! The OpenAPI 3.0 document of every route served, at `GET /openapi.json`. Written by
//! hand (no code generator in the build) and checked by the schemathesis fuzz test.

use axum::Json;
use serde_json::{json, Value};

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn ok(schema: Value) -> Value {
    json!({
        "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
        "default": {"description": "Error", "content": {"application/json": {"schema": r("Error")}}}
    })
}

fn created(schema: Value) -> Value {
    json!({
        "201": {"description": "Created", "content": {"application/json": {"schema": schema}}},
        "default": {"description": "Error", "content": {"application/json": {"schema": r("Error")}}}
    })
}

fn params(names: &[&str]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|n| {
                // Examples from the demo data, so generated requests also reach real objects.
                let example = match *n {
                    "project" => "demo-project",
                    "service" => "demo-pg",
                    "service_type" => "pg",
                    _ => "plc00000000000",
                };
                json!({"name": n, "in": "path", "required": true, "schema": {"type": "string"}, "example": example})
            })
            .collect(),
    )
}

fn body(schema: Value) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema}}})
}

fn op(id: &str, summary: &str, path_params: &[&str], responses: Value) -> Value {
    json!({"operationId": id, "summary": summary, "parameters": params(path_params), "responses": responses})
}

fn op_body(id: &str, summary: &str, path_params: &[&str], b: Value, responses: Value) -> Value {
    let mut o = op(id, summary, path_params, responses);
    o["requestBody"] = body(b);
    o
}

fn open_security(mut o: Value) -> Value {
    o["security"] = json!([]);
    o
}

/// The document.
pub fn document() -> Value {
    let ps = ["project", "service"];
    let pc = ["project", "service", "connection_id"];
    let pl = "/v1/project/{project}/service/{service}/privatelink/azure";
    let mut paths = serde_json::Map::new();
    paths.insert("/openapi.json".into(), json!({"get": open_security(op("openapi_get", "This document", &[], json!({"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}})))}));
    paths.insert(
        "/v1/project/{project}/privatelink-availability".into(),
        json!({"get": op("availability_get", "Clouds where privatelink is available", &["project"], ok(r("PrivatelinkAvailability")))}),
    );
    paths.insert(
        "/v1/project/{project}/service/{service}".into(),
        json!({
            "get": op("service_get", "Get a service", &ps, ok(r("ServiceEnvelope"))),
            "put": op_body("service_update", "Update a service (user_config merged key by key)", &ps, r("ServiceUpdate"), ok(r("ServiceEnvelope")))
        }),
    );
    paths.insert(
        "/v1/project/{project}/service-types/{service_type}".into(),
        json!({"get": op("service_type_get", "A service type's config schema", &["project", "service_type"], ok(json!({"type": "object", "required": ["description", "user_config_schema"], "properties": {"description": {"type": "string"}, "user_config_schema": {"type": "object"}}})))}),
    );
    paths.insert(
        "/v1/project/{project}/service_types".into(),
        json!({"get": op("service_types_list", "All service types (avn <= 4.15)", &["project"], ok(json!({"type": "object", "required": ["service_types"], "properties": {"service_types": {"type": "object"}}})))}),
    );
    paths.insert(
        pl.into(),
        json!({
            "get": op("privatelink_get", "Get the Azure PrivateLink", &ps, ok(r("AzurePrivatelink"))),
            "post": op_body("privatelink_create", "Create the Azure PrivateLink", &ps, r("PrivatelinkRequest"), ok(r("AzurePrivatelink"))),
            "put": op_body("privatelink_update", "Replace the subscription allowlist", &ps, r("PrivatelinkRequest"), ok(r("AzurePrivatelink"))),
            "delete": op("privatelink_delete", "Delete the Azure PrivateLink", &ps, ok(r("AzurePrivatelink")))
        }),
    );
    paths.insert(
        format!("{pl}/refresh"),
        json!({"post": op("privatelink_refresh", "Discover endpoints created since the last refresh", &ps, ok(json!({"type": "object"})))}),
    );
    paths.insert(
        format!("{pl}/connections"),
        json!({"get": op("connections_list", "List connections", &ps, ok(r("ConnectionList")))}),
    );
    paths.insert(
        format!("{pl}/connections/{{connection_id}}"),
        json!({"put": op_body("connection_update", "Set the endpoint IP address", &pc, r("ConnectionUpdate"), ok(r("AzurePrivatelinkConnection")))}),
    );
    paths.insert(
        format!("{pl}/connections/{{connection_id}}/approve"),
        json!({"post": op("connection_approve", "Approve a pending connection", &pc, ok(r("AzurePrivatelinkConnection")))}),
    );
    paths.insert(
        "/sim/endpoints".into(),
        json!({"post": open_security(op_body("sim_endpoint_create", "Simulator: create a customer's private endpoint in Azure", &[], json!({"type": "object", "required": ["subscription_id", "resource_group", "name", "target"], "additionalProperties": false, "properties": {"subscription_id": {"type": "string"}, "resource_group": {"type": "string"}, "name": {"type": "string"}, "target": {"type": "string"}}}), created(json!({"type": "object", "required": ["private_endpoint_id", "private_ip_address"], "properties": {"private_endpoint_id": {"type": "string"}, "private_ip_address": {"type": "string"}}}))))}),
    );
    paths.insert(
        "/sim/faults".into(),
        json!({
            "post": open_security(op_body("sim_faults_create", "Test controls: fail or delay the next matching requests", &[], json!({"type": "object", "required": ["path"], "additionalProperties": false, "properties": {"path": {"type": "string"}, "method": {"type": "string"}, "count": {"type": "integer", "minimum": 0}, "status": {"type": "integer", "minimum": 400, "maximum": 599}, "delay_ms": {"type": "integer", "minimum": 0, "maximum": 600000}, "message": {"type": "string"}}}), ok(json!({"type": "object"})))),
            "delete": open_security(op("sim_faults_clear", "Test controls: remove every fault", &[], ok(json!({"type": "object"}))))
        }),
    );
    paths.insert(
        "/sim/clock/advance".into(),
        json!({"post": open_security(op_body("sim_clock_advance", "Test controls: move the manual clock", &[], json!({"type": "object", "required": ["seconds"], "additionalProperties": false, "properties": {"seconds": {"type": "number"}}}), ok(json!({"type": "object"}))))}),
    );
    paths.insert(
        "/sim/services".into(),
        json!({"post": open_security(op_body("sim_services_create", "Test controls: create a service", &[], json!({"type": "object", "required": ["project", "service_name", "service_type", "cloud_name"], "additionalProperties": false, "properties": {"project": {"type": "string"}, "service_name": {"type": "string"}, "service_type": {"type": "string"}, "cloud_name": {"type": "string"}, "project_vpc_id": {"type": "string", "nullable": true}, "static_ips": {"type": "boolean"}}}), created(json!({"type": "object", "required": ["service"], "properties": {"service": r("Service")}}))))}),
    );
    paths.insert(
        "/sim/tokens".into(),
        json!({"post": open_security(op_body("sim_tokens_create", "Test controls: create a token for some projects", &[], json!({"type": "object", "required": ["token", "projects"], "additionalProperties": false, "properties": {"token": {"type": "string"}, "projects": {"type": "array", "items": {"type": "string"}}}}), created(json!({"type": "object"}))))}),
    );

    let nullable_string = json!({"type": "string", "nullable": true});
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Aiven-compatible Azure PrivateLink API (privatelink-server)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The privatelink part of the Aiven API, with a simulated Azure side. Authenticate with `Authorization: aivenv1 <token>`."
        },
        "security": [{"aivenv1": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"aivenv1": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "aivenv1 <token>"}},
            "schemas": {
                "Error": {"type": "object", "required": ["message"], "properties": {
                    "message": {"type": "string"},
                    "errors": {"type": "array", "items": {"type": "object", "required": ["message", "status"], "properties": {
                        "message": {"type": "string"}, "status": {"type": "integer"}, "error_code": {"type": "string"}}}}}},
                "AzurePrivatelink": {"type": "object", "required": ["azure_service_alias", "azure_service_id", "state", "user_subscription_ids"], "properties": {
                    "azure_service_alias": nullable_string, "azure_service_id": nullable_string,
                    "state": {"type": "string", "enum": ["creating", "active", "deleting"]},
                    "user_subscription_ids": {"type": "array", "items": {"type": "string"}}}},
                "PrivatelinkRequest": {"type": "object", "required": ["user_subscription_ids"], "additionalProperties": false, "properties": {
                    "user_subscription_ids": {"type": "array", "maxItems": 16, "items": {"type": "string", "format": "uuid"}}}},
                "AzurePrivatelinkConnection": {"type": "object", "required": ["privatelink_connection_id", "private_endpoint_id", "state", "user_ip_address"], "properties": {
                    "privatelink_connection_id": {"type": "string", "pattern": "^plc[0-9a-f]{11}$"},
                    "private_endpoint_id": {"type": "string"},
                    "state": {"type": "string", "enum": ["pending-user-approval", "user-approved", "connected", "active"]},
                    "user_ip_address": nullable_string}},
                "ConnectionList": {"type": "object", "required": ["connections"], "properties": {"connections": {"type": "array", "items": r("AzurePrivatelinkConnection")}}},
                "ConnectionUpdate": {"type": "object", "required": ["user_ip_address"], "additionalProperties": false, "properties": {"user_ip_address": {"type": "string", "format": "ipv4"}}},
                "Component": {"type": "object", "required": ["component", "host", "port", "route"], "properties": {
                    "component": {"type": "string"}, "host": {"type": "string"}, "port": {"type": "integer"},
                    "route": {"type": "string"}, "usage": {"type": "string"}, "ssl": {"type": "boolean"},
                    "privatelink_connection_id": {"type": "string"}, "kafka_authentication_method": {"type": "string"}}},
                "Service": {"type": "object", "required": ["service_name", "service_type", "plan", "cloud_name", "project_vpc_id", "state", "user_config", "components"], "properties": {
                    "service_name": {"type": "string"}, "service_type": {"type": "string"}, "plan": {"type": "string"},
                    "cloud_name": {"type": "string"}, "project_vpc_id": nullable_string,
                    "state": {"type": "string", "enum": ["RUNNING", "REBUILDING", "POWEROFF", "REBALANCING"]},
                    "user_config": {"type": "object"}, "components": {"type": "array", "items": r("Component")},
                    "service_uri": {"type": "string"}}},
                "ServiceEnvelope": {"type": "object", "required": ["service"], "properties": {"service": r("Service")}},
                "ServiceUpdate": {"type": "object", "properties": {"plan": {"type": "string"}, "user_config": {"type": "object", "properties": {
                    "static_ips": {"type": "boolean"},
                    "privatelink_access": {"type": "object", "additionalProperties": {"type": "boolean"}}}}}},
                "PrivatelinkAvailability": {"type": "object", "required": ["privatelink_availability"], "properties": {"privatelink_availability": {"type": "array", "items": {"type": "object", "required": ["cloud_name", "price_usd"], "properties": {"cloud_name": {"type": "string"}, "price_usd": {"type": "string"}}}}}}
            }
        }
    })
}

pub async fn openapi_get() -> Json<Value> {
    Json(document())
}
