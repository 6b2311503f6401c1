//! Redaction on read: a principal without `reveal_pii` never gets a detected value, through
//! get, list or recall; the stored record is unchanged, and the audit says what was
//! redacted (types and counts, never values).

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

use std::sync::Arc;

use fabric_core::fabric_audit::sink::sqlite::SqliteSink;
use fabric_core::fabric_audit::{AuditSink, Detail, DetailName, Operation, tail};
use fabric_core::fabric_authz::{Policy, Principal, RolesConfig};
use fabric_core::fabric_crypto::{Keyring, MasterKey, OsRandom};
use fabric_core::fabric_store::SqliteBackend;
use fabric_core::{Filter, MemoryFabric, NewRecord, RecallQuery, Record};
use fabric_privacy::{PiiDetector, PrivacyConfig};
use proptest::prelude::*;
use serde_json::{Value, json};

const EMAIL: &str = "dana.whitfield@example.org";
const CARD: &str = "4111 1111 1111 1111";
const PHONE: &str = "+44 20 7946 0958";

fn fabric(dir: &tempfile::TempDir, policy: Policy) -> (MemoryFabric, Arc<dyn AuditSink>) {
    let sink: Arc<dyn AuditSink> =
        Arc::new(SqliteSink::open(&dir.path().join("audit.db")).unwrap());
    let fabric = MemoryFabric::builder()
        .backend(Arc::new(SqliteBackend::open(&dir.path().join("fabric.db")).unwrap()))
        .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
        .audit_to(Arc::clone(&sink), "test")
        .access_policy(policy)
        .build()
        .unwrap();
    (fabric, sink)
}

fn principal(role: &str) -> Principal {
    Principal::new(format!("{role}-1"), "acme", [role]).unwrap()
}

/// A record with personal data in every text-bearing field; the card also stands alone in
/// a tag, where without its context it is found only as the content's echo.
fn record_with_pii() -> NewRecord {
    let mut input = NewRecord::new(
        "acme",
        format!("Dana wrote from {EMAIL}; card {CARD}; call her on {PHONE} about the invoice"),
    );
    input.tags = vec!["customer".into(), format!("contact {EMAIL}"), CARD.replace(' ', "")];
    input.session_id = Some("session-7".into());
    input.source = Some(format!("mail from {EMAIL}"));
    let metadata = json!({ "billing": { "card": CARD, "phones": [PHONE] }, EMAIL: "owner" });
    let Value::Object(metadata) = metadata else { unreachable!() };
    input.metadata = metadata;
    input
}

/// Every text the record carries, metadata keys and values included.
fn texts(record: &Record) -> String {
    let mut all = vec![record.content.clone()];
    all.extend(record.tags.iter().cloned());
    all.extend(record.session_id.iter().cloned());
    all.extend(record.source.iter().cloned());
    all.push(Value::Object(record.metadata.clone()).to_string());
    all.join("\n")
}

#[tokio::test]
async fn a_viewer_reads_redacted_where_a_user_reads_clear() {
    let dir = tempfile::tempdir().unwrap();
    let (fabric, sink) = fabric(&dir, Policy::default());
    let stored = fabric.store(record_with_pii()).await.unwrap();
    let id = stored.id.as_str();
    let viewer = fabric.session(principal("viewer"));
    let user = fabric.session(principal("user"));
    let admin = fabric.session(principal("admin"));

    let hidden = viewer.retrieve(None, id).await.unwrap();
    let shown = texts(&hidden);
    for value in [EMAIL, CARD, PHONE, "4111111111111111", "7946 0958"] {
        assert!(!shown.contains(value), "{value} reached the viewer: {shown}");
    }
    assert!(hidden.content.contains("[EMAIL]") && hidden.content.contains("[CREDIT_CARD]"));
    assert!(hidden.content.starts_with("Dana wrote from"), "the rest is kept");
    assert!(hidden.tags.iter().any(|tag| tag == "customer"));
    assert_eq!(hidden.session_id.as_deref(), Some("session-7"));
    assert!(hidden.metadata.contains_key("billing") && hidden.metadata.contains_key("[EMAIL]"));
    assert_eq!(hidden.pii_types, stored.pii_types, "the types found are no secret");

    for reader in [&user, &admin] {
        let clear = reader.retrieve(None, id).await.unwrap();
        assert_eq!(clear.content, stored.content);
        assert_eq!(clear.metadata, stored.metadata);
    }
    // The stored record is unchanged.
    assert_eq!(fabric.retrieve("acme", id).await.unwrap().content, stored.content);

    let listed = viewer.list(&Filter::default()).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].content, hidden.content);
    let query = RecallQuery {
        text: Some("invoice".into()),
        k: 5,
        filter: Filter::owner("acme"),
        ..RecallQuery::default()
    };
    let hits = viewer.recall(&query).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].record.content, hidden.content);
    assert_eq!(user.recall(&query).await.unwrap()[0].record.content, stored.content);

    // The events say what was redacted: how many values, of which types.
    let events = tail(sink.as_ref(), 20).await.unwrap();
    let reads: Vec<_> = events
        .iter()
        .filter(|event| {
            [Operation::Retrieve, Operation::List, Operation::Recall].contains(&event.operation())
        })
        .collect();
    let redacted: Vec<_> =
        reads.iter().filter_map(|event| event.details().get(&DetailName::REDACTED)).collect();
    assert_eq!(redacted.len(), 3, "the viewer's get, list and recall");
    assert!(redacted.iter().all(|count| matches!(count, Detail::Count(n) if *n >= 8)));
    let viewer_get = reads
        .iter()
        .find(|event| {
            event.operation() == Operation::Retrieve
                && event.actor().is_some_and(|actor| actor.as_str() == "viewer-1")
        })
        .unwrap();
    let Some(Detail::PiiTypes(types)) = viewer_get.details().get(&DetailName::PII_TYPES) else {
        panic!("no types in {viewer_get:?}")
    };
    let names: Vec<&str> = types.iter().map(|pii_type| pii_type.as_str()).collect();
    assert_eq!(names, ["CREDIT_CARD", "EMAIL", "PHONE"]);
    for event in &events {
        let text = format!("{event:?}");
        assert!(!text.contains(EMAIL) && !text.contains("1111 1111"), "a value in {text}");
    }
}

