//! [`FabricMetrics`]: what a fabric did, counted as it happens: operations by outcome (as
//! audited), integrity failures, personal data found by type, bytes sealed and opened, data
//! keys wrapped and unwrapped, records removed by compaction, and the audit log's lag. Cheap to update from any task; read as a
//! [`MetricsSnapshot`] (for `/metrics`, or a line of a metrics file).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use fabric_audit::{AuditLag, AuditLog, Operation, Status};
use fabric_types::PiiType;
use serde::Serialize;

/// Upper bounds of the latency buckets of every operation, in seconds.
pub const LATENCY_BOUNDS: [f64; 14] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Counters of one fabric (shared by its clones of the sealer and auditor).
#[derive(Debug, Default)]
pub struct FabricMetrics {
    operations: Mutex<BTreeMap<(Operation, Status), u64>>,
    latency: Mutex<BTreeMap<Operation, Latency>>,
    pii: Mutex<BTreeMap<PiiType, u64>>,
    integrity_failures: AtomicU64,
    bytes_sealed: AtomicU64,
    bytes_opened: AtomicU64,
    keys_wrapped: AtomicU64,
    keys_unwrapped: AtomicU64,
    compacted: AtomicU64,
    /// The fabric's audit log, whose lag each snapshot reads.
    audit: OnceLock<Arc<AuditLog>>,
    /// The metrics file lines are appended to.
    file: OnceLock<PathBuf>,
}

/// How long the calls of one operation took.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Latency {
    /// Calls.
    pub count: u64,
    /// Their total time, in seconds.
    pub sum_seconds: f64,
    /// Calls per bucket of [`LATENCY_BOUNDS`] (not cumulative; slower ones only in `count`).
    pub buckets: [u64; LATENCY_BOUNDS.len()],
}

/// Records the time from its making to its drop as one call of an operation.
pub(crate) struct Timer<'a> {
    metrics: &'a FabricMetrics,
    operation: Operation,
    start: Instant,
}

impl Drop for Timer<'_> {
    fn drop(&mut self) {
        self.metrics.took(self.operation, self.start.elapsed());
    }
}

/// The counters at one moment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MetricsSnapshot {
    /// When it was taken.
    pub time: DateTime<Utc>,
    /// Audited operations by operation and status (`store` → `success` → 3).
    pub operations: BTreeMap<&'static str, BTreeMap<&'static str, u64>>,
    /// Latency of the fabric's operations (store, retrieve, list, delete, recall, export,
    /// import, compact, shred), whatever their outcome.
    pub latency: BTreeMap<&'static str, Latency>,
    /// Records that failed authentication or their version check, or did not decode: a
    /// changed, rolled-back or foreign record (each time one is met).
    pub integrity_failures: u64,
    /// Personal data found on store, by type (a record counts once per type it holds).
    pub pii_detections: BTreeMap<String, u64>,
    /// Bytes of frames sealed.
    pub bytes_sealed: u64,
    /// Bytes of envelopes opened.
    pub bytes_opened: u64,
    /// Data keys wrapped (one per record sealed: under its owner key or a key-encryption
    /// key), each a use of the wrapping key's nonce budget.
    pub data_keys_wrapped: u64,
    /// Data keys unwrapped (one per record opened).
    pub data_keys_unwrapped: u64,
    /// Records removed by compaction.
    pub compacted_records: u64,
    /// How far the audit log's writer is behind (`None` without an audit log).
    pub audit_lag: Option<AuditLag>,
}

