//! The memory-fabric API: encrypted, owner-scoped memory records on any backend.
//!
//! [`MemoryFabric`] is the boundary of this crate. It validates a [`NewRecord`], seals its
//! content, metadata and tags in an envelope bound to the record's id and owner
//! (fabric-crypto), and hands the sealed bytes to a [`fabric_store::Backend`]. Reading opens
//! and checks the envelope before anything is returned: a tampered, moved or wrongly keyed
//! record is an error, never data.
//!
//! ```
//! use std::sync::Arc;
//! use fabric_core::{Filter, MemoryFabric, NewRecord};
//! use fabric_crypto::{Keyring, MasterKey, OsRandom};
//! use fabric_store::ObjectStoreBackend;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), fabric_core::Error> {
//! let fabric = MemoryFabric::builder()
//!     .backend(Arc::new(ObjectStoreBackend::memory()))
//!     .keyring(Keyring::single(MasterKey::generate(&OsRandom)?))
//!     .build()?;
//! let stored = fabric.store(NewRecord::new("alice", "prefers tea").with_tag("drinks")).await?;
//! let read = fabric.retrieve("alice", stored.id.as_str()).await?;
//! assert_eq!(read.content, "prefers tea");
//! let listed = fabric.list(&Filter::owner("alice").with_tag("drinks")).await?;
//! assert_eq!(listed.len(), 1);
//! # Ok(()) }
//! ```
//!
//! | feature            | enables                                           |
//! |--------------------|---------------------------------------------------|
//! | `sqlite`           | `fabric_store::SqliteBackend` (default)            |
//! | `aes-gcm`          | the AES-256-GCM suite (default)                    |
//! | `chacha20poly1305` | the ChaCha20-Poly1305 suite                        |
//! | `aws-lc`           | both suites from aws-lc-rs                         |
//! | `privacy`          | PII detection and the store policy (default)       |
//! | `s3`               | `fabric_store::s3::S3Backend`                      |

mod audit;
mod error;
mod fabric;
mod filter;
mod frame;
mod key_uses;
mod metrics;
mod owner_keys;
#[cfg(feature = "privacy")]
mod policy;
mod private_file;
mod recall;
mod record;
mod records_check;
mod retention;
mod sealer;
mod session;
#[cfg(feature = "sqlite")]
mod stack;
mod version_entry;

pub use error::{Error, Result};
pub use fabric::{
    ArchiveManifest, CompactReport, ExportFormat, ExportReport, ImportReport, KeyDependents,
    KeyUsage, MemoryFabric, MemoryFabricBuilder, OwnerKeyRotation, RecordMove, Reencryption,
    ReindexReport, ShredReport,
};
pub use fabric_audit;
pub use fabric_authz;
pub use fabric_crypto;
#[cfg(feature = "privacy")]
pub use fabric_privacy;
pub use fabric_store;
pub use filter::Filter;
pub use key_uses::{FLUSH_EVERY, KeyUseFile, KeyUseLedger};
pub use metrics::{FabricMetrics, LATENCY_BOUNDS, Latency, MetricsSnapshot};
pub use owner_keys::{
    MemoryOwnerKeys, OwnerKeyEntry, OwnerKeyFile, OwnerKeyStore, RetiringKey, rewrap_owner_keys,
};
#[cfg(feature = "privacy")]
pub use policy::{PSEUDONYM_KEY_PURPOSE, PrivacyAction, PrivacyPolicy, redactor};
pub use recall::{
    BM25_B, BM25_K1, DEFAULT_VECTOR_CACHE_VALUES, MAX_DIMENSIONS, MAX_K, RRF_K, RecallHit,
    RecallQuery, RecallWeights, Signals, cosine,
};
pub use record::{Limits, MemoryType, NewRecord, PrivacyLevel, Record, RecordId, StorageTier};
pub use records_check::{ProblemKind, RecordProblem, RecordsReport};
pub use retention::RetentionPolicy;
pub use session::{MAX_AUDIT_EVENTS, MAX_LIST_RECORDS, SecureSession};
#[cfg(feature = "sqlite")]
pub use stack::{API_KEY_CACHE, SqliteStack};
pub use version_entry::VERSION_KEY_PURPOSE;
