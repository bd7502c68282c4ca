//! `--bench-routes` only: the load benchmark's baseline, a bare handler behind the same
//! server loop and layers as the API. `PUT /bench/bare` stores a body; `GET /bench/bare`
//! answers it as JSON with no token, no database and no serialisation, so the benchmark
//! compares the API's own work against nothing. Not in the OpenAPI document.

use std::sync::PoisonError;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::Shared;

pub fn router() -> Router<Shared> {
    Router::new().route("/bench/bare", get(bare_get).put(bare_put))
}

async fn bare_get(State(st): State<Shared>) -> Response {
    let body = st
        .bench_body
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

async fn bare_put(State(st): State<Shared>, body: Bytes) -> StatusCode {
    *st.bench_body.lock().unwrap_or_else(PoisonError::into_inner) = body;
    StatusCode::NO_CONTENT
}
