//! [`Sealer`]: turns records into sealed record frames and back.

use std::sync::Arc;

use bytes::Bytes;
use fabric_audit::{AuditLog, NewEvent};
use fabric_crypto::{CipherSuite, Keyring, Provider, envelope};
use fabric_store::{Backend, ObjectKey, PutItem, PutMode};
#[cfg(feature = "sqlite")]
use fabric_store::{Companion, WriteOp};
#[cfg(feature = "sqlite")]
use fabric_store::{PutBatch, PutBatchSender};

use crate::frame::{self, ClearHeader, SealedFields};
use crate::frame::{FrameDigest, content_digest};
use crate::recall::index::{Blinders, Indexer};
use crate::version_entry::{VersionEntry, VersionKeys, frame_tag};
use crate::{Error, Record, RecordId, Result};
use fabric_store::recall::IndexDoc;

/// Batches at least this large are sealed on a blocking thread while the backend writes.
const PIPELINE_MIN: usize = 64;
/// Records per chunk handed to the backend.
const PIPELINE_CHUNK: usize = 128;
/// Sealed chunks that may wait for the backend.
#[cfg(feature = "sqlite")]
const PIPELINE_DEPTH: usize = 4;

/// The version entry written with `record`, whose frame has `digest` (see `version_entry`).
fn version_entry(versions: &VersionKeys, record: &Record, frame: &[u8]) -> Bytes {
    let entry = VersionEntry { version: record.version, tag: frame_tag(frame), deleted: false };
    Bytes::from(versions.encode(&record.owner, record.id.as_str(), &entry))
}

/// The clear header of `record`'s frame.
pub(crate) fn header_of(record: &Record) -> ClearHeader {
    ClearHeader {
        memory_type: record.memory_type,
        storage_tier: record.storage_tier,
        privacy_level: record.privacy_level,
        created_at: record.created_at,
        updated_at: record.updated_at,
        expires_at: record.expires_at,
        version: record.version,
    }
}

/// What indexing a batch of records for recall needs: the indexer and the blinders of the
/// batch's owners (resolved before sealing, which runs off the async runtime).
pub(crate) struct Indexing {
    pub(crate) indexer: Arc<Indexer>,
    pub(crate) blinders: Blinders,
}

impl Indexing {
    /// The index document of `record`.
    fn doc(&self, sealer: &Sealer, record: &Record) -> Result<IndexDoc> {
        let blinder = self
            .blinders
            .get(&record.owner)
            .ok_or_else(|| Error::Config { reason: "no index key for a record's owner".into() })?;
        self.indexer.doc(sealer, blinder, record, &header_of(record).to_bytes())
    }
}

/// The keys and suites a fabric seals and opens with; cheap to clone into blocking tasks.
#[derive(Clone)]
pub(crate) struct Sealer {
    pub(crate) keyring: Arc<Keyring>,
    pub(crate) provider: Provider,
    pub(crate) suite: &'static dyn CipherSuite,
    /// Per-owner keys, where the fabric has them; otherwise data keys are wrapped by the
    /// keyring's keys directly.
    pub(crate) owners: Option<Arc<crate::owner_keys::OwnerKeys>>,
    /// Where bytes sealed and opened are counted.
    pub(crate) metrics: Arc<crate::FabricMetrics>,
}

impl Sealer {
    /// Opens the owner keys of `records`' owners, making the missing ones together (one
    /// write of the owner key store for a batch of new owners).
    pub(crate) fn prepare_owners(&self, records: &[Record]) -> Result<()> {
        match &self.owners {
            Some(owners) => owners.prepare(
                &self.provider,
                &self.keyring,
                records.iter().map(|record| record.owner.as_str()),
            ),
            None => Ok(()),
        }
    }

    /// The keys `owner`'s envelopes are sealed with: its owner key (made at its first
    /// write), or the keyring where the fabric has no owner keys.
    pub(crate) fn sealing_keyring(&self, owner: &str) -> Result<Arc<Keyring>> {
        match &self.owners {
            Some(owners) => owners
                .keyring(&self.provider, &self.keyring, owner, true)?
                .ok_or_else(|| Error::Config { reason: "an owner key was not made".into() }),
            None => Ok(Arc::clone(&self.keyring)),
        }
    }

