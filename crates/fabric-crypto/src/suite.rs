//! The [`CipherSuite`] trait, nonces, random sources and the [`Provider`] that bundles them.

use std::fmt;

use crate::{DataKey, Error, Result};

/// Length of every nonce, in bytes (96 bits, as both suites specify).
pub const NONCE_LEN: usize = 12;
/// Length of every authentication tag, in bytes.
pub const TAG_LEN: usize = 16;

/// The id of a cipher suite, written into every envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SuiteId(pub u8);

impl SuiteId {
    /// AES-256-GCM.
    pub const AES_256_GCM: SuiteId = SuiteId(1);
    /// ChaCha20-Poly1305.
    pub const CHACHA20_POLY1305: SuiteId = SuiteId(2);

    /// The suite's configuration name (`aes-256-gcm`, `chacha20-poly1305`).
    pub fn name(self) -> &'static str {
        match self {
            SuiteId::AES_256_GCM => "aes-256-gcm",
            SuiteId::CHACHA20_POLY1305 => "chacha20-poly1305",
            _ => "unknown",
        }
    }

    /// Looks a suite up by its configuration name.
    ///
    /// # Errors
    ///
    /// [`Error::SuiteUnavailable`] for a name that is no suite.
    pub fn from_name(name: &str) -> Result<SuiteId> {
        match name.to_ascii_lowercase().as_str() {
            "aes-256-gcm" | "aes256gcm" | "aes-gcm" => Ok(SuiteId::AES_256_GCM),
            "chacha20-poly1305" | "chacha20poly1305" => Ok(SuiteId::CHACHA20_POLY1305),
            _ => Err(Error::SuiteUnavailable { name: name.to_owned() }),
        }
    }
}

impl fmt::Display for SuiteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A 96-bit nonce. Only [`crate::envelope::seal`] and [`crate::keyfile`] make fresh ones;
/// elsewhere a nonce only comes out of the envelope parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nonce(pub(crate) [u8; NONCE_LEN]);

impl Nonce {
    /// A nonce from fixed bytes, for known-answer tests and benchmarks only.
    #[cfg(any(test, feature = "test-util"))]
    pub fn from_bytes(bytes: [u8; NONCE_LEN]) -> Self {
        Nonce(bytes)
    }

    /// The nonce bytes.
    pub fn as_bytes(&self) -> &[u8; NONCE_LEN] {
        &self.0
    }
}

/// An authenticated cipher with associated data (AEAD) under a 256-bit key.
///
/// Implementations are unit structs; the same [`SuiteId`] must produce byte-identical output
/// in every implementation, so that any provider opens what another sealed.
pub trait CipherSuite: Send + Sync + fmt::Debug + 'static {
    /// The id written into every envelope; `open` dispatches on it.
    fn id(&self) -> SuiteId;

    /// Encrypts `msg` and appends the 16-byte tag.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] when the message exceeds what the suite can seal.
    fn seal(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], msg: &[u8]) -> Result<Vec<u8>>;

    /// Checks the tag and decrypts.
    ///
    /// # Errors
    ///
    /// [`Error::Authentication`] for any tampering, wrong key, wrong `aad` or short input.
    fn open(&self, key: &DataKey, nonce: &Nonce, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>>;
}

/// A source of cryptographically secure random bytes.
pub trait SecureRandom: Send + Sync + fmt::Debug + 'static {
    /// Fills `dest` with random bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Random`] when the source fails.
    fn fill(&self, dest: &mut [u8]) -> Result<()>;
}

/// The operating system's random number generator.
#[derive(Debug)]
pub struct OsRandom;

impl SecureRandom for OsRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<()> {
        getrandom::fill(dest).map_err(|_| Error::Random)
    }
}

/// A random source that replays fixed bytes, for known-answer tests only.
///
/// Never use it for data: every seal with it reuses the same data key and nonces.
#[cfg(any(test, feature = "test-util"))]
#[derive(Debug)]
pub struct FixedRandom {
    bytes: Vec<u8>,
    position: std::sync::Mutex<usize>,
}

#[cfg(any(test, feature = "test-util"))]
impl FixedRandom {
    /// Replays `bytes`, then fails with [`Error::Random`].
    pub fn new(bytes: Vec<u8>) -> Self {
        FixedRandom { bytes, position: std::sync::Mutex::new(0) }
    }
}

#[cfg(any(test, feature = "test-util"))]
impl SecureRandom for FixedRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<()> {
        let mut position = self.position.lock().map_err(|_| Error::Random)?;
        let end = position.checked_add(dest.len()).ok_or(Error::Random)?;
        let source = self.bytes.get(*position..end).ok_or(Error::Random)?;
        dest.copy_from_slice(source);
        *position = end;
        Ok(())
    }
}

/// The cipher suites and random source one process uses.
///
/// A plain struct of `&'static dyn` values: override one field with `..DEFAULT_PROVIDER`.
#[derive(Debug, Clone, Copy)]
pub struct Provider {
    /// The enabled suites in order of preference; `[0]` seals new data by default.
    pub suites: &'static [&'static dyn CipherSuite],
    /// Where data keys and nonces come from.
    pub random: &'static dyn SecureRandom,
}

impl Provider {
    /// The suite with this id, if enabled.
    pub fn suite(&self, id: SuiteId) -> Option<&'static dyn CipherSuite> {
        self.suites.iter().copied().find(|suite| suite.id() == id)
    }

    /// The first suite in preference order.
    ///
    /// # Errors
    ///
    /// [`Error::SuiteUnavailable`] when the build enables no suite at all.
    pub fn preferred_suite(&self) -> Result<&'static dyn CipherSuite> {
        self.suites
            .first()
            .copied()
            .ok_or_else(|| Error::SuiteUnavailable { name: "any cipher suite".to_owned() })
    }

    /// The suite with this configuration name.
    ///
    /// # Errors
    ///
    /// [`Error::SuiteUnavailable`] when the name is unknown or the suite is not enabled.
    pub fn suite_by_name(&self, name: &str) -> Result<&'static dyn CipherSuite> {
        self.suite(SuiteId::from_name(name)?)
            .ok_or_else(|| Error::SuiteUnavailable { name: name.to_owned() })
    }
}

/// The suites of this build: aws-lc-rs when the `aws-lc` feature is on, otherwise RustCrypto;
/// AES-256-GCM first when enabled.
pub static DEFAULT_PROVIDER: Provider = Provider { suites: DEFAULT_SUITES, random: &OsRandom };

#[cfg(feature = "aws-lc")]
const DEFAULT_SUITES: &[&dyn CipherSuite] = crate::aws_lc::SUITES;

#[cfg(all(not(feature = "aws-lc"), feature = "aes-gcm", feature = "chacha20poly1305"))]
const DEFAULT_SUITES: &[&dyn CipherSuite] =
    &[&crate::aes_gcm::Aes256Gcm, &crate::chacha20poly1305::ChaCha20Poly1305];

#[cfg(all(not(feature = "aws-lc"), feature = "aes-gcm", not(feature = "chacha20poly1305")))]
const DEFAULT_SUITES: &[&dyn CipherSuite] = &[&crate::aes_gcm::Aes256Gcm];

#[cfg(all(not(feature = "aws-lc"), not(feature = "aes-gcm"), feature = "chacha20poly1305"))]
const DEFAULT_SUITES: &[&dyn CipherSuite] = &[&crate::chacha20poly1305::ChaCha20Poly1305];

#[cfg(all(not(feature = "aws-lc"), not(feature = "aes-gcm"), not(feature = "chacha20poly1305")))]
const DEFAULT_SUITES: &[&dyn CipherSuite] = &[];
