//! Building the stack a command runs on from a loaded [`Home`]: the backend, the audit log
//! and its witness, the API key store, the fabric, and the state of `fabric serve`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use fabric_core::MemoryFabric;
use fabric_core::fabric_audit::sink::backend::BackendSink;
use fabric_core::fabric_audit::sink::jsonl::JsonlSink;
use fabric_core::fabric_audit::sink::sqlite::SqliteSink;
use fabric_core::fabric_audit::{AuditKey, AuditLog, AuditSink, StreamId};
use fabric_core::fabric_authz::{
    ApiKeys, Authenticator, CLI_ACTOR, JwtVerifier, Policy, SqliteApiKeyStore,
};
use fabric_crypto::MasterKey;
use fabric_server::{AppState, ServerConfig};
use fabric_store::{Backend, ObjectStoreBackend};

use crate::config::{
    AUDIT_FILE, BackendLocation, DATABASE_FILE, Home, KEY_USES_FILE, OWNER_KEYS_FILE, S3Settings,
    ServerSection,
};

/// The stream the CLI's audit events go to: one per home; concurrent processes on one
/// SQLite file share it safely (each append reads the head in its transaction).
pub(crate) const AUDIT_STREAM: &str = "local";

/// The fabric of the home at `home` (created when missing), auditing to [`AUDIT_STREAM`] as
/// `cli`.
pub(crate) fn open_fabric(home: &Path, backend: Option<&str>) -> Result<MemoryFabric> {
    let home = Home::open_or_create(home)?;
    build_fabric(&home, backend, AUDIT_STREAM, CLI_ACTOR)
}

/// Says on stderr when the recall index covers fewer records than there are (records
/// stored before recall existed), and names the command that catches up. Only where recall
/// is used (`recall`, `serve`): counting lists every record, which on `s3://` is not free.
pub(crate) async fn warn_if_index_behind(fabric: &MemoryFabric) {
    if let Ok(Some(coverage)) = fabric.index_coverage().await
        && coverage.indexed < coverage.objects
    {
        eprintln!(
            "note: the recall index covers {} of {} memories; run `fabric reindex` to add the rest",
            coverage.indexed, coverage.objects
        );
    }
}

/// The fabric of `home`, auditing to `stream` as `actor` (sessions audit as their principal).
pub(crate) fn build_fabric(
    home: &Home,
    backend: Option<&str>,
    stream: &str,
    actor: &str,
) -> Result<MemoryFabric> {
    let keyring = home.keyring()?;
    let location = home.backend(backend)?;
    // Opened once: on S3 the records and the audit log share one client.
    let opened = location.open()?;
    let sink = home.audit_sink_with(&location, || Ok(Arc::clone(&opened)))?;
    let mut builder = MemoryFabric::builder()
        .backend(opened)
        .keyring(keyring)
        .audit_to(sink, stream)
        .actor(actor)
        .access_policy(Policy::new(&home.config.roles).context("invalid [roles] in fabric.toml")?)
        .privacy_policy(home.config.privacy.clone())
        .retention(home.config.retention.policy())
        .key_use_ledger(Arc::new(fabric_core::KeyUseFile::new(home.dir.join(KEY_USES_FILE))));
    if let Some(suite) = &home.config.suite {
        builder = builder.suite(suite.clone());
    }
    if let Some(witness) = home.witness_sink()? {
        builder = builder.audit_witness(witness);
    }
    if let Some(owner_keys) = owner_key_file(home, &location)? {
        builder = builder.owner_keys(Arc::new(owner_keys));
    }
    if let Some(file) = &home.config.metrics.file {
        let every = std::time::Duration::from_secs(home.config.metrics.interval_seconds);
        builder = builder.metrics_file(home.dir.join(file), every);
    }
    Ok(builder.build()?)
}

/// The home's owner key file, where owners get keys of their own (`[keys] owner_keys`; by
/// default everywhere but `s3://`).
pub(crate) fn owner_key_file(
    home: &Home,
    location: &BackendLocation,
) -> Result<Option<fabric_core::OwnerKeyFile>> {
    let local = !matches!(location, BackendLocation::S3 { .. });
    let path = home.dir.join(OWNER_KEYS_FILE);
    // Once there are owner keys, records are sealed under them: the file stays in use
    // whatever the setting says, or those records would no longer open.
    if !home.config.keys.owner_keys.unwrap_or(local) && !path.exists() {
        return Ok(None);
    }
    Ok(Some(fabric_core::OwnerKeyFile::open(&path)?))
}

