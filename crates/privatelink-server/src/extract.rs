//! Request extraction with the Aiven error body on every rejection: path parameters, the
//! token, and bodies (JSON objects; empty bodies with any content type for the body-less
//! POSTs avn sends as application/octet-stream).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Largest request body accepted (413 beyond).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Path parameters; a malformed path is a 400 in the Aiven shape.
pub struct P<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for P<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(t)| P(t))
            .map_err(|e| AppError::bad_request(e.body_text()))
    }
}

/// The raw body, limited to [`BODY_LIMIT`], plus the headers that decide how to read it.
pub struct Body {
    pub headers: HeaderMap,
    pub bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let headers = req.headers().clone();
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("Request body is larger than {} KiB.", BODY_LIMIT / 1024),
                )
            } else {
                AppError::bad_request(e.body_text())
            }
        })?;
        Ok(Body { headers, bytes })
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

impl Body {
    /// A required JSON body of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, AppError> {
        if self.bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(AppError::bad_request("A JSON request body is required."));
        }
        if !is_json(&self.headers) {
            return Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Send the request body as JSON with Content-Type: application/json.",
            ));
        }
        let value: serde_json::Value = serde_json::from_slice(&self.bytes).map_err(|e| {
            AppError::bad_request(format!("The request body is not valid JSON: {e}."))
        })?;
        if !value.is_object() {
            return Err(AppError::bad_request(
                "The request body must be a JSON object.",
            ));
        }
        serde_json::from_value(value)
            .map_err(|e| AppError::bad_request(format!("Invalid request body: {e}.")))
    }

    /// A body-less call: empty with any content type, or an empty JSON object.
    pub fn empty(&self) -> Result<(), AppError> {
        if self.bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let _: serde_json::Map<String, serde_json::Value> = self.json()?;
        Ok(())
    }
}

/// The token of `Authorization: aivenv1 <token>` (scheme compared ignoring case).
pub struct Token(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Token {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let unauthorized = |m: &str| AppError::new(StatusCode::UNAUTHORIZED, m);
        let value = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| {
                unauthorized("Authentication required: send Authorization: aivenv1 <token>.")
            })?
            .to_str()
            .map_err(|_| unauthorized("Invalid Authorization header."))?;
        let (scheme, token) = value.trim().split_once(' ').unwrap_or((value, ""));
        if !scheme.eq_ignore_ascii_case("aivenv1") || token.trim().is_empty() {
            return Err(unauthorized(
                "Invalid Authorization header: expected \"aivenv1 <token>\".",
            ));
        }
        Ok(Token(token.trim().to_owned()))
    }
}
