//! The home directory, `fabric.toml`, key loading and backend URLs: the only code that reads
//! `FABRIC_*` (and `AWS_*`) variables and configuration files. Opening what they name is
//! [`crate::stack`]'s work.

mod aws;
mod backend;
mod keys;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use fabric_core::fabric_authz::{
    ClaimNames, HmacSecret, JwtAlgorithm, JwtConfig, JwtKeyConfig, RolesConfig,
};
use fabric_crypto::{MasterKey, OsRandom};
use serde::{Deserialize, Serialize};

#[cfg(feature = "s3")]
pub(crate) use self::aws::aws_credentials;
pub(crate) use self::backend::{BackendLocation, S3Settings};
pub(crate) use self::keys::{HomeKeyring, RootSource, Secret, archive_secret, now};

/// Name of the configuration file in the home.
const CONFIG_FILE: &str = "fabric.toml";
/// Name of the key file in the home.
const KEY_FILE: &str = "key";
/// Name of the database in the home.
pub(crate) const DATABASE_FILE: &str = "fabric.db";
/// Name of the audit log in the home when the backend is not SQLite.
pub(crate) const AUDIT_FILE: &str = "audit.jsonl";
/// The owner keys of a home (see `fabric_core::OwnerKeyFile`).
pub(crate) const OWNER_KEYS_FILE: &str = "owner-keys.json";
/// The home's count of encryptions per key (`fabric_core::KeyUseFile`).
pub(crate) const KEY_USES_FILE: &str = "key-uses.json";

/// `fabric.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FabricConfig {
    /// Backend URL; a relative `sqlite://` or `file://` path is relative to the home.
    backend: Option<String>,
    /// Key file; relative to the home.
    key_file: Option<PathBuf>,
    /// Cipher suite for new records.
    pub(crate) suite: Option<String>,
    /// The privacy policy applied on store (default: detect and tag).
    #[serde(default)]
    pub(crate) privacy: fabric_core::PrivacyPolicy,
    /// Settings of an `s3://` backend; `FABRIC_S3_*` variables override them.
    #[serde(default)]
    s3: S3Settings,
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
    audit: AuditSection,
    /// Key lifecycle settings.
    #[serde(default)]
    pub(crate) keys: KeysSection,
    /// Default times to live and scheduled compaction.
    #[serde(default)]
    pub(crate) retention: RetentionSection,
    /// Where sealed backups are kept, for `fabric export` and `fabric doctor`.
    #[serde(default)]
    pub(crate) backup: BackupSection,
    /// The metrics file `fabric serve` appends to.
    #[serde(default)]
    pub(crate) metrics: MetricsSection,
}

/// The `[metrics]` table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct MetricsSection {
    /// A JSON-lines file (relative to the home) the fabric's counters are appended to:
    /// every `interval_seconds` while a command runs, and once as it ends.
    pub(crate) file: Option<PathBuf>,
    /// Seconds between two lines.
    pub(crate) interval_seconds: u64,
}

impl Default for MetricsSection {
    fn default() -> Self {
        MetricsSection { file: None, interval_seconds: 60 }
    }
}

/// The `[backup]` table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct BackupSection {
    /// The directory `fabric export` writes to without `--out` (relative to the home), and
    /// where `fabric doctor` looks for a recent sealed archive.
    pub(crate) dir: Option<PathBuf>,
    /// Days after which `fabric doctor` warns that the newest archive is old.
    pub(crate) max_age_days: u32,
}

impl Default for BackupSection {
    fn default() -> Self {
        BackupSection { dir: None, max_age_days: 7 }
    }
}

/// The `[retention]` table.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct RetentionSection {
    /// Days a memory of each type lives when stored without an expiry of its own.
    pub(crate) types: std::collections::BTreeMap<fabric_core::MemoryType, u32>,
    /// Days a memory in each storage tier lives so (the shorter of type and tier applies).
    pub(crate) tiers: std::collections::BTreeMap<fabric_core::StorageTier, u32>,
    /// Hours between the compactions `fabric serve` runs (0, the default: none).
    pub(crate) compact_every_hours: u32,
}

impl RetentionSection {
    /// The defaults as the fabric takes them.
    pub(crate) fn policy(&self) -> fabric_core::RetentionPolicy {
        let days = |days: &u32| std::time::Duration::from_secs(u64::from(*days) * 86_400);
        fabric_core::RetentionPolicy {
            by_type: self.types.iter().map(|(kind, ttl)| (*kind, days(ttl))).collect(),
            by_tier: self.tiers.iter().map(|(tier, ttl)| (*tier, days(ttl))).collect(),
        }
    }
}

/// The `[keys]` table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct KeysSection {
    /// Days after which `fabric doctor` warns that the active key is due for rotation.
    pub(crate) rotation_days: u32,
    /// Whether each owner gets a key of its own, kept in `<home>/owner-keys.json`, so that
    /// `fabric shred` reaches every copy of the storage. Unset: on for local backends, off
    /// for `s3://`, where several servers with homes of their own may share one bucket (they
    /// would each make their own key for an owner). Once the file exists it stays in use.
    pub(crate) owner_keys: Option<bool>,
}

