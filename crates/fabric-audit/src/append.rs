//! Chaining new events onto a stream: sealing them after the stored head, the checks that
//! refuse a head that went back, the first checkpoint of a stream, and retrying when another
//! writer moved the head. Sinks only store ([`AuditSink::append_sealed`]); this is the one
//! place that decides what they store.

use std::sync::Arc;

use crate::chain::Head;
use crate::sink::{AuditSink, SealedBatch, Stored};
use crate::{AuditEvent, AuditKey, Checkpoint, Error, EventHash, NewEvent, Result, StreamId};
use crate::{Tamper, seal};

/// How long an append keeps re-reading the head after losing races before giving up: a
/// writer that loses to a busy one may need many attempts, so the limit is time, not count.
const CONTENTION_BUDGET: std::time::Duration = std::time::Duration::from_secs(30);

/// A batch of new events for one stream, with the key that seals them.
#[derive(Debug)]
pub struct AppendRequest {
    /// The stream to append to.
    pub stream: StreamId,
    /// The events, in order.
    pub events: Vec<NewEvent>,
    /// The key whose chain key hashes the events.
    pub key: Arc<AuditKey>,
    /// The head this writer last stored in the stream, if any: a stored head behind it (or
    /// another event at its place) means events were removed, and the append is refused.
    pub after: Option<Head>,
}

/// What an append stored.
#[derive(Debug, Clone)]
pub struct Appended {
    /// The events as stored: sequence numbers, times and hashes filled in.
    pub events: Vec<AuditEvent>,
}

impl AppendRequest {
    /// The sequence number whose stored hash [`AppendRequest::seal_after`] needs when the
    /// stored head is `stored`: this writer's own last event, when the head has moved past it
    /// (it must still be in place, or events were removed and the head moved on past them).
    pub fn own_event_to_check(&self, stored: Head) -> Option<u64> {
        self.after.filter(|after| stored.seq > after.seq).map(|after| after.seq)
    }

    /// Seals the events after the stored head `stored`, once the head passes the checks: it
    /// is not behind this writer's own last event nor another event at its place, and `own`
    /// (the stored hash at [`AppendRequest::own_event_to_check`], when there is one) is this
    /// writer's. The batch carries the stream's first checkpoint when these are its first
    /// events.
    ///
    /// # Errors
    ///
    /// [`Error::Tampered`] with [`Tamper::Removed`] when a check fails;
    /// [`Error::InvalidEvent`] for an event over the limits.
    pub fn seal_after(self, stored: Head, own: Option<EventHash>) -> Result<SealedBatch> {
        self.check_head(stored, own)?;
        let events = seal(&self.key, &self.stream, stored, self.events)?;
        let genesis = genesis_checkpoint(&self.key, &events);
        Ok(SealedBatch { stream: self.stream, after: stored, events, genesis })
    }

    fn check_head(&self, stored: Head, own: Option<EventHash>) -> Result<()> {
        let Some(after) = self.after else { return Ok(()) };
        let removed_from = if stored.seq < after.seq {
            Some(stored.seq.saturating_add(1))
        } else if (stored.seq == after.seq && stored.hash != after.hash)
            || (stored.seq > after.seq && own != Some(after.hash))
        {
            // Another event at this writer's last place, or (past it) not its own.
            Some(after.seq)
        } else {
            None
        };
        match removed_from {
            Some(seq) => Err(Error::Tampered {
                stream: self.stream.clone(),
                tamper: Tamper::Removed { seq },
            }),
            None => Ok(()),
        }
    }
}

/// The checkpoint of the head of `events` when they are a stream's first: sinks store it
/// with them (SQLite in the same transaction), so that no crash leaves a stream with events
/// and no checkpoint.
fn genesis_checkpoint(key: &AuditKey, events: &[AuditEvent]) -> Option<Checkpoint> {
    let first = events.first()?;
    let last = events.last()?;
    (first.seq == 1).then(|| {
        Checkpoint::sign(key, &last.stream, Head { seq: last.seq, hash: last.hash }, false)
    })
}