    /// Opens one of `owner`'s envelopes. An envelope naming a key this process does not
    /// know (an owner key another process made since it last looked) is tried once more
    /// after asking the owner key store again.
    ///
    /// # Errors
    ///
    /// As [`envelope::open`], mapped for record `id`; [`Error::KeyDestroyed`].
    pub(crate) fn open_envelope(
        &self,
        owner: &str,
        id: &str,
        context: &[u8],
        sealed: &[u8],
    ) -> Result<Vec<u8>> {
        let opened =
            envelope::open(&self.provider, &*self.opening_keyring(owner)?, context, sealed);
        let opened = match (opened, &self.owners) {
            (Err(fabric_crypto::Error::UnknownKey { .. }), Some(owners)) => {
                owners.forget(owner);
                envelope::open(&self.provider, &*self.opening_keyring(owner)?, context, sealed)
            }
            (opened, _) => opened,
        };
        opened.map_err(|error| Error::from_crypto(id, error))
    }

    /// The keys `owner`'s envelopes open with: its owner key and the keyring's keys, or the
    /// keyring's alone while the owner has no owner key.
    ///
    /// # Errors
    ///
    /// [`Error::KeyDestroyed`] once the owner's key is destroyed.
    pub(crate) fn opening_keyring(&self, owner: &str) -> Result<Arc<Keyring>> {
        match &self.owners {
            Some(owners) => Ok(owners
                .keyring(&self.provider, &self.keyring, owner, false)?
                .unwrap_or_else(|| Arc::clone(&self.keyring))),
            None => Ok(Arc::clone(&self.keyring)),
        }
    }

    pub(crate) fn seal(&self, record: &Record) -> Result<Vec<u8>> {
        let header = header_of(record).to_bytes();
        let fields = SealedFields {
            metadata: &record.metadata,
            tags: &record.tags,
            pii_types: &record.pii_types,
            importance: record.importance,
            session_id: record.session_id.clone(),
            source: record.source.clone(),
            embedding: record.embedding.as_ref(),
        };
        let plaintext = zeroize::Zeroizing::new(
            frame::plaintext(&record.content, &fields)
                .map_err(|error| Error::invalid("record", error.to_string()))?,
        );
        let context = frame::context(record.id.as_str(), &record.owner, &header);
        let keyring = self.sealing_keyring(&record.owner)?;
        let sealed =
            envelope::seal(self.suite, self.provider.random, &keyring, &context, &plaintext)?;
        let frame = frame::encode(&header, &sealed);
        self.metrics.sealed(frame.len());
        Ok(frame)
    }

    pub(crate) fn open(
        &self,
        owner: &str,
        id: &str,
        header_bytes: &[u8],
        header: ClearHeader,
        envelope_bytes: &[u8],
    ) -> Result<Record> {
        let context = frame::context(id, owner, header_bytes);
        let plaintext =
            zeroize::Zeroizing::new(self.open_envelope(owner, id, &context, envelope_bytes)?);
        self.metrics.opened(envelope_bytes.len());
        let (content, fields) = frame::open_plaintext(&plaintext)
            .map_err(|reason| Error::Corrupt { id: id.to_owned(), reason })?;
        Ok(Record {
            id: RecordId::parse(id)?,
            owner: owner.to_owned(),
            session_id: fields.session_id,
            content,
            metadata: fields.metadata,
            tags: fields.tags,
            memory_type: header.memory_type,
            storage_tier: header.storage_tier,
            privacy_level: header.privacy_level,
            pii_types: fields.pii_types,
            importance: fields.importance,
            source: fields.source,
            embedding: fields.embedding,
            created_at: header.created_at,
            updated_at: header.updated_at,
            expires_at: header.expires_at,
            version: header.version,
        })
    }

