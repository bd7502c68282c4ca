//! SQLite storage in the data directory, kept off the async workers.
//!
//! - **WAL, one writer, several readers.** Writes run in one immediate transaction on the one
//!   writer connection; reads run in a deferred transaction (a consistent snapshot) on a small
//!   pool of reader connections opened `query_only`, so a read can never write and never
//!   waits for a writer. Every transaction runs on tokio's blocking pool, never on an async
//!   worker, so a slow or locked database cannot stall other requests, static files or
//!   `/openapi.json`.
//! - **Bounded waits.** A request waits at most [`Store::wait`] in all for its connection
//!   and for SQLite's lock (the busy timeout is what is left of it), then fails with a 503
//!   ([`AppError::busy`]): a database locked by another process gives fast, clear errors
//!   instead of a queue of requests each waiting its own timeout.
//! - **No poisoning.** A connection is taken out of its slot for the length of one
//!   transaction and put back afterwards; a panic inside a transaction drops it (SQLite rolls
//!   the transaction back) and the next request opens a fresh one. No lock is held across
//!   user code.
//! - **Numbered migrations** ([`MIGRATIONS`]) through `user_version`; a database written by a
//!   newer schema is refused before anything is written.
//! - **Private files**: the data directory is created 0700 and the database files are 0600;
//!   tokens are stored as SHA-256 hashes, never as they are.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{ApiResult, AppError};
use crate::model::ServiceRecord;

/// The file name of the database in the data directory.
pub const DB_FILE: &str = "privatelink.db";
/// Reader connections kept open (the machine has few cores; more would only queue in SQLite).
pub const READERS: usize = 4;
/// How long a request may wait for the database by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(2);

/// One schema step: `apply` takes the schema from `version - 1` to `version`.
pub struct Migration {
    pub version: i64,
    pub what: &'static str,
    apply: fn(&Transaction<'_>) -> rusqlite::Result<()>,
}

/// Every schema step, in order; the last one's version is [`SCHEMA_VERSION`].
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        what: "tables meta, tokens and services",
        apply: |tx| {
            tx.execute_batch(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 CREATE TABLE tokens (token TEXT PRIMARY KEY, projects TEXT NOT NULL);
                 CREATE TABLE services (project TEXT NOT NULL, name TEXT NOT NULL,
                                        data TEXT NOT NULL, PRIMARY KEY (project, name));",
            )
        },
    },
    Migration {
        version: 2,
        what: "tokens stored as SHA-256 hashes",
        apply: |tx| {
            tx.execute_batch(
                "CREATE TABLE token_hashes (hash TEXT PRIMARY KEY, projects TEXT NOT NULL);",
            )?;
            let tokens: Vec<(String, String)> = tx
                .prepare("SELECT token, projects FROM tokens")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (token, projects) in tokens {
                tx.execute(
                    "INSERT OR IGNORE INTO token_hashes (hash, projects) VALUES (?1, ?2)",
                    params![token_hash(&token), projects],
                )?;
            }
            let demo: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE key = 'demo_token'", [], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(demo) = demo {
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo_token_hash', ?1)",
                    params![token_hash(&demo)],
                )?;
            }
            tx.execute_batch(
                "DELETE FROM meta WHERE key = 'demo_token';
                 DROP TABLE tokens;
                 ALTER TABLE token_hashes RENAME TO tokens;",
            )
        },
    },
    Migration {
        version: 3,
        what: "project members with a role, each with a token",
        apply: |tx| {
            tx.execute_batch(
                "CREATE TABLE members (project TEXT NOT NULL, email TEXT NOT NULL,
                                       role TEXT NOT NULL, token_hash TEXT NOT NULL,
                                       PRIMARY KEY (project, email));
                 CREATE INDEX members_by_token ON members (token_hash);",
            )
        },
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// A token as stored: the lowercase hex SHA-256 of its bytes.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    wait: Duration,
    /// Committed writes so far (see [`Store::generation`]).
    generation: AtomicU64,
    /// One permit: the writer connection's turn.
    write_turn: Arc<Semaphore>,
    writer: Mutex<Option<Connection>>,
    /// [`READERS`] permits.
    read_turn: Arc<Semaphore>,
    readers: Mutex<Vec<Connection>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Reader,
    Writer,
}

