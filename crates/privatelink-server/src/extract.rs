//! Request extraction with the Aiven error body on every rejection.
//!
//! Handlers take an [`AuthProject`] (the token may use the project in the path; the path's
//! other parameters typed) and then, for routes with a body, a [`JsonBody`] or an
//! [`EmptyBody`]. axum runs every parts extractor before the body extractor, so the token is
//! checked before a single byte of the body is read: a bad token is a 401 and a foreign
//! project a 403 whatever the body holds. A body must arrive within the server's body
//! timeout ([`crate::Limits::body_timeout`]; a 408 otherwise).

use privatelink_core::roles::{permissions_text, Role, PERMISSION_DENIED};

use crate::route_spec::Served;
use axum::body::Bytes;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, RawPathParams, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use privatelink_core::ConnectionId;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;

use crate::error::{ApiResult, AppError};
use crate::Shared;

/// Largest request body accepted (413 beyond).
pub const BODY_LIMIT: usize = 64 * 1024;

/// `{project}` alone.
#[derive(Deserialize)]
pub struct ProjectPath {
    pub project: String,
}

/// `{project}/service/{service}`.
#[derive(Deserialize)]
pub struct ServicePath {
    pub project: String,
    pub service: String,
}

/// `{project}/service-types/{service_type}`.
#[derive(Deserialize)]
pub struct ServiceTypePath {
    pub project: String,
    pub service_type: String,
}

/// `…/connections/{connection_id}`; a malformed ID is a 400 with the core's sentence.
#[derive(Deserialize)]
pub struct ConnectionPath {
    pub project: String,
    pub service: String,
    pub connection_id: ConnectionId,
}

/// The token of `Authorization: aivenv1 <token>` (scheme compared ignoring case).
pub struct Token(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Token {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let value = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| {
                AppError::unauthorized(
                    "Authentication required: send Authorization: aivenv1 <token>.",
                )
            })?
            .to_str()
            .map_err(|_| AppError::unauthorized("Invalid Authorization header."))?;
        let (scheme, token) = value.trim().split_once(' ').unwrap_or((value, ""));
        if !scheme.eq_ignore_ascii_case("aivenv1") || token.trim().is_empty() {
            return Err(AppError::unauthorized(
                "Invalid Authorization header: expected \"aivenv1 <token>\".",
            ));
        }
        Ok(Token(token.trim().to_owned()))
    }
}

/// 401 for an unknown token, 403 for a token without access to `project`; else the
/// token's role there.
pub async fn authorize(st: &Shared, token: &str, project: &str) -> ApiResult<Role> {
    let grant = st.token_grant(token).await?.ok_or_else(|| {
        AppError::unauthorized("Invalid token: sign in again or create a new token.")
    })?;
    if grant.may_use(project) {
        Ok(grant.role_in(project))
    } else {
        Err(AppError::forbidden(format!(
            "This token lacks service:configuration:write on project {project}."
        )))
    }
}

/// 403 with Aiven's `permission_denied` when `role` lacks what the route needs (its entry
/// of the route table, which the router hands to each request), naming the operation and
/// the permission.
fn permit(parts: &Parts, role: Role, project: &str) -> ApiResult<()> {
    let Some(Served(spec)) = parts.extensions.get::<Served>() else {
        return Err(AppError::internal("a route served without its table entry"));
    };
    if role.grants_any(spec.permission) {
        return Ok(());
    }
    let mut e = AppError::forbidden(format!(
        "Permission denied: {} ({}) needs {}, which the {role} role in project {project} does not have. Ask a project admin or operator.",
        spec.summary,
        spec.operation_id,
        permissions_text(spec.permission)
    ));
    e.code = Some(PERMISSION_DENIED);
    Err(e)
}

