//! Fault injection for clients' tests (only with `--test-controls`): the next N requests
//! matching a method and an exact path wait a given delay, then fail with a given status
//! or go through; `body_delay_ms` sends the answer's head at once and holds its body back
//! (a slow body: what a client's timeout and abort must reach too). At most [`MAX_FAULTS`] wait at once, and the test-control routes are never
//! faulted, so a fault can always be cleared.

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::AppError;
use crate::Shared;

/// The simulator routes that play a customer (always on, no token).
pub const CUSTOMER_ROUTES: [&str; 3] =
    ["/sim/endpoints", "/sim/vpc-endpoints", "/sim/psc-endpoints"];

/// Whether a path is a test-control route's (everything under `/sim` but the customer's
/// endpoints). Faults never apply to these, so a test can always clear them.
pub fn is_test_control(path: &str) -> bool {
    crate::is_sim_path(path) && !CUSTOMER_ROUTES.contains(&path)
}

/// The longest delay a fault may ask for: a fault is for a test's timeout path; an
/// unbounded delay would only park a request (and its connection) for good.
pub const MAX_FAULT_DELAY_MS: u64 = 600_000;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    pub path: String,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub delay_ms: u64,
    /// Holds the body back this long after the head is sent.
    #[serde(default)]
    pub body_delay_ms: u64,
    #[serde(default)]
    pub message: Option<String>,
}

fn one() -> u32 {
    1
}

/// How many faults may wait at once.
pub const MAX_FAULTS: usize = 100;

#[derive(Default)]
pub struct Faults(Mutex<Vec<Fault>>);

impl Faults {
    /// The list; a panic elsewhere while it was held leaves it usable (it is never left
    /// half-changed).
    fn list(&self) -> MutexGuard<'_, Vec<Fault>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a fault after checking it (400 for a path that is not absolute or is a test
    /// control, a status outside 400–599, a delay over [`MAX_FAULT_DELAY_MS`]); 409 when
    /// [`MAX_FAULTS`] are already waiting.
    pub fn add(&self, f: Fault) -> Result<(), AppError> {
        if !f.path.starts_with('/') {
            return Err(AppError::bad_request("path must start with '/'."));
        }
        if is_test_control(&f.path) {
            return Err(AppError::bad_request(
                "The test-control routes cannot be faulted (so faults can always be cleared).",
            ));
        }
        if f.status.is_some_and(|s| !(400..=599).contains(&s)) {
            return Err(AppError::bad_request("status must be between 400 and 599."));
        }
        if f.delay_ms > MAX_FAULT_DELAY_MS || f.body_delay_ms > MAX_FAULT_DELAY_MS {
            return Err(AppError::bad_request(
                "delay_ms and body_delay_ms must be at most 600000 (10 minutes).",
            ));
        }
        let mut v = self.list();
        if v.len() >= MAX_FAULTS {
            return Err(AppError::conflict(format!(
                "{MAX_FAULTS} faults are already waiting; clear them with DELETE /sim/faults first."
            )));
        }
        v.push(f);
        Ok(())
    }

    pub fn clear(&self) {
        self.list().clear();
    }

    /// How many faults are waiting.
    pub fn len(&self) -> usize {
        self.list().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Takes one use of the first fault matching the request.
    fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut v = self.list();
        let i = v.iter().position(|f| {
            f.count > 0
                && f.path == path
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        v[i].count -= 1;
        let f = v[i].clone();
        if v[i].count == 0 {
            v.remove(i);
        }
        Some(f)
    }
}

/// Middleware applying the faults; CORS preflights and the test controls are never faulted.
pub async fn inject(State(state): State<Shared>, req: Request, next: Next) -> Response {
    if !state.test_controls
        || req.method() == axum::http::Method::OPTIONS
        || is_test_control(req.uri().path())
    {
        return next.run(req).await;
    }
    let Some(f) = state.faults.take(req.method().as_str(), req.uri().path()) else {
        return next.run(req).await;
    };
    if f.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(f.delay_ms)).await;
    }
    let response = match f.status.and_then(|s| StatusCode::from_u16(s).ok()) {
        Some(status) => AppError::new(
            status,
            f.message
                .unwrap_or_else(|| format!("Injected fault: {}", status.as_u16())),
        )
        .into_response(),
        None => next.run(req).await,
    };
    if f.body_delay_ms == 0 {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = SlowBody {
        wait: Box::pin(tokio::time::sleep(Duration::from_millis(f.body_delay_ms))),
        body,
    };
    Response::from_parts(parts, axum::body::Body::new(body))
}

/// A body that yields nothing until its wait is over, then the body it wraps; the head of
/// the response goes out before it (with its Content-Length, so the client waits).
struct SlowBody {
    wait: std::pin::Pin<Box<tokio::time::Sleep>>,
    body: axum::body::Body,
}

impl axum::body::HttpBody for SlowBody {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if self.wait.as_mut().poll(cx).is_pending() {
            return std::task::Poll::Pending;
        }
        std::pin::Pin::new(&mut self.body).poll_frame(cx)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}
