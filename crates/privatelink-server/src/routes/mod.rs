//! The HTTP routes, written once in [`ROUTES`]: the Aiven API under `/v1` (the privatelink
//! of each cloud: Azure, AWS, Google), the simulator
//! under `/sim`, and the OpenAPI document. The axum router and `/openapi.json` are both
//! built from that table, so a route cannot be served undocumented or documented unserved.
//! Handlers are named `<resource>_<verb>` and take every rule from the core.

mod aws;
mod azure;
pub mod bench;
mod google;
mod privatelink;
mod service;
pub mod sim;

use axum::routing::on;
use axum::{Json, Router};
use serde_json::Value;

use privatelink_core::roles::Permission;

pub use crate::route_spec::{RouteSpec, Served, Verb};

use crate::model::aws::AwsRecord;
use crate::model::azure::AzureRecord;
use crate::model::google::GoogleRecord;
pub use service::AZURE_CLOUDS;

use crate::Shared;

/// `GET /openapi.json`: the document of [`ROUTES`]. A plain `fn` returning a ready future:
/// an `async fn` here would make the table's type depend on itself.
fn openapi_get() -> std::future::Ready<Json<Value>> {
    std::future::ready(Json(crate::openapi::document(ROUTES)))
}

/// A path under the privatelink prefix (`concat!` takes literals only, so a macro).
macro_rules! pl {
    ($rest:literal) => {
        concat!(
            "/v1/project/{project}/service/{service}/privatelink/azure",
            $rest
        )
    };
}

const PL: &str = pl!("");

macro_rules! aws {
    ($rest:literal) => {
        concat!(
            "/v1/project/{project}/service/{service}/privatelink/aws",
            $rest
        )
    };
}

macro_rules! gcp {
    ($rest:literal) => {
        concat!(
            "/v1/project/{project}/service/{service}/privatelink/google",
            $rest
        )
    };
}

/// What a privatelink operation needs, on every cloud (reads included).
const SCW: &[Permission] = &[Permission::ServiceConfigurationWrite];
/// Reading a service, its types and the availability.
const PSR: &[Permission] = &[Permission::ProjectServicesRead];
/// Changing a service (`privatelink_access`).
const PSW_OR_SCW: &[Permission] = &[
    Permission::ProjectServicesWrite,
    Permission::ServiceConfigurationWrite,
];

