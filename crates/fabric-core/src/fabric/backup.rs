//! Sealed backups: [`MemoryFabric::export`] writes the live records of some or all owners as
//! one archive ([`fabric_crypto::archive`]: chunks sealed under an export key, a manifest
//! last), [`MemoryFabric::import`] restores one into any backend.
//!
//! An archive's plaintext is JSON lines: one record per line, as [`Record`] serializes,
//! then, when asked for ([`MemoryFabric::export_with_audit`]), the audit events of the
//! exported owners, one `{"audit_event": ...}` per line, in chunks of about
//! [`CHUNK_BYTES`]; the last chunk holds the [`ArchiveManifest`] alone, with the counts and
//! the SHA-256 of every line in order. Import reads the
//! archive twice: the first pass authenticates every chunk, checks every record and the
//! manifest, and only then does the second pass write, so a changed, cut or foreign archive
//! (or a wrong key) is refused before anything is imported.

use std::io::{Read, Write};

use fabric_audit::AuditEvent;
use fabric_crypto::archive::{ArchiveReader, ArchiveWriter};
use fabric_crypto::keyfile::RootSecret;
use futures::{StreamExt as _, TryStreamExt as _};
use serde::{Deserialize, Serialize};

use super::*;

mod lines;

use lines::{Chunks, Lines, Output, damaged};

/// The plaintext bytes gathered before a chunk is sealed.
const CHUNK_BYTES: usize = 256 << 10;
/// Records restored per write.
const IMPORT_BATCH: usize = 256;
/// Records read and opened together while exporting from SQLite.
#[cfg(feature = "sqlite")]
const SCAN_BATCH: usize = 256;
/// The archive plaintext format this version writes and reads.
const FORMAT: u32 = 1;

/// The last chunk of an archive: what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveManifest {
    /// The plaintext format (1).
    pub format: u32,
    /// When the export began.
    pub created_at: DateTime<Utc>,
    /// Records in the archive.
    pub records: u64,
    /// Distinct owners among them.
    pub owners: u64,
    /// Audit events in the archive, after the records (absent when none were asked for).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub audit_events: u64,
    /// SHA-256 (hex) of every line, newline included, in archive order.
    pub sha256: String,
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

/// How an export is written.
pub enum ExportFormat<'a> {
    /// A sealed archive under this secret: a fresh export key, or a passphrase.
    Sealed(&'a RootSecret<'a>),
    /// Records as JSON lines in clear, for migration (audited as such).
    Plaintext,
}

/// What [`MemoryFabric::export`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// The archive's manifest (for a plaintext export, what it would have been).
    pub manifest: ArchiveManifest,
    /// Plaintext bytes of the record lines.
    pub bytes: u64,
    /// Records left out because their owner was shredded.
    pub shredded: u64,
}

/// What [`MemoryFabric::import`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// The archive's manifest.
    pub manifest: ArchiveManifest,
    /// Records written.
    pub restored: u64,
    /// Records already stored exactly as in the archive, left alone.
    pub unchanged: u64,
    /// Audit events the archive held (handed to the caller, never written to this
    /// fabric's log: they are another log's, chained under its key).
    pub audit_events: u64,
}

impl MemoryFabric {
    /// Writes every live record of `owners` (every owner when empty) to `out`, sealed or in
    /// clear, record by record (memory stays flat in the record count). `progress` gets the
    /// records done and the total. Expired records are left out, and so are the records of a
    /// shredded owner (counted). Audited as one `export` event with the record count.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an invalid owner name; [`Error::Archive`] when `out`
    /// fails; [`Error::Authentication`] (and its kin) when a stored record does not open:
    /// an export never leaves out a record silently.
    pub async fn export<W: Write>(
        &self,
        out: W,
        format: ExportFormat<'_>,
        owners: &[String],
        progress: impl FnMut(u64, u64),
    ) -> Result<(W, ExportReport)> {
        self.export_by(None, out, format, owners, false, progress).await
    }

