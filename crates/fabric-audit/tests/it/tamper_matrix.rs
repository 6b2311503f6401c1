//! Every tamper an attacker with write access to the storage (but not the key) can try, on
//! each of the three sinks: each is named by verification, alone or against a checkpoint kept
//! outside the store. Events here have no details, so the SQLite rows can be forged by hand.

use std::sync::Arc;

use fabric_audit::sink::backend::BackendSink;
use fabric_audit::sink::jsonl::JsonlSink;
use fabric_audit::sink::sqlite::SqliteSink;
use fabric_audit::{
    AuditEvent, AuditLog, AuditSink, Checkpoint, Error, EventHash, Head, NewEvent, Operation,
    Status, Tamper, seal,
};
use fabric_store::{Backend, ObjectKey, ObjectStoreBackend, PutMode};
use futures::StreamExt as _;
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use tempfile::TempDir;

use crate::common::{attacker, id, insert_row_at, key, stream, tamper_sql};

#[derive(Debug, Clone, Copy)]
enum Kind {
    Sqlite,
    Jsonl,
    Backend,
}

const KINDS: [Kind; 3] = [Kind::Sqlite, Kind::Jsonl, Kind::Backend];

/// One audit store and the attacker's hands on its storage.
struct Store {
    kind: Kind,
    _dir: TempDir,
    sink: Arc<dyn AuditSink>,
    sqlite: Option<Arc<SqliteSink>>,
    jsonl: Option<Arc<JsonlSink>>,
    backend: Option<Arc<ObjectStoreBackend>>,
}

fn plain(index: usize) -> NewEvent {
    AuditEvent::new(Operation::ALL[index % 12], Status::Success)
        .actor(id("svc:ingest"))
        .owner(id(if index.is_multiple_of(2) { "alice" } else { "bob" }))
        .record(id(&format!("rec-{index}")))
}

impl Store {
    fn new(kind: Kind) -> Store {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store {
            kind,
            sink: Arc::new(BackendSink::new(Arc::new(ObjectStoreBackend::memory()))),
            _dir: dir,
            sqlite: None,
            jsonl: None,
            backend: None,
        };
        match kind {
            Kind::Sqlite => {
                let sink = Arc::new(SqliteSink::open(&store._dir.path().join("audit.db")).unwrap());
                store.sink = sink.clone();
                store.sqlite = Some(sink);
            }
            Kind::Jsonl => {
                let sink =
                    Arc::new(JsonlSink::open(&store._dir.path().join("audit.jsonl")).unwrap());
                store.sink = sink.clone();
                store.jsonl = Some(sink);
            }
            Kind::Backend => {
                let backend = Arc::new(ObjectStoreBackend::memory());
                store.sink = Arc::new(BackendSink::new(backend.clone()));
                store.backend = Some(backend);
            }
        }
        store
    }

    /// A store whose stream `s` has `n` events in one session, checkpointed every 25, closed.
    async fn filled(kind: Kind, n: usize) -> Store {
        let store = Store::new(kind);
        store.session(0, n, None).await;
        store
    }

    /// Appends events `from..to` in one writer session, closed at the end.
    async fn session(&self, from: usize, to: usize, witness: Option<Arc<dyn AuditSink>>) {
        let mut builder =
            AuditLog::builder(self.sink.clone(), key(), stream("s")).checkpoint_every(25);
        if let Some(witness) = witness {
            builder = builder.witness(witness);
        }
        let log = builder.build().unwrap();
        log.append_many((from..to).map(plain).collect()).await.unwrap();
        log.close().await.unwrap();
    }

    async fn verify(&self) -> Result<fabric_audit::VerifyReport, Error> {
        fabric_audit::verify(self.sink.as_ref(), &key()).await
    }

    async fn tamper(&self) -> Tamper {
        match self.verify().await {
            Err(Error::Tampered { stream: named, tamper }) => {
                assert_eq!(named, stream("s"));
                tamper
            }
            other => panic!("{:?}: tampering not detected: {other:?}", self.kind),
        }
    }

    async fn event(&self, seq: u64) -> AuditEvent {
        let mut pages = self.sink.read_events(&stream("s"));
        while let Some(page) = pages.next().await {
            if let Some(event) = page.unwrap().into_iter().find(|event| event.seq() == seq) {
                return event;
            }
        }
        panic!("no event {seq}");
    }

    fn object(&self, folder: &str, name: &str) -> ObjectKey {
        ObjectKey::parse(&format!("audit/s/{folder}/{name}")).unwrap()
    }

