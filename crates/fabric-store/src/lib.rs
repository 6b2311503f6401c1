//! Storage for memory-fabric: opaque bytes under validated keys, behind one async trait.
//!
//! The boundary of this crate is [`Backend`]: put with a [`PutMode`] (create-only, overwrite,
//! or only if the stored [`Version`] still matches), get, delete, and a streamed list by prefix.
//! A backend never sees plaintext or keys: fabric-core hands it sealed envelopes.
//!
//! ```
//! use bytes::Bytes;
//! use fabric_store::{Backend, ObjectKey, ObjectStoreBackend, PutMode};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), fabric_store::Error> {
//! let backend = ObjectStoreBackend::memory();
//! let key = ObjectKey::parse("records/alice/r1")?;
//! let version = backend.put(&key, Bytes::from_static(b"sealed"), PutMode::Create).await?;
//! // A second create-only put of the same key loses.
//! assert!(backend.put(&key, Bytes::new(), PutMode::Create).await.is_err());
//! assert_eq!(backend.get(&key).await?.version, version);
//! # Ok(()) }
//! ```
//!
//! | feature     | enables                                                      |
//! |-------------|--------------------------------------------------------------|
//! | `sqlite`    | [`SqliteBackend`]: one SQLite file, WAL, group commit (default) |
//! | `s3`        | [`s3::S3Backend`]: Amazon S3 and compatible servers (TLS, SSE, Object Lock) |
//! | `test-util` | [`conformance`]: the test suite every backend must pass      |

mod backend;
#[cfg(any(test, feature = "test-util"))]
pub mod conformance;
mod error;
mod key;
mod object;
pub mod recall;
#[cfg(feature = "s3")]
pub mod s3;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use backend::{
    Backend, ObjectMeta, PutBatch, PutBatchSender, PutItem, PutMode, Retaining, Retention,
    RetentionMode, Stored, Version,
};
pub use error::{Error, Result};
pub use key::ObjectKey;
pub use object::ObjectStoreBackend;
pub use recall::RecallIndex;
#[cfg(feature = "sqlite")]
pub use sqlite::{Companion, SqliteBackend, WriteOp};
