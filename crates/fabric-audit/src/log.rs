//! [`AuditLog`]: the writer, with group commit and periodic checkpoints.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};

use tokio::sync::{mpsc, oneshot};

use crate::AppendRequest;
use crate::chain::Head;
use crate::sink::AuditSink;
use crate::verify::verify_segment;
use crate::{
    AuditEvent, AuditKey, Checkpoint, CheckpointPolicy, Error, NewEvent, Result, StreamId,
};

/// Most events one sink append takes from the queue, by default.
pub const DEFAULT_MAX_BATCH: usize = 4096;
/// Jobs (appends, flushes) that may wait for the writer task; past that, callers wait
/// (backpressure) rather than queueing without bound.
pub(crate) const QUEUE_DEPTH: usize = 1024;

/// Appends events to one stream of an [`AuditSink`].
///
/// Cheap to clone: clones share one writer task. Appends queue up while the sink is busy,
/// and the writer takes everything queued (up to the batch limit) into one sink append,
/// so concurrent callers share a commit and an fsync (group commit). Every append returns
/// only once its event is durable.
///
/// Before it signs a checkpoint, the writer verifies the stream's chain from the last stored
/// checkpoint to the new head; if that fails it signs nothing, counts the refusal
/// ([`AuditLog::refused_checkpoints`]), logs an error, and [`AuditLog::flush`] returns
/// [`Error::Tampered`]. An append whose stored head went back behind what this writer stored
/// is refused the same way. Every checkpoint it stores is also copied to the witness, when
/// one is configured ([`AuditLogBuilder::witness`]).
///
/// ```
/// use std::sync::Arc;
/// use fabric_audit::{AuditEvent, AuditKey, AuditLog, Id, Operation, Status, StreamId};
/// use fabric_audit::sink::sqlite::SqliteSink;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), fabric_audit::Error> {
/// # let dir = tempfile::tempdir()?;
/// let sink = Arc::new(SqliteSink::open(&dir.path().join("audit.db"))?);
/// let log = AuditLog::builder(sink, AuditKey::from_bytes([42; 32]), StreamId::parse("node-1")?)
///     .checkpoint_every(100)
///     .build()?;
/// let stored = log.append(AuditEvent::new(Operation::List, Status::Success)
///     .actor(Id::parse("alice")?)).await?;
/// assert_eq!(stored.seq(), 1);
/// log.close().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AuditLog {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    stream: StreamId,
    sink: Arc<dyn AuditSink>,
    key: Arc<AuditKey>,
    /// The head the writer last stored or was told about, shared so that appends made in
    /// other transactions check it too.
    last: Arc<std::sync::Mutex<Option<Head>>>,
    queue: mpsc::Sender<Job>,
    closed: AtomicBool,
    stats: Arc<Stats>,
}

/// Counters the writer keeps for metrics.
#[derive(Debug, Default)]
struct Stats {
    refused_checkpoints: AtomicU64,
    witness_failures: AtomicU64,
    /// The sequence number of the newest event this writer stored or was told about.
    head_seq: AtomicU64,
    /// The sequence number its newest stored checkpoint covers.
    checkpoint_seq: AtomicU64,
    /// When it stored that checkpoint, in milliseconds since the epoch (0: none yet).
    checkpoint_millis: AtomicI64,
}

/// How far an [`AuditLog`]'s writer is behind: what a truncation of the log could still
/// take without a signed checkpoint noticing (only the witness or the next checkpoint
/// would), and the appends waiting for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct AuditLag {
    /// Events stored (by this writer, or noted) after the newest checkpoint it signed.
    pub unsealed_events: u64,
    /// Milliseconds since it signed that checkpoint; `None` before its first.
    pub checkpoint_age_millis: Option<u64>,
    /// Appends and flushes queued for the writer, not yet taken (callers wait once 1024
    /// are).
    pub queued_jobs: usize,
}

#[derive(Debug)]
enum Job {
    Append { events: Vec<NewEvent>, reply: oneshot::Sender<Result<Vec<AuditEvent>>> },
    Noted { events: Vec<AuditEvent>, reply: oneshot::Sender<()> },
    Flush { close: bool, reply: oneshot::Sender<Result<Option<Checkpoint>>> },
}

