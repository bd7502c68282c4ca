//! The OpenAPI 3.0 document at `GET /openapi.json`, generated from the route table
//! ([`crate::routes::ROUTES`], handed in) that also builds the router. State enums, the allowlist
//! limit, ID patterns and service types come from the core's constants, so the document
//! cannot drift from the rules the server applies. The schemathesis fuzz test reads it.

use privatelink_core::aws_region::AwsRegion;
use privatelink_core::principal::MAX_PRINCIPALS;
use privatelink_core::roles::{permissions_text, Role};
use privatelink_core::service_types::SERVICE_TYPES;
use privatelink_core::subscription::MAX_SUBSCRIPTIONS;
use privatelink_core::wire::{ConnectionState, PrivatelinkState, Route, ServiceState};
use privatelink_core::{AwsPrincipal, ConnectionId, SubscriptionId};
use serde_json::{json, Map, Value};

use crate::faults::MAX_FAULT_DELAY_MS;
use crate::route_spec::RouteSpec;

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The wire strings of an open enum's known values.
fn names<T>(known: &[T], as_str: impl Fn(&T) -> &str) -> Value {
    known.iter().map(|v| Value::from(as_str(v))).collect()
}

/// The `{name}` parameters of a path, with examples from the demo data, so generated
/// requests also reach real objects.
fn parameters(path: &str) -> Value {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            let (example, schema) = match name {
                "project" => ("demo-project", json!({"type": "string"})),
                "service" => ("demo-pg", json!({"type": "string"})),
                "service_type" => ("pg", json!({"type": "string"})),
                "connection_id" => ("plc00000000000", connection_id_schema()),
                _ => ("x", json!({"type": "string"})),
            };
            json!({"name": name, "in": "path", "required": true, "schema": schema, "example": example})
        })
        .collect()
}

/// A string schema of one of core's ID patterns, with the examples core's own validator
/// accepts (tests check both against each other).
fn id_schema(pattern: &str, examples: &[&str]) -> Value {
    json!({"type": "string", "pattern": pattern, "example": examples[0], "x-examples": examples})
}

fn connection_id_schema() -> Value {
    id_schema(ConnectionId::PATTERN, ConnectionId::EXAMPLES)
}

fn operation(spec: &RouteSpec) -> Value {
    let (status, schema) = spec.ok;
    let description = if status == 201 { "Created" } else { "OK" };
    let mut op = json!({
        "operationId": spec.operation_id,
        "summary": spec.summary,
        "parameters": parameters(spec.path),
        "responses": {
            status.to_string(): {"description": description, "content": {"application/json": {"schema": r(schema)}}},
            "default": {"description": "Error", "content": {"application/json": {"schema": r("Error")}}}
        }
    });
    if let Some(body) = spec.body {
        op["requestBody"] =
            json!({"required": true, "content": {"application/json": {"schema": r(body)}}});
    }
    if !spec.auth {
        op["security"] = json!([]);
    }
    if !spec.permission.is_empty() {
        let any: Vec<&str> = spec.permission.iter().map(|p| p.as_str()).collect();
        op["x-required-permissions"] = json!(any);
        op["description"] = Value::from(format!(
            "Needs {} in the project (roles admin and operator have every one; developer and read_only have project:services:read only).",
            permissions_text(spec.permission)
        ));
        op["responses"]["403"] = json!({"description": "A token without the project, or a member whose role lacks the permission (error_code permission_denied)",
            "content": {"application/json": {"schema": r("Error")}}});
    }
    op
}

