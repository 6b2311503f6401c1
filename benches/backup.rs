//! Sealed backups on SQLite, in one run: `export` of 100,000 records (1 KiB each, 100
//! owners) beside listing the same records (the baseline: the same reads and openings,
//! without writing an archive), and `import` of the archive into an empty database beside
//! `store_many` of the same records (the baseline: the same sealing and writes, without
//! reading an archive). The resident memory each adds at its peak, for 10,000 and 100,000
//! records, shows that memory stays flat in the record count.
//!
//! Prints a table, and one `BENCH` line per operation for `cargo xtask bench` to collect.

#![allow(clippy::unwrap_used, reason = "test and benchmark helpers fail by panicking")]
#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::io::{BufReader, BufWriter};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use memory_fabric::crypto::keyfile::RootSecret;
use memory_fabric::crypto::{Keyring, MasterKey, OsRandom};
use memory_fabric::store::SqliteBackend;
use memory_fabric::{ExportFormat, Filter, MemoryFabric, NewRecord};

const SMALL: usize = 10_000;
const LARGE: usize = 100_000;
const OWNERS: usize = 100;
const BATCH: usize = 1_000;

/// A field of `/proc/self/status` in KiB (0 where there is none, off Linux).
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs `work` and returns its output with the resident memory it added at its peak, in
/// MiB: the peak (`VmHWM`) is reset first (`/proc/self/clear_refs`, Linux), then compared
/// with the resident size when it started.
async fn peak_of<T>(work: impl std::future::Future<Output = T>) -> (T, f64) {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let start = status_kib("VmRSS:");
    let output = work.await;
    let peak = status_kib("VmHWM:").saturating_sub(start);
    (output, peak as f64 / 1024.0)
}

fn payload(i: usize) -> String {
    let line = format!("memory {i:06}: the user asked to be reminded about the quarterly review. ");
    line.repeat(1024 / line.len() + 1)[..1024].to_owned()
}

fn inputs(range: std::ops::Range<usize>) -> Vec<NewRecord> {
    range.map(|n| NewRecord::new(format!("owner-{:03}", n % OWNERS), payload(n))).collect()
}

fn fabric(path: &Path) -> MemoryFabric {
    let backend = SqliteBackend::open(path).unwrap();
    MemoryFabric::builder()
        .backend(Arc::new(backend))
        .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
        .build()
        .unwrap()
}

async fn fill(fabric: &MemoryFabric, range: std::ops::Range<usize>) {
    for start in range.clone().step_by(BATCH) {
        fabric.store_many(inputs(start..(start + BATCH).min(range.end))).await.unwrap();
    }
}

/// Exports every record of `fabric` to `path`: (records, archive bytes, seconds, peak MiB).
async fn export(fabric: &MemoryFabric, key: &MasterKey, path: &Path) -> (u64, u64, f64, f64) {
    let file = std::fs::File::create(path).unwrap();
    let secret = RootSecret::Key(key);
    let start = Instant::now();
    let ((_, report), peak) = peak_of(async {
        fabric
            .export(BufWriter::new(file), ExportFormat::Sealed(&secret), &[], |_, _| {})
            .await
            .unwrap()
    })
    .await;
    let seconds = start.elapsed().as_secs_f64();
    (report.manifest.records, std::fs::metadata(path).unwrap().len(), seconds, peak)
}

/// Imports `archive` into an empty fabric at `target`: (records, seconds, peak MiB).
async fn import(target: &Path, key: &MasterKey, archive: &Path) -> (u64, f64, f64) {
    let fabric = fabric(target);
    let secret = RootSecret::Key(key);
    let start = Instant::now();
    let (report, peak) = peak_of(async {
        let open = || std::fs::File::open(archive).map(BufReader::new);
        fabric.import(open, &secret, |_, _| {}).await.unwrap()
    })
    .await;
    (report.restored, start.elapsed().as_secs_f64(), peak)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = MasterKey::generate(&OsRandom).unwrap();
    let source = fabric(&dir.path().join("source.db"));
    let archive = dir.path().join("backup.mfex");
    runtime.block_on(async {
        fill(&source, 0..SMALL).await;
        let (_, _, _, export_small) = export(&source, &key, &archive).await;
        let (_, _, import_small) = import(&dir.path().join("small.db"), &key, &archive).await;

        fill(&source, SMALL..LARGE).await;
        // Baseline of export: list (read and open) every record, owner by owner.
        let start = Instant::now();
        let (listed, list_peak) = peak_of(async {
            let mut listed = 0;
            for owner in 0..OWNERS {
                let filter = Filter::owner(format!("owner-{owner:03}"));
                listed += source.list(&filter).await.unwrap().len();
            }
            listed
        })
        .await;
        let list_rate = listed as f64 / start.elapsed().as_secs_f64();
        let (records, bytes, seconds, export_large) = export(&source, &key, &archive).await;
        assert_eq!((records as usize, listed), (LARGE, LARGE));
        let export_rate = records as f64 / seconds;
        let export_mb = bytes as f64 / 1e6 / seconds;

        // Baseline of import: store_many of the same records into an empty database.
        let baseline = fabric(&dir.path().join("baseline.db"));
        let start = Instant::now();
        let ((), store_peak) = peak_of(fill(&baseline, 0..LARGE)).await;
        let store_rate = LARGE as f64 / start.elapsed().as_secs_f64();
        drop(baseline);
        let (restored, seconds, import_large) =
            import(&dir.path().join("large.db"), &key, &archive).await;
        assert_eq!(restored as usize, LARGE);
        let import_rate = restored as f64 / seconds;
        let import_mb = bytes as f64 / 1e6 / seconds;

        println!("| operation, {LARGE} records of 1 KiB | rec/s | MB/s (archive) | baseline rec/s | ratio | peak RSS added at {SMALL} / {LARGE}, baseline at {LARGE} (MiB) |");
        println!("|---|---|---|---|---|---|");
        println!(
            "| export (baseline: list) | {export_rate:.0} | {export_mb:.1} | {list_rate:.0} | {:.2} | {export_small:.1} / {export_large:.1}, {list_peak:.1} |",
            export_rate / list_rate
        );
        println!(
            "| import (baseline: store_many) | {import_rate:.0} | {import_mb:.1} | {store_rate:.0} | {:.2} | {import_small:.1} / {import_large:.1}, {store_peak:.1} |",
            import_rate / store_rate
        );
        for (name, rate, mb, baseline, small, large, base_peak) in [
            ("export", export_rate, export_mb, list_rate, export_small, export_large, list_peak),
            ("import", import_rate, import_mb, store_rate, import_small, import_large, store_peak),
        ] {
            println!(
                "BENCH\tbackup\t{name}\t{rate:.0}\t{mb:.1}\t{baseline:.0}\t{small:.1}\t{large:.1}\t{base_peak:.1}"
            );
        }
    });
}