    /// Seals every record and writes the batch to `backend`, all or nothing. With `versions`
    /// (SQLite), each record's version entry is written in its row; with `tx`, the records'
    /// audit events too, in the same commit (see [`TxAudit`]).
    ///
    /// Small batches are sealed inline and written with one request. Larger ones are sealed on
    /// a blocking thread in chunks that the backend starts writing (inside its one
    /// transaction, on SQLite) while the next chunk is sealed, so sealing and writing overlap;
    /// their audit events follow in the same transaction, after the last chunk.
    pub(crate) async fn seal_and_put(
        &self,
        backend: &dyn Backend,
        records: Vec<Record>,
        keys: Vec<(ObjectKey, PutMode)>,
        beside: Beside,
        tx: Option<TxAudit>,
        want_digests: bool,
    ) -> Result<(Vec<Record>, Vec<FrameDigest>)> {
        let first_id = records.first().map(|record| record.id.to_string()).unwrap_or_default();
        let store_error = |error| Error::from_batch_store(&first_id, error);
        self.prepare_owners(&records)?;
        let event = tx.as_ref().map(|tx| Arc::clone(&tx.event));
        // Frame digests (SHA-256) only for the audit log.
        let want_digests = want_digests || tx.is_some();
        let Beside { versions, indexing } = beside;
        // Index documents go in the records' transaction where the index has them (SQLite);
        // elsewhere they follow the records (`put_after`).
        let transactional_index = indexing.is_some()
            && backend.recall_index().is_some_and(fabric_store::RecallIndex::transactional);
        let plain = tx.is_none() && versions.is_none() && !transactional_index;
        if records.len() < PIPELINE_MIN {
            let mut ops = Vec::with_capacity(records.len());
            let mut digests = Vec::with_capacity(records.len());
            let mut events = Vec::new();
            for (record, (key, mode)) in records.iter().zip(keys) {
                let frame = self.seal(record)?;
                let entry =
                    versions.as_deref().map(|versions| version_entry(versions, record, &frame));
                let index =
                    indexing.as_deref().map(|indexing| indexing.doc(self, record)).transpose()?;
                if want_digests {
                    let digest = content_digest(&frame);
                    if let Some(event) = &event {
                        events.push(event(record, &digest));
                    }
                    digests.push(digest);
                }
                ops.push(Sealed { key, body: Bytes::from(frame), mode, entry, index });
            }
            if plain {
                put_after(backend, ops).await.map_err(store_error)?;
            } else {
                write_on_sqlite(backend, ops, events, tx.as_ref()).await?.map_err(store_error)?;
            }
            return Ok((records, digests));
        }
        let count = records.len();
        let (tail_sender, tail_receiver) = std::sync::mpsc::channel();
        let sealer = self.clone();
        let sealing = |sender: Sender| {
            let entries = versions.clone();
            let indexing = indexing.clone();
            tokio::task::spawn_blocking(move || {
                let outcome = sealer.seal_chunks(
                    &records,
                    keys,
                    Extras { versions: entries.as_deref(), indexing: indexing.as_deref() },
                    event.as_deref(),
                    want_digests,
                    &sender,
                );
                let outcome = outcome.map(|(digests, events)| {
                    // Handed over before the batch ends (when `sender` drops), so the
                    // companion finds them as soon as the last chunk is written.
                    let _ = tail_sender.send(events);
                    digests
                });
                (records, outcome)
            })
        };
        if plain {
            // Sealed off the runtime, then written with one `put_many`: only SQLite writes
            // while the batch is still being sealed.
            let collected = Arc::new(std::sync::Mutex::new(Vec::with_capacity(count)));
            let (records, sealed) = sealing(Sender::Collect(Arc::clone(&collected)))
                .await
                .map_err(|_| Error::Config { reason: "the sealing task failed".into() })?;
            let digests = sealed?;
            let sealed = std::mem::take(
                &mut *collected.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            put_after(backend, sealed).await.map_err(store_error)?;
            return Ok((records, digests));
        }
        #[cfg(not(feature = "sqlite"))]
        {
            drop(tail_receiver);
            Err(needs_sqlite())
        }
        #[cfg(feature = "sqlite")]
        {
            let sqlite = sqlite_of(backend)?;
            let audit = match &tx {
                Some(tx) => Some(audit_companion(&tx.log, Tail::Later(tail_receiver))?),
                None => None,
            };
            let (sealing, written) = {
                // A put per record, and its index document beside it when indexing.
                let ops_per_record = if indexing.is_some() { 2 } else { 1 };
                let (sender, batch) = PutBatch::channel(count * ops_per_record, PIPELINE_DEPTH);
                let sealing = sealing(Sender::Ops(sender));
                let (companion, appended) = audit.unzip();
                let written = sqlite.write_batch_with(batch, companion).await;
                if let (Some(tx), Some(appended), Ok(_)) = (&tx, appended, &written) {
                    tx.log.note_appended(appended.try_recv().unwrap_or_default()).await;
                }
                (sealing, written)
            };
            let (records, sealed) = sealing
                .await
                .map_err(|_| Error::Config { reason: "the sealing task failed".into() })?;
            // A sealing failure ends the batch early; report it rather than the backend's
            // "incomplete batch".
            let digests = sealed?;
            written.map_err(store_error)?;
            Ok((records, digests))
        }
    }

    /// Seals `records` chunk by chunk and hands each chunk to `sender`; stops early, without
    /// error, when the backend stops reading (its own error reports why). Returns the frame
    /// digests and, with `event`, each record's audit event; with `versions`, each record's
    /// version entry goes with it.
    ///
    /// Records are sealed on one thread: on SQLite the writer thread inserts on the other
    /// core meanwhile (measured: sealing on two threads beside the writer made `store_many`
    /// slower on two cores). Index documents, where made, are made on a second thread (the
    /// writer leaves that core half idle; measured 5% faster).
    fn seal_chunks(
        &self,
        records: &[Record],
        keys: Vec<(ObjectKey, PutMode)>,
        extras: Extras<'_>,
        event: Option<&EventOf>,
        want_digests: bool,
        sender: &Sender,
    ) -> Result<(Vec<FrameDigest>, Vec<NewEvent>)> {
        let mut keys = keys.into_iter();
        let mut digests = Vec::with_capacity(records.len());
        let mut events = Vec::new();
        for part in records.chunks(PIPELINE_CHUNK) {
            let mut chunk = Vec::with_capacity(part.len());
            // The chunk's index documents are made on a thread of their own meanwhile: the
            // writer leaves the other core half idle while one thread seals and indexes.
            let (indexes, frames) = std::thread::scope(|scope| {
                let indexes = extras.indexing.map(|indexing| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|record| indexing.doc(self, record))
                            .collect::<Result<Vec<_>>>()
                    })
                });
                let frames =
                    part.iter().map(|record| self.seal(record)).collect::<Result<Vec<_>>>();
                let indexes = indexes.map(|thread| {
                    thread.join().unwrap_or_else(|_| {
                        Err(Error::Config { reason: "making index documents failed".into() })
                    })
                });
                (indexes.transpose(), frames)
            });
            let mut indexes = indexes?.map(Vec::into_iter);
            for ((record, (key, mode)), frame) in part.iter().zip(keys.by_ref()).zip(frames?) {
                let entry = extras.versions.map(|versions| version_entry(versions, record, &frame));
                let index = indexes.as_mut().and_then(Iterator::next);
                if want_digests {
                    let digest = content_digest(&frame);
                    if let Some(event) = event {
                        events.push(event(record, &digest));
                    }
                    digests.push(digest);
                }
                chunk.push(Sealed { key, body: Bytes::from(frame), mode, entry, index });
            }
            if !sender.blocking_send(chunk) {
                break;
            }
        }
        Ok((digests, events))
    }
}

