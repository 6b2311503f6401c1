//! Replacing every owner's key and moving each record under the new one (`fabric keys
//! rotate --records`, for a suspected owner-key compromise), without downtime and
//! resumable:
//!
//! 1. every live owner gets a fresh key, its old one kept beside it as retiring (one write
//!    of the owner key store); other processes see it within their refresh period;
//! 2. every record wrapped by a retiring key is moved under the owner's new key, and each
//!    owner's recall index key is rewrapped; passes repeat until none is left. A record is
//!    moved either by rewrapping its data key ([`RecordMove::Rewrap`], `fabric/rewrap.rs`:
//!    content, version and audit digest unchanged) or by storing it again under a fresh
//!    data key ([`RecordMove::Reseal`]: a new version, audited and indexed as a store);
//! 3. the retiring keys are dropped (one write).
//!
//! At every moment each record opens: with the old key until it is moved, with the new one
//! after. A run stopped anywhere (a crash, SIGKILL) is finished by the next run, which
//! finds the retiring keys and takes up step 2.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use fabric_store::{ObjectKey, PutMode, Stored};
use futures::stream::BoxStream;
use futures::{StreamExt as _, TryStreamExt as _};

use super::{MemoryFabric, record_key, records_prefix, split_key};
use crate::{Error, RecordId, Result, frame};

/// How long step 1 waits for other processes to see the new keys: more than their refresh
/// period (250 ms), with room for writes sealed just before it.
const GRACE: Duration = Duration::from_secs(1);
/// Records stored again per write.
pub(super) const BATCH: usize = 256;
/// Passes over the records before giving up on writers that keep using retiring keys.
pub(super) const MAX_PASSES: usize = 8;
/// Reads in flight on backends without a page read.
const READS: usize = 16;

/// Whether `key_id` is `owner`'s retiring key (`retiring`: key id to owner).
pub(super) fn is_retiring(retiring: &HashMap<String, String>, owner: &str, key_id: &str) -> bool {
    retiring.get(key_id).map(String::as_str) == Some(owner)
}

/// How [`MemoryFabric::rotate_owner_keys`] moves a record under its owner's new key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordMove {
    /// Rewrap its data key under the new owner key: a few dozen bytes change, its content,
    /// version and audit digest stay (`keys rotate --records`).
    Rewrap,
    /// Store it again under a fresh data key, as its next version (audited and indexed as a
    /// store): the first phase of a full re-encryption (`keys rotate --reencrypt`).
    Reseal,
}

/// What [`MemoryFabric::rotate_owner_keys`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OwnerKeyRotation {
    /// Owners whose key was replaced.
    pub owners: u64,
    /// Records moved under a new owner key by this run.
    pub records: u64,
    /// Recall index keys rewrapped by this run.
    pub index_keys: u64,
    /// Whether this run finished a replacement an earlier run had started.
    pub resumed: bool,
    /// Records left under a retiring key because their wrapped data key does not open (it
    /// was changed in storage, or the record made up): they open for nobody, and
    /// `fabric compact` reports them.
    pub unreadable: u64,
}