/// The AWS PrivateLink and Google Private Service Connect bodies (docs/multicloud.md §2).
fn multicloud_schemas() -> Value {
    let nullable_string = json!({"type": "string", "nullable": true});
    let pl_state =
        json!({"type": "string", "enum": names(PrivatelinkState::KNOWN, PrivatelinkState::as_str)});
    let conn_state =
        json!({"type": "string", "enum": names(ConnectionState::KNOWN, ConnectionState::as_str)});
    let principal = id_schema(AwsPrincipal::PATTERN, AwsPrincipal::EXAMPLES);
    let mut region = id_schema(AwsRegion::PATTERN, AwsRegion::EXAMPLES);
    region["maxLength"] = AwsRegion::MAX_LEN.into();
    json!({
        "AwsPrivatelink": {"type": "object", "required": ["aws_service_id", "aws_service_name", "principals", "state"], "properties": {
            "aws_service_id": nullable_string, "aws_service_name": nullable_string,
            "principals": {"type": "array", "minItems": 1, "maxItems": MAX_PRINCIPALS, "items": principal},
            "state": pl_state}},
        "AwsPrivatelinkRequest": {"type": "object", "additionalProperties": false, "properties": {
            "principals": {"type": "array", "nullable": true, "minItems": 1, "maxItems": MAX_PRINCIPALS, "uniqueItems": true, "items": principal},
            "supported_regions": {"type": "array", "items": region}}},
        "AwsConnection": {"type": "object", "required": ["dns_name", "state", "vpc_endpoint_id"], "properties": {
            "dns_name": {"type": "string"}, "privatelink_connection_id": connection_id_schema(),
            "state": conn_state, "vpc_endpoint_id": {"type": "string"}}},
        "AwsConnectionList": {"type": "object", "required": ["connections"], "properties": {"connections": {"type": "array", "items": r("AwsConnection")}}},
        "GooglePrivatelink": {"type": "object", "required": ["google_service_attachment", "state"], "properties": {
            "google_service_attachment": nullable_string, "state": pl_state}},
        "GoogleConnection": {"type": "object", "required": ["privatelink_connection_id", "psc_connection_id", "state", "user_ip_address"], "properties": {
            "privatelink_connection_id": connection_id_schema(), "psc_connection_id": {"type": "string"},
            "state": conn_state, "user_ip_address": nullable_string}},
        "GoogleConnectionList": {"type": "object", "required": ["connections"], "properties": {"connections": {"type": "array", "items": r("GoogleConnection")}}},
        "GoogleApproveRequest": {"type": "object", "required": ["user_ip_address"], "additionalProperties": false, "properties": {
            "user_ip_address": {"type": "string", "format": "ipv4"}}},
        "SimVpcEndpointRequest": {"type": "object", "required": ["principal", "name", "service_name"], "additionalProperties": false, "properties": {
            "principal": principal, "name": {"type": "string"}, "service_name": {"type": "string"}}},
        "SimVpcEndpointCreated": {"type": "object", "required": ["vpc_endpoint_id", "dns_name"], "properties": {
            "vpc_endpoint_id": {"type": "string"}, "dns_name": {"type": "string"}}},
        "SimPscEndpointRequest": {"type": "object", "required": ["project_id", "name", "service_attachment"], "additionalProperties": false, "properties": {
            "project_id": {"type": "string"}, "name": {"type": "string"}, "service_attachment": {"type": "string"}}},
        "SimPscEndpointCreated": {"type": "object", "required": ["psc_connection_id", "ip_address"], "properties": {
            "psc_connection_id": {"type": "string"}, "ip_address": {"type": "string"}}}
    })
}

fn schemas() -> Value {
    let mut all = azure_and_shared_schemas();
    if let (Some(all), Value::Object(more)) = (all.as_object_mut(), multicloud_schemas()) {
        all.extend(more);
    }
    all
}