/// What is written beside each record on SQLite: its version entry, its recall index
/// document.
pub(crate) struct Beside {
    pub(crate) versions: Option<Arc<VersionKeys>>,
    pub(crate) indexing: Option<Arc<Indexing>>,
}

/// What goes with each sealed record besides its frame.
#[derive(Clone, Copy)]
struct Extras<'a> {
    versions: Option<&'a VersionKeys>,
    indexing: Option<&'a Indexing>,
}

/// One sealed record on its way to the backend, with its version entry and its recall
/// index document on SQLite.
struct Sealed {
    key: ObjectKey,
    body: Bytes,
    mode: PutMode,
    #[cfg_attr(
        not(feature = "sqlite"),
        expect(
            dead_code,
            reason = "only SQLite keeps version entries and audits in the records' transaction"
        )
    )]
    entry: Option<Bytes>,
    index: Option<IndexDoc>,
}

impl Sealed {
    fn item(self) -> PutItem {
        (self.key, self.body, self.mode)
    }

    /// The record's put, then its index document if it has one.
    #[cfg(feature = "sqlite")]
    fn ops(self) -> impl Iterator<Item = WriteOp> {
        let index = self.index.map(|doc| WriteOp::Index { key: self.key.clone(), doc });
        let put =
            WriteOp::Put { key: self.key, body: self.body, mode: self.mode, entry: self.entry };
        std::iter::once(put).chain(index)
    }
}

/// Writes sealed records with one `put_many`, then their index documents, owner by owner,
/// on a backend whose index is not transactional. A failure between the two leaves records
/// without documents, which recall skips and `fabric reindex` indexes.
async fn put_after(
    backend: &dyn Backend,
    sealed: Vec<Sealed>,
) -> std::result::Result<(), fabric_store::Error> {
    let mut docs: std::collections::BTreeMap<String, Vec<(ObjectKey, IndexDoc)>> =
        std::collections::BTreeMap::new();
    let mut items = Vec::with_capacity(sealed.len());
    for record in sealed {
        if let Some(doc) = &record.index {
            docs.entry(doc.scope.clone()).or_default().push((record.key.clone(), doc.clone()));
        }
        items.push(record.item());
    }
    backend.put_many(items).await?;
    if let Some(index) = backend.recall_index() {
        for (scope, docs) in docs {
            index.put_docs(&scope, docs).await?;
        }
    }
    Ok(())
}

/// Where sealed chunks go: collected for one `put_many`, or SQLite operations carrying
/// entries, written as they arrive.
enum Sender {
    Collect(Arc<std::sync::Mutex<Vec<Sealed>>>),
    #[cfg(feature = "sqlite")]
    Ops(PutBatchSender<WriteOp>),
}

