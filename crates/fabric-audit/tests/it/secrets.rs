//! What is stored holds no content, metadata value, key, token or PII value.
//!
//! The types make it impossible to put them in: an event has no free-text field, and every id
//! refuses spaces, quotes, slashes and newlines. This test documents it on the bytes actually
//! stored, by both file sinks, when events are built from typical inputs.

use std::sync::Arc;

use fabric_audit::sink::jsonl::JsonlSink;
use fabric_audit::sink::sqlite::SqliteSink;
use fabric_audit::{
    AuditEvent, AuditLog, Detail, DetailName, FieldName, Id, KeyName, NewEvent, Operation, PiiType,
    Reason, Status,
};

use crate::common::stream;

/// What a store request carries; only the first two fields are ids.
struct StoreRequest {
    owner: &'static str,
    record_id: &'static str,
    content: &'static str,
    metadata: &'static [(&'static str, &'static str)],
    api_token: &'static str,
    master_key_b64: &'static str,
}

const REQUEST: StoreRequest = StoreRequest {
    owner: "alice",
    record_id: "01J9ZK3C2Y",
    content: "Dear diary, the launch code is TANGO-4471 and Jane Roe lives at 12 Elm Street",
    metadata: &[("ssn", "078-05-1120"), ("email", "jane.roe@example.com")],
    api_token: "fmk_live_7Hq2XvP9sL0aZ3",
    master_key_b64: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
};

/// The distinctive strings that must never reach storage.
const SECRETS: &[&str] = &[
    "TANGO-4471",
    "Jane Roe",
    "Elm Street",
    "078-05-1120",
    "jane.roe@example.com",
    "fmk_live_7Hq2XvP9sL0aZ3",
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
    "000102030405060708090a0b0c0d0e0f",
];

/// Events as fabric-core builds them from the request: ids, sizes, PII type names, key ids.
fn events_for(request: &StoreRequest) -> Vec<NewEvent> {
    let owner = Id::parse(request.owner).unwrap();
    let record = Id::parse(request.record_id).unwrap();
    let key_id = KeyName::parse("k3fa9c1d2e4b6").unwrap();
    let pii = vec![PiiType::parse("EMAIL").unwrap(), PiiType::parse("US_SSN").unwrap()];
    let size = request.content.len() + request.metadata.len();
    vec![
        AuditEvent::new(Operation::Authenticate, Status::Success).actor(owner.clone()),
        AuditEvent::new(Operation::Store, Status::Success)
            .actor(owner.clone())
            .owner(owner.clone())
            .record(record.clone())
            .detail(DetailName::SIZE, Detail::Bytes(size as u64))
            .detail(DetailName::PII_TYPES, Detail::PiiTypes(pii))
            .detail(DetailName::KEY_ID, Detail::KeyId(key_id)),
        AuditEvent::new(Operation::Retrieve, Status::Denied)
            .actor(Id::parse("bob").unwrap())
            .owner(owner)
            .record(record)
            .reason(Reason::PermissionDenied),
        AuditEvent::new(Operation::Authenticate, Status::Denied)
            .reason(Reason::InvalidInput { field: FieldName::Credential }),
    ]
}

#[test]
fn free_text_cannot_become_an_id_or_a_name() {
    assert!(Id::parse(REQUEST.content).is_err());
    for (_, value) in REQUEST.metadata {
        // "jane.roe@example.com" is a valid principal id: ids are the caller's to choose,
        // which is why metadata values never go through an `Id`.
        let _ = Id::parse(value);
    }
    // Nor can a charset tell a base64 key from an id: keys stay out because no field takes
    // key material, and a key-id field refuses base64.
    assert!(KeyName::parse(REQUEST.master_key_b64).is_err());
    // A token can look like an id: what keeps it out is that no field takes a credential.
    assert!(Id::parse(REQUEST.api_token).is_ok());
    assert!(PiiType::parse("jane.roe@example.com").is_err());
    assert!(DetailName::parse("Jane Roe").is_err());
    // Errors never echo the refused text.
    let error = Id::parse(REQUEST.content).unwrap_err().to_string();
    assert!(SECRETS.iter().all(|secret| !error.contains(secret)), "{error}");
}

#[tokio::test]
async fn stored_rows_and_lines_hold_none_of_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    let jsonl = dir.path().join("audit.jsonl");
    let sqlite_sink = Arc::new(SqliteSink::open(&db).unwrap());
    let jsonl_sink = Arc::new(JsonlSink::open(&jsonl).unwrap());
    let master = fabric_crypto::MasterKey::parse(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    )
    .unwrap();
    for sink in [sqlite_sink as Arc<dyn fabric_audit::AuditSink>, jsonl_sink] {
        let audit_key = fabric_audit::AuditKey::derive(&master);
        let log = AuditLog::builder(sink, audit_key, stream("node-1")).build().unwrap();
        log.append_many(events_for(&REQUEST)).await.unwrap();
        log.close().await.unwrap();
    }

    // Every stored value of both tables, as text (blobs as hex and as lossy UTF-8).
    let connection = rusqlite::Connection::open(&db).unwrap();
    let mut stored = String::new();
    for table in ["fabric_audit_events", "fabric_audit_checkpoints"] {
        let mut statement = connection.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n_columns = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for column in 0..n_columns {
                match row.get_ref(column).unwrap() {
                    rusqlite::types::ValueRef::Text(text)
                    | rusqlite::types::ValueRef::Blob(text) => {
                        stored.push_str(&String::from_utf8_lossy(text));
                        stored.push_str(&hex::encode(text));
                    }
                    other => stored.push_str(&format!("{other:?}")),
                }
                stored.push('|');
            }
        }
    }
    // The raw database file too, WAL included.
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        stored.push_str(&String::from_utf8_lossy(&bytes));
    }
    assert!(stored.contains("alice") && stored.contains("permission_denied"));
    assert!(stored.contains("US_SSN") && stored.contains("k3fa9c1d2e4b6"));
    for secret in SECRETS {
        assert!(!stored.contains(secret), "{secret} reached storage");
    }
    let jsonl_text = std::fs::read_to_string(&jsonl).unwrap();
    assert!(jsonl_text.contains("\"operation\":\"store\""));
    for secret in SECRETS {
        assert!(!jsonl_text.contains(secret), "{secret} reached the jsonl file");
    }
}