impl AuditLog {
    /// A request appending `events` to this log's stream, sealed with its key, for a caller
    /// that appends in a transaction of its own ([`crate::sink::sqlite::append_on`]); tell
    /// the log afterwards with [`AuditLog::note_appended`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidEvent`] for an event over the limits; [`Error::Closed`] after close.
    pub fn append_request(&self, events: Vec<NewEvent>) -> Result<AppendRequest> {
        if self.inner.closed.load(Ordering::SeqCst) {
            return Err(Error::Closed);
        }
        for event in &events {
            event.validate()?;
        }
        let after = self.inner.last.lock().ok().and_then(|last| *last);
        Ok(AppendRequest {
            stream: self.inner.stream.clone(),
            events,
            key: Arc::clone(&self.inner.key),
            after,
        })
    }

    /// Tells the writer about events appended to its stream through
    /// [`AuditLog::append_request`] and now durable, so that its checkpoints cover them as
    /// they would its own appends (the first append, every N events). A checkpoint it then
    /// refuses is counted and logged like any other, not returned.
    pub async fn note_appended(&self, events: Vec<AuditEvent>) {
        if events.is_empty() {
            return;
        }
        let (reply, answer) = oneshot::channel();
        if self.send(Job::Noted { events, reply }).await.is_ok() {
            let _ = answer.await;
        }
    }

    /// How many checkpoints the writer refused to sign because the stream's chain since the
    /// last checkpoint did not verify (or its stored head went back): each one is tampering.
    pub fn refused_checkpoints(&self) -> u64 {
        self.inner.stats.refused_checkpoints.load(Ordering::Relaxed)
    }

    /// How far the writer is behind now (see [`AuditLag`]).
    pub fn lag(&self) -> AuditLag {
        let stats = &self.inner.stats;
        let head = stats.head_seq.load(Ordering::Relaxed);
        let covered = stats.checkpoint_seq.load(Ordering::Relaxed);
        let signed_at = stats.checkpoint_millis.load(Ordering::Relaxed);
        let now = chrono::Utc::now().timestamp_millis();
        AuditLag {
            unsealed_events: head.saturating_sub(covered),
            checkpoint_age_millis: (signed_at > 0)
                .then(|| u64::try_from(now.saturating_sub(signed_at)).unwrap_or(0)),
            queued_jobs: self.inner.queue.max_capacity() - self.inner.queue.capacity(),
        }
    }

    /// How many checkpoints could not be copied to the witness.
    pub fn witness_failures(&self) -> u64 {
        self.inner.stats.witness_failures.load(Ordering::Relaxed)
    }

    /// The stream this log writes.
    pub fn stream(&self) -> &StreamId {
        &self.inner.stream
    }

    /// The sink this log writes to.
    pub fn sink(&self) -> &Arc<dyn AuditSink> {
        &self.inner.sink
    }

    /// Appends one event; returns it as stored once it is durable.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidEvent`] for an event over the limits (nothing is queued);
    /// [`Error::AppendFailed`] when the sink failed; [`Error::Closed`] after
    /// [`AuditLog::close`].
    pub async fn append(&self, event: NewEvent) -> Result<AuditEvent> {
        let mut stored = self.append_many(vec![event]).await?;
        stored.pop().ok_or(Error::Closed)
    }

    /// Appends events in order, contiguously in the stream; returns them once durable.
    ///
    /// # Errors
    ///
    /// As [`AuditLog::append`]; an invalid event refuses the whole call.
    pub async fn append_many(&self, events: Vec<NewEvent>) -> Result<Vec<AuditEvent>> {
        for event in &events {
            event.validate()?;
        }
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let (reply, answer) = oneshot::channel();
        self.send(Job::Append { events, reply }).await?;
        answer.await.map_err(|_| Error::Closed)?
    }

