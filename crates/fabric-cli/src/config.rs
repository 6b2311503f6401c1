//! The home directory, `fabric.toml`, key loading and backend URLs: the only code that reads
//! `FABRIC_*` variables and configuration files.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow, bail};
use fabric_core::fabric_audit::AuditSink;
use fabric_core::fabric_audit::sink::backend::BackendSink;
use fabric_core::fabric_audit::sink::jsonl::JsonlSink;
use fabric_core::fabric_audit::sink::sqlite::SqliteSink;
use fabric_core::fabric_authz::{
    ClaimNames, HmacSecret, JwtAlgorithm, JwtConfig, JwtKeyConfig, RolesConfig, SqliteApiKeyStore,
};
use fabric_crypto::{Keyring, MasterKey, OsRandom};
use fabric_store::{Backend, ObjectStoreBackend};
use serde::{Deserialize, Serialize};

/// Name of the configuration file in the home.
pub(crate) const CONFIG_FILE: &str = "fabric.toml";
/// Name of the key file in the home.
pub(crate) const KEY_FILE: &str = "key";
/// Name of the database in the home.
pub(crate) const DATABASE_FILE: &str = "fabric.db";
/// Name of the audit log in the home when the backend is not SQLite.
pub(crate) const AUDIT_FILE: &str = "audit.jsonl";

/// `fabric.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FabricConfig {
    /// Backend URL; a relative `sqlite://` or `file://` path is relative to the home.
    pub(crate) backend: Option<String>,
    /// Key file; relative to the home.
    pub(crate) key_file: Option<PathBuf>,
    /// Cipher suite for new records.
    pub(crate) suite: Option<String>,
    /// The privacy policy applied on store (default: detect and tag).
    #[serde(default)]
    pub(crate) privacy: fabric_core::PrivacyPolicy,
    /// Settings of an `s3://` backend; `FABRIC_S3_*` variables override them.
    #[serde(default)]
    pub(crate) s3: S3Settings,
    /// Custom roles: role name to permissions (built-in roles may be extended).
    #[serde(default)]
    pub(crate) roles: RolesConfig,
    /// JWT verification for `fabric serve` (absent: API keys only).
    #[serde(default)]
    pub(crate) jwt: Option<JwtSection>,
    /// `fabric serve` settings.
    #[serde(default)]
    pub(crate) server: ServerSection,
    /// Audit log settings.
    #[serde(default)]
    pub(crate) audit: AuditSection,
}

/// The `[audit]` table.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct AuditSection {
    /// Where every audit checkpoint is also copied (`file://DIR`, `sqlite://PATH` or
    /// `s3://BUCKET/PREFIX`, ideally under Object Lock): `fabric audit verify` then detects a
    /// log cut back to an older checkpoint, or deleted whole. `FABRIC_AUDIT_WITNESS` overrides.
    pub(crate) witness: Option<String>,
}

/// The `[server]` table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct ServerSection {
    /// Where to listen (`--listen` overrides).
    pub(crate) listen: String,
    /// The largest request body, in bytes.
    pub(crate) body_limit: usize,
    /// The longest a request may take, in seconds.
    pub(crate) request_timeout_seconds: u64,
    /// How many requests are served at once.
    pub(crate) concurrency_limit: usize,
    /// How long a verified API key's record is reused before the database is read again,
    /// in seconds (0: read it on every request). A key revoked by another process is
    /// refused at the latest this long after.
    pub(crate) api_key_cache_seconds: u64,
}

impl Default for ServerSection {
    fn default() -> Self {
        ServerSection {
            listen: DEFAULT_LISTEN.to_owned(),
            body_limit: fabric_server::DEFAULT_BODY_LIMIT,
            request_timeout_seconds: fabric_server::DEFAULT_REQUEST_TIMEOUT.as_secs(),
            concurrency_limit: fabric_server::DEFAULT_CONCURRENCY_LIMIT,
            api_key_cache_seconds: 5,
        }
    }
}

/// Where `fabric serve` listens by default.
pub(crate) const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The `[jwt]` table: like [`JwtConfig`], but secrets and keys come from the environment or
/// files, never from the configuration text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JwtSection {
    /// Accepted `iss` values (empty: not checked).
    #[serde(default)]
    pub(crate) issuers: Vec<String>,
    /// Accepted `aud` values (empty: tokens carrying `aud` are refused).
    #[serde(default)]
    pub(crate) audiences: Vec<String>,
    /// Clock-skew leeway for `exp` and `nbf`, in seconds.
    #[serde(default = "default_leeway")]
    pub(crate) leeway_seconds: u64,
    /// The claims carrying subject, owner and roles.
    #[serde(default)]
    pub(crate) claims: ClaimNames,
    /// The verification keys; each pins its algorithm.
    pub(crate) keys: Vec<JwtKeySection>,
}

