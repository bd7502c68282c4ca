//! SQLite storage in the data directory: WAL, schema migrations through `user_version`,
//! and one connection behind a mutex, so every read-modify-write is one serialised
//! transaction (two approvals of one connection cannot both succeed).

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::error::{ApiResult, AppError};
use crate::model::ServiceRecord;

pub struct Store {
    conn: Mutex<Connection>,
}

/// Each entry migrates the schema from version `index` to `index + 1`.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE tokens (token TEXT PRIMARY KEY, projects TEXT NOT NULL);
     CREATE TABLE services (project TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,
                            PRIMARY KEY (project, name));",
];

impl Store {
    /// Opens (creating if needed) `dir/privatelink.db` and migrates it.
    pub fn open(dir: &Path) -> Result<Store, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))?;
        let path = dir.join("privatelink.db");
        let conn =
            Connection::open(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .and_then(|_| conn.pragma_update(None, "synchronous", "NORMAL"))
            .and_then(|_| conn.busy_timeout(std::time::Duration::from_secs(5)))
            .map_err(|e| format!("cannot configure {}: {e}", path.display()))?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| e.to_string())?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            conn.execute_batch(&format!(
                "BEGIN; {sql} PRAGMA user_version = {}; COMMIT;",
                i + 1
            ))
            .map_err(|e| format!("migration {} failed: {e}", i + 1))?;
        }
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    /// Runs `f` in one immediate (write-locked) transaction; commits when it returns Ok.
    pub fn tx<T>(&self, f: impl FnOnce(&Tx<'_>) -> ApiResult<T>) -> ApiResult<T> {
        self.run(TransactionBehavior::Immediate, f)
    }

    /// Runs `f`, which only reads, in one deferred transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> ApiResult<T>) -> ApiResult<T> {
        self.run(TransactionBehavior::Deferred, f)
    }

    fn run<T>(
        &self,
        behavior: TransactionBehavior,
        f: impl FnOnce(&Tx<'_>) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let mut conn = self
            .conn
            .lock()
            .map_err(|_| AppError::internal("store mutex poisoned"))?;
        let tx = Tx(conn.transaction_with_behavior(behavior)?);
        // On Err the transaction is dropped, which rolls it back.
        let out = f(&tx)?;
        tx.0.commit()?;
        Ok(out)
    }
}

/// An open transaction.
pub struct Tx<'c>(Transaction<'c>);

impl Tx<'_> {
    pub fn service(&self, project: &str, name: &str) -> ApiResult<Option<ServiceRecord>> {
        let data: Option<String> = self
            .0
            .query_row(
                "SELECT data FROM services WHERE project = ?1 AND name = ?2",
                params![project, name],
                |r| r.get(0),
            )
            .optional()?;
        Ok(data.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    pub fn put_service(&self, s: &ServiceRecord) -> ApiResult<()> {
        let data = serde_json::to_string(s)?;
        self.0.execute(
            "INSERT INTO services (project, name, data) VALUES (?1, ?2, ?3)
             ON CONFLICT (project, name) DO UPDATE SET data = excluded.data",
            params![s.project, s.service_name, data],
        )?;
        Ok(())
    }

    pub fn all_services(&self) -> ApiResult<Vec<ServiceRecord>> {
        let mut stmt = self
            .0
            .prepare("SELECT data FROM services ORDER BY project, name")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for d in rows {
            out.push(serde_json::from_str(&d?)?);
        }
        Ok(out)
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
        let p: Option<String> = self
            .0
            .query_row(
                "SELECT projects FROM tokens WHERE token = ?1",
                params![token],
                |r| r.get(0),
            )
            .optional()?;
        Ok(p.map(|p| serde_json::from_str(&p)).transpose()?)
    }

    pub fn put_token(&self, token: &str, projects: &[String]) -> ApiResult<()> {
        let p = serde_json::to_string(projects)?;
        self.0.execute(
            "INSERT INTO tokens (token, projects) VALUES (?1, ?2)
             ON CONFLICT (token) DO UPDATE SET projects = excluded.projects",
            params![token, p],
        )?;
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
