//! The one error type of the API. Every failure, including extractor rejections, 404s of
//! unknown routes and 405s, leaves the server as the Aiven error body (`message` always
//! present: avn crashes without it). Internal errors are logged, never shown.
//!
//! The core's errors convert with `?`: a refused action is a 409 (a 404 when there is
//! nothing to act on), a value a validator refuses is a 400, storage failures are a 500.
//! The message is always the core's sentence.

use axum::http::header::{CONNECTION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use privatelink_core::access::AccessError;
use privatelink_core::names::NameError;
use privatelink_core::state::{connection_not_found_message, no_privatelink_message};
use privatelink_core::wire::SERVICE_NOT_FOUND_CODE;
use privatelink_core::{
    ActionRefused, ApiErrorBody, ConnectionId, ConnectionIdError, EndpointIpError, ResourceIdError,
    SubscriptionIdError, SubscriptionListError,
};

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub message: String,
    pub code: Option<&'static str>,
}

impl AppError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        AppError {
            status,
            message: message.into(),
            code: None,
        }
    }
    /// 400: a body or value a validator refuses.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    /// 401: no token, or one the server does not know.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }
    /// 403: a known token without access to the project.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }
    /// 404: an unknown project, service, privatelink or connection.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    /// 409: an action the current state does not allow, or a failed precondition.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }
    /// 404 with core's message (and code) Go clients match for an unknown service.
    pub fn service_not_found(service: &str) -> Self {
        let body = ApiErrorBody::service_not_found(service);
        let mut e = Self::not_found(body.message);
        e.code = Some(SERVICE_NOT_FOUND_CODE);
        e
    }
    /// 404 for a connection ID the privatelink does not have.
    pub fn connection_not_found(id: &ConnectionId) -> Self {
        Self::not_found(connection_not_found_message(id.as_str()))
    }
    /// A refused action on `service`'s privatelink: as the `From<ActionRefused>`
    /// conversion, except that the 404 for a missing privatelink names the service.
    pub fn refused(service: &str, e: ActionRefused) -> Self {
        match e {
            ActionRefused::NoPrivatelink(cloud) => {
                Self::not_found(no_privatelink_message(cloud, service))
            }
            e => e.into(),
        }
    }
    /// 503: the database stayed locked (by a long write or another process) for longer
    /// than a request may wait. Sent with `Retry-After: 1`.
    pub fn busy() -> Self {
        tracing::warn!("the database is busy; answering 503");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "The database is busy (another process or a long write holds its lock); try again in a moment.",
        )
    }
    /// 408: the request body did not arrive in time. Sent with `Connection: close`.
    pub fn body_timeout(limit: std::time::Duration) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "The request body did not arrive within {} s.",
                limit.as_secs_f64()
            ),
        )
    }
    /// 500: logged with its cause; the client sees a generic sentence.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {cause}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error; see the server log.",
        )
    }
}

/// 409 for an action the state does not allow, 404 when there is nothing to act on.
impl From<ActionRefused> for AppError {
    fn from(e: ActionRefused) -> Self {
        let status = if e.is_not_found() {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::CONFLICT
        };
        AppError::new(status, e.to_string())
    }
}

/// The core validators' errors: 400 with their sentence.
macro_rules! bad_request_from {
    ($($t:ty),+ $(,)?) => {$(
        impl From<$t> for AppError {
            fn from(e: $t) -> Self {
                AppError::bad_request(e.to_string())
            }
        }
    )+};
}

bad_request_from!(
    SubscriptionIdError,
    SubscriptionListError,
    EndpointIpError,
    ConnectionIdError,
    ResourceIdError,
    AccessError,
    NameError,
);

/// A lock SQLite could not get within the request's wait is a 503; anything else a 500.
impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => AppError::busy(),
            _ => AppError::internal(e),
        }
    }
}

/// Stored JSON that does not read back. Request bodies never get here: [`crate::extract`]
/// answers those with a 400.
impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::internal(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status;
        let body = ApiErrorBody::new(status.as_u16(), self.message, self.code);
        let mut res = (status, Json(body)).into_response();
        let extra = match status {
            StatusCode::SERVICE_UNAVAILABLE => Some((RETRY_AFTER, "1")),
            // The rest of the body may still be on its way: never read it as a next request.
            StatusCode::REQUEST_TIMEOUT => Some((CONNECTION, "close")),
            _ => None,
        };
        if let Some((name, value)) = extra {
            res.headers_mut()
                .insert(name, HeaderValue::from_static(value));
        }
        res
    }
}

pub type ApiResult<T> = Result<T, AppError>;
