//! The conformance suite every [`Backend`] must pass (feature `test-util`).
//!
//! Each check takes a backend and works under a prefix of its own, so they can share one
//! backend (and one bucket) with other data. [`run_all`] runs them all; a panic is a failure.

#![allow(clippy::unwrap_used, reason = "a conformance check fails by panicking")]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use futures::TryStreamExt as _;

use crate::{Backend, Error, ObjectKey, PutMode, Version};

/// A prefix no other check of this process uses.
pub fn unique_prefix(label: &str) -> ObjectKey {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    ObjectKey::parse(&format!("conformance-{nanos}-{count}/{label}")).expect("valid prefix")
}

fn key(prefix: &ObjectKey, name: &str) -> ObjectKey {
    prefix.child(name).expect("valid key")
}

/// Runs every check of the suite.
pub async fn run_all(backend: &dyn Backend) {
    run_all_but_racing(backend, true).await;
}

/// Runs every check of the suite; the racing-creates check only when `racing` (a server
/// whose create-only put is not atomic skips it, and says so).
pub async fn run_all_but_racing(backend: &dyn Backend, racing: bool) {
    round_trip(backend).await;
    create_only_refuses_an_existing_object(backend).await;
    overwrite_replaces(backend).await;
    if_version_is_compare_and_swap(backend).await;
    delete_removes_and_reports_missing(backend).await;
    list_is_segment_wise_and_ordered(backend).await;
    list_pages_past_one_thousand(backend).await;
    if racing {
        concurrent_creates_have_one_winner(backend).await;
    }
    put_many_writes_every_item(backend).await;
    retention_is_applied_or_refused_whole(backend).await;
}

/// [`crate::Retaining`]: a backend with retention stores a retained object (create-only puts
/// refusing an existing one, as plain puts do) and reads it back. A backend without it has
/// nothing to check.
pub async fn retention_is_applied_or_refused_whole(backend: &dyn Backend) {
    let prefix = ObjectKey::parse("conformance/retention").expect("valid key");
    let locked = key(&prefix, "evidence");
    let body = Bytes::from_static(b"kept as it was");
    let Some(retaining) = backend.retaining() else { return };
    assert!(retaining.retention().days >= 1, "a retention of at least one day");
    retaining.put_retained(&locked, body.clone(), PutMode::Create).await.expect("retained");
    assert_eq!(backend.get(&locked).await.expect("readable").body, body);
    let again = retaining.put_retained(&locked, body, PutMode::Create).await;
    assert!(matches!(again, Err(Error::AlreadyExists { .. })), "{again:?}");
}

/// What is put comes back, empty and binary bodies included.
pub async fn round_trip(backend: &dyn Backend) {
    let prefix = unique_prefix("round-trip");
    for (name, body) in
        [("empty", Vec::new()), ("binary", (0..=255).collect()), ("text", b"x".repeat(70_000))]
    {
        let key = key(&prefix, name);
        let version = backend.put(&key, Bytes::from(body.clone()), PutMode::Create).await.unwrap();
        let stored = backend.get(&key).await.unwrap();
        assert_eq!(stored.body.as_ref(), body.as_slice(), "{backend}: body of {name}");
        assert_eq!(stored.version, version, "{backend}: version of {name}");
    }
    let missing = backend.get(&key(&prefix, "missing")).await;
    assert!(matches!(missing, Err(Error::NotFound { .. })), "{backend}: {missing:?}");
}

/// A create-only put of an existing key fails and leaves the first body.
pub async fn create_only_refuses_an_existing_object(backend: &dyn Backend) {
    let key = key(&unique_prefix("create"), "k");
    backend.put(&key, Bytes::from_static(b"first"), PutMode::Create).await.unwrap();
    let second = backend.put(&key, Bytes::from_static(b"second"), PutMode::Create).await;
    assert!(matches!(second, Err(Error::AlreadyExists { .. })), "{backend}: {second:?}");
    assert_eq!(backend.get(&key).await.unwrap().body.as_ref(), b"first");
}

/// Overwrite replaces the body and changes the version; it also creates.
pub async fn overwrite_replaces(backend: &dyn Backend) {
    let key = key(&unique_prefix("overwrite"), "k");
    let first = backend.put(&key, Bytes::from_static(b"one"), PutMode::Overwrite).await.unwrap();
    let second = backend.put(&key, Bytes::from_static(b"two"), PutMode::Overwrite).await.unwrap();
    assert_ne!(first, second, "{backend}: overwrite kept the version");
    assert_eq!(backend.get(&key).await.unwrap().body.as_ref(), b"two");
}

