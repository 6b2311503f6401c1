//! The [`AuditSink`] trait: where events and checkpoints are kept.

use std::collections::VecDeque;
use std::fmt;

use async_trait::async_trait;
use futures::StreamExt as _;
use futures::stream::BoxStream;

use std::sync::Arc;

use crate::chain::Head;
use crate::{AuditEvent, Checkpoint, EventHash, Result, StreamId};

pub mod backend;
pub mod jsonl;
#[cfg(feature = "sqlite")]
pub mod sqlite;

/// Turns a channel of pages into a stream.
pub(crate) fn channel_pages<T: Send + 'static>(
    receiver: tokio::sync::mpsc::Receiver<Result<T>>,
) -> BoxStream<'static, Result<T>> {
    Box::pin(futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|page| (page, receiver))
    }))
}

/// Events of one stream, page by page, in storage order.
pub type EventPages = BoxStream<'static, Result<Vec<AuditEvent>>>;

/// Canonical encodings of one stream's events, page by page, in storage order.
pub type EncodedPages = BoxStream<'static, Result<EncodedPage>>;

/// Stored events as verification sees them: each one's canonical encoding (as stored, with
/// its stored sequence number) and its stored hash, packed in one buffer.
#[derive(Debug, Clone, Default)]
pub struct EncodedPage {
    bytes: Vec<u8>,
    entries: Vec<EncodedEntry>,
}

#[derive(Debug, Clone, Copy)]
struct EncodedEntry {
    seq: u64,
    end: usize,
    hash: EventHash,
}

impl EncodedPage {
    /// An empty page with room for `events` events.
    pub fn with_capacity(events: usize) -> Self {
        EncodedPage { bytes: Vec::with_capacity(events * 192), entries: Vec::with_capacity(events) }
    }

    /// Encodes `events` (what the default [`AuditSink::read_encoded`] does).
    pub fn from_events(events: &[AuditEvent]) -> Self {
        let mut page = EncodedPage::with_capacity(events.len());
        for event in events {
            event.encode_into(&mut page.bytes, event.seq);
            page.entries.push(EncodedEntry {
                seq: event.seq,
                end: page.bytes.len(),
                hash: event.hash,
            });
        }
        page
    }

    /// How many events the page holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The buffer a sink encodes the next event into; finish it with [`EncodedPage::commit`].
    #[cfg_attr(
        not(feature = "sqlite"),
        expect(dead_code, reason = "only the SQLite sink decodes stored bytes")
    )]
    pub(crate) fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }

    /// Ends the event encoded since the last commit: stored as `seq` with hash `hash`.
    pub(crate) fn commit(&mut self, seq: u64, hash: EventHash) {
        self.entries.push(EncodedEntry { seq, end: self.bytes.len(), hash });
    }

    /// The events stored with a sequence number above `seq`, in the same order.
    pub(crate) fn after(&self, seq: u64) -> EncodedPage {
        let mut kept = EncodedPage::with_capacity(0);
        for index in 0..self.len() {
            if let Some((stored, hash, bytes)) = self.get(index)
                && stored > seq
            {
                kept.bytes.extend_from_slice(bytes);
                kept.commit(stored, hash);
            }
        }
        kept
    }

    /// The stored sequence number, stored hash and canonical bytes of event `index`.
    pub(crate) fn get(&self, index: usize) -> Option<(u64, EventHash, &[u8])> {
        let entry = self.entries.get(index)?;
        let start = match index.checked_sub(1) {
            Some(previous) => self.entries.get(previous)?.end,
            None => 0,
        };
        Some((entry.seq, entry.hash, self.bytes.get(start..entry.end)?))
    }
}

/// Sealed events for one stream (see [`crate::AppendRequest::seal_after`]), to be stored
/// only if the stream's stored head is still `after`.
#[derive(Debug, Clone)]
pub struct SealedBatch {
    /// The stream.
    pub stream: StreamId,
    /// The stored head the events were sealed after.
    pub after: Head,
    /// The events, in order, with sequence numbers from `after.seq + 1`.
    pub events: Vec<AuditEvent>,
    /// The stream's first checkpoint, when these are its first events: stored with them
    /// (in the same transaction or under the same lock where the storage has one), and only
    /// when all of them are stored.
    pub genesis: Option<Checkpoint>,
}

/// What [`AuditSink::append_sealed`] stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Every event of the batch.
    All,
    /// The stored head was not the batch's `after` (another writer got there first): the
    /// first `count` events were stored (always 0 where the storage has transactions or a
    /// lock), and then the stream's head was found at `head`.
    Moved {
        /// How many events of the batch, from its first, were stored.
        count: usize,
        /// The stored head the sink found.
        head: Head,
    },
}

