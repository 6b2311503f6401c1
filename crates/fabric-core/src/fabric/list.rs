//! Listing: the records under a prefix that a filter admits, each opened (its clear header
//! is authenticated with it); on SQLite read with their version entries a page at a time and
//! opened in batches on two threads.

use super::*;

impl MemoryFabric {
    pub(super) async fn list_unaudited(&self, filter: &Filter) -> Result<Vec<Record>> {
        let prefix = match &filter.owner {
            Some(owner) => {
                check_name("owner", owner)?;
                records_prefix()?.child(owner).map_err(Error::Store)?
            }
            None => records_prefix()?,
        };
        let now = Utc::now();
        let limit = filter.limit.unwrap_or(usize::MAX);
        let mut found = Vec::new();
        // On SQLite, the records come with their version entries, a page of rows per read,
        // and are opened in batches on two threads.
        #[cfg(feature = "sqlite")]
        if let Some(versions) = &self.versions {
            // No more records are opened than could still be listed (as one by one).
            let first = limit.min(OPEN_BATCH);
            self.scan_opened(&prefix, versions, filter, now, first, |opened| {
                for record in opened {
                    found.extend(record?);
                }
                Ok(limit.saturating_sub(found.len()).min(OPEN_BATCH))
            })
            .await?;
            return Ok(found);
        }
        let mut listing = self.backend.list(&prefix);
        while let Some(meta) = listing.try_next().await.map_err(Error::Store)? {
            if found.len() >= limit {
                break;
            }
            let Some((owner, id)) = split_key(&meta.key) else { continue };
            // `None`: deleted between the listing and the read.
            let Some(stored) = self.get_checked(owner, id, &meta.key).await? else { continue };
            found.extend(open_admitted(&self.sealer, filter, now, (owner, id), &stored)?);
        }
        Ok(found)
    }

    /// Reads the records under `prefix` on SQLite with their version entries, a page at a
    /// time, and opens them in batches: `first` rows, then as many as `visit` asks for after
    /// each batch (none: stop). `visit` gets each row's outcome in key order: the record,
    /// `None` where `filter` does not admit it, or why it did not open.
    #[cfg(feature = "sqlite")]
    pub(super) async fn scan_opened(
        &self,
        prefix: &ObjectKey,
        versions: &Arc<VersionKeys>,
        filter: &Filter,
        now: chrono::DateTime<Utc>,
        first: usize,
        mut visit: impl FnMut(Vec<Result<Option<Record>>>) -> Result<usize>,
    ) -> Result<()> {
        let sqlite = sqlite_of(self.backend.as_ref())?;
        let mut rows = sqlite.list_with_entries(prefix);
        let mut wanted = first;
        while wanted > 0 {
            let mut batch = Vec::with_capacity(wanted);
            let mut ended = false;
            while batch.len() < wanted {
                match rows.try_next().await.map_err(Error::Store)? {
                    Some(row) => batch.push(row),
                    None => {
                        ended = true;
                        break;
                    }
                }
            }
            wanted = visit(self.open_listed(batch, versions, filter, now).await?)?;
            if ended {
                break;
            }
        }
        Ok(())
    }

    /// Opens a batch of listed records with their version entries, in order: each checked
    /// against its entry and opened, `None` where `filter` does not admit it. A batch of 32
    /// or more is split between two blocking threads.
    #[cfg(feature = "sqlite")]
    async fn open_listed(
        &self,
        batch: Vec<(ObjectKey, Stored, Option<Bytes>)>,
        versions: &Arc<VersionKeys>,
        filter: &Filter,
        now: chrono::DateTime<Utc>,
    ) -> Result<Vec<Result<Option<Record>>>> {
        let fabric = Listed {
            sealer: self.sealer.clone(),
            versions: Arc::clone(versions),
            filter: filter.clone(),
            now,
        };
        if batch.len() < 32 {
            return Ok(batch.iter().map(|row| fabric.open(row)).collect());
        }
        tokio::task::spawn_blocking(move || {
            let (first, second) = batch.split_at(batch.len() / 2);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| second.iter().map(|row| fabric.open(row)).collect());
                let mut opened: Vec<_> = first.iter().map(|row| fabric.open(row)).collect();
                let rest: Vec<_> = other
                    .join()
                    .map_err(|_| Error::Config { reason: "opening a listing failed".into() })?;
                opened.extend(rest);
                Ok(opened)
            })
        })
        .await
        .map_err(|_| Error::Config { reason: "opening a listing failed".into() })?
    }
}

/// The listed record `owner`/`id` stored as `stored`, opened; `None` when `filter` does not
/// admit it. It is opened before it is filtered: the clear header is authenticated with the
/// envelope, so a changed header byte (say `expires_at`) fails the listing rather than hiding
/// the record from it.
fn open_admitted(
    sealer: &Sealer,
    filter: &Filter,
    now: chrono::DateTime<Utc>,
    (owner, id): (&str, &str),
    stored: &Stored,
) -> Result<Option<Record>> {
    let (header_bytes, header, envelope_bytes) =
        frame::decode(&stored.body).map_err(|reason| Error::Corrupt { id: id.into(), reason })?;
    let admitted = filter.admits_header(&header, now);
    let record = sealer.open(owner, id, header_bytes, header, envelope_bytes)?;
    Ok((admitted && filter.admits_record(&record)).then_some(record))
}

/// Records listed at most per batch opened together.
#[cfg(feature = "sqlite")]
const OPEN_BATCH: usize = 256;

/// What opening a listed record needs, owned so that a blocking thread can do it.
#[cfg(feature = "sqlite")]
struct Listed {
    sealer: Sealer,
    versions: Arc<VersionKeys>,
    filter: Filter,
    now: chrono::DateTime<Utc>,
}

#[cfg(feature = "sqlite")]
impl Listed {
    /// The record of one listed row, checked against its version entry and opened; `None`
    /// when the filter does not admit it (or the key names no record).
    fn open(
        &self,
        (key, stored, entry): &(ObjectKey, Stored, Option<Bytes>),
    ) -> Result<Option<Record>> {
        let Some((owner, id)) = split_key(key) else { return Ok(None) };
        let stored_version = || frame::stored_version(&stored.body);
        self.versions.check(owner, id, &stored.body, stored_version, entry.as_deref())?;
        open_admitted(&self.sealer, &self.filter, self.now, (owner, id), stored)
    }
}
