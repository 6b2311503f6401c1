//! The writer: group commit, checkpoints on flush and close, limits; query and tail.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use fabric_audit::sink::sqlite::SqliteSink;
use fabric_audit::{
    AuditEvent, AuditLog, AuditQuery, AuditSink, Detail, DetailName, Error, Operation, Status,
};

use crate::common::{id, key, stream, typical};

fn sqlite() -> (tempfile::TempDir, Arc<SqliteSink>) {
    let dir = tempfile::tempdir().unwrap();
    let sink = Arc::new(SqliteSink::open(&dir.path().join("audit.db")).unwrap());
    (dir, sink)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_appends_share_commits_and_get_consecutive_seqs() {
    let (_dir, sink) = sqlite();
    let log = AuditLog::builder(sink.clone(), key(), stream("w")).build().unwrap();
    let appends = (0..500).map(|index| {
        let log = log.clone();
        tokio::spawn(async move { log.append(typical(index)).await.unwrap().seq() })
    });
    let mut seqs = Vec::new();
    for append in appends.collect::<Vec<_>>() {
        seqs.push(append.await.unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=500).collect::<Vec<_>>());
    let checkpoint = log.flush().await.unwrap().unwrap();
    assert_eq!(checkpoint.seq, 500);
    assert!(checkpoint.is_authentic(&key()));
    assert_eq!(fabric_audit::verify(sink.as_ref(), &key()).await.unwrap().streams[0].unsealed, 0);
}

#[tokio::test]
async fn checkpoints_every_n_and_on_close() {
    let (_dir, sink) = sqlite();
    let log =
        AuditLog::builder(sink.clone(), key(), stream("w")).checkpoint_every(10).build().unwrap();
    for index in 0..25 {
        log.append(typical(index)).await.unwrap();
    }
    let seqs: Vec<u64> =
        sink.checkpoints(&stream("w")).await.unwrap().iter().map(|c| c.seq).collect();
    // The first append to the stream is checkpointed, then every 10.
    assert_eq!(seqs, [1, 10, 20]);
    let report = fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    assert_eq!(report.streams[0].unsealed, 5);
    assert_eq!(log.close().await.unwrap().map(|c| c.seq), Some(25));
    // A second flush of the same head stores nothing new.
    let seqs: Vec<u64> =
        sink.checkpoints(&stream("w")).await.unwrap().iter().map(|c| c.seq).collect();
    assert_eq!(seqs, [1, 10, 20, 25]);
    assert!(matches!(log.append(typical(0)).await, Err(Error::Closed)));
    assert!(matches!(log.flush().await, Err(Error::Closed)));
}

#[tokio::test]
async fn invalid_events_and_config_are_refused_without_effect() {
    let (_dir, sink) = sqlite();
    let mut event = AuditEvent::new(Operation::Store, Status::Success);
    for index in 0..17 {
        event = event.detail(DetailName::parse(&format!("d{index}")).unwrap(), Detail::Count(1));
    }
    let log = AuditLog::builder(sink.clone(), key(), stream("w")).build().unwrap();
    assert!(matches!(log.append(event).await, Err(Error::InvalidEvent { .. })));
    assert_eq!(log.append(typical(1)).await.unwrap().seq(), 1);
    let zero = AuditLog::builder(sink.clone(), key(), stream("w")).checkpoint_every(0).build();
    assert!(matches!(zero, Err(Error::InvalidConfig { .. })));
    assert_eq!(log.flush().await.unwrap().unwrap().seq, 1);
    let empty = AuditLog::builder(sink, key(), stream("empty")).build().unwrap();
    assert!(empty.flush().await.unwrap().is_none());
}

#[tokio::test]
async fn query_and_tail() {
    let (_dir, sink) = sqlite();
    let base = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
    for (name, offset) in [("a", 0), ("b", 1)] {
        let log = AuditLog::builder(sink.clone(), key(), stream(name)).build().unwrap();
        let events = (0..20)
            .map(|index| {
                typical(index).at(base + chrono::Duration::seconds(2 * index as i64 + offset))
            })
            .collect();
        log.append_many(events).await.unwrap();
        log.close().await.unwrap();
    }
    let all = fabric_audit::query(sink.as_ref(), &AuditQuery::default()).await.unwrap();
    assert_eq!(all.len(), 40);
    assert!(all.windows(2).all(|pair| pair[0].time() <= pair[1].time()));

    let denied = AuditQuery { status: Some(Status::Denied), ..AuditQuery::default() };
    let found = fabric_audit::query(sink.as_ref(), &denied).await.unwrap();
    assert_eq!(found.len(), 4);
    assert!(found.iter().all(|event| event.status() == Status::Denied));

    let narrow = AuditQuery {
        owner: Some(id("alice")),
        operation: Some(Operation::Store),
        since: Some(base + chrono::Duration::seconds(10)),
        until: Some(base + chrono::Duration::seconds(40)),
        limit: Some(1),
        ..AuditQuery::default()
    };
    let found = fabric_audit::query(sink.as_ref(), &narrow).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].record_id(), Some(&id("rec-12")));

    let last = fabric_audit::tail(sink.as_ref(), 3).await.unwrap();
    let seen: Vec<_> = last.iter().map(|e| (e.stream().as_str().to_owned(), e.seq())).collect();
    assert_eq!(seen, [("b".to_owned(), 19), ("a".to_owned(), 20), ("b".to_owned(), 20)]);
}

#[tokio::test]
async fn a_reopened_stream_verifies_while_its_writer_runs() {
    let (_dir, sink) = sqlite();
    let first = AuditLog::builder(sink.clone(), key(), stream("w")).build().unwrap();
    first.append(typical(0)).await.unwrap();
    let closing = first.close().await.unwrap().unwrap();
    assert!(closing.closed && closing.seq == 1);
    let report = fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    assert!(report.streams[0].closed);
    // A second writer (a restarted server) appends and is still running: its first append
    // was checkpointed as open, so its events are not taken for events after a close.
    let second = AuditLog::builder(sink.clone(), key(), stream("w")).build().unwrap();
    for index in 1..5 {
        second.append(typical(index)).await.unwrap();
    }
    let report = fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    assert_eq!(
        (report.events, report.streams[0].closed, report.streams[0].unsealed),
        (5, false, 3)
    );
    second.close().await.unwrap();
    assert_eq!(second.refused_checkpoints(), 0);
}
