//! Helpers shared by the integration tests.

use std::path::Path;
use std::sync::Arc;

use fabric_audit::{
    AuditEvent, AuditKey, AuditLog, AuditSink, Detail, DetailName, Error, Id, NewEvent, Operation,
    Reason, Status, StreamId, Tamper,
};

pub(crate) fn key() -> AuditKey {
    AuditKey::from_bytes([42; 32])
}

/// The key of an attacker who can write the storage but does not hold the log's key: they
/// know the format and seal forged events with a key of their own.
pub(crate) fn attacker() -> AuditKey {
    AuditKey::from_bytes([66; 32])
}

pub(crate) fn stream(name: &str) -> StreamId {
    StreamId::parse(name).unwrap()
}

pub(crate) fn id(text: &str) -> Id {
    Id::parse(text).unwrap()
}

/// A typical event, as fabric-core would build it.
pub(crate) fn typical(index: usize) -> NewEvent {
    let status = if index % 10 == 3 { Status::Denied } else { Status::Success };
    // Cycles through the first twelve operations, so new operations keep these events stable.
    AuditEvent::new(Operation::ALL[index % 12], status)
        .actor(id("svc:ingest"))
        .owner(id(if index.is_multiple_of(2) { "alice" } else { "bob" }))
        .record(id(&format!("rec-{index}")))
        .request(id(&format!("req-{}", index / 4)))
        .detail(DetailName::SIZE, Detail::Bytes(index as u64 * 3))
}

/// Appends `n` typical events to `stream` of `sink` through a log, then closes it.
pub(crate) async fn fill(sink: Arc<dyn AuditSink>, stream_name: &str, n: usize, every: u64) {
    let log = AuditLog::builder(sink, key(), stream(stream_name))
        .checkpoint_every(every)
        .build()
        .unwrap();
    let mut index = 0;
    while index < n {
        let end = (index + 5000).min(n);
        log.append_many((index..end).map(typical).collect()).await.unwrap();
        index = end;
    }
    log.close().await.unwrap();
}

/// The tamper `verify` reports, failing the test when it reports none.
pub(crate) async fn tamper_of(sink: &dyn AuditSink) -> (StreamId, Tamper) {
    match fabric_audit::verify(sink, &key()).await {
        Err(Error::Tampered { stream, tamper }) => (stream, tamper),
        other => panic!("expected tampering to be detected, got {other:?}"),
    }
}

/// Runs SQL on the audit database as an attacker with write access would: triggers dropped.
pub(crate) fn tamper_sql(path: &Path, sql: &str) {
    let connection = rusqlite::Connection::open(path).unwrap();
    connection.execute_batch(fabric_audit::conformance::DROP_GUARD_TRIGGERS).unwrap();
    connection.execute_batch(sql).unwrap();
}

/// Inserts `event` as the row of sequence number `slot` (events without details), as an
/// attacker with write access to the database would.
pub(crate) fn insert_row_at(path: &Path, slot: u64, event: &AuditEvent) {
    let connection = rusqlite::Connection::open(path).unwrap();
    connection
        .execute(
            "INSERT INTO fabric_audit_events (stream, seq, time, actor, owner, operation,
             record_id, status, reason, request_id, details, prev_hash, hash, format)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, ?11, ?12, ?13)",
            rusqlite::params![
                event.stream().as_str(),
                slot as i64,
                event.time().timestamp_micros(),
                event.actor().map(Id::as_str),
                event.owner().map(Id::as_str),
                event.operation().as_str(),
                event.record_id().map(Id::as_str),
                event.status().as_str(),
                event.reason().map(Reason::code),
                event.request_id().map(Id::as_str),
                event.prev_hash().0.as_slice(),
                event.hash().0.as_slice(),
                event.format(),
            ],
        )
        .unwrap();
}