/// Where an audit log is kept: append-only storage of events and, apart from them, checkpoints.
///
/// A sink only stores: chaining, checks and checkpoint signing are [`crate::append()`]'s and
/// [`crate::AuditLog`]'s, and verification is [`crate::verify()`]'s. Guarantees every
/// implementation gives:
/// - [`AuditSink::append_sealed`] stores a batch only after the stream's stored head it
///   reads inside its critical section (a transaction, a file lock, a create-only put) is
///   the batch's `after`, so concurrent writers to one stream, even in other processes,
///   extend one chain and never fork it;
/// - an append that returned `Ok` is durable (fsynced or committed);
/// - a sink never updates or deletes a stored event or checkpoint;
/// - sinks store checkpoints they are given; [`crate::AuditLog`] signs them only after
///   verifying the chain since the last stored checkpoint.
#[async_trait]
pub trait AuditSink: fmt::Debug + Send + Sync + 'static {
    /// The stream's stored head: its event with the highest sequence number, or
    /// [`Head::EMPTY`].
    ///
    /// # Errors
    ///
    /// A storage error, or [`crate::Error::Corrupt`] for a head that does not parse.
    async fn head(&self, stream: &StreamId) -> Result<Head>;

    /// Stores `batch` if the stream's stored head is `batch.after`, else reports where the
    /// head is ([`Stored::Moved`]). Stores `batch.genesis` too once all the events are.
    ///
    /// # Errors
    ///
    /// A storage error, in which case nothing was stored (SQLite, JSONL) or a prefix of the
    /// batch was (object backends without transactions; the prefix is still a valid chain).
    async fn append_sealed(&self, batch: Arc<SealedBatch>) -> Result<Stored>;

    /// The stored hash of event `seq` of `stream`, if there is one. The default reads the
    /// stream from there.
    ///
    /// # Errors
    ///
    /// As [`AuditSink::read_encoded_after`].
    async fn hash_at(&self, stream: &StreamId, seq: u64) -> Result<Option<EventHash>> {
        let mut pages = self.read_encoded_after(stream, seq.saturating_sub(1));
        while let Some(page) = pages.next().await {
            let page = page?;
            for index in 0..page.len() {
                if let Some((stored, hash, _)) = page.get(index)
                    && stored == seq
                {
                    return Ok(Some(hash));
                }
            }
        }
        Ok(None)
    }

    /// The SQLite file this sink keeps its tables in, when it is one
    /// ([`crate::sink::sqlite::SqliteSink`]): a record store on the same file can then append
    /// events in its own transactions ([`crate::sink::sqlite::append_on`]).
    fn sqlite_path(&self) -> Option<&std::path::Path> {
        None
    }

    /// Streams the events of `stream` in storage order (ascending sequence numbers unless the
    /// storage was tampered with), without holding them all in memory.
    ///
    /// A stored event that does not parse ends the stream with [`crate::Error::Corrupt`].
    fn read_events(&self, stream: &StreamId) -> EventPages;

    /// Streams the events of `stream` as [`AuditSink::read_events`] does, but as canonical
    /// encodings: all [`crate::verify`] needs. The default encodes the events read; a sink may
    /// build the encodings straight from storage, skipping parsing and validation (a stored
    /// event that would not parse cannot hash right anyway).
    fn read_encoded(&self, stream: &StreamId) -> EncodedPages {
        Box::pin(
            self.read_events(stream)
                .map(|page| page.map(|events| EncodedPage::from_events(&events))),
        )
    }

    /// Streams the events of `stream` after sequence number `after`, as
    /// [`AuditSink::read_encoded`] does. The default filters the whole stream; sinks that can
    /// seek override it (the writer reads from the last checkpoint before signing the next).
    fn read_encoded_after(&self, stream: &StreamId, after: u64) -> EncodedPages {
        if after == 0 {
            return self.read_encoded(stream);
        }
        Box::pin(self.read_encoded(stream).filter_map(move |page| async move {
            match page {
                Ok(page) => {
                    let kept = page.after(after);
                    (!kept.is_empty()).then_some(Ok(kept))
                }
                Err(error) => Some(Err(error)),
            }
        }))
    }

    /// Stores checkpoints; one already stored for the same stream and sequence number is kept
    /// (and the new one dropped) where the storage keys them by sequence number.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn put_checkpoints(&self, checkpoints: &[Checkpoint]) -> Result<()>;

    /// The checkpoint of `stream` with the highest sequence number. The default reads them all.
    ///
    /// # Errors
    ///
    /// As [`AuditSink::checkpoints`].
    async fn last_checkpoint(&self, stream: &StreamId) -> Result<Option<Checkpoint>> {
        Ok(self.checkpoints(stream).await?.into_iter().max_by_key(|checkpoint| checkpoint.seq))
    }

    /// Reads the checkpoints of `stream`, in ascending sequence order.
    ///
    /// # Errors
    ///
    /// A storage error, or [`crate::Error::Corrupt`] for a checkpoint that does not parse.
    async fn checkpoints(&self, stream: &StreamId) -> Result<Vec<Checkpoint>>;

    /// Lists every stream that has events or checkpoints, sorted.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn streams(&self) -> Result<Vec<StreamId>>;

    /// The last `n` events of `stream`, oldest first. The default reads the whole stream.
    ///
    /// # Errors
    ///
    /// As [`AuditSink::read_events`].
    async fn tail(&self, stream: &StreamId, n: usize) -> Result<Vec<AuditEvent>> {
        let mut pages = self.read_events(stream);
        let mut last = VecDeque::with_capacity(n.min(4096));
        while let Some(page) = pages.next().await {
            for event in page? {
                if last.len() == n {
                    last.pop_front();
                }
                if n > 0 {
                    last.push_back(event);
                }
            }
        }
        Ok(last.into())
    }
}
