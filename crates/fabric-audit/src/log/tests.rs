//! Tests of `log`.

use super::*;
use crate::chain::LEGACY_EVENT_FORMAT_VERSION;
use crate::sink::sqlite::SqliteSink;
use crate::{AuditSink, Id, Operation, Status};

fn event(index: usize) -> NewEvent {
    AuditEvent::new(Operation::Store, Status::Success)
        .actor(Id::parse("svc").unwrap())
        .record(Id::parse(&format!("r{index}")).unwrap())
}

/// A log written by the previous release (format 1 events, a version 1 checkpoint) takes
/// new appends and checkpoints, and verifies.
#[tokio::test]
async fn a_format_1_log_is_extended_and_checkpointed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.db");
    let sink = Arc::new(SqliteSink::open(&path).unwrap());
    let key = AuditKey::from_bytes([5; 32]);
    let stream = StreamId::parse("old").unwrap();
    // The previous release's chain: SHA-256 hashes, format 1.
    let mut events = crate::seal(&key, &stream, Head::EMPTY, (0..5).map(event)).unwrap();
    let mut prev = crate::EventHash::GENESIS;
    for stored in &mut events {
        stored.format = LEGACY_EVENT_FORMAT_VERSION;
        stored.prev_hash = prev;
        stored.hash = stored.compute_hash(&key);
        prev = stored.hash;
    }
    let connection = rusqlite::Connection::open(&path).unwrap();
    for stored in &events {
        connection
            .execute(
                "INSERT INTO fabric_audit_events (stream, seq, time, actor, owner, operation,
                 record_id, status, reason, request_id, details, prev_hash, hash, format)
                 VALUES ('old', ?1, ?2, 'svc', NULL, 'store', ?3, 'success', NULL, NULL, NULL,
                 ?4, ?5, 1)",
                rusqlite::params![
                    stored.seq as i64,
                    stored.time.timestamp_micros(),
                    stored.record_id.as_ref().unwrap().as_str(),
                    stored.prev_hash.0.as_slice(),
                    stored.hash.0.as_slice(),
                ],
            )
            .unwrap();
    }
    let mut closing = Checkpoint::sign(&key, &stream, Head { seq: 5, hash: prev }, false);
    closing.version = 1;
    closing.mac = closing.compute_mac(&key);
    sink.put_checkpoints(&[closing]).await.unwrap();
    crate::verify(sink.as_ref(), &key).await.unwrap();

    let log = AuditLog::builder(sink.clone(), AuditKey::from_bytes([5; 32]), stream.clone())
        .build()
        .unwrap();
    log.append_many((5..9).map(event).collect()).await.unwrap();
    let checkpoint = log.close().await.unwrap().unwrap();
    assert_eq!((checkpoint.seq, checkpoint.closed), (9, true));
    assert_eq!(log.refused_checkpoints(), 0);
    let report = crate::verify(sink.as_ref(), &key).await.unwrap();
    assert_eq!((report.events, report.streams[0].unsealed), (9, 0));
}

/// Events removed under a running writer are refused even after another writer moved the
/// head past them, on the writer's own appends and on appends in other transactions.
#[tokio::test]
async fn a_tail_cut_under_a_running_writer_is_refused_even_once_the_head_moved_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.db");
    let sink = Arc::new(SqliteSink::open(&path).unwrap());
    let stream = StreamId::parse("s").unwrap();
    let log = AuditLog::builder(sink.clone(), AuditKey::from_bytes([6; 32]), stream.clone())
        .build()
        .unwrap();
    log.append_many((0..20).map(event).collect()).await.unwrap();
    // The attacker removes the tail; another writer (no memory) extends the stream.
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute_batch(
            "DROP TRIGGER fabric_audit_events_no_delete;
             DELETE FROM fabric_audit_events WHERE seq > 15;",
        )
        .unwrap();
    let other = AuditLog::builder(sink.clone(), AuditKey::from_bytes([6; 32]), stream.clone())
        .build()
        .unwrap();
    other.append_many((0..10).map(event).collect()).await.unwrap();
    // In another transaction (as a record store sharing the file does).
    let request = log.append_request(vec![event(99)]).unwrap();
    let outcome = {
        let transaction = connection.unchecked_transaction().unwrap();
        crate::sink::sqlite::append_on(&transaction, request)
    };
    assert!(
        matches!(outcome, Err(Error::Tampered { tamper: crate::Tamper::Removed { seq: 20 }, .. })),
        "{outcome:?}"
    );
    // On the writer's own path.
    assert!(log.append(event(100)).await.is_err());
    assert!(log.flush().await.is_err());
    assert!(log.refused_checkpoints() >= 1);
}

/// Appends racing a close either land before the closing checkpoint (and are covered by it)
/// or are refused: none lands after it unsealed (which verification would name as tampering).
#[tokio::test]
async fn appends_racing_a_close_never_land_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let sink: Arc<dyn AuditSink> = Arc::new(SqliteSink::open(&dir.path().join("a.db")).unwrap());
    let key = AuditKey::from_bytes([6; 32]);
    let log = AuditLog::builder(
        Arc::clone(&sink),
        AuditKey::from_bytes([6; 32]),
        StreamId::parse("s").unwrap(),
    )
    .build()
    .unwrap();
    log.append(event(0)).await.unwrap();
    // Appends go on, one after another, while the close runs; the first refused one ends them.
    let appender = {
        let log = log.clone();
        tokio::spawn(async move {
            let mut stored = 1;
            for index in 1..10_000 {
                match log.append(event(index)).await {
                    Ok(_) => stored += 1,
                    Err(Error::Closed) => return stored,
                    Err(error) => panic!("{error}"),
                }
            }
            stored
        })
    };
    tokio::task::yield_now().await;
    let closed = log.close().await;
    let stored = appender.await.unwrap();
    assert!(closed.is_ok(), "{closed:?}");
    let report = crate::verify(sink.as_ref(), &key).await.unwrap();
    let stream = &report.streams[0];
    assert!(stream.closed && stream.unsealed == 0, "{report:?}");
    assert_eq!(report.events, stored);
}

/// The lag counts events stored after the newest checkpoint, until a checkpoint covers them.
#[tokio::test]
async fn lag_counts_the_events_no_checkpoint_covers_yet() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Arc::new(SqliteSink::open(&dir.path().join("audit.db")).unwrap());
    let stream = StreamId::parse("lag").unwrap();
    let log = AuditLog::builder(sink, AuditKey::from_bytes([6; 32]), stream)
        .checkpoint_every(10)
        .build()
        .unwrap();
    assert_eq!(log.lag(), AuditLag::default(), "nothing written, nothing signed");
    // A writer's first append is checkpointed at once.
    log.append(event(0)).await.unwrap();
    let lag = log.lag();
    assert_eq!((lag.unsealed_events, lag.queued_jobs), (0, 0));
    assert!(lag.checkpoint_age_millis.is_some_and(|age| age < 60_000), "{lag:?}");
    log.append_many((1..5).map(event).collect()).await.unwrap();
    assert_eq!(log.lag().unsealed_events, 4);
    // Crossing a multiple of 10 signs one at 10.
    log.append_many((5..12).map(event).collect()).await.unwrap();
    assert_eq!(log.lag().unsealed_events, 2);
    log.flush().await.unwrap();
    assert_eq!(log.lag().unsealed_events, 0);
    log.close().await.unwrap();
}
