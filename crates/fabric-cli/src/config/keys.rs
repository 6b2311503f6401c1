//! The home's keys: the root key (`FABRIC_KEY`, `FABRIC_KEY_FILE`, the key file) or the
//! passphrase (`FABRIC_PASSPHRASE`), and the keyring file they seal (`<home>/keyring`).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use fabric_crypto::keyfile::{KdfParams, KeyringFile, RootSecret};
use fabric_crypto::{DEFAULT_PROVIDER, Keyring, MasterKey, OsRandom};
use zeroize::Zeroizing;

use super::{Home, KEY_FILE, env_var, env_var_os};

/// Name of the keyring file in the home.
pub(crate) const KEYRING_FILE: &str = "keyring";

/// What seals the home's keyring file, or an archive of `fabric export`.
pub(crate) enum Secret {
    Key(MasterKey),
    Passphrase(Zeroizing<String>),
}

impl Secret {
    /// The secret as the crypto layer takes it.
    pub(crate) fn root(&self) -> RootSecret<'_> {
        match self {
            Secret::Key(key) => RootSecret::Key(key),
            Secret::Passphrase(text) => RootSecret::Passphrase(text, KdfParams::default()),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Secret::Key(_) => "the key (FABRIC_KEY, FABRIC_KEY_FILE or the key file)",
            Secret::Passphrase(_) => "the passphrase (FABRIC_PASSPHRASE)",
        }
    }
}

/// The secret of an archive (`fabric export`, `fabric import`): `FABRIC_EXPORT_KEY` (a key,
/// base64), else `FABRIC_EXPORT_PASSPHRASE`; `None` when neither is set.
pub(crate) fn archive_secret() -> Result<Option<Secret>> {
    if let Some(text) = env_var("FABRIC_EXPORT_KEY") {
        let key = MasterKey::parse(&text).context("FABRIC_EXPORT_KEY is not a usable key")?;
        return Ok(Some(Secret::Key(key)));
    }
    match env_var("FABRIC_EXPORT_PASSPHRASE") {
        None => Ok(None),
        Some(text) if text.is_empty() => bail!("FABRIC_EXPORT_PASSPHRASE is empty"),
        Some(text) => Ok(Some(Secret::Passphrase(Zeroizing::new(text)))),
    }
}

/// The home's keyring file, opened, with what seals it.
pub(crate) struct HomeKeyring {
    path: PathBuf,
    secret: Secret,
    /// The keys.
    pub(crate) file: KeyringFile,
}

/// Now, in Unix seconds.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

fn passphrase() -> Result<Option<Zeroizing<String>>> {
    match env_var("FABRIC_PASSPHRASE") {
        None => Ok(None),
        Some(text) if text.is_empty() => bail!("FABRIC_PASSPHRASE is empty"),
        Some(text) => Ok(Some(Zeroizing::new(text))),
    }
}

/// Where the root key comes from, as `fabric doctor` reports it.
pub(crate) enum RootSource {
    /// `FABRIC_KEY`.
    Environment,
    /// A key file (`FABRIC_KEY_FILE` or the configured one), present.
    File(PathBuf),
    /// No key: the keyring is sealed under `FABRIC_PASSPHRASE`.
    Passphrase,
    /// Nothing: the key file named here does not exist.
    Missing(PathBuf),
}

impl Home {
    /// Where the root key comes from (nothing is read but file metadata).
    pub(crate) fn root_source(&self) -> RootSource {
        if env_var_os("FABRIC_KEY").is_some() {
            return RootSource::Environment;
        }
        let path = self.root_key_path();
        if path.exists() {
            return RootSource::File(path);
        }
        let sealed_with_passphrase = std::fs::read(self.keyring_path())
            .ok()
            .and_then(|bytes| KeyringFile::sealed_with_passphrase(&bytes).ok())
            .unwrap_or(false);
        if sealed_with_passphrase { RootSource::Passphrase } else { RootSource::Missing(path) }
    }

    fn root_key_path(&self) -> PathBuf {
        match env_var_os("FABRIC_KEY_FILE") {
            Some(path) => PathBuf::from(path),
            None => self.dir.join(self.config.key_file.as_deref().unwrap_or(Path::new(KEY_FILE))),
        }
    }

    /// The keyring: the home's keyring file opened. A home of one key (no keyring file yet)
    /// gets one holding that key, and is told so.
    pub(crate) fn keyring(&self) -> Result<Keyring> {
        self.keyring_file()?
            .file
            .keyring()
            .map_err(|error| anyhow!("{}: {error}", self.keyring_path().display()))
    }

