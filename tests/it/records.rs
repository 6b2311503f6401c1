//! Property tests of records through `MemoryFabric` on real backends and both suites.

use std::sync::Arc;

use bytes::Bytes;
use memory_fabric::crypto::{Keyring, MasterKey};
use memory_fabric::store::{Backend, ObjectKey, ObjectStoreBackend, PutMode, SqliteBackend};
use memory_fabric::{Error, Filter, MemoryFabric, MemoryType, NewRecord, StorageTier};
use proptest::prelude::*;
use proptest::sample::Index;

const SUITES: [&str; 2] = ["aes-256-gcm", "chacha20-poly1305"];
const KEY: &str = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGho=";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn fabric(backend: Arc<dyn Backend>, suite: &str) -> MemoryFabric {
    MemoryFabric::builder()
        .backend(backend)
        .keyring(Keyring::single(MasterKey::parse(KEY).unwrap()))
        .suite(suite)
        .build()
        .unwrap()
}

/// The backends a record must survive: memory, and a fresh SQLite file.
fn backends(dir: &tempfile::TempDir) -> Vec<Arc<dyn Backend>> {
    let sqlite = SqliteBackend::open(&dir.path().join(format!("{}.db", rand_name()))).unwrap();
    vec![Arc::new(ObjectStoreBackend::memory()), Arc::new(sqlite)]
}

fn rand_name() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("db{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

fn new_record() -> impl Strategy<Value = NewRecord> {
    (
        "[a-z0-9._-]{1,12}(@[a-z0-9_-]{1,8})?",
        "\\PC{1,300}",
        proptest::collection::vec("[\\PC&&[^\\n]]{1,20}", 0..5),
        proptest::collection::btree_map("[a-z]{1,8}", "\\PC{0,16}", 0..4),
        0..MemoryType::ALL.len(),
        0..StorageTier::ALL.len(),
        proptest::option::of(0.0f32..=1.0),
    )
        .prop_filter("owner may not be . or ..", |(owner, ..)| owner != "." && owner != "..")
        .prop_map(|(owner, content, tags, metadata, memory_type, tier, importance)| {
            NewRecord {
                owner,
                content,
                tags,
                metadata: metadata.into_iter().map(|(key, value)| (key, value.into())).collect(),
                memory_type: MemoryType::ALL[memory_type],
                storage_tier: StorageTier::ALL[tier],
                importance,
                ..NewRecord::default()
            }
        })
}

fn key_of(owner: &str, id: &str) -> ObjectKey {
    ObjectKey::parse(&format!("records/{owner}/{id}")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn records_round_trip_on_every_backend_and_suite(input in new_record()) {
        let dir = tempfile::tempdir().unwrap();
        runtime().block_on(async {
            for backend in backends(&dir) {
                for suite in SUITES {
                    let fabric = fabric(Arc::clone(&backend), suite);
                    let stored = fabric.store(input.clone()).await.unwrap();
                    let read = fabric.retrieve(&input.owner, stored.id.as_str()).await.unwrap();
                    assert_eq!(&read, &stored);
                    assert_eq!(read.content, input.content);
                    let listed = fabric.list(&Filter::owner(&input.owner)).await.unwrap();
                    assert!(listed.contains(&stored));
                }
            }
        });
    }

    #[test]
    fn every_single_bit_flip_of_a_stored_record_is_detected(pos in any::<Index>(), bit in 0..8u8, suite in 0..2usize) {
        runtime().block_on(async {
            let backend: Arc<dyn Backend> = Arc::new(ObjectStoreBackend::memory());
            let fabric = fabric(Arc::clone(&backend), SUITES[suite]);
            let stored = fabric.store(NewRecord::new("alice", "flip me").with_tag("t")).await.unwrap();
            let key = key_of("alice", stored.id.as_str());
            let mut body = backend.get(&key).await.unwrap().body.to_vec();
            let at = pos.index(body.len());
            body[at] ^= 1 << bit;
            backend.put(&key, Bytes::from(body), PutMode::Overwrite).await.unwrap();
            let result = fabric.retrieve("alice", stored.id.as_str()).await;
            assert!(
                matches!(result, Err(Error::Authentication { .. } | Error::Corrupt { .. } | Error::UnknownKey { .. })),
                "flip at {at} bit {bit}: {result:?}"
            );
        });
    }

    #[test]
    fn stored_bytes_swapped_between_records_or_owners_are_refused(
        first in new_record(),
        second in new_record(),
        suite in 0..2usize,
    ) {
        runtime().block_on(async {
            let backend: Arc<dyn Backend> = Arc::new(ObjectStoreBackend::memory());
            let fabric = fabric(Arc::clone(&backend), SUITES[suite]);
            let a = fabric.store(first).await.unwrap();
            let b = fabric.store(second).await.unwrap();
            let key_a = key_of(&a.owner, a.id.as_str());
            let key_b = key_of(&b.owner, b.id.as_str());
            let body_a = backend.get(&key_a).await.unwrap().body;
            let body_b = backend.get(&key_b).await.unwrap().body;
            backend.put(&key_a, body_b, PutMode::Overwrite).await.unwrap();
            backend.put(&key_b, body_a.clone(), PutMode::Overwrite).await.unwrap();
            for record in [&a, &b] {
                let result = fabric.retrieve(&record.owner, record.id.as_str()).await;
                assert!(matches!(result, Err(Error::Authentication { .. })), "{result:?}");
            }
            // The same id under another owner: the bytes do not open there either.
            let thief = if a.owner == "mallory" { "eve" } else { "mallory" };
            backend.put(&key_of(thief, a.id.as_str()), body_a, PutMode::Overwrite).await.unwrap();
            let result = fabric.retrieve(thief, a.id.as_str()).await;
            assert!(matches!(result, Err(Error::Authentication { .. })), "{result:?}");
        });
    }
}