/// A put with the current version wins once; a stale version or a missing object loses.
pub async fn if_version_is_compare_and_swap(backend: &dyn Backend) {
    let prefix = unique_prefix("cas");
    let key = key(&prefix, "k");
    let first = backend.put(&key, Bytes::from_static(b"one"), PutMode::Create).await.unwrap();
    let second = backend
        .put(&key, Bytes::from_static(b"two"), PutMode::IfVersion(first.clone()))
        .await
        .unwrap();
    let stale = backend.put(&key, Bytes::from_static(b"three"), PutMode::IfVersion(first)).await;
    assert!(matches!(stale, Err(Error::VersionMismatch { .. })), "{backend}: {stale:?}");
    let bogus = backend
        .put(&key, Bytes::from_static(b"four"), PutMode::IfVersion(Version("bogus".into())))
        .await;
    assert!(matches!(bogus, Err(Error::VersionMismatch { .. })), "{backend}: {bogus:?}");
    let stored = backend.get(&key).await.unwrap();
    assert_eq!((stored.body.as_ref(), &stored.version), (&b"two"[..], &second));
    let missing = backend
        .put(&key_missing(&prefix), Bytes::from_static(b"x"), PutMode::IfVersion(second))
        .await;
    assert!(matches!(missing, Err(Error::NotFound { .. })), "{backend}: {missing:?}");
}

fn key_missing(prefix: &ObjectKey) -> ObjectKey {
    key(prefix, "missing")
}

/// Delete removes; deleting again reports the object missing.
pub async fn delete_removes_and_reports_missing(backend: &dyn Backend) {
    let key = key(&unique_prefix("delete"), "k");
    backend.put(&key, Bytes::from_static(b"x"), PutMode::Create).await.unwrap();
    backend.delete(&key).await.unwrap();
    assert!(matches!(backend.get(&key).await, Err(Error::NotFound { .. })));
    let again = backend.delete(&key).await;
    assert!(matches!(again, Err(Error::NotFound { .. })), "{backend}: {again:?}");
    backend.put(&key, Bytes::from_static(b"y"), PutMode::Create).await.unwrap();
}

/// Listing `a/b` finds `a/b/...` but not `a/bc`, in key order, with sizes.
pub async fn list_is_segment_wise_and_ordered(backend: &dyn Backend) {
    let prefix = unique_prefix("list");
    let owner = key(&prefix, "alice");
    for name in ["c", "a", "b"] {
        let key = owner.child("r").unwrap().child(name).unwrap();
        backend.put(&key, Bytes::new(), PutMode::Overwrite).await.unwrap();
    }
    backend
        .put(&key(&prefix, "alicex"), Bytes::from_static(b"other"), PutMode::Create)
        .await
        .unwrap();
    backend
        .put(&owner.child("z").unwrap(), Bytes::from_static(b"12345"), PutMode::Create)
        .await
        .unwrap();
    let listed: Vec<_> = backend.list(&owner).try_collect().await.unwrap();
    let keys: Vec<_> = listed.iter().map(|meta| meta.key.as_str().to_owned()).collect();
    let expected: Vec<_> =
        ["r/a", "r/b", "r/c", "z"].iter().map(|name| format!("{owner}/{name}")).collect();
    assert_eq!(keys, expected, "{backend}");
    assert_eq!(listed[3].size, 5);
    let none: Vec<_> = backend.list(&key(&prefix, "nobody")).try_collect().await.unwrap();
    assert!(none.is_empty());
}

/// A listing of more than one page returns every object once.
pub async fn list_pages_past_one_thousand(backend: &dyn Backend) {
    let prefix = unique_prefix("pages");
    let items: Vec<_> = (0..1_100)
        .map(|i| (key(&prefix, &format!("{i:05}")), Bytes::from_static(b"x"), PutMode::Create))
        .collect();
    backend.put_many(items).await.unwrap();
    let listed: Vec<_> = backend.list(&prefix).try_collect().await.unwrap();
    assert_eq!(listed.len(), 1_100, "{backend}");
    assert!(listed.windows(2).all(|pair| pair[0].key < pair[1].key), "{backend}: order");
}