    /// As [`MemoryFabric::export`], followed in the archive by the audit events of `owners`
    /// (every event of the log when `owners` is empty), as stored: a record of who did what
    /// to them, whose chain a verifier holding the log's key can still check. Read back by
    /// [`MemoryFabric::import_with_audit`].
    ///
    /// # Errors
    ///
    /// As [`MemoryFabric::export`]; [`Error::Config`] for a fabric without an audit log;
    /// [`Error::Audit`] when the log cannot be read.
    pub async fn export_with_audit<W: Write>(
        &self,
        out: W,
        format: ExportFormat<'_>,
        owners: &[String],
        progress: impl FnMut(u64, u64),
    ) -> Result<(W, ExportReport)> {
        self.export_by(None, out, format, owners, true, progress).await
    }

    #[tracing::instrument(name = "fabric.export", skip_all, fields(owners = owners.len(), actor = crate::audit::actor_of(caller)))]
    pub(crate) async fn export_by<W: Write>(
        &self,
        caller: Option<&Caller>,
        out: W,
        format: ExportFormat<'_>,
        owners: &[String],
        audit: bool,
        progress: impl FnMut(u64, u64),
    ) -> Result<(W, ExportReport)> {
        let _timer = self.metrics.time(Operation::Export);
        let plaintext = matches!(format, ExportFormat::Plaintext);
        let outcome = self.export_unaudited(out, format, owners, audit, progress).await;
        let mut subject =
            Subject::new(Operation::Export).detail(DetailName::PLAINTEXT, Detail::Flag(plaintext));
        if let [owner] = owners {
            subject = subject.owner(owner);
        }
        if let Ok((_, report)) = &outcome {
            subject = subject
                .detail(DetailName::RECORDS, Detail::Count(report.manifest.records))
                .detail(DetailName::SIZE, Detail::Bytes(report.bytes));
        }
        self.audited(caller, subject, outcome).await
    }

