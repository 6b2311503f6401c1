//! memory-fabric: a secure memory store for AI agents.
//!
//! Agents store memories (short texts with metadata and tags) and recall them. Everything is
//! sealed on the client with AES-256-GCM or ChaCha20-Poly1305 under a fresh data key per record
//! before it reaches a backend, and every read checks that the bytes are the ones written for
//! that record and owner.
//!
//! This facade re-exports the workspace crates; pick what to compile with features:
//!
//! | feature            | enables                                                 |
//! |--------------------|---------------------------------------------------------|
//! | `sqlite`           | the SQLite backend (default)                            |
//! | `aes-gcm`          | the AES-256-GCM suite (default)                         |
//! | `chacha20poly1305` | the ChaCha20-Poly1305 suite                             |
//! | `aws-lc`           | both suites from aws-lc-rs (faster, byte-compatible)    |
//! | `privacy`          | PII detection and the store policy (default)            |
//! | `s3`               | the S3 backend, `store::s3::S3Backend`                   |
//! | `server`           | the HTTP API (`server`: axum, rustls, OpenAPI)          |
//!
//! Access control is always there: `authz` (principals, roles, API keys, JWTs) and
//! [`SecureSession`] (`fabric.session(principal)`), which checks, scopes and (with an audit log) audits every call.
//!
//! ```
//! use std::sync::Arc;
//! use memory_fabric::{MemoryFabric, NewRecord};
//! use memory_fabric::crypto::{Keyring, MasterKey, OsRandom};
//! use memory_fabric::store::ObjectStoreBackend;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), memory_fabric::Error> {
//! let fabric = MemoryFabric::builder()
//!     .backend(Arc::new(ObjectStoreBackend::memory()))
//!     .keyring(Keyring::single(MasterKey::generate(&OsRandom)?))
//!     .build()?;
//! let record = fabric.store(NewRecord::new("agent-7", "the user prefers metric units")).await?;
//! assert_eq!(fabric.retrieve("agent-7", record.id.as_str()).await?.content, record.content);
//! # Ok(()) }
//! ```

pub use fabric_core::fabric_audit as audit;
pub use fabric_core::fabric_authz as authz;
pub use fabric_core::fabric_crypto as crypto;
#[cfg(feature = "privacy")]
pub use fabric_core::fabric_privacy as privacy;
pub use fabric_core::fabric_store as store;
pub use fabric_core::{
    ArchiveManifest, CompactReport, Error, ExportFormat, ExportReport, Filter, ImportReport,
    Limits, MemoryFabric, MemoryFabricBuilder, MemoryOwnerKeys, MemoryType, NewRecord,
    OwnerKeyEntry, OwnerKeyFile, OwnerKeyRotation, OwnerKeyStore, PrivacyLevel, RecallHit,
    RecallQuery, RecallWeights, Record, RecordId, RecordMove, Reencryption, Result,
    RetentionPolicy, SecureSession, ShredReport, Signals, StorageTier, rewrap_owner_keys,
};
#[cfg(feature = "privacy")]
pub use fabric_core::{PrivacyAction, PrivacyPolicy};
#[cfg(feature = "server")]
pub use fabric_server as server;
