//! [`BackendSink`]: events and checkpoints as objects of any `fabric_store::Backend`.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use fabric_store::{Backend, ObjectKey, PutMode};
use futures::StreamExt as _;

use crate::chain::Head;
use crate::sink::{AuditSink, EncodedPage, EncodedPages, EventPages, SealedBatch, Stored};
use crate::{AuditEvent, Checkpoint, Error, EventHash, Result, StreamId};

/// Objects read concurrently while streaming events.
const READ_AHEAD: usize = 32;
/// Events one page holds.
const PAGE_EVENTS: usize = 1024;

/// An [`AuditSink`] over a [`Backend`]: each event is the JSON object
/// `<prefix>/<stream>/events/<seq as 20 zero-padded digits>`, each checkpoint
/// `<prefix>/<stream>/checkpoints/<seq>` (`<seq>-closed` for one that closed the stream); the
/// prefix is `audit` unless set.
///
/// An append first checks that the event at the batch's `after` is stored with its hash, then
/// writes the events in order with [`PutMode::Create`], so of two writers that sealed after
/// the same head only one can take a sequence number; the loser is told where the head is
/// now ([`Stored::Moved`]) and [`crate::append()`] seals again after it. On S3 every
/// stateless writer should use its own stream, so races stay rare; verification checks every
/// stream. A batch is not atomic here: a failed append may leave a prefix of it, which is
/// still a valid chain. When the backend has a retention ([`Backend::retaining`], S3 Object Lock),
/// checkpoints are stored with [`fabric_store::Retaining::put_retained`], so they cannot be
/// deleted or replaced before their retain-until date.
#[derive(Debug)]
pub struct BackendSink {
    backend: Arc<dyn Backend>,
    prefix: String,
}

impl BackendSink {
    /// A sink under the prefix `audit` of `backend`.
    pub fn new(backend: Arc<dyn Backend>) -> Self {
        BackendSink { backend, prefix: "audit".to_owned() }
    }

    /// A sink under another prefix (for example an Object-Locked one).
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the prefix is not a valid object key.
    pub fn with_prefix(backend: Arc<dyn Backend>, prefix: &str) -> Result<Self> {
        let prefix = ObjectKey::parse(prefix)?.as_str().to_owned();
        Ok(BackendSink { backend, prefix })
    }

    fn folder(&self, stream: &StreamId, kind: &str) -> Result<ObjectKey> {
        Ok(ObjectKey::parse(&format!("{}/{stream}/{kind}", self.prefix))?)
    }

    async fn load_head(&self, stream: &StreamId) -> Result<Head> {
        let folder = self.folder(stream, "events")?;
        let mut listing = self.backend.list(&folder);
        let mut last = None;
        while let Some(meta) = listing.next().await {
            last = Some(meta?.key);
        }
        let Some(key) = last else { return Ok(Head::EMPTY) };
        let event = self.get_event(&key).await?;
        Ok(Head { seq: event.seq, hash: event.hash })
    }

    async fn get_event(&self, key: &ObjectKey) -> Result<AuditEvent> {
        let stored = self.backend.get(key).await?;
        serde_json::from_slice(&stored.body)
            .map_err(|error| Error::corrupt(key.to_string(), seq_of(key), error))
    }
}

impl BackendSink {
    /// The events of `stream` whose object name is a sequence number above `after` (and any
    /// object whose name is not a number, so that verification reports it).
    fn read_events_after(&self, stream: &StreamId, after: u64) -> EventPages {
        let folder = match self.folder(stream, "events") {
            Ok(folder) => folder,
            Err(error) => return Box::pin(futures::stream::once(async move { Err(error) })),
        };
        let backend = Arc::clone(&self.backend);
        let listed = self.backend.list(&folder).filter(move |meta| {
            let keep = match meta {
                // From the start, every object, so that verification sees (and names) one
                // named with sequence number 0.
                Ok(meta) => after == 0 || seq_of(&meta.key).is_none_or(|seq| seq > after),
                Err(_) => true,
            };
            std::future::ready(keep)
        });
        let events = listed.map(move |meta| {
            let backend = Arc::clone(&backend);
            async move {
                let key = meta?.key;
                let stored = backend.get(&key).await?;
                serde_json::from_slice::<AuditEvent>(&stored.body)
                    .map_err(|error| Error::corrupt(key.to_string(), seq_of(&key), error))
            }
        });
        Box::pin(
            events
                .buffered(READ_AHEAD)
                .chunks(PAGE_EVENTS)
                .map(|page| page.into_iter().collect::<Result<Vec<AuditEvent>>>()),
        )
    }
}

