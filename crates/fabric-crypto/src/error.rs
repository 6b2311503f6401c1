//! The error type of fabric-crypto.

use std::path::PathBuf;

/// Result with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while handling keys and envelopes.
///
/// Messages never contain key material or plaintext.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The envelope did not authenticate: tampered bytes, another record's or owner's
    /// context, a wrong key or a truncated body. Which check failed is deliberately not said.
    #[error("envelope failed authentication")]
    Authentication,
    /// The bytes are not an envelope this version understands.
    #[error("malformed envelope: {reason}")]
    Malformed {
        /// What is wrong with the layout (never the content).
        reason: &'static str,
    },
    /// The envelope names a cipher suite this build does not have.
    #[error("envelope uses cipher suite {id}, which is not enabled in this build")]
    UnknownSuite {
        /// The suite id read from the envelope.
        id: u8,
    },
    /// The envelope was sealed under a key-encryption key that is not in the keyring.
    #[error("envelope was sealed with key id {key_id}, which is not in the keyring")]
    UnknownKey {
        /// The key id read from the envelope.
        key_id: String,
    },
    /// No cipher suite is enabled, or the requested one is not.
    #[error("cipher suite {name} is not enabled in this build")]
    SuiteUnavailable {
        /// The suite that was asked for.
        name: String,
    },
    /// Key text or bytes were not an acceptable 256-bit key.
    #[error("invalid key: {reason}")]
    InvalidKey {
        /// Why the key was refused (never the key itself).
        reason: &'static str,
    },
    /// A key id was empty, too long or used characters outside `[A-Za-z0-9._-]`.
    #[error("invalid key id: {reason}")]
    InvalidKeyId {
        /// Why the id was refused.
        reason: &'static str,
    },
    /// A key file can be read by group or others.
    #[error("key file {} is readable by group or others (run: chmod 600 {})", path.display(), path.display())]
    KeyFilePermissions {
        /// The file that was refused.
        path: PathBuf,
    },
    /// A key file could not be read.
    #[error("cannot read key file {}", path.display())]
    KeyFileRead {
        /// The file that could not be read.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A keyring was built without keys, or with two keys under one id.
    #[error("invalid keyring: {reason}")]
    InvalidKeyring {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The operating system's random number generator failed.
    #[error("random number generator failed")]
    Random,
    /// A sealed archive (`fabric export`) is not one this version reads, or it was cut
    /// short, changed, or sealed under another key: which, for a sealed chunk, is
    /// deliberately not said.
    #[error("invalid archive: {reason}")]
    InvalidArchive {
        /// What is wrong with it (never its content).
        reason: &'static str,
    },
    /// The message is larger than one envelope can carry.
    #[error("message too large to seal ({len} bytes)")]
    TooLarge {
        /// The length that was refused.
        len: usize,
    },
}
