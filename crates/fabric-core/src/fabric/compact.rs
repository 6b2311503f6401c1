//! [`MemoryFabric::compact`]: removes what retention and deletion leave behind.

use super::*;

/// Ids of unreadable records named in a [`CompactReport`], at most.
const MAX_NAMED: usize = 100;

/// What [`MemoryFabric::compact`] found and removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompactReport {
    /// Records looked at.
    pub records: u64,
    /// Expired records deleted (each audited as a delete).
    pub expired: u64,
    /// Expired records kept because their storage retention (Object Lock) has not ended:
    /// a later compaction removes them.
    pub retained: u64,
    /// Records of shredded owners deleted (left behind by a shred that did not finish).
    pub shredded: u64,
    /// Recall index entries removed because their record is gone.
    pub index_entries: u64,
    /// Bytes the database file shrank by (SQLite), `None` on other backends.
    pub vacuumed_bytes: Option<u64>,
    /// Records that did not open (tampered, or under a key this fabric lacks), by
    /// `owner/id`, at most 100: left in place for an operator to look at.
    pub unreadable: Vec<String>,
    /// How many records did not open, named or not.
    pub unreadable_count: u64,
}

impl MemoryFabric {
    /// Removes expired records (but those whose storage retention has not ended), records of
    /// shredded owners, and recall index entries of records gone, then vacuums a SQLite
    /// database. A record is removed only after it opened under this fabric's keys, so an
    /// expiry time written into the storage by someone without the key removes nothing: such
    /// a record does not open and is reported as unreadable. Each removal is audited as a
    /// delete, the whole as one `compact` event with the counts. `progress` gets the records
    /// looked at and the total.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the backend fails; [`Error::Audit`] when an event cannot be
    /// appended. What was removed before stays removed (and audited).
    pub async fn compact(&self, progress: impl FnMut(u64, u64)) -> Result<CompactReport> {
        self.compact_by(None, progress).await
    }

    #[tracing::instrument(name = "fabric.compact", skip_all, fields(actor = crate::audit::actor_of(caller)))]
    pub(crate) async fn compact_by(
        &self,
        caller: Option<&Caller>,
        progress: impl FnMut(u64, u64),
    ) -> Result<CompactReport> {
        let _timer = self.metrics.time(Operation::Compact);
        let outcome = self.compact_unaudited(caller, progress).await;
        let mut subject = Subject::new(Operation::Compact);
        if let Ok(report) = &outcome {
            subject = subject
                .detail(DetailName::RECORDS, Detail::Count(report.expired + report.shredded));
        }
        self.audited(caller, subject, outcome).await
    }

    async fn compact_unaudited(
        &self,
        caller: Option<&Caller>,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<CompactReport> {
        let keys = list_keys(self.backend.as_ref(), &records_prefix()?).await?;
        let mut report = CompactReport::default();
        let total = keys.len() as u64;
        for key in &keys {
            report.records += 1;
            let Some((owner, id)) = split_key(key) else { continue };
            let remove = match RecordId::parse(id) {
                Ok(record_id) => match self.read_stored(owner, &record_id).await {
                    Ok(Some((_, record))) => record.is_expired(Utc::now()),
                    Ok(None) => false,
                    Err(Error::KeyDestroyed { .. }) => {
                        match self.delete_by(caller, owner, id).await {
                            Ok(()) => report.shredded += 1,
                            Err(Error::Retained { .. }) => report.retained += 1,
                            Err(Error::NotFound { .. }) => {}
                            Err(error) => return Err(error),
                        }
                        false
                    }
                    Err(error) if error.is_integrity_failure() => {
                        report.unreadable_count += 1;
                        if report.unreadable.len() < MAX_NAMED {
                            report.unreadable.push(format!("{owner}/{id}"));
                        }
                        false
                    }
                    Err(error) => return Err(error),
                },
                Err(_) => false,
            };
            if remove {
                match self.delete_by(caller, owner, id).await {
                    Ok(()) => report.expired += 1,
                    Err(Error::Retained { .. }) => report.retained += 1,
                    // Deleted meanwhile by someone else.
                    Err(Error::NotFound { .. }) => {}
                    Err(error) => return Err(error),
                }
            }
            progress(report.records, total);
        }
        self.metrics.compacted(report.expired + report.shredded);
        self.metrics.integrity_failures(report.unreadable_count);
        report.index_entries = self.remove_orphan_docs().await?;
        #[cfg(feature = "sqlite")]
        if let Some(sqlite) = self.backend.as_sqlite() {
            report.vacuumed_bytes = Some(sqlite.vacuum().await.map_err(Error::Store)?);
        }
        Ok(report)
    }
}
