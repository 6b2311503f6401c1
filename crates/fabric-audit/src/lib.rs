//! A tamper-evident audit log for memory-fabric: hash-chained events, MAC-signed checkpoints.
//!
//! The boundary of this crate is the [`AuditSink`] trait: append a batch of events (and maybe
//! a checkpoint) atomically after the stream's stored head, read a stream's events in order,
//! read its checkpoints, list streams. [`AuditLog`] writes through it with group commit;
//! [`verify`], [`query`] and [`tail`] read through it.
//!
//! Each writer appends to its own *stream*. Every event carries the hash of the previous event
//! of its stream (32 zero bytes for the first); the hash is HMAC-SHA-256 under the chain key
//! of the [`AuditKey`] (an HKDF subkey of the master key) over a canonical, versioned encoding
//! (`FORMAT.md`), so nobody without the key can add, change or remove an event and recompute
//! the chain. On the first append to a stream, every [`DEFAULT_CHECKPOINT_EVERY`] events and
//! on flush or close, the writer verifies the chain since the last checkpoint and stores a
//! [`Checkpoint`] of the new head, MAC'd under another subkey, apart from the events (and at a
//! witness, when configured). So editing, deleting, reordering, inserting or truncating
//! events, or deleting or editing checkpoints, makes [`verify`] fail with a [`Tamper`] naming
//! the first bad sequence number; [`verify_with`] also checks checkpoints kept elsewhere.
//!
//! ```
//! use std::sync::Arc;
//! use fabric_audit::sink::sqlite::SqliteSink;
//! use fabric_audit::{
//!     AuditEvent, AuditKey, AuditLog, AuditQuery, Detail, DetailName, Id, Operation, Reason,
//!     Status, StreamId, verify,
//! };
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), fabric_audit::Error> {
//! # let dir = tempfile::tempdir()?;
//! # let master = fabric_crypto::MasterKey::parse(
//! #     "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f").expect("key");
//! let sink = Arc::new(SqliteSink::open(&dir.path().join("fabric.db"))?);
//! let log = AuditLog::builder(sink.clone(), AuditKey::derive(&master), StreamId::parse("node-1")?)
//!     .build()?;
//!
//! log.append(
//!     AuditEvent::new(Operation::Store, Status::Success)
//!         .actor(Id::parse("svc:ingest")?)
//!         .owner(Id::parse("alice")?)
//!         .record(Id::parse("01J9ZK3C2Y")?)
//!         .detail(DetailName::SIZE, Detail::Bytes(512)),
//! )
//! .await?;
//! log.append(
//!     AuditEvent::new(Operation::Authenticate, Status::Denied)
//!         .reason(Reason::AuthenticationFailed),
//! )
//! .await?;
//! log.close().await?;
//!
//! let report = verify(sink.as_ref(), &AuditKey::derive(&master)).await?;
//! assert_eq!(report.events, 2);
//! let denied = fabric_audit::query(
//!     sink.as_ref(),
//!     &AuditQuery { status: Some(Status::Denied), ..AuditQuery::default() },
//! )
//! .await?;
//! assert_eq!(denied.len(), 1);
//! # Ok(()) }
//! ```
//!
//! **What is never in the log**: content, metadata values, tags, queries, keys, tokens and
//! PII values. Not by policy but by construction: an event has no free-text field. Ids are
//! [`Id`]s (`[A-Za-z0-9._@=+:-]`, at most 128 bytes), the reason is a [`Reason`] code, and
//! details are typed [`Detail`]s: counts, sizes, durations, flags, key ids, PII type names.
//!
//! | sink                              | storage                                              |
//! |-----------------------------------|------------------------------------------------------|
//! | [`sink::sqlite::SqliteSink`]      | two append-only tables in one SQLite file (WAL)      |
//! | [`sink::jsonl::JsonlSink`]        | a JSON Lines file plus `<stem>.checkpoints.jsonl`    |
//! | [`sink::backend::BackendSink`]    | one object per event on any `fabric_store::Backend`  |

mod append;
mod chain;
mod checkpoint;
#[cfg(any(test, feature = "test-util"))]
pub mod conformance;
mod error;
mod event;
mod log;
mod name;
mod query;
pub mod sink;
mod verify;

pub use append::{AppendRequest, Appended, append};
pub use chain::{EVENT_FORMAT_VERSION, EventHash, Head, LEGACY_EVENT_FORMAT_VERSION, seal};
pub use checkpoint::{
    AUDIT_KEY_LABEL, AuditKey, CHAIN_KEY_INFO, CHECKPOINT_FORMAT_VERSION, CHECKPOINT_KEY_INFO,
    Checkpoint, CheckpointMac, CheckpointPolicy, DEFAULT_CHECKPOINT_EVERY,
};
pub use error::{Error, Result};
pub use event::{
    AuditEvent, Detail, Details, FieldName, MAX_DETAILS, MAX_PII_TYPES, NewEvent, Operation,
    Reason, Status,
};
pub use fabric_types::PiiType;
pub use log::{AuditLag, AuditLog, AuditLogBuilder, DEFAULT_MAX_BATCH};
pub use name::{DetailName, Id, KeyName, StreamId};
pub use query::{AuditQuery, query, tail};
pub use sink::{AuditSink, EncodedPage, EncodedPages, EventPages, SealedBatch, Stored};
pub use verify::{StreamReport, Tamper, VerifyReport, verify, verify_stream, verify_with};
