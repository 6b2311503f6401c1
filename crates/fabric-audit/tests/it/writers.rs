//! Independent writers sharing one file extend one chain and never fork it.

use std::sync::Arc;

use fabric_audit::sink::jsonl::JsonlSink;
use fabric_audit::sink::sqlite::SqliteSink;
use fabric_audit::{AuditLog, AuditSink};

use crate::common::{key, stream, typical};

const TASKS_PER_WRITER: usize = 8;
const EVENTS_PER_TASK: usize = 100;

/// Two logs on two independently opened sinks (as two processes would be) append to the same
/// stream concurrently, one event per call.
async fn race(first: Arc<dyn AuditSink>, second: Arc<dyn AuditSink>) -> Vec<u64> {
    let mut handles = Vec::new();
    for sink in [first, second] {
        let log =
            AuditLog::builder(sink, key(), stream("shared")).checkpoint_every(50).build().unwrap();
        for task in 0..TASKS_PER_WRITER {
            let log = log.clone();
            handles.push(tokio::spawn(async move {
                let mut seqs = Vec::new();
                for index in 0..EVENTS_PER_TASK {
                    let event = typical(task * EVENTS_PER_TASK + index);
                    seqs.push(log.append(event).await.unwrap().seq());
                }
                seqs
            }));
        }
    }
    let mut seqs = Vec::new();
    for handle in handles {
        seqs.extend(handle.await.unwrap());
    }
    seqs.sort_unstable();
    seqs
}

fn assert_one_chain(seqs: &[u64]) {
    let total = (2 * TASKS_PER_WRITER * EVENTS_PER_TASK) as u64;
    assert_eq!(seqs, (1..=total).collect::<Vec<_>>(), "every seq handed out exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_sqlite_writers_on_one_file_never_fork() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.db");
    let first = Arc::new(SqliteSink::open(&path).unwrap());
    let second = Arc::new(SqliteSink::open(&path).unwrap());
    let seqs = race(first.clone(), second).await;
    assert_one_chain(&seqs);
    let report = fabric_audit::verify(first.as_ref(), &key()).await.unwrap();
    assert_eq!(report.events, seqs.len() as u64);
    assert!(report.streams[0].checkpoints > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_jsonl_writers_on_one_file_never_fork() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let first = Arc::new(JsonlSink::open(&path).unwrap());
    let second = Arc::new(JsonlSink::open(&path).unwrap());
    let seqs = race(first.clone(), second).await;
    assert_one_chain(&seqs);
    let report = fabric_audit::verify(first.as_ref(), &key()).await.unwrap();
    assert_eq!(report.events, seqs.len() as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_object_store_writers_on_one_stream_never_fork() {
    let backend = Arc::new(fabric_store::ObjectStoreBackend::memory());
    let first = Arc::new(fabric_audit::sink::backend::BackendSink::new(backend.clone()));
    let second = Arc::new(fabric_audit::sink::backend::BackendSink::new(backend));
    let seqs = race(first.clone(), second).await;
    assert_one_chain(&seqs);
    let report = fabric_audit::verify(first.as_ref(), &key()).await.unwrap();
    assert_eq!(report.events, seqs.len() as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_on_separate_streams_verify_separately() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Arc::new(SqliteSink::open(&dir.path().join("audit.db")).unwrap());
    crate::common::fill(sink.clone(), "a", 30, 10).await;
    crate::common::fill(sink.clone(), "b", 7, 10).await;
    let report = fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    assert_eq!(report.events, 37);
    let streams: Vec<_> =
        report.streams.iter().map(|s| (s.stream.as_str().to_owned(), s.events)).collect();
    assert_eq!(streams, [("a".to_owned(), 30), ("b".to_owned(), 7)]);
}
