//! [`MemoryFabric`]: store, retrieve, list and delete encrypted records.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use fabric_audit::{AuditKey, AuditLog, Detail, DetailName, EventHash, Operation};
use fabric_authz::{Policy, Principal};
use fabric_crypto::{CipherSuite, DEFAULT_PROVIDER, Keyring, Provider};
use fabric_store::{Backend, ObjectKey, PutMode, Stored};
use futures::TryStreamExt as _;

use crate::audit::{Auditor, Caller, Subject};
use crate::frame;
use crate::frame::{FrameDigest, content_digest};
use crate::record::check_name;
use crate::sealer::{Sealer, TxAudit};
#[cfg(feature = "sqlite")]
use crate::sealer::{Tail, audit_companion, sqlite_of};
use crate::session::SecureSession;
#[cfg(feature = "sqlite")]
use crate::version_entry::VersionEntry;
use crate::version_entry::VersionKeys;
use crate::{Error, Filter, Limits, NewRecord, Record, RecordId, Result};

/// The first segment of every record's storage key: `records/<owner>/<id>`.
const RECORDS: &str = "records";

pub use backup::{ArchiveManifest, ExportFormat, ExportReport, ImportReport};
pub use builder::MemoryFabricBuilder;
pub use compact::CompactReport;
pub use key_usage::{KeyDependents, KeyUsage};
pub use reencrypt::Reencryption;
pub use rekey::{OwnerKeyRotation, RecordMove};
pub use shred::ShredReport;

/// The API of memory-fabric: encrypted records of many owners in one backend.
///
/// Cheap to share: wrap it in an `Arc` and call it from many tasks.
pub struct MemoryFabric {
    backend: Arc<dyn Backend>,
    sealer: Sealer,
    /// The keys of version entries, on a transactional backend (see `version_entry`).
    versions: Option<Arc<VersionKeys>>,
    /// Whether the records and the audit log share one SQLite file, so that a store's
    /// events commit in its transaction.
    tx_audit: bool,
    limits: Limits,
    /// Default times to live, for records stored without one.
    retention: crate::RetentionPolicy,
    /// What the fabric did, counted.
    metrics: Arc<crate::FabricMetrics>,
    /// Where encryptions per key are kept, when the fabric was given a ledger.
    key_uses: Option<Arc<crate::key_uses::UseCounter>>,
    audit: Option<Auditor>,
    access: Arc<Policy>,
    #[cfg(feature = "privacy")]
    privacy: Option<Arc<crate::policy::PrivacyGuard>>,
    /// The detector and redactor of redaction on read (readers without `reveal_pii`).
    #[cfg(feature = "privacy")]
    reader: Arc<crate::policy::PrivacyGuard>,
    /// Recall's indexer, when the backend keeps a recall index.
    indexer: Option<Arc<crate::recall::index::Indexer>>,
    /// Owners' opened embeddings, for vector recall.
    vectors: Arc<crate::recall::VectorCache>,
}

impl MemoryFabric {
    /// Starts building a fabric.
    pub fn builder() -> MemoryFabricBuilder {
        MemoryFabricBuilder::default()
    }

    /// The backend records are stored in.
    pub fn backend(&self) -> &Arc<dyn Backend> {
        &self.backend
    }

    /// What the fabric did, counted: operations by outcome (as audited; a fabric without an
    /// audit log counts none), integrity failures, personal data found, bytes sealed and
    /// opened, records compacted.
    pub fn metrics(&self) -> &crate::FabricMetrics {
        &self.metrics
    }

    /// Whether each owner's records are sealed under an owner key of its own.
    pub fn has_owner_keys(&self) -> bool {
        self.sealer.owners.is_some()
    }

    /// The ids of the key-encryption keys this fabric holds, and the active one's (never
    /// the keys).
    pub fn key_ids(&self) -> (String, Vec<String>) {
        let keyring = &self.sealer.keyring;
        let ids = keyring.key_ids().map(|id| id.as_str().to_owned()).collect();
        (keyring.active().0.as_str().to_owned(), ids)
    }