    /// Removes the event stored in `slot` (its seq, its line, its object).
    async fn remove_event(&self, slot: u64) {
        match self.kind {
            Kind::Sqlite => tamper_sql(
                self.sqlite.as_ref().unwrap().path(),
                &format!("DELETE FROM fabric_audit_events WHERE seq = {slot}"),
            ),
            Kind::Jsonl => edit_lines(self.jsonl.as_ref().unwrap().path(), |lines| {
                lines.retain(|line| !line.contains(&format!("\"seq\":{slot},")));
            }),
            Kind::Backend => {
                let key = self.object("events", &format!("{slot:020}"));
                self.backend.as_ref().unwrap().delete(&key).await.unwrap();
            }
        }
    }

    /// Stores `event` in `slot`, in place of what is there (or after the last one).
    async fn write_event(&self, slot: u64, event: &AuditEvent) {
        match self.kind {
            Kind::Sqlite => {
                let path = self.sqlite.as_ref().unwrap().path();
                tamper_sql(path, &format!("DELETE FROM fabric_audit_events WHERE seq = {slot}"));
                insert_row_at(path, slot, event);
            }
            Kind::Jsonl => edit_lines(self.jsonl.as_ref().unwrap().path(), |lines| {
                let line = serde_json::to_string(event).unwrap();
                let at = slot as usize - 1;
                if at < lines.len() {
                    lines[at] = line;
                } else {
                    lines.push(line);
                }
            }),
            Kind::Backend => {
                let key = self.object("events", &format!("{slot:020}"));
                let body = serde_json::to_vec(event).unwrap();
                let backend = self.backend.as_ref().unwrap();
                backend.put(&key, body.into(), PutMode::Overwrite).await.unwrap();
            }
        }
    }

    /// Removes every checkpoint with a sequence number of at least `from`.
    async fn remove_checkpoints(&self, from: u64) {
        match self.kind {
            Kind::Sqlite => tamper_sql(
                self.sqlite.as_ref().unwrap().path(),
                &format!("DELETE FROM fabric_audit_checkpoints WHERE seq >= {from}"),
            ),
            Kind::Jsonl => edit_lines(self.jsonl.as_ref().unwrap().checkpoints_path(), |lines| {
                lines.retain(|line| serde_json::from_str::<Checkpoint>(line).unwrap().seq < from);
            }),
            Kind::Backend => {
                let backend = self.backend.as_ref().unwrap();
                let folder = ObjectKey::parse("audit/s/checkpoints").unwrap();
                let keys: Vec<ObjectKey> =
                    backend.list(&folder).map(|meta| meta.unwrap().key).collect().await;
                for key in keys {
                    let body = backend.get(&key).await.unwrap().body;
                    if serde_json::from_slice::<Checkpoint>(&body).unwrap().seq >= from {
                        backend.delete(&key).await.unwrap();
                    }
                }
            }
        }
    }

    async fn checkpoints(&self) -> Vec<Checkpoint> {
        self.sink.checkpoints(&stream("s")).await.unwrap()
    }
}