fn default_leeway() -> u64 {
    fabric_core::fabric_authz::DEFAULT_LEEWAY_SECONDS
}

/// One `[[jwt.keys]]` entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JwtKeySection {
    /// `HS256`, `RS256` or `EdDSA`.
    pub(crate) alg: JwtAlgorithm,
    /// The key id tokens select it with.
    #[serde(default)]
    pub(crate) kid: Option<String>,
    /// HS256: the environment variable holding the shared secret.
    #[serde(default)]
    pub(crate) secret_env: Option<String>,
    /// HS256: the file holding the shared secret (refused if group or others can read it).
    #[serde(default)]
    pub(crate) secret_file: Option<PathBuf>,
    /// RS256, EdDSA: the PEM file of the public key.
    #[serde(default)]
    pub(crate) public_key_file: Option<PathBuf>,
}

impl JwtSection {
    /// The verifier configuration, reading secrets and keys (relative paths are relative to
    /// `home`).
    pub(crate) fn load(&self, home: &Path) -> Result<JwtConfig> {
        let mut keys = Vec::with_capacity(self.keys.len());
        for key in &self.keys {
            let name = key.kid.as_deref().unwrap_or("<no kid>");
            let resolve =
                |path: &Path| if path.is_relative() { home.join(path) } else { path.to_owned() };
            let loaded = match key.alg {
                JwtAlgorithm::Hs256 => {
                    if key.public_key_file.is_some() {
                        bail!(
                            "jwt key {name}: HS256 takes secret_env or secret_file, not public_key_file"
                        );
                    }
                    let secret = match (&key.secret_env, &key.secret_file) {
                        (Some(variable), None) => env_var(variable).ok_or_else(|| {
                            anyhow!("jwt key {name}: environment variable {variable} is not set")
                        })?,
                        (None, Some(path)) => {
                            let text = fabric_crypto::read_private_file(&resolve(path))?;
                            text.trim_end_matches(['\n', '\r']).to_owned()
                        }
                        _ => bail!(
                            "jwt key {name}: HS256 needs exactly one of secret_env, secret_file"
                        ),
                    };
                    JwtKeyConfig::Hs256 {
                        kid: key.kid.clone(),
                        secret: HmacSecret::from_bytes(secret.into_bytes()),
                    }
                }
                JwtAlgorithm::Rs256 | JwtAlgorithm::EdDsa => {
                    if key.secret_env.is_some() || key.secret_file.is_some() {
                        bail!("jwt key {name}: {} takes public_key_file only", key.alg);
                    }
                    let path = key
                        .public_key_file
                        .as_deref()
                        .map(resolve)
                        .ok_or_else(|| anyhow!("jwt key {name}: public_key_file is missing"))?;
                    let public_key_pem = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    if key.alg == JwtAlgorithm::Rs256 {
                        JwtKeyConfig::Rs256 { kid: key.kid.clone(), public_key_pem }
                    } else {
                        JwtKeyConfig::EdDsa { kid: key.kid.clone(), public_key_pem }
                    }
                }
            };
            keys.push(loaded);
        }
        let mut config = JwtConfig::with_keys(keys);
        config.issuers = self.issuers.clone();
        config.audiences = self.audiences.clone();
        config.leeway_seconds = self.leeway_seconds;
        config.claims = self.claims.clone();
        Ok(config)
    }
}

/// The `[s3]` table of `fabric.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct S3Settings {
    /// An S3-compatible endpoint, `https://host[:port]` (default: AWS); path-style requests.
    pub(crate) endpoint: Option<String>,
    /// The region (default us-east-1).
    pub(crate) region: Option<String>,
    /// Allow an `http://` endpoint; it must still be a loopback address.
    pub(crate) allow_http: Option<bool>,
    /// Server-side encryption: `aes256` (default), `kms:<key id>` or `none`.
    pub(crate) sse: Option<String>,
    /// Days evidence records and audit checkpoints stay locked (Object Lock).
    pub(crate) retention_days: Option<u32>,
    /// `compliance` or `governance`; required with `retention_days`.
    pub(crate) retention_mode: Option<String>,
}

