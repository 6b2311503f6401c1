//! [`AuditLog`]: the writer, with group commit and periodic checkpoints.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{mpsc, oneshot};

use crate::checkpoint::DEFAULT_CHECKPOINT_EVERY;
use crate::sink::{AppendRequest, AuditSink};
use crate::{
    AuditEvent, AuditKey, Checkpoint, CheckpointPolicy, Error, NewEvent, Result, StreamId,
};

/// Most events one sink append takes from the queue, by default.
pub const DEFAULT_MAX_BATCH: usize = 4096;

/// Appends events to one stream of an [`AuditSink`].
///
/// Cheap to clone: clones share one writer task. Appends queue up while the sink is busy,
/// and the writer takes everything queued (up to the batch limit) into one sink append,
/// so concurrent callers share a commit and an fsync (group commit). Every append returns
/// only once its event is durable.
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
    queue: mpsc::UnboundedSender<Job>,
    closed: AtomicBool,
}

#[derive(Debug)]
enum Job {
    Append { events: Vec<NewEvent>, reply: oneshot::Sender<Result<Vec<AuditEvent>>> },
    Flush { reply: oneshot::Sender<Result<Option<Checkpoint>>> },
}

/// Configures an [`AuditLog`]; made by [`AuditLog::builder`].
#[derive(Debug)]
pub struct AuditLogBuilder {
    sink: Arc<dyn AuditSink>,
    key: AuditKey,
    stream: StreamId,
    checkpoint_every: u64,
    max_batch: usize,
}

impl AuditLogBuilder {
    /// Writes a checkpoint each time the stream's head crosses a multiple of `every` events
    /// (default 1000), besides on [`AuditLog::flush`] and [`AuditLog::close`].
    #[must_use]
    pub fn checkpoint_every(mut self, every: u64) -> Self {
        self.checkpoint_every = every;
        self
    }

    /// The most events one sink append takes from the queue (default 4096).
    #[must_use]
    pub fn max_batch(mut self, max_batch: usize) -> Self {
        self.max_batch = max_batch;
        self
    }

    /// Starts the writer task on the current Tokio runtime.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] for a zero interval or batch size; [`Error::Runtime`] outside
    /// a Tokio runtime.
    pub fn build(self) -> Result<AuditLog> {
        if self.max_batch == 0 {
            return Err(Error::InvalidConfig { reason: "the batch size must be at least 1" });
        }
        let policy = CheckpointPolicy::new(Arc::new(self.key), self.checkpoint_every)?;
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|error| Error::Runtime { source: Box::new(error) })?;
        let (queue, jobs) = mpsc::unbounded_channel();
        let writer = Writer {
            stream: self.stream.clone(),
            sink: Arc::clone(&self.sink),
            policy,
            max_batch: self.max_batch,
        };
        runtime.spawn(writer.run(jobs));
        Ok(AuditLog {
            inner: Arc::new(Inner {
                stream: self.stream,
                sink: self.sink,
                queue,
                closed: AtomicBool::new(false),
            }),
        })
    }
}

impl AuditLog {
    /// Configures a log writing to `stream` of `sink`, signing checkpoints with `key`.
    pub fn builder(sink: Arc<dyn AuditSink>, key: AuditKey, stream: StreamId) -> AuditLogBuilder {
        AuditLogBuilder {
            sink,
            key,
            stream,
            checkpoint_every: DEFAULT_CHECKPOINT_EVERY,
            max_batch: DEFAULT_MAX_BATCH,
        }
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
        self.send(Job::Append { events, reply })?;
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
        let (reply, answer) = oneshot::channel();
        self.send(Job::Flush { reply })?;
        answer.await.map_err(|_| Error::Closed)?
    }

    /// Flushes, then refuses further appends through this log and its clones.
    ///
    /// # Errors
    ///
    /// As [`AuditLog::flush`].
    pub async fn close(&self) -> Result<Option<Checkpoint>> {
        let checkpoint = self.flush().await;
        self.inner.closed.store(true, Ordering::SeqCst);
        checkpoint
    }

    fn send(&self, job: Job) -> Result<()> {
        if self.inner.closed.load(Ordering::SeqCst) {
            return Err(Error::Closed);
        }
        self.inner.queue.send(job).map_err(|_| Error::Closed)
    }
}

struct Writer {
    stream: StreamId,
    sink: Arc<dyn AuditSink>,
    policy: CheckpointPolicy,
    max_batch: usize,
}

impl Writer {
    async fn run(self, mut jobs: mpsc::UnboundedReceiver<Job>) {
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

    async fn commit(&self, batch: Vec<Job>, n_events: usize) {
        let mut events = Vec::with_capacity(n_events);
        let mut force = false;
        let mut replies = Vec::with_capacity(batch.len());
        for job in batch {
            match job {
                Job::Append { events: job_events, reply } => {
                    replies.push(Reply::Append { count: job_events.len(), reply });
                    events.extend(job_events);
                }
                Job::Flush { reply } => {
                    force = true;
                    replies.push(Reply::Flush { reply });
                }
            }
        }
        let policy = if force { self.policy.clone().forced() } else { self.policy.clone() };
        let request =
            AppendRequest { stream: self.stream.clone(), events, checkpoint: Some(policy) };
        match self.sink.append(request).await {
            Ok(appended) => {
                let mut stored = appended.events.into_iter();
                for reply in replies {
                    match reply {
                        Reply::Append { count, reply } => {
                            let _ = reply.send(Ok(stored.by_ref().take(count).collect()));
                        }
                        Reply::Flush { reply } => {
                            let _ = reply.send(Ok(appended.checkpoints.last().cloned()));
                        }
                    }
                }
            }
            Err(error) => {
                tracing::error!(error = %error, "audit append failed");
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
            Job::Flush { .. } => 0,
        }
    }
}
