//! Unit tests of [`MemoryFabric`] on the in-memory backend.

use fabric_types::PiiType;
use std::sync::Arc;

use bytes::Bytes;
use chrono::Duration;
use fabric_crypto::{Keyring, MasterKey, OsRandom};
use fabric_store::ObjectStoreBackend;

use super::*;
use crate::{MemoryType, PrivacyLevel, StorageTier};

fn fabric_with(backend: Arc<dyn Backend>, key: &str) -> MemoryFabric {
    MemoryFabric::builder()
        .backend(backend)
        .keyring(Keyring::single(MasterKey::parse(key).unwrap()))
        .build()
        .unwrap()
}

const KEY_A: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const KEY_B: &str = "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100";

fn fabric() -> MemoryFabric {
    fabric_with(Arc::new(ObjectStoreBackend::memory()), KEY_A)
}

#[tokio::test]
async fn store_and_retrieve_every_field() {
    let fabric = fabric();
    let input = NewRecord {
        session_id: Some("s-1".into()),
        source: Some("chat".into()),
        embedding: Some(vec![0.25, -1.0]),
        privacy_level: PrivacyLevel::Sensitive,
        ..NewRecord::new("alice", "likes green tea")
            .with_tag("prefs")
            .with_tag("drinks")
            .with_metadata("lang", "en")
            .with_memory_type(MemoryType::Profile)
            .with_storage_tier(StorageTier::Warm)
            .with_importance(0.9)
    };
    let stored = fabric.store(input).await.unwrap();
    assert_eq!(stored.version, 1);
    assert_eq!(stored.tags, ["drinks", "prefs"]);
    let read = fabric.retrieve("alice", stored.id.as_str()).await.unwrap();
    assert_eq!(read, stored);
}

#[tokio::test]
async fn upsert_keeps_created_at_and_bumps_version() {
    let fabric = fabric();
    let first = fabric.store(NewRecord::new("alice", "v1").with_id("note-1")).await.unwrap();
    let second = fabric.store(NewRecord::new("alice", "v2").with_id("note-1")).await.unwrap();
    assert_eq!((second.version, second.created_at), (2, first.created_at));
    assert_eq!(fabric.retrieve("alice", "note-1").await.unwrap().content, "v2");
    // The same id under another owner is another record.
    let bob = fabric.store(NewRecord::new("bob", "b").with_id("note-1")).await.unwrap();
    assert_eq!(bob.version, 1);
}

#[tokio::test]
async fn another_owners_record_is_not_found() {
    let fabric = fabric();
    let stored = fabric.store(NewRecord::new("alice", "secret plan")).await.unwrap();
    let result = fabric.retrieve("bob", stored.id.as_str()).await;
    assert!(matches!(result, Err(Error::NotFound { .. })), "{result:?}");
    assert!(matches!(fabric.delete("bob", stored.id.as_str()).await, Err(Error::NotFound { .. })));
}

#[tokio::test]
async fn list_applies_every_filter() {
    let fabric = fabric();
    let now = Utc::now();
    fabric
        .store(NewRecord::new("alice", "a").with_tag("x").with_tag("y").with_metadata("k", 1))
        .await
        .unwrap();
    fabric
        .store(NewRecord::new("alice", "b").with_tag("y").with_memory_type(MemoryType::Note))
        .await
        .unwrap();
    fabric.store(NewRecord::new("alice", "c").with_storage_tier(StorageTier::Cold)).await.unwrap();
    fabric
        .store(NewRecord {
            privacy_level: PrivacyLevel::Restricted,
            ..NewRecord::new("alice", "d")
        })
        .await
        .unwrap();
    fabric
        .store(NewRecord::new("alice", "gone").with_expires_at(now - Duration::seconds(1)))
        .await
        .unwrap();
    fabric.store(NewRecord::new("bob", "e").with_tag("x")).await.unwrap();

    let contents =
        |records: Vec<Record>| records.into_iter().map(|r| r.content).collect::<Vec<_>>();
    assert_eq!(contents(fabric.list(&Filter::owner("alice")).await.unwrap()), ["a", "b", "c", "d"]);
    assert_eq!(contents(fabric.list(&Filter::default()).await.unwrap()).len(), 5);
    assert_eq!(
        contents(fabric.list(&Filter::owner("alice").with_tag("y")).await.unwrap()),
        ["a", "b"]
    );
    assert_eq!(
        contents(fabric.list(&Filter::owner("alice").with_tag("x").with_tag("y")).await.unwrap()),
        ["a"]
    );
    let any = Filter { tags_any: vec!["x".into(), "nope".into()], ..Filter::default() };
    assert_eq!(contents(fabric.list(&any).await.unwrap()), ["a", "e"]);
    assert_eq!(
        contents(fabric.list(&Filter::owner("alice").with_metadata("k", 1)).await.unwrap()),
        ["a"]
    );
    assert!(fabric.list(&Filter::owner("alice").with_metadata("k", "1")).await.unwrap().is_empty());
    assert_eq!(
        contents(
            fabric.list(&Filter::owner("alice").with_memory_type(MemoryType::Note)).await.unwrap()
        ),
        ["b"]
    );
    assert_eq!(
        contents(
            fabric
                .list(&Filter::owner("alice").with_storage_tier(StorageTier::Cold))
                .await
                .unwrap()
        ),
        ["c"]
    );
    let private =
        Filter { max_privacy_level: Some(PrivacyLevel::Sensitive), ..Filter::owner("alice") };
    assert_eq!(contents(fabric.list(&private).await.unwrap()), ["a", "b", "c"]);
    let later = Filter { created_after: Some(now + Duration::hours(1)), ..Filter::default() };
    assert!(fabric.list(&later).await.unwrap().is_empty());
    let earlier = Filter {
        created_before: Some(now + Duration::hours(1)),
        limit: Some(2),
        ..Filter::default()
    };
    assert_eq!(fabric.list(&earlier).await.unwrap().len(), 2);
}