    /// Makes everything appended so far covered by a checkpoint; returns it (`None` while the
    /// stream is empty).
    ///
    /// # Errors
    ///
    /// [`Error::AppendFailed`] when the sink failed; [`Error::Closed`] after
    /// [`AuditLog::close`].
    pub async fn flush(&self) -> Result<Option<Checkpoint>> {
        self.flush_job(false).await
    }

    /// Flushes with a checkpoint that records the close (so verification refuses events after
    /// it that no later checkpoint covers), then refuses further appends through this log and
    /// its clones.
    ///
    /// # Errors
    ///
    /// As [`AuditLog::flush`].
    pub async fn close(&self) -> Result<Option<Checkpoint>> {
        // Refused from now on, before the closing checkpoint is signed, so that no append
        // (nor an append in a record store's transaction) lands after it unsealed; appends
        // already queued are refused by the writer once it has closed.
        if self.inner.closed.swap(true, Ordering::SeqCst) {
            return Err(Error::Closed);
        }
        let (reply, answer) = oneshot::channel();
        self.inner
            .queue
            .send(Job::Flush { close: true, reply })
            .await
            .map_err(|_| Error::Closed)?;
        answer.await.map_err(|_| Error::Closed)?
    }

    async fn flush_job(&self, close: bool) -> Result<Option<Checkpoint>> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Flush { close, reply }).await?;
        answer.await.map_err(|_| Error::Closed)?
    }

    /// Queues `job` for the writer, waiting while [`QUEUE_DEPTH`] jobs are ahead of it.
    async fn send(&self, job: Job) -> Result<()> {
        if self.inner.closed.load(Ordering::SeqCst) {
            return Err(Error::Closed);
        }
        self.inner.queue.send(job).await.map_err(|_| Error::Closed)
    }
}

struct Writer {
    stream: StreamId,
    sink: Arc<dyn AuditSink>,
    key: Arc<AuditKey>,
    policy: CheckpointPolicy,
    max_batch: usize,
    witness: Option<Arc<dyn AuditSink>>,
    /// The head this writer last stored or was told about (`None` before its first append),
    /// shared with the log's clones for appends made in other transactions.
    last: Arc<std::sync::Mutex<Option<Head>>>,
    /// Whether this writer created the stream (its first event was the stream's first).
    created_stream: bool,
    /// Whether it has signed its closing checkpoint: it appends nothing after that.
    closed: bool,
    stats: Arc<Stats>,
}

impl Writer {
    async fn run(mut self, mut jobs: mpsc::Receiver<Job>) {
        while let Some(first) = jobs.recv().await {
            let mut batch = vec![first];
            let mut n_events = batch.iter().map(Job::len).sum::<usize>();
            while n_events < self.max_batch {
                match jobs.try_recv() {
                    Ok(job) => {
                        n_events += job.len();
                        batch.push(job);
                    }
                    Err(_) => break,
                }
            }
            self.commit(batch, n_events).await;
        }
    }