impl Sender {
    fn blocking_send(&self, chunk: Vec<Sealed>) -> bool {
        match self {
            Sender::Collect(items) => {
                items.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(chunk);
                true
            }
            #[cfg(feature = "sqlite")]
            Sender::Ops(sender) => {
                sender.blocking_send(chunk.into_iter().flat_map(Sealed::ops).collect())
            }
        }
    }
}

/// Writes sealed records with their version entries, and with `tx` their audit events, in
/// one SQLite transaction. The outer error is the fabric's own; the inner one the store's.
#[cfg(feature = "sqlite")]
async fn write_on_sqlite(
    backend: &dyn Backend,
    sealed: Vec<Sealed>,
    events: Vec<NewEvent>,
    tx: Option<&TxAudit>,
) -> Result<std::result::Result<(), fabric_store::Error>> {
    let ops = sealed.into_iter().flat_map(Sealed::ops).collect();
    let sqlite = sqlite_of(backend)?;
    Ok(match tx {
        Some(tx) => {
            let (companion, appended) = audit_companion(&tx.log, Tail::Now(events))?;
            let written = sqlite.write_with(ops, companion).await.map(drop);
            if written.is_ok() {
                tx.log.note_appended(appended.try_recv().unwrap_or_default()).await;
            }
            written
        }
        None => sqlite.write_ops(ops).await.map(drop),
    })
}

#[cfg(not(feature = "sqlite"))]
async fn write_on_sqlite(
    _: &dyn Backend,
    _: Vec<Sealed>,
    _: Vec<NewEvent>,
    _: Option<&TxAudit>,
) -> Result<std::result::Result<(), fabric_store::Error>> {
    Err(needs_sqlite())
}

/// Version entries and audit in the records' transaction are built only with SQLite.
#[cfg(not(feature = "sqlite"))]
fn needs_sqlite() -> Error {
    Error::Config {
        reason: "version entries and audit in the records' transaction need SQLite".into(),
    }
}

/// Builds the audit event of one stored record from the record and its frame's digest.
pub(crate) type EventOf = dyn Fn(&Record, &FrameDigest) -> NewEvent + Send + Sync;

/// Audit events appended in the records' own SQLite transaction: when the records and the
/// audit log share one SQLite file, a store and its events commit together or not at all, so
/// no crash leaves a record without its event.
pub(crate) struct TxAudit {
    #[cfg_attr(
        not(feature = "sqlite"),
        expect(
            dead_code,
            reason = "only SQLite keeps version entries and audits in the records' transaction"
        )
    )]
    pub(crate) log: Arc<AuditLog>,
    pub(crate) event: Arc<EventOf>,
}

/// Where a companion gets its events: built already, or from the sealing thread.
#[cfg(feature = "sqlite")]
pub(crate) enum Tail {
    Now(Vec<NewEvent>),
    Later(std::sync::mpsc::Receiver<Vec<NewEvent>>),
}

/// Where a companion hands back the events it appended.
#[cfg(feature = "sqlite")]
pub(crate) type AppendedEvents = std::sync::mpsc::Receiver<Vec<fabric_audit::AuditEvent>>;

/// The companion that appends `tail`'s events to `log` in the write's transaction, and where
/// it hands the stored events back (for [`AuditLog::note_appended`]).
#[cfg(feature = "sqlite")]
pub(crate) fn audit_companion(
    log: &Arc<AuditLog>,
    tail: Tail,
) -> Result<(Companion, AppendedEvents)> {
    let log = Arc::clone(log);
    // Fail early, before anything is written, when the log is closed.
    log.append_request(Vec::new()).map_err(Error::Audit)?;
    let (stored, appended) = std::sync::mpsc::channel();
    let companion: Companion = Box::new(move |connection| {
        let events = match tail {
            Tail::Now(events) => events,
            Tail::Later(receiver) => receiver.recv()?,
        };
        let request = log.append_request(events)?;
        let done = fabric_audit::sink::sqlite::append_on(connection, request)?;
        let _ = stored.send(done.events);
        Ok(())
    });
    Ok((companion, appended))
}

/// The SQLite backend that version entries and audit in the records' transaction need.
#[cfg(feature = "sqlite")]
pub(crate) fn sqlite_of(backend: &dyn Backend) -> Result<&fabric_store::SqliteBackend> {
    backend.as_sqlite().ok_or_else(|| Error::Config {
        reason: "version entries and audit in the records' transaction need the SQLite backend"
            .into(),
    })
}
