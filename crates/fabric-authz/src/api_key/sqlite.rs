//! [`SqliteApiKeyStore`]: API keys in the table `fabric_api_keys` of a shared SQLite database.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use fabric_sqlite::Database;
use fabric_sqlite::rusqlite::{self, Connection, ErrorCode, OptionalExtension, params};

use crate::api_key::{ApiKeyInfo, ApiKeyRecord, ApiKeyStore, SecretHash};
use crate::error::{Error, Result};

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS fabric_api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    roles TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER,
    last_used_at INTEGER
) STRICT";

const COLUMNS: &str =
    "id, name, owner, roles, secret_hash, created_at, expires_at, revoked_at, last_used_at";

/// Tables made before keys recorded their last use gain the column.
fn add_last_used(connection: &Connection) -> Result<()> {
    let present: bool = connection
        .query_row(
            "SELECT count(*) FROM pragma_table_info('fabric_api_keys') WHERE name = 'last_used_at'",
            [],
            |row| row.get::<_, i64>(0),
        )
        .map_err(Error::storage)?
        > 0;
    if !present {
        connection
            .execute_batch("ALTER TABLE fabric_api_keys ADD COLUMN last_used_at INTEGER")
            .map_err(Error::storage)?;
    }
    Ok(())
}

/// API key records in the table `fabric_api_keys` of a SQLite database file that other
/// components may share.
///
/// The file is opened through its [`fabric_sqlite::Database`] (the pragmas, readers and
/// group-commit writer every table of the file shares); statements are prepared and cached.
/// Every query runs off the async runtime when called inside a tokio runtime (inline
/// otherwise).
#[derive(Clone)]
pub struct SqliteApiKeyStore {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    File(Arc<Database>),
    /// A private in-memory database, for tests.
    Memory(Arc<Mutex<Connection>>),
}

impl From<fabric_sqlite::Error> for Error {
    fn from(source: fabric_sqlite::Error) -> Self {
        Error::storage(source)
    }
}

impl std::fmt::Debug for SqliteApiKeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteApiKeyStore").finish_non_exhaustive()
    }
}

impl SqliteApiKeyStore {
    /// Opens (creating if needed) the database file at `path` and the table in it.
    ///
    /// This does blocking file I/O: call it at startup or inside `spawn_blocking`.
    ///
    /// # Errors
    ///
    /// [`Error::Storage`] if the file cannot be opened or the table cannot be created.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let database = Database::open(path.as_ref())?;
        database.migrate_blocking(|connection| {
            connection.execute_batch(SCHEMA).map_err(Error::storage)?;
            add_last_used(connection)
        })?;
        Ok(Self { inner: Inner::File(database) })
    }

    /// A store in a private in-memory database (for tests).
    ///
    /// # Errors
    ///
    /// [`Error::Storage`].
    pub fn open_in_memory() -> Result<Self> {
        let connection = Connection::open_in_memory().map_err(Error::storage)?;
        connection.execute_batch(SCHEMA).map_err(Error::storage)?;
        Ok(Self { inner: Inner::Memory(Arc::new(Mutex::new(connection))) })
    }

    /// The file's database, shared with the other tables of the file (`None` in memory).
    pub fn database(&self) -> Option<&Arc<Database>> {
        match &self.inner {
            Inner::File(database) => Some(database),
            Inner::Memory(_) => None,
        }
    }

    /// Runs `operation` off the async runtime: a write through the file's writer, a read on
    /// one of its readers.
    async fn run<T, F>(&self, write: bool, operation: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let in_runtime = tokio::runtime::Handle::try_current().is_ok();
        match &self.inner {
            Inner::File(database) if write && in_runtime => database.write(1, operation).await,
            Inner::File(database) if write => database.write_blocking(1, operation),
            Inner::File(database) if in_runtime => database.read(operation).await,
            Inner::File(database) => database.read_blocking(operation),
            Inner::Memory(connection) => {
                let connection = Arc::clone(connection);
                let task = move || {
                    // SQLite rolls back an unfinished statement itself, so a poisoned lock
                    // still guards a consistent connection.
                    let connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
                    operation(&connection)
                };
                match tokio::runtime::Handle::try_current() {
                    Ok(handle) => handle.spawn_blocking(task).await.map_err(Error::storage)?,
                    Err(_) => task(),
                }
            }
        }
    }
}

