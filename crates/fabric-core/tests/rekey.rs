//! Replacing owner keys (`rotate_owner_keys`): every record moves under its owner's new key
//! while reads and writes go on, recall keeps working, the audit log still matches every
//! record, and the old keys are gone at the end.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

use std::collections::BTreeMap;
use std::sync::Arc;

use fabric_core::fabric_crypto::{Keyring, MasterKey, OsRandom};
use fabric_core::{
    Filter, MemoryFabric, NewRecord, OwnerKeyFile, OwnerKeyStore, RecallQuery, RecordMove,
    SqliteStack,
};

const OWNERS: [&str; 3] = ["acme", "globex", "initech"];

fn stack(dir: &tempfile::TempDir, key: &MasterKey) -> (Arc<MemoryFabric>, Arc<OwnerKeyFile>) {
    let owner_keys = Arc::new(OwnerKeyFile::open(&dir.path().join("owner-keys.json")).unwrap());
    let store: Arc<dyn OwnerKeyStore> = owner_keys.clone();
    let keyring = Keyring::single(key.try_clone().unwrap());
    let stack = SqliteStack::open(&dir.path().join("fabric.db"), keyring, "test", "lib", |b| {
        b.owner_keys(store)
    })
    .unwrap();
    (stack.fabric, owner_keys)
}

fn owner_key_ids(store: &OwnerKeyFile) -> BTreeMap<String, String> {
    store.entries().unwrap().into_iter().map(|entry| (entry.owner, entry.id)).collect()
}

