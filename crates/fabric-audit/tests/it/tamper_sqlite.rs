//! Tampering with a SQLite audit log in every way is detected and named.

use std::sync::Arc;

use fabric_audit::sink::sqlite::SqliteSink;
use fabric_audit::{
    AuditEvent, AuditSink, Detail, DetailName, EventHash, Head, Operation, Status, Tamper, seal,
};
use tempfile::TempDir;

use crate::common::{attacker, fill, id, key, stream, tamper_of, tamper_sql};

/// A database with 100 events in stream `s`, checkpoints at 25, 50, 75 and 100.
async fn logged() -> (TempDir, Arc<SqliteSink>) {
    let dir = tempfile::tempdir().unwrap();
    let sink = Arc::new(SqliteSink::open(&dir.path().join("audit.db")).unwrap());
    fill(sink.clone(), "s", 100, 25).await;
    let report = fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    assert_eq!(report.events, 100);
    assert_eq!(report.streams[0].checkpoints, 4);
    assert_eq!(report.streams[0].unsealed, 0);
    (dir, sink)
}

fn hash_at(path: &std::path::Path, seq: i64) -> EventHash {
    let connection = rusqlite::Connection::open(path).unwrap();
    let bytes: Vec<u8> = connection
        .query_row("SELECT hash FROM fabric_audit_events WHERE seq = ?1", [seq], |row| row.get(0))
        .unwrap();
    EventHash::from_slice(&bytes).unwrap()
}

/// Inserts an event row as an attacker would.
fn insert_row(path: &std::path::Path, event: &AuditEvent) {
    crate::common::insert_row_at(path, event.seq(), event);
}

#[tokio::test]
async fn editing_one_field_is_named() {
    let (_dir, sink) = logged().await;
    tamper_sql(sink.path(), "UPDATE fabric_audit_events SET actor = 'mallory' WHERE seq = 37");
    let (stream_id, tamper) = tamper_of(sink.as_ref()).await;
    assert_eq!(stream_id, stream("s"));
    assert_eq!(tamper, Tamper::Edited { seq: 37 });
}

#[tokio::test]
async fn editing_the_status_or_time_is_named() {
    let (_dir, sink) = logged().await;
    tamper_sql(sink.path(), "UPDATE fabric_audit_events SET status = 'success' WHERE seq = 4");
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Edited { seq: 4 });
    let (_dir, sink) = logged().await;
    tamper_sql(sink.path(), "UPDATE fabric_audit_events SET time = time + 1 WHERE seq = 88");
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Edited { seq: 88 });
}

#[tokio::test]
async fn an_unreadable_or_invalid_field_is_named() {
    let (_dir, sink) = logged().await;
    tamper_sql(sink.path(), "UPDATE fabric_audit_events SET hash = 'x' WHERE seq = 12");
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Malformed { seq: 12 });
    let (_dir, sink) = logged().await;
    tamper_sql(sink.path(), "UPDATE fabric_audit_events SET owner = 'a b c' WHERE seq = 12");
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Edited { seq: 12 });
    // Reading it as an event refuses the id.
    let read = fabric_audit::query(sink.as_ref(), &fabric_audit::AuditQuery::default()).await;
    assert!(matches!(read, Err(fabric_audit::Error::Corrupt { seq: Some(12), .. })));
}

#[tokio::test]
async fn deleting_an_event_is_named() {
    let (_dir, sink) = logged().await;
    tamper_sql(sink.path(), "DELETE FROM fabric_audit_events WHERE seq = 50");
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Deleted { seq: 50 });
}

#[tokio::test]
async fn deleting_and_renumbering_is_named() {
    let (_dir, sink) = logged().await;
    tamper_sql(
        sink.path(),
        "DELETE FROM fabric_audit_events WHERE seq = 50;
         UPDATE fabric_audit_events SET seq = seq + 1000000 WHERE seq > 50;
         UPDATE fabric_audit_events SET seq = seq - 1000001 WHERE seq > 1000000;",
    );
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Deleted { seq: 50 });
}

#[tokio::test]
async fn swapping_two_events_is_named() {
    let (_dir, sink) = logged().await;
    tamper_sql(
        sink.path(),
        "UPDATE fabric_audit_events SET seq = -1 WHERE seq = 20;
         UPDATE fabric_audit_events SET seq = 20 WHERE seq = 21;
         UPDATE fabric_audit_events SET seq = 21 WHERE seq = -1;",
    );
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Reordered { seq: 20 });
}