    async fn commit(&mut self, batch: Vec<Job>, n_events: usize) {
        let mut events = Vec::with_capacity(n_events);
        let (mut force, mut close) = (false, false);
        let mut replies = Vec::with_capacity(batch.len());
        let mut noted = Vec::new();
        let mut noted_replies = Vec::new();
        for job in batch {
            match job {
                // After the close, nothing more is appended or checkpointed.
                Job::Append { reply, .. } if self.closed => drop(reply.send(Err(Error::Closed))),
                Job::Flush { reply, .. } if self.closed => drop(reply.send(Err(Error::Closed))),
                Job::Noted { events: appended, reply } => {
                    noted.extend(appended);
                    noted_replies.push(reply);
                }
                Job::Append { events: job_events, reply } => {
                    replies.push(Reply::Append { count: job_events.len(), reply });
                    events.extend(job_events);
                }
                Job::Flush { close: closing, reply } => {
                    force = true;
                    close |= closing;
                    replies.push(Reply::Flush { reply });
                }
            }
        }
        if !noted.is_empty() {
            self.checkpoint_noted(noted).await;
        }
        for reply in noted_replies {
            let _ = reply.send(());
        }
        if events.is_empty() && replies.is_empty() {
            return;
        }
        let stored = if events.is_empty() {
            Ok(Vec::new())
        } else {
            let request = AppendRequest {
                stream: self.stream.clone(),
                events,
                key: Arc::clone(&self.key),
                after: self.last(),
            };
            crate::append(self.sink.as_ref(), request, self.last())
                .await
                .map(|appended| appended.events)
        };
        let stored = match stored {
            Ok(stored) => stored,
            Err(error) => {
                if matches!(error, Error::Tampered { .. }) {
                    self.stats.refused_checkpoints.fetch_add(1, Ordering::Relaxed);
                }
                tracing::error!(error = %error, "audit append failed");
                fail_all(replies, error);
                return;
            }
        };
        // A writer's first append is checkpointed: a stream that was closed is then visibly
        // open again, and no stream keeps events without a checkpoint for long.
        let first = self.remember(&stored);
        let checkpointed = self.checkpoint(&stored, force || first, close).await;
        self.closed |= close && checkpointed.is_ok();
        let mut stored = stored.into_iter();
        for reply in replies {
            match reply {
                Reply::Append { count, reply } => {
                    let _ = reply.send(Ok(stored.by_ref().take(count).collect()));
                }
                Reply::Flush { reply } => {
                    let answer = match &checkpointed {
                        Ok(checkpoint) => Ok(checkpoint.clone()),
                        Err(error) => Err(Error::AppendFailed { source: Arc::clone(error) }),
                    };
                    let _ = reply.send(answer);
                }
            }
        }
    }

    /// The head this writer last stored or was told about.
    fn last(&self) -> Option<Head> {
        self.last.lock().ok().and_then(|last| *last)
    }

    /// Takes `stored` (in order, just stored or noted) as this writer's: remembers its head,
    /// and whether it created the stream; returns whether it was the writer's first.
    fn remember(&mut self, stored: &[AuditEvent]) -> bool {
        let Some(last) = stored.last() else { return false };
        let first = self.last().is_none();
        if first && stored.first().is_some_and(|event| event.seq == 1) {
            self.created_stream = true;
        }
        if let Ok(mut shared) = self.last.lock() {
            *shared = Some(Head { seq: last.seq, hash: last.hash });
        }
        self.stats.head_seq.fetch_max(last.seq, Ordering::Relaxed);
        first
    }

    /// Runs the checkpoint policy over events appended in other transactions, in order.
    async fn checkpoint_noted(&mut self, mut noted: Vec<AuditEvent>) {
        noted.sort_by_key(|event| event.seq);
        // Only what lies beyond what this writer already covered. Other writers may have
        // appended in between: the policy runs over what was noted.
        if let Some(last) = self.last() {
            noted.retain(|event| event.seq > last.seq);
        }
        if noted.is_empty() {
            return;
        }
        let first = self.remember(&noted);
        if let Err(error) = self.checkpoint(&noted, first, false).await {
            tracing::error!(stream = %self.stream, error = %error, "audit checkpoint failed");
        }
    }