    pub(crate) fn keyring_path(&self) -> PathBuf {
        self.dir.join(KEYRING_FILE)
    }

    /// The home's keyring file, opened (made from the home's one key when missing).
    pub(crate) fn keyring_file(&self) -> Result<HomeKeyring> {
        let path = self.keyring_path();
        match fabric_crypto::read_private_bytes(&path) {
            Ok(bytes) => {
                let sealed_with_passphrase = KeyringFile::sealed_with_passphrase(&bytes)
                    .map_err(|error| anyhow!("{}: {error}", path.display()))?;
                let secret = if sealed_with_passphrase {
                    Secret::Passphrase(passphrase()?.ok_or_else(|| {
                        anyhow!(
                            "{} is sealed under a passphrase: set FABRIC_PASSPHRASE",
                            path.display()
                        )
                    })?)
                } else {
                    Secret::Key(self.root_key()?)
                };
                let file = KeyringFile::open(&bytes, &secret.root(), &DEFAULT_PROVIDER).map_err(
                    |error| match error {
                        fabric_crypto::Error::Authentication => anyhow!(
                            "{} does not open {} (a wrong key or passphrase, or a changed file)",
                            secret.name(),
                            path.display()
                        ),
                        other => anyhow!("{}: {other}", path.display()),
                    },
                )?;
                Ok(HomeKeyring { path, secret, file })
            }
            Err(fabric_crypto::Error::KeyFileRead { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                let root = self.root_key()?;
                let file = KeyringFile::with_key(root.try_clone()?, now());
                let keyring = HomeKeyring { path, secret: Secret::Key(root), file };
                match keyring.save() {
                    Ok(()) => eprintln!(
                        "fabric: moved the home's key into the keyring {} (sealed under that \
                         key, which stays its first key); `fabric keys list` shows it",
                        keyring.path.display()
                    ),
                    Err(error) => eprintln!(
                        "fabric: warning: {error:#}; going on with the one key, without a keyring file"
                    ),
                }
                Ok(keyring)
            }
            Err(error) => {
                Err(error).with_context(|| format!("cannot read the keyring {}", path.display()))
            }
        }
    }

    /// The root key: `FABRIC_KEY`, else `FABRIC_KEY_FILE`, else the configured key file.
    pub(crate) fn root_key(&self) -> Result<MasterKey> {
        if let Some(text) = env_var("FABRIC_KEY") {
            return MasterKey::parse(&text).context("FABRIC_KEY is not a usable key");
        }
        let path = self.root_key_path();
        if !path.exists() {
            bail!(
                "no key: {} does not exist; set FABRIC_KEY or FABRIC_KEY_FILE, or restore the key file from its backup",
                path.display()
            );
        }
        Ok(MasterKey::from_file(&path)?)
    }
}

/// Makes the keyring of a new home in `dir`: sealed under `FABRIC_PASSPHRASE` with a fresh
/// key when it is set (and no key is given), else under the root key, which becomes its first
/// key. Returns what it says to the user.
pub(super) fn create_keyring(dir: &Path, root: Option<MasterKey>) -> Result<String> {
    let path = dir.join(KEYRING_FILE);
    let (secret, first) = match (root, passphrase()?) {
        (Some(root), _) => {
            let first = root.try_clone()?;
            (Secret::Key(root), first)
        }
        (None, Some(passphrase)) => {
            (Secret::Passphrase(passphrase), MasterKey::generate(&OsRandom)?)
        }
        (None, None) => bail!("a new home needs a key or a passphrase"),
    };
    let keyring = HomeKeyring { path, secret, file: KeyringFile::with_key(first, now()) };
    keyring.save()?;
    Ok(format!("a keyring in {} sealed under {}", keyring.path.display(), keyring.secret.name()))
}

impl HomeKeyring {
    /// Where the file is.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Seals the keys and replaces the file atomically: a new file beside it (mode 0600),
    /// synced, renamed over it, and the directory synced.
    pub(crate) fn save(&self) -> Result<()> {
        let suite = DEFAULT_PROVIDER.preferred_suite()?;
        let bytes = self.file.seal(&self.secret.root(), suite, &OsRandom)?;
        write_atomically(&self.path, &bytes)
            .with_context(|| format!("cannot write the keyring {}", self.path.display()))
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or(KEYRING_FILE);
    let temporary = dir.join(format!(".{name}.{}.new", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&temporary, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    renamed?;
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}