/// Appends `request` to `sink`: reads the stored head (or starts from `known`, the head the
/// caller last saw stored), seals the events after it, and stores them if the head is still
/// there. When another writer moved the head first, it checks the new head and seals again
/// after it, until the events are stored or 30 s of lost races have passed.
///
/// # Errors
///
/// [`Error::Tampered`] when the stored head went back; [`Error::InvalidEvent`] for an event
/// over the limits; [`Error::Contended`] when other writers kept winning; a storage error
/// otherwise (after which a sink without transactions may hold a prefix of the batch, which
/// is still a valid chain, and then gets its first checkpoint).
pub async fn append(
    sink: &dyn AuditSink,
    request: AppendRequest,
    known: Option<Head>,
) -> Result<Appended> {
    let AppendRequest { stream, mut events, key, mut after } = request;
    let mut head = match known {
        Some(head) => head,
        None => sink.head(&stream).await?,
    };
    let mut stored: Vec<AuditEvent> = Vec::with_capacity(events.len());
    let mut attempts = 0_u32;
    let started = tokio::time::Instant::now();
    while !events.is_empty() {
        attempts += 1;
        let request = AppendRequest {
            stream: stream.clone(),
            events: std::mem::take(&mut events),
            key: Arc::clone(&key),
            after,
        };
        let own = match request.own_event_to_check(head) {
            Some(seq) => sink.hash_at(&stream, seq).await?,
            None => None,
        };
        let batch = Arc::new(request.seal_after(head, own)?);
        let outcome = sink.append_sealed(Arc::clone(&batch)).await;
        // The sink is done with the batch: take its events back without copying them.
        let batch = Arc::try_unwrap(batch).unwrap_or_else(|shared| (*shared).clone());
        match outcome {
            Ok(Stored::All) => stored.extend(batch.events),
            Ok(Stored::Moved { count, head: now }) => {
                let mut prefix = batch.events;
                let rest = prefix.split_off(count.min(prefix.len()));
                // What was not stored is sealed again after the head found.
                events = rest.into_iter().map(NewEvent::unsealed).collect();
                if let Some(last) = prefix.last() {
                    after = Some(Head { seq: last.seq, hash: last.hash });
                    store_genesis(sink, &key, &prefix).await;
                    stored.extend(prefix);
                }
                if started.elapsed() > CONTENTION_BUDGET {
                    return Err(Error::Contended { stream, attempts });
                }
                head = now;
                backoff(attempts).await;
            }
            Err(error) => {
                if batch.genesis.is_some() {
                    store_stored_prefix_genesis(sink, &key, &batch.events).await;
                }
                return Err(error);
            }
        }
    }
    Ok(Appended { events: stored })
}

/// Stores the first checkpoint of a stream whose first events `stored` are (a prefix of a
/// batch that then lost a race). The events are stored already: a failure here is logged,
/// and the writer's own first checkpoint covers them.
async fn store_genesis(sink: &dyn AuditSink, key: &AuditKey, stored: &[AuditEvent]) {
    if let Some(genesis) = genesis_checkpoint(key, stored)
        && let Err(error) = sink.put_checkpoints(&[genesis]).await
    {
        tracing::error!(error = %error, "cannot store a stream's first checkpoint");
    }
}

/// After a failed first append: whatever prefix of `sealed` a sink without transactions kept
/// gets its checkpoint, so that no stream is left with events and no checkpoint.
async fn store_stored_prefix_genesis(sink: &dyn AuditSink, key: &AuditKey, sealed: &[AuditEvent]) {
    let Some(stream) = sealed.first().map(|event| event.stream.clone()) else { return };
    let Ok(head) = sink.head(&stream).await else { return };
    let Some(count) =
        sealed.iter().position(|event| event.seq == head.seq && event.hash == head.hash)
    else {
        return;
    };
    if sink.last_checkpoint(&stream).await.is_ok_and(|checkpoint| checkpoint.is_none()) {
        store_genesis(sink, key, sealed.get(..=count).unwrap_or_default()).await;
    }
}

/// Waits a little longer after each lost race, with jitter so racing writers fall out of step.
async fn backoff(attempt: u32) {
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| u64::from(since.subsec_nanos()) % 1000);
    let micros = u64::from(attempt.min(20)) * 500 + jitter;
    tokio::time::sleep(std::time::Duration::from_micros(micros)).await;
}