fn seq_name(seq: u64) -> String {
    format!("{seq:020}")
}

fn seq_of(key: &ObjectKey) -> Option<u64> {
    key.name().parse().ok()
}

fn to_json(value: &impl serde::Serialize) -> Result<Bytes> {
    serde_json::to_vec(value).map(Bytes::from).map_err(|error| Error::Io { source: error.into() })
}

#[async_trait]
impl AuditSink for BackendSink {
    async fn head(&self, stream: &StreamId) -> Result<Head> {
        self.load_head(stream).await
    }

    async fn append_sealed(&self, batch: Arc<SealedBatch>) -> Result<Stored> {
        let folder = self.folder(&batch.stream, "events")?;
        // The head the batch was sealed after must be stored as it was sealed: without this
        // check, events removed from the end would be written over.
        if batch.after.seq > 0
            && self.hash_at(&batch.stream, batch.after.seq).await? != Some(batch.after.hash)
        {
            let head = self.load_head(&batch.stream).await?;
            return Ok(Stored::Moved { count: 0, head });
        }
        for (count, event) in batch.events.iter().enumerate() {
            let object = folder.child(&seq_name(event.seq))?;
            match self.backend.put(&object, to_json(event)?, PutMode::Create).await {
                Ok(_) => {}
                Err(fabric_store::Error::AlreadyExists { .. }) => {
                    // Another writer took this sequence number first.
                    let head = self.load_head(&batch.stream).await?;
                    return Ok(Stored::Moved { count, head });
                }
                Err(error) => return Err(error.into()),
            }
        }
        if let Some(genesis) = &batch.genesis
            && let Err(error) = self.put_checkpoints(std::slice::from_ref(genesis)).await
        {
            // The events are stored already: the writer's own first checkpoint covers them.
            tracing::error!(error = %error, "cannot store a stream's first checkpoint");
        }
        Ok(Stored::All)
    }

