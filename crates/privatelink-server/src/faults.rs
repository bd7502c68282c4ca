//! Fault injection for clients' tests (only with `--test-controls`): the next N requests
//! matching a method and an exact path wait a given delay, then fail with a given status
//! or go through.

use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::AppError;
use crate::Shared;

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
    #[serde(default)]
    pub message: Option<String>,
}

fn one() -> u32 {
    1
}

#[derive(Default)]
pub struct Faults(Mutex<Vec<Fault>>);

impl Faults {
    pub fn add(&self, f: Fault) {
        if let Ok(mut v) = self.0.lock() {
            v.push(f);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut v) = self.0.lock() {
            v.clear();
        }
    }

    /// Takes one use of the first fault matching the request.
    fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut v = self.0.lock().ok()?;
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

/// Middleware applying the faults; CORS preflights are never faulted.
pub async fn inject(State(state): State<Shared>, req: Request, next: Next) -> Response {
    if !state.test_controls || req.method() == axum::http::Method::OPTIONS {
        return next.run(req).await;
    }
    let Some(f) = state.faults.take(req.method().as_str(), req.uri().path()) else {
        return next.run(req).await;
    };
    if f.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(f.delay_ms)).await;
    }
    match f.status.and_then(|s| StatusCode::from_u16(s).ok()) {
        Some(status) => AppError::new(
            status,
            f.message
                .unwrap_or_else(|| format!("Injected fault: {}", status.as_u16())),
        )
        .into_response(),
        None => next.run(req).await,
    }
}
