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

/// How an Object Lock retention protects an object until its retain-until date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetentionMode {
    /// Nobody, not even the account root, can delete the locked version or shorten its date.
    Compliance,
    /// Users with the bypass permission can still delete the version or change its retention.
    Governance,
}

impl RetentionMode {
    /// The S3 name: `COMPLIANCE` or `GOVERNANCE`.
    pub fn as_str(self) -> &'static str {
        match self {
            RetentionMode::Compliance => "COMPLIANCE",
            RetentionMode::Governance => "GOVERNANCE",
        }
    }
}

impl fmt::Display for RetentionMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RetentionMode {
    type Err = crate::Error;

    fn from_str(text: &str) -> Result<Self> {
        match text.to_ascii_lowercase().as_str() {
            "compliance" => Ok(RetentionMode::Compliance),
            "governance" => Ok(RetentionMode::Governance),
            _ => Err(crate::Error::InvalidConfig {
                reason: "retention mode must be compliance or governance".into(),
            }),
        }
    }
}

/// A write-once retention: objects put with [`Backend::put_retained`] cannot be deleted or
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

    /// The retention [`Backend::put_retained`] applies, or `None` when this backend cannot
    /// lock objects (the default).
    fn retention(&self) -> Option<Retention> {
        None
    }

    /// Stores `body` as [`Backend::put`] does, then locks the stored version under
    /// [`Backend::retention`] (write once, read many): until its retain-until date it cannot
    /// be deleted, and a later put makes a new version instead of replacing it.
    ///
    /// All or nothing: when the lock cannot be applied, the new version is removed again and
    /// the error returned.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Unsupported`] when the backend has no retention (the default); as
    /// [`Backend::put`] otherwise.
    async fn put_retained(&self, key: &ObjectKey, body: Bytes, mode: PutMode) -> Result<Version> {
        let _ = (key, body, mode);
        Err(crate::Error::Unsupported { backend: "this backend", operation: "retention" })
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