/// Every route served.
pub const ROUTES: &[RouteSpec] = &[
    RouteSpec {
        verb: Verb::Get,
        path: "/openapi.json",
        operation_id: "openapi_get",
        summary: "This document",
        auth: false,
        body: None,
        ok: (200, "Object"),
        permission: &[],
        handler: |m| on(m, openapi_get),
    },
    RouteSpec {
        verb: Verb::Get,
        path: "/v1/project/{project}/privatelink-availability",
        operation_id: "availability_get",
        summary: "Clouds where privatelink is available",
        auth: true,
        body: None,
        ok: (200, "PrivatelinkAvailability"),
        permission: PSR,
        handler: |m| on(m, service::availability_get),
    },
    RouteSpec {
        verb: Verb::Get,
        path: "/v1/project/{project}/service",
        operation_id: "service_list",
        summary: "List the project's services",
        auth: true,
        body: None,
        ok: (200, "ServiceList"),
        permission: PSR,
        handler: |m| on(m, service::service_list),
    },
    RouteSpec {
        verb: Verb::Get,
        path: "/v1/project/{project}/service/{service}",
        operation_id: "service_get",
        summary: "Get a service",
        auth: true,
        body: None,
        ok: (200, "ServiceEnvelope"),
        permission: PSR,
        handler: |m| on(m, service::service_get),
    },
    RouteSpec {
        verb: Verb::Put,
        path: "/v1/project/{project}/service/{service}",
        operation_id: "service_update",
        summary: "Update a service (user_config merged key by key)",
        auth: true,
        body: Some("ServiceUpdate"),
        ok: (200, "ServiceEnvelope"),
        permission: PSW_OR_SCW,
        handler: |m| on(m, service::service_update),
    },
    RouteSpec {
        verb: Verb::Get,
        path: "/v1/project/{project}/service-types/{service_type}",
        operation_id: "service_type_get",
        summary: "A service type's config schema",
        auth: true,
        body: None,
        ok: (200, "ServiceTypeSchema"),
        permission: PSR,
        handler: |m| on(m, service::service_type_get),
    },
    RouteSpec {
        verb: Verb::Get,
        path: "/v1/project/{project}/service_types",
        operation_id: "service_types_list",
        summary: "All service types (avn <= 4.15)",
        auth: true,
        body: None,
        ok: (200, "ServiceTypes"),
        permission: PSR,
        handler: |m| on(m, service::service_types_list),
    },
    RouteSpec {
        verb: Verb::Get,
        path: PL,
        operation_id: "privatelink_get",
        summary: "Get the Azure PrivateLink",
        auth: true,
        body: None,
        ok: (200, "AzurePrivatelink"),
        permission: SCW,
        handler: |m| on(m, privatelink::get::<AzureRecord>),
    },
    RouteSpec {
        verb: Verb::Post,
        path: PL,
        operation_id: "privatelink_create",
        summary: "Create the Azure PrivateLink",
        auth: true,
        body: Some("PrivatelinkRequest"),
        ok: (200, "AzurePrivatelink"),
        permission: SCW,
        handler: |m| on(m, azure::azure_create),
    },
    RouteSpec {
        verb: Verb::Put,
        path: PL,
        operation_id: "privatelink_update",
        summary: "Replace the subscription allowlist",
        auth: true,
        body: Some("PrivatelinkRequest"),
        ok: (200, "AzurePrivatelink"),
        permission: SCW,
        handler: |m| on(m, azure::azure_update),
    },
    RouteSpec {
        verb: Verb::Delete,
        path: PL,
        operation_id: "privatelink_delete",
        summary: "Delete the Azure PrivateLink",
        auth: true,
        body: None,
        ok: (200, "AzurePrivatelink"),
        permission: SCW,
        handler: |m| on(m, privatelink::delete::<AzureRecord>),
    },
    RouteSpec {
        verb: Verb::Post,
        path: pl!("/refresh"),
        operation_id: "privatelink_refresh",
        summary: "Discover endpoints created since the last refresh",
        auth: true,
        body: None,
        ok: (200, "Object"),
        permission: SCW,
        handler: |m| on(m, privatelink::refresh::<AzureRecord>),
    },
    RouteSpec {
        verb: Verb::Get,
        path: pl!("/connections"),
        operation_id: "connections_list",
        summary: "List connections",
        auth: true,
        body: None,
        ok: (200, "ConnectionList"),
        permission: SCW,
        handler: |m| on(m, privatelink::connections_list::<AzureRecord>),
    },
    RouteSpec {
        verb: Verb::Put,
        path: pl!("/connections/{connection_id}"),
        operation_id: "connection_update",
        summary: "Set the endpoint IP address",
        auth: true,
        body: Some("ConnectionUpdate"),
        ok: (200, "AzurePrivatelinkConnection"),
        permission: SCW,
        handler: |m| on(m, azure::azure_connection_update),
    },
    RouteSpec {
        verb: Verb::Post,
        path: pl!("/connections/{connection_id}/approve"),
        operation_id: "connection_approve",
        summary: "Approve a pending connection",
        auth: true,
        body: None,
        ok: (200, "AzurePrivatelinkConnection"),
        permission: SCW,
        handler: |m| on(m, azure::azure_connection_approve),
    },
    RouteSpec {
        verb: Verb::Get,
        path: aws!(""),
        operation_id: "aws_privatelink_get",
        summary: "Get the AWS PrivateLink",
        auth: true,
        body: None,
        ok: (200, "AwsPrivatelink"),
        permission: SCW,
        handler: |m| on(m, privatelink::get::<AwsRecord>),
    },
    RouteSpec {
        verb: Verb::Post,
        path: aws!(""),
        operation_id: "aws_privatelink_create",
        summary: "Create the AWS PrivateLink (1-16 IAM principals)",
        auth: true,
        body: Some("AwsPrivatelinkRequest"),
        ok: (200, "AwsPrivatelink"),
        permission: SCW,
        handler: |m| on(m, aws::aws_create),
    },
    RouteSpec {
        verb: Verb::Put,
        path: aws!(""),
        operation_id: "aws_privatelink_update",
        summary: "Replace the principals and/or the supported regions",
        auth: true,
        body: Some("AwsPrivatelinkRequest"),
        ok: (200, "AwsPrivatelink"),
        permission: SCW,
        handler: |m| on(m, aws::aws_update),
    },
    RouteSpec {
        verb: Verb::Delete,
        path: aws!(""),
        operation_id: "aws_privatelink_delete",
        summary: "Delete the AWS PrivateLink",
        auth: true,
        body: None,
        ok: (200, "AwsPrivatelink"),
        permission: SCW,
        handler: |m| on(m, privatelink::delete::<AwsRecord>),
    },
    RouteSpec {
        verb: Verb::Post,
        path: aws!("/refresh"),
        operation_id: "aws_privatelink_refresh",
        summary: "Look for new VPC endpoints (AWS normally notifies by itself)",
        auth: true,
        body: None,
        ok: (200, "Object"),
        permission: SCW,
        handler: |m| on(m, aws::aws_refresh),
    },
    RouteSpec {
        verb: Verb::Get,
        path: aws!("/connections"),
        operation_id: "aws_connections_list",
        summary: "List AWS VPC endpoint connections",
        auth: true,
        body: None,
        ok: (200, "AwsConnectionList"),
        permission: SCW,
        handler: |m| on(m, privatelink::connections_list::<AwsRecord>),
    },
    RouteSpec {
        verb: Verb::Get,
        path: gcp!(""),
        operation_id: "google_privatelink_get",
        summary: "Get the Google Private Service Connect",
        auth: true,
        body: None,
        ok: (200, "GooglePrivatelink"),
        permission: SCW,
        handler: |m| on(m, privatelink::get::<GoogleRecord>),
    },
    RouteSpec {
        verb: Verb::Post,
        path: gcp!(""),
        operation_id: "google_privatelink_create",
        summary: "Create the Google Private Service Connect (an empty body or {})",
        auth: true,
        body: None,
        ok: (200, "GooglePrivatelink"),
        permission: SCW,
        handler: |m| on(m, google::google_create),
    },
    RouteSpec {
        verb: Verb::Delete,
        path: gcp!(""),
        operation_id: "google_privatelink_delete",
        summary: "Delete the Google Private Service Connect",
        auth: true,
        body: None,
        ok: (200, "GooglePrivatelink"),
        permission: SCW,
        handler: |m| on(m, privatelink::delete::<GoogleRecord>),
    },
    RouteSpec {
        verb: Verb::Post,
        path: gcp!("/refresh"),
        operation_id: "google_privatelink_refresh",
        summary: "Discover PSC endpoints created since the last refresh",
        auth: true,
        body: None,
        ok: (200, "Object"),
        permission: SCW,
        handler: |m| on(m, privatelink::refresh::<GoogleRecord>),
    },
    RouteSpec {
        verb: Verb::Get,
        path: gcp!("/connections"),
        operation_id: "google_connections_list",
        summary: "List Private Service Connect connections",
        auth: true,
        body: None,
        ok: (200, "GoogleConnectionList"),
        permission: SCW,
        handler: |m| on(m, privatelink::connections_list::<GoogleRecord>),
    },
    RouteSpec {
        verb: Verb::Post,
        path: gcp!("/connections/{connection_id}/approve"),
        operation_id: "google_connection_approve",
        summary: "Approve a pending connection with its endpoint IP",
        auth: true,
        body: Some("GoogleApproveRequest"),
        ok: (200, "GoogleConnection"),
        permission: SCW,
        handler: |m| on(m, google::google_connection_approve),
    },
    RouteSpec {
        verb: Verb::Post,
        path: "/sim/endpoints",
        operation_id: "sim_endpoint_create",
        summary: "Simulator: create a customer's private endpoint in Azure",
        auth: false,
        body: Some("SimEndpointRequest"),
        ok: (201, "SimEndpointCreated"),
        permission: &[],
        handler: |m| on(m, sim::endpoint_create),
    },
    RouteSpec {
        verb: Verb::Delete,
        path: "/sim/endpoints",
        operation_id: "sim_endpoint_delete",
        summary:
            "Simulator: delete a customer's private endpoint in Azure (its connection goes with it)",
        auth: false,
        body: Some("SimEndpointRequest"),
        ok: (200, "Object"),
        permission: &[],
        handler: |m| on(m, sim::endpoint_delete),
    },
    RouteSpec {
        verb: Verb::Post,
        path: "/sim/vpc-endpoints",
        operation_id: "sim_vpc_endpoint_create",
        summary: "Simulator: create a customer's interface VPC endpoint in AWS",
        auth: false,
        body: Some("SimVpcEndpointRequest"),
        ok: (201, "SimVpcEndpointCreated"),
        permission: &[],
        handler: |m| on(m, sim::vpc_endpoint_create),
    },
    RouteSpec {
        verb: Verb::Post,
        path: "/sim/psc-endpoints",
        operation_id: "sim_psc_endpoint_create",
        summary: "Simulator: create a customer's Private Service Connect endpoint in Google Cloud",
        auth: false,
        body: Some("SimPscEndpointRequest"),
        ok: (201, "SimPscEndpointCreated"),
        permission: &[],
        handler: |m| on(m, sim::psc_endpoint_create),
    },
    RouteSpec {
        verb: Verb::Post,
        path: "/sim/faults",
        operation_id: "sim_faults_create",
        summary: "Test controls: fail or delay the next matching requests",
        auth: true,
        body: Some("SimFault"),
        ok: (200, "Object"),
        permission: &[],
        handler: |m| on(m, sim::faults_create),
    },
    RouteSpec {
        verb: Verb::Delete,
        path: "/sim/faults",
        operation_id: "sim_faults_clear",
        summary: "Test controls: remove every fault",
        auth: true,
        body: None,
        ok: (200, "Object"),
        permission: &[],
        handler: |m| on(m, sim::faults_clear),
    },
    RouteSpec {
        verb: Verb::Post,
        path: "/sim/clock/advance",
        operation_id: "sim_clock_advance",
        summary: "Test controls: move the manual clock",
        auth: true,
        body: Some("SimClockAdvance"),
        ok: (200, "Object"),
        permission: &[],
        handler: |m| on(m, sim::clock_advance),
    },
    RouteSpec {
        verb: Verb::Post,
        path: "/sim/services",
        operation_id: "sim_services_create",
        summary: "Test controls: create a service",
        auth: true,
        body: Some("SimNewService"),
        ok: (201, "SimServiceCreated"),
        permission: &[],
        handler: |m| on(m, sim::services_create),
    },
    RouteSpec {
        verb: Verb::Post,
        path: "/sim/tokens",
        operation_id: "sim_tokens_create",
        summary: "Test controls: create a token for some projects",
        auth: true,
        body: Some("SimNewToken"),
        ok: (201, "Object"),
        permission: &[],
        handler: |m| on(m, sim::tokens_create),
    },
];

/// The router of every route in [`ROUTES`] (methods of one path are merged by axum).
pub fn router() -> Router<Shared> {
    ROUTES.iter().fold(Router::new(), |r, spec| {
        let served = (spec.handler)(spec.verb.filter()).layer(axum::Extension(Served(spec)));
        r.route(spec.path, served)
    })
}
