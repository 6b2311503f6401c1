//! Tampering with a JSONL audit log (and an object-store one) is detected and named.

use std::sync::Arc;

use fabric_audit::sink::backend::BackendSink;
use fabric_audit::sink::jsonl::JsonlSink;
use fabric_audit::{AuditEvent, Head, Operation, Status, Tamper, seal};
use fabric_store::{Backend, ObjectKey, ObjectStoreBackend, PutMode};
use tempfile::TempDir;

use crate::common::{attacker, fill, id, key, stream, tamper_of};

/// A JSONL log with 100 events in stream `s` (line k is event k), checkpoints every 25.
async fn logged() -> (TempDir, Arc<JsonlSink>) {
    let dir = tempfile::tempdir().unwrap();
    let sink = Arc::new(JsonlSink::open(&dir.path().join("audit.jsonl")).unwrap());
    fill(sink.clone(), "s", 100, 25).await;
    assert_eq!(fabric_audit::verify(sink.as_ref(), &key()).await.unwrap().events, 100);
    assert!(dir.path().join("audit.checkpoints.jsonl").exists());
    (dir, sink)
}

fn edit_lines(path: &std::path::Path, edit: impl FnOnce(&mut Vec<String>)) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    edit(&mut lines);
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(path, text).unwrap();
}

#[tokio::test]
async fn editing_one_field_is_named() {
    let (_dir, sink) = logged().await;
    edit_lines(sink.path(), |lines| {
        let line = &mut lines[36];
        assert!(line.contains("\"seq\":37,"));
        *line = line.replace("\"owner\":\"alice\"", "\"owner\":\"carol\"");
    });
    assert_eq!(tamper_of(sink.as_ref()).await, (stream("s"), Tamper::Edited { seq: 37 }));
}

#[tokio::test]
async fn editing_a_line_into_garbage_is_named() {
    let (_dir, sink) = logged().await;
    edit_lines(sink.path(), |lines| lines[9] = lines[9].replace("\"seq\":10,", "\"seq\":\"x\","));
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Malformed { seq: 10 });
}

#[tokio::test]
async fn deleting_an_event_is_named() {
    let (_dir, sink) = logged().await;
    edit_lines(sink.path(), |lines| {
        lines.remove(49);
    });
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Deleted { seq: 50 });
}

#[tokio::test]
async fn swapping_two_events_is_named() {
    let (_dir, sink) = logged().await;
    edit_lines(sink.path(), |lines| lines.swap(19, 20));
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Reordered { seq: 20 });
}

/// A forged event `seq` that links to the event before it in the log at `path`, sealed with the
/// attacker's key.
fn forged(path: &std::path::Path, seq: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let before: AuditEvent = serde_json::from_str(text.lines().nth(seq - 2).unwrap()).unwrap();
    let head = Head { seq: before.seq(), hash: *before.hash() };
    let forged = AuditEvent::new(Operation::Export, Status::Success).actor(id("mallory"));
    let forged = seal(&attacker(), &stream("s"), head, [forged]).unwrap().remove(0);
    serde_json::to_string(&forged).unwrap()
}

#[tokio::test]
async fn inserting_a_forged_event_is_named() {
    // After the genuine event 50: a second event 50.
    let (_dir, sink) = logged().await;
    let line = forged(sink.path(), 50);
    edit_lines(sink.path(), |lines| lines.insert(50, line));
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Inserted { seq: 50 });
    // Before it: the forgery, in the place of 60, does not verify under the log's key.
    let (_dir, sink) = logged().await;
    let line = forged(sink.path(), 60);
    edit_lines(sink.path(), |lines| lines.insert(59, line));
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Edited { seq: 60 });
    // At a checkpointed seq too.
    let (_dir, sink) = logged().await;
    let line = forged(sink.path(), 50);
    edit_lines(sink.path(), |lines| lines.insert(49, line));
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Edited { seq: 50 });
}

#[tokio::test]
async fn truncating_the_tail_is_named() {
    let (_dir, sink) = logged().await;
    edit_lines(sink.path(), |lines| lines.truncate(90));
    assert_eq!(
        tamper_of(sink.as_ref()).await.1,
        Tamper::TruncatedAfterCheckpoint { checkpoint_seq: 100, last_seq: 90 }
    );
}