impl Store {
    /// Opens (creating if needed) `dir/privatelink.db` and migrates it. A database of a newer
    /// schema than [`SCHEMA_VERSION`] is refused before anything is written. `wait` bounds
    /// how long a request waits for the database (see the module doc).
    pub fn open(dir: &Path, wait: Duration) -> Result<Store, String> {
        create_private_dir(dir)?;
        let path = dir.join(DB_FILE);
        if let Some(v) = header_user_version(&path).filter(|v| *v > SCHEMA_VERSION) {
            return Err(newer_schema(&path, v));
        }
        make_private(&path)?;
        let mut conn =
            Connection::open(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        // Also read through SQLite (the header may be behind the WAL), still before writing.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if version > SCHEMA_VERSION {
            return Err(newer_schema(&path, version));
        }
        conn.busy_timeout(Duration::from_secs(10))
            .and_then(|_| conn.pragma_update(None, "journal_mode", "WAL"))
            // NORMAL in WAL mode: a commit survives the process being killed (it is in the
            // WAL, in the OS's cache); only a power cut may lose the last ones.
            .and_then(|_| conn.pragma_update(None, "synchronous", "NORMAL"))
            .map_err(|e| format!("cannot configure {}: {e}", path.display()))?;
        let mut migrated = false;
        for m in MIGRATIONS {
            migrated |= migrate(&mut conn, m).map_err(|e| {
                format!(
                    "migration {} ({}) of {} failed: {e}",
                    m.version,
                    m.what,
                    path.display()
                )
            })?;
        }
        if migrated {
            // Old pages (tokens as they were, before migration 2) leave the WAL and the
            // file now, zeroed by secure_delete.
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
                .map_err(|e| format!("cannot checkpoint {}: {e}", path.display()))?;
        }
        // The WAL and shared-memory files now exist: private like the database.
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", path.display()));
            if side.exists() {
                make_private(&side)?;
            }
        }
        Ok(Store {
            inner: Arc::new(Inner {
                path,
                wait,
                generation: AtomicU64::new(0),
                write_turn: Arc::new(Semaphore::new(1)),
                writer: Mutex::new(Some(conn)),
                read_turn: Arc::new(Semaphore::new(READERS)),
                readers: Mutex::new(Vec::new()),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// How many write transactions this store has committed: a value read before a read
    /// transaction that is still current afterwards means nothing changed meanwhile
    /// (through this server; see [`crate::cache`]).
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::SeqCst)
    }

    /// How long a request waits for the database before a 503.
    pub fn wait(&self) -> Duration {
        self.inner.wait
    }

    /// Runs `f` in one immediate (write-locked) transaction on the blocking pool; commits
    /// when it returns Ok, rolls back otherwise.
    pub async fn write<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&Tx<'_>) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run(Role::Writer, f).await
    }

    /// Runs `f`, which only reads, in one deferred transaction (a consistent snapshot) on a
    /// reader connection, on the blocking pool.
    pub async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&Tx<'_>) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run(Role::Reader, f).await
    }

    /// [`Store::write`] from synchronous code (start-up); 503 if another write is under way.
    pub fn write_blocking<T>(&self, f: impl FnOnce(&Tx<'_>) -> ApiResult<T>) -> ApiResult<T> {
        let permit = self
            .inner
            .write_turn
            .clone()
            .try_acquire_owned()
            .map_err(|_| AppError::busy())?;
        self.inner
            .transaction(Role::Writer, Instant::now() + self.inner.wait, permit, f)
    }

    async fn run<T, F>(&self, role: Role, f: F) -> ApiResult<T>
    where
        F: FnOnce(&Tx<'_>) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let deadline = Instant::now() + self.inner.wait;
        let turn = match role {
            Role::Reader => &self.inner.read_turn,
            Role::Writer => &self.inner.write_turn,
        };
        let permit = tokio::time::timeout_at(deadline.into(), turn.clone().acquire_owned())
            .await
            .map_err(|_| AppError::busy())?
            .map_err(|_| AppError::internal("the store is closed"))?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || inner.transaction(role, deadline, permit, f))
            .await
            .map_err(|e| {
                if e.is_panic() {
                    AppError::internal("a storage task panicked; its transaction was rolled back")
                } else {
                    AppError::internal(e)
                }
            })?
    }
}

