//! Store and retrieve throughput on the SQLite backend, beside raw rusqlite doing the same
//! inserts and selects of the same 1 KiB payloads at the same durability (WAL,
//! `synchronous=FULL`), in one run.
//!
//! Prints a table, and one `BENCH` line per shape for `cargo xtask bench` to collect.

#![allow(clippy::unwrap_used, reason = "test and benchmark helpers fail by panicking")]
#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use memory_fabric::authz::Principal;
use memory_fabric::crypto::{Keyring, MasterKey, OsRandom};
use memory_fabric::store::SqliteBackend;
use memory_fabric::{Filter, MemoryFabric, NewRecord};
use rusqlite::{Connection, params};

const RECORDS: usize = 10_000;
const BATCH: usize = 1_000;
const CALLERS: usize = 32;
const RUNS: usize = 2;

fn payload(i: usize) -> String {
    let line = format!("memory {i:06}: the user asked to be reminded about the quarterly review. ");
    line.repeat(1024 / line.len() + 1)[..1024].to_owned()
}

fn fabric(dir: &tempfile::TempDir) -> Arc<MemoryFabric> {
    let backend = SqliteBackend::open(&dir.path().join("fabric.db")).unwrap();
    let fabric = MemoryFabric::builder()
        .backend(Arc::new(backend))
        .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
        .build()
        .unwrap();
    Arc::new(fabric)
}

fn raw_connection(path: &std::path::Path) -> Connection {
    let connection = Connection::open(path).unwrap();
    connection.busy_timeout(Duration::from_secs(30)).unwrap();
    connection
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        .unwrap();
    connection.pragma_update(None, "synchronous", "FULL").unwrap();
    connection
        .execute_batch("CREATE TABLE IF NOT EXISTS t (key TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, body BLOB NOT NULL)")
        .unwrap();
    connection
}

fn raw_insert(connection: &Connection, i: usize) {
    connection
        .prepare_cached("INSERT INTO t (key, version, body) VALUES (?1, 1, ?2)")
        .unwrap()
        .execute(params![format!("records/bench/{i:08}"), payload(i).as_bytes()])
        .unwrap();
}

fn raw_select(connection: &Connection, i: usize) -> Vec<u8> {
    connection
        .prepare_cached("SELECT body FROM t WHERE key = ?1")
        .unwrap()
        .query_row([format!("records/bench/{i:08}")], |row| row.get(0))
        .unwrap()
}

/// Records per second of the best of `RUNS` runs; each run gets a fresh directory.
fn best(mut run: impl FnMut(&tempfile::TempDir) -> Duration) -> f64 {
    (0..RUNS)
        .map(|_| {
            let dir = tempfile::tempdir().unwrap();
            RECORDS as f64 / run(&dir).as_secs_f64()
        })
        .fold(0.0, f64::max)
}

