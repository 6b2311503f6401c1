//! [`MemoryFabric::reindex`]: builds the recall index of records stored without one (before
//! recall existed, or with [`crate::MemoryFabricBuilder::without_recall_index`]).

use std::collections::{BTreeMap, HashMap};

use fabric_store::recall::{IndexCoverage, IndexDoc};
use fabric_store::{ObjectKey, Version};

use super::{MemoryFabric, list_keys, records_prefix, split_key};
use crate::frame::ClearHeader;
use crate::record::check_name;
use crate::{Error, RecordId, Result};

/// Index writes per batch while rebuilding.
const REINDEX_BATCH: usize = 256;

/// What [`MemoryFabric::reindex`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReindexReport {
    /// Records looked at.
    pub records: u64,
    /// Of those, the ones (re)indexed: missing from the index, or indexed from an older
    /// version.
    pub indexed: u64,
    /// Index documents removed because their record is gone.
    pub removed: u64,
}

impl MemoryFabric {
    /// How many records there are and how many of them the recall index covers; `None`
    /// when the backend keeps no recall index (or the fabric writes none).
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the backend fails.
    pub async fn index_coverage(&self) -> Result<Option<IndexCoverage>> {
        let (Some(index), Some(_)) = (self.backend.recall_index(), &self.indexer) else {
            return Ok(None);
        };
        Ok(Some(index.coverage(&records_prefix()?).await.map_err(Error::Store)?))
    }

    /// Indexes every record of `owner` (every owner with `None`) that the recall index lacks
    /// or holds from an older version, and drops documents whose record is gone. Safe beside
    /// live writers (a record written meanwhile keeps its own, newer document) and
    /// resumable: each batch commits on its own, and a re-run skips what is current.
    /// `progress` is told `(records looked at, records to look at)` after each batch.
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`] without a recall index; [`Error::Authentication`] for a
    /// record that does not open (nothing of it is indexed); [`Error::Store`].
    pub async fn reindex(
        &self,
        owner: Option<&str>,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<ReindexReport> {
        let (Some(index), Some(indexer)) = (self.backend.recall_index(), &self.indexer) else {
            return Err(Error::Unsupported { operation: "reindex on this backend" });
        };
        let prefix = match owner {
            Some(owner) => {
                check_name("owner", owner)?;
                records_prefix()?.child(owner).map_err(Error::Store)?
            }
            None => records_prefix()?,
        };
        let mut indexed: HashMap<ObjectKey, u64> = HashMap::new();
        for (key, header) in index.indexed(&prefix).await.map_err(Error::Store)? {
            let version = ClearHeader::parse(&header).map_or(0, |header| header.version);
            indexed.insert(key, version);
        }
        let keys = list_keys(self.backend.as_ref(), &prefix).await?;
        let total = keys.len() as u64;
        let mut report = ReindexReport::default();
        let mut batch = Vec::with_capacity(REINDEX_BATCH);
        for key in keys {
            report.records += 1;
            let Some((owner, id)) = split_key(&key) else { continue };
            let known = indexed.remove(&key);
            // `None`: deleted since the listing. A shredded owner's records (kept under
            // retention, or brought back from a backup) are not indexed: nothing opens them.
            let read = match self.read_stored(owner, &RecordId::parse(id)?).await {
                Err(Error::KeyDestroyed { .. }) => continue,
                other => other?,
            };
            let Some((stored, record)) = read else { continue };
            if known == Some(record.version) {
                continue;
            }
            let terms = indexer.blinder(self.backend.as_ref(), &self.sealer, owner, true).await?;
            let terms = terms.ok_or_else(|| Error::Config { reason: "no index key".into() })?;
            let header = crate::sealer::header_of(&record).to_bytes();
            let doc = indexer.doc(&self.sealer, &terms, &record, &header)?;
            batch.push((key, doc, stored.version));
            report.indexed += 1;
            if batch.len() >= REINDEX_BATCH {
                self.write_reindexed(std::mem::take(&mut batch)).await?;
                progress(report.records, total);
            }
        }
        self.write_reindexed(batch).await?;
        report.removed = indexed.len() as u64;
        remove_docs(index, indexed.into_keys()).await?;
        progress(report.records, total);
        Ok(report)
    }

    /// Removes the recall index documents whose record is gone, opening nothing; how many.
    pub(super) async fn remove_orphan_docs(&self) -> Result<u64> {
        let (Some(index), Some(_)) = (self.backend.recall_index(), &self.indexer) else {
            return Ok(0);
        };
        let prefix = records_prefix()?;
        // The index first: a record stored after this read is not in it, so it cannot be
        // taken for an orphan.
        let indexed = index.indexed(&prefix).await.map_err(Error::Store)?;
        let live: std::collections::HashSet<ObjectKey> =
            list_keys(self.backend.as_ref(), &prefix).await?.into_iter().collect();
        let orphans: Vec<ObjectKey> =
            indexed.into_iter().map(|(key, _)| key).filter(|key| !live.contains(key)).collect();
        let removed = orphans.len() as u64;
        remove_docs(index, orphans).await?;
        Ok(removed)
    }

    /// Writes rebuilt documents: on SQLite each only if its record is still at the version
    /// it was made from; elsewhere as they are (the object index keeps, of two documents of
    /// one record, the higher version, so a record rewritten meanwhile keeps its own).
    async fn write_reindexed(&self, batch: Vec<(ObjectKey, IndexDoc, Version)>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        #[cfg(feature = "sqlite")]
        if let Some(sqlite) = self.backend.as_sqlite() {
            let ops = batch
                .into_iter()
                .map(|(key, doc, version)| fabric_store::WriteOp::IndexIf { key, doc, version })
                .collect();
            return sqlite.write_ops(ops).await.map(drop).map_err(Error::Store);
        }
        let Some(index) = self.backend.recall_index() else { return Ok(()) };
        let mut by_owner: BTreeMap<String, Vec<(ObjectKey, IndexDoc)>> = BTreeMap::new();
        for (key, doc, _) in batch {
            by_owner.entry(doc.scope.clone()).or_default().push((key, doc));
        }
        for (owner, docs) in by_owner {
            index.put_docs(&owner, docs).await.map_err(Error::Store)?;
        }
        Ok(())
    }
}

/// Removes the index documents at `keys`, owner by owner.
async fn remove_docs(
    index: &dyn fabric_store::RecallIndex,
    keys: impl IntoIterator<Item = ObjectKey>,
) -> Result<()> {
    let mut by_owner: BTreeMap<String, Vec<ObjectKey>> = BTreeMap::new();
    for key in keys {
        if let Some((owner, _)) = split_key(&key) {
            by_owner.entry(owner.to_owned()).or_default().push(key);
        }
    }
    for (owner, keys) in by_owner {
        index.remove_docs(&owner, keys).await.map_err(Error::Store)?;
    }
    Ok(())
}
