//! Retention: expired records are never returned by get, list or recall, and `compact`
//! removes them from storage (audited), leaving live records, and records that do not open,
//! in place.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

use std::time::Duration;

use bytes::Bytes;
use chrono::Utc;
use fabric_core::fabric_crypto::{Keyring, MasterKey, OsRandom};
use fabric_core::fabric_store::{ObjectKey, PutMode};
use fabric_core::{
    Error, Filter, MemoryType, NewRecord, RecallQuery, RetentionPolicy, SqliteStack, StorageTier,
};
use futures::TryStreamExt as _;

fn policy() -> RetentionPolicy {
    let mut policy = RetentionPolicy::default();
    policy.by_type.insert(MemoryType::Event, Duration::from_secs(7 * 86_400));
    policy.by_tier.insert(StorageTier::Cold, Duration::from_secs(86_400));
    policy
}

async fn stored_keys(fabric: &fabric_core::MemoryFabric) -> Vec<String> {
    let prefix = ObjectKey::parse("records").unwrap();
    let listed: Vec<_> = fabric.backend().list(&prefix).try_collect().await.unwrap();
    listed.into_iter().map(|meta| meta.key.as_str().to_owned()).collect()
}

#[tokio::test]
async fn expired_records_are_never_returned_and_compact_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let key = MasterKey::generate(&OsRandom).unwrap();
    let stack = SqliteStack::open(
        &dir.path().join("fabric.db"),
        Keyring::single(key),
        "t",
        "lib",
        |builder| builder.retention(policy()),
    )
    .unwrap();
    let fabric = stack.fabric;

    // Defaults: the shorter of type and tier; a record's own expiry comes first.
    let mut event = NewRecord::new("acme", "harbour crane inspection event");
    event.memory_type = MemoryType::Event;
    let event = fabric.store(event).await.unwrap();
    assert_eq!(event.expires_at, Some(event.created_at + chrono::Duration::days(7)));
    let mut cold = NewRecord::new("acme", "harbour crane cold archive event");
    (cold.memory_type, cold.storage_tier) = (MemoryType::Event, StorageTier::Cold);
    let cold = fabric.store(cold).await.unwrap();
    assert_eq!(cold.expires_at, Some(cold.created_at + chrono::Duration::days(1)));
    let plain = fabric.store(NewRecord::new("acme", "harbour crane live note")).await.unwrap();
    assert_eq!(plain.expires_at, None);

    let past = Utc::now() - chrono::Duration::hours(1);
    let mut expired = Vec::new();
    for n in 0..5 {
        let mut input = NewRecord::new("acme", format!("harbour crane expired note {n}"));
        input.memory_type = MemoryType::Event;
        input.expires_at = Some(past);
        expired.push(fabric.store(input).await.unwrap());
    }
    // A record that does not open (its bytes replaced by someone without the key) is named,
    // never removed.
    let broken = fabric.store(NewRecord::new("globex", "will be damaged")).await.unwrap();
    let broken_key = format!("records/globex/{}", broken.id);
    let garbage = Bytes::from_static(b"not a frame at all, written by someone without the key");
    let object = ObjectKey::parse(&broken_key).unwrap();
    let stored = fabric.backend().get(&object).await.unwrap();
    fabric.backend().put(&object, garbage, PutMode::IfVersion(stored.version)).await.unwrap();

    for record in &expired {
        let error = fabric.retrieve("acme", record.id.as_str()).await.unwrap_err();
        assert!(matches!(error, Error::NotFound { .. }), "{error:?}");
    }
    let listed = fabric.list(&Filter::owner("acme")).await.unwrap();
    assert_eq!(listed.len(), 3);
    let query = RecallQuery {
        text: Some("harbour crane".into()),
        k: 20,
        filter: Filter::owner("acme"),
        ..RecallQuery::default()
    };
    let recalled = fabric.recall(&query).await.unwrap();
    assert_eq!(recalled.len(), 3, "recall returns no expired record");
    assert_eq!(stored_keys(&fabric).await.len(), 9, "expired records are still stored");

    let mut seen = 0;
    let report = fabric.compact(|done, _| seen = done).await.unwrap();
    assert_eq!((report.records, report.expired, report.retained), (9, 5, 0));
    assert_eq!(seen, 9);
    assert_eq!(report.unreadable, vec![format!("globex/{}", broken.id)]);
    assert!(report.vacuumed_bytes.is_some());
    let left = stored_keys(&fabric).await;
    assert_eq!(left.len(), 4);
    assert!(left.contains(&broken_key));
    for record in &expired {
        assert!(!left.iter().any(|key| key.ends_with(record.id.as_str())));
    }
    assert_eq!(fabric.recall(&query).await.unwrap().len(), 3);

    // Each removal is audited as a delete: the records check finds nothing missing but the
    // damaged record.
    let check = fabric.verify_records().await.unwrap();
    assert_eq!(check.problems.len(), 1, "{:?}", check.problems);
    // A second compaction finds nothing more to remove.
    let again = fabric.compact(|_, _| {}).await.unwrap();
    assert_eq!((again.records, again.expired), (4, 0));
}