fn main() {
    // `cargo bench --bench store -- WORD` runs only the shapes whose name contains WORD.
    let only = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let wanted = |shape: &str| only.as_deref().is_none_or(|word| shape.contains(word));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let mut rows: Vec<(&str, f64, f64)> = Vec::new();

    if wanted("store, one per call, durable") {
        let ours = best(|dir| {
            let fabric = fabric(dir);
            runtime.block_on(async {
                let start = Instant::now();
                for i in 0..RECORDS {
                    fabric.store(NewRecord::new("bench", payload(i))).await.unwrap();
                }
                start.elapsed()
            })
        });
        let raw = best(|dir| {
            let connection = raw_connection(&dir.path().join("raw.db"));
            let start = Instant::now();
            for i in 0..RECORDS {
                raw_insert(&connection, i);
            }
            start.elapsed()
        });
        rows.push(("store, one per call, durable", ours, raw));
    }

    if wanted("store_many, batches of 1,000") {
        let ours = best(|dir| {
            let fabric = fabric(dir);
            runtime.block_on(async {
                let start = Instant::now();
                for batch in 0..RECORDS / BATCH {
                    let inputs = (0..BATCH)
                        .map(|i| NewRecord::new("bench", payload(batch * BATCH + i)))
                        .collect();
                    fabric.store_many(inputs).await.unwrap();
                }
                start.elapsed()
            })
        });
        let raw = best(|dir| {
            let mut connection = raw_connection(&dir.path().join("raw.db"));
            let start = Instant::now();
            for batch in 0..RECORDS / BATCH {
                let transaction = connection.transaction().unwrap();
                for i in 0..BATCH {
                    raw_insert(&transaction, batch * BATCH + i);
                }
                transaction.commit().unwrap();
            }
            start.elapsed()
        });
        rows.push(("store_many, batches of 1,000", ours, raw));
    }

    if wanted("store, 32 concurrent callers, durable") {
        let ours = best(|dir| {
            let fabric = fabric(dir);
            runtime.block_on(async {
                let start = Instant::now();
                let tasks: Vec<_> = (0..CALLERS)
                    .map(|caller| {
                        let fabric = Arc::clone(&fabric);
                        tokio::spawn(async move {
                            for i in (caller..RECORDS).step_by(CALLERS) {
                                fabric.store(NewRecord::new("bench", payload(i))).await.unwrap();
                            }
                        })
                    })
                    .collect();
                for task in tasks {
                    task.await.unwrap();
                }
                start.elapsed()
            })
        });
        let raw = best(|dir| {
            let connection = Arc::new(Mutex::new(raw_connection(&dir.path().join("raw.db"))));
            let start = Instant::now();
            std::thread::scope(|scope| {
                for caller in 0..CALLERS {
                    let connection = Arc::clone(&connection);
                    scope.spawn(move || {
                        for i in (caller..RECORDS).step_by(CALLERS) {
                            raw_insert(&connection.lock().unwrap(), i);
                        }
                    });
                }
            });
            start.elapsed()
        });
        rows.push(("store, 32 concurrent callers, durable", ours, raw));
    }

    let (one_by_one, concurrent) = ("retrieve, one per call", "retrieve, 32 concurrent callers");
    if wanted(one_by_one) || wanted(concurrent) || wanted("list of 1,000") {
        // Retrieval and listing: fill once, then read every record back.
        let dir = tempfile::tempdir().unwrap();
        let fabric = fabric(&dir);
        let ids: Arc<Vec<String>> = Arc::new(runtime.block_on(async {
            let mut ids = Vec::with_capacity(RECORDS);
            for batch in 0..RECORDS / BATCH {
                let inputs = (0..BATCH)
                    .map(|i| NewRecord::new("bench", payload(batch * BATCH + i)))
                    .collect();
                ids.extend(
                    fabric
                        .store_many(inputs)
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|record| record.id.to_string()),
                );
            }
            ids
        }));
        let raw_dir = tempfile::tempdir().unwrap();
        let raw_path = raw_dir.path().join("raw.db");
        {
            let mut connection = raw_connection(&raw_path);
            let transaction = connection.transaction().unwrap();
            for i in 0..RECORDS {
                raw_insert(&transaction, i);
            }
            transaction.commit().unwrap();
        }
        if wanted(one_by_one) {
            let ours = best(|_| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for id in ids.iter() {
                        fabric.retrieve("bench", id).await.unwrap();
                    }
                    start.elapsed()
                })
            });
            let raw = best(|_| {
                let connection = raw_connection(&raw_path);
                let start = Instant::now();
                for i in 0..RECORDS {
                    assert_eq!(raw_select(&connection, i).len(), 1024);
                }
                start.elapsed()
            });
            rows.push((one_by_one, ours, raw));
        }

        if wanted(concurrent) {
            let ours = best(|_| {
                runtime.block_on(async {
                    let start = Instant::now();
                    let tasks: Vec<_> = (0..CALLERS)
                        .map(|caller| {
                            let fabric = Arc::clone(&fabric);
                            let ids = Arc::clone(&ids);
                            tokio::spawn(async move {
                                for id in ids.iter().skip(caller).step_by(CALLERS) {
                                    fabric.retrieve("bench", id).await.unwrap();
                                }
                            })
                        })
                        .collect();
                    for task in tasks {
                        task.await.unwrap();
                    }
                    start.elapsed()
                })
            });
            let raw = best(|_| {
                let start = Instant::now();
                std::thread::scope(|scope| {
                    for caller in 0..CALLERS {
                        let raw_path = &raw_path;
                        scope.spawn(move || {
                            let connection = raw_connection(raw_path);
                            for i in (caller..RECORDS).step_by(CALLERS) {
                                raw_select(&connection, i);
                            }
                        });
                    }
                });
                start.elapsed()
            });
            rows.push((concurrent, ours, raw));
        }

        if wanted("list of 1,000") {
            // Listing: ten listings of the first 1,000 records, beside a raw select of the same
            // rows (key order, bodies read).
            const LISTED: usize = 1_000;
            let ours = best(|_| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..RECORDS / LISTED {
                        let mut filter = Filter::owner("bench");
                        filter.limit = Some(LISTED);
                        assert_eq!(fabric.list(&filter).await.unwrap().len(), LISTED);
                    }
                    start.elapsed()
                })
            });
            let raw = best(|_| {
                let connection = raw_connection(&raw_path);
                let start = Instant::now();
                for _ in 0..RECORDS / LISTED {
                    let mut statement = connection
                        .prepare_cached(
                            "SELECT key, body FROM t WHERE key > 'records/bench/'
                             AND key < 'records/bench0' ORDER BY key LIMIT ?1",
                        )
                        .unwrap();
                    let bodies: Vec<(String, Vec<u8>)> = statement
                        .query_map([LISTED as i64], |row| Ok((row.get(0)?, row.get(1)?)))
                        .unwrap()
                        .map(Result::unwrap)
                        .collect();
                    assert_eq!(bodies.len(), LISTED);
                }
                start.elapsed()
            });
            rows.push(("list of 1,000", ours, raw));
        }
    }

    let mut redaction = Vec::new();
    if wanted("redaction") {
        redaction = redaction_cost(&runtime);
    }

    println!("\n{RECORDS} records of 1 KiB, SQLite WAL synchronous=FULL, best of {RUNS} runs");
    println!("{:<40} {:>14} {:>14} {:>12}", "shape", "fabric rec/s", "raw rec/s", "cost ratio");
    for (shape, ours, raw) in &rows {
        println!("{shape:<40} {ours:>14.0} {raw:>14.0} {:>11.2}x", raw / ours);
    }
    for (shape, ours, raw) in &rows {
        println!("BENCH\tstore\t{shape}\t{ours:.0}\t{raw:.0}");
    }
    if !redaction.is_empty() {
        println!("\nRedaction on read: gets per second through a session, one per call");
        println!("{:<40} {:>14} {:>14} {:>12}", "records", "user", "viewer", "µs per get");
    }
    for (shape, user, viewer) in &redaction {
        let cost = 1e6 / viewer - 1e6 / user;
        println!("{shape:<40} {user:>14.0} {viewer:>14.0} {cost:>12.1}");
    }
    for (shape, user, viewer) in &redaction {
        println!("BENCH\tredaction\t{shape}\t{user:.0}\t{viewer:.0}");
    }
}

