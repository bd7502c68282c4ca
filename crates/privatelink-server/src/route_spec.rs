//! The shape of one served operation ([`RouteSpec`]): the route table in
//! [`crate::routes::ROUTES`] is a list of these, and both the router and the OpenAPI
//! document ([`crate::openapi`]) are built from it. Its own module so that the document
//! needs the shape, not the routes (no module cycle).

use axum::routing::{MethodFilter, MethodRouter};

use privatelink_core::roles::Permission;

/// The table entry a request is served by, handed to it as an extension (the member check
/// reads the entry's permission there).
#[derive(Clone, Copy)]
pub struct Served(pub &'static RouteSpec);

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

    pub fn filter(self) -> MethodFilter {
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
    /// The permissions a member's role needs for it, any one of them (none: no member
    /// check; the routes outside /v1).
    pub permission: &'static [Permission],
}