impl MemoryFabric {
    /// Replaces every live owner's key by a fresh one, and moves every record (and recall
    /// index key) under it, as `how` says: each owner's old key stays beside the new one,
    /// retiring, until no record is wrapped by it, then it is dropped. `progress` is called
    /// with the records looked at (rewrap) or moved (reseal) so far and the number to go
    /// through. Reads and writes go on meanwhile; a record written during the run ends under
    /// the new key.
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`] without owner keys; [`Error::Store`] or [`Error::Config`] when
    /// the backend or the owner key store fails (run it again: it resumes); when storing
    /// again, an error naming a record that does not open (it opens for nobody: delete it or
    /// restore it from a backup; a rewrap counts such records as `unreadable` and goes on);
    /// [`Error::Config`] when writers keep sealing under the old keys after eight passes.
    pub async fn rotate_owner_keys(
        &self,
        how: RecordMove,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<OwnerKeyRotation> {
        let owners = self.sealer.owners.as_ref().ok_or(Error::Unsupported {
            operation: "replacing owner keys: this fabric has no owner keys",
        })?;
        let (replacing, resumed) =
            owners.begin_replacing(&self.sealer.provider, &self.sealer.keyring)?;
        let mut report =
            OwnerKeyRotation { owners: replacing.len() as u64, resumed, ..Default::default() };
        if replacing.is_empty() {
            return Ok(report);
        }
        tokio::time::sleep(GRACE).await;
        let retiring: Arc<HashMap<String, String>> =
            Arc::new(replacing.iter().map(|(owner, id)| (id.clone(), owner.clone())).collect());
        let mut total = None;
        // Rewrapping is for SQLite, which rewraps a record's recall attributes in its
        // transaction; on object stores records are stored again (their index written anew).
        #[cfg(feature = "sqlite")]
        let rewrapping = self.backend.as_sqlite();
        #[cfg(not(feature = "sqlite"))]
        let rewrapping: Option<()> = None;
        #[cfg_attr(not(feature = "sqlite"), allow(unused_variables, reason = "rewrap is SQLite's"))]
        for pass in 0..MAX_PASSES {
            for (owner, id) in &replacing {
                let retiring = |key_id: &str| key_id == id;
                if crate::recall::index::rewrap_key(
                    self.backend.as_ref(),
                    &self.sealer,
                    owner,
                    retiring,
                )
                .await?
                {
                    report.index_keys += 1;
                }
            }
            let found = match (how, rewrapping) {
                #[cfg(feature = "sqlite")]
                (RecordMove::Rewrap, Some(sqlite)) => {
                    let records = match total {
                        Some(records) => records,
                        None => *total.insert(self.count_records(sqlite).await?),
                    };
                    let progress = |seen: u64| progress(seen.min(records), records);
                    let done = self.rewrap_pass(sqlite, &retiring, pass == 0, progress).await?;
                    report.records += done.moved;
                    report.unreadable = done.unreadable;
                    // Once no record is left, a document's attributes may still be.
                    match done.found {
                        0 => self.rewrap_stale_attrs(sqlite, &retiring).await?,
                        found => found,
                    }
                }
                _ => {
                    let pending = self.wrapped_by(&retiring).await?;
                    let total = *total.get_or_insert(pending.len() as u64);
                    for batch in pending.chunks(BATCH) {
                        report.records += self.store_again(batch).await?;
                        progress(report.records.min(total), total);
                    }
                    pending.len() as u64
                }
            };
            if found == 0 {
                owners.finish_replacing(&replacing)?;
                return Ok(report);
            }
        }
        Err(Error::Config {
            reason: "records are still being sealed under the replaced owner keys; run the \
                     rotation again (it resumes)"
                .into(),
        })
    }

    /// [`MemoryFabric::rotate_owner_keys`] for `caller`, audited as `rotate_keys` with the
    /// records moved and the owners whose key was replaced.
    pub(crate) async fn rotate_owner_keys_by(
        &self,
        caller: Option<&crate::audit::Caller>,
        how: RecordMove,
        progress: impl FnMut(u64, u64),
    ) -> Result<OwnerKeyRotation> {
        use fabric_audit::{Detail, DetailName, Operation};
        let outcome = self.rotate_owner_keys(how, progress).await;
        let mut subject = crate::audit::Subject::new(Operation::RotateKeys);
        if let Ok(report) = &outcome {
            subject = subject
                .detail(DetailName::RECORDS, Detail::Count(report.records))
                .detail(DetailName::RESULTS, Detail::Count(report.owners));
            if report.unreadable > 0 {
                subject = subject.detail(DetailName::UNREADABLE, Detail::Count(report.unreadable));
            }
        }
        self.audited(caller, subject, outcome).await
    }

    /// The records (owner, id) whose data key is wrapped by one of `retiring`'s keys.
    async fn wrapped_by(
        &self,
        retiring: &HashMap<String, String>,
    ) -> Result<Vec<(String, String)>> {
        self.records_wrapped(|owner, key_id| Ok(is_retiring(retiring, owner, key_id))).await
    }

    /// Every stored record with its bytes, in key order: on SQLite a page of rows per read,
    /// elsewhere a listing then one read per key (a record deleted between the two is left
    /// out).
    pub(super) fn stored_records(&self) -> Result<BoxStream<'static, Result<(ObjectKey, Stored)>>> {
        let prefix = records_prefix()?;
        #[cfg(feature = "sqlite")]
        if let Some(sqlite) = self.backend.as_sqlite() {
            return Ok(sqlite
                .list_with_entries(&prefix)
                .map_ok(|(key, stored, _)| (key, stored))
                .map_err(Error::Store)
                .boxed());
        }
        let backend = Arc::clone(&self.backend);
        Ok(self
            .backend
            .list(&prefix)
            .map_err(Error::Store)
            .map_ok(move |meta| {
                let backend = Arc::clone(&backend);
                async move {
                    match backend.get(&meta.key).await {
                        Ok(stored) => Ok(Some((meta.key, stored))),
                        Err(fabric_store::Error::NotFound { .. }) => Ok(None),
                        Err(error) => Err(Error::Store(error)),
                    }
                }
            })
            .try_buffered(READS)
            .try_filter_map(|found| futures::future::ready(Ok(found)))
            .boxed())
    }

    /// The records (owner, id) for whose owner and wrapping key id `pick` says yes (read
    /// from each envelope's header; a record that has none is left out).
    pub(super) async fn records_wrapped(
        &self,
        mut pick: impl FnMut(&str, &str) -> Result<bool>,
    ) -> Result<Vec<(String, String)>> {
        let mut found = Vec::new();
        let mut records = self.stored_records()?;
        while let Some((key, stored)) = records.try_next().await? {
            let Some((owner, id)) = split_key(&key) else { continue };
            let wrapping = frame::decode(&stored.body)
                .ok()
                .and_then(|(_, _, envelope)| fabric_crypto::envelope::inspect(envelope).ok());
            if let Some(header) = wrapping
                && pick(owner, header.key_id.as_str())?
            {
                found.push((owner.to_owned(), id.to_owned()));
            }
        }
        Ok(found)
    }

    /// Stores `records` again, unchanged but for a new version, under their owners' active
    /// keys; how many. A record changed or deleted meanwhile is left to the next pass.
    pub(super) async fn store_again(&self, records: &[(String, String)]) -> Result<u64> {
        let mut again = Vec::with_capacity(records.len());
        let mut keys = Vec::with_capacity(records.len());
        for (owner, id) in records {
            let read = match self.read_stored(owner, &RecordId::parse(id)?).await {
                // Shredded meanwhile: nothing to move.
                Err(Error::KeyDestroyed { .. }) => continue,
                other => other?,
            };
            let Some((stored, mut record)) = read else { continue };
            record.version += 1;
            keys.push((record_key(owner, &record.id)?, PutMode::IfVersion(stored.version), false));
            again.push(record);
        }
        let Some(first) = again.first() else { return Ok(0) };
        let (first_owner, count) = (first.owner.clone(), again.len() as u64);
        let written = self
            .audited_write(None, &first_owner, count, |tx, want_digests| {
                self.write_records(again, keys, false, tx, want_digests)
            })
            .await;
        match written {
            Ok(written) => Ok(written.len() as u64),
            Err(Error::VersionConflict { .. } | Error::NotFound { .. }) => Ok(0),
            Err(error) => Err(error),
        }
    }
}