/// Gets per second through a session for a `user` (clear) and a `viewer` (redacted on
/// read), over 1 KiB records with and without personal data.
fn redaction_cost(runtime: &tokio::runtime::Runtime) -> Vec<(&'static str, f64, f64)> {
    let with_pii = |i: usize| {
        let line = format!(
            "memory {i:06}: Dana (dana.w{i}@example.org, +44 20 7946 {:04}) asked about the review. ",
            i % 10_000
        );
        line.repeat(1024 / line.len() + 1)[..1024].to_owned()
    };
    let mut rows = Vec::new();
    for (shape, make) in [
        ("1 KiB without personal data", &payload as &dyn Fn(usize) -> String),
        ("1 KiB with 10 emails and phones", &with_pii),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let fabric = fabric(&dir);
        let ids: Vec<String> = runtime.block_on(async {
            let mut ids = Vec::with_capacity(RECORDS);
            for batch in 0..RECORDS / BATCH {
                let inputs =
                    (0..BATCH).map(|i| NewRecord::new("bench", make(batch * BATCH + i))).collect();
                let stored = fabric.store_many(inputs).await.unwrap();
                ids.extend(stored.into_iter().map(|record| record.id.to_string()));
            }
            ids
        });
        let rate = |role: &str| {
            let principal = Principal::new(format!("{role}-1"), "bench", [role]).unwrap();
            let session = fabric.session(principal);
            best(|_| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for id in &ids {
                        session.retrieve(None, id).await.unwrap();
                    }
                    start.elapsed()
                })
            })
        };
        let user = rate("user");
        let viewer = rate("viewer");
        rows.push((shape, user, viewer));
    }
    rows
}