/// The path parameters `T` of a request whose token may use the path's `{project}`.
/// The token is checked first (401, 403), then the parameters are typed (400).
pub struct AuthProject<T = ProjectPath>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<Shared> for AuthProject<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, AppError> {
        let Token(token) = Token::from_request_parts(parts, state).await?;
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::internal(e.body_text()))?;
        let project = raw
            .iter()
            .find_map(|(k, v)| (k == "project").then_some(v))
            .ok_or_else(|| AppError::internal("an AuthProject route without {project}"))?;
        let role = authorize(state, &token, project).await?;
        permit(parts, role, project)?;
        let Path(params) = Path::<T>::from_request_parts(parts, state)
            .await
            .map_err(path_error)?;
        Ok(AuthProject(params))
    }
}

/// A path that does not deserialise: the 400 carries the core's sentence when a typed
/// parameter refused its value.
fn path_error(e: PathRejection) -> AppError {
    match e {
        PathRejection::FailedToDeserializePathParams(e) => match e.kind() {
            ErrorKind::Message(sentence) => AppError::bad_request(sentence.clone()),
            _ if e.status().is_server_error() => AppError::internal(e.body_text()),
            _ => AppError::bad_request(e.body_text()),
        },
        other => AppError::internal(other.body_text()),
    }
}

/// A required JSON object body, deserialised into `T`: 400 when it is missing, not JSON,
/// not an object or refused by `T` (whose serde errors are the core's sentences), 415 when
/// it is sent with another content type, 413 over [`BODY_LIMIT`].
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<Shared> for JsonBody<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &Shared) -> Result<Self, AppError> {
        let (headers, bytes) = read(req, state).await?;
        if is_blank(&bytes) {
            return Err(AppError::bad_request("A JSON request body is required."));
        }
        json(&headers, &bytes).map(JsonBody)
    }
}

/// The body of a body-less POST (refresh, approve): empty with any content type (avn sends
/// `application/octet-stream`, Go clients `application/json`), or a JSON object, ignored.
pub struct EmptyBody;

impl FromRequest<Shared> for EmptyBody {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &Shared) -> Result<Self, AppError> {
        let (headers, bytes) = read(req, state).await?;
        if !is_blank(&bytes) {
            json::<serde_json::Map<String, serde_json::Value>>(&headers, &bytes)?;
        }
        Ok(EmptyBody)
    }
}

/// The raw body, limited to [`BODY_LIMIT`] and to the body timeout (one deadline for the
/// whole body, so a client trickling bytes cannot hold the request open), and the headers
/// that decide how to read it.
async fn read(req: Request, state: &Shared) -> ApiResult<(HeaderMap, Bytes)> {
    let headers = req.headers().clone();
    let limit = state.limits.body_timeout;
    let bytes = tokio::time::timeout(limit, Bytes::from_request(req, state))
        .await
        .map_err(|_| AppError::body_timeout(limit))?;
    let bytes = bytes.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("Request body is larger than {} KiB.", BODY_LIMIT / 1024),
            )
        } else {
            AppError::bad_request(e.body_text())
        }
    })?;
    Ok((headers, bytes))
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

/// A non-empty body as a JSON object of type `T`.
fn json<T: DeserializeOwned>(headers: &HeaderMap, bytes: &[u8]) -> ApiResult<T> {
    if !is_json(headers) {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the request body as JSON with Content-Type: application/json.",
        ));
    }
    // Syntax first, so a broken body is reported as such even where a field before the
    // break has the wrong type.
    if let Err(e) = serde_json::from_slice::<IgnoredAny>(bytes) {
        return Err(AppError::bad_request(format!(
            "The request body is not valid JSON: {}",
            sentence(&e)
        )));
    }
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(AppError::bad_request(
            "The request body must be a JSON object.",
        ));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| AppError::bad_request(format!("Invalid request body: {}", sentence(&e))))
}

/// A serde_json error as a sentence: without the " at line L column C" position (the bodies
/// are one line; the field or value is named in the message) and ending with a full stop.
pub fn sentence(e: &serde_json::Error) -> String {
    let mut s = e.to_string();
    if e.line() > 0 {
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        if let Some(head) = s.strip_suffix(&suffix) {
            s = head.to_owned();
        }
    }
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}
