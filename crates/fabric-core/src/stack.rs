//! [`SqliteStack`]: the embedded default on one SQLite file, records, audit log and API keys,
//! built in one place for a program that embeds the fabric (the server's tests and the HTTP
//! benchmark use it; the `fabric` binary, which opens any backend its configuration names,
//! builds its stack with the same [`MemoryFabricBuilder::audit_to`]).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use fabric_audit::sink::sqlite::SqliteSink;
use fabric_authz::{ApiKeys, SqliteApiKeyStore};
use fabric_crypto::Keyring;
use fabric_store::SqliteBackend;

use crate::{Error, MemoryFabric, MemoryFabricBuilder, Result};

/// How long the server remembers a known API key's record (a revocation made by another
/// process is seen within this time).
pub const API_KEY_CACHE: Duration = Duration::from_secs(5);

/// Records, audit log and API keys in one SQLite file, sharing its writer: a record and its
/// audit event commit together.
#[derive(Debug)]
pub struct SqliteStack {
    /// The fabric, audited to the file.
    pub fabric: Arc<MemoryFabric>,
    /// The API keys of the file, with a [`API_KEY_CACHE`] cache.
    pub api_keys: ApiKeys,
}

impl SqliteStack {
    /// Opens (creating) the stack at `path`, auditing to `stream` as `actor`; `customize`
    /// adds to the fabric's builder (a role table, a privacy policy, a suite).
    ///
    /// # Errors
    ///
    /// [`Error::Store`], [`Error::Audit`] or [`Error::Config`] when the file cannot be opened
    /// or set up, or the builder refuses the configuration.
    pub fn open(
        path: &Path,
        keyring: Keyring,
        stream: &str,
        actor: &str,
        customize: impl FnOnce(MemoryFabricBuilder) -> MemoryFabricBuilder,
    ) -> Result<SqliteStack> {
        let backend = SqliteBackend::open(path).map_err(Error::Store)?;
        let sink = SqliteSink::open(path).map_err(Error::Audit)?;
        let keys = SqliteApiKeyStore::open(path)
            .map_err(|error| Error::Config { reason: format!("api keys: {error}") })?;
        let builder = MemoryFabric::builder()
            .backend(Arc::new(backend))
            .keyring(keyring)
            .audit_to(Arc::new(sink), stream)
            .actor(actor);
        Ok(SqliteStack {
            fabric: Arc::new(customize(builder).build()?),
            api_keys: ApiKeys::new(Arc::new(keys)).with_cache(API_KEY_CACHE),
        })
    }
}