    async fn hash_at(&self, stream: &StreamId, seq: u64) -> Result<Option<EventHash>> {
        let key = self.folder(stream, "events")?.child(&seq_name(seq))?;
        match self.get_event(&key).await {
            Ok(event) => Ok(Some(event.hash)),
            Err(Error::Store { source: fabric_store::Error::NotFound { .. } }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    async fn put_checkpoints(&self, checkpoints: &[Checkpoint]) -> Result<()> {
        for checkpoint in checkpoints {
            // A closing checkpoint has a name of its own, so that it is kept beside an earlier
            // one of the same head (which create-only writes would keep instead).
            let mut name = seq_name(checkpoint.seq);
            if checkpoint.closed {
                name.push_str("-closed");
            }
            let key = self.folder(&checkpoint.stream, "checkpoints")?.child(&name)?;
            let body = to_json(checkpoint)?;
            // On a backend with retention (S3 Object Lock), checkpoints are write-once.
            let stored = match self.backend.retaining() {
                Some(retaining) => retaining.put_retained(&key, body, PutMode::Create).await,
                None => self.backend.put(&key, body, PutMode::Create).await,
            };
            match stored {
                Ok(_) | Err(fabric_store::Error::AlreadyExists { .. }) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }

    fn read_events(&self, stream: &StreamId) -> EventPages {
        self.read_events_after(stream, 0)
    }

    fn read_encoded_after(&self, stream: &StreamId, after: u64) -> EncodedPages {
        Box::pin(
            self.read_events_after(stream, after)
                .map(|page| page.map(|events| EncodedPage::from_events(&events))),
        )
    }

    async fn checkpoints(&self, stream: &StreamId) -> Result<Vec<Checkpoint>> {
        let folder = self.folder(stream, "checkpoints")?;
        let mut listing = self.backend.list(&folder);
        let mut checkpoints = Vec::new();
        while let Some(meta) = listing.next().await {
            let key = meta?.key;
            let stored = self.backend.get(&key).await?;
            let checkpoint: Checkpoint = serde_json::from_slice(&stored.body)
                .map_err(|error| Error::corrupt(key.to_string(), seq_of(&key), error))?;
            checkpoints.push(checkpoint);
        }
        checkpoints.sort_by_key(|checkpoint| checkpoint.seq);
        Ok(checkpoints)
    }

    async fn streams(&self) -> Result<Vec<StreamId>> {
        let prefix = ObjectKey::parse(&self.prefix)?;
        let mut listing = self.backend.list(&prefix);
        let mut streams = BTreeSet::new();
        let skip = self.prefix.len() + 1;
        while let Some(meta) = listing.next().await {
            let key = meta?.key;
            let rest = key.as_str().get(skip..).unwrap_or_default();
            let name = rest.split('/').next().unwrap_or_default();
            let stream = StreamId::parse(name)
                .map_err(|error| Error::corrupt(key.to_string(), None, error))?;
            streams.insert(stream);
        }
        Ok(streams.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use async_trait::async_trait;
    use bytes::Bytes;
    use fabric_store::{Backend, ObjectKey, ObjectMeta, ObjectStoreBackend, PutMode, Stored};
    use futures::stream::BoxStream;

    use super::*;
    use crate::{AuditEvent, AuditKey, Operation, Status, StreamId};

    /// A backend whose puts of events fail after the first `events_ok` of them.
    #[derive(Debug)]
    struct FailingAfter {
        inner: ObjectStoreBackend,
        events_ok: usize,
        events_put: AtomicUsize,
    }

    impl std::fmt::Display for FailingAfter {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("failing")
        }
    }

    #[async_trait]
    impl Backend for FailingAfter {
        async fn put(
            &self,
            key: &ObjectKey,
            body: Bytes,
            mode: PutMode,
        ) -> fabric_store::Result<fabric_store::Version> {
            let is_event = key.as_str().contains("/events/");
            if is_event && self.events_put.fetch_add(1, Ordering::SeqCst) >= self.events_ok {
                return Err(fabric_store::Error::Backend {
                    backend: "failing",
                    source: "the disk is full".into(),
                });
            }
            self.inner.put(key, body, mode).await
        }

        async fn get(&self, key: &ObjectKey) -> fabric_store::Result<Stored> {
            self.inner.get(key).await
        }

        async fn delete(&self, key: &ObjectKey) -> fabric_store::Result<()> {
            self.inner.delete(key).await
        }

        fn list(&self, prefix: &ObjectKey) -> BoxStream<'static, fabric_store::Result<ObjectMeta>> {
            self.inner.list(prefix)
        }
    }

    #[tokio::test]
    async fn a_first_batch_that_fails_part_way_still_gets_its_checkpoint() {
        let backend = Arc::new(FailingAfter {
            inner: ObjectStoreBackend::memory(),
            events_ok: 2,
            events_put: AtomicUsize::new(0),
        });
        let sink = BackendSink::new(backend);
        let stream = StreamId::parse("s").unwrap();
        let key = Arc::new(AuditKey::from_bytes([5; 32]));
        let events = (0..4).map(|_| AuditEvent::new(Operation::Store, Status::Success)).collect();
        let request = crate::AppendRequest {
            stream: stream.clone(),
            events,
            key: Arc::clone(&key),
            after: None,
        };
        assert!(crate::append(&sink, request, None).await.is_err());
        let checkpoint = sink.last_checkpoint(&stream).await.unwrap().expect("a first checkpoint");
        assert_eq!(checkpoint.seq, 2);
        let report = crate::verify(&sink, &key).await.unwrap();
        assert_eq!(report.events, 2);
    }
}
