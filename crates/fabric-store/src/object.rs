//! [`ObjectStoreBackend`]: the in-memory and local-directory backends, through `object_store`.

use std::fmt;
use std::path::Path as FsPath;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use futures::StreamExt as _;
use futures::stream::BoxStream;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _, PutOptions, PutPayload, UpdateVersion};

use crate::{Backend, Error, ObjectKey, ObjectMeta, PutMode, Result, Stored, Version};

/// A [`Backend`] over an `object_store` store: `memory://` or a local directory (`file://`).
///
/// Local writes go to a temporary file that is fsynced and renamed into place, so no
/// half-written object is ever visible and an acknowledged put survives a crash.
/// `object_store` has no conditional update on local files: this backend serialises
/// [`PutMode::IfVersion`] puts and deletes behind a lock, which makes them atomic among the
/// users of one process (several processes should share the SQLite backend instead).
pub struct ObjectStoreBackend {
    store: Arc<dyn ObjectStore>,
    name: &'static str,
    location: String,
    /// Present when the store cannot do conditional updates itself.
    update_lock: Option<tokio::sync::Mutex<()>>,
    /// The directory of a local store.
    dir: Option<std::path::PathBuf>,
    /// The recall index kept beside the objects.
    recall: crate::recall::object::ObjectIndex,
}

crate::recall::object_recall_index!(ObjectStoreBackend);

impl ObjectStoreBackend {
    /// A fresh, empty in-memory store (`memory://`): nothing survives the process.
    pub fn memory() -> Self {
        ObjectStoreBackend {
            store: Arc::new(InMemory::new()),
            name: "memory",
            location: "memory://".to_owned(),
            update_lock: None,
            dir: None,
            recall: crate::recall::object::ObjectIndex::default(),
        }
    }

    /// A store in a local directory (`file://DIR`), created when missing.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the directory cannot be created or opened.
    pub fn local(dir: &FsPath) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| Error::backend("file", source))?;
        let store = LocalFileSystem::new_with_prefix(dir)
            .map_err(|source| Error::backend("file", source))?
            .with_fsync(true)
            .with_automatic_cleanup(true);
        Ok(ObjectStoreBackend {
            store: Arc::new(store),
            name: "file",
            location: format!("file://{}", dir.display()),
            update_lock: Some(tokio::sync::Mutex::new(())),
            dir: Some(dir.to_owned()),
            recall: crate::recall::object::ObjectIndex::default(),
        })
    }

    /// Removes the staging files of writes that never completed (a process killed between
    /// writing `<key>#<n>` and renaming it into place) last modified more than `older_than`
    /// ago, so that writes still in flight are left alone; returns how many it removed.
    /// Object keys never contain `#`, so no object is touched. Nothing to do off `file://`.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the directory cannot be read or a file removed.
    pub fn remove_stale_staging(&self, older_than: std::time::Duration) -> Result<u64> {
        let Some(dir) = &self.dir else { return Ok(0) };
        let io = |source: std::io::Error| Error::backend("file", source);
        let now = std::time::SystemTime::now();
        let mut removed = 0;
        let mut pending = vec![dir.clone()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder).map_err(io)? {
                let entry = entry.map_err(io)?;
                let kind = entry.file_type().map_err(io)?;
                if kind.is_dir() {
                    pending.push(entry.path());
                    continue;
                }
                if !kind.is_file() || !entry.file_name().to_string_lossy().contains('#') {
                    continue;
                }
                let modified = entry.metadata().and_then(|meta| meta.modified()).map_err(io)?;
                if now.duration_since(modified).is_ok_and(|age| age >= older_than) {
                    std::fs::remove_file(entry.path()).map_err(io)?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    fn path(key: &ObjectKey) -> Path {
        Path::from(key.as_str())
    }

    fn map_error(&self, key: &ObjectKey, error: object_store::Error) -> Error {
        map_error(self.name, key, error)
    }

    async fn put_locked(
        &self,
        key: &ObjectKey,
        body: Bytes,
        expected: &Version,
    ) -> Result<Version> {
        let current =
            self.store.head(&Self::path(key)).await.map_err(|e| self.map_error(key, e))?;
        if version_of(current.e_tag, current.version) != *expected {
            return Err(Error::VersionMismatch { key: key.to_string() });
        }
        self.put_with(key, body, object_store::PutMode::Overwrite).await
    }

    async fn put_with(
        &self,
        key: &ObjectKey,
        body: Bytes,
        mode: object_store::PutMode,
    ) -> Result<Version> {
        let options = PutOptions { mode, ..PutOptions::default() };
        let result = self
            .store
            .put_opts(&Self::path(key), PutPayload::from(body), options)
            .await
            .map_err(|e| self.map_error(key, e))?;
        Ok(version_of(result.e_tag, result.version))
    }
}

/// The [`Version`] of an `object_store` result: its ETag, else its version id.
pub(crate) fn version_of(e_tag: Option<String>, version: Option<String>) -> Version {
    Version(e_tag.or(version).unwrap_or_default())
}

/// Maps an `object_store` error about `key` (a failed create-only put may be reported as
/// `AlreadyExists` or, by S3 servers, as `NotModified`).
pub(crate) fn map_error(
    backend: &'static str,
    key: &ObjectKey,
    error: object_store::Error,
) -> Error {
    let key = key.to_string();
    match error {
        object_store::Error::NotFound { .. } => Error::NotFound { key },
        object_store::Error::AlreadyExists { .. } | object_store::Error::NotModified { .. } => {
            Error::AlreadyExists { key }
        }
        object_store::Error::Precondition { .. } => Error::VersionMismatch { key },
        other => Error::backend(backend, other),
    }
}

#[async_trait]
impl Backend for ObjectStoreBackend {
    fn recall_index(&self) -> Option<&dyn crate::RecallIndex> {
        Some(self)
    }

    async fn put(&self, key: &ObjectKey, body: Bytes, mode: PutMode) -> Result<Version> {
        match (mode, &self.update_lock) {
            (PutMode::Create, _) => self.put_with(key, body, object_store::PutMode::Create).await,
            (PutMode::Overwrite, None) => {
                self.put_with(key, body, object_store::PutMode::Overwrite).await
            }
            (PutMode::Overwrite, Some(lock)) => {
                let _guard = lock.lock().await;
                self.put_with(key, body, object_store::PutMode::Overwrite).await
            }
            (PutMode::IfVersion(expected), Some(lock)) => {
                let _guard = lock.lock().await;
                self.put_locked(key, body, &expected).await
            }
            (PutMode::IfVersion(expected), None) => {
                let update = UpdateVersion { e_tag: Some(expected.0), version: None };
                let result = self.put_with(key, body, object_store::PutMode::Update(update)).await;
                if let Err(Error::VersionMismatch { .. }) = &result {
                    // Report a conditional update of a missing object as missing.
                    self.store.head(&Self::path(key)).await.map_err(|e| self.map_error(key, e))?;
                }
                result
            }
        }
    }

    async fn get(&self, key: &ObjectKey) -> Result<Stored> {
        let result = self.store.get(&Self::path(key)).await.map_err(|e| self.map_error(key, e))?;
        let version = version_of(result.meta.e_tag.clone(), result.meta.version.clone());
        let body = result.bytes().await.map_err(|e| self.map_error(key, e))?;
        Ok(Stored { body, version })
    }

    async fn delete(&self, key: &ObjectKey) -> Result<()> {
        let _guard = match &self.update_lock {
            Some(lock) => Some(lock.lock().await),
            None => None,
        };
        let path = Self::path(key);
        self.store.head(&path).await.map_err(|e| self.map_error(key, e))?;
        self.store.delete(&path).await.map_err(|e| self.map_error(key, e))
    }

    fn list(&self, prefix: &ObjectKey) -> BoxStream<'static, Result<ObjectMeta>> {
        let name = self.name;
        let prefix_path = Self::path(prefix);
        let prefix = prefix.clone();
        let mut entries: Vec<Result<ObjectMeta>> = Vec::new();
        let store = Arc::clone(&self.store);
        // object_store lists in no particular order; collect the keys, then sort them.
        futures::stream::once(async move {
            let mut stream = store.list(Some(&prefix_path));
            while let Some(item) = stream.next().await {
                let entry = item.map_err(|source| Error::backend(name, source)).and_then(|meta| {
                    let key = ObjectKey::parse(meta.location.as_ref())?;
                    Ok(ObjectMeta {
                        version: version_of(meta.e_tag, meta.version),
                        size: meta.size,
                        key,
                    })
                });
                match entry {
                    Ok(meta) if !meta.key.starts_with(&prefix) => {}
                    other => entries.push(other),
                }
            }
            entries.sort_by(|a, b| match (a, b) {
                (Ok(a), Ok(b)) => a.key.cmp(&b.key),
                (Err(_), Ok(_)) => std::cmp::Ordering::Less,
                (Ok(_), Err(_)) => std::cmp::Ordering::Greater,
                (Err(_), Err(_)) => std::cmp::Ordering::Equal,
            });
            futures::stream::iter(entries)
        })
        .flatten()
        .boxed()
    }
}

impl fmt::Debug for ObjectStoreBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectStoreBackend").field("location", &self.location).finish()
    }
}