#[tokio::test]
async fn expired_and_deleted_records_are_gone() {
    let fabric = fabric();
    let expired = fabric
        .store(NewRecord::new("alice", "old").with_expires_at(Utc::now() - Duration::seconds(5)))
        .await
        .unwrap();
    assert!(matches!(
        fabric.retrieve("alice", expired.id.as_str()).await,
        Err(Error::NotFound { .. })
    ));
    let live = fabric.store(NewRecord::new("alice", "x")).await.unwrap();
    fabric.delete("alice", live.id.as_str()).await.unwrap();
    assert!(matches!(
        fabric.retrieve("alice", live.id.as_str()).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(fabric.delete("alice", live.id.as_str()).await, Err(Error::NotFound { .. })));
}

#[tokio::test]
async fn bad_input_in_a_batch_stores_nothing() {
    let backend: Arc<dyn Backend> = Arc::new(ObjectStoreBackend::memory());
    let fabric = fabric_with(Arc::clone(&backend), KEY_A);
    let batch = vec![NewRecord::new("alice", "fine"), NewRecord::new("alice", "")];
    assert!(matches!(
        fabric.store_many(batch).await,
        Err(Error::InvalidInput { field: "content", .. })
    ));
    let twice = vec![NewRecord::new("a", "1").with_id("x"), NewRecord::new("a", "2").with_id("x")];
    assert!(matches!(fabric.store_many(twice).await, Err(Error::InvalidInput { field: "id", .. })));
    assert!(fabric.list(&Filter::default()).await.unwrap().is_empty());
    for (owner, id) in [("../x", "a"), ("alice", "a/b"), ("", "a"), ("alice", "")] {
        assert!(
            matches!(fabric.retrieve(owner, id).await, Err(Error::InvalidInput { .. })),
            "{owner} {id}"
        );
    }
}

#[tokio::test]
async fn tampered_header_or_envelope_fails_authentication_and_wrong_key_says_so() {
    let backend: Arc<dyn Backend> = Arc::new(ObjectStoreBackend::memory());
    let fabric = fabric_with(Arc::clone(&backend), KEY_A);
    let record = fabric.store(NewRecord::new("alice", "the vault code is 1234")).await.unwrap();
    let key = record_key("alice", &record.id).unwrap();
    let original = backend.get(&key).await.unwrap().body;

    // Move the record to the cold tier in the clear header: the header is authenticated.
    let mut edited = original.to_vec();
    assert_eq!(edited[6], 0, "tier byte of a hot record");
    edited[6] = 2;
    backend.put(&key, Bytes::from(edited), PutMode::Overwrite).await.unwrap();
    let result = fabric.retrieve("alice", record.id.as_str()).await;
    assert!(matches!(result, Err(Error::Authentication { .. })), "{result:?}");

    // Expire it in the clear header (`expires_at` at frame bytes 24..32): the listing fails
    // rather than leaving the record out as expired.
    let mut expired = original.to_vec();
    expired[24..32].copy_from_slice(&1_i64.to_be_bytes());
    backend.put(&key, Bytes::from(expired), PutMode::Overwrite).await.unwrap();
    let listed = fabric.list(&Filter::owner("alice")).await;
    assert!(matches!(listed, Err(Error::Authentication { .. })), "{listed:?}");

    let mut flipped = original.to_vec();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    backend.put(&key, Bytes::from(flipped), PutMode::Overwrite).await.unwrap();
    let error = fabric.retrieve("alice", record.id.as_str()).await.unwrap_err();
    assert!(matches!(error, Error::Authentication { .. }), "{error:?}");
    assert!(error.to_string().contains("failed authentication"));
    assert!(!error.to_string().contains("vault"));
    assert!(matches!(
        fabric.list(&Filter::owner("alice")).await,
        Err(Error::Authentication { .. })
    ));

    backend.put(&key, original, PutMode::Overwrite).await.unwrap();
    let other_key = fabric_with(Arc::clone(&backend), KEY_B);
    let error = other_key.retrieve("alice", record.id.as_str()).await.unwrap_err();
    assert!(matches!(error, Error::UnknownKey { .. }), "{error:?}");
    assert!(error.to_string().contains("failed authentication"));
}

#[tokio::test]
async fn moved_record_does_not_open() {
    let backend: Arc<dyn Backend> = Arc::new(ObjectStoreBackend::memory());
    let fabric = fabric_with(Arc::clone(&backend), KEY_A);
    let alice = fabric.store(NewRecord::new("alice", "alice's secret")).await.unwrap();
    let bytes = backend.get(&record_key("alice", &alice.id).unwrap()).await.unwrap().body;
    let stolen = record_key("mallory", &alice.id).unwrap();
    backend.put(&stolen, bytes.clone(), PutMode::Create).await.unwrap();
    let result = fabric.retrieve("mallory", alice.id.as_str()).await;
    assert!(matches!(result, Err(Error::Authentication { .. })), "{result:?}");
    let renamed = RecordId::parse("other-id").unwrap();
    backend.put(&record_key("alice", &renamed).unwrap(), bytes, PutMode::Create).await.unwrap();
    assert!(matches!(
        fabric.retrieve("alice", "other-id").await,
        Err(Error::Authentication { .. })
    ));
}

#[tokio::test]
async fn suites_mix_and_debug_hides_keys() {
    let backend: Arc<dyn Backend> = Arc::new(ObjectStoreBackend::memory());
    let key = MasterKey::generate(&OsRandom).unwrap();
    let secret = key.to_base64();
    let keyring = Arc::new(Keyring::single(key));
    let aes = MemoryFabric::builder()
        .backend(Arc::clone(&backend))
        .shared_keyring(Arc::clone(&keyring))
        .suite("aes-256-gcm")
        .build()
        .unwrap();
    let chacha = MemoryFabric::builder()
        .backend(Arc::clone(&backend))
        .shared_keyring(keyring)
        .suite("chacha20-poly1305")
        .build()
        .unwrap();
    let one = aes.store(NewRecord::new("o", "sealed with aes")).await.unwrap();
    let two = chacha.store(NewRecord::new("o", "sealed with chacha")).await.unwrap();
    assert_eq!(chacha.retrieve("o", one.id.as_str()).await.unwrap().content, "sealed with aes");
    assert_eq!(aes.retrieve("o", two.id.as_str()).await.unwrap().content, "sealed with chacha");
    assert!(!format!("{aes:?}").contains(secret.as_str()));
    assert!(
        MemoryFabric::builder()
            .suite("rot13")
            .backend(backend)
            .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
            .build()
            .is_err()
    );
}

#[cfg(feature = "privacy")]
mod privacy {
    use fabric_privacy::RedactionStrategy;

    use super::*;
    use crate::{Limits, PrivacyAction, PrivacyPolicy};

    const CARD: &str = "4111 1111 1111 1111";

    fn fabric_with_policy(policy: PrivacyPolicy) -> MemoryFabric {
        MemoryFabric::builder()
            .backend(Arc::new(ObjectStoreBackend::memory()))
            .keyring(Keyring::single(MasterKey::parse(KEY_A).unwrap()))
            .privacy_policy(policy)
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn default_policy_tags_and_changes_nothing() {
        let fabric = fabric();
        let text = format!("card {CARD}, mail ana@example.org");
        let record = fabric.store(NewRecord::new("alice", text.clone())).await.unwrap();
        assert_eq!(record.privacy_level, PrivacyLevel::Restricted);
        assert_eq!(record.pii_types, [PiiType::CreditCard, PiiType::Email]);
        let read = fabric.retrieve("alice", record.id.as_str()).await.unwrap();
        assert_eq!((read.content, read.pii_types), (text, record.pii_types));
        let plain = fabric.store(NewRecord::new("alice", "nothing personal here")).await.unwrap();
        assert_eq!((plain.privacy_level, plain.pii_types.len()), (PrivacyLevel::Internal, 0));
        // Detection raises a level, never lowers it.
        let asked =
            NewRecord { privacy_level: PrivacyLevel::Restricted, ..NewRecord::new("a", "hi") };
        assert_eq!(fabric.store(asked).await.unwrap().privacy_level, PrivacyLevel::Restricted);
    }

    #[tokio::test]
    async fn credentials_are_redacted_by_default_and_kept_only_when_configured() {
        const TOKEN: &str = "ghp_1234567890abcdefghijklmnopqrstuvwxyZ";
        let text = format!("deploy with {TOKEN}, mail ana@example.org");
        let record = fabric().store(NewRecord::new("alice", text.clone())).await.unwrap();
        assert_eq!(record.privacy_level, PrivacyLevel::Secret);
        assert_eq!(record.pii_types, [PiiType::Email, PiiType::Secret]);
        assert_eq!(record.content, "deploy with [SECRET], mail [EMAIL]");
        let kept = fabric_with_policy(PrivacyPolicy {
            secret: PrivacyAction::Tag,
            ..PrivacyPolicy::default()
        })
        .store(NewRecord::new("alice", text.clone()))
        .await
        .unwrap();
        assert_eq!((kept.content, kept.privacy_level), (text, PrivacyLevel::Secret));
    }

    #[tokio::test]
    async fn redact_policy_rewrites_content_tags_and_metadata_before_sealing() {
        let policy =
            PrivacyPolicy { restricted: PrivacyAction::Redact, ..PrivacyPolicy::default() };
        let fabric = fabric_with_policy(policy);
        let input = NewRecord::new("alice", format!("pay with {CARD} today"))
            .with_tag(format!("card {CARD}"))
            .with_metadata("note", serde_json::json!({"nested": [CARD]}));
        let record = fabric.store(input).await.unwrap();
        let read = fabric.retrieve("alice", record.id.as_str()).await.unwrap();
        assert_eq!(read.content, "pay with [CREDIT_CARD] today");
        let everything = serde_json::to_string(&read).unwrap();
        assert!(
            !everything.contains("1111 1111") && !everything.contains("1111111111"),
            "{everything}"
        );
        assert_eq!(read.privacy_level, PrivacyLevel::Restricted);
    }

    #[tokio::test]
    async fn reject_policy_refuses_and_stores_nothing() {
        let policy =
            PrivacyPolicy { restricted: PrivacyAction::Reject, ..PrivacyPolicy::default() };
        let fabric = fabric_with_policy(policy);
        let batch = vec![
            NewRecord::new("alice", "fine"),
            NewRecord::new("alice", format!("ssn 123-45-6789, card {CARD}")),
        ];
        let error = fabric.store_many(batch).await.unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, Error::PolicyRejected { .. }), "{error:?}");
        assert!(message.contains("CREDIT_CARD") && message.contains("SSN"), "{message}");
        assert!(!message.contains("4111") && !message.contains("123-45"), "{message}");
        assert!(fabric.list(&Filter::default()).await.unwrap().is_empty());
        fabric.store(NewRecord::new("alice", "mail ana@example.org")).await.unwrap();
    }

    /// Records with personal data in each field the policy used to skip.
    fn records_with_pii_in_every_field() -> Vec<(&'static str, NewRecord)> {
        let base = || NewRecord::new("alice", "nothing personal");
        let with_meta = |metadata: serde_json::Value| NewRecord {
            metadata: metadata.as_object().unwrap().clone(),
            ..base()
        };
        vec![
            ("metadata key", with_meta(serde_json::json!({ "ana@example.org": "x" }))),
            ("metadata number", with_meta(serde_json::json!({ "card": 4111111111111111u64 }))),
            ("nested value", with_meta(serde_json::json!({ "a": { "b": ["ssn 123-45-6789"] } }))),
            ("nested key", with_meta(serde_json::json!({ "a": { "ana@example.org": 1 } }))),
            ("session_id", NewRecord { session_id: Some("ana@example.org".into()), ..base() }),
            ("source", NewRecord { source: Some(format!("card {CARD}")), ..base() }),
        ]
    }

    #[tokio::test]
    async fn reject_policy_scans_every_field() {
        let policy = PrivacyPolicy {
            restricted: PrivacyAction::Reject,
            sensitive: PrivacyAction::Reject,
            ..PrivacyPolicy::default()
        };
        let fabric = fabric_with_policy(policy);
        for (field, record) in records_with_pii_in_every_field() {
            let error = fabric.store(record).await.unwrap_err();
            assert!(matches!(error, Error::PolicyRejected { .. }), "{field}: {error:?}");
        }
        assert!(fabric.list(&Filter::default()).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn redact_policy_redacts_every_field() {
        for strategy in [RedactionStrategy::Label, RedactionStrategy::Pseudonym] {
            let policy = PrivacyPolicy {
                restricted: PrivacyAction::Redact,
                sensitive: PrivacyAction::Redact,
                strategy,
                ..PrivacyPolicy::default()
            };
            let fabric = fabric_with_policy(policy);
            for (field, record) in records_with_pii_in_every_field() {
                let stored = fabric.store(record).await.unwrap();
                let read = fabric.retrieve("alice", stored.id.as_str()).await.unwrap();
                // The text-bearing fields only: an id or a time may hold "4111" by chance.
                let json = serde_json::json!([
                    read.content,
                    read.metadata,
                    read.tags,
                    read.session_id,
                    read.source
                ])
                .to_string();
                for value in ["ana@example.org", "4111", "123-45-6789"] {
                    assert!(!json.contains(value), "{strategy:?} {field}: {json}");
                }
                assert!(!read.pii_types.is_empty(), "{field}");
            }
            // Two keys that redact alike keep both values.
            let record = NewRecord {
                metadata: serde_json::json!({ "ana@example.org": 1, "bob@example.org": 2 })
                    .as_object()
                    .unwrap()
                    .clone(),
                ..NewRecord::new("alice", "two keys")
            };
            let stored = fabric.store(record).await.unwrap();
            assert_eq!(stored.metadata.len(), 2, "{:?}", stored.metadata);
        }
    }

    #[tokio::test]
    async fn owners_and_ids_holding_personal_data_are_refused() {
        let fabric = fabric();
        for (record, field) in [
            (NewRecord::new("ana@example.org", "x"), "owner"),
            (NewRecord::new("own-123-45-6789", "x"), "owner"),
            (
                NewRecord { id: Some("ana@example.org".into()), ..NewRecord::new("alice", "x") },
                "id",
            ),
        ] {
            match fabric.store(record).await {
                Err(Error::InvalidInput { field: named, reason }) => {
                    assert_eq!(named, field);
                    assert!(!reason.contains("example") && !reason.contains("123-45"), "{reason}");
                }
                other => panic!("{field}: {other:?}"),
            }
        }
        assert!(fabric.list(&Filter::owner("ana@example.org")).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn limits_hold_after_redaction() {
        let policy = PrivacyPolicy {
            restricted: PrivacyAction::Redact,
            sensitive: PrivacyAction::Redact,
            strategy: RedactionStrategy::Pseudonym,
            ..PrivacyPolicy::default()
        };
        let fabric = fabric_with_policy(policy);
        let limits = Limits::default();
        // A tag at its limit whose email becomes a longer pseudonym.
        let mut tag = "a@b.co ".to_owned();
        tag.push_str(&"x".repeat(limits.max_tag_bytes - tag.len()));
        let record = NewRecord { tags: vec![tag], ..NewRecord::new("alice", "tagged") };
        match fabric.store(record).await {
            Err(Error::InvalidInput { field: "tags", .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Whatever field a detected value is put in, no trace of it survives `redact` in the
        /// stored record or the audit log.
        #[test]
        fn no_detected_value_survives_redaction(
            value in proptest::sample::select(vec![
                "ana.lopez@example.org",
                "4111 1111 1111 1111",
                "123-45-6789",
                "DE89 3704 0044 0532 0130 00",
                "+1 415 555 2671",
            ]),
            field in 0usize..8,
            prefix in "([a-z]{1,8} ){0,2}",
        ) {
            let text = format!("{prefix}{value}");
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            runtime.block_on(async {
                let dir = tempfile::tempdir().unwrap();
                let sink: Arc<dyn fabric_audit::AuditSink> = Arc::new(
                    fabric_audit::sink::jsonl::JsonlSink::open(&dir.path().join("a.jsonl")).unwrap(),
                );
                let key = MasterKey::parse(KEY_A).unwrap();
                let log = fabric_audit::AuditLog::builder(
                    Arc::clone(&sink),
                    fabric_audit::AuditKey::derive(&key),
                    fabric_audit::StreamId::parse("p").unwrap(),
                )
                .build()
                .unwrap();
                let policy = PrivacyPolicy {
                    restricted: PrivacyAction::Redact,
                    sensitive: PrivacyAction::Redact,
                    internal: PrivacyAction::Redact,
                    ..PrivacyPolicy::default()
                };
                let fabric = MemoryFabric::builder()
                    .backend(Arc::new(ObjectStoreBackend::memory()))
                    .keyring(Keyring::single(key))
                    .audit_log(Arc::new(log))
                    .privacy_policy(policy)
                    .build()
                    .unwrap();
                let mut record = NewRecord::new("alice", "plain words");
                let mut metadata = serde_json::Map::new();
                match field {
                    0 => record.content = text.clone(),
                    1 => record.tags = vec![text.clone()],
                    2 => record.session_id = Some(text.clone()),
                    3 => record.source = Some(text.clone()),
                    4 => { metadata.insert(text.clone(), serde_json::json!(1)); }
                    5 => { metadata.insert("k".into(), serde_json::json!({ "n": [text.clone()] })); }
                    6 => {
                        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                        if let Ok(number) = digits.parse::<u64>() {
                            metadata.insert("n".into(), serde_json::json!(number));
                        }
                    }
                    _ => record.id = Some(text.clone()),
                }
                record.metadata = metadata;
                // What the detector finds in the field's text (a number's JSON text) is what
                // must not survive.
                let planted = match field {
                    6 => record.metadata.get("n").map(ToString::to_string).unwrap_or_default(),
                    _ => text.clone(),
                };
                let detected: Vec<String> = fabric_privacy::PiiDetector::new()
                    .scan(&planted)
                    .iter()
                    .filter_map(|found| planted.get(found.start..found.end).map(str::to_owned))
                    .collect();
                let stored = fabric.store(record).await;
                if let Ok(stored) = &stored {
                    let read = fabric.retrieve("alice", stored.id.as_str()).await.unwrap();
                    let json = serde_json::to_string(&read).unwrap();
                    for value in &detected {
                        assert!(!json.contains(value.as_str()), "{field}: {json}");
                    }
                }
                fabric.audit_log().unwrap().close().await.unwrap();
                let audit = std::fs::read_to_string(dir.path().join("a.jsonl")).unwrap();
                for value in &detected {
                    assert!(!audit.contains(value.as_str()), "{field}: {audit}");
                }
            });
        }
    }

    #[tokio::test]
    async fn allow_policy_records_nothing() {
        let policy = PrivacyPolicy { restricted: PrivacyAction::Allow, ..PrivacyPolicy::default() };
        let record = fabric_with_policy(policy).store(NewRecord::new("a", CARD)).await.unwrap();
        assert_eq!((record.privacy_level, record.pii_types.len()), (PrivacyLevel::Internal, 0));
    }
}

mod audit {
    use fabric_audit::sink::sqlite::SqliteSink;
    use fabric_audit::{AuditKey, AuditLog, AuditSink, Operation, Status, StreamId, tail, verify};
    use fabric_store::PutMode;

    use super::*;

    async fn audited_fabric(
        dir: &tempfile::TempDir,
    ) -> (MemoryFabric, Arc<dyn AuditSink>, Arc<AuditLog>) {
        let sink: Arc<dyn AuditSink> =
            Arc::new(SqliteSink::open(&dir.path().join("audit.db")).unwrap());
        let key = MasterKey::parse(KEY_A).unwrap();
        let log = Arc::new(
            AuditLog::builder(
                Arc::clone(&sink),
                AuditKey::derive(&key),
                StreamId::parse("test").unwrap(),
            )
            .build()
            .unwrap(),
        );
        let fabric = MemoryFabric::builder()
            .backend(Arc::new(ObjectStoreBackend::memory()))
            .keyring(Keyring::single(key))
            .audit_log(Arc::clone(&log))
            .actor("tester")
            .build()
            .unwrap();
        (fabric, sink, log)
    }

    #[tokio::test]
    async fn owners_and_ids_holding_personal_data_never_reach_an_event() {
        let dir = tempfile::tempdir().unwrap();
        let (fabric, sink, log) = audited_fabric(&dir).await;
        let (email, ssn) = ("ana@example.org", "id-123-45-6789");
        assert!(fabric.store(NewRecord::new(email, "x")).await.is_err());
        assert!(fabric.retrieve(email, "r1").await.is_err());
        assert!(fabric.retrieve("alice", ssn).await.is_err());
        fabric.list(&Filter::owner(email)).await.unwrap();
        assert!(fabric.delete(email, ssn).await.is_err());
        let session =
            fabric.session(fabric_authz::Principal::new("bob", "bob-owner", ["admin"]).unwrap());
        assert!(session.retrieve(Some(email), ssn).await.is_err());
        assert!(session.delete(Some(email), "r1").await.is_err());
        log.close().await.unwrap();
        let events = tail(sink.as_ref(), 100).await.unwrap();
        assert!(events.len() >= 6, "{}", events.len());
        let logged = serde_json::to_string(&events).unwrap();
        assert!(!logged.contains("example.org") && !logged.contains("123-45"), "{logged}");
    }

    #[tokio::test]
    async fn every_operation_appends_one_event_with_its_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let (fabric, sink, log) = audited_fabric(&dir).await;
        let record =
            fabric.store(NewRecord::new("alice", "card 4111 1111 1111 1111")).await.unwrap();
        fabric.retrieve("alice", record.id.as_str()).await.unwrap();
        assert!(fabric.retrieve("alice", "missing").await.is_err());
        assert!(fabric.store(NewRecord::new("alice", "")).await.is_err());
        fabric.list(&Filter::owner("alice")).await.unwrap();
        fabric.delete("alice", record.id.as_str()).await.unwrap();
        log.close().await.unwrap();

        let events = tail(sink.as_ref(), 100).await.unwrap();
        let summary: Vec<(Operation, Status)> =
            events.iter().map(|e| (e.operation(), e.status())).collect();
        assert_eq!(
            summary,
            [
                (Operation::Store, Status::Success),
                (Operation::Retrieve, Status::Success),
                (Operation::Retrieve, Status::Failure),
                (Operation::Store, Status::Failure),
                (Operation::List, Status::Success),
                (Operation::Delete, Status::Success),
            ]
        );
        assert_eq!(events[0].actor().unwrap().as_str(), "tester");
        assert_eq!(events[0].record_id().unwrap().as_str(), record.id.as_str());
        assert_eq!(
            verify(sink.as_ref(), &AuditKey::derive(&MasterKey::parse(KEY_A).unwrap()))
                .await
                .unwrap()
                .events,
            6
        );
        let json = serde_json::to_string(&events).unwrap();
        assert!(
            json.contains("CREDIT_CARD")
                && !json.contains("1111 1111")
                && !json.contains("1111111111"),
            "{json}"
        );
    }

    #[tokio::test]
    async fn rolled_back_resurrected_unaudited_and_missing_records_are_named() {
        use crate::{ProblemKind, RecordProblem};

        let dir = tempfile::tempdir().unwrap();
        let (fabric, _sink, _log) = audited_fabric(&dir).await;
        let backend = Arc::clone(fabric.backend());
        let store = |id: &str, content: &str| {
            let record = NewRecord { id: Some(id.into()), ..NewRecord::new("alice", content) };
            fabric.store(record)
        };
        let frame_of = |id: &str| {
            let key = record_key("alice", &RecordId::parse(id).unwrap()).unwrap();
            let backend = Arc::clone(&backend);
            async move { (key.clone(), backend.get(&key).await.unwrap().body) }
        };
        for id in ["kept", "rolled", "revived", "gone"] {
            store(id, "first").await.unwrap();
        }
        assert_eq!(fabric.verify_records().await.unwrap().problems, []);

        // Rolled back: version 1's bytes written back over version 2.
        let (key, old) = frame_of("rolled").await;
        store("rolled", "second").await.unwrap();
        backend.put(&key, old.clone(), PutMode::Overwrite).await.unwrap();
        // Brought back after its deletion.
        let (key, body) = frame_of("revived").await;
        fabric.delete("alice", "revived").await.unwrap();
        backend.put(&key, body, PutMode::Create).await.unwrap();
        // Removed without an audited deletion.
        let (key, _) = frame_of("gone").await;
        backend.delete(&key).await.unwrap();
        // Stored without any audit event (a copy under another id, as a restore would).
        let stray = record_key("alice", &RecordId::parse("stray").unwrap()).unwrap();
        backend.put(&stray, old, PutMode::Create).await.unwrap();

        let report = fabric.verify_records().await.unwrap();
        assert_eq!(report.checked, 4);
        let problem = |id: &str, kind| RecordProblem { owner: "alice".into(), id: id.into(), kind };
        assert_eq!(
            report.problems,
            [
                problem("gone", ProblemKind::Missing { audited_version: 1 }),
                problem("revived", ProblemKind::Resurrected),
                problem(
                    "rolled",
                    ProblemKind::RolledBack { stored_version: 1, audited_version: 2 }
                ),
                problem("stray", ProblemKind::Unaudited { stored_version: 1 }),
            ]
        );
        let text = report.problems[2].to_string();
        assert!(text.contains("rolled back") && text.contains("alice/rolled"), "{text}");
    }

    #[tokio::test]
    async fn repair_audits_unaudited_records_and_leaves_what_it_cannot_vouch_for() {
        let dir = tempfile::tempdir().unwrap();
        let (fabric, sink, _log) = audited_fabric(&dir).await;
        let backend = Arc::clone(fabric.backend());
        // A record stored without its event (as a crash between the two would leave it).
        let unaudited = fabric
            .store_many_unaudited(vec![NewRecord::new("alice", "kept")], None, false)
            .await
            .unwrap()
            .0;
        // A key no fabric writes: its id is longer than any record id.
        let planted =
            records_prefix().unwrap().child("alice").unwrap().child(&"x".repeat(200)).unwrap();
        backend.put(&planted, Bytes::from_static(b"junk"), PutMode::Create).await.unwrap();
        let (repaired, left) = fabric.repair_unaudited().await.unwrap();
        assert_eq!(repaired, 1);
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(left[0].id.len(), 200);
        assert!(
            fabric
                .verify_records()
                .await
                .unwrap()
                .problems
                .iter()
                .all(|problem| problem.id != unaudited[0].id.as_str())
        );
        // A log that does not verify is not trusted to say what is unaudited.
        let tail = fabric_audit::tail(sink.as_ref(), 1).await.unwrap();
        assert!(!tail.is_empty());
        drop(sink);
        let path = dir.path().join("audit.db");
        let connection = rusqlite::Connection::open(&path).unwrap();
        connection.execute_batch(fabric_audit::conformance::DROP_GUARD_TRIGGERS).unwrap();
        connection.execute("DELETE FROM fabric_audit_checkpoints", []).unwrap();
        assert!(matches!(fabric.repair_unaudited().await, Err(Error::Audit(_))));
    }

    #[tokio::test]
    async fn an_operation_whose_audit_append_fails_does_not_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let (fabric, _sink, log) = audited_fabric(&dir).await;
        log.close().await.unwrap();
        let result = fabric.store(NewRecord::new("alice", "x")).await;
        assert!(matches!(result, Err(Error::Audit(_))), "{result:?}");
        assert!(matches!(fabric.list(&Filter::default()).await, Err(Error::Audit(_))));
    }
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_large_batch_is_sealed_and_written_in_overlapping_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = fabric_store::SqliteBackend::open(&dir.path().join("f.db")).unwrap();
    for backend in [Arc::new(sqlite) as Arc<dyn Backend>, Arc::new(ObjectStoreBackend::memory())] {
        let fabric = fabric_with(backend, KEY_A);
        let batch: Vec<_> = (0..300)
            .map(|i| NewRecord::new("alice", format!("memory {i}")).with_tag("t"))
            .collect();
        let stored = fabric.store_many(batch).await.unwrap();
        assert_eq!(stored.len(), 300);
        for (i, record) in stored.iter().enumerate() {
            let read = fabric.retrieve("alice", record.id.as_str()).await.unwrap();
            assert_eq!(read.content, format!("memory {i}"));
        }
    }
}

#[tokio::test]
async fn evidence_needs_a_backend_with_retention_and_stores_nothing_without() {
    let fabric = fabric();
    let batch =
        vec![NewRecord::new("alice", "fine"), NewRecord::new("alice", "kept").with_evidence()];
    let refused = fabric.store_many(batch).await;
    assert!(matches!(
        &refused,
        Err(Error::InvalidInput { field: "evidence", reason }) if reason.contains("retention")
    ));
    assert!(fabric.list(&Filter::default()).await.unwrap().is_empty());
    let parsed: NewRecord =
        serde_json::from_str(r#"{"owner": "a", "content": "x", "evidence": true}"#).unwrap();
    assert!(parsed.evidence);
}

/// On SQLite a read refuses a record rolled back to older bytes or brought back after its
/// deletion: the version entry written in the same commit names the last write.
#[cfg(feature = "sqlite")]
#[tokio::test]
async fn sqlite_reads_refuse_rolled_back_and_resurrected_records() {
    let dir = tempfile::tempdir().unwrap();
    let backend: Arc<dyn Backend> =
        Arc::new(fabric_store::SqliteBackend::open(&dir.path().join("f.db")).unwrap());
    let fabric = fabric_with(Arc::clone(&backend), KEY_A);
    let store = |id: &str, content: &str| {
        fabric.store(NewRecord { id: Some(id.into()), ..NewRecord::new("alice", content) })
    };
    let key = |id: &str| record_key("alice", &RecordId::parse(id).unwrap()).unwrap();

    // Rolled back: version 1's bytes written back over version 2.
    store("r", "version one").await.unwrap();
    let old = backend.get(&key("r")).await.unwrap().body;
    store("r", "version two").await.unwrap();
    backend.put(&key("r"), old.clone(), PutMode::Overwrite).await.unwrap();
    match fabric.retrieve("alice", "r").await {
        Err(Error::Stale { stored_version: 1, written_version: 2, deleted: false, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert!(matches!(fabric.list(&Filter::owner("alice")).await, Err(Error::Stale { .. })));
    // Writing over it with the fabric is refused too (the update reads it first).
    assert!(matches!(store("r", "three").await, Err(Error::Stale { .. })));

    // Brought back after its deletion.
    store("d", "short-lived").await.unwrap();
    let body = backend.get(&key("d")).await.unwrap().body;
    fabric.delete("alice", "d").await.unwrap();
    assert!(matches!(fabric.retrieve("alice", "d").await, Err(Error::NotFound { .. })));
    backend.put(&key("d"), body, PutMode::Create).await.unwrap();
    match fabric.retrieve("alice", "d").await {
        Err(error @ Error::Stale { deleted: true, .. }) => {
            assert!(error.to_string().contains("deleted"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    // A re-created record is fine again.
    backend.delete(&key("d")).await.unwrap();
    store("d", "back for real").await.unwrap();
    assert_eq!(fabric.retrieve("alice", "d").await.unwrap().content, "back for real");

    // A forged entry is an authentication failure; a missing one (older data) passes.
    store("e", "entry").await.unwrap();
    let connection = rusqlite::Connection::open(dir.path().join("f.db")).unwrap();
    let key_e = key("e").to_string();
    let mut forged: Vec<u8> = connection
        .query_row("SELECT entry FROM fabric_objects WHERE key = ?1", [&key_e], |row| row.get(0))
        .unwrap();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    connection
        .execute(
            "UPDATE fabric_objects SET entry = ?2 WHERE key = ?1",
            rusqlite::params![key_e, forged],
        )
        .unwrap();
    assert!(matches!(fabric.retrieve("alice", "e").await, Err(Error::Authentication { .. })));
    connection.execute("UPDATE fabric_objects SET entry = NULL WHERE key = ?1", [&key_e]).unwrap();
    assert_eq!(fabric.retrieve("alice", "e").await.unwrap().content, "entry");

    // Large batches write their entries in the same commit.
    let batch: Vec<_> = (0..100).map(|i| NewRecord::new("bob", format!("m {i}"))).collect();
    fabric.store_many(batch).await.unwrap();
    let entries: i64 = connection
        .query_row(
            "SELECT COUNT(*) FROM fabric_objects
             WHERE key LIKE 'records/bob/%' AND entry IS NOT NULL",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(entries, 100);
    assert_eq!(fabric.list(&Filter::owner("bob")).await.unwrap().len(), 100);
}

/// Records and audit log in one SQLite file: a store and its event commit together, and an
/// audit append that fails inside the transaction leaves no record behind.
#[cfg(feature = "sqlite")]
#[tokio::test]
async fn on_one_sqlite_file_a_record_and_its_event_commit_together() {
    use fabric_audit::sink::sqlite::SqliteSink;
    use fabric_audit::{AuditKey, AuditLog, AuditSink, StreamId, tail};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fabric.db");
    let backend: Arc<dyn Backend> = Arc::new(fabric_store::SqliteBackend::open(&path).unwrap());
    let sink: Arc<dyn AuditSink> = Arc::new(SqliteSink::open(&path).unwrap());
    let key = MasterKey::parse(KEY_A).unwrap();
    let log = Arc::new(
        AuditLog::builder(Arc::clone(&sink), AuditKey::derive(&key), StreamId::parse("t").unwrap())
            .build()
            .unwrap(),
    );
    let fabric = MemoryFabric::builder()
        .backend(Arc::clone(&backend))
        .keyring(Keyring::single(key))
        .audit_log(Arc::clone(&log))
        .build()
        .unwrap();
    assert!(fabric.tx_audit, "the same file is recognised");
    let one = fabric.store(NewRecord::new("alice", "one")).await.unwrap();
    let batch: Vec<_> = (0..100).map(|i| NewRecord::new("alice", format!("m {i}"))).collect();
    fabric.store_many(batch).await.unwrap();
    let events = tail(sink.as_ref(), 1000).await.unwrap();
    assert_eq!(events.len(), 101);
    assert_eq!(events[0].record_id().unwrap().as_str(), one.id.as_str());
    assert!(fabric.verify_records().await.unwrap().problems.is_empty());

    // A delete's event commits with it too, naming the version and bytes deleted.
    let doomed = fabric.store(NewRecord::new("alice", "doomed")).await.unwrap();
    fabric.delete("alice", doomed.id.as_str()).await.unwrap();
    let last = tail(sink.as_ref(), 1).await.unwrap().remove(0);
    assert_eq!(last.operation(), fabric_audit::Operation::Delete);
    assert_eq!(
        last.details().get(&fabric_audit::DetailName::VERSION),
        Some(&fabric_audit::Detail::Count(1))
    );
    assert!(last.details().get(&fabric_audit::DetailName::CONTENT_DIGEST).is_some());
    assert!(fabric.verify_records().await.unwrap().problems.is_empty());

    // An audit insert that fails rolls the record back with it.
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON fabric_audit_events
             WHEN NEW.operation = 'store' AND NEW.status = 'success'
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    let refused = fabric.store(NewRecord::new("bob", "never stored")).await;
    assert!(refused.is_err(), "{refused:?}");
    let refused =
        fabric.store_many((0..80).map(|i| NewRecord::new("bob", format!("n {i}"))).collect()).await;
    assert!(refused.is_err(), "{refused:?}");
    assert!(fabric.list(&Filter::owner("bob")).await.unwrap().is_empty());
    connection
        .execute_batch(
            "DROP TRIGGER refuse;
             CREATE TRIGGER refuse BEFORE INSERT ON fabric_audit_events
             WHEN NEW.operation = 'delete' AND NEW.status = 'success'
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    assert!(fabric.delete("alice", one.id.as_str()).await.is_err());
    assert_eq!(fabric.retrieve("alice", one.id.as_str()).await.unwrap().content, "one");
    connection.execute_batch("DROP TRIGGER refuse").unwrap();
    log.close().await.unwrap();
    // 102 stores, one delete, three failures, one list and one retrieve.
    assert_eq!(
        fabric_audit::verify(sink.as_ref(), &AuditKey::derive(&MasterKey::parse(KEY_A).unwrap()))
            .await
            .unwrap()
            .events,
        108
    );
}
