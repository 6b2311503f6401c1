//! [`MemoryFabric::recall`]: ranked search over one owner's records (see `crate::recall`).

use fabric_audit::Operation;

use super::MemoryFabric;
use crate::audit::{Caller, Subject};
use crate::recall::{Ranker, RecallHit, RecallQuery, check_query};
use crate::record::check_name;
use crate::{Error, Result};

impl MemoryFabric {
    /// The `query.k` records of `query.filter.owner` that best match `query`, best first,
    /// each with its score and the part each signal gave. Only those records are opened.
    ///
    /// Audited with counts only: the query text and vector never enter the audit log.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a query out of bounds or without an owner;
    /// [`Error::Unsupported`] when the backend keeps no recall index;
    /// [`Error::Authentication`] when a ranked record does not open.
    pub async fn recall(&self, query: &RecallQuery) -> Result<Vec<RecallHit>> {
        self.recall_by(None, query).await
    }

    #[tracing::instrument(name = "fabric.recall", skip_all, fields(owner = query.filter.owner.as_deref(), k = query.k, actor = crate::audit::actor_of(caller)))]
    pub(crate) async fn recall_by(
        &self,
        caller: Option<&Caller>,
        query: &RecallQuery,
    ) -> Result<Vec<RecallHit>> {
        let _timer = self.metrics.time(Operation::Recall);
        let outcome = match self.query_for(caller, query) {
            Ok(Some(query)) => self.recall_unaudited(&query).await,
            Ok(None) => check_query(query).map(|()| Vec::new()),
            Err(error) => Err(error),
        };
        let owner = query.filter.owner.as_deref();
        let subject = Subject::counting(Operation::Recall, owner, &outcome);
        self.audited_read(caller, subject, outcome).await
    }

    /// Writes the index documents of `records` (stored at `keys`) after them, on a backend
    /// whose index is not transactional (the evidence path, which writes records one by
    /// one; evidence needs retention, which SQLite has not).
    pub(crate) async fn index_after(
        &self,
        records: &[crate::Record],
        keys: Vec<fabric_store::ObjectKey>,
    ) -> Result<()> {
        let (Some(index), Some(indexer)) = (self.backend.recall_index(), &self.indexer) else {
            return Ok(());
        };
        let blinders = indexer.blinders_for(self.backend.as_ref(), &self.sealer, records).await?;
        let mut by_owner: std::collections::BTreeMap<String, Vec<_>> = Default::default();
        for (record, key) in records.iter().zip(keys) {
            let terms = blinders
                .get(&record.owner)
                .ok_or_else(|| Error::Config { reason: "no index key".into() })?;
            let header = crate::sealer::header_of(record).to_bytes();
            let doc = indexer.doc(&self.sealer, terms, record, &header)?;
            by_owner.entry(record.owner.clone()).or_default().push((key, doc));
        }
        for (owner, docs) in by_owner {
            index.put_docs(&owner, docs).await.map_err(Error::Store)?;
        }
        Ok(())
    }

    async fn recall_unaudited(&self, query: &RecallQuery) -> Result<Vec<RecallHit>> {
        check_query(query)?;
        let owner = query
            .filter
            .owner
            .as_deref()
            .ok_or_else(|| Error::invalid("owner", "recall needs an owner"))?;
        check_name("owner", owner)?;
        let (Some(index), Some(indexer)) = (self.backend.recall_index(), &self.indexer) else {
            return Err(Error::Unsupported { operation: "recall on this backend" });
        };
        let blinder = indexer.blinder(self.backend.as_ref(), &self.sealer, owner, false).await?;
        let ranker = Ranker { index, indexer, sealer: &self.sealer, cache: &self.vectors };
        let ranked = ranker.rank(owner, blinder.as_deref(), query).await?;
        let now = chrono::Utc::now();
        let mut hits = Vec::with_capacity(query.k);
        for candidate in ranked {
            if hits.len() >= query.k {
                break;
            }
            // Gone since it was indexed (deleted, expired): skipped.
            let Some((_, record)) = self.read_stored(&candidate.owner, &candidate.id).await? else {
                continue;
            };
            // Replaced without an index write (`fabric reindex` catches up): the document
            // speaks of another version, so its score says nothing of this one.
            // The index's copy of the header is not authenticated: the record's own fields
            // are checked again.
            if record.version != candidate.version
                || record.is_expired(now)
                || !query.filter.admits_header(&crate::sealer::header_of(&record), now)
                || !query.filter.admits_record(&record)
            {
                continue;
            }
            hits.push(RecallHit { record, score: candidate.score, signals: candidate.signals });
        }
        Ok(hits)
    }
}
