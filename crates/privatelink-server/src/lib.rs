//! The Aiven-compatible server for Azure PrivateLink: the API of `wire-contract.md`, a
//! simulated Azure side, SQLite storage, and the built panel at `/`.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it in-process with
//! `tower::ServiceExt::oneshot` and `main` serves it on a socket.

pub mod clock;
pub mod demo;
pub mod error;
pub mod extract;
pub mod faults;
pub mod model;
pub mod openapi;
pub mod routes;
pub mod sim_cli;
pub mod static_files;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{Extensions, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};

pub use clock::Clock;
pub use model::Delays;
pub use store::Store;

use crate::error::{ApiResult, AppError};
use crate::faults::Faults;
use crate::model::ServiceRecord;
use crate::static_files::Panel;
use crate::store::Tx;

/// Everything a request handler needs.
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    pub delays: Delays,
    /// Whether the test-only /sim routes (faults, clock, services, tokens) are served.
    pub test_controls: bool,
    pub faults: Faults,
    pub panel: Option<Panel>,
}

pub type Shared = Arc<AppState>;

/// How the server is set up; `main` fills it from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub demo_token: Option<String>,
    pub panel_dir: Option<PathBuf>,
    pub test_controls: bool,
    pub manual_clock: bool,
    pub delays: Delays,
}

impl AppState {
    /// Opens the store, seeds the demo data on first start, and loads the panel.
    /// Returns the state and the demo token.
    pub fn open(cfg: &Config) -> Result<(Shared, String), String> {
        let store = Store::open(&cfg.data_dir)?;
        let clock = if cfg.manual_clock {
            Clock::manual()
        } else {
            Clock::System
        };
        let token = demo::seed(&store, cfg.demo_token.as_deref()).map_err(|e| e.message)?;
        let panel = cfg.panel_dir.as_deref().map(Panel::load);
        let state = AppState {
            store,
            clock,
            delays: cfg.delays,
            test_controls: cfg.test_controls,
            faults: Faults::default(),
            panel,
        };
        Ok((Arc::new(state), token))
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The service as the simulated Azure side has it now, read in one snapshot and not
    /// written back (the state follows from the stored timestamps); 404 when unknown.
    pub fn view_service(&self, project: &str, service: &str) -> ApiResult<ServiceRecord> {
        self.store.read(|tx| self.load(tx, project, service))
    }

    /// Loads the service brought up to now, lets `f` change it and saves it, all in one
    /// write transaction: nothing is saved when `f` fails.
    pub fn update_service<T>(
        &self,
        project: &str,
        service: &str,
        f: impl FnOnce(&mut ServiceRecord) -> ApiResult<T>,
    ) -> ApiResult<T> {
        self.store.tx(|tx| {
            let mut s = self.load(tx, project, service)?;
            let out = f(&mut s)?;
            tx.put_service(&s)?;
            Ok(out)
        })
    }

    fn load(&self, tx: &Tx<'_>, project: &str, service: &str) -> ApiResult<ServiceRecord> {
        let mut s = tx
            .service(project, service)?
            .ok_or_else(|| AppError::service_not_found(service))?;
        s.advance(self.now(), &self.delays);
        Ok(s)
    }
}

/// The whole application.
pub fn app(state: Shared) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE])
        .max_age(Duration::from_secs(600));
    Router::new()
        .merge(routes::router())
        .fallback(static_files::serve)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(middleware::from_fn(error_bodies))
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(is_json)))
        .layer(cors)
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Which answers the compression layer compresses on the fly: the API's JSON. The panel's
/// files are sent precompressed ([`static_files`]) and never compressed again.
fn is_json(_: StatusCode, _: axum::http::Version, h: &HeaderMap, _: &Extensions) -> bool {
    h.get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"))
}

/// Gives responses that axum produced without a body (405 and the like) the Aiven error body.
async fn error_bodies(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if status.is_client_error() || status.is_server_error() {
        let is_json = res
            .headers()
            .get(CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        if !is_json {
            let message = match status {
                StatusCode::METHOD_NOT_ALLOWED => {
                    "This path does not support that method.".to_owned()
                }
                StatusCode::NOT_FOUND => "Not found.".to_owned(),
                s => s.canonical_reason().unwrap_or("Request failed").to_owned() + ".",
            };
            let mut out = AppError::new(status, message).into_response();
            if let Some(allow) = res.headers().get("allow") {
                out.headers_mut().insert("allow", allow.clone());
            }
            return out;
        }
    }
    res
}

/// One log line per request on stderr.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let start = Instant::now();
    let res = next.run(req).await;
    tracing::info!(
        "{method} {path} -> {} ({:.1} ms)",
        res.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    res
}

/// Random bytes as lowercase hex (tokens, IDs).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the OS random source is available");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Random 64-bit numbers.
pub fn random_u64() -> u64 {
    let mut buf = [0u8; 8];
    getrandom::fill(&mut buf).expect("the OS random source is available");
    u64::from_le_bytes(buf)
}

/// A header value known to be valid.
pub(crate) fn header(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""))
}