#[tokio::test]
async fn a_viewer_cannot_search_for_a_value_and_custom_roles_choose() {
    let dir = tempfile::tempdir().unwrap();
    let roles: RolesConfig = serde_json::from_value(json!({
        "support": ["get", "recall", "reveal_pii"],
        "analyst": ["get", "recall"],
    }))
    .unwrap();
    let (fabric, _sink) = fabric(&dir, Policy::new(&roles).unwrap());
    fabric.store(NewRecord::new("acme", format!("reach Dana at {EMAIL}"))).await.unwrap();
    fabric.store(NewRecord::new("acme", "lunch with the team")).await.unwrap();
    let by_value = |text: &str| RecallQuery {
        text: Some(text.to_owned()),
        k: 5,
        filter: Filter::owner("acme"),
        ..RecallQuery::default()
    };
    let support = fabric.session(principal("support"));
    assert_eq!(support.recall(&by_value(EMAIL)).await.unwrap().len(), 1);
    let support_read = &support.list(&Filter::default()).await.unwrap();
    assert!(support_read.iter().any(|record| record.content.contains(EMAIL)));

    let analyst = fabric.session(principal("analyst"));
    // The value is blanked out of the query: nothing is left to search for.
    assert!(analyst.recall(&by_value(EMAIL)).await.unwrap().is_empty());
    // The rest of a query still searches.
    let hits = analyst.recall(&by_value(&format!("Dana {EMAIL}"))).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].record.content, "reach Dana at [EMAIL]");
    let listed = analyst.list(&Filter::default()).await.unwrap();
    assert!(listed.iter().all(|record| !record.content.contains(EMAIL)));
}

/// Values the detector finds with their context, in the fields they are put in.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        ("[a-z]{3,8}", "[a-z]{3,8}", prop::sample::select(vec!["com", "org", "de"]))
            .prop_map(|(user, host, tld)| format!("{user}@{host}.{tld}")),
        prop::collection::vec(0u8..10, 14).prop_map(|digits| luhn_card(&digits)),
        (200u16..999, 200u16..999, 1000u16..9999)
            .prop_map(|(area, exchange, line)| format!("({area}) {exchange}-{line}")),
    ]
}

/// A 16-digit Visa number: `4`, fourteen digits, and the check digit that passes Luhn.
fn luhn_card(digits: &[u8]) -> String {
    let body: String =
        std::iter::once('4').chain(digits.iter().map(|digit| char::from(b'0' + digit))).collect();
    let check = (0..10).find(|check| fabric_privacy::validate::luhn(&format!("{body}{check}")));
    format!("{body}{}", check.unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever a record holds and wherever it holds it, no value the detector finds in the
    /// stored record reaches a viewer through get, list or recall.
    #[test]
    fn no_detected_value_reaches_a_principal_without_reveal_pii(
        values in prop::collection::vec(value(), 1..4),
        words in prop::collection::vec("[a-z]{2,9}", 1..6),
        places in prop::collection::vec(0usize..4, 1..4),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let (fabric, _sink) = fabric(&dir, Policy::default());
            let prose = words.join(" ");
            let mut input = NewRecord::new("acme", format!("{prose} notes"));
            for (index, value) in values.iter().enumerate() {
                match places.get(index).copied().unwrap_or(0) {
                    0 => input.content.push_str(&format!(" contact {value} {prose}")),
                    1 => input.tags.push(value.clone()),
                    2 => {
                        input.metadata.insert(format!("field{index}"), Value::String(value.clone()));
                    }
                    _ => input.source = Some(format!("from {value}")),
                }
            }
            // Each value also in the content, so that one found there is found everywhere.
            input.content.push_str(&format!(" ({})", values.join(", ")));
            let stored = fabric.store(input).await.unwrap();
            let detector = PiiDetector::with_config(&PrivacyConfig::default()).unwrap();
            let clear = texts(&stored);
            let found: Vec<String> = detector
                .scan(&clear)
                .iter()
                .filter_map(|found| found.value(&clear).map(str::to_owned))
                .collect();
            prop_assert!(!found.is_empty());

            let viewer = fabric.session(principal("viewer"));
            let mut answers = vec![viewer.retrieve(None, stored.id.as_str()).await.unwrap()];
            answers.extend(viewer.list(&Filter::default()).await.unwrap());
            let query = RecallQuery {
                text: Some(format!("{prose} {}", values.join(" "))),
                k: 5,
                filter: Filter::owner("acme"),
                ..RecallQuery::default()
            };
            answers.extend(viewer.recall(&query).await.unwrap().into_iter().map(|hit| hit.record));
            prop_assert!(answers.len() >= 2);
            for answer in &answers {
                let shown = texts(answer);
                for value in &found {
                    prop_assert!(!shown.contains(value.as_str()), "{value} reached the viewer");
                }
            }
            Ok(())
        })?;
    }
}