#[tokio::test]
async fn every_record_moves_under_a_new_owner_key_while_writes_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let key = MasterKey::generate(&OsRandom).unwrap();
    let (fabric, owner_keys) = stack(&dir, &key);
    let mut stored = Vec::new();
    for (index, owner) in OWNERS.iter().enumerate() {
        let inputs = (0..40)
            .map(|n| NewRecord::new(*owner, format!("{owner} note {n} about the harbour crane")))
            .collect();
        stored.extend(fabric.store_many(inputs).await.unwrap());
        assert_eq!(stored.len(), (index + 1) * 40);
    }
    let before = owner_key_ids(&owner_keys);

    // Writes go on while the rotation runs (its first step waits a second for other
    // processes to see the new keys).
    let rotation = {
        let fabric = Arc::clone(&fabric);
        tokio::spawn(async move { fabric.rotate_owner_keys(RecordMove::Rewrap, |_, _| {}).await })
    };
    let mut during = Vec::new();
    while !rotation.is_finished() {
        for owner in OWNERS {
            let record = fabric.store(NewRecord::new(owner, "written during the rotation")).await;
            during.push(record.unwrap());
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let report = rotation.await.unwrap().unwrap();
    assert_eq!(report.owners, 3);
    assert!(report.records >= 120, "{report:?}");
    assert!(!report.resumed);
    assert_eq!(report.index_keys, 3);
    assert!(during.len() >= 3, "some records were written during the rotation");

    // Every owner has a new key and no retiring one; every record names its owner's new key.
    let after = owner_key_ids(&owner_keys);
    for owner in OWNERS {
        assert_ne!(before[owner], after[owner]);
    }
    // The old keys are dropped: what still opens below opens under the new ones.
    assert!(owner_keys.entries().unwrap().iter().all(|entry| entry.retiring.is_none()));
    for record in stored.iter().chain(&during) {
        let read = fabric.retrieve(&record.owner, record.id.as_str()).await.unwrap();
        assert_eq!(read.content, record.content);
        assert_eq!(read.updated_at, record.updated_at, "moving a record is not an update");
        assert_eq!(read.version, record.version, "a rewrap keeps the version");
    }
    let listed = fabric.list(&Filter::owner("globex")).await.unwrap();
    assert_eq!(listed.len(), 40 + during.len() / 3);
    // Recall still opens each owner's index key (rewrapped) and finds the moved records.
    let query = RecallQuery {
        text: Some("harbour crane".into()),
        k: 5,
        filter: Filter::owner("acme"),
        ..RecallQuery::default()
    };
    assert_eq!(fabric.recall(&query).await.unwrap().len(), 5);
    // A rewrap keeps each record's audited content digest; each store during the rotation is
    // audited as a store naming the digest of what it stored.
    let report = fabric.verify_records().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    // A fabric opened afresh (another process) reads everything with the new keys alone.
    drop(fabric);
    let (reopened, _) = stack(&dir, &key);
    for record in stored.iter().chain(&during) {
        reopened.retrieve(&record.owner, record.id.as_str()).await.unwrap();
    }
    // A second rotation replaces the keys again, storing every record again under a fresh
    // data key; nothing half done is left to resume.
    let again = reopened.rotate_owner_keys(RecordMove::Reseal, |_, _| {}).await.unwrap();
    assert!(!again.resumed);
    assert_eq!(again.records as usize, stored.len() + during.len());
    for record in stored.iter().chain(&during) {
        let read = reopened.retrieve(&record.owner, record.id.as_str()).await.unwrap();
        assert_eq!(
            (read.content.as_str(), read.version),
            (record.content.as_str(), record.version + 1)
        );
    }
    // Each store again is audited as a store.
    let report = reopened.verify_records().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[tokio::test]
async fn a_shred_during_a_replacement_leaves_the_owner_shredded() {
    let dir = tempfile::tempdir().unwrap();
    let key = MasterKey::generate(&OsRandom).unwrap();
    let (fabric, owner_keys) = stack(&dir, &key);
    let kept = fabric.store(NewRecord::new("acme", "kept")).await.unwrap();
    fabric.store(NewRecord::new("globex", "shredded")).await.unwrap();
    let rotation = {
        let fabric = Arc::clone(&fabric);
        tokio::spawn(async move { fabric.rotate_owner_keys(RecordMove::Rewrap, |_, _| {}).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    fabric.shred_owner("globex").await.unwrap();
    rotation.await.unwrap().unwrap();
    let globex = owner_keys.get("globex").unwrap().unwrap();
    assert!(globex.sealed.is_none() && globex.retiring.is_none());
    assert_eq!(fabric.retrieve("acme", kept.id.as_str()).await.unwrap().content, "kept");
}

/// `reencrypt` after a rotation of the key-encryption key (no owner keys): every record
/// sealed under the old key gets a fresh data key under the new one, contents unchanged,
/// each audited; a second run finds nothing left.
#[tokio::test]
async fn reencrypt_seals_every_record_again_under_the_active_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fabric.db");
    let (old, new) =
        (MasterKey::generate(&OsRandom).unwrap(), MasterKey::generate(&OsRandom).unwrap());
    let old_id = Keyring::single(old.try_clone().unwrap()).active().0.clone();
    let new_id = Keyring::single(new.try_clone().unwrap()).active().0.clone();
    let before = {
        let keyring = Keyring::single(old.try_clone().unwrap());
        let fabric = SqliteStack::open(&path, keyring, "first", "lib", |b| b).unwrap().fabric;
        let mut stored = Vec::new();
        for owner in ["acme", "globex"] {
            let inputs =
                (0..150).map(|n| NewRecord::new(owner, format!("{owner} memo {n}"))).collect();
            stored.extend(fabric.store_many(inputs).await.unwrap());
        }
        fabric.audit_log().unwrap().close().await.unwrap();
        stored
    };
    let keyring =
        Keyring::new(vec![(old_id.clone(), old), (new_id.clone(), new)], &new_id).unwrap();
    let fabric = SqliteStack::open(&path, keyring, "second", "lib", |b| b).unwrap().fabric;
    assert_eq!(fabric.key_usage().await.unwrap().of(old_id.as_str()).records, 300);
    let written = fabric.store(NewRecord::new("acme", "written after the rotation")).await.unwrap();

    let mut seen = Vec::new();
    let report = fabric.reencrypt(|done, total| seen.push((done, total))).await.unwrap();
    assert_eq!((report.records, report.passes), (300, 2));
    assert_eq!(seen.last(), Some(&(300, 300)));
    let usage = fabric.key_usage().await.unwrap();
    assert_eq!((usage.of(old_id.as_str()).records, usage.of(new_id.as_str()).records), (0, 301));
    // The owners' recall index keys moved too: the old key protects nothing.
    assert_eq!(report.index_keys, 2);
    assert!(usage.of(old_id.as_str()).is_empty(), "{:?}", usage.of(old_id.as_str()));
    let query = RecallQuery {
        text: Some("memo".into()),
        k: 3,
        filter: Filter::owner("acme"),
        ..RecallQuery::default()
    };
    assert_eq!(fabric.recall(&query).await.unwrap().len(), 3);
    for record in &before {
        let now = fabric.retrieve(&record.owner, record.id.as_str()).await.unwrap();
        assert_eq!(
            (now.content.as_str(), now.version),
            (record.content.as_str(), record.version + 1)
        );
    }
    // The record written under the new key was left as it was.
    assert_eq!(fabric.retrieve("acme", written.id.as_str()).await.unwrap().version, 1);
    let again = fabric.reencrypt(|_, _| {}).await.unwrap();
    assert_eq!((again.records, again.passes), (0, 1));
    let checked = fabric.verify_records().await.unwrap();
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
}

/// A record whose wrapped data key was changed in storage opens for nobody: the rotation
/// leaves it as it is, says so, and still finishes (it cannot hold the old key hostage);
/// every other record moves and opens.
#[tokio::test]
async fn a_record_whose_wrapped_key_was_changed_does_not_stop_the_rotation() {
    use fabric_core::fabric_store::{ObjectKey, PutMode};
    let dir = tempfile::tempdir().unwrap();
    let key = MasterKey::generate(&OsRandom).unwrap();
    let (fabric, owner_keys) = stack(&dir, &key);
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(fabric.store(NewRecord::new("acme", format!("memory {n}"))).await.unwrap().id);
    }
    let object = ObjectKey::parse(&format!("records/acme/{}", ids[1].as_str())).unwrap();
    let mut body = fabric.backend().get(&object).await.unwrap().body.to_vec();
    let envelope = body.windows(4).position(|window| window == b"MFEN").unwrap();
    let key_id_len = usize::from(body[envelope + 6]);
    body[envelope + 19 + key_id_len + 5] ^= 0x01;
    fabric.backend().put(&object, body.into(), PutMode::Overwrite).await.unwrap();

    let report = fabric.rotate_owner_keys(RecordMove::Rewrap, |_, _| {}).await.unwrap();
    assert_eq!((report.records, report.unreadable), (2, 1));
    assert!(owner_keys.entries().unwrap().iter().all(|entry| entry.retiring.is_none()));
    for (n, id) in ids.iter().enumerate() {
        let read = fabric.retrieve("acme", id.as_str()).await;
        match n {
            1 => assert!(read.is_err()),
            _ => assert_eq!(read.unwrap().content, format!("memory {n}")),
        }
    }
}

/// A record's recall attributes sealed again under the retiring key after the record was
/// rewrapped (a writer that had not yet seen the new key indexing it again) are found once
/// no record is left under that key, and rewrapped before the key is dropped: recall still
/// reads them afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_sealed_under_the_old_key_during_the_rotation_are_moved_too() {
    use fabric_core::fabric_store::{ObjectKey, WriteOp};
    let dir = tempfile::tempdir().unwrap();
    let key = MasterKey::generate(&OsRandom).unwrap();
    let (fabric, owner_keys) = stack(&dir, &key);
    let record = fabric.store(NewRecord::new("acme", "the harbour crane inspection")).await;
    let id = record.unwrap().id;
    let object = ObjectKey::parse(&format!("records/acme/{}", id.as_str())).unwrap();
    let sqlite = || fabric.backend().as_sqlite().unwrap();
    let old = sqlite().attrs_of(vec![object.clone()]).await.unwrap().remove(0).1;
    let placeholder = bytes::Bytes::from_static(b"being indexed again");

    // While the first pass rewraps the record, its attributes change (so that the pass's
    // replacement of them does not match); during the second pass they are back, sealed
    // under the old key.
    let handle = tokio::runtime::Handle::current();
    let mut calls = 0;
    let swap = |from: &bytes::Bytes, to: &bytes::Bytes| {
        let op = WriteOp::ReplaceAttrs { key: object.clone(), old: from.clone(), new: to.clone() };
        let backend = sqlite();
        tokio::task::block_in_place(|| handle.block_on(backend.write_ops(vec![op]))).unwrap();
    };
    let report = fabric
        .rotate_owner_keys(RecordMove::Rewrap, |_, _| {
            calls += 1;
            match calls {
                1 => swap(&old, &placeholder),
                2 => swap(&placeholder, &old),
                _ => {}
            }
        })
        .await
        .unwrap();
    assert!(calls >= 2, "{calls}");
    assert_eq!(report.records, 1);
    assert!(owner_keys.entries().unwrap().iter().all(|entry| entry.retiring.is_none()));
    let now = sqlite().attrs_of(vec![object]).await.unwrap().remove(0).1;
    assert_ne!(now, old);
    let query = RecallQuery {
        text: Some("harbour crane".into()),
        k: 5,
        filter: Filter::owner("acme"),
        ..RecallQuery::default()
    };
    let hits = fabric.recall(&query).await.unwrap();
    assert_eq!(hits.len(), 1);
}
