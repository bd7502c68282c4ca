//! The private connectivity domain (Azure PrivateLink, AWS PrivateLink, Google Private
//! Service Connect), written once and compiled into both the panel (wasm32) and the server
//! (native).
//!
//! - [`wire`]: serde types for every body of the wire contract, including the error body.
//! - [`cloud`]: which cloud a service is in, and what differs per cloud.
//! - [`connection`]: a privatelink and connections of any cloud behind one trait.
//! - [`subscription`], [`principal`], [`aws_region`], [`endpoint_ip`], [`resource_id`], [`access`]: validators that return
//!   typed errors whose `Display` is a sentence a user understands.
//! - [`state`]: the privatelink and connection state machines, as data both sides query:
//!   legal actions, next states, whether a state is transitional, its badge tone.
//! - [`service_types`]: the one table of service types, components and ports.
//! - [`paste`]: how a pasted list splits and parses (every list of every cloud).
//! - [`preflight`], [`allowlist`], [`connection_info`]: rules the panel shows and the
//!   server enforces.
//! - [`roles`]: project members' roles and the permissions each operation needs.
//! - [`commands`]: the `avn` and cloud CLI lines the panel offers to copy, per cloud.
//! - [`terraform`]: the privatelink as HCL for the Aiven Terraform provider, with imports.
//!
//! There is no I/O here, and no dependency on leptos, axum or tokio.

pub mod access;
pub mod allowlist;
pub mod aws_region;
pub mod cloud;
pub mod commands;
pub mod connection;
pub mod connection_info;
pub mod endpoint_ip;
pub mod names;
pub mod paste;
pub mod preflight;
pub mod principal;
pub mod resource_id;
pub mod roles;
pub mod service_types;
pub mod state;
pub mod subscription;
pub mod terraform;
pub mod wire;

pub use access::{privatelink_access_keys, AccessError, PrivatelinkAccess};
pub use cloud::Cloud;
pub use connection::{Connection, Connections, Privatelink};
pub use endpoint_ip::{EndpointIp, EndpointIpError};
pub use principal::{AwsPrincipal, AwsPrincipalError, PrincipalList, PrincipalListError};
pub use resource_id::{ConnectionId, ConnectionIdError, PrivateEndpointId, ResourceIdError};
pub use state::{ActionRefused, ApproveAndSetIpStep, ConnectionAction, PrivatelinkAction, Tone};
pub use subscription::{
    SubscriptionId, SubscriptionIdError, SubscriptionList, SubscriptionListError,
};
pub use wire::{
    ApiErrorBody, AzurePrivatelink, AzurePrivatelinkConnection, Component, ConnectionState,
    PrivatelinkState, Service, ServiceState,
};