#[tokio::test]
async fn inserting_a_forged_event_is_named() {
    let (_dir, sink) = logged().await;
    // The attacker knows the format: the forged event links to event 59, under their own key.
    let head = Head { seq: 59, hash: hash_at(sink.path(), 59) };
    let forged =
        AuditEvent::new(Operation::Delete, Status::Success).actor(id("mallory")).owner(id("alice"));
    let forged = seal(&attacker(), &stream("s"), head, [forged]).unwrap().remove(0);
    assert_eq!(forged.seq(), 60);
    tamper_sql(
        sink.path(),
        "UPDATE fabric_audit_events SET seq = seq + 1000000 WHERE seq >= 60;
         UPDATE fabric_audit_events SET seq = seq - 999999 WHERE seq > 1000000;",
    );
    insert_row(sink.path(), &forged);
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Edited { seq: 60 });
}

#[tokio::test]
async fn replacing_an_event_with_a_forgery_is_named() {
    let (_dir, sink) = logged().await;
    // Replace event 60 with a forgery that links right, sealed without the log's key.
    let head = Head { seq: 59, hash: hash_at(sink.path(), 59) };
    let forged = AuditEvent::new(Operation::Export, Status::Success).actor(id("mallory"));
    let forged = seal(&attacker(), &stream("s"), head, [forged]).unwrap().remove(0);
    tamper_sql(sink.path(), "DELETE FROM fabric_audit_events WHERE seq = 60");
    insert_row(sink.path(), &forged);
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Edited { seq: 60 });
}

#[tokio::test]
async fn rewriting_the_whole_chain_without_the_key_is_named() {
    let (_dir, sink) = logged().await;
    tamper_sql(sink.path(), "DELETE FROM fabric_audit_events");
    let forged: Vec<_> = (0..100)
        .map(|_| AuditEvent::new(Operation::List, Status::Success).actor(id("mallory")))
        .collect();
    for event in seal(&attacker(), &stream("s"), Head::EMPTY, forged).unwrap() {
        insert_row(sink.path(), &event);
    }
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Edited { seq: 1 });
}

#[tokio::test]
async fn truncating_the_tail_is_named() {
    let (_dir, sink) = logged().await;
    tamper_sql(sink.path(), "DELETE FROM fabric_audit_events WHERE seq > 90");
    assert_eq!(
        tamper_of(sink.as_ref()).await.1,
        Tamper::TruncatedAfterCheckpoint { checkpoint_seq: 100, last_seq: 90 }
    );
    tamper_sql(sink.path(), "DELETE FROM fabric_audit_events");
    assert_eq!(
        tamper_of(sink.as_ref()).await.1,
        Tamper::TruncatedAfterCheckpoint { checkpoint_seq: 100, last_seq: 0 }
    );
}

#[tokio::test]
async fn editing_a_checkpoint_is_named() {
    let (_dir, sink) = logged().await;
    tamper_sql(
        sink.path(),
        "UPDATE fabric_audit_checkpoints SET head_hash = zeroblob(32) WHERE seq = 50",
    );
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::BadCheckpoint { seq: 50 });
    let (_dir, sink) = logged().await;
    tamper_sql(sink.path(), "UPDATE fabric_audit_checkpoints SET seq = 90 WHERE seq = 100");
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::BadCheckpoint { seq: 90 });
}

#[tokio::test]
async fn the_wrong_key_fails_every_checkpoint() {
    let (_dir, sink) = logged().await;
    let wrong_key = fabric_audit::AuditKey::from_bytes([1; 32]);
    match fabric_audit::verify(sink.as_ref(), &wrong_key).await {
        Err(fabric_audit::Error::Tampered { tamper, .. }) => {
            assert_eq!(tamper, Tamper::BadCheckpoint { seq: 25 });
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_sink_refuses_updates_and_deletes() {
    let (_dir, sink) = logged().await;
    let connection = rusqlite::Connection::open(sink.path()).unwrap();
    assert!(connection.execute("UPDATE fabric_audit_events SET actor = 'x'", []).is_err());
    assert!(connection.execute("DELETE FROM fabric_audit_checkpoints", []).is_err());
    drop(connection);
    fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    // Details are stored in their canonical encoding and read back.
    let tail = sink.tail(&stream("s"), 1).await.unwrap();
    assert_eq!(tail[0].details().get(&DetailName::SIZE), Some(&Detail::Bytes(99 * 3)));
}

#[tokio::test]
async fn a_row_stored_with_sequence_number_zero_is_named() {
    let (_dir, sink) = logged().await;
    let head = Head { seq: 0, hash: EventHash::GENESIS };
    let forged = AuditEvent::new(Operation::Delete, Status::Success).actor(id("mallory"));
    let forged = seal(&attacker(), &stream("s"), head, [forged]).unwrap().remove(0);
    crate::common::insert_row_at(sink.path(), 0, &forged);
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Inserted { seq: 0 });
    // A stream made of such a row alone is named too.
    crate::common::insert_row_at(sink.path(), 0, &{
        let other = AuditEvent::new(Operation::List, Status::Success);
        let mut sealed = seal(&attacker(), &stream("t"), head, [other]).unwrap();
        sealed.remove(0)
    });
    assert!(fabric_audit::verify(sink.as_ref(), &key()).await.is_err());
}
