//! The simulator routes outside `/v1`. `/sim/endpoints` (create, and delete in Azure),
//! `/sim/vpc-endpoints` and `/sim/psc-endpoints` play the customer in Azure, AWS and
//! Google Cloud and are always on;
//! the rest (faults, clock, services, tokens) only with `--test-controls` and the demo
//! token. None of them sends CORS headers (see [`crate::app`]).

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use privatelink_core::names::{validate_project_name, validate_service_name};
use privatelink_core::roles::Role;
use privatelink_core::service_types::service_type;
use privatelink_core::{AwsPrincipal, Cloud, ConnectionId, PrivateEndpointId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::demo::new_service;
use crate::error::{ApiResult, AppError};
use crate::extract::{JsonBody, Token};
use crate::faults::Fault;
use crate::model::{Delays, ServiceRecord};
use crate::store::Tx;
use crate::{random_u64, Shared};

/// The customer's side, as Azure takes it: the subscription in any case (Azure compares
/// it ignoring case), so an endpoint from `8EEF…` matches an allowlist entry `8eef…`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointRequest {
    pub subscription_id: String,
    pub resource_group: String,
    pub name: String,
    /// The privatelink's alias or resource ID.
    pub target: String,
}

#[derive(Serialize)]
pub struct EndpointCreated {
    pub private_endpoint_id: String,
    pub private_ip_address: String,
    pub subscription_id: String,
    pub target: String,
    pub project: String,
    pub service_name: String,
}

/// A test-control route: served only with `--test-controls` (a 404 otherwise) and only to
/// the demo token (401 without a token or with an unknown one, 403 with another token),
/// all decided before the body is read.
pub struct TestControls;

impl FromRequestParts<Shared> for TestControls {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &Shared) -> Result<Self, AppError> {
        if !st.test_controls {
            return Err(AppError::not_found(
                "Test controls are off; start the server with --test-controls.",
            ));
        }
        let Token(token) = Token::from_request_parts(parts, st).await.map_err(|_| {
            AppError::unauthorized(
                "The test controls need the server's demo token: send Authorization: aivenv1 <token printed at start-up>.",
            )
        })?;
        if st.is_demo_token(&token) {
            return Ok(TestControls);
        }
        let known = st.token_grant(&token).await?.is_some();
        Err(if known {
            AppError::forbidden("Only the server's demo token may use the test controls.")
        } else {
            AppError::unauthorized("Invalid token: the test controls need the server's demo token.")
        })
    }
}

/// The service (brought up to `now`) whose active Azure Private Link service answers to
/// `target`, its alias or resource ID, as the customer's endpoints address it; 404 when
/// none does.
fn service_answering(
    tx: &Tx<'_>,
    target: &str,
    now: i64,
    delays: &Delays,
) -> ApiResult<ServiceRecord> {
    let not_found = || {
        AppError::not_found(format!(
            "No active Azure Private Link service has the alias or resource ID {target}."
        ))
    };
    let mut s = tx.service_by_target(target)?.ok_or_else(not_found)?;
    s.advance(now, delays);
    if !s.azure.as_ref().is_some_and(|p| p.answers_to(target)) {
        return Err(not_found());
    }
    Ok(s)
}

/// What both endpoint routes start with: the endpoint the request names and the service
/// whose Azure Private Link answers to its target, in one write transaction. `f` changes the
/// service's privatelink and makes the answer; the service is stored after it.
async fn on_answering_privatelink<T, F>(st: &Shared, req: EndpointRequest, f: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Tx<'_>, &mut ServiceRecord, PrivateEndpointId, &str, i64) -> ApiResult<T>
        + Send
        + 'static,
{
    let id = PrivateEndpointId::new(&req.subscription_id, &req.resource_group, &req.name)?;
    let target = req.target.trim().to_owned();
    let (now, delays) = (st.now(), st.delays);
    st.store
        .write(move |tx| {
            let mut s = service_answering(tx, &target, now, &delays)?;
            let out = f(tx, &mut s, id, &target, now)?;
            tx.put_service(&s)?;
            Ok(out)
        })
        .await
}

pub async fn endpoint_create(
    State(st): State<Shared>,
    JsonBody(req): JsonBody<EndpointRequest>,
) -> ApiResult<(StatusCode, Json<EndpointCreated>)> {
    on_answering_privatelink(&st, req, |tx, s, id, target, now| {
        let index = usize::try_from(tx.endpoint_count()?).unwrap_or(0);
        let (project, service_name) = (s.project.clone(), s.service_name.clone());
        let pl = s
            .azure
            .as_mut()
            .expect("service_answering checked the privatelink");
        let e = pl.add_endpoint(id, index, now)?;
        Ok((
            StatusCode::CREATED,
            Json(EndpointCreated {
                private_endpoint_id: e.private_endpoint_id.canonical(),
                private_ip_address: e.private_ip_address.to_string(),
                subscription_id: e.subscription_id.to_string(),
                target: target.to_owned(),
                project,
                service_name,
            }),
        ))
    })
    .await
}

/// The customer deleting a private endpoint in Azure: the endpoint is gone, and so is its
/// connection from the next listing on (Azure removes a deleted endpoint's connection from
/// the Private Link service). 404 when there is no such endpoint.
pub async fn endpoint_delete(
    State(st): State<Shared>,
    JsonBody(req): JsonBody<EndpointRequest>,
) -> ApiResult<Json<Value>> {
    on_answering_privatelink(&st, req, |_, s, id, _, _| {
        s.azure
            .as_mut()
            .expect("service_answering checked the privatelink")
            .remove_endpoint(&id)?;
        Ok(Json(json!({"private_endpoint_id": id.canonical()})))
    })
    .await
}

/// An AWS customer creating an interface VPC endpoint as an IAM principal.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcEndpointRequest {
    pub principal: AwsPrincipal,
    pub name: String,
    /// The endpoint service's `aws_service_name`.
    pub service_name: String,
}

