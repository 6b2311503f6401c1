//! The [`Backend`] trait and the values it trades in.

use std::fmt;

use async_trait::async_trait;
use bytes::Bytes;
use futures::stream::BoxStream;

use crate::{ObjectKey, Result};

/// An opaque token for one stored version of an object (an ETag, a counter).
///
/// Compare versions only for equality; their order and content are backend-specific.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version(pub String);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a put treats an object already at the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutMode {
    /// Write only if nothing is there ([`crate::Error::AlreadyExists`] otherwise).
    Create,
    /// Write whatever is there.
    Overwrite,
    /// Write only if the stored version is this one ([`crate::Error::VersionMismatch`]
    /// otherwise, [`crate::Error::NotFound`] when nothing is there).
    IfVersion(Version),
}

/// One put of a batch: the key, the body and the precondition.
pub type PutItem = (ObjectKey, Bytes, PutMode);

/// A batch of writes that arrives in chunks, so that a backend can write the first chunks
/// while the caller is still producing the last ones (the SQLite backend's
/// `write_batch_with`, inside one transaction).
///
/// The batch announces how many items it will carry; a backend writes it all or nothing,
/// and a batch whose sender goes away before delivering that many items fails.
#[derive(Debug)]
pub struct PutBatch<T> {
    expected: usize,
    chunks: tokio::sync::mpsc::Receiver<Vec<T>>,
}

/// The producing end of a [`PutBatch`].
#[derive(Debug)]
pub struct PutBatchSender<T> {
    chunks: tokio::sync::mpsc::Sender<Vec<T>>,
}

impl<T> Clone for PutBatchSender<T> {
    fn clone(&self) -> Self {
        PutBatchSender { chunks: self.chunks.clone() }
    }
}

impl<T> PutBatch<T> {
    /// A batch of `expected` items and its sender; at most `depth` chunks wait in between.
    pub fn channel(expected: usize, depth: usize) -> (PutBatchSender<T>, PutBatch<T>) {
        let (sender, chunks) = tokio::sync::mpsc::channel(depth.max(1));
        (PutBatchSender { chunks: sender }, PutBatch { expected, chunks })
    }

    /// How many items the batch carries when it is complete.
    pub fn expected(&self) -> usize {
        self.expected
    }

    /// The next chunk, waiting on the current thread; `None` once the sender is gone.
    ///
    /// For backends that write on a thread of their own; it must not be called from an
    /// async task.
    pub fn blocking_next_chunk(&mut self) -> Option<Vec<T>> {
        self.chunks.blocking_recv()
    }
}

impl<T> PutBatchSender<T> {
    /// Sends a chunk, waiting on the current thread while the backend is behind; `false`
    /// when the backend has stopped reading (it failed, or the batch was dropped).
    ///
    /// It must not be called from an async task.
    pub fn blocking_send(&self, chunk: Vec<T>) -> bool {
        self.chunks.blocking_send(chunk).is_ok()
    }

    /// Sends a chunk; `false` when the backend has stopped reading.
    pub async fn send(&self, chunk: Vec<T>) -> bool {
        self.chunks.send(chunk).await.is_ok()
    }
}

fabric_types::named_enum! {
    /// How an Object Lock retention protects an object until its retain-until date; named
    /// as S3 names it (`COMPLIANCE`, `GOVERNANCE`), parsed in any case.
    pub enum RetentionMode (case = any) {
        /// Nobody, not even the account root, can delete the locked version or shorten its date.
        Compliance => "COMPLIANCE",
        /// Users with the bypass permission can still delete the version or change its retention.
        Governance => "GOVERNANCE",
    }
}

/// A write-once retention: objects put with [`Retaining::put_retained`] cannot be deleted or
/// overwritten in place for `days` days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Retention {
    /// Who may lift the lock early.
    pub mode: RetentionMode,
    /// How long from the put, in days (at least one).
    pub days: u32,
}

/// An object as read back.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The bytes that were put.
    pub body: Bytes,
    /// The version those bytes are.
    pub version: Version,
}

