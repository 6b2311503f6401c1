//! [`AuditLogBuilder`]: how an [`AuditLog`] is configured and its writer started.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use tokio::sync::mpsc;

use super::{AuditLog, DEFAULT_MAX_BATCH, Inner, QUEUE_DEPTH, Stats, Writer};
use crate::checkpoint::DEFAULT_CHECKPOINT_EVERY;
use crate::sink::AuditSink;
use crate::{AuditKey, CheckpointPolicy, Error, Result, StreamId};

impl AuditLog {
    /// Configures a log writing to `stream` of `sink`, signing checkpoints with `key`.
    pub fn builder(sink: Arc<dyn AuditSink>, key: AuditKey, stream: StreamId) -> AuditLogBuilder {
        AuditLogBuilder {
            sink,
            key,
            stream,
            checkpoint_every: DEFAULT_CHECKPOINT_EVERY,
            max_batch: DEFAULT_MAX_BATCH,
            witness: None,
        }
    }
}

/// Configures an [`AuditLog`]; made by [`AuditLog::builder`].
#[derive(Debug)]
pub struct AuditLogBuilder {
    sink: Arc<dyn AuditSink>,
    key: AuditKey,
    stream: StreamId,
    checkpoint_every: u64,
    max_batch: usize,
    witness: Option<Arc<dyn AuditSink>>,
}

impl AuditLogBuilder {
    /// Copies every checkpoint the log stores to `witness` too (another directory, an
    /// Object-Locked S3 prefix), so that truncating the log back to an older checkpoint, or
    /// deleting it whole, is detected by verifying against the witness's checkpoints.
    #[must_use]
    pub fn witness(mut self, witness: Arc<dyn AuditSink>) -> Self {
        self.witness = Some(witness);
        self
    }

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
        let policy = CheckpointPolicy::new(self.checkpoint_every)?;
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|error| Error::Runtime { source: Box::new(error) })?;
        let (queue, jobs) = mpsc::channel(QUEUE_DEPTH);
        let stats = Arc::new(Stats::default());
        let key = Arc::new(self.key);
        let shared_last = Arc::new(std::sync::Mutex::new(None));
        let writer = Writer {
            stream: self.stream.clone(),
            sink: Arc::clone(&self.sink),
            key: Arc::clone(&key),
            policy,
            max_batch: self.max_batch,
            witness: self.witness,
            last: Arc::clone(&shared_last),
            created_stream: false,
            closed: false,
            stats: Arc::clone(&stats),
        };
        runtime.spawn(writer.run(jobs));
        Ok(AuditLog {
            inner: Arc::new(Inner {
                stream: self.stream,
                sink: self.sink,
                key,
                last: shared_last,
                queue,
                closed: AtomicBool::new(false),
                stats,
            }),
        })
    }
}