impl Default for KeysSection {
    fn default() -> Self {
        KeysSection { rotation_days: 90, owner_keys: None }
    }
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
    /// Days after which `fabric doctor` warns about an active API key that has not
    /// authenticated (counted from its creation when it never has).
    pub(crate) api_key_unused_days: u32,
    /// PEM certificate chain to serve HTTPS with (relative to the home; `--tls-cert`
    /// overrides it).
    pub(crate) tls_cert: Option<PathBuf>,
    /// Its private key (relative to the home; `--tls-key` overrides it).
    pub(crate) tls_key: Option<PathBuf>,
    /// Serve plain HTTP on a non-loopback address (as `--insecure-http`): credentials then
    /// cross the network in clear, and `fabric doctor` fails.
    pub(crate) insecure_http: bool,
}

impl Default for ServerSection {
    fn default() -> Self {
        ServerSection {
            listen: DEFAULT_LISTEN.to_owned(),
            body_limit: fabric_server::DEFAULT_BODY_LIMIT,
            request_timeout_seconds: fabric_server::DEFAULT_REQUEST_TIMEOUT.as_secs(),
            concurrency_limit: fabric_server::DEFAULT_CONCURRENCY_LIMIT,
            api_key_cache_seconds: 5,
            api_key_unused_days: 90,
            tls_cert: None,
            tls_key: None,
            insecure_http: false,
        }
    }
}

/// Where `fabric serve` listens by default.
const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

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

/// The `fabric.toml` a new home starts with: every setting, most commented out.
const CONFIG_TEMPLATE: &str = include_str!("config/template.toml");

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
                keys: KeysSection::default(),
                retention: RetentionSection::default(),
                backup: BackupSection::default(),
                metrics: MetricsSection::default(),
            },
            Err(error) => {
                return Err(error)
                    .with_context(|| format!("cannot read {}", config_path.display()));
            }
        };
        Ok(Home { dir: dir.to_owned(), config })
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
        self.with_s3_settings(location)
    }

    /// The audit witness, when one is configured (`FABRIC_AUDIT_WITNESS`, else
    /// `[audit] witness`): its URL as given, and where it is (relative paths against the
    /// home).
    pub(crate) fn witness_location(&self) -> Result<Option<(String, BackendLocation)>> {
        let Some(url) =
            env_var("FABRIC_AUDIT_WITNESS").or_else(|| self.config.audit.witness.clone())
        else {
            return Ok(None);
        };
        let location = self.with_s3_settings(BackendLocation::parse(&url, Some(&self.dir))?)?;
        Ok(Some((url, location)))
    }

    /// The `[backup] dir`, relative to the home, if configured.
    pub(crate) fn backup_dir(&self) -> Option<PathBuf> {
        self.config.backup.dir.as_ref().map(|dir| self.dir.join(dir))
    }

    /// `location`, with the `[s3]` settings merged with `FABRIC_S3_*` when it is `s3://`.
    fn with_s3_settings(&self, location: BackendLocation) -> Result<BackendLocation> {
        Ok(match location {
            BackendLocation::S3 { url, .. } => {
                BackendLocation::S3 { url, settings: self.config.s3.clone().with_env(env_var)? }
            }
            other => other,
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

/// Creates a new home and says so: a configuration, and a keyring sealed under a fresh key
/// file (unless `FABRIC_KEY` or `FABRIC_KEY_FILE` gives the key, or `FABRIC_PASSPHRASE` alone
/// a passphrase).
fn create(dir: &Path) -> Result<()> {
    create_private_dir(dir)?;
    std::fs::write(dir.join(CONFIG_FILE), CONFIG_TEMPLATE)
        .with_context(|| format!("cannot write {}", dir.join(CONFIG_FILE).display()))?;
    let key_from_env =
        env_var_os("FABRIC_KEY").is_some() || env_var_os("FABRIC_KEY_FILE").is_some();
    let passphrase_only = !key_from_env && env_var_os("FABRIC_PASSPHRASE").is_some();
    let key_path = dir.join(KEY_FILE);
    if !key_from_env && !passphrase_only {
        write_new_key(&key_path)?;
    }
    let home = Home::open_or_create(dir)?;
    let root = if passphrase_only { None } else { Some(home.root_key()?) };
    let keyring = keys::create_keyring(dir, root)?;
    if key_from_env || passphrase_only {
        eprintln!("fabric: created {} with {keyring}", dir.display());
    } else {
        eprintln!(
            "fabric: created {} with a new key in {} and {keyring}. Back up both files: without \
             them no record can be read.",
            dir.display(),
            key_path.display()
        );
    }
    Ok(())
}

/// Creates `dir` (and its parents) readable only by its owner.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).with_context(|| format!("cannot create {}", dir.display()))
}

/// Creates a new file (refused when one exists) readable only by its owner.
pub(crate) fn create_private_file(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).with_context(|| format!("cannot create {}", path.display()))
}

/// Writes a fresh key to a new file readable only by its owner.
fn write_new_key(path: &Path) -> Result<()> {
    let key = MasterKey::generate(&OsRandom)?;
    let mut file = create_private_file(path).context("cannot create the key file")?;
    file.write_all(key.to_base64().as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write key file {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
