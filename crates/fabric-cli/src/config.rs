//! The home directory, `fabric.toml`, key loading and backend URLs: the only code that reads
//! `FABRIC_*` variables and configuration files.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow, bail};
use fabric_core::fabric_audit::AuditSink;
use fabric_core::fabric_audit::sink::jsonl::JsonlSink;
use fabric_core::fabric_audit::sink::sqlite::SqliteSink;
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
}

const CONFIG_TEMPLATE: &str = r#"# memory-fabric configuration, created by `fabric`.
# Environment variables override it: FABRIC_BACKEND, FABRIC_KEY, FABRIC_KEY_FILE.

# Where records are stored: sqlite://PATH, file://DIR or memory:// (relative paths are
# relative to this directory).
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
        match url {
            Some(url) => BackendLocation::parse(url, None),
            None => match &self.config.backend {
                Some(url) => BackendLocation::parse(url, Some(&self.dir)),
                None => {
                    BackendLocation::parse(&format!("sqlite://{DATABASE_FILE}"), Some(&self.dir))
                }
            },
        }
    }

    /// Where the audit log lives: the SQLite database of an `sqlite://` backend (its own
    /// append-only tables), otherwise `<home>/audit.jsonl`.
    pub(crate) fn audit_sink(&self, backend: &BackendLocation) -> Result<Arc<dyn AuditSink>> {
        Ok(match backend {
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
            return Err(anyhow!("the s3 backend is not part of this build"));
        }
        bail!("unsupported backend URL {url:?} (expected sqlite://PATH, file://DIR or memory://)")
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
        })
    }
}