/// Of eight concurrent create-only puts of one key, exactly one wins.
pub async fn concurrent_creates_have_one_winner(backend: &dyn Backend) {
    let key = key(&unique_prefix("race"), "k");
    let attempts = (0..8u8).map(|i| backend.put(&key, Bytes::from(vec![i]), PutMode::Create));
    let results = futures::future::join_all(attempts).await;
    let winners = results.iter().filter(|result| result.is_ok()).count();
    assert_eq!(winners, 1, "{backend}: {results:?}");
    assert!(
        results.iter().all(|result| matches!(result, Ok(_) | Err(Error::AlreadyExists { .. })))
    );
}

/// put_many writes every item and returns one version each.
pub async fn put_many_writes_every_item(backend: &dyn Backend) {
    let prefix = unique_prefix("many");
    let items: Vec<_> = (0..10)
        .map(|i| (key(&prefix, &i.to_string()), Bytes::from(vec![i as u8]), PutMode::Create))
        .collect();
    let versions = backend.put_many(items).await.unwrap();
    assert_eq!(versions.len(), 10);
    for i in 0..10u8 {
        let stored = backend.get(&key(&prefix, &i.to_string())).await.unwrap();
        assert_eq!((stored.body.as_ref(), &stored.version), (&[i][..], &versions[usize::from(i)]));
    }
}

/// One step of a model-based test.
#[derive(Debug, Clone)]
pub enum ModelOp {
    /// Put `body` at key number `key` with create-only, overwrite or the current version.
    Put {
        /// Which of a handful of keys.
        key: u8,
        /// The bytes.
        body: Vec<u8>,
        /// 0 create, 1 overwrite, 2 current version, 3 a stale version.
        mode: u8,
    },
    /// Delete key number `key`.
    Delete {
        /// Which key.
        key: u8,
    },
}

/// Applies `ops` to the backend and to a map, and checks after each step that gets and a
/// listing agree with the map.
pub async fn check_against_model(backend: &dyn Backend, ops: &[ModelOp]) {
    let prefix = unique_prefix("model");
    let mut model: BTreeMap<u8, (Vec<u8>, Version)> = BTreeMap::new();
    let mut stale: BTreeMap<u8, Version> = BTreeMap::new();
    for op in ops {
        match op {
            ModelOp::Put { key: index, body, mode } => {
                let object_key = key(&prefix, &format!("k{index}"));
                let current = model.get(index).map(|(_, version)| version.clone());
                let put_mode = match (mode % 4, &current) {
                    (0, _) => PutMode::Create,
                    (1, _) => PutMode::Overwrite,
                    (2, Some(version)) => PutMode::IfVersion(version.clone()),
                    (_, _) => {
                        PutMode::IfVersion(stale.get(index).cloned().unwrap_or(Version("0".into())))
                    }
                };
                let result =
                    backend.put(&object_key, Bytes::from(body.clone()), put_mode.clone()).await;
                let should_succeed = match &put_mode {
                    PutMode::Create => current.is_none(),
                    PutMode::Overwrite => true,
                    PutMode::IfVersion(version) => current.as_ref() == Some(version),
                };
                assert_eq!(result.is_ok(), should_succeed, "{backend}: {op:?} gave {result:?}");
                if let Ok(version) = result {
                    if let Some(old) = current {
                        stale.insert(*index, old);
                    }
                    model.insert(*index, (body.clone(), version));
                }
            }
            ModelOp::Delete { key: index } => {
                let result = backend.delete(&key(&prefix, &format!("k{index}"))).await;
                assert_eq!(result.is_ok(), model.remove(index).is_some(), "{backend}: {op:?}");
            }
        }
        for index in 0..4u8 {
            let got = backend.get(&key(&prefix, &format!("k{index}"))).await;
            match (model.get(&index), got) {
                (Some((body, version)), Ok(stored)) => {
                    assert_eq!((stored.body.as_ref(), &stored.version), (body.as_slice(), version));
                }
                (None, Err(Error::NotFound { .. })) => {}
                (expected, got) => panic!("{backend}: key {index}: {expected:?} vs {got:?}"),
            }
        }
        let listed: Vec<_> = backend.list(&prefix).try_collect().await.unwrap();
        assert_eq!(listed.len(), model.len(), "{backend}: listing");
    }
}