    /// The suite new records are sealed with.
    pub fn suite(&self) -> &'static dyn CipherSuite {
        self.sealer.suite
    }

    /// Stores many records; on the SQLite backend all of them in one durable transaction.
    ///
    /// Every input is checked before anything is written: one bad input fails the call and
    /// stores nothing.
    ///
    /// # Errors
    ///
    /// As [`MemoryFabric::store`]; also [`Error::InvalidInput`] when two inputs share an id.
    pub async fn store_many(&self, inputs: Vec<NewRecord>) -> Result<Vec<Record>> {
        self.store_many_by(None, inputs).await
    }

    #[tracing::instrument(name = "fabric.store", skip_all, fields(owner = inputs.first().map(|input| input.owner.as_str()), records = inputs.len(), actor = crate::audit::actor_of(caller)))]
    pub(crate) async fn store_many_by(
        &self,
        caller: Option<&Caller>,
        inputs: Vec<NewRecord>,
    ) -> Result<Vec<Record>> {
        let _timer = self.metrics.time(Operation::Store);
        let first_owner = inputs.first().map(|input| input.owner.clone()).unwrap_or_default();
        let count = inputs.len() as u64;
        self.audited_write(caller, &first_owner, count, |tx, want_digests| {
            self.store_many_unaudited(inputs, tx, want_digests)
        })
        .await
    }

    /// Runs `write` (records sealed and put) and audits each record it wrote as a `store`
    /// event naming its version and frame digest: in the records' own transaction where the
    /// records and the log share one SQLite file, after them otherwise. A failure is one
    /// event for `count` records of `first_owner`.
    pub(crate) async fn audited_write<F, Fut>(
        &self,
        caller: Option<&Caller>,
        first_owner: &str,
        count: u64,
        write: F,
    ) -> Result<Vec<Record>>
    where
        F: FnOnce(Option<TxAudit>, bool) -> Fut,
        Fut: std::future::Future<Output = Result<(Vec<Record>, Vec<FrameDigest>)>>,
    {
        let Some(auditor) = &self.audit else {
            return write(None, false).await.map(|(records, _)| records);
        };
        // Records and audit in one SQLite file: the events go into the records' transaction.
        let tx = self.tx_audit.then(|| {
            let (events_auditor, caller) = (auditor.clone(), caller.cloned());
            let event: Arc<crate::sealer::EventOf> = Arc::new(move |record, digest| {
                events_auditor.event(store_subject(record, digest), caller.as_ref(), None)
            });
            TxAudit { log: Arc::clone(auditor.log()), event }
        });
        let in_tx = tx.is_some();
        let outcome = write(tx, true).await;
        if in_tx && let Ok((records, _)) = outcome {
            // Already audited, in the same commit as the records.
            return Ok(records);
        }
        let subjects = match &outcome {
            // Each store event names the version and the digest of the frame stored, so that
            // `verify_records` can tell the latest stored bytes from older ones.
            Ok((records, digests)) => records
                .iter()
                .zip(digests)
                .map(|(record, digest)| store_subject(record, digest))
                .collect(),
            Err(error) => {
                // An owner refused as invalid is not logged (nor, screened by the auditor, one
                // holding personal data).
                let owner_refused = matches!(error, Error::InvalidInput { field: "owner", .. });
                let mut subject = Subject::new(Operation::Store)
                    .detail(DetailName::RECORDS, Detail::Count(count));
                if !owner_refused {
                    subject = subject.owner(first_owner);
                }
                vec![subject]
            }
        };
        auditor.record(caller, subjects, outcome.map(|(records, _)| records)).await
    }

    /// Reads and opens one record of `owner`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when there is no live record with this id for this owner (an
    /// expired record counts as gone); [`Error::Authentication`] or [`Error::UnknownKey`]
    /// when the stored bytes do not open, and then no content is returned.
    pub async fn retrieve(&self, owner: &str, id: &str) -> Result<Record> {
        self.retrieve_by(None, owner, id).await
    }

    #[tracing::instrument(name = "fabric.retrieve", skip_all, fields(owner = owner, id = id, actor = crate::audit::actor_of(caller)))]
    pub(crate) async fn retrieve_by(
        &self,
        caller: Option<&Caller>,
        owner: &str,
        id: &str,
    ) -> Result<Record> {
        let _timer = self.metrics.time(Operation::Retrieve);
        let outcome = self.retrieve_unaudited(owner, id).await;
        let subject = Subject::new(Operation::Retrieve).owner(owner).record(id);
        self.audited_read(caller, subject, outcome).await
    }

    /// Lists the live records that meet `filter`, in id order (oldest first for generated ids).
    ///
    /// Every listed record is opened (authenticated) before any condition is checked, clear
    /// fields included.
    ///
    /// # Errors
    ///
    /// [`Error::Authentication`] naming the first listed record that does not open: a
    /// tampered record fails the listing rather than vanish from it.
    pub async fn list(&self, filter: &Filter) -> Result<Vec<Record>> {
        self.list_by(None, filter).await
    }

    #[tracing::instrument(name = "fabric.list", skip_all, fields(owner = filter.owner.as_deref(), actor = crate::audit::actor_of(caller)))]
    pub(crate) async fn list_by(
        &self,
        caller: Option<&Caller>,
        filter: &Filter,
    ) -> Result<Vec<Record>> {
        let _timer = self.metrics.time(Operation::List);
        let outcome = self.list_unaudited(filter).await;
        let subject = Subject::counting(Operation::List, filter.owner.as_deref(), &outcome);
        self.audited_read(caller, subject, outcome).await
    }

    /// Deletes one record of `owner`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when there is no such record.
    pub async fn delete(&self, owner: &str, id: &str) -> Result<()> {
        self.delete_by(None, owner, id).await
    }

    #[tracing::instrument(name = "fabric.delete", skip_all, fields(owner = owner, id = id, actor = crate::audit::actor_of(caller)))]
    pub(crate) async fn delete_by(
        &self,
        caller: Option<&Caller>,
        owner: &str,
        id: &str,
    ) -> Result<()> {
        let _timer = self.metrics.time(Operation::Delete);
        let subject = Subject::new(Operation::Delete).owner(owner).record(id);
        match self.delete_unaudited(owner, id, caller).await {
            // Audited in the deletion's own transaction.
            Ok(Deleted { audited: true, .. }) => Ok(()),
            Ok(Deleted { version, digest, .. }) => {
                self.audited(caller, delete_subject(owner, id, version, digest), Ok(())).await
            }
            Err(error) => self.audited(caller, subject, Err(error)).await,
        }
    }

    /// Stores one record and returns it as stored.
    ///
    /// Without an id the record gets a fresh UUIDv7 and is created; with an id that already
    /// exists for the owner, the record is replaced (its version increases, `created_at` stays).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] before anything is written; [`Error::VersionConflict`] when
    /// another writer changed the same id meanwhile; [`Error::Store`] when the backend fails.
    pub async fn store(&self, input: NewRecord) -> Result<Record> {
        let mut records = self.store_many(vec![input]).await?;
        records.pop().ok_or_else(|| Error::Config { reason: "store returned no record".into() })
    }

    async fn store_many_unaudited(
        &self,
        inputs: Vec<NewRecord>,
        tx: Option<TxAudit>,
        want_digests: bool,
    ) -> Result<(Vec<Record>, Vec<FrameDigest>)> {
        let mut inputs = inputs;
        let has_evidence = inputs.iter().any(|input| input.evidence);
        if has_evidence && self.backend.retaining().is_none() {
            // No backend name: it may hold a file path, and the message can reach a client.
            return Err(Error::invalid(
                "evidence",
                "evidence records need a backend with retention (Object Lock); this one has none",
            ));
        }
        let mut seen = HashSet::new();
        let mut pii_types = Vec::with_capacity(inputs.len());
        for input in &mut inputs {
            self.limits.check(input)?;
            if let Some(id) = &input.id
                && !seen.insert((input.owner.clone(), id.clone()))
            {
                return Err(Error::invalid("id", format!("{id} appears twice in one batch")));
            }
            let found = self.apply_privacy(input)?;
            self.metrics.pii(&found);
            pii_types.push(found);
            // Redaction can lengthen a field (a pseudonym for a short value): check again.
            self.limits.check(input)?;
        }
        let now = to_micros(Utc::now());
        let mut records = Vec::with_capacity(inputs.len());
        let mut keys = Vec::with_capacity(inputs.len());
        for (input, pii_types) in inputs.into_iter().zip(pii_types) {
            let (id, previous) = match &input.id {
                Some(id) => {
                    let id = RecordId::parse(id)?;
                    let previous = self.read_stored(&input.owner, &id).await?;
                    (id, previous)
                }
                None => (RecordId::generate(), None),
            };
            let (mode, version, created_at) = match previous {
                Some((stored, record)) => {
                    (PutMode::IfVersion(stored.version), record.version + 1, record.created_at)
                }
                None => (PutMode::Create, 1, now),
            };
            let record = Record {
                id,
                owner: input.owner,
                session_id: input.session_id,
                content: input.content,
                metadata: input.metadata,
                tags: input.tags,
                memory_type: input.memory_type,
                storage_tier: input.storage_tier,
                privacy_level: input.privacy_level,
                pii_types,
                importance: input.importance.unwrap_or(0.5),
                source: input.source,
                embedding: input.embedding,
                created_at,
                updated_at: now,
                expires_at: input.expires_at.map(to_micros).or_else(|| {
                    self.retention.expiry(input.memory_type, input.storage_tier, created_at)
                }),
                version,
            };
            keys.push((record_key(&record.owner, &record.id)?, mode, input.evidence));
            records.push(record);
        }
        self.write_records(records, keys, has_evidence, tx, want_digests).await
    }

    /// Seals `records` and puts them at `keys` (each with its put mode and whether it is
    /// evidence), with their recall index documents and version entries.
    pub(crate) async fn write_records(
        &self,
        records: Vec<Record>,
        keys: Vec<(ObjectKey, PutMode, bool)>,
        has_evidence: bool,
        tx: Option<TxAudit>,
        want_digests: bool,
    ) -> Result<(Vec<Record>, Vec<FrameDigest>)> {
        if let (Some(_), Some(index)) = (&self.indexer, self.backend.recall_index()) {
            crate::recall::index::check_dimensions(index, &records).await?;
        }
        if has_evidence {
            // Evidence goes through the retained put, one record at a time.
            let record_keys: Vec<ObjectKey> = keys.iter().map(|(key, ..)| key.clone()).collect();
            let sealed = records
                .iter()
                .map(|record| self.sealer.seal(record))
                .collect::<Result<Vec<_>>>()?;
            let digests = sealed.iter().map(|frame| content_digest(frame)).collect();
            for (((key, mode, evidence), body), record) in
                keys.into_iter().zip(sealed).zip(&records)
            {
                let body = Bytes::from(body);
                let outcome = match self.backend.retaining() {
                    Some(retaining) if evidence => retaining.put_retained(&key, body, mode).await,
                    _ => self.backend.put(&key, body, mode).await,
                };
                outcome.map_err(|error| Error::from_store(record.id.as_str(), error))?;
            }
            self.index_after(&records, record_keys).await?;
            return Ok((records, digests));
        }
        let keys = keys.into_iter().map(|(key, mode, _)| (key, mode)).collect();
        let indexing = match &self.indexer {
            Some(indexer) => Some(Arc::new(crate::sealer::Indexing {
                indexer: Arc::clone(indexer),
                blinders: indexer
                    .blinders_for(self.backend.as_ref(), &self.sealer, &records)
                    .await?,
            })),
            None => None,
        };
        self.sealer
            .seal_and_put(
                self.backend.as_ref(),
                records,
                keys,
                crate::sealer::Beside { versions: self.versions.clone(), indexing },
                tx,
                want_digests,
            )
            .await
    }

    async fn retrieve_unaudited(&self, owner: &str, id: &str) -> Result<Record> {
        let id = RecordId::parse(id)?;
        match self.read_stored(owner, &id).await? {
            Some((_, record)) if !record.is_expired(Utc::now()) => Ok(record),
            _ => Err(Error::NotFound { id: id.to_string() }),
        }
    }

    /// Applies the privacy policy to one input; returns the PII types to record.
    #[cfg(feature = "privacy")]
    fn apply_privacy(&self, input: &mut NewRecord) -> Result<Vec<fabric_types::PiiType>> {
        match &self.privacy {
            Some(guard) => guard.apply(input),
            None => Ok(Vec::new()),
        }
    }

    #[cfg(not(feature = "privacy"))]
    fn apply_privacy(&self, _input: &mut NewRecord) -> Result<Vec<fabric_types::PiiType>> {
        Ok(Vec::new())
    }

    /// Reads the stored bytes and opens them; `None` when nothing is stored.
    pub(crate) async fn read_stored(
        &self,
        owner: &str,
        id: &RecordId,
    ) -> Result<Option<(Stored, Record)>> {
        check_name("owner", owner)?;
        let key = record_key(owner, id)?;
        let Some(stored) = self.get_checked(owner, id.as_str(), &key).await? else {
            return Ok(None);
        };
        let (header_bytes, header, envelope_bytes) = frame::decode(&stored.body)
            .map_err(|reason| Error::Corrupt { id: id.to_string(), reason })?;
        let record = self.sealer.open(owner, id.as_str(), header_bytes, header, envelope_bytes)?;
        Ok(Some((stored, record)))
    }

    /// Reads the stored frame of `owner`/`id` at `key`; on a transactional backend, with its
    /// version entry in the same snapshot, refusing bytes that are not the last written.
    async fn get_checked(&self, owner: &str, id: &str, key: &ObjectKey) -> Result<Option<Stored>> {
        #[cfg(feature = "sqlite")]
        if let Some(versions) = &self.versions {
            return self.get_with_entry(owner, id, key, versions).await;
        }
        #[cfg(not(feature = "sqlite"))]
        let _ = (owner, id);
        match self.backend.get(key).await {
            Ok(stored) => Ok(Some(stored)),
            Err(fabric_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(Error::Store(error)),
        }
    }

    /// As `get_checked`, on SQLite with version entries.
    #[cfg(feature = "sqlite")]
    async fn get_with_entry(
        &self,
        owner: &str,
        id: &str,
        key: &ObjectKey,
        versions: &VersionKeys,
    ) -> Result<Option<Stored>> {
        let sqlite = sqlite_of(self.backend.as_ref())?;
        let Some((stored, entry)) = sqlite.get_with_entry(key).await.map_err(Error::Store)? else {
            return Ok(None);
        };
        // The stored version (a header decode) only for the error of a stale record.
        let stored_version = || frame::stored_version(&stored.body);
        versions.check(owner, id, &stored.body, stored_version, entry.as_deref())?;
        Ok(Some(stored))
    }
}

