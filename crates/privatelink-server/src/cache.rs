//! Read-through caches for the GETs clients poll: a service as a read left it (checked,
//! typed and brought up to "now"), and a token's projects. Parsing a record with a hundred
//! connections costs far more than the rest of a request, and pollers ask for the same
//! record again and again.
//!
//! An entry is used only while all of these hold, else the database is read again:
//! - no write has been committed by this server since it was read (the store's
//!   [`generation`](crate::Store::generation));
//! - the simulated clock has not reached the record's next scheduled change
//!   ([`ServiceRecord::next_change`]) and has not gone back;
//! - it is younger than [`MAX_AGE`], so a change made to the database from outside (a
//!   `sqlite3` shell) shows within that time.
//!
//! A view also keeps each JSON answer made from it the first time one is asked for, so a
//! poll of an unchanged service sends bytes already made. Nothing here writes to the
//! database.

use privatelink_core::roles::Role;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};

use crate::error::ApiResult;
use crate::model::ServiceRecord;

/// How long an entry is used at most.
pub const MAX_AGE: Duration = Duration::from_secs(1);

struct Entry<T> {
    generation: u64,
    loaded: Instant,
    value: T,
}

impl<T> Entry<T> {
    fn fresh(&self, generation: u64) -> bool {
        self.generation == generation && self.loaded.elapsed() < MAX_AGE
    }
}

/// A service as read, and the answers made from it so far.
pub struct View {
    pub record: ServiceRecord,
    answers: [OnceLock<Bytes>; 7],
}

/// The answers a [`View`] keeps.
#[derive(Clone, Copy)]
pub enum Answer {
    Service = 0,
    Privatelink = 1,
    Connections = 2,
    AwsPrivatelink = 3,
    AwsConnections = 4,
    GooglePrivatelink = 5,
    GoogleConnections = 6,
}

impl View {
    pub fn new(record: ServiceRecord) -> View {
        View {
            record,
            answers: Default::default(),
        }
    }

    /// The JSON answer `which`, made by `make` the first time (a refusal is not kept).
    pub fn answer<T: serde::Serialize>(
        &self,
        which: Answer,
        make: impl FnOnce(&ServiceRecord) -> ApiResult<T>,
    ) -> ApiResult<JsonBytes> {
        let cell = &self.answers[which as usize];
        if let Some(b) = cell.get() {
            return Ok(JsonBytes(b.clone()));
        }
        let bytes = Bytes::from(serde_json::to_vec(&make(&self.record)?)?);
        let _ = cell.set(bytes.clone());
        Ok(JsonBytes(bytes))
    }
}

impl std::ops::Deref for View {
    type Target = ServiceRecord;
    fn deref(&self) -> &ServiceRecord {
        &self.record
    }
}

/// A JSON answer already serialised (what `axum::Json` would have sent).
pub struct JsonBytes(pub Bytes);

impl IntoResponse for JsonBytes {
    fn into_response(self) -> Response {
        (
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            self.0,
        )
            .into_response()
    }
}

struct CachedView {
    view: Arc<View>,
    /// The simulated time the record was brought up to, and its next change.
    at_ms: i64,
    until_ms: Option<i64>,
}

/// How many loads of different services may run at once (a service always maps to the
/// same one, so concurrent misses of one service make one database read, not one each).
const LOAD_GATES: usize = 16;

pub struct Cache {
    views: Mutex<HashMap<(String, String), Entry<CachedView>>>,
    tokens: Mutex<HashMap<String, Entry<Arc<Grant>>>>,
    gates: [tokio::sync::Mutex<()>; LOAD_GATES],
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            views: Mutex::default(),
            tokens: Mutex::default(),
            gates: std::array::from_fn(|_| tokio::sync::Mutex::new(())),
        }
    }
}

/// What a token may use: its projects, and its role in each (admin where it is no
/// member's).
#[derive(Debug, Default)]
pub struct Grant {
    pub projects: Vec<String>,
    pub roles: Vec<(String, Role)>,
}

impl Grant {
    pub fn may_use(&self, project: &str) -> bool {
        self.projects.iter().any(|p| p == project)
    }

    pub fn role_in(&self, project: &str) -> Role {
        self.roles
            .iter()
            .find(|(p, _)| p == project)
            .map_or(Role::Admin, |(_, r)| *r)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Cache {
    /// The gate a load of this service goes through: the first request that misses loads,
    /// the others wait for it and then find its answer here (no stampede after a write).
    pub fn load_gate(&self, project: &str, service: &str) -> &tokio::sync::Mutex<()> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (project, service).hash(&mut h);
        &self.gates[(h.finish() % LOAD_GATES as u64) as usize]
    }

    /// The service as read at store generation `generation`, if still good at `now_ms`.
    pub fn view(
        &self,
        project: &str,
        service: &str,
        generation: u64,
        now_ms: i64,
    ) -> Option<Arc<View>> {
        let views = lock(&self.views);
        let e = views.get(&(project.to_owned(), service.to_owned()))?;
        let v = &e.value;
        (e.fresh(generation) && now_ms >= v.at_ms && v.until_ms.is_none_or(|u| now_ms < u))
            .then(|| v.view.clone())
    }

    /// Keeps a service read at `generation` and brought up to `at_ms`.
    pub fn put_view(&self, generation: u64, at_ms: i64, until_ms: Option<i64>, view: Arc<View>) {
        let key = (view.project.clone(), view.service_name.clone());
        let mut views = lock(&self.views);
        // Services are few (the simulator makes them), but never let the map grow for good.
        if views.len() >= 10_000 {
            views.clear();
        }
        views.insert(
            key,
            Entry {
                generation,
                loaded: Instant::now(),
                value: CachedView {
                    view,
                    at_ms,
                    until_ms,
                },
            },
        );
    }

    /// What the token with this hash may use, as read at `generation`.
    pub fn token(&self, hash: &str, generation: u64) -> Option<Arc<Grant>> {
        let tokens = lock(&self.tokens);
        let e = tokens.get(hash)?;
        e.fresh(generation).then(|| e.value.clone())
    }

    /// Keeps a known token's grant (unknown tokens are not kept: anyone can send many).
    pub fn put_token(&self, hash: String, generation: u64, projects: Arc<Grant>) {
        let mut tokens = lock(&self.tokens);
        if tokens.len() >= 10_000 {
            tokens.clear();
        }
        tokens.insert(
            hash,
            Entry {
                generation,
                loaded: Instant::now(),
                value: projects,
            },
        );
    }
}