impl S3Settings {
    /// These settings with `FABRIC_S3_*` values (read through `get`) taking precedence.
    pub(crate) fn with_env(mut self, get: impl Fn(&str) -> Option<String>) -> Result<S3Settings> {
        if let Some(endpoint) = get("FABRIC_S3_ENDPOINT") {
            self.endpoint = Some(endpoint);
        }
        if let Some(region) = get("FABRIC_S3_REGION") {
            self.region = Some(region);
        }
        if let Some(allow_http) = get("FABRIC_S3_ALLOW_HTTP") {
            self.allow_http = Some(match allow_http.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" => true,
                "0" | "false" | "no" | "" => false,
                _ => bail!("FABRIC_S3_ALLOW_HTTP must be true or false"),
            });
        }
        if let Some(sse) = get("FABRIC_S3_SSE") {
            self.sse = Some(sse);
        }
        if let Some(days) = get("FABRIC_S3_RETENTION_DAYS") {
            self.retention_days =
                Some(days.parse().context("FABRIC_S3_RETENTION_DAYS must be a number of days")?);
        }
        if let Some(mode) = get("FABRIC_S3_RETENTION_MODE") {
            self.retention_mode = Some(mode);
        }
        Ok(self)
    }
}

const CONFIG_TEMPLATE: &str = r#"# memory-fabric configuration, created by `fabric`.
# Environment variables override it: FABRIC_BACKEND, FABRIC_KEY, FABRIC_KEY_FILE.

# Where records are stored: sqlite://PATH, file://DIR, memory:// (relative paths are
# relative to this directory), or s3://BUCKET/PREFIX when built with the s3 feature.
backend = "sqlite://fabric.db"

# The key-encryption key. Back this file up: without it no record can be read.
key_file = "key"

# Cipher suite for new records: aes-256-gcm or chacha20-poly1305. Records sealed with either
# stay readable whatever this says.
suite = "aes-256-gcm"

# Personal data found on store (emails, phones, SSNs, cards, IBANs, IPs, URLs) sets the
# record's privacy level and PII types. For each level: allow, tag, redact or reject.
[privacy]
public = "tag"
internal = "tag"
sensitive = "tag"
restricted = "tag"
# How "redact" rewrites what it finds: label, mask, pseudonym or drop.
strategy = "label"

# `fabric serve`: the HTTP API. Without TLS it listens on loopback only.
[server]
listen = "127.0.0.1:8080"
body_limit = 1048576
request_timeout_seconds = 30
concurrency_limit = 1024
# A verified API key is re-read from the database after this many seconds, so a key revoked
# by `fabric apikey revoke` while the server runs is refused at the latest this long after.
api_key_cache_seconds = 5

# Custom roles (built-in: viewer = get, recall; user = viewer + store, delete; admin = all).
# Permissions: get, recall, store, delete, export, compact, rotate_keys, read_audit, manage_keys.
[roles]
# auditor = ["get", "read_audit"]

# JWTs for `fabric serve` (API keys always work). Algorithms are pinned per key.
# [jwt]
# issuers = ["https://id.example.com"]
# audiences = ["memory-fabric"]
# leeway_seconds = 30
# claims = { subject = "sub", owner = "owner", roles = "roles" }
# [[jwt.keys]]
# alg = "HS256"
# kid = "internal"
# secret_env = "FABRIC_JWT_SECRET"      # or secret_file = "jwt.secret" (mode 0600)
# [[jwt.keys]]
# alg = "RS256"                         # or "EdDSA"
# kid = "2026-11"
# public_key_file = "jwt-rs256.pem"

# Settings of an s3:// backend (FABRIC_S3_* variables override them); credentials come from
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an AWS profile, or the host's role.
# [s3]
# endpoint = "https://minio.example.internal:9000"   # default: AWS
# region = "us-east-1"
# sse = "aes256"                # aes256, kms:<key id> or none
# retention_days = 365          # Object Lock for --evidence records and audit checkpoints
# retention_mode = "governance" # or compliance
"#;

/// A loaded home: configuration, keyring and where it came from.
pub(crate) struct Home {
    pub(crate) dir: PathBuf,
    pub(crate) config: FabricConfig,
}

impl Home {
    /// Loads the home if it exists, without creating anything.
    pub(crate) fn open_existing(dir: &Path) -> Result<Option<Home>> {
        if dir.exists() { Home::open_or_create(dir).map(Some) } else { Ok(None) }
    }

