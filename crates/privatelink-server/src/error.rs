//! The one error type of the API. Every failure, including extractor rejections, 404s of
//! unknown routes and 405s, leaves the server as the Aiven error body (`message` always
//! present: avn crashes without it). Internal errors are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use privatelink_core::ApiErrorBody;

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
    /// 404: an unknown project, service, privatelink or connection.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    /// 409: an action the current state does not allow.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }
    pub fn service_not_found(service: &str) -> Self {
        let mut e = Self::not_found(format!("Service {service} does not exist"));
        e.code = Some("service_not_found");
        e
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

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::internal(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = ApiErrorBody::new(self.status.as_u16(), self.message, self.code);
        (self.status, Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, AppError>;