    /// Signs, verifies and stores the checkpoints due after `stored`; returns the last one.
    async fn checkpoint(
        &mut self,
        stored: &[AuditEvent],
        force: bool,
        close: bool,
    ) -> std::result::Result<Option<Checkpoint>, Arc<Error>> {
        let before = match stored.first() {
            Some(first) => Head { seq: first.seq - 1, hash: first.prev_hash },
            None => match self.last() {
                Some(last) => last,
                None => self.stored_head().await.map_err(Arc::new)?,
            },
        };
        let heads = self.policy.heads_for(before, stored, force);
        let Some(final_head) = heads.last().copied() else { return Ok(None) };
        let signed: Vec<Checkpoint> = heads
            .iter()
            .map(|head| {
                let closing = close && head.seq == final_head.seq;
                Checkpoint::sign(&self.key, &self.stream, *head, closing)
            })
            .collect();
        if let Err(error) = self.verify_before_signing(&signed).await {
            // Only tampering is a refusal; a storage error is just an error.
            if matches!(error, Error::Tampered { .. }) {
                self.stats.refused_checkpoints.fetch_add(1, Ordering::Relaxed);
                tracing::error!(stream = %self.stream, error = %error, "refused to sign an audit checkpoint");
            }
            return Err(Arc::new(error));
        }
        self.sink.put_checkpoints(&signed).await.map_err(Arc::new)?;
        self.stats.checkpoint_seq.fetch_max(final_head.seq, Ordering::Relaxed);
        self.stats
            .checkpoint_millis
            .store(chrono::Utc::now().timestamp_millis(), Ordering::Relaxed);
        if let Some(witness) = &self.witness
            && let Err(error) = witness.put_checkpoints(&signed).await
        {
            self.stats.witness_failures.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error = %error, "could not copy an audit checkpoint to the witness");
            if force {
                return Err(Arc::new(error));
            }
        }
        Ok(signed.last().cloned())
    }

    /// Verifies the stored chain from the last stored checkpoint through the heads about to be
    /// signed.
    async fn verify_before_signing(&self, signed: &[Checkpoint]) -> Result<()> {
        let tampered = |tamper| Error::Tampered { stream: self.stream.clone(), tamper };
        let last = self.sink.last_checkpoint(&self.stream).await?;
        if last.is_none() && !self.created_stream {
            // Every writer checkpoints its first append, so the stream's checkpoints were
            // deleted: signing now would vouch for whatever is left.
            let events = signed.last().map_or(0, |checkpoint| checkpoint.seq);
            return Err(tampered(crate::Tamper::NoCheckpoint { events }));
        }
        let from = last.as_ref();
        let floor = from.map_or(0, |from| from.seq);
        // Heads at or below the last stored checkpoint are covered by it (or, at its seq, must
        // be the same head); the walk checks the rest.
        let mut pending = Vec::with_capacity(signed.len());
        for checkpoint in signed {
            if checkpoint.seq > floor {
                pending.push(checkpoint.clone());
            } else if let Some(from) = from
                && checkpoint.seq == from.seq
                && checkpoint.head_hash != from.head_hash
            {
                return Err(tampered(crate::Tamper::Rewritten { checkpoint_seq: from.seq }));
            }
        }
        // The head this writer remembers must still be on the chain it signs: checked by the
        // walk when it lies beyond the last checkpoint, read back here when it does not.
        let own_head = self.last();
        if let Some(last) = own_head.filter(|head| head.seq <= floor)
            && crate::verify::hash_at(self.sink.as_ref(), &self.key, &self.stream, last.seq).await?
                != Some(last.hash)
        {
            return Err(tampered(crate::Tamper::Removed { seq: last.seq }));
        }
        let remembered = own_head.filter(|head| head.seq > floor);
        verify_segment(self.sink.as_ref(), &self.key, &self.stream, from, &pending, remembered)
            .await
            .map(drop)
    }

    /// The stream's stored head, for a flush before this writer appended anything.
    async fn stored_head(&self) -> Result<Head> {
        let last = self.sink.tail(&self.stream, 1).await?;
        Ok(last.last().map_or(Head::EMPTY, |event| Head { seq: event.seq, hash: event.hash }))
    }
}

fn fail_all(replies: Vec<Reply>, error: Error) {
    let source = Arc::new(error);
    for reply in replies {
        let error = Error::AppendFailed { source: Arc::clone(&source) };
        // A caller that went away no longer wants its answer.
        match reply {
            Reply::Append { reply, .. } => drop(reply.send(Err(error))),
            Reply::Flush { reply } => drop(reply.send(Err(error))),
        }
    }
}

enum Reply {
    Append { count: usize, reply: oneshot::Sender<Result<Vec<AuditEvent>>> },
    Flush { reply: oneshot::Sender<Result<Option<Checkpoint>>> },
}

impl Job {
    fn len(&self) -> usize {
        match self {
            Job::Append { events, .. } => events.len(),
            Job::Flush { .. } | Job::Noted { .. } => 0,
        }
    }
}

mod builder;

pub use builder::AuditLogBuilder;

#[cfg(test)]
mod tests;
