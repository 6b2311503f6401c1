//! Credentials are never stored in the clear: the default store policy redacts an AWS key
//! pair and a PEM private key before sealing, so neither the opened record, nor the database
//! file, nor the recall index, nor the audit log holds them; and the tracing spans of every
//! operation name the owner, record and actor, never content.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

use std::sync::Arc;

use fabric_core::fabric_audit::sink::sqlite::SqliteSink;
use fabric_core::fabric_audit::{AuditSink, tail};
use fabric_core::fabric_crypto::{Keyring, MasterKey, OsRandom};
use fabric_core::fabric_store::SqliteBackend;
use fabric_core::{Filter, MemoryFabric, NewRecord, PrivacyLevel, RecallQuery};
use serde_json::json;

const ACCESS_KEY: &str = "AKIAQX3W7PZK5T2M4N6B";
const SECRET_KEY: &str = "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";
const PEM_BODY: &str = "MIIEowIBAAKCAQEAv3nQ8c2Lk7Zp4Rw9Tf1Hx6Ym0Ja5Ub8Sd3Gq7Ne2Vi4Ko";

#[tokio::test]
async fn an_aws_key_pair_and_a_pem_private_key_are_redacted_before_sealing() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("fabric.db");
    let sink: Arc<dyn AuditSink> =
        Arc::new(SqliteSink::open(&dir.path().join("audit.db")).unwrap());
    let fabric = MemoryFabric::builder()
        .backend(Arc::new(SqliteBackend::open(&database).unwrap()))
        .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
        .audit_to(Arc::clone(&sink), "test")
        .build()
        .unwrap();
    let pem = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----"
    );
    let mut input = NewRecord::new(
        "acme",
        format!(
            "The deploy tool printed its config:\naws_access_key_id = {ACCESS_KEY}\n\
             aws_secret_access_key = {SECRET_KEY}\nand the signing key:\n{pem}\nrotate them"
        ),
    );
    let serde_json::Value::Object(metadata) =
        json!({ "env": { "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "key_id": ACCESS_KEY } })
    else {
        unreachable!()
    };
    input.metadata = metadata;
    input.tags = vec![format!("key {ACCESS_KEY}")];
    let stored = fabric.store(input).await.unwrap();
    assert_eq!(stored.privacy_level, PrivacyLevel::Secret);
    assert!(stored.pii_types.iter().any(|pii_type| pii_type.as_str() == "SECRET"));

    let values = [ACCESS_KEY, SECRET_KEY, PEM_BODY, "BEGIN RSA PRIVATE KEY"];
    // The opened record, read back as its owner would, through every read.
    let opened = fabric.retrieve("acme", stored.id.as_str()).await.unwrap();
    let listed = fabric.list(&Filter::owner("acme")).await.unwrap();
    let query = RecallQuery {
        text: Some("deploy config signing key".into()),
        k: 3,
        filter: Filter::owner("acme"),
        ..RecallQuery::default()
    };
    let recalled = fabric.recall(&query).await.unwrap();
    assert_eq!((listed.len(), recalled.len()), (1, 1));
    for record in [&opened, &listed[0], &recalled[0].record] {
        let shown = serde_json::to_string(record).unwrap();
        assert!(shown.contains("[SECRET]"), "{shown}");
        assert!(shown.contains("rotate them"), "the prose is kept");
        for value in values {
            assert!(!shown.contains(value), "{value} kept in {shown}");
        }
    }
    // The sealed side: the database file (records, recall index) and the audit log, with
    // its write-ahead log folded in by closing the fabric.
    drop(fabric);
    for path in [database, dir.path().join("audit.db")] {
        let mut bytes = std::fs::read(&path).unwrap();
        let wal = path.with_extension("db-wal");
        if wal.exists() {
            bytes.extend(std::fs::read(wal).unwrap());
        }
        let text = String::from_utf8_lossy(&bytes);
        for value in values {
            assert!(!text.contains(value), "{value} in {}", path.display());
        }
    }
    for event in tail(sink.as_ref(), 10).await.unwrap() {
        let text = format!("{event:?}");
        assert!(values.iter().all(|value| !text.contains(value)), "{text}");
    }
}

/// Collects what a `fmt` subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn operation_spans_name_owner_record_and_actor_never_content() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let dir = tempfile::tempdir().unwrap();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let fabric = MemoryFabric::builder()
                .backend(Arc::new(SqliteBackend::open(&dir.path().join("f.db")).unwrap()))
                .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
                .build()
                .unwrap();
            let record = fabric.store(NewRecord::new("acme", "the vault code is 4711")).await;
            let id = record.unwrap().id;
            fabric.retrieve("acme", id.as_str()).await.unwrap();
            fabric.list(&Filter::owner("acme")).await.unwrap();
            fabric.delete("acme", id.as_str()).await.unwrap();
        });
    });
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for name in ["fabric.store", "fabric.retrieve", "fabric.list", "fabric.delete"] {
        assert!(text.contains(name), "{name} in {text}");
    }
    assert!(text.contains("owner=\"acme\"") || text.contains("owner=acme"), "{text}");
    assert!(text.contains("actor=\"fabric\"") || text.contains("actor=fabric"), "{text}");
    assert!(!text.contains("vault code") && !text.contains("4711"), "{text}");
}