/// The audit log of `stream` in `sink`, keyed by `master`, copying checkpoints to the home's
/// witness when one is configured.
pub(crate) fn audit_log(
    home: &Home,
    sink: Arc<dyn AuditSink>,
    master: &MasterKey,
    stream: &str,
) -> Result<AuditLog> {
    let mut builder = AuditLog::builder(sink, AuditKey::derive(master), StreamId::parse(stream)?);
    if let Some(witness) = home.witness_sink()? {
        builder = builder.witness(witness);
    }
    Ok(builder.build()?)
}

/// Seals the audit log with a checkpoint at its head before the command exits.
pub(crate) async fn finish(fabric: &MemoryFabric) -> Result<()> {
    if let Some(log) = fabric.audit_log() {
        log.close().await.context("cannot close the audit log")?;
    }
    if let Err(error) = fabric.flush_key_uses() {
        eprintln!("fabric: cannot keep the count of encryptions per key: {error}");
    }
    // A command's counters, as one line of the metrics file (after the close, so the
    // audit lag it reports is the final one).
    if let Err(error) = fabric.metrics().append_line() {
        eprintln!("fabric: cannot append to the metrics file: {error}");
    }
    Ok(())
}

/// `fabric serve`'s authenticator: `api_keys`, and JWTs too when `[jwt]` is configured.
pub(crate) fn authenticator(home: &Home, api_keys: ApiKeys) -> Result<Authenticator> {
    let mut authenticator = Authenticator::new().with_api_keys(api_keys);
    if let Some(jwt) = &home.config.jwt {
        let config = jwt.load(&home.dir).context("invalid [jwt] in fabric.toml")?;
        authenticator = authenticator
            .with_jwt(JwtVerifier::new(&config).context("invalid [jwt] in fabric.toml")?);
    }
    Ok(authenticator)
}

/// `fabric serve`'s state: `fabric` behind `authenticator`, within the `[server]` limits.
pub(crate) fn server_state(
    fabric: &Arc<MemoryFabric>,
    authenticator: Authenticator,
    settings: &ServerSection,
) -> Arc<AppState> {
    let config = ServerConfig {
        body_limit: settings.body_limit,
        request_timeout: Duration::from_secs(settings.request_timeout_seconds.max(1)),
        concurrency_limit: settings.concurrency_limit,
    };
    AppState::new(Arc::clone(fabric), authenticator, config)
}

impl BackendLocation {
    /// Opens the backend.
    pub(crate) fn open(&self) -> Result<Arc<dyn Backend>> {
        Ok(match self {
            BackendLocation::Sqlite(path) => Arc::new(
                fabric_store::SqliteBackend::open(path)
                    .with_context(|| format!("cannot open database {}", path.display()))?,
            ),
            BackendLocation::Directory(dir) => Arc::new(ObjectStoreBackend::local(dir)?),
            BackendLocation::Memory => Arc::new(ObjectStoreBackend::memory()),
            BackendLocation::S3 { url, settings } => open_s3(url, settings)?,
        })
    }
}

/// Opens an `s3://` backend: credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`
/// (and `AWS_SESSION_TOKEN`), else the `AWS_PROFILE` (or `default`) profile of the shared
/// credentials file, else the instance, container or web-identity credentials of the host
/// (see [`crate::config::aws_credentials`]).
#[cfg(feature = "s3")]
fn open_s3(url: &str, settings: &S3Settings) -> Result<Arc<dyn Backend>> {
    Ok(Arc::new(open_s3_backend(url, settings)?))
}