#[derive(Serialize)]
pub struct VpcEndpointCreated {
    pub vpc_endpoint_id: String,
    pub dns_name: String,
    pub service_name: String,
    pub principal: String,
    pub name: String,
    pub project: String,
    pub service: String,
}

fn non_empty(what: &str, value: &str) -> ApiResult<()> {
    if value.trim().is_empty() {
        return Err(AppError::bad_request(format!("{what} must not be empty.")));
    }
    Ok(())
}

pub async fn vpc_endpoint_create(
    State(st): State<Shared>,
    JsonBody(req): JsonBody<VpcEndpointRequest>,
) -> ApiResult<(StatusCode, Json<VpcEndpointCreated>)> {
    non_empty("name", &req.name)?;
    non_empty("service_name", &req.service_name)?;
    let (now, delays) = (st.now(), st.delays);
    st.store
        .write(move |tx| {
            let not_found = || {
                AppError::not_found(format!(
                    "No active VPC endpoint service is named {}.",
                    req.service_name
                ))
            };
            let mut s = tx
                .service_by_json("$.aws.service_name", &req.service_name)?
                .ok_or_else(not_found)?;
            s.advance(now, &delays);
            let region = Cloud::region_of(&s.cloud_name)
                .map_or(s.cloud_name.as_str(), |(_, r)| r)
                .to_owned();
            let (project, service) = (s.project.clone(), s.service_name.clone());
            let aws = s
                .aws
                .as_mut()
                .filter(|a| a.answers_to(&req.service_name))
                .ok_or_else(not_found)?;
            let e = aws.add_endpoint(
                req.principal.clone(),
                &req.name,
                &region,
                now,
                random_u64(),
                ConnectionId::from_bits(random_u64()),
            )?;
            let out = VpcEndpointCreated {
                vpc_endpoint_id: e.vpc_endpoint_id.clone(),
                dns_name: e.dns_name.clone(),
                service_name: req.service_name.clone(),
                principal: req.principal.to_string(),
                name: req.name.clone(),
                project,
                service,
            };
            tx.put_service(&s)?;
            Ok((StatusCode::CREATED, Json(out)))
        })
        .await
}

/// A Google Cloud customer creating a Private Service Connect endpoint.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PscEndpointRequest {
    pub project_id: String,
    pub name: String,
    pub service_attachment: String,
}

#[derive(Serialize)]
pub struct PscEndpointCreated {
    pub psc_connection_id: String,
    pub ip_address: String,
    pub name: String,
    pub project_id: String,
    pub service_attachment: String,
    pub project: String,
    pub service: String,
}

pub async fn psc_endpoint_create(
    State(st): State<Shared>,
    JsonBody(req): JsonBody<PscEndpointRequest>,
) -> ApiResult<(StatusCode, Json<PscEndpointCreated>)> {
    non_empty("project_id", &req.project_id)?;
    non_empty("name", &req.name)?;
    non_empty("service_attachment", &req.service_attachment)?;
    let (now, delays) = (st.now(), st.delays);
    st.store
        .write(move |tx| {
            let not_found = || {
                AppError::not_found(format!(
                    "No active service attachment is named {}.",
                    req.service_attachment
                ))
            };
            let mut s = tx
                .service_by_json("$.google.attachment", &req.service_attachment)?
                .ok_or_else(not_found)?;
            s.advance(now, &delays);
            let (project, service) = (s.project.clone(), s.service_name.clone());
            let g = s
                .google
                .as_mut()
                .filter(|g| g.answers_to(&req.service_attachment))
                .ok_or_else(not_found)?;
            let e = g.add_endpoint(&req.name, &req.project_id, now, random_u64())?;
            let out = PscEndpointCreated {
                psc_connection_id: e.psc_connection_id.clone(),
                ip_address: e.ip_address.to_string(),
                name: req.name.clone(),
                project_id: req.project_id.clone(),
                service_attachment: req.service_attachment.clone(),
                project,
                service,
            };
            tx.put_service(&s)?;
            Ok((StatusCode::CREATED, Json(out)))
        })
        .await
}

