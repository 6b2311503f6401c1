//! Owner keys: one per owner, shredding that reaches old copies of the storage, rotation
//! that rewraps owner keys only, and the key file under racing writers.

#![cfg(feature = "sqlite")]

use std::sync::Arc;

use fabric_crypto::{DEFAULT_PROVIDER, Keyring, MasterKey, envelope};
use fabric_store::{Backend, SqliteBackend};

use super::*;
use crate::{Filter, MemoryFabric, NewRecord, RecallQuery};

const KEK_A: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const KEK_B: &str = "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100";

fn keks() -> Keyring {
    Keyring::single(MasterKey::parse(KEK_A).unwrap())
}

fn fabric(backend: Arc<dyn Backend>, keys: Arc<dyn OwnerKeyStore>, keks: Keyring) -> MemoryFabric {
    MemoryFabric::builder().backend(backend).keyring(keks).owner_keys(keys).build().unwrap()
}

#[tokio::test]
async fn records_are_wrapped_by_their_owners_keys_and_shredding_reaches_old_copies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fabric.db");
    let keys: Arc<dyn OwnerKeyStore> =
        Arc::new(OwnerKeyFile::open(&dir.path().join("owner-keys.json")).unwrap());
    let alice;
    let bob;
    {
        let backend = Arc::new(SqliteBackend::open(&path).unwrap());
        let fabric = fabric(backend.clone(), Arc::clone(&keys), keks());
        alice = fabric.store(NewRecord::new("alice", "alice likes green tea")).await.unwrap();
        bob = fabric.store(NewRecord::new("bob", "bob likes black coffee")).await.unwrap();
        // Each record names its owner's key, and the two owners' keys differ.
        let stored = |owner: &str, id: &str| {
            let backend = backend.clone();
            let key = fabric_store::ObjectKey::parse(&format!("records/{owner}/{id}")).unwrap();
            async move {
                let body = backend.get(&key).await.unwrap().body;
                envelope::inspect(crate::frame::decode(&body).unwrap().2).unwrap().key_id
            }
        };
        let (alice_key, bob_key) =
            (stored("alice", alice.id.as_str()).await, stored("bob", bob.id.as_str()).await);
        assert_ne!(alice_key, bob_key);
        let entries = keys.entries().unwrap();
        assert_eq!(entries.len(), 2);
        assert!(entries.iter().any(|entry| entry.id == alice_key.as_str()));
    }
    // A copy of the storage taken before the shred.
    for suffix in ["", "-wal"] {
        let from = dir.path().join(format!("fabric.db{suffix}"));
        if from.exists() {
            std::fs::copy(&from, dir.path().join(format!("backup.db{suffix}"))).unwrap();
        }
    }
    {
        let backend = Arc::new(SqliteBackend::open(&path).unwrap());
        let fabric = fabric(backend, Arc::clone(&keys), keks());
        let report = fabric.shred_owner("bob").await.unwrap();
        assert_eq!((report.key_destroyed, report.records_deleted), (true, 1));
        assert!(matches!(
            fabric.retrieve("bob", bob.id.as_str()).await,
            Err(crate::Error::NotFound { .. })
        ));
        // Shredding again destroys nothing more.
        assert!(!fabric.shred_owner("bob").await.unwrap().key_destroyed);
        // The owner cannot store again under a destroyed key.
        assert!(matches!(
            fabric.store(NewRecord::new("bob", "again")).await,
            Err(crate::Error::KeyDestroyed { .. })
        ));
        assert_eq!(
            fabric.retrieve("alice", alice.id.as_str()).await.unwrap().content,
            alice.content
        );
    }
    // The old copy: bob's record is there, and cannot be opened; alice's opens.
    let backup = Arc::new(SqliteBackend::open(&dir.path().join("backup.db")).unwrap());
    let fabric = fabric(backup, Arc::clone(&keys), keks());
    let error = fabric.retrieve("bob", bob.id.as_str()).await.unwrap_err();
    assert!(matches!(error, crate::Error::KeyDestroyed { ref owner } if owner == "bob"), "{error}");
    assert!(error.to_string().contains("destroyed"));
    assert_eq!(fabric.retrieve("alice", alice.id.as_str()).await.unwrap().content, alice.content);
    // Recall in the old copy still serves alice, and nothing of bob's.
    let query = |owner: &str, text: &str| RecallQuery {
        text: Some(text.into()),
        k: 5,
        filter: Filter::owner(owner),
        ..RecallQuery::default()
    };
    assert_eq!(fabric.recall(&query("alice", "tea")).await.unwrap().len(), 1);
    assert!(fabric.recall(&query("bob", "coffee")).await.is_err());
}