/// The subject of a successful store: the record, its version and the digest of its frame.
pub(crate) fn store_subject(record: &Record, digest: &FrameDigest) -> Subject {
    Subject::new(Operation::Store)
        .owner(&record.owner)
        .record(record.id.as_str())
        .detail(DetailName::SIZE, Detail::Bytes(record.content.len() as u64))
        .detail(DetailName::VERSION, Detail::Count(record.version))
        .detail(DetailName::CONTENT_DIGEST, Detail::Digest(EventHash(*digest)))
        .pii_types(&record.pii_types)
}

/// Times are stored with microsecond precision; truncate so what `store` returns is what
/// `retrieve` reads.
fn to_micros(time: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(time.timestamp_micros()).unwrap_or(time)
}

pub(crate) fn records_prefix() -> Result<ObjectKey> {
    ObjectKey::parse(RECORDS).map_err(Error::Store)
}

/// Every key under `prefix`, read in full.
pub(crate) async fn list_keys(backend: &dyn Backend, prefix: &ObjectKey) -> Result<Vec<ObjectKey>> {
    backend.list(prefix).map_ok(|meta| meta.key).try_collect().await.map_err(Error::Store)
}

/// `records/<owner>/<id>`.
fn record_key(owner: &str, id: &RecordId) -> Result<ObjectKey> {
    records_prefix()?
        .child(owner)
        .and_then(|key| key.child(id.as_str()))
        .map_err(|error| Error::invalid("id", error.to_string()))
}

/// The owner and id of a record key, or `None` for a key of another shape.
pub(crate) fn split_key(key: &ObjectKey) -> Option<(&str, &str)> {
    let mut segments = key.as_str().split('/');
    match (segments.next(), segments.next(), segments.next(), segments.next()) {
        (Some(RECORDS), Some(owner), Some(id), None) => Some((owner, id)),
        _ => None,
    }
}

impl fmt::Debug for MemoryFabric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryFabric")
            .field("backend", &self.backend.to_string())
            .field("keyring", &self.sealer.keyring)
            .field("suite", &self.sealer.suite.id())
            .finish_non_exhaustive()
    }
}

mod access;
mod backup;
mod builder;
mod compact;
mod conceal;
mod delete;
mod key_usage;
mod list;
mod recall;
mod reencrypt;
mod reindex;
mod rekey;
#[cfg(feature = "sqlite")]
mod rewrap;
mod shred;

use delete::{Deleted, delete_subject};
pub use reindex::ReindexReport;
#[cfg(test)]
mod tests;