    async fn export_unaudited<W: Write>(
        &self,
        out: W,
        format: ExportFormat<'_>,
        owners: &[String],
        audit: bool,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<(W, ExportReport)> {
        let created_at = to_micros(Utc::now());
        let audit_log = match (audit, self.audit_log()) {
            (false, _) => None,
            (true, Some(log)) => Some(Arc::clone(log)),
            (true, None) => {
                return Err(Error::Config { reason: "this fabric keeps no audit log".into() });
            }
        };
        let mut prefixes = Vec::new();
        if owners.is_empty() {
            prefixes.push(records_prefix()?);
        }
        for owner in owners {
            check_name("owner", owner)?;
            let prefix = records_prefix()?
                .child(owner)
                .map_err(|error| Error::invalid("owner", error.to_string()))?;
            prefixes.push(prefix);
        }
        // The total, for progress: keys only, a page at a time.
        let mut total = 0;
        for prefix in &prefixes {
            let mut listing = self.backend.list(prefix);
            while listing.try_next().await.map_err(Error::Store)?.is_some() {
                total += 1;
            }
        }
        let out = match format {
            ExportFormat::Sealed(secret) => Output::Sealed(ArchiveWriter::new(
                out,
                secret,
                self.sealer.suite,
                self.sealer.provider.random,
            )?),
            ExportFormat::Plaintext => Output::Plain(out),
        };
        let mut lines = Lines::new(out);
        let (mut done, mut shredded) = (0, 0);
        // Each stored record: written, left out (expired, gone), or counted (shredded).
        let mut take = |outcome: Result<Option<Record>>, lines: &mut Lines<W>| -> Result<()> {
            done += 1;
            match outcome {
                Ok(Some(record)) if !record.is_expired(Utc::now()) => lines.push(&record)?,
                Ok(_) => {}
                Err(Error::KeyDestroyed { .. }) => shredded += 1,
                Err(error) => return Err(error),
            }
            progress(done.min(total), total);
            Ok(())
        };
        for prefix in &prefixes {
            #[cfg(feature = "sqlite")]
            if let Some(versions) = &self.versions {
                let (every, now) = (Filter::default(), Utc::now());
                self.scan_opened(prefix, versions, &every, now, SCAN_BATCH, |opened| {
                    for outcome in opened {
                        take(outcome, &mut lines)?;
                    }
                    Ok(SCAN_BATCH)
                })
                .await?;
                continue;
            }
            let mut listing = self.backend.list(prefix);
            while let Some(meta) = listing.try_next().await.map_err(Error::Store)? {
                let Some((owner, id)) = split_key(&meta.key) else { continue };
                let outcome = self.read_stored(owner, &RecordId::parse(id)?).await;
                take(outcome.map(|found| found.map(|(_, record)| record)), &mut lines)?;
            }
        }
        if let Some(log) = audit_log {
            write_audit_events(&log, owners, &mut lines).await?;
        }
        let (out, manifest, bytes) = lines.finish(created_at)?;
        Ok((out, ExportReport { manifest, bytes, shredded }))
    }

    /// Restores the archive `open` reads (called twice: `open` must give the same bytes
    /// each time) under `secret`. Nothing is written until the whole archive authenticates
    /// and matches its manifest. Each record keeps its id, owner, fields, times and version;
    /// one already stored exactly so is left alone (importing twice changes nothing), one
    /// stored differently is replaced by the archived fields as its next version. The store
    /// policy of this fabric applies (a record it rejects fails the import before anything
    /// is written). Audited as stores, one per record written, and one `import` event.
    /// `progress` gets the records done and the total.
    ///
    /// # Errors
    ///
    /// [`Error::Crypto`] with `InvalidArchive` for an archive that is not one, is cut short,
    /// changed, or sealed under another key or passphrase; [`Error::Archive`] for a record or
    /// manifest that is not valid; as [`MemoryFabric::store`] for the writes.
    pub async fn import<R: Read>(
        &self,
        open: impl Fn() -> std::io::Result<R>,
        secret: &RootSecret<'_>,
        progress: impl FnMut(u64, u64),
    ) -> Result<ImportReport> {
        self.import_with_audit(open, secret, |_| Ok(()), progress).await
    }

    /// As [`MemoryFabric::import`], handing each audit event the archive holds to `events`,
    /// in archive order, once the whole archive authenticated and while the records are
    /// restored (an error from `events` stops the import).
    ///
    /// # Errors
    ///
    /// As [`MemoryFabric::import`], and what `events` returns.
    #[tracing::instrument(name = "fabric.import", skip_all)]
    pub async fn import_with_audit<R: Read>(
        &self,
        open: impl Fn() -> std::io::Result<R>,
        secret: &RootSecret<'_>,
        events: impl FnMut(&AuditEvent) -> Result<()>,
        progress: impl FnMut(u64, u64),
    ) -> Result<ImportReport> {
        let _timer = self.metrics.time(Operation::Import);
        let outcome = self.import_unaudited(open, secret, events, progress).await;
        let mut subject = Subject::new(Operation::Import);
        if let Ok(report) = &outcome {
            subject = subject.detail(DetailName::RECORDS, Detail::Count(report.restored));
        }
        self.audited(None, subject, outcome).await
    }

    async fn import_unaudited<R: Read>(
        &self,
        open: impl Fn() -> std::io::Result<R>,
        secret: &RootSecret<'_>,
        mut events: impl FnMut(&AuditEvent) -> Result<()>,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<ImportReport> {
        let reopen = || {
            let input = open().map_err(|error| {
                damaged(format!("the archive could not be opened: {}", error.kind()))
            })?;
            Ok::<_, Error>(Chunks::new(ArchiveReader::new(input, secret, &self.sealer.provider)?))
        };
        // First pass: every chunk authenticated, every record checked, nothing written.
        let mut chunks = reopen()?;
        while let Some(chunk) = chunks.next_chunk()? {
            for record in &chunk.records {
                self.check_restorable(record)?;
            }
        }
        let manifest = chunks.manifest()?;
        // Second pass: the same bytes, authenticated again, written a chunk at a time. Only
        // a file changed between the passes could fail here, by someone who holds the key or
        // by cutting it short; the writes before that are whole records, audited.
        let mut report = ImportReport {
            manifest: manifest.clone(),
            restored: 0,
            unchanged: 0,
            audit_events: manifest.audit_events,
        };
        let mut chunks = reopen()?;
        let mut done = 0;
        while let Some(chunk) = chunks.next_chunk()? {
            for event in &chunk.audit_events {
                events(event)?;
            }
            for batch in chunk.records.chunks(IMPORT_BATCH) {
                let (restored, unchanged) = self.restore(batch.to_vec()).await?;
                report.restored += restored;
                report.unchanged += unchanged;
                done += batch.len() as u64;
                progress(done, manifest.records);
            }
        }
        if chunks.manifest()? != manifest {
            return Err(damaged("it changed while it was imported"));
        }
        Ok(report)
    }

    /// Refuses a record the import could not store as it is: names and limits, as a store
    /// checks them, and this fabric's store policy.
    fn check_restorable(&self, record: &Record) -> Result<()> {
        let mut input = as_input(record);
        self.limits.check(&mut input)?;
        self.apply_privacy(&mut input)?;
        Ok(())
    }

    /// Stores `records` as archived, but for those stored exactly so already; (written,
    /// unchanged).
    async fn restore(&self, records: Vec<Record>) -> Result<(u64, u64)> {
        let mut writes = Vec::with_capacity(records.len());
        let mut keys = Vec::with_capacity(records.len());
        let mut unchanged = 0;
        for mut record in records {
            let mut input = as_input(&record);
            self.limits.check(&mut input)?;
            let found = self.apply_privacy(&mut input)?;
            self.metrics.pii(&found);
            self.limits.check(&mut input)?;
            record.content = input.content;
            record.metadata = input.metadata;
            record.tags = input.tags;
            record.session_id = input.session_id;
            record.source = input.source;
            record.privacy_level = record.privacy_level.max(input.privacy_level);
            for kind in found {
                if !record.pii_types.contains(&kind) {
                    record.pii_types.push(kind);
                }
            }
            let key = record_key(&record.owner, &record.id)?;
            let mode = match self.read_stored(&record.owner, &record.id).await {
                Ok(Some((_, stored))) if stored == record => {
                    unchanged += 1;
                    continue;
                }
                Ok(Some((at, stored))) => {
                    record.version = record.version.max(stored.version + 1);
                    PutMode::IfVersion(at.version)
                }
                Ok(None) => PutMode::Create,
                // A record stored under a key this fabric cannot open (shredded, or
                // another keyring) is not overwritten blindly.
                Err(Error::KeyDestroyed { .. } | Error::UnknownKey { .. }) => {
                    return Err(Error::Archive {
                        reason: format!(
                            "record {} is stored here under a key this fabric cannot open; \
                             delete it first",
                            record.id
                        ),
                    });
                }
                Err(error) => return Err(error),
            };
            keys.push((key, mode, false));
            writes.push(record);
        }
        let Some(first) = writes.first() else { return Ok((0, unchanged)) };
        let (first_owner, count) = (first.owner.clone(), writes.len() as u64);
        let written = self
            .audited_write(None, &first_owner, count, |tx, want_digests| {
                self.write_records(writes, keys, false, tx, want_digests)
            })
            .await?;
        Ok((written.len() as u64, unchanged))
    }
}

/// The fields of `record` a store would take, to check and scan them as a store does.
fn as_input(record: &Record) -> NewRecord {
    NewRecord {
        id: Some(record.id.to_string()),
        owner: record.owner.clone(),
        content: record.content.clone(),
        metadata: record.metadata.clone(),
        tags: record.tags.clone(),
        memory_type: record.memory_type,
        storage_tier: record.storage_tier,
        privacy_level: record.privacy_level,
        importance: Some(record.importance),
        session_id: record.session_id.clone(),
        source: record.source.clone(),
        embedding: record.embedding.clone(),
        expires_at: record.expires_at,
        evidence: false,
    }
}

/// Appends to `lines` every event of `log` on one of `owners` (every event when empty), a
/// page at a time, stream by stream in sequence order.
async fn write_audit_events<W: Write>(
    log: &AuditLog,
    owners: &[String],
    lines: &mut Lines<W>,
) -> Result<()> {
    let sink = log.sink();
    for stream in sink.streams().await.map_err(Error::Audit)? {
        let mut pages = sink.read_events(&stream);
        while let Some(page) = pages.next().await {
            for event in page.map_err(Error::Audit)? {
                let wanted = owners.is_empty()
                    || event
                        .owner()
                        .is_some_and(|owner| owners.iter().any(|wanted| wanted == owner.as_str()));
                if wanted {
                    lines.push_audit(&event)?;
                }
            }
        }
    }
    Ok(())
}