#[tokio::test]
async fn rotation_rewraps_owner_keys_and_records_still_open() {
    let keys: Arc<dyn OwnerKeyStore> = Arc::new(MemoryOwnerKeys::default());
    let backend: Arc<dyn Backend> = Arc::new(fabric_store::ObjectStoreBackend::memory());
    let old = MasterKey::parse(KEK_A).unwrap();
    let new = MasterKey::parse(KEK_B).unwrap();
    let (old_id, new_id) = (old.fingerprint(), new.fingerprint());
    let stored =
        fabric(Arc::clone(&backend), Arc::clone(&keys), Keyring::single(old.try_clone().unwrap()))
            .store(NewRecord::new("carol", "before the rotation"))
            .await
            .unwrap();
    let both = Keyring::new(
        vec![(old_id.clone(), old), (new_id.clone(), new.try_clone().unwrap())],
        &new_id,
    )
    .unwrap();
    assert_eq!(rewrap_owner_keys(keys.as_ref(), &DEFAULT_PROVIDER, &both).unwrap(), 1);
    for entry in keys.entries().unwrap() {
        let sealed = entry.sealed.unwrap();
        assert_eq!(envelope::inspect(&sealed).unwrap().key_id, new_id);
    }
    // With the new key-encryption key alone, the record opens: only its owner key moved.
    let only_new = Keyring::new(vec![(new_id.clone(), new)], &new_id).unwrap();
    let fabric = fabric(backend, keys, only_new);
    assert_eq!(fabric.retrieve("carol", stored.id.as_str()).await.unwrap().content, stored.content);
}

#[test]
fn racing_writers_of_one_owner_key_file_keep_one_key_per_owner() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("owner-keys.json");
    let keks = keks();
    let threads: Vec<_> = (0..4)
        .map(|writer| {
            let path = path.clone();
            let keks = Keyring::single(keks.active().1.try_clone().unwrap());
            std::thread::spawn(move || {
                // Each writer its own handle, as separate processes have.
                let store = OwnerKeyFile::open(&path).unwrap();
                (0..10)
                    .map(|owner| {
                        let owner = format!("owner-{}", (owner + writer) % 10);
                        let entry = new_entry(&DEFAULT_PROVIDER, &keks, &owner).unwrap();
                        store.insert_new(entry).unwrap().id
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut ids: Vec<String> =
        threads.into_iter().flat_map(|thread| thread.join().unwrap()).collect();
    ids.sort();
    ids.dedup();
    // Ten owners, one key each, whichever writer came first.
    assert_eq!(ids.len(), 10);
    assert_eq!(OwnerKeyFile::open(&path).unwrap().entries().unwrap().len(), 10);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn a_sealed_owner_key_is_bound_to_its_owner_and_id() {
    let keks = keks();
    let entry = new_entry(&DEFAULT_PROVIDER, &keks, "dave").unwrap();
    let sealed = entry.sealed.clone().unwrap();
    assert!(open_key(&DEFAULT_PROVIDER, &keks, "dave", &entry.id, &sealed).is_ok());
    assert!(open_entry(&DEFAULT_PROVIDER, &keks, &entry, &sealed).is_ok());
    // Moved to another owner, or renamed, it does not open.
    assert!(open_key(&DEFAULT_PROVIDER, &keks, "erin", &entry.id, &sealed).is_err());
    assert!(open_key(&DEFAULT_PROVIDER, &keks, "dave", "o000000000000", &sealed).is_err());
    // Nor does a retiring key moved from another owner's entry.
    let other = new_entry(&DEFAULT_PROVIDER, &keks, "erin").unwrap();
    let stolen = OwnerKeyEntry {
        retiring: Some(RetiringKey { id: other.id.clone(), sealed: other.sealed.unwrap() }),
        ..entry.clone()
    };
    assert!(open_entry(&DEFAULT_PROVIDER, &keks, &stolen, &sealed).is_err());
    // A malformed file is a clear error, not an empty store.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("owner-keys.json");
    std::fs::write(&path, b"{not json").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let error = OwnerKeyFile::open(&path).unwrap_err();
    assert!(error.to_string().contains("malformed"), "{error}");
}

#[tokio::test]
async fn a_shred_by_another_process_is_honoured_and_leaves_a_mark_for_keyless_owners() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("owner-keys.json");
    let backend: Arc<dyn Backend> =
        Arc::new(SqliteBackend::open(&dir.path().join("f.db")).unwrap());
    // Two processes: each its own handle on the file, and its own fabric.
    let serving =
        fabric(Arc::clone(&backend), Arc::new(OwnerKeyFile::open(&path).unwrap()), keks());
    let stored = serving.store(NewRecord::new("frank", "frank's note")).await.unwrap();
    assert!(serving.retrieve("frank", stored.id.as_str()).await.is_ok());
    let cli = fabric(Arc::clone(&backend), Arc::new(OwnerKeyFile::open(&path).unwrap()), keks());
    cli.shred_owner("frank").await.unwrap();
    // The serving process notices within its refresh period, for reads and writes.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(matches!(
        serving.store(NewRecord::new("frank", "after")).await,
        Err(crate::Error::KeyDestroyed { .. })
    ));

    // An owner that never had a key (its records predate owner keys) is marked destroyed
    // too: no process makes it a key later.
    assert!(!cli.shred_owner("grace").await.unwrap().key_destroyed);
    let later = fabric(backend, Arc::new(OwnerKeyFile::open(&path).unwrap()), keks());
    assert!(matches!(
        later.store(NewRecord::new("grace", "again")).await,
        Err(crate::Error::KeyDestroyed { .. })
    ));
}
