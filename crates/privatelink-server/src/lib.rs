//! The Aiven-compatible server for private links (Azure PrivateLink, AWS PrivateLink,
//! Google Private Service Connect): the API of `docs/wire-contract.md` and
//! `docs/multicloud.md`, the three clouds' sides simulated ([`model`]), SQLite storage, and
//! the built panel at `/`.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it in-process with
//! `tower::ServiceExt::oneshot` and `main` serves it on a socket through [`server::serve`]
//! (timeouts and a connection cap). Storage is in [`store`] (off the async workers, bounded
//! waits) with a read [`cache`] in front of it for what clients poll.

pub mod cache;
pub mod clock;
pub mod demo;
pub mod error;
pub mod export_cli;
pub mod extract;
pub mod faults;
pub mod model;
pub mod openapi;
pub mod route_spec;
pub mod routes;
pub mod server;
pub mod sim_cli;
pub mod static_files;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, ORIGIN};
use axum::http::{Extensions, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};

pub use clock::Clock;
pub use model::Delays;
pub use server::Limits;
pub use store::Store;

use crate::error::{ApiResult, AppError};
use crate::faults::Faults;
use crate::model::ServiceRecord;
use crate::static_files::Panel;
use crate::store::Tx;
use privatelink_core::roles::Role;

/// Everything a request handler needs.
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    pub delays: Delays,
    /// Whether the test-only /sim routes (faults, clock, services, tokens) are served.
    pub test_controls: bool,
    pub faults: Faults,
    pub panel: Option<Panel>,
    pub limits: Limits,
    /// The one origin allowed to call `/sim` from a browser (`--sim-cors-origin`).
    pub sim_cors_origin: Option<HeaderValue>,
    /// Whether the load benchmark's `/bench/bare` route is served.
    pub bench_routes: bool,
    /// The body `/bench/bare` answers with.
    pub bench_body: std::sync::Mutex<axum::body::Bytes>,
    /// What GETs read most, kept between reads (see [`cache`]).
    pub cache: cache::Cache,
    /// The SHA-256 of the demo token, the one token the test controls take.
    demo_token_hash: String,
}

pub type Shared = Arc<AppState>;

/// How the server is set up; `main` fills it from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    /// The demo token; a fresh random one on every start when `None`. Either way it
    /// replaces (revokes) the previous demo token.
    pub demo_token: Option<String>,
    pub panel_dir: Option<PathBuf>,
    pub test_controls: bool,
    pub manual_clock: bool,
    pub delays: Delays,
    pub limits: Limits,
    /// Answer CORS on `/sim` for exactly this origin (browser-run tests only; needs
    /// `test_controls`).
    pub sim_cors_origin: Option<String>,
    /// Serve `/bench/bare` (the load benchmark's baseline).
    pub bench_routes: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from(".data"),
            demo_token: None,
            panel_dir: None,
            test_controls: false,
            manual_clock: false,
            delays: Delays::default(),
            limits: Limits::default(),
            sim_cors_origin: None,
            bench_routes: false,
        }
    }
}

impl AppState {
    /// Opens the store, seeds the demo data on first start, makes the demo token current,
    /// and loads the panel. Returns the state and the demo token.
    pub fn open(cfg: &Config) -> Result<(Shared, String), String> {
        let sim_cors_origin = match &cfg.sim_cors_origin {
            None => None,
            Some(_) if !cfg.test_controls => {
                return Err("--sim-cors-origin needs --test-controls".to_owned())
            }
            Some(o) => Some(HeaderValue::from_str(o).map_err(|_| format!("invalid origin {o:?}"))?),
        };
        let store = Store::open(&cfg.data_dir, cfg.limits.db_wait)?;
        let clock = if cfg.manual_clock {
            Clock::manual()
        } else {
            Clock::System
        };
        let (token, demo_token_hash) =
            demo::seed(&store, cfg.demo_token.as_deref(), clock.now_ms()).map_err(|e| e.message)?;
        let panel = cfg.panel_dir.as_deref().map(Panel::load);
        let state = AppState {
            store,
            clock,
            delays: cfg.delays,
            test_controls: cfg.test_controls,
            faults: Faults::default(),
            panel,
            limits: cfg.limits,
            sim_cors_origin,
            bench_routes: cfg.bench_routes,
            bench_body: Default::default(),
            cache: Default::default(),
            demo_token_hash,
        };
        Ok((Arc::new(state), token))
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Whether `token` is the demo token.
    pub fn is_demo_token(&self, token: &str) -> bool {
        store::token_hash(token) == self.demo_token_hash
    }

    /// The demo token's hash (the key of its row in `tokens`).
    pub fn demo_token_hash(&self) -> &str {
        &self.demo_token_hash
    }

    /// The service as the simulated Azure side has it now, read in one snapshot on a
    /// reader connection (or reused from the [`cache`] while nothing can have changed it)
    /// and not written back: the state follows from the stored timestamps. 404 when
    /// unknown.
    pub async fn view_service(&self, project: &str, service: &str) -> ApiResult<Arc<cache::View>> {
        if let Some(v) = self
            .cache
            .view(project, service, self.store.generation(), self.now())
        {
            return Ok(v);
        }
        let _gate = self.cache.load_gate(project, service).lock().await;
        let now = self.now();
        let generation = self.store.generation();
        if let Some(v) = self.cache.view(project, service, generation, now) {
            return Ok(v);
        }
        let (p, s, delays) = (project.to_owned(), service.to_owned(), self.delays);
        let record = self
            .store
            .read(move |tx| load(tx, &p, &s, now, &delays))
            .await?;
        let until = record.next_change(&self.delays);
        let view = Arc::new(cache::View::new(record));
        self.cache.put_view(generation, now, until, view.clone());
        Ok(view)
    }

    /// What a token may use (`None` for an unknown token): its projects and its role in
    /// each, from the [`cache`] while no write has happened since it was read.
    pub async fn token_grant(&self, token: &str) -> ApiResult<Option<Arc<cache::Grant>>> {
        let hash = store::token_hash(token);
        let generation = self.store.generation();
        if let Some(p) = self.cache.token(&hash, generation) {
            return Ok(Some(p));
        }
        let key = hash.clone();
        let projects = self
            .store
            .read(move |tx| {
                let Some(projects) = tx.token_hash_projects(&key)? else {
                    return Ok(None);
                };
                let roles = tx
                    .token_hash_roles(&key)?
                    .into_iter()
                    // A role this build does not know grants nothing it would not grant a
                    // read-only member.
                    .map(|(p, r)| (p, Role::parse(&r).unwrap_or(Role::ReadOnly)))
                    .collect();
                Ok(Some(cache::Grant { projects, roles }))
            })
            .await?
            .map(Arc::new);
        if let Some(p) = &projects {
            self.cache.put_token(hash, generation, p.clone());
        }
        Ok(projects)
    }

    /// Loads the service brought up to now, lets `f` change it and saves it, all in one
    /// write transaction: nothing is saved when `f` fails.
    pub async fn update_service<T, F>(&self, project: &str, service: &str, f: F) -> ApiResult<T>
    where
        F: FnOnce(&mut ServiceRecord) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (project, service) = (project.to_owned(), service.to_owned());
        let (now, delays) = (self.now(), self.delays);
        self.store
            .write(move |tx| {
                let mut s = load(tx, &project, &service, now, &delays)?;
                let out = f(&mut s)?;
                tx.put_service(&s)?;
                Ok(out)
            })
            .await
    }
}

