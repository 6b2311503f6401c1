//! An untouched log of 100,000 events verifies (SQLite sink, batched appends).

use std::sync::Arc;
use std::time::Instant;

use fabric_audit::sink::sqlite::SqliteSink;

use crate::common::{fill, key};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_events_verify() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Arc::new(SqliteSink::open(&dir.path().join("audit.db")).unwrap());
    let started = Instant::now();
    fill(sink.clone(), "big", 100_000, 1000).await;
    let appended = started.elapsed();
    let started = Instant::now();
    let report = fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    let verified = started.elapsed();
    eprintln!("100k events: append {appended:?}, verify {verified:?}");
    assert_eq!(report.events, 100_000);
    assert_eq!(report.streams[0].checkpoints, 100);
    assert_eq!(report.streams[0].unsealed, 0);
}
