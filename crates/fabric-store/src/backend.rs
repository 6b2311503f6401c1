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
    /// [`crate::Error::NotFound`] when nothing is there.
    async fn delete(&self, key: &ObjectKey) -> Result<()>;

    /// Streams every object under `prefix` (segment-wise), in key order, page by page.
    fn list(&self, prefix: &ObjectKey) -> BoxStream<'static, Result<ObjectMeta>>;
}