impl Inner {
    /// One transaction on a connection taken from its slot (or a fresh one) and put back
    /// afterwards; a panic in `f` drops the connection instead (no lock is held meanwhile).
    fn transaction<T>(
        &self,
        role: Role,
        deadline: Instant,
        permit: OwnedSemaphorePermit,
        f: impl FnOnce(&Tx<'_>) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let _turn = permit;
        let mut conn = match self.take(role) {
            Some(c) => c,
            None => self.connect(role)?,
        };
        // What is left of the request's wait is how long SQLite may wait for its lock.
        conn.busy_timeout(deadline.saturating_duration_since(Instant::now()))?;
        let out = run_tx(&mut conn, role, f);
        if role == Role::Writer && out.is_ok() {
            self.generation.fetch_add(1, Ordering::SeqCst);
        }
        self.put_back(role, conn);
        out
    }

    fn take(&self, role: Role) -> Option<Connection> {
        match role {
            Role::Writer => self
                .writer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
            Role::Reader => self
                .readers
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop(),
        }
    }

    fn put_back(&self, role: Role, conn: Connection) {
        if !conn.is_autocommit() {
            // Never hand on a connection with a transaction left open.
            let _ = conn.execute_batch("ROLLBACK");
        }
        match role {
            Role::Writer => {
                *self.writer.lock().unwrap_or_else(PoisonError::into_inner) = Some(conn);
            }
            Role::Reader => self
                .readers
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(conn),
        }
    }

    fn connect(&self, role: Role) -> ApiResult<Connection> {
        let conn = Connection::open(&self.path)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        if role == Role::Reader {
            // A read path that tried to write would fail here instead of taking the lock.
            conn.pragma_update(None, "query_only", true)?;
        }
        Ok(conn)
    }
}

fn run_tx<T>(
    conn: &mut Connection,
    role: Role,
    f: impl FnOnce(&Tx<'_>) -> ApiResult<T>,
) -> ApiResult<T> {
    let behavior = match role {
        Role::Reader => TransactionBehavior::Deferred,
        Role::Writer => TransactionBehavior::Immediate,
    };
    let tx = Tx(conn.transaction_with_behavior(behavior)?);
    // On Err the transaction is dropped, which rolls it back.
    let out = f(&tx)?;
    tx.0.commit()?;
    Ok(out)
}

/// Applies `m` unless the schema has it already; whether it did.
fn migrate(conn: &mut Connection, m: &Migration) -> rusqlite::Result<bool> {
    // What a migration deletes (tokens as they were) is overwritten, not left in free pages.
    conn.pragma_update(None, "secure_delete", true)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version >= m.version {
        return Ok(false);
    }
    (m.apply)(&tx)?;
    tx.pragma_update(None, "user_version", m.version)?;
    tx.commit()?;
    Ok(true)
}

fn newer_schema(path: &Path, version: i64) -> String {
    format!(
        "{} has schema version {version}, newer than this server's version {SCHEMA_VERSION}: \
         it was written by a newer privatelink-server. Run that version, or start this one \
         with another --data-dir. Nothing was changed.",
        path.display()
    )
}

/// `user_version` as the database file's header has it (bytes 60..64), without opening it.
fn header_user_version(path: &Path) -> Option<i64> {
    let mut head = [0u8; 64];
    fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    if &head[..16] != b"SQLite format 3\0" {
        return None;
    }
    Some(i64::from(i32::from_be_bytes([
        head[60], head[61], head[62], head[63],
    ])))
}

/// Creates the data directory readable by its owner only; an existing one is left as it is
/// (it may be a directory the user chose for other things too).
fn create_private_dir(dir: &Path) -> Result<(), String> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
        .map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))
}

