//! Client-side encryption for memory-fabric: cipher suites, keys, keyring and the envelope format.
//!
//! The boundary of this crate is the [`CipherSuite`] trait: a small object-safe AEAD
//! (seal and open with associated data) with one unit struct per suite, each behind its feature.
//! A [`Provider`] bundles the enabled suites with a [`SecureRandom`]; [`envelope::seal`] and
//! [`envelope::open`] build and parse the self-describing envelope that every stored record is.
//!
//! ```
//! use fabric_crypto::{envelope, Keyring, MasterKey, DEFAULT_PROVIDER};
//!
//! # fn main() -> Result<(), fabric_crypto::Error> {
//! let keyring = Keyring::single(MasterKey::generate(DEFAULT_PROVIDER.random)?);
//! let suite = DEFAULT_PROVIDER.preferred_suite()?;
//! let aad = envelope::record_aad("rec-1", "alice");
//! let sealed = envelope::seal(suite, DEFAULT_PROVIDER.random, &keyring, &aad, b"hello")?;
//! assert_eq!(envelope::open(&DEFAULT_PROVIDER, &keyring, &aad, &sealed)?, b"hello");
//! // The same bytes under another record's context do not open.
//! let other = envelope::record_aad("rec-2", "alice");
//! assert!(envelope::open(&DEFAULT_PROVIDER, &keyring, &other, &sealed).is_err());
//! # Ok(()) }
//! ```
//!
//! | feature            | enables                                                         |
//! |--------------------|-----------------------------------------------------------------|
//! | `aes-gcm`          | AES-256-GCM from RustCrypto (default)                            |
//! | `chacha20poly1305` | ChaCha20-Poly1305 from RustCrypto                                |
//! | `aws-lc`           | both suites from aws-lc-rs, byte-compatible, preferred when on   |
//! | `test-util`        | [`FixedRandom`], a replayed random source for known-answer tests  |
//!
//! Key material lives only in [`MasterKey`] and [`DataKey`], which zeroize on drop and never
//! print their bytes.

#[cfg(feature = "aes-gcm")]
pub mod aes_gcm;
pub mod archive;
#[cfg(feature = "aws-lc")]
pub mod aws_lc;
pub mod blind;
#[cfg(feature = "chacha20poly1305")]
pub mod chacha20poly1305;
pub mod envelope;
mod error;
mod key;
pub mod keyfile;
mod keyring;
mod suite;
mod uses;

pub use error::{Error, Result};
pub use key::{
    DataKey, KEY_LEN, KeyId, MasterKey, hkdf_subkey, read_private_bytes, read_private_file,
};
pub use keyring::Keyring;
#[cfg(any(test, feature = "test-util"))]
pub use suite::FixedRandom;
pub use suite::{
    CipherSuite, DEFAULT_PROVIDER, NONCE_LEN, Nonce, OsRandom, Provider, SecureRandom, SuiteId,
    TAG_LEN,
};
pub use uses::{KeyUses, RANDOM_NONCE_LIMIT, USES_WARNING};