    /// Loads the home, creating it (key, config, database directory) when it does not exist.
    pub(crate) fn open_or_create(dir: &Path) -> Result<Home> {
        if !dir.exists() {
            create(dir)?;
        }
        let config_path = dir.join(CONFIG_FILE);
        let config = match std::fs::read_to_string(&config_path) {
            Ok(text) => toml::from_str(&text)
                .with_context(|| format!("invalid configuration in {}", config_path.display()))?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => FabricConfig {
                backend: None,
                key_file: None,
                suite: None,
                privacy: Default::default(),
                s3: S3Settings::default(),
                roles: RolesConfig::default(),
                jwt: None,
                server: ServerSection::default(),
                audit: AuditSection::default(),
            },
            Err(error) => {
                return Err(error)
                    .with_context(|| format!("cannot read {}", config_path.display()));
            }
        };
        Ok(Home { dir: dir.to_owned(), config })
    }

    /// The keyring: `FABRIC_KEY`, else `FABRIC_KEY_FILE`, else the configured key file.
    pub(crate) fn keyring(&self) -> Result<Keyring> {
        if let Some(text) = env_var("FABRIC_KEY") {
            let key = MasterKey::parse(&text).context("FABRIC_KEY is not a usable key")?;
            return Ok(Keyring::single(key));
        }
        let path = match env_var_os("FABRIC_KEY_FILE") {
            Some(path) => PathBuf::from(path),
            None => self.dir.join(self.config.key_file.as_deref().unwrap_or(Path::new(KEY_FILE))),
        };
        if !path.exists() {
            bail!(
                "no key: {} does not exist; set FABRIC_KEY or FABRIC_KEY_FILE, or restore the key file from its backup",
                path.display()
            );
        }
        Ok(Keyring::single(MasterKey::from_file(&path)?))
    }

