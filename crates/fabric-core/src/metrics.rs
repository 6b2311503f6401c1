//! [`FabricMetrics`]: what a fabric did, counted as it happens: operations by outcome (as
//! audited), integrity failures, personal data found by type, bytes sealed and opened, and
//! records removed by compaction. Cheap to update from any task; read as a
//! [`MetricsSnapshot`] (for `/metrics`, or a line of a metrics file).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use fabric_audit::{Operation, Status};
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
    compacted: AtomicU64,
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
    /// Records removed by compaction.
    pub compacted_records: u64,
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

    pub(crate) fn sealed(&self, bytes: usize) {
        self.bytes_sealed.fetch_add(bytes as u64, Ordering::Relaxed);
    }

    pub(crate) fn opened(&self, bytes: usize) {
        self.bytes_opened.fetch_add(bytes as u64, Ordering::Relaxed);
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
            compacted_records: self.compacted.load(Ordering::Relaxed),
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
        assert_eq!(snapshot.bytes_sealed, 100);

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
