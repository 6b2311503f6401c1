//! Encryptions are counted per key (key-encryption keys and owner keys) and kept in the
//! key use ledger across fabrics and processes: each fabric adds what it counted, at a
//! flush and when dropped; reads count nothing; counts that cannot be written are kept for
//! the next flush rather than lost.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

use std::collections::BTreeMap;
use std::sync::Arc;

use fabric_core::fabric_crypto::{Keyring, MasterKey};
use fabric_core::fabric_store::{Backend, ObjectStoreBackend};
use fabric_core::{Filter, KeyUseFile, KeyUseLedger as _, MemoryFabric, NewRecord, OwnerKeyFile};

const KEK: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fn fabric(
    dir: &tempfile::TempDir,
    backend: &Arc<dyn Backend>,
    ledger: &KeyUseFile,
) -> MemoryFabric {
    let owner_keys = OwnerKeyFile::open(&dir.path().join("owner-keys.json")).unwrap();
    MemoryFabric::builder()
        .backend(Arc::clone(backend))
        .keyring(Keyring::single(MasterKey::parse(KEK).unwrap()))
        .owner_keys(Arc::new(owner_keys))
        .key_use_ledger(Arc::new(ledger.clone()))
        .build()
        .unwrap()
}

/// The counts of the owner keys in `totals` (every id but the key-encryption key's), sorted.
fn owner_counts(totals: &BTreeMap<String, u64>, kek_id: &str) -> Vec<u64> {
    let mut counts: Vec<u64> =
        totals.iter().filter(|(id, _)| *id != kek_id).map(|(_, count)| *count).collect();
    counts.sort_unstable();
    counts
}

#[tokio::test]
async fn encryptions_are_counted_per_key_and_kept_across_fabrics() {
    let dir = tempfile::tempdir().unwrap();
    let backend: Arc<dyn Backend> = Arc::new(ObjectStoreBackend::memory());
    let ledger = KeyUseFile::new(dir.path().join("key-uses.json"));
    let kek_id = MasterKey::parse(KEK).unwrap().fingerprint().as_str().to_owned();
    {
        let fabric = fabric(&dir, &backend, &ledger);
        for i in 0..3 {
            fabric.store(NewRecord::new("alice", format!("alice note {i}"))).await.unwrap();
        }
        let bob = (0..2).map(|i| NewRecord::new("bob", format!("bob note {i}"))).collect();
        fabric.store_many(bob).await.unwrap();
        // Two owner keys wrapped under the key-encryption key. Each owner key wrapped its
        // owner's recall index key once, and two data keys per record: the record's and its
        // recall attributes'. Nothing is kept before a flush, yet the fabric reports it.
        let counted = fabric.key_encryptions().unwrap();
        assert_eq!(counted.get(&kek_id), Some(&2));
        assert_eq!(owner_counts(&counted, &kek_id), vec![1 + 2 * 2, 1 + 2 * 3]);
        assert!(ledger.totals().unwrap().is_empty());
        fabric.flush_key_uses().unwrap();
        assert_eq!(ledger.totals().unwrap(), counted);
        // A second flush adds nothing, and reads encrypt nothing.
        fabric.flush_key_uses().unwrap();
        fabric.list(&Filter::owner("alice")).await.unwrap();
        fabric.flush_key_uses().unwrap();
        assert_eq!(ledger.totals().unwrap(), counted);
    }
    {
        // Another fabric (as another process would) adds to the same totals; dropping it
        // flushes what it counted.
        let fabric = fabric(&dir, &backend, &ledger);
        fabric.store(NewRecord::new("alice", "alice note 3")).await.unwrap();
    }
    let totals = ledger.totals().unwrap();
    assert_eq!(totals.get(&kek_id), Some(&2), "{totals:?}");
    assert_eq!(owner_counts(&totals, &kek_id), vec![1 + 2 * 2, 1 + 2 * 4]);
    let text = std::fs::read_to_string(ledger.path()).unwrap();
    assert!(!text.contains(KEK), "the ledger holds counts and ids, never key bytes");
}

#[tokio::test]
async fn counts_that_cannot_be_kept_stay_for_the_next_flush() {
    let dir = tempfile::tempdir().unwrap();
    let backend: Arc<dyn Backend> = Arc::new(ObjectStoreBackend::memory());
    let missing = dir.path().join("not-yet");
    let ledger = KeyUseFile::new(missing.join("key-uses.json"));
    let fabric = fabric(&dir, &backend, &ledger);
    fabric.store(NewRecord::new("alice", "a note")).await.unwrap();
    let error = fabric.flush_key_uses().unwrap_err().to_string();
    assert!(error.contains("key use file"), "{error}");
    let counted = fabric.key_encryptions().unwrap();
    // The owner key, then the index key and two data keys under it.
    assert_eq!(counted.values().sum::<u64>(), 1 + 3, "{counted:?}");
    std::fs::create_dir(&missing).unwrap();
    fabric.flush_key_uses().unwrap();
    assert_eq!(ledger.totals().unwrap(), counted);
}