#[tokio::test]
async fn editing_a_checkpoint_is_named() {
    let (_dir, sink) = logged().await;
    edit_lines(sink.checkpoints_path(), |lines| {
        let line = lines.iter_mut().find(|line| line.contains("\"seq\":50,")).unwrap();
        let at = line.find("\"mac\":\"").unwrap() + 7;
        let flipped = if &line[at..at + 1] == "0" { "1" } else { "0" };
        line.replace_range(at..at + 1, flipped);
    });
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::BadCheckpoint { seq: 50 });
}

#[tokio::test]
async fn a_torn_final_line_is_ignored_and_cut_off_by_the_next_writer() {
    let (_dir, sink) = logged().await;
    let mut text = std::fs::read_to_string(sink.path()).unwrap();
    text.push_str("{\"stream\":\"s\",\"seq\":101,\"ti");
    std::fs::write(sink.path(), &text).unwrap();
    assert_eq!(fabric_audit::verify(sink.as_ref(), &key()).await.unwrap().events, 100);
    let reopened = Arc::new(JsonlSink::open(sink.path()).unwrap());
    fill(reopened.clone(), "s", 5, 25).await;
    assert_eq!(fabric_audit::verify(reopened.as_ref(), &key()).await.unwrap().events, 105);
}

#[tokio::test]
async fn object_store_tampering_is_named() {
    let backend = Arc::new(ObjectStoreBackend::memory());
    let sink = Arc::new(BackendSink::new(backend.clone()));
    fill(sink.clone(), "s", 40, 10).await;
    fill(sink.clone(), "t", 5, 10).await;
    let report = fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    assert_eq!(report.events, 45);
    assert_eq!(report.streams.len(), 2);
    let object = |seq: u64| ObjectKey::parse(&format!("audit/s/events/{seq:020}")).unwrap();
    let body_30 = backend.get(&object(30)).await.unwrap().body;
    let body_31 = backend.get(&object(31)).await.unwrap().body;
    backend.delete(&object(30)).await.unwrap();
    assert_eq!(tamper_of(sink.as_ref()).await, (stream("s"), Tamper::Deleted { seq: 30 }));
    backend.put(&object(30), body_30, PutMode::Create).await.unwrap();
    fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    backend.put(&object(41), body_31, PutMode::Create).await.unwrap();
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Inserted { seq: 31 });
}

#[tokio::test]
async fn text_added_to_an_event_line_is_named() {
    let (_dir, sink) = logged().await;
    edit_lines(sink.path(), |lines| {
        lines[19] = lines[19].replacen('{', "{\"note\":\"call jane on 555-0100\",", 1);
    });
    assert_eq!(tamper_of(sink.as_ref()).await.1, Tamper::Malformed { seq: 20 });
}

#[tokio::test]
async fn the_close_counts_whatever_the_order_of_checkpoints_at_its_head() {
    let (dir, sink) = logged().await;
    let checkpoints = dir.path().join("audit.checkpoints.jsonl");
    edit_lines(&checkpoints, |lines| {
        let closing = lines.iter().position(|line| line.contains("\"closed\":true")).unwrap();
        let line = lines.remove(closing);
        let at_head = lines.iter().position(|line| line.contains("\"seq\":100,")).unwrap_or(0);
        lines.insert(at_head, line);
    });
    let report = fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    assert!(report.streams.iter().all(|stream| stream.closed), "{report:?}");
}

#[tokio::test]
async fn a_torn_checkpoint_line_is_cut_off_before_the_next_one() {
    let (dir, sink) = logged().await;
    let checkpoints = dir.path().join("audit.checkpoints.jsonl");
    let mut torn = std::fs::read(&checkpoints).unwrap();
    torn.extend_from_slice(b"{\"stream\":\"s\",\"seq\":1");
    std::fs::write(&checkpoints, torn).unwrap();
    fill(sink.clone(), "s", 10, 5).await;
    let report = fabric_audit::verify(sink.as_ref(), &key()).await.unwrap();
    assert_eq!(report.events, 110);
}
