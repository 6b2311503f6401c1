//! Crypto-shredding: destroying an owner's key, then deleting its records where the backend
//! allows.

use super::*;

/// What shredding an owner did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShredReport {
    /// Whether the owner had a live key, now destroyed (`false`: it had none, or it was
    /// destroyed before).
    pub key_destroyed: bool,
    /// Records deleted.
    pub records_deleted: u64,
    /// Records the backend keeps under retention (Object Lock): unreadable, not deleted.
    pub records_retained: u64,
}

impl MemoryFabric {
    /// Crypto-shreds `owner`: destroys its owner key first, so that every record sealed
    /// under it fails with [`Error::KeyDestroyed`] in every copy of the storage (backups
    /// included), then deletes its records and its recall index key where the backend
    /// allows. Audited as `shred`, with the records deleted as `records` (each deletion is
    /// audited too). Copies of the owner key file itself, and plaintext copied out of the
    /// fabric, are beyond its reach; records sealed before the fabric had owner keys are
    /// wrapped by the key-encryption keys and stay readable in older copies of the storage.
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`] for a fabric built without owner keys
    /// ([`MemoryFabricBuilder::owner_keys`]); [`Error::Config`] when the key store fails;
    /// [`Error::Store`] when a deletion fails (the key is destroyed by then: shredding again
    /// deletes the rest).
    pub async fn shred_owner(&self, owner: &str) -> Result<ShredReport> {
        self.shred_by(None, owner).await
    }

    #[tracing::instrument(name = "fabric.shred", skip_all, fields(owner = owner, actor = crate::audit::actor_of(caller)))]
    pub(crate) async fn shred_by(
        &self,
        caller: Option<&Caller>,
        owner: &str,
    ) -> Result<ShredReport> {
        let _timer = self.metrics.time(Operation::Shred);
        let subject = Subject::new(Operation::Shred).owner(owner);
        match self.shred_unaudited(caller, owner).await {
            Ok(report) => {
                let subject =
                    subject.detail(DetailName::RECORDS, Detail::Count(report.records_deleted));
                self.audited(caller, subject, Ok(report)).await
            }
            Err(error) => self.audited(caller, subject, Err(error)).await,
        }
    }

    async fn shred_unaudited(&self, caller: Option<&Caller>, owner: &str) -> Result<ShredReport> {
        check_name("owner", owner)?;
        let owners = self.sealer.owners.as_ref().ok_or(Error::Unsupported {
            operation: "shredding an owner: this fabric has no owner keys",
        })?;
        let key_destroyed = owners.destroy(owner)?;
        let prefix = records_prefix()?
            .child(owner)
            .map_err(|error| Error::invalid("owner", error.to_string()))?;
        let keys = list_keys(self.backend.as_ref(), &prefix).await?;
        let (mut records_deleted, mut records_retained) = (0, 0);
        for key in keys {
            let Some((_, id)) = split_key(&key) else { continue };
            match self.delete_unaudited(owner, id, caller).await {
                Ok(Deleted { audited: true, .. }) => records_deleted += 1,
                Ok(Deleted { version, digest, .. }) => {
                    records_deleted += 1;
                    self.audited(caller, delete_subject(owner, id, version, digest), Ok(()))
                        .await?;
                }
                Err(Error::Retained { .. }) => records_retained += 1,
                Err(Error::NotFound { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        let index_key = ObjectKey::parse(crate::recall::index::KEYS_PREFIX)
            .and_then(|prefix| prefix.child(owner))
            .map_err(|error| Error::invalid("owner", error.to_string()))?;
        match self.backend.delete(&index_key).await {
            Ok(()) | Err(fabric_store::Error::NotFound { .. }) => {}
            Err(error) => return Err(Error::Store(error)),
        }
        self.indexer_forget(owner);
        Ok(ShredReport { key_destroyed, records_deleted, records_retained })
    }

    /// Drops what recall holds in memory for `owner` (its index key and embeddings).
    fn indexer_forget(&self, owner: &str) {
        if let Some(indexer) = &self.indexer {
            indexer.forget(owner);
        }
    }
}