fn edit_lines(path: &std::path::Path, edit: impl FnOnce(&mut Vec<String>)) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    edit(&mut lines);
    let mut text = lines.join("\n");
    if !lines.is_empty() {
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

/// `event` with one JSON field changed (as an attacker edits storage).
fn edited(event: &AuditEvent, field: &str, value: Value) -> AuditEvent {
    let mut json = serde_json::to_value(event).unwrap();
    json[field] = value;
    serde_json::from_value(json).unwrap()
}

/// `event` re-chained after `prev` as an unkeyed (version 1) event, its SHA-256 recomputed:
/// the old format's chain, which anyone can compute.
fn unkeyed(event: &AuditEvent, prev: EventHash) -> AuditEvent {
    let mut json = serde_json::to_value(event).unwrap();
    json["format"] = Value::from(1);
    json["prev_hash"] = Value::from(prev.to_hex());
    let forged: AuditEvent = serde_json::from_value(json.clone()).unwrap();
    let hash = EventHash(Sha256::digest(forged.canonical_bytes()).into());
    json["hash"] = Value::from(hash.to_hex());
    serde_json::from_value(json).unwrap()
}

#[tokio::test]
async fn an_edited_field_is_named() {
    for kind in KINDS {
        let store = Store::filled(kind, 100).await;
        let event = store.event(37).await;
        store.write_event(37, &edited(&event, "actor", Value::from("mallory"))).await;
        assert_eq!(store.tamper().await, Tamper::Edited { seq: 37 }, "{kind:?}");
    }
}

#[tokio::test]
async fn a_deleted_event_is_named() {
    for kind in KINDS {
        let store = Store::filled(kind, 100).await;
        store.remove_event(50).await;
        assert_eq!(store.tamper().await, Tamper::Deleted { seq: 50 }, "{kind:?}");
    }
}

#[tokio::test]
async fn reordered_events_are_named() {
    for kind in KINDS {
        let store = Store::filled(kind, 100).await;
        let (twenty, twenty_one) = (store.event(20).await, store.event(21).await);
        store.write_event(20, &twenty_one).await;
        store.write_event(21, &twenty).await;
        assert_eq!(store.tamper().await, Tamper::Reordered { seq: 20 }, "{kind:?}");
    }
}

#[tokio::test]
async fn an_event_forged_without_the_key_is_named() {
    for kind in KINDS {
        // Appended after the head, linked to it, sealed under another key.
        let store = Store::filled(kind, 100).await;
        let head = store.event(100).await;
        let new = plain(7).actor(id("mallory"));
        let head = Head { seq: 100, hash: *head.hash() };
        let forged = seal(&attacker(), &stream("s"), head, [new]).unwrap().remove(0);
        store.write_event(101, &forged).await;
        assert_eq!(store.tamper().await, Tamper::Edited { seq: 101 }, "{kind:?}");
        // Inserted in the middle, in place of a genuine event.
        let store = Store::filled(kind, 100).await;
        let before = store.event(59).await;
        let head = Head { seq: 59, hash: *before.hash() };
        let forged = seal(&attacker(), &stream("s"), head, [plain(1)]).unwrap().remove(0);
        store.write_event(60, &forged).await;
        assert_eq!(store.tamper().await, Tamper::Edited { seq: 60 }, "{kind:?}");
    }
}

#[tokio::test]
async fn a_chain_recomputed_without_the_key_is_named() {
    for kind in KINDS {
        // An edit at 37, and every hash from there recomputed the old, unkeyed way.
        let store = Store::filled(kind, 100).await;
        let mut prev = *store.event(36).await.hash();
        for seq in 37..=100 {
            let event = store.event(seq).await;
            let event =
                if seq == 37 { edited(&event, "owner", Value::from("carol")) } else { event };
            let forged = unkeyed(&event, prev);
            prev = *forged.hash();
            store.write_event(seq, &forged).await;
        }
        assert_eq!(store.tamper().await, Tamper::Unkeyed { seq: 37 }, "{kind:?}");
        // An unkeyed event appended after the head.
        let store = Store::filled(kind, 100).await;
        let head = store.event(100).await;
        let extra = edited(&head, "seq", Value::from(101));
        store.write_event(101, &unkeyed(&extra, *head.hash())).await;
        assert_eq!(store.tamper().await, Tamper::Unkeyed { seq: 101 }, "{kind:?}");
        // The whole log rewritten unkeyed, checkpoints deleted.
        let store = Store::filled(kind, 100).await;
        let mut prev = EventHash::GENESIS;
        for seq in 1..=100 {
            let forged = unkeyed(&store.event(seq).await, prev);
            prev = *forged.hash();
            store.write_event(seq, &forged).await;
        }
        store.remove_checkpoints(0).await;
        assert!(
            matches!(
                store.tamper().await,
                Tamper::Unkeyed { seq: 1 } | Tamper::NoCheckpoint { .. }
            ),
            "{kind:?}"
        );
    }
}

#[tokio::test]
async fn deleted_checkpoints_are_named() {
    for kind in KINDS {
        let store = Store::filled(kind, 100).await;
        store.remove_checkpoints(0).await;
        assert_eq!(store.tamper().await, Tamper::NoCheckpoint { events: 100 }, "{kind:?}");
    }
}

#[tokio::test]
async fn truncation_is_named_with_or_without_the_checkpoints() {
    for kind in KINDS {
        // The tail cut, checkpoints left.
        let store = Store::filled(kind, 100).await;
        for seq in 91..=100 {
            store.remove_event(seq).await;
        }
        assert_eq!(
            store.tamper().await,
            Tamper::TruncatedAfterCheckpoint { checkpoint_seq: 100, last_seq: 90 },
            "{kind:?}"
        );
        // A second session's tail and checkpoints cut: events follow the first session's
        // closing checkpoint unsealed.
        let store = Store::filled(kind, 100).await;
        store.session(100, 120, None).await;
        store.verify().await.unwrap();
        for seq in 111..=120 {
            store.remove_event(seq).await;
        }
        store.remove_checkpoints(101).await;
        assert_eq!(store.tamper().await, Tamper::AfterClose { seq: 101 }, "{kind:?}");
        // Cut back to an earlier checkpoint, with everything after it: only a checkpoint kept
        // outside the store tells, and it does.
        let store = Store::filled(kind, 100).await;
        let anchor = store.checkpoints().await.pop().unwrap();
        assert!(anchor.closed && anchor.seq == 100);
        for seq in 76..=100 {
            store.remove_event(seq).await;
        }
        store.remove_checkpoints(76).await;
        assert_eq!(store.verify().await.unwrap().events, 75);
        match fabric_audit::verify_with(store.sink.as_ref(), &key(), &[anchor]).await {
            Err(Error::Tampered { tamper, .. }) => assert_eq!(
                tamper,
                Tamper::TruncatedAfterCheckpoint { checkpoint_seq: 100, last_seq: 75 },
                "{kind:?}"
            ),
            other => panic!("{kind:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn deleting_everything_is_named_against_the_witness() {
    for kind in KINDS {
        let witness_dir = tempfile::tempdir().unwrap();
        let witness: Arc<dyn AuditSink> =
            Arc::new(JsonlSink::open(&witness_dir.path().join("witness.jsonl")).unwrap());
        let store = Store::new(kind);
        store.session(0, 60, Some(witness.clone())).await;
        let witnessed = witness.checkpoints(&stream("s")).await.unwrap();
        let mut seqs: Vec<u64> = witnessed.iter().map(|checkpoint| checkpoint.seq).collect();
        seqs.dedup();
        // 60: the first append's checkpoint, and the closing one.
        assert_eq!(seqs, [25, 50, 60]);
        assert!(witnessed.last().unwrap().closed);
        let report =
            fabric_audit::verify_with(store.sink.as_ref(), &key(), &witnessed).await.unwrap();
        assert_eq!(report.streams[0].anchors, witnessed.len() as u64);
        // Events only.
        for seq in 1..=60 {
            store.remove_event(seq).await;
        }
        assert_eq!(
            store.tamper().await,
            Tamper::TruncatedAfterCheckpoint { checkpoint_seq: 60, last_seq: 0 },
            "{kind:?}"
        );
        // Checkpoints too: the store alone now looks empty; the witness names the stream.
        store.remove_checkpoints(0).await;
        assert_eq!(store.verify().await.unwrap().events, 0);
        match fabric_audit::verify_with(store.sink.as_ref(), &key(), &witnessed).await {
            Err(Error::Tampered { stream: named, tamper }) => {
                assert_eq!(named, stream("s"));
                assert_eq!(
                    tamper,
                    Tamper::TruncatedAfterCheckpoint { checkpoint_seq: 60, last_seq: 0 }
                );
            }
            other => panic!("{kind:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn laundering_during_a_run_is_refused_and_named() {
    for kind in KINDS {
        // An event deleted under a running writer: its next checkpoint is refused.
        let store = Store::new(kind);
        let log = AuditLog::builder(store.sink.clone(), key(), stream("s"))
            .checkpoint_every(1000)
            .build()
            .unwrap();
        log.append_many((0..50).map(plain).collect()).await.unwrap();
        log.append_many((50..60).map(plain).collect()).await.unwrap();
        store.remove_event(55).await;
        log.append_many((60..70).map(plain).collect()).await.unwrap();
        let refused = log.flush().await;
        assert!(
            matches!(&refused, Err(Error::AppendFailed { source }) if matches!(**source, Error::Tampered { tamper: Tamper::Deleted { seq: 55 }, .. })),
            "{kind:?}: {refused:?}"
        );
        assert_eq!(log.refused_checkpoints(), 1, "{kind:?}");
        assert_eq!(store.tamper().await, Tamper::Deleted { seq: 55 }, "{kind:?}");

        // The head deleted under a running writer: the next append or checkpoint is refused,
        // and nothing takes the removed event's number unnoticed.
        let store = Store::new(kind);
        let log = AuditLog::builder(store.sink.clone(), key(), stream("s")).build().unwrap();
        log.append_many((0..30).map(plain).collect()).await.unwrap();
        store.remove_event(30).await;
        let next = log.append(plain(31)).await;
        let flushed = log.flush().await;
        assert!(next.is_err() || flushed.is_err(), "{kind:?}: {next:?} {flushed:?}");
        assert!(log.refused_checkpoints() >= 1, "{kind:?}");
        assert!(store.verify().await.is_err(), "{kind:?}");
    }
}