    /// The backend: `--backend`/`FABRIC_BACKEND`, else the configured one, else the home's
    /// SQLite database.
    pub(crate) fn backend(&self, url: Option<&str>) -> Result<BackendLocation> {
        let location = match url {
            Some(url) => BackendLocation::parse(url, None),
            None => match &self.config.backend {
                Some(url) => BackendLocation::parse(url, Some(&self.dir)),
                None => {
                    BackendLocation::parse(&format!("sqlite://{DATABASE_FILE}"), Some(&self.dir))
                }
            },
        }?;
        Ok(match location {
            BackendLocation::S3 { url, .. } => {
                BackendLocation::S3 { url, settings: self.config.s3.clone().with_env(env_var)? }
            }
            other => other,
        })
    }

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
    pub(crate) fn audit_sink_with(
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
}

impl Home {
    /// The witness that receives a copy of every audit checkpoint, when one is configured
    /// (`FABRIC_AUDIT_WITNESS`, else `[audit] witness`): a JSONL file `audit-witness.jsonl`
    /// in a `file://` directory, the audit tables of an `sqlite://` file, or the prefix
    /// `audit-witness` of an `s3://` location (checkpoints under its retention, if any).
    pub(crate) fn witness_sink(&self) -> Result<Option<Arc<dyn AuditSink>>> {
        let Some(url) =
            env_var("FABRIC_AUDIT_WITNESS").or_else(|| self.config.audit.witness.clone())
        else {
            return Ok(None);
        };
        let location = match BackendLocation::parse(&url, Some(&self.dir))? {
            BackendLocation::S3 { url, .. } => {
                BackendLocation::S3 { url, settings: self.config.s3.clone().with_env(env_var)? }
            }
            other => other,
        };
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

/// Reads a `FABRIC_*` variable as text (`None` when unset or not Unicode).
#[expect(clippy::disallowed_methods, reason = "the CLI's config module reads FABRIC_*")]
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Reads a `FABRIC_*` variable as an OS string.
#[expect(clippy::disallowed_methods, reason = "the CLI's config module reads FABRIC_*")]
fn env_var_os(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name)
}

/// Creates a new home with a fresh key (unless `FABRIC_KEY` provides one) and says so.
fn create(dir: &Path) -> Result<()> {
    create_private_dir(dir)?;
    std::fs::write(dir.join(CONFIG_FILE), CONFIG_TEMPLATE)
        .with_context(|| format!("cannot write {}", dir.join(CONFIG_FILE).display()))?;
    let key_from_env =
        env_var_os("FABRIC_KEY").is_some() || env_var_os("FABRIC_KEY_FILE").is_some();
    if key_from_env {
        eprintln!(
            "fabric: created {} (key from the environment; no key file written)",
            dir.display()
        );
        return Ok(());
    }
    let key_path = dir.join(KEY_FILE);
    write_new_key(&key_path)?;
    eprintln!(
        "fabric: created {} with a new key in {}. Back up that file: without it no record can be read.",
        dir.display(),
        key_path.display()
    );
    Ok(())
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).with_context(|| format!("cannot create {}", dir.display()))
}

/// Writes a fresh key to a new file readable only by its owner.
pub(crate) fn write_new_key(path: &Path) -> Result<()> {
    let key = MasterKey::generate(&OsRandom)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file =
        options.open(path).with_context(|| format!("cannot create key file {}", path.display()))?;
    file.write_all(key.to_base64().as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write key file {}", path.display()))
}

/// Where records are stored, from a backend URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BackendLocation {
    /// `sqlite://PATH`.
    Sqlite(PathBuf),
    /// `file://DIR`.
    Directory(PathBuf),
    /// `memory://`.
    Memory,
    /// `s3://bucket[/prefix]`, with the `[s3]` settings merged with `FABRIC_S3_*`.
    S3 {
        /// The location as given.
        url: String,
        /// Endpoint, region, encryption and retention.
        settings: S3Settings,
    },
}

impl BackendLocation {
    /// Parses a backend URL; relative paths resolve against `base` when given.
    pub(crate) fn parse(url: &str, base: Option<&Path>) -> Result<BackendLocation> {
        let resolve = |path: &str| -> Result<PathBuf> {
            if path.is_empty() {
                bail!("backend URL {url} has no path");
            }
            let path = PathBuf::from(path);
            Ok(match base {
                Some(base) if path.is_relative() => base.join(path),
                _ => path,
            })
        };
        if let Some(path) = url.strip_prefix("sqlite://") {
            return Ok(BackendLocation::Sqlite(resolve(path)?));
        }
        if let Some(path) = url.strip_prefix("file://") {
            return Ok(BackendLocation::Directory(resolve(path)?));
        }
        if url == "memory://" {
            return Ok(BackendLocation::Memory);
        }
        if url.starts_with("s3://") {
            return Ok(BackendLocation::S3 {
                url: url.to_owned(),
                settings: S3Settings::default(),
            });
        }
        bail!(
            "unsupported backend URL {url:?} (expected sqlite://PATH, file://DIR, memory:// or s3://BUCKET/PREFIX)"
        )
    }

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
/// credentials file, else the instance, container or web-identity credentials of the host.
#[cfg(feature = "s3")]
fn open_s3(url: &str, settings: &S3Settings) -> Result<Arc<dyn Backend>> {
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
    if let Some(credentials) = aws_credentials()? {
        builder = builder.with_credentials(credentials);
    }
    Ok(Arc::new(builder.build()?))
}

#[cfg(not(feature = "s3"))]
fn open_s3(_url: &str, _settings: &S3Settings) -> Result<Arc<dyn Backend>> {
    bail!("the s3 backend is not part of this build (install fabric-cli with --features s3)")
}

/// Static credentials from the environment or the shared credentials file, if any.
#[cfg(feature = "s3")]
fn aws_credentials() -> Result<Option<fabric_store::s3::S3Credentials>> {
    use fabric_store::s3::S3Credentials;

    let secret = |text: String| secrecy::SecretString::from(text);
    if let (Some(key_id), Some(secret_key)) =
        (env_var("AWS_ACCESS_KEY_ID"), env_var("AWS_SECRET_ACCESS_KEY"))
    {
        let token = env_var("AWS_SESSION_TOKEN").map(secret);
        return Ok(Some(S3Credentials::new(key_id, secret(secret_key), token)));
    }
    let path = match (env_var_os("AWS_SHARED_CREDENTIALS_FILE"), env_var_os("HOME")) {
        (Some(path), _) => PathBuf::from(path),
        (None, Some(home)) => PathBuf::from(home).join(".aws/credentials"),
        (None, None) => return Ok(None),
    };
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(None) };
    let profile = env_var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
    let values = profile_values(&text, &profile);
    let value = |name: &str| values.iter().find(|(key, _)| key == name).map(|(_, v)| v.clone());
    match (value("aws_access_key_id"), value("aws_secret_access_key")) {
        (Some(key_id), Some(secret_key)) => Ok(Some(S3Credentials::new(
            key_id,
            secret(secret_key),
            value("aws_session_token").map(secret),
        ))),
        _ if env_var("AWS_PROFILE").is_some() => {
            bail!("profile {profile:?} has no access key in {}", path.display())
        }
        _ => Ok(None),
    }
}

/// The `key = value` lines of `[profile]` in an AWS credentials (INI) file.
#[cfg(any(feature = "s3", test))]
fn profile_values(text: &str, profile: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut values = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(section) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            let section = section.trim();
            inside = section == profile || section.strip_prefix("profile ") == Some(profile);
        } else if inside && let Some((key, value)) = line.split_once('=') {
            values.push((key.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_locations_parse_and_env_overrides_the_table() {
        let location = BackendLocation::parse("s3://bucket/team-a", None).unwrap();
        assert!(
            matches!(location, BackendLocation::S3 { ref url, .. } if url == "s3://bucket/team-a")
        );
        let table: FabricConfig = toml::from_str(
            "[s3]\nendpoint = \"https://minio.internal:9000\"\nregion = \"eu-west-1\"\nretention_days = 30\nretention_mode = \"governance\"\n",
        )
        .unwrap();
        let vars = [
            ("FABRIC_S3_REGION", "us-east-2"),
            ("FABRIC_S3_ALLOW_HTTP", "true"),
            ("FABRIC_S3_SSE", "kms:key-1"),
        ];
        let get =
            |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, v)| (*v).to_owned());
        let settings = table.s3.with_env(get).unwrap();
        assert_eq!(settings.endpoint.as_deref(), Some("https://minio.internal:9000"));
        assert_eq!(settings.region.as_deref(), Some("us-east-2"));
        assert_eq!(settings.allow_http, Some(true));
        assert_eq!(settings.sse.as_deref(), Some("kms:key-1"));
        assert_eq!(
            (settings.retention_days, settings.retention_mode.as_deref()),
            (Some(30), Some("governance"))
        );
        let bad = S3Settings::default()
            .with_env(|name| (name == "FABRIC_S3_RETENTION_DAYS").then(|| "ten".to_owned()));
        assert!(bad.is_err());
        assert!(toml::from_str::<FabricConfig>("[s3]\nbucket = \"x\"\n").is_err());
    }

    #[test]
    fn profiles_are_read_from_their_section() {
        let text = "[default]\naws_access_key_id = A\n[profile work]\naws_access_key_id = B\naws_secret_access_key = S\n";
        assert_eq!(
            profile_values(text, "default"),
            [("aws_access_key_id".to_owned(), "A".to_owned())]
        );
        assert_eq!(profile_values(text, "work").len(), 2);
        assert!(profile_values(text, "other").is_empty());
    }

    fn section(text: &str) -> JwtSection {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn jwt_keys_come_from_files_never_inline() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            toml::from_str::<JwtSection>("[[keys]]\nalg = \"HS256\"\nsecret = \"inline\"\n")
                .is_err(),
            "inline secrets are not a configuration option"
        );
        let both = section("[[keys]]\nalg = \"HS256\"\n");
        assert!(both.load(dir.path()).unwrap_err().to_string().contains("exactly one"));
        let mixed = section("[[keys]]\nalg = \"RS256\"\nsecret_env = \"X\"\n");
        assert!(mixed.load(dir.path()).unwrap_err().to_string().contains("public_key_file only"));
        let missing = section("[[keys]]\nalg = \"EdDSA\"\npublic_key_file = \"nope.pem\"\n");
        assert!(missing.load(dir.path()).unwrap_err().to_string().contains("nope.pem"));

        let secret_path = dir.path().join("jwt.secret");
        std::fs::write(&secret_path, "a shared secret of at least thirty-two bytes\n").unwrap();
        let from_file =
            section("[[keys]]\nalg = \"HS256\"\nkid = \"k\"\nsecret_file = \"jwt.secret\"\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&secret_path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let error = from_file.load(dir.path()).unwrap_err().to_string();
            assert!(error.contains("readable by group or others"), "{error}");
            assert!(!error.contains("thirty-two"), "no secret in errors");
            std::fs::set_permissions(&secret_path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let config = from_file.load(dir.path()).unwrap();
        assert_eq!(config.keys.len(), 1);
        assert_eq!(config.keys[0].kid(), Some("k"));
        fabric_core::fabric_authz::JwtVerifier::new(&config).unwrap();
    }
}