/// An entry of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMeta {
    /// The object's key.
    pub key: ObjectKey,
    /// Its current version.
    pub version: Version,
    /// Its size in bytes.
    pub size: u64,
}

/// Where sealed records are kept: bytes under keys, with atomic conditional writes.
///
/// Guarantees every implementation gives (checked by [`crate::conformance`]):
/// - a put is atomic: a reader sees the old bytes or the new ones, never a mix or a prefix;
/// - [`PutMode::Create`] and [`PutMode::IfVersion`] are atomic checks: of concurrent writers
///   with the same precondition, exactly one wins;
/// - a put that returned `Ok` is durable.
#[async_trait]
pub trait Backend: fmt::Debug + fmt::Display + Send + Sync + 'static {
    /// Stores `body` at `key` as `mode` allows, returning the new version.
    ///
    /// # Errors
    ///
    /// [`crate::Error::AlreadyExists`], [`crate::Error::VersionMismatch`] or
    /// [`crate::Error::NotFound`] when the precondition fails; [`crate::Error::Backend`] when
    /// the storage fails.
    async fn put(&self, key: &ObjectKey, body: Bytes, mode: PutMode) -> Result<Version>;

    /// Stores many objects. The default puts them one by one and stops at the first error;
    /// backends with transactions (SQLite) write all or none in one durable commit.
    ///
    /// # Errors
    ///
    /// As [`Backend::put`], for the first item that fails.
    async fn put_many(&self, items: Vec<(ObjectKey, Bytes, PutMode)>) -> Result<Vec<Version>> {
        let mut versions = Vec::with_capacity(items.len());
        for (key, body, mode) in items {
            versions.push(self.put(&key, body, mode).await?);
        }
        Ok(versions)
    }

    /// This backend's write-once retention, when it can lock objects ([`Retaining`]); `None`
    /// by default.
    fn retaining(&self) -> Option<&dyn Retaining> {
        None
    }

    /// This backend's recall index ([`crate::RecallIndex`]), when it keeps one beside its
    /// objects; `None` by default.
    fn recall_index(&self) -> Option<&dyn crate::RecallIndex> {
        None
    }

    /// This backend as the SQLite backend, when it is one: callers that keep other tables in
    /// the same file write them in the same transaction ([`crate::SqliteBackend::write_with`]).
    #[cfg(feature = "sqlite")]
    fn as_sqlite(&self) -> Option<&crate::SqliteBackend> {
        None
    }

    /// Reads the object at `key`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] when nothing is there.
    async fn get(&self, key: &ObjectKey) -> Result<Stored>;

    /// Removes the object at `key`.
    ///
    /// # Errors
    ///
    /// [`crate::Error::NotFound`] when nothing is there; [`crate::Error::Retained`] when a
    /// version of it is under retention, in which case nothing readable was removed.
    async fn delete(&self, key: &ObjectKey) -> Result<()>;

    /// Streams every object under `prefix` (segment-wise), in key order, page by page.
    fn list(&self, prefix: &ObjectKey) -> BoxStream<'static, Result<ObjectMeta>>;
}

/// A capability some backends have (S3 with Object Lock): objects locked write-once, read
/// many. Reached through [`Backend::retaining`]; its cases are in
/// [`crate::conformance::retention_is_applied_or_refused_whole`].
#[async_trait]
pub trait Retaining: Send + Sync {
    /// The retention [`Retaining::put_retained`] applies.
    fn retention(&self) -> Retention;

    /// Stores `body` as [`Backend::put`] does, then locks the stored version under
    /// [`Retaining::retention`]: until its retain-until date it cannot be deleted, and a later
    /// put makes a new version instead of replacing it.
    ///
    /// All or nothing: when the lock cannot be applied, the new version is removed again and
    /// the error returned.
    ///
    /// # Errors
    ///
    /// As [`Backend::put`].
    async fn put_retained(&self, key: &ObjectKey, body: Bytes, mode: PutMode) -> Result<Version>;
}