#[async_trait]
impl ApiKeyStore for SqliteApiKeyStore {
    async fn insert(&self, record: ApiKeyRecord) -> Result<()> {
        let roles = serde_json::to_string(&record.info.roles).map_err(Error::storage)?;
        self.run(true, move |connection| {
            let info = &record.info;
            let mut statement = connection
                .prepare_cached(&format!(
                    "INSERT INTO fabric_api_keys ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                ))
                .map_err(Error::storage)?;
            let inserted = statement.execute(params![
                info.id,
                info.name,
                info.owner,
                roles,
                record.secret_hash.as_bytes().as_slice(),
                info.created_at.timestamp(),
                info.expires_at.map(|time| time.timestamp()),
                info.revoked_at.map(|time| time.timestamp()),
                info.last_used_at.map(|time| time.timestamp()),
            ]);
            match inserted {
                Ok(_) => Ok(()),
                Err(rusqlite::Error::SqliteFailure(failure, _))
                    if failure.code == ErrorCode::ConstraintViolation =>
                {
                    Err(Error::KeyExists)
                }
                Err(error) => Err(Error::storage(error)),
            }
        })
        .await
    }

    async fn get(&self, id: &str) -> Result<Option<ApiKeyRecord>> {
        let id = id.to_owned();
        self.run(false, move |connection| {
            let mut statement = connection
                .prepare_cached(&format!("SELECT {COLUMNS} FROM fabric_api_keys WHERE id = ?1"))
                .map_err(Error::storage)?;
            let row =
                statement.query_row([&id], RawRow::read).optional().map_err(Error::storage)?;
            row.map(RawRow::into_record).transpose()
        })
        .await
    }

    async fn list(&self) -> Result<Vec<ApiKeyInfo>> {
        self.run(false, |connection| {
            let mut statement = connection
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM fabric_api_keys ORDER BY created_at, id"
                ))
                .map_err(Error::storage)?;
            let rows = statement.query_map([], RawRow::read).map_err(Error::storage)?;
            rows.map(|row| Ok(row.map_err(Error::storage)?.into_record()?.info)).collect()
        })
        .await
    }

    async fn revoke(&self, id: &str, at: DateTime<Utc>) -> Result<bool> {
        let id = id.to_owned();
        self.run(true, move |connection| {
            let mut statement = connection
                .prepare_cached(
                    "UPDATE fabric_api_keys SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
                )
                .map_err(Error::storage)?;
            let changed = statement.execute(params![id, at.timestamp()]).map_err(Error::storage)?;
            Ok(changed > 0)
        })
        .await
    }

    async fn mark_used(&self, id: &str, at: DateTime<Utc>) -> Result<()> {
        let id = id.to_owned();
        self.run(true, move |connection| {
            let mut statement = connection
                .prepare_cached(
                    "UPDATE fabric_api_keys SET last_used_at = max(COALESCE(last_used_at, ?2), ?2) WHERE id = ?1",
                )
                .map_err(Error::storage)?;
            statement.execute(params![id, at.timestamp()]).map_err(Error::storage)?;
            Ok(())
        })
        .await
    }
}

/// One row as SQLite returns it, before validation.
struct RawRow {
    id: String,
    name: String,
    owner: String,
    roles: String,
    secret_hash: Vec<u8>,
    created_at: i64,
    expires_at: Option<i64>,
    revoked_at: Option<i64>,
    last_used_at: Option<i64>,
}

impl RawRow {
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            name: row.get(1)?,
            owner: row.get(2)?,
            roles: row.get(3)?,
            secret_hash: row.get(4)?,
            created_at: row.get(5)?,
            expires_at: row.get(6)?,
            revoked_at: row.get(7)?,
            last_used_at: row.get(8)?,
        })
    }

    fn into_record(self) -> Result<ApiKeyRecord> {
        let corrupt = || Error::storage("corrupt api key record");
        let time = |seconds: i64| DateTime::from_timestamp(seconds, 0).ok_or_else(corrupt);
        let roles: Vec<String> = serde_json::from_str(&self.roles).map_err(|_| corrupt())?;
        let secret_hash: [u8; 32] = self.secret_hash.try_into().map_err(|_| corrupt())?;
        Ok(ApiKeyRecord {
            info: ApiKeyInfo {
                id: self.id,
                name: self.name,
                owner: self.owner,
                roles,
                created_at: time(self.created_at)?,
                expires_at: self.expires_at.map(time).transpose()?,
                revoked_at: self.revoked_at.map(time).transpose()?,
                last_used_at: self.last_used_at.map(time).transpose()?,
            },
            secret_hash: SecretHash::from_bytes(secret_hash),
        })
    }
}