fn load(
    tx: &Tx<'_>,
    project: &str,
    service: &str,
    now: i64,
    delays: &Delays,
) -> ApiResult<ServiceRecord> {
    let mut s = tx
        .service(project, service)?
        .ok_or_else(|| AppError::service_not_found(service))?;
    s.advance(now, delays);
    Ok(s)
}

/// The whole application.
pub fn app(state: Shared) -> Router {
    app_with_routes(state, Router::new())
}

/// The application with `extra` routes under the same layers (tests use it to reach the
/// layers with handlers of their own).
pub fn app_with_routes(state: Shared, extra: Router<Shared>) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE])
        .max_age(Duration::from_secs(600));
    let mut routes = routes::router().merge(extra);
    if state.bench_routes {
        routes = routes.merge(routes::bench::router());
    }
    routes
        .fallback(static_files::serve)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        // A panic is its own request's 500, with the error body; nothing else sees it.
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(error_bodies))
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(is_json)))
        .layer(cors)
        .layer(middleware::from_fn_with_state(state.clone(), sim_no_cors))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

fn panic_response(cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = cause
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| cause.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned());
    AppError::internal(format!("a request handler panicked: {what}")).into_response()
}

/// Whether a path is one of the simulator's (`/sim` and below).
pub fn is_sim_path(path: &str) -> bool {
    path == "/sim" || path.starts_with("/sim/")
}

/// `/sim` is not part of the Aiven API and sends no CORS headers, so no web page of another
/// origin can drive it (its bodies are JSON only, which a browser sends cross-origin only
/// after a preflight, and the preflight is refused). The one exception is the origin given
/// with `--sim-cors-origin`, for tests that run in a browser.
async fn sim_no_cors(
    axum::extract::State(st): axum::extract::State<Shared>,
    req: Request,
    next: Next,
) -> Response {
    if !is_sim_path(req.uri().path()) {
        return next.run(req).await;
    }
    let allowed = st
        .sim_cors_origin
        .as_ref()
        .filter(|o| req.headers().get(ORIGIN) == Some(*o))
        .cloned();
    let preflight = req.method() == Method::OPTIONS
        && req.headers().contains_key("access-control-request-method");
    let mut res = if preflight && allowed.is_some() {
        StatusCode::NO_CONTENT.into_response()
    } else if preflight {
        AppError::forbidden("The simulator routes take no cross-origin requests.").into_response()
    } else {
        let mut res = next.run(req).await;
        let h = res.headers_mut();
        let names: Vec<_> = h
            .keys()
            .filter(|k| k.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for k in names {
            h.remove(k);
        }
        res
    };
    if let Some(origin) = allowed {
        let h = res.headers_mut();
        h.insert("access-control-allow-origin", origin);
        h.append(axum::http::header::VARY, HeaderValue::from_static("origin"));
        if preflight {
            h.insert(
                "access-control-allow-methods",
                HeaderValue::from_static("GET, POST, PUT, DELETE"),
            );
            h.insert(
                "access-control-allow-headers",
                HeaderValue::from_static("authorization, content-type"),
            );
        }
    }
    res
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