impl FabricMetrics {
    /// Counts one audited operation with its status; an integrity failure too when `integrity`.
    pub(crate) fn operation(&self, operation: Operation, status: Status, integrity: bool) {
        let mut operations = self.operations.lock().unwrap_or_else(PoisonError::into_inner);
        *operations.entry((operation, status)).or_default() += 1;
        if integrity {
            self.integrity_failures.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Times one call of `operation`, until the returned timer is dropped.
    pub(crate) fn time(&self, operation: Operation) -> Timer<'_> {
        Timer { metrics: self, operation, start: Instant::now() }
    }

    fn took(&self, operation: Operation, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut latency = self.latency.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = latency.entry(operation).or_default();
        entry.count += 1;
        entry.sum_seconds += seconds;
        if let Some(index) = LATENCY_BOUNDS.iter().position(|bound| seconds <= *bound) {
            entry.buckets[index] += 1;
        }
    }

    /// Counts records that did not open, met outside an audited failure (compaction).
    pub(crate) fn integrity_failures(&self, count: u64) {
        self.integrity_failures.fetch_add(count, Ordering::Relaxed);
    }

    /// Counts the types of personal data found in one record.
    pub(crate) fn pii(&self, types: &[PiiType]) {
        if types.is_empty() {
            return;
        }
        let mut pii = self.pii.lock().unwrap_or_else(PoisonError::into_inner);
        for kind in types {
            *pii.entry(kind.clone()).or_default() += 1;
        }
    }

    /// Counts one record sealed into a frame of `bytes` (one data key wrapped).
    pub(crate) fn sealed(&self, bytes: usize) {
        self.bytes_sealed.fetch_add(bytes as u64, Ordering::Relaxed);
        self.keys_wrapped.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one envelope of `bytes` opened (one data key unwrapped).
    pub(crate) fn opened(&self, bytes: usize) {
        self.bytes_opened.fetch_add(bytes as u64, Ordering::Relaxed);
        self.keys_unwrapped.fetch_add(1, Ordering::Relaxed);
    }

    /// Reads `log`'s lag into every snapshot from now on (the first log given stays).
    pub(crate) fn watch_audit(&self, log: &Arc<AuditLog>) {
        let _ = self.audit.set(Arc::clone(log));
    }

    pub(crate) fn compacted(&self, records: u64) {
        self.compacted.fetch_add(records, Ordering::Relaxed);
    }

    /// The counters now.
    pub fn snapshot(&self) -> MetricsSnapshot {
        let mut operations: BTreeMap<&'static str, BTreeMap<&'static str, u64>> = BTreeMap::new();
        for ((operation, status), count) in
            self.operations.lock().unwrap_or_else(PoisonError::into_inner).iter()
        {
            operations.entry(operation.as_str()).or_default().insert(status.as_str(), *count);
        }
        let pii = self.pii.lock().unwrap_or_else(PoisonError::into_inner);
        let latency = self.latency.lock().unwrap_or_else(PoisonError::into_inner);
        MetricsSnapshot {
            time: Utc::now(),
            operations,
            latency: latency
                .iter()
                .map(|(operation, latency)| (operation.as_str(), latency.clone()))
                .collect(),
            integrity_failures: self.integrity_failures.load(Ordering::Relaxed),
            pii_detections: pii
                .iter()
                .map(|(kind, count)| (kind.as_str().to_owned(), *count))
                .collect(),
            bytes_sealed: self.bytes_sealed.load(Ordering::Relaxed),
            bytes_opened: self.bytes_opened.load(Ordering::Relaxed),
            data_keys_wrapped: self.keys_wrapped.load(Ordering::Relaxed),
            data_keys_unwrapped: self.keys_unwrapped.load(Ordering::Relaxed),
            compacted_records: self.compacted.load(Ordering::Relaxed),
            audit_lag: self.audit.get().map(|log| log.lag()),
        }
    }

    /// Appends a line to `path` every `every` from a task of the current runtime, which
    /// ends when these metrics are dropped; [`FabricMetrics::append_line`] appends one more.
    pub(crate) fn append_every(
        self: &Arc<Self>,
        path: PathBuf,
        every: Duration,
    ) -> crate::Result<()> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| crate::Error::Config {
            reason: "a metrics file needs a Tokio runtime".into(),
        })?;
        let _ = self.file.set(path.clone());
        let metrics = Arc::downgrade(self);
        runtime.spawn(async move {
            let start = tokio::time::Instant::now() + every;
            let mut ticks = tokio::time::interval_at(start, every);
            loop {
                ticks.tick().await;
                let Some(metrics) = metrics.upgrade() else { break };
                if let Err(error) = metrics.append_to(&path) {
                    tracing::warn!(path = %path.display(), %error, "metrics line not appended");
                }
            }
        });
        Ok(())
    }

    /// Appends the counters now to the metrics file, when one is configured; whether one is.
    ///
    /// # Errors
    ///
    /// The I/O error when the file cannot be opened or written.
    pub fn append_line(&self) -> std::io::Result<bool> {
        match self.file.get() {
            Some(path) => self.append_to(path).map(|()| true),
            None => Ok(false),
        }
    }

    /// Appends the counters now as one JSON line to `path` (created mode 0600 when
    /// missing): one line per call, so a caller that calls it every interval keeps a
    /// series at the cost of one line each.
    ///
    /// # Errors
    ///
    /// The I/O error when the file cannot be opened or written.
    pub fn append_to(&self, path: &Path) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(&self.snapshot()).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let mut options = std::fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(path)?.write_all(&line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_append_one_line_each() {
        let metrics = FabricMetrics::default();
        metrics.operation(Operation::Store, Status::Success, false);
        metrics.operation(Operation::Store, Status::Success, false);
        metrics.operation(Operation::Retrieve, Status::Failure, true);
        metrics.pii(&[PiiType::Email, PiiType::Phone]);
        metrics.pii(&[PiiType::Email]);
        metrics.sealed(100);
        drop(metrics.time(Operation::Recall));
        let snapshot = metrics.snapshot();
        assert_eq!(snapshot.latency["recall"].count, 1);
        assert_eq!(snapshot.latency["recall"].buckets[0], 1, "well under half a millisecond");
        assert_eq!(snapshot.operations["store"]["success"], 2);
        assert_eq!(snapshot.operations["retrieve"]["failure"], 1);
        assert_eq!(snapshot.integrity_failures, 1);
        assert_eq!(snapshot.pii_detections["EMAIL"], 2);
        assert_eq!((snapshot.bytes_sealed, snapshot.data_keys_wrapped), (100, 1));
        assert_eq!(snapshot.audit_lag, None);

        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("metrics.jsonl");
        for _ in 0..3 {
            metrics.append_to(&path).unwrap_or_else(|error| panic!("{error}"));
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(text.lines().count(), 3);
        assert!(text.lines().all(|line| line.contains("\"bytes_sealed\":100")));
    }
}