/// The S3 backend of `url` with `settings`, as its own type (for `fabric doctor`'s bucket
/// checks).
#[cfg(feature = "s3")]
pub(crate) fn open_s3_backend(
    url: &str,
    settings: &S3Settings,
) -> Result<fabric_store::s3::S3Backend> {
    use fabric_store::s3::S3Backend;
    use fabric_store::{Retention, RetentionMode};

    let mut builder = S3Backend::builder().with_url(url)?;
    if let Some(endpoint) = &settings.endpoint {
        builder = builder.with_endpoint(endpoint);
    }
    if let Some(region) = &settings.region {
        builder = builder.with_region(region);
    }
    builder = builder.with_allow_http(settings.allow_http.unwrap_or(false));
    if let Some(sse) = &settings.sse {
        builder = builder.with_sse(sse.parse()?);
    }
    match (settings.retention_days, &settings.retention_mode) {
        (Some(days), Some(mode)) => {
            let mode: RetentionMode = mode.parse()?;
            builder = builder.with_retention(Retention { mode, days });
        }
        (None, None) => {}
        _ => bail!(
            "S3 retention needs both retention_days and retention_mode (compliance or governance)"
        ),
    }
    if let Some(credentials) = crate::config::aws_credentials()? {
        builder = builder.with_credentials(credentials);
    }
    Ok(builder.build()?)
}

#[cfg(not(feature = "s3"))]
fn open_s3(_url: &str, _settings: &S3Settings) -> Result<Arc<dyn Backend>> {
    bail!("the s3 backend is not part of this build (install fabric-cli with --features s3)")
}

impl Home {
    /// Where API keys live: the SQLite database of an `sqlite://` backend (table
    /// `fabric_api_keys`), otherwise `<home>/fabric.db`.
    pub(crate) fn api_key_store(&self, backend: &BackendLocation) -> Result<SqliteApiKeyStore> {
        let path = match backend {
            BackendLocation::Sqlite(path) => path.clone(),
            _ => self.dir.join(DATABASE_FILE),
        };
        SqliteApiKeyStore::open(&path)
            .with_context(|| format!("cannot open the API keys in {}", path.display()))
    }

    /// Where the audit log lives: the SQLite database of an `sqlite://` backend (its own
    /// append-only tables), the bucket of an `s3://` backend (under `<prefix>/audit/`, with
    /// checkpoints under retention when one is configured), otherwise `<home>/audit.jsonl`.
    pub(crate) fn audit_sink(&self, backend: &BackendLocation) -> Result<Arc<dyn AuditSink>> {
        self.audit_sink_with(backend, || backend.open())
    }

    /// As [`Home::audit_sink`], taking an `s3://` backend from `open` (so that a caller
    /// that already opened it shares one client).
    fn audit_sink_with(
        &self,
        backend: &BackendLocation,
        open: impl FnOnce() -> Result<Arc<dyn Backend>>,
    ) -> Result<Arc<dyn AuditSink>> {
        Ok(match backend {
            BackendLocation::S3 { .. } => Arc::new(BackendSink::new(open()?)),
            BackendLocation::Sqlite(path) => Arc::new(
                SqliteSink::open(path)
                    .with_context(|| format!("cannot open the audit log in {}", path.display()))?,
            ),
            _ => {
                let path = self.dir.join(AUDIT_FILE);
                Arc::new(
                    JsonlSink::open(&path)
                        .with_context(|| format!("cannot open the audit log {}", path.display()))?,
                )
            }
        })
    }

    /// The witness that receives a copy of every audit checkpoint, when one is configured
    /// (`FABRIC_AUDIT_WITNESS`, else `[audit] witness`): a JSONL file `audit-witness.jsonl`
    /// in a `file://` directory, the audit tables of an `sqlite://` file, or the prefix
    /// `audit-witness` of an `s3://` location (checkpoints under its retention, if any).
    pub(crate) fn witness_sink(&self) -> Result<Option<Arc<dyn AuditSink>>> {
        let Some((url, location)) = self.witness_location()? else { return Ok(None) };
        let context = || format!("cannot open the audit witness {url}");
        Ok(Some(match &location {
            BackendLocation::Directory(dir) => {
                std::fs::create_dir_all(dir).with_context(context)?;
                Arc::new(JsonlSink::open(&dir.join("audit-witness.jsonl")).with_context(context)?)
            }
            BackendLocation::Sqlite(path) => {
                Arc::new(SqliteSink::open(path).with_context(context)?)
            }
            BackendLocation::S3 { .. } => Arc::new(
                BackendSink::with_prefix(location.open()?, "audit-witness")
                    .with_context(context)?,
            ),
            BackendLocation::Memory => bail!("an audit witness on memory:// would keep nothing"),
        }))
    }
}
