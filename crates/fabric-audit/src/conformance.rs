//! The behaviour every [`AuditSink`] must show, as a suite a sink's tests run against it
//! (feature `test-util`), as `fabric_store::conformance` is for backends.
//!
//! It covers what [`AuditSink`] promises, through [`crate::append()`] and directly: appends
//! extend one chain per stream (concurrent ones too), a batch sealed after any head but the
//! stored one is not stored, a head that went back is refused, an append that failed validation stores
//! nothing, reads return what was stored (events, encodings, from a sequence number on),
//! the first append of a stream stores its checkpoint, a stored checkpoint is never replaced,
//! and streams are independent. Each check uses its own streams, so a sink is tested empty or
//! already in use alike.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test suite fails by panicking")]

use std::sync::Arc;

use futures::TryStreamExt as _;

use crate::{
    AppendRequest, AuditEvent, AuditKey, AuditSink, Checkpoint, Detail, DetailName, Error,
    EventHash, Head, Id, NewEvent, Operation, Status, StreamId, Tamper, verify,
};

/// Runs every check against `sink`; `tag` keeps its streams apart from other runs on the
/// same storage (1 to 32 bytes of `[a-z0-9-]`).
pub async fn run_all(sink: Arc<dyn AuditSink>, tag: &str) {
    appends_chain_and_read_back(sink.as_ref(), tag).await;
    a_head_that_went_back_is_refused(sink.as_ref(), tag).await;
    a_batch_sealed_after_another_head_is_not_stored(sink.as_ref(), tag).await;
    an_invalid_batch_stores_nothing(sink.as_ref(), tag).await;
    checkpoints_are_kept_not_replaced(sink.as_ref(), tag).await;
    concurrent_appends_extend_one_chain(&sink, tag).await;
}

/// SQL that drops the SQLite sink's guard triggers (which refuse `UPDATE` and `DELETE` on
/// its tables), as an attacker with write access to the file would before editing it: for
/// tamper tests.
pub const DROP_GUARD_TRIGGERS: &str = "DROP TRIGGER IF EXISTS fabric_audit_events_no_update;
     DROP TRIGGER IF EXISTS fabric_audit_events_no_delete;
     DROP TRIGGER IF EXISTS fabric_audit_checkpoints_no_update;
     DROP TRIGGER IF EXISTS fabric_audit_checkpoints_no_delete;";

fn key() -> Arc<AuditKey> {
    Arc::new(AuditKey::from_bytes([9; 32]))
}

fn stream(tag: &str, name: &str) -> StreamId {
    StreamId::parse(&format!("conf-{tag}-{name}")).unwrap()
}

fn event(index: u64) -> NewEvent {
    AuditEvent::new(Operation::Store, Status::Success)
        .actor(Id::parse("conformance").unwrap())
        .record(Id::parse(&format!("r-{index}")).unwrap())
        .detail(DetailName::SIZE, Detail::Bytes(index))
}

fn request(stream: &StreamId, events: Vec<NewEvent>, after: Option<Head>) -> AppendRequest {
    AppendRequest { stream: stream.clone(), events, key: key(), after }
}

async fn append(sink: &dyn AuditSink, request: AppendRequest) -> crate::Result<crate::Appended> {
    crate::append(sink, request, None).await
}

async fn read_all(sink: &dyn AuditSink, stream: &StreamId) -> Vec<AuditEvent> {
    let pages: Vec<Vec<AuditEvent>> = sink.read_events(stream).try_collect().await.unwrap();
    pages.into_iter().flatten().collect()
}

fn head_of(events: &[AuditEvent]) -> Head {
    let last = events.last().unwrap();
    Head { seq: last.seq(), hash: *last.hash() }
}

