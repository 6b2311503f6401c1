//! The kill test of `fabric keys rotate --records`: over 100,000 memories of 100 owners,
//! the rotation is SIGKILLed at random points in a child process and run again until it
//! has been killed four times and finishes. After every kill every memory opens; at the end every owner has a new key, the
//! old ones are gone, and every memory opens with the new keys alone.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::Home;
use fabric_core::{Filter, MemoryFabric, NewRecord, OwnerKeyFile, OwnerKeyStore, SqliteStack};
use fabric_crypto::keyfile::{KeyringFile, RootSecret};
use fabric_crypto::{DEFAULT_PROVIDER, MasterKey, OsRandom};

const RECORDS: usize = 100_000;
const OWNERS: usize = 100;
const KILLS: usize = 4;

/// The home's fabric as the `fabric` binary builds it for its default SQLite backend, with
/// the keyring as it is on disk now.
fn open(home: &Home, root: &MasterKey) -> (Arc<MemoryFabric>, Arc<OwnerKeyFile>) {
    let bytes = std::fs::read(home.path.join("keyring")).unwrap();
    let keyring = KeyringFile::open(&bytes, &RootSecret::Key(root), &DEFAULT_PROVIDER)
        .unwrap()
        .keyring()
        .unwrap();
    let owner_keys = Arc::new(OwnerKeyFile::open(&home.path.join("owner-keys.json")).unwrap());
    let store: Arc<dyn OwnerKeyStore> = owner_keys.clone();
    let stack =
        SqliteStack::open(&home.path.join("fabric.db"), keyring, "local", "cli", |builder| {
            builder.owner_keys(store)
        })
        .unwrap();
    (stack.fabric, owner_keys)
}

/// Opens every memory (a listing opens each one, and fails on the first that does not).
async fn every_memory_opens(home: &Home, root: &MasterKey) -> BTreeMap<String, String> {
    let (fabric, owner_keys) = open(home, root);
    let mut count = 0;
    for owner in 0..OWNERS {
        let listed = fabric.list(&Filter::owner(format!("owner-{owner:03}"))).await.unwrap();
        count += listed.len();
    }
    assert_eq!(count, RECORDS);
    if let Some(log) = fabric.audit_log() {
        log.close().await.unwrap();
    }
    owner_keys.entries().unwrap().into_iter().map(|entry| (entry.owner, entry.id)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_with_records_survives_sigkill_at_random_points() {
    let home = Home::new();
    let root = MasterKey::generate(&OsRandom).unwrap();
    let root_text = hex::encode(root.expose_secret());
    let env = [("FABRIC_KEY", root_text.as_str())];
    home.ok_with(&["init"], &env);
    {
        let (fabric, _) = open(&home, &root);
        for batch in 0..RECORDS / 1_000 {
            let inputs = (0..1_000)
                .map(|n| {
                    let index = batch * 1_000 + n;
                    let owner = format!("owner-{:03}", index % OWNERS);
                    NewRecord::new(owner, format!("memory {index}: the crane at pier {n}"))
                })
                .collect();
            fabric.store_many(inputs).await.unwrap();
        }
        fabric.audit_log().unwrap().close().await.unwrap();
    }
    let before = every_memory_opens(&home, &root).await;
    assert_eq!(before.len(), OWNERS);

    // Kill points spread over the run (300 ms to 10 s in, sooner each time a rotation
    // finishes before its kill; the next run then rotates again), drawn from a clock seed.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |since| since.as_nanos() as u64)
        | 1;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut kills, mut halfway, mut window) = (0, 0, 9_700);
    let started = Instant::now();
    loop {
        assert!(started.elapsed() < Duration::from_secs(900), "the rotation never finished");
        let mut child = Command::new(env!("CARGO_BIN_EXE_fabric"))
            .args(["keys", "rotate", "--records"])
            .env("FABRIC_HOME", &home.path)
            .env("FABRIC_KEY", &root_text)
            .env_remove("FABRIC_BACKEND")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline =
            (kills < KILLS).then(|| Instant::now() + Duration::from_millis(300 + next() % window));
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
                child.kill().unwrap();
                child.wait().unwrap();
                break None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        match status {
            Some(status) => {
                let output = child.wait_with_output().unwrap();
                let said = String::from_utf8_lossy(&output.stderr);
                assert!(status.success(), "{said}");
                assert!(said.contains("owner keys replaced"), "{said}");
                if kills == KILLS {
                    break;
                }
                // It finished before the kill: kill the next rotation sooner.
                window = (window / 2).max(100);
            }
            None => {
                kills += 1;
                // Every memory opens after every kill.
                every_memory_opens(&home, &root).await;
                let (_, owner_keys) = open(&home, &root);
                if owner_keys.entries().unwrap().iter().any(|entry| entry.retiring.is_some()) {
                    halfway += 1;
                }
            }
        }
    }
    assert!(halfway >= 1, "no kill landed while the memories were being moved");

    // Done: every owner has a new key and no retiring one, and every memory opens with the
    // keys now on disk (the old owner keys are gone from the file).
    let after = every_memory_opens(&home, &root).await;
    for (owner, id) in &before {
        assert_ne!(&after[owner], id, "{owner} still has its old key");
    }
    let (_, owner_keys) = open(&home, &root);
    assert!(owner_keys.entries().unwrap().iter().all(|entry| entry.retiring.is_none()));
    home.ok_with(&["audit", "verify"], &env);
}
