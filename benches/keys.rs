//! The cost of per-owner keys on SQLite, in one run: `store_many` with owner keys beside the
//! same stores without; rotating the key-encryption key over many owners' records (it
//! rewraps the owner keys only, so its cost follows the owners, not the records); replacing
//! every owner key and moving every record under the new ones (`keys rotate --records`);
//! and sealing every record again after a rotation without owner keys (`--reencrypt`). The
//! record count is `FABRIC_BENCH_KEY_RECORDS` (default 100,000; the 1,000,000 takes a
//! quarter of an hour), over 1,000 owners.
//!
//! Prints a table, and one `BENCH` line per row for `cargo xtask bench` to collect.

#![allow(clippy::unwrap_used, reason = "test and benchmark helpers fail by panicking")]
#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use memory_fabric::crypto::{DEFAULT_PROVIDER, KeyId, Keyring, MasterKey, OsRandom};
use memory_fabric::store::SqliteBackend;
use memory_fabric::{MemoryFabric, NewRecord, OwnerKeyFile, OwnerKeyStore, rewrap_owner_keys};

/// Owners the records are spread over.
const OWNERS: usize = 1_000;
/// Records of the rotations when `FABRIC_BENCH_KEY_RECORDS` does not say.
const RECORDS: usize = 100_000;
/// Records of the store comparison, in batches of [`BATCH`].
const STORED: usize = 20_000;
const BATCH: usize = 1_000;

fn payload(i: usize) -> String {
    let line = format!("memory {i:06}: the user asked to be reminded about the quarterly review. ");
    line.repeat(1024 / line.len() + 1)[..1024].to_owned()
}

fn fabric(dir: &tempfile::TempDir, key: &MasterKey, owner_keys: bool) -> MemoryFabric {
    under(dir, Keyring::single(key.try_clone().unwrap()), owner_keys)
}

/// A fabric on `dir`'s database under `keyring`, with the owner keys of `dir` or none.
fn under(dir: &tempfile::TempDir, keyring: Keyring, owner_keys: bool) -> MemoryFabric {
    let backend = SqliteBackend::open(&dir.path().join("fabric.db")).unwrap();
    let builder = MemoryFabric::builder().backend(Arc::new(backend)).keyring(keyring);
    let builder = if owner_keys {
        let store = OwnerKeyFile::open(&dir.path().join("owner-keys.json")).unwrap();
        builder.owner_keys(Arc::new(store))
    } else {
        builder
    };
    builder.build().unwrap()
}

fn batch(round: usize) -> Vec<NewRecord> {
    (0..BATCH)
        .map(|i| {
            let n = round * BATCH + i;
            NewRecord::new(format!("owner-{:04}", n % OWNERS), payload(n))
        })
        .collect()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let key = MasterKey::generate(&OsRandom).unwrap();

    // Both fabrics batch by batch in turn, so that both meet the machine in one state.
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let both = [fabric(&dirs[0], &key, true), fabric(&dirs[1], &key, false)];
    let mut spent = [Duration::ZERO; 2];
    runtime.block_on(async {
        for round in 0..STORED / BATCH {
            for turn in 0..2 {
                let which = (round + turn) % 2;
                let start = Instant::now();
                both[which].store_many(batch(round)).await.unwrap();
                spent[which] += start.elapsed();
            }
        }
    });
    let [with, without] = spent.map(|spent| STORED as f64 / spent.as_secs_f64());
    drop(both);

    // Rotation over OWNERS owners' records.
    #[allow(clippy::disallowed_methods, reason = "the bench's size is set from outside")]
    let records = std::env::var("FABRIC_BENCH_KEY_RECORDS")
        .ok()
        .and_then(|value| value.parse::<usize>().ok())
        .unwrap_or(RECORDS)
        .max(BATCH)
        / BATCH
        * BATCH;
    let dir = tempfile::tempdir().unwrap();
    let fill = |fabric: &MemoryFabric| {
        runtime.block_on(async {
            for round in 0..records / BATCH {
                fabric.store_many(batch(round)).await.unwrap();
            }
        });
    };
    fill(&fabric(&dir, &key, true));
    let store = OwnerKeyFile::open(&dir.path().join("owner-keys.json")).unwrap();
    assert_eq!(store.entries().unwrap().len(), OWNERS);
    let new = MasterKey::generate(&OsRandom).unwrap();
    let (old_id, new_id): (KeyId, KeyId) = (key.fingerprint(), new.fingerprint());
    let rotated = || {
        let keys = vec![
            (old_id.clone(), key.try_clone().unwrap()),
            (new_id.clone(), new.try_clone().unwrap()),
        ];
        Keyring::new(keys, &new_id).unwrap()
    };
    let keks = rotated();
    let start = Instant::now();
    let rewrapped = rewrap_owner_keys(&store, &DEFAULT_PROVIDER, &keks).unwrap();
    let rotation = start.elapsed();
    assert_eq!(rewrapped, OWNERS);

    // Every owner key replaced, every record moved under the new ones.
    let moved = under(&dir, rotated(), true);
    let start = Instant::now();
    let report = runtime
        .block_on(moved.rotate_owner_keys(memory_fabric::RecordMove::Rewrap, |_, _| {}))
        .unwrap();
    // Less the second the replacement waits for other processes to see the new keys.
    let rewrap = start.elapsed().saturating_sub(Duration::from_secs(1));
    assert_eq!(report.records as usize, records);
    drop(moved);
    drop(dir);

    // Every record sealed again after a rotation, without owner keys.
    let dir = tempfile::tempdir().unwrap();
    fill(&fabric(&dir, &key, false));
    let sealed_again = under(&dir, rotated(), false);
    let start = Instant::now();
    let report = runtime.block_on(sealed_again.reencrypt(|_, _| {})).unwrap();
    let reencrypt = start.elapsed();
    assert_eq!(report.records as usize, records);

    println!("| shape | value |");
    println!("|---|---|");
    println!("| store_many with owner keys, {OWNERS} owners (rec/s) | {with:.0} |");
    println!("| store_many without owner keys (rec/s) | {without:.0} |");
    println!("| with / without | {:.2}x |", with / without);
    println!(
        "| key rotation over {records} records of {OWNERS} owners | {:.1} ms ({:.0} records/s) |",
        rotation.as_secs_f64() * 1e3,
        records as f64 / rotation.as_secs_f64()
    );
    let rate = |spent: Duration| records as f64 / spent.as_secs_f64();
    println!(
        "| owner keys replaced, {records} records moved (rotate --records) | {:.1} s ({:.0} records/s) |",
        rewrap.as_secs_f64(),
        rate(rewrap)
    );
    println!(
        "| {records} records sealed again (rotate --reencrypt) | {:.1} s ({:.0} records/s) |",
        reencrypt.as_secs_f64(),
        rate(reencrypt)
    );
    println!("BENCH\tkeys-store\t{with:.0}\t{without:.0}");
    println!("BENCH\tkeys-rotation\t{records}\t{OWNERS}\t{:.3}", rotation.as_secs_f64() * 1e3);
    println!(
        "BENCH\tkeys-records\t{records}\t{:.3}\t{:.3}",
        rewrap.as_secs_f64(),
        reencrypt.as_secs_f64()
    );
}