async fn appends_chain_and_read_back(sink: &dyn AuditSink, tag: &str) {
    let stream = stream(tag, "chain");
    assert!(read_all(sink, &stream).await.is_empty());
    assert!(sink.last_checkpoint(&stream).await.unwrap().is_none());

    let first = append(sink, request(&stream, (1..=3).map(event).collect(), None)).await.unwrap();
    let seqs: Vec<u64> = first.events.iter().map(AuditEvent::seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(*first.events[0].prev_hash(), EventHash::GENESIS);
    for pair in first.events.windows(2) {
        assert_eq!(pair[1].prev_hash(), pair[0].hash(), "events are chained");
    }
    // The first append of a stream stores its checkpoint with it.
    let genesis = sink.last_checkpoint(&stream).await.unwrap().expect("genesis checkpoint");
    assert_eq!(genesis.head(), head_of(&first.events));
    assert!(genesis.is_authentic(&key()));

    let after = Some(head_of(&first.events));
    let second = append(sink, request(&stream, vec![event(4), event(5)], after)).await.unwrap();
    assert_eq!(second.events[0].seq(), 4);
    assert_eq!(second.events[0].prev_hash(), first.events[2].hash());

    let stored = read_all(sink, &stream).await;
    let appended: Vec<AuditEvent> = first.events.into_iter().chain(second.events).collect();
    assert_eq!(stored, appended, "read back as appended");
    // Encodings hash to the stored hashes, whole or from a sequence number on.
    let encoded: Vec<_> = sink.read_encoded(&stream).try_collect().await.unwrap();
    let hashes: Vec<(u64, EventHash)> = encoded
        .iter()
        .flat_map(|page| (0..page.len()).filter_map(|index| page.get(index)))
        .map(|(seq, hash, _)| (seq, hash))
        .collect();
    let expected: Vec<(u64, EventHash)> =
        appended.iter().map(|event| (event.seq(), *event.hash())).collect();
    assert_eq!(hashes, expected);
    let tail: Vec<_> = sink.read_encoded_after(&stream, 3).try_collect().await.unwrap();
    let tail_seqs: Vec<u64> = tail
        .iter()
        .flat_map(|page| (0..page.len()).filter_map(|index| page.get(index)))
        .map(|(seq, _, _)| seq)
        .collect();
    assert_eq!(tail_seqs, [4, 5]);

    // Another stream starts its own chain.
    let other = self::stream(tag, "other");
    let alone = append(sink, request(&other, vec![event(1)], None)).await.unwrap();
    assert_eq!(alone.events[0].seq(), 1);
    assert_eq!(read_all(sink, &stream).await.len(), 5);
}

async fn a_head_that_went_back_is_refused(sink: &dyn AuditSink, tag: &str) {
    let stream = stream(tag, "head");
    let stored = append(sink, request(&stream, vec![event(1), event(2)], None)).await.unwrap();
    let head = head_of(&stored.events);
    // A writer that stored further than what is there, or another event at its place.
    for after in [
        Head { seq: head.seq + 3, hash: head.hash },
        Head { seq: head.seq, hash: EventHash::GENESIS },
    ] {
        match append(sink, request(&stream, vec![event(9)], Some(after))).await {
            Err(Error::Tampered { tamper: Tamper::Removed { .. }, .. }) => {}
            other => panic!("a head that went back was not refused: {other:?}"),
        }
    }
    assert_eq!(read_all(sink, &stream).await.len(), 2, "a refused append stores nothing");
    // A writer behind the head (another writer appended since) goes on after it.
    let behind = Head { seq: 1, hash: *stored.events[0].hash() };
    let next = append(sink, request(&stream, vec![event(3)], Some(behind))).await.unwrap();
    assert_eq!(next.events[0].seq(), 3);
}

async fn a_batch_sealed_after_another_head_is_not_stored(sink: &dyn AuditSink, tag: &str) {
    let stream = stream(tag, "stale");
    let stored = append(sink, request(&stream, vec![event(1), event(2)], None)).await.unwrap();
    let head = head_of(&stored.events);
    assert_eq!(sink.head(&stream).await.unwrap(), head);
    assert_eq!(sink.hash_at(&stream, 1).await.unwrap(), Some(*stored.events[0].hash()));
    assert_eq!(sink.hash_at(&stream, 7).await.unwrap(), None);
    // Sealed after the empty stream, after an earlier event, after a forged head.
    let first = Head { seq: 1, hash: *stored.events[0].hash() };
    let forged = Head { seq: 2, hash: EventHash::GENESIS };
    for after in [Head::EMPTY, first, forged] {
        let batch =
            Arc::new(request(&stream, vec![event(9)], None).seal_after(after, None).unwrap());
        let outcome = sink.append_sealed(Arc::clone(&batch)).await.unwrap();
        assert_eq!(outcome, crate::Stored::Moved { count: 0, head }, "sealed after {after:?}");
    }
    assert_eq!(read_all(sink, &stream).await, stored.events, "nothing stale was stored");
    // Sealed after the stored head, it is stored.
    let batch = Arc::new(request(&stream, vec![event(3)], None).seal_after(head, None).unwrap());
    assert_eq!(sink.append_sealed(Arc::clone(&batch)).await.unwrap(), crate::Stored::All);
    assert_eq!(sink.head(&stream).await.unwrap(), head_of(&batch.events));
}

async fn an_invalid_batch_stores_nothing(sink: &dyn AuditSink, tag: &str) {
    let stream = stream(tag, "invalid");
    let mut crowded = AuditEvent::new(Operation::Store, Status::Success);
    for index in 0..=crate::event::MAX_DETAILS {
        let name = DetailName::parse(&format!("d{index}")).unwrap();
        crowded = crowded.detail(name, Detail::Count(1));
    }
    let refused = append(sink, request(&stream, vec![event(1), crowded], None)).await;
    assert!(matches!(refused, Err(Error::InvalidEvent { .. })), "{refused:?}");
    assert!(read_all(sink, &stream).await.is_empty());
    assert!(sink.last_checkpoint(&stream).await.unwrap().is_none());
}

async fn checkpoints_are_kept_not_replaced(sink: &dyn AuditSink, tag: &str) {
    let stream = stream(tag, "checkpoints");
    let stored = append(sink, request(&stream, (1..=4).map(event).collect(), None)).await.unwrap();
    let at = |seq: u64, closed: bool| {
        let event = &stored.events[usize::try_from(seq - 1).unwrap()];
        Checkpoint::sign(&key(), &stream, Head { seq, hash: *event.hash() }, closed)
    };
    let second = at(2, false);
    sink.put_checkpoints(std::slice::from_ref(&second)).await.unwrap();
    // Another one at the same place (a flush with nothing new since).
    sink.put_checkpoints(&[at(2, false)]).await.unwrap();
    let kept: Vec<Checkpoint> = sink
        .checkpoints(&stream)
        .await
        .unwrap()
        .into_iter()
        .filter(|checkpoint| checkpoint.seq == 2)
        .collect();
    // The first stays (a sink keyed by sequence number drops the second; an append-only file
    // keeps both).
    assert_eq!(kept.first(), Some(&second), "a stored checkpoint is never replaced");
    assert!(kept.len() <= 2);
    assert_eq!(sink.last_checkpoint(&stream).await.unwrap().unwrap().seq, 4);
    sink.put_checkpoints(&[]).await.unwrap();
}

async fn concurrent_appends_extend_one_chain(sink: &Arc<dyn AuditSink>, tag: &str) {
    let stream = stream(tag, "concurrent");
    let writers: Vec<_> = (0..8_u64)
        .map(|writer| {
            let sink = Arc::clone(sink);
            let stream = stream.clone();
            tokio::spawn(async move {
                for batch in 0..3_u64 {
                    let events = (0..2).map(|i| event(writer * 100 + batch * 10 + i)).collect();
                    append(sink.as_ref(), request(&stream, events, None)).await.unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap();
    }
    let stored = read_all(sink.as_ref(), &stream).await;
    let seqs: Vec<u64> = stored.iter().map(AuditEvent::seq).collect();
    assert_eq!(seqs, (1..=48).collect::<Vec<u64>>());
    for pair in stored.windows(2) {
        assert_eq!(pair[1].prev_hash(), pair[0].hash(), "one chain, never forked");
    }
    let report = verify(sink.as_ref(), &key()).await.unwrap();
    assert!(report.streams.iter().any(|found| found.stream == stream && found.events == 48));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::backend::BackendSink;
    use crate::sink::jsonl::JsonlSink;

    #[cfg(feature = "sqlite")]
    #[tokio::test]
    async fn the_sqlite_sink_passes() {
        let dir = tempfile::tempdir().unwrap();
        let sink = crate::sink::sqlite::SqliteSink::open(&dir.path().join("audit.db")).unwrap();
        run_all(Arc::new(sink), "sqlite").await;
    }

    #[tokio::test]
    async fn the_jsonl_sink_passes() {
        let dir = tempfile::tempdir().unwrap();
        let sink = JsonlSink::open(&dir.path().join("audit.jsonl")).unwrap();
        run_all(Arc::new(sink), "jsonl").await;
    }

    #[tokio::test]
    async fn the_backend_sink_passes_on_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let backend = fabric_store::ObjectStoreBackend::local(dir.path()).unwrap();
        run_all(Arc::new(BackendSink::new(Arc::new(backend))), "dir").await;
    }
}
