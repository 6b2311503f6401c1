//! [`MemoryFabric::reindex`]: builds the recall index of records stored without one (before
//! recall existed, or with [`crate::MemoryFabricBuilder::without_recall_index`]).

#[cfg(feature = "sqlite")]
use std::collections::HashMap;

use fabric_store::recall::IndexCoverage;
#[cfg(feature = "sqlite")]
use fabric_store::{ObjectKey, WriteOp};
#[cfg(feature = "sqlite")]
use futures::TryStreamExt as _;

#[cfg(feature = "sqlite")]
use super::split_key;
use super::{MemoryFabric, records_prefix};
#[cfg(feature = "sqlite")]
use crate::RecordId;
#[cfg(feature = "sqlite")]
use crate::frame::ClearHeader;
#[cfg(feature = "sqlite")]
use crate::record::check_name;
use crate::{Error, Result};

/// Index writes per transaction while rebuilding.
#[cfg(feature = "sqlite")]
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
    #[cfg(feature = "sqlite")]
    pub async fn reindex(
        &self,
        owner: Option<&str>,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<ReindexReport> {
        let (Some(index), Some(indexer)) = (self.backend.recall_index(), &self.indexer) else {
            return Err(Error::Unsupported { operation: "reindex on this backend" });
        };
        let sqlite = crate::sealer::sqlite_of(self.backend.as_ref())?;
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
        let keys: Vec<ObjectKey> = self
            .backend
            .list(&prefix)
            .map_ok(|meta| meta.key)
            .try_collect()
            .await
            .map_err(Error::Store)?;
        let total = keys.len() as u64;
        let mut report = ReindexReport::default();
        let mut ops = Vec::with_capacity(REINDEX_BATCH);
        for key in keys {
            report.records += 1;
            let Some((owner, id)) = split_key(&key) else { continue };
            let known = indexed.remove(&key);
            // `None`: deleted since the listing.
            let Some((stored, record)) = self.read_stored(owner, &RecordId::parse(id)?).await?
            else {
                continue;
            };
            if known == Some(record.version) {
                continue;
            }
            let terms = indexer.blinder(self.backend.as_ref(), &self.sealer, owner, true).await?;
            let terms = terms.ok_or_else(|| Error::Config { reason: "no index key".into() })?;
            let header = crate::sealer::header_of(&record).to_bytes();
            let doc = indexer.doc(&self.sealer, &terms, &record, &header)?;
            ops.push(WriteOp::IndexIf { key, doc, version: stored.version });
            report.indexed += 1;
            if ops.len() >= REINDEX_BATCH {
                sqlite.write_ops(std::mem::take(&mut ops)).await.map_err(Error::Store)?;
                progress(report.records, total);
            }
        }
        report.removed = indexed.len() as u64;
        ops.extend(indexed.into_keys().map(|key| WriteOp::Unindex { key }));
        if !ops.is_empty() {
            sqlite.write_ops(ops).await.map_err(Error::Store)?;
        }
        progress(report.records, total);
        Ok(report)
    }

    /// Without SQLite no backend keeps a recall index: always [`Error::Unsupported`].
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`].
    #[cfg(not(feature = "sqlite"))]
    pub async fn reindex(
        &self,
        _owner: Option<&str>,
        _progress: impl FnMut(u64, u64),
    ) -> Result<ReindexReport> {
        Err(Error::Unsupported { operation: "reindex on this backend" })
    }
}