pub async fn faults_create(
    _: TestControls,
    State(st): State<Shared>,
    JsonBody(f): JsonBody<Fault>,
) -> ApiResult<Json<Value>> {
    st.faults.add(f)?;
    Ok(Json(json!({})))
}

pub async fn faults_clear(_: TestControls, State(st): State<Shared>) -> Json<Value> {
    st.faults.clear();
    Json(json!({}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advance {
    pub seconds: f64,
}

pub async fn clock_advance(
    _: TestControls,
    State(st): State<Shared>,
    JsonBody(a): JsonBody<Advance>,
) -> ApiResult<Json<Value>> {
    if !(a.seconds.is_finite() && a.seconds >= 0.0 && a.seconds <= 86_400.0 * 365.0) {
        return Err(AppError::bad_request(
            "seconds must be between 0 and one year.",
        ));
    }
    if !st.clock.advance((a.seconds * 1000.0) as i64) {
        return Err(AppError::conflict(
            "The clock is the system clock; start the server with --manual-clock to move it.",
        ));
    }
    Ok(Json(json!({ "now_ms": st.now() })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewService {
    pub project: String,
    pub service_name: String,
    pub service_type: String,
    pub cloud_name: String,
    #[serde(default)]
    pub project_vpc_id: Option<String>,
    #[serde(default)]
    pub static_ips: bool,
}

pub async fn services_create(
    _: TestControls,
    State(st): State<Shared>,
    JsonBody(n): JsonBody<NewService>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    validate_project_name(&n.project)?;
    validate_service_name(&n.service_name)?;
    let ty = service_type(&n.service_type).ok_or_else(|| {
        AppError::bad_request(format!("Unknown service type {}.", n.service_type))
    })?;
    let demo = st.demo_token_hash().to_owned();
    let now = st.now();
    st.store
        .write(move |tx| {
            if tx.service(&n.project, &n.service_name)?.is_some() {
                return Err(AppError::conflict(format!(
                    "Service {} already exists.",
                    n.service_name
                )));
            }
            let s = new_service(
                tx,
                &n.project,
                &n.service_name,
                ty,
                &n.cloud_name,
                n.project_vpc_id.as_deref(),
                n.static_ips,
            )?
            .created_at(now);
            tx.put_service(&s)?;
            // The demo token can use every project the simulator creates.
            let mut projects = tx.token_hash_projects(&demo)?.unwrap_or_default();
            if !projects.contains(&n.project) {
                projects.push(n.project.clone());
                tx.put_token_hash(&demo, &projects)?;
            }
            Ok((StatusCode::CREATED, Json(json!({ "service": s.to_wire() }))))
        })
        .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    pub token: String,
    pub projects: Vec<String>,
    /// The token's member role in each of its projects (`admin` when absent).
    #[serde(default)]
    pub role: Option<String>,
}

pub async fn tokens_create(
    _: TestControls,
    State(st): State<Shared>,
    JsonBody(t): JsonBody<NewToken>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if t.token.trim().is_empty() || t.token.chars().any(char::is_whitespace) {
        return Err(AppError::bad_request(
            "token must be non-empty without whitespace.",
        ));
    }
    if st.is_demo_token(&t.token) {
        return Err(AppError::conflict(
            "That is the demo token; its projects follow the services the simulator makes.",
        ));
    }
    let role = t
        .role
        .as_deref()
        .map(Role::parse)
        .transpose()
        .map_err(AppError::bad_request)?;
    let (token, projects) = (t.token.clone(), t.projects.clone());
    st.store
        .write(move |tx| {
            tx.put_token(&token, &projects)?;
            // With a role, the token is a member's in each of its projects.
            if let Some(role) = role {
                for p in &projects {
                    tx.put_member(p, &format!("{token}@sim.invalid"), role.as_str(), &token)?;
                }
                tx.put_token(&token, &projects)?;
            }
            Ok(())
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "token": t.token, "projects": t.projects })),
    ))
}