impl fmt::Display for ObjectStoreBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_backend_passes_the_conformance_suite() {
        crate::conformance::run_all(&ObjectStoreBackend::memory()).await;
    }

    #[tokio::test]
    async fn local_backend_passes_the_conformance_suite() {
        let dir = tempfile::tempdir().unwrap();
        crate::conformance::run_all(&ObjectStoreBackend::local(dir.path()).unwrap()).await;
    }

    #[tokio::test]
    async fn local_backend_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let backend = ObjectStoreBackend::local(dir.path()).unwrap();
        let key = ObjectKey::parse("records/o/r").unwrap();
        backend.put(&key, Bytes::from_static(b"one"), PutMode::Create).await.unwrap();
        backend.put(&key, Bytes::from_static(b"two"), PutMode::Overwrite).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path().join("records/o")).unwrap().collect();
        assert_eq!(files.len(), 1);
        assert_eq!(std::fs::read(dir.path().join("records/o/r")).unwrap(), b"two");
    }

    #[tokio::test]
    async fn stale_staging_files_are_removed_and_objects_kept() {
        let dir = tempfile::tempdir().unwrap();
        let backend = ObjectStoreBackend::local(dir.path()).unwrap();
        let key = ObjectKey::parse("records/o/r").unwrap();
        backend.put(&key, Bytes::from_static(b"kept"), PutMode::Create).await.unwrap();
        // What a write killed before its rename leaves behind.
        std::fs::write(dir.path().join("records/o/r2#1"), b"half").unwrap();
        assert_eq!(backend.remove_stale_staging(std::time::Duration::from_secs(3600)).unwrap(), 0);
        assert_eq!(backend.remove_stale_staging(std::time::Duration::ZERO).unwrap(), 1);
        assert!(!dir.path().join("records/o/r2#1").exists());
        assert_eq!(backend.get(&key).await.unwrap().body.as_ref(), b"kept");
        assert_eq!(
            ObjectStoreBackend::memory().remove_stale_staging(std::time::Duration::ZERO).unwrap(),
            0
        );
    }
}