fn azure_and_shared_schemas() -> Value {
    let nullable_string = json!({"type": "string", "nullable": true});
    let subscription_id = id_schema(SubscriptionId::PATTERN, SubscriptionId::EXAMPLES);
    let service_types: Vec<&str> = SERVICE_TYPES.iter().map(|t| t.name).collect();
    let type_entry = json!({"type": "object", "required": ["description", "user_config_schema"], "properties": {
        "description": {"type": "string"}, "user_config_schema": {"type": "object"}}});
    let all_types: Map<String, Value> = SERVICE_TYPES
        .iter()
        .map(|t| (t.name.to_owned(), type_entry.clone()))
        .collect();
    json!({
        "Error": {"type": "object", "required": ["message"], "properties": {
            "message": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "object", "required": ["message", "status"], "properties": {
                "message": {"type": "string"}, "status": {"type": "integer"}, "error_code": {"type": "string"}}}}}},
        "Object": {"type": "object"},
        "AzurePrivatelink": {"type": "object", "required": ["azure_service_alias", "azure_service_id", "state", "user_subscription_ids"], "properties": {
            "azure_service_alias": nullable_string, "azure_service_id": nullable_string,
            "state": {"type": "string", "enum": names(PrivatelinkState::KNOWN, PrivatelinkState::as_str)},
            "user_subscription_ids": {"type": "array", "items": subscription_id}}},
        "PrivatelinkRequest": {"type": "object", "required": ["user_subscription_ids"], "additionalProperties": false, "properties": {
            "user_subscription_ids": {"type": "array", "maxItems": MAX_SUBSCRIPTIONS, "uniqueItems": true, "items": subscription_id}}},
        "AzurePrivatelinkConnection": {"type": "object", "required": ["privatelink_connection_id", "private_endpoint_id", "state", "user_ip_address"], "properties": {
            "privatelink_connection_id": connection_id_schema(),
            "private_endpoint_id": {"type": "string"},
            "state": {"type": "string", "enum": names(ConnectionState::KNOWN, ConnectionState::as_str)},
            "user_ip_address": nullable_string}},
        "ConnectionList": {"type": "object", "required": ["connections"], "properties": {"connections": {"type": "array", "items": r("AzurePrivatelinkConnection")}}},
        "ConnectionUpdate": {"type": "object", "required": ["user_ip_address"], "additionalProperties": false, "properties": {"user_ip_address": {"type": "string", "format": "ipv4"}}},
        "Component": {"type": "object", "required": ["component", "host", "port", "route"], "properties": {
            "component": {"type": "string"}, "host": {"type": "string"}, "port": {"type": "integer"},
            "route": {"type": "string", "enum": names(Route::KNOWN, Route::as_str)}, "usage": {"type": "string"}, "ssl": {"type": "boolean"},
            "privatelink_connection_id": connection_id_schema(), "kafka_authentication_method": {"type": "string"}}},
        "Service": {"type": "object", "required": ["service_name", "service_type", "plan", "cloud_name", "project_vpc_id", "state", "user_config", "components"], "properties": {
            "service_name": {"type": "string"}, "service_type": {"type": "string"}, "plan": {"type": "string"},
            "cloud_name": {"type": "string"}, "project_vpc_id": nullable_string,
            "state": {"type": "string", "enum": names(ServiceState::KNOWN, ServiceState::as_str)},
            "user_config": {"type": "object"}, "components": {"type": "array", "items": r("Component")},
            "service_uri": {"type": "string"}, "create_time": {"type": "string", "format": "date-time"},
            "update_time": {"type": "string", "format": "date-time"}}},
        "ServiceList": {"type": "object", "required": ["services"], "properties": {"services": {"type": "array", "items": r("Service")}}},
        "ServiceEnvelope": {"type": "object", "required": ["service"], "properties": {"service": r("Service")}},
        "ServiceUpdate": {"type": "object", "properties": {"plan": {"type": "string"}, "user_config": {"type": "object", "properties": {
            "static_ips": {"type": "boolean"},
            "privatelink_access": {"type": "object", "additionalProperties": {"type": "boolean"}}}}}},
        "ServiceTypeSchema": type_entry,
        "ServiceTypes": {"type": "object", "required": ["service_types"], "properties": {"service_types": {
            "type": "object", "required": service_types, "properties": all_types}}},
        "PrivatelinkAvailability": {"type": "object", "required": ["privatelink_availability"], "properties": {"privatelink_availability": {"type": "array", "items": {"type": "object", "required": ["cloud_name", "price_usd"], "properties": {"cloud_name": {"type": "string"}, "price_usd": {"type": "string"}}}}}},
        "SimEndpointRequest": {"type": "object", "required": ["subscription_id", "resource_group", "name", "target"], "additionalProperties": false, "properties": {
            "subscription_id": {"type": "string"}, "resource_group": {"type": "string"}, "name": {"type": "string"}, "target": {"type": "string"}}},
        "SimEndpointCreated": {"type": "object", "required": ["private_endpoint_id", "private_ip_address"], "properties": {
            "private_endpoint_id": {"type": "string"}, "private_ip_address": {"type": "string"}}},
        "SimFault": {"type": "object", "required": ["path"], "additionalProperties": false, "properties": {
            "path": {"type": "string"}, "method": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "delay_ms": {"type": "integer", "minimum": 0, "maximum": MAX_FAULT_DELAY_MS}, "message": {"type": "string"}}},
        "SimClockAdvance": {"type": "object", "required": ["seconds"], "additionalProperties": false, "properties": {"seconds": {"type": "number"}}},
        "SimNewService": {"type": "object", "required": ["project", "service_name", "service_type", "cloud_name"], "additionalProperties": false, "properties": {
            "project": {"type": "string"}, "service_name": {"type": "string"},
            "service_type": {"type": "string", "enum": service_types}, "cloud_name": {"type": "string"},
            "project_vpc_id": nullable_string, "static_ips": {"type": "boolean"}}},
        "SimServiceCreated": {"type": "object", "required": ["service"], "properties": {"service": r("Service")}},
        "SimNewToken": {"type": "object", "required": ["token", "projects"], "additionalProperties": false, "properties": {
            "token": {"type": "string"}, "projects": {"type": "array", "items": {"type": "string"}},
            "role": {"type": "string", "enum": Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>()}}}
    })
}

/// The document of `routes`.
pub fn document(routes: &[RouteSpec]) -> Value {
    let mut paths = Map::new();
    for spec in routes {
        let item = paths
            .entry(spec.path)
            .or_insert_with(|| Value::Object(Map::new()));
        item[spec.verb.as_str()] = operation(spec);
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Aiven-compatible privatelink API: Azure, AWS, Google (privatelink-server)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The privatelink part of the Aiven API (Azure PrivateLink, AWS PrivateLink, Google Private Service Connect), with the clouds simulated. Authenticate with `Authorization: aivenv1 <token>`."
        },
        "security": [{"aivenv1": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"aivenv1": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "aivenv1 <token>"}},
            "schemas": schemas()
        }
    })
}