/// Creates `path` empty and private if missing, else makes it private (0600).
fn make_private(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if path.exists() {
            let meta = fs::metadata(path).map_err(|e| e.to_string())?;
            if meta.permissions().mode() & 0o077 != 0 {
                fs::set_permissions(path, fs::Permissions::from_mode(0o600))
                    .map_err(|e| format!("cannot make {} private: {e}", path.display()))?;
            }
        } else {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// An open transaction.
pub struct Tx<'c>(Transaction<'c>);

impl Tx<'_> {
    pub fn service(&self, project: &str, name: &str) -> ApiResult<Option<ServiceRecord>> {
        let data: Option<String> = self
            .0
            .prepare_cached("SELECT data FROM services WHERE project = ?1 AND name = ?2")?
            .query_row(params![project, name], |r| r.get(0))
            .optional()?;
        Ok(data.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    pub fn put_service(&self, s: &ServiceRecord) -> ApiResult<()> {
        let data = serde_json::to_string(s)?;
        self.0
            .prepare_cached(
                "INSERT INTO services (project, name, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT (project, name) DO UPDATE SET data = excluded.data",
            )?
            .execute(params![s.project, s.service_name, data])?;
        Ok(())
    }

    /// The service whose privatelink has this alias or resource ID (compared ignoring case,
    /// as Azure does), if any.
    pub fn service_by_target(&self, target: &str) -> ApiResult<Option<ServiceRecord>> {
        let data: Option<String> = self
            .0
            .prepare_cached(
                "SELECT data FROM services
                 WHERE json_extract(data, '$.privatelink.alias') = ?1 COLLATE NOCASE
                    OR json_extract(data, '$.privatelink.resource_id') = ?1 COLLATE NOCASE
                 ORDER BY project, name LIMIT 1",
            )?
            .query_row(params![target], |r| r.get(0))
            .optional()?;
        Ok(data.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    /// The service whose stored record has `value` at the JSON path `path` (one of the
    /// fixed paths the simulator looks endpoints up by), if any.
    pub fn service_by_json(
        &self,
        path: &'static str,
        value: &str,
    ) -> ApiResult<Option<ServiceRecord>> {
        let data: Option<String> = self
            .0
            .prepare_cached(
                "SELECT data FROM services WHERE json_extract(data, ?1) = ?2
                 ORDER BY project, name LIMIT 1",
            )?
            .query_row(params![path, value], |r| r.get(0))
            .optional()?;
        Ok(data.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    /// Gives every service record written before services kept their times `now` as both
    /// (the first start that keeps them); returns how many it stamped.
    pub fn stamp_service_times(&self, now: i64) -> ApiResult<usize> {
        Ok(self.0.execute(
            "UPDATE services SET data = json_set(data, '$.created_ms', ?1, '$.updated_ms', ?1)
             WHERE json_extract(data, '$.created_ms') IS NULL",
            params![now],
        )?)
    }

    /// The services of a project, by name.
    pub fn services_of(&self, project: &str) -> ApiResult<Vec<ServiceRecord>> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT data FROM services WHERE project = ?1 ORDER BY name")?;
        let rows = stmt.query_map(params![project], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for data in rows {
            out.push(serde_json::from_str(&data?)?);
        }
        Ok(out)
    }

    /// How many customer endpoints exist, over every privatelink.
    pub fn endpoint_count(&self) -> ApiResult<i64> {
        Ok(self.0.query_row(
            "SELECT COALESCE(SUM(json_array_length(data, '$.privatelink.endpoints')), 0)
             FROM services WHERE json_extract(data, '$.privatelink') IS NOT NULL",
            [],
            |r| r.get(0),
        )?)
    }

    pub fn service_count(&self) -> ApiResult<i64> {
        Ok(self
            .0
            .query_row("SELECT COUNT(*) FROM services", [], |r| r.get(0))?)
    }

    pub fn project_exists(&self, project: &str) -> ApiResult<bool> {
        let n: i64 = self.0.query_row(
            "SELECT COUNT(*) FROM services WHERE project = ?1",
            params![project],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }

    /// The projects a token may use, `None` for an unknown token.
    pub fn token_projects(&self, token: &str) -> ApiResult<Option<Vec<String>>> {
        self.token_hash_projects(&token_hash(token))
    }

    /// The projects of a token given by its hash, `None` for an unknown one.
    pub fn token_hash_projects(&self, hash: &str) -> ApiResult<Option<Vec<String>>> {
        let p: Option<String> = self
            .0
            .prepare_cached("SELECT projects FROM tokens WHERE hash = ?1")?
            .query_row(params![hash], |r| r.get(0))
            .optional()?;
        Ok(p.map(|p| serde_json::from_str(&p)).transpose()?)
    }

    pub fn put_token(&self, token: &str, projects: &[String]) -> ApiResult<()> {
        self.put_token_hash(&token_hash(token), projects)
    }

    pub fn put_token_hash(&self, hash: &str, projects: &[String]) -> ApiResult<()> {
        let p = serde_json::to_string(projects)?;
        self.0.execute(
            "INSERT INTO tokens (hash, projects) VALUES (?1, ?2)
             ON CONFLICT (hash) DO UPDATE SET projects = excluded.projects",
            params![hash, p],
        )?;
        Ok(())
    }

    /// The roles the token with this hash holds as a member, by project. A token that is no
    /// member's (the demo token, tokens of the test controls) is its projects' admin.
    pub fn token_hash_roles(&self, hash: &str) -> ApiResult<Vec<(String, String)>> {
        let mut stmt = self
            .0
            .prepare_cached("SELECT project, role FROM members WHERE token_hash = ?1")?;
        let rows = stmt.query_map(params![hash], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a member of `project` (or changes their role) with a new token, which replaces
    /// the member's previous one: the token may use `project` only, with `role`.
    pub fn put_member(&self, project: &str, email: &str, role: &str, token: &str) -> ApiResult<()> {
        let hash = token_hash(token);
        let old: Option<String> = self
            .0
            .query_row(
                "SELECT token_hash FROM members WHERE project = ?1 AND email = ?2",
                params![project, email],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(old) = old {
            self.delete_token_hash(&old)?;
        }
        self.0.execute(
            "INSERT INTO members (project, email, role, token_hash) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (project, email) DO UPDATE SET role = excluded.role,
                                                      token_hash = excluded.token_hash",
            params![project, email, role, hash],
        )?;
        self.put_token_hash(&hash, &[project.to_owned()])
    }

    pub fn delete_token_hash(&self, hash: &str) -> ApiResult<()> {
        self.0
            .execute("DELETE FROM tokens WHERE hash = ?1", params![hash])?;
        Ok(())
    }

    pub fn meta(&self, key: &str) -> ApiResult<Option<String>> {
        Ok(self
            .0
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> ApiResult<()> {
        self.0.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}
