//! Deleting a record: on SQLite with a tombstone version entry, and its audit event, in the
//! commit that removes it.

use super::*;

/// What a delete removed, and whether its event was appended in the same transaction.
pub(super) struct Deleted {
    pub(super) version: u64,
    pub(super) digest: FrameDigest,
    pub(super) audited: bool,
}

/// The subject of a successful delete: the record, the version deleted and the digest of its
/// frame.
pub(super) fn delete_subject(owner: &str, id: &str, version: u64, digest: FrameDigest) -> Subject {
    Subject::new(Operation::Delete)
        .owner(owner)
        .record(id)
        .detail(DetailName::VERSION, Detail::Count(version))
        .detail(DetailName::CONTENT_DIGEST, Detail::Digest(EventHash(digest)))
}

impl MemoryFabric {
    /// Deletes one record; on SQLite with a tombstone version entry in the same commit, and,
    /// when the audit log shares the file, with its audit event too.
    pub(super) async fn delete_unaudited(
        &self,
        owner: &str,
        id: &str,
        caller: Option<&Caller>,
    ) -> Result<Deleted> {
        let id = RecordId::parse(id)?;
        check_name("owner", owner)?;
        let key = record_key(owner, &id)?;
        let store_error = |error| Error::from_store(id.as_str(), error);
        // What is deleted, for the audit event: its version and the digest of its frame (read
        // only when there is an audit log to name them in).
        let (version, digest) = if self.audit.is_some() {
            let stored = self.backend.get(&key).await.map_err(store_error)?;
            (frame::stored_version(&stored.body), content_digest(&stored.body))
        } else {
            (0, [0; 32])
        };
        #[cfg(not(feature = "sqlite"))]
        let _ = caller;
        #[cfg(feature = "sqlite")]
        if let Some(versions) = &self.versions {
            let audited = self
                .delete_with_tombstone(owner, &id, key, versions, version, digest, caller)
                .await?;
            return Ok(Deleted { version, digest, audited });
        }
        self.backend.delete(&key).await.map_err(store_error)?;
        // Where the index is not transactional, its document follows the record out. A
        // failure here leaves a document without a record, which recall skips and `fabric
        // reindex` removes.
        if let (Some(index), Some(_)) = (self.backend.recall_index(), &self.indexer)
            && !index.transactional()
        {
            index.remove_docs(owner, vec![key]).await.map_err(store_error)?;
        }
        Ok(Deleted { version, digest, audited: false })
    }

    /// Deletes the record at `key` on SQLite with a tombstone version entry in the same
    /// commit, and, when the audit log shares the file, with its audit event too; whether it
    /// was audited so.
    #[cfg(feature = "sqlite")]
    #[expect(
        clippy::too_many_arguments,
        reason = "the parts of one delete, computed by its caller"
    )]
    async fn delete_with_tombstone(
        &self,
        owner: &str,
        id: &RecordId,
        key: ObjectKey,
        versions: &VersionKeys,
        version: u64,
        digest: FrameDigest,
        caller: Option<&Caller>,
    ) -> Result<bool> {
        let store_error = |error| Error::from_store(id.as_str(), error);
        // The deletion and its tombstone entry in one commit: bringing the record back later
        // is refused on read.
        let tombstone = VersionEntry { version: 0, tag: [0; 16], deleted: true };
        let body = Bytes::from(versions.encode(owner, id.as_str(), &tombstone));
        let sqlite = sqlite_of(self.backend.as_ref())?;
        let ops = vec![
            fabric_store::WriteOp::Delete { key: key.clone() },
            fabric_store::WriteOp::PutEntry { key, body },
        ];
        let auditor = match &self.audit {
            Some(auditor) if self.tx_audit => auditor,
            _ => {
                sqlite.write_ops(ops).await.map_err(store_error)?;
                return Ok(false);
            }
        };
        let event =
            auditor.event(delete_subject(owner, id.as_str(), version, digest), caller, None);
        let (companion, appended) = audit_companion(auditor.log(), Tail::Now(vec![event]))?;
        sqlite.write_with(ops, companion).await.map_err(store_error)?;
        auditor.log().note_appended(appended.try_recv().unwrap_or_default()).await;
        Ok(true)
    }
}
