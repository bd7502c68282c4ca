//! The HTTP routes, written once in [`ROUTES`]: the Aiven API under `/v1`, the simulator
//! under `/sim`, and the OpenAPI document. The axum router and `/openapi.json` are both
//! built from that table, so a route cannot be served undocumented or documented unserved.
//! Handlers are named `<resource>_<verb>` and take every rule from the core.

pub mod bench;
mod privatelink;
mod service;
pub mod sim;

use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;

pub use service::AZURE_CLOUDS;

use crate::Shared;

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Delete,
}

impl Verb {
    /// The lowercase name OpenAPI uses as a key.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::Post => "post",
            Verb::Put => "put",
            Verb::Delete => "delete",
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
            Verb::Put => MethodFilter::PUT,
            Verb::Delete => MethodFilter::DELETE,
        }
    }
}

/// One operation: where it is served, what it does and which handler answers it. Schemas
/// are names of `components.schemas` in [`crate::openapi`].
pub struct RouteSpec {
    pub verb: Verb,
    /// axum's path syntax, which is also OpenAPI's (`{param}`).
    pub path: &'static str,
    pub operation_id: &'static str,
    pub summary: &'static str,
    /// Whether `Authorization: aivenv1 <token>` is needed (the test controls take only the
    /// demo token).
    pub auth: bool,
    /// The JSON request body's schema, for routes that take one.
    pub body: Option<&'static str>,
    /// The success status and the answer's schema.
    pub ok: (u16, &'static str),
    pub handler: fn(MethodFilter) -> MethodRouter<Shared>,
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
        handler: |m| on(m, crate::openapi::openapi_get),
    },
    RouteSpec {
        verb: Verb::Get,
        path: "/v1/project/{project}/privatelink-availability",
        operation_id: "availability_get",
        summary: "Clouds where privatelink is available",
        auth: true,
        body: None,
        ok: (200, "PrivatelinkAvailability"),
        handler: |m| on(m, service::availability_get),
    },
    RouteSpec {
        verb: Verb::Get,
        path: "/v1/project/{project}/service/{service}",
        operation_id: "service_get",
        summary: "Get a service",
        auth: true,
        body: None,
        ok: (200, "ServiceEnvelope"),
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
        handler: |m| on(m, privatelink::privatelink_get),
    },
    RouteSpec {
        verb: Verb::Post,
        path: PL,
        operation_id: "privatelink_create",
        summary: "Create the Azure PrivateLink",
        auth: true,
        body: Some("PrivatelinkRequest"),
        ok: (200, "AzurePrivatelink"),
        handler: |m| on(m, privatelink::privatelink_create),
    },
    RouteSpec {
        verb: Verb::Put,
        path: PL,
        operation_id: "privatelink_update",
        summary: "Replace the subscription allowlist",
        auth: true,
        body: Some("PrivatelinkRequest"),
        ok: (200, "AzurePrivatelink"),
        handler: |m| on(m, privatelink::privatelink_update),
    },
    RouteSpec {
        verb: Verb::Delete,
        path: PL,
        operation_id: "privatelink_delete",
        summary: "Delete the Azure PrivateLink",
        auth: true,
        body: None,
        ok: (200, "AzurePrivatelink"),
        handler: |m| on(m, privatelink::privatelink_delete),
    },
    RouteSpec {
        verb: Verb::Post,
        path: pl!("/refresh"),
        operation_id: "privatelink_refresh",
        summary: "Discover endpoints created since the last refresh",
        auth: true,
        body: None,
        ok: (200, "Object"),
        handler: |m| on(m, privatelink::privatelink_refresh),
    },
    RouteSpec {
        verb: Verb::Get,
        path: pl!("/connections"),
        operation_id: "connections_list",
        summary: "List connections",
        auth: true,
        body: None,
        ok: (200, "ConnectionList"),
        handler: |m| on(m, privatelink::connections_list),
    },
    RouteSpec {
        verb: Verb::Put,
        path: pl!("/connections/{connection_id}"),
        operation_id: "connection_update",
        summary: "Set the endpoint IP address",
        auth: true,
        body: Some("ConnectionUpdate"),
        ok: (200, "AzurePrivatelinkConnection"),
        handler: |m| on(m, privatelink::connection_update),
    },
    RouteSpec {
        verb: Verb::Post,
        path: pl!("/connections/{connection_id}/approve"),
        operation_id: "connection_approve",
        summary: "Approve a pending connection",
        auth: true,
        body: None,
        ok: (200, "AzurePrivatelinkConnection"),
        handler: |m| on(m, privatelink::connection_approve),
    },
    RouteSpec {
        verb: Verb::Post,
        path: "/sim/endpoints",
        operation_id: "sim_endpoint_create",
        summary: "Simulator: create a customer's private endpoint in Azure",
        auth: false,
        body: Some("SimEndpointRequest"),
        ok: (201, "SimEndpointCreated"),
        handler: |m| on(m, sim::endpoint_create),
    },
    RouteSpec {
        verb: Verb::Post,
        path: "/sim/faults",
        operation_id: "sim_faults_create",
        summary: "Test controls: fail or delay the next matching requests",
        auth: true,
        body: Some("SimFault"),
        ok: (200, "Object"),
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
        handler: |m| on(m, sim::tokens_create),
    },
];

/// The router of every route in [`ROUTES`] (methods of one path are merged by axum).
pub fn router() -> Router<Shared> {
    ROUTES.iter().fold(Router::new(), |r, spec| {
        r.route(spec.path, (spec.handler)(spec.verb.filter()))
    })
}
