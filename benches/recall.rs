//! Recall latency on the SQLite default: text (blind-index BM25), 384-dimension vectors and
//! hybrid queries over one owner's records, beside SQLite FTS5 `bm25()` over the same texts
//! in clear (the unencrypted reference), and the cost of indexing (`store_many` with and
//! without the recall index).
//!
//! `cargo bench --bench recall -- [records,...] [shapes]` (default `10000,100000`, every shape:
//! `text,vector,hybrid,fts5`). Prints a table,
//! and `BENCH` lines for `cargo xtask bench`.

#![allow(clippy::unwrap_used, reason = "a benchmark fails by panicking")]
#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use memory_fabric::crypto::{Keyring, MasterKey, OsRandom};
use memory_fabric::store::SqliteBackend;
use memory_fabric::{Filter, MemoryFabric, NewRecord, RecallQuery, RecallWeights};
use rusqlite::{Connection, params};

const DIMENSIONS: usize = 384;
const VOCABULARY: usize = 20_000;
const QUERIES: usize = 200;
const BATCH: usize = 1_000;

/// SplitMix64: deterministic inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Words with Zipf-distributed frequencies, as in natural text.
struct Words {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    fn new() -> Self {
        const SYLLABLES: [&str; 16] = [
            "ka", "lo", "mi", "ren", "tu", "sa", "vor", "ne", "pi", "dal", "ex", "zo", "bri",
            "fen", "gu", "hal",
        ];
        let words = (0..VOCABULARY)
            .map(|i| {
                let (a, b, c) = (i % 16, (i / 16) % 16, (i / 256) % 16);
                format!("{}{}{}{}", SYLLABLES[a], SYLLABLES[b], SYLLABLES[c], i / 4096)
            })
            .collect();
        let mut total = 0.0;
        let cumulative = (1..=VOCABULARY)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Words { words, cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> &str {
        let target = rng.unit() * self.cumulative[VOCABULARY - 1];
        let index = self.cumulative.partition_point(|value| *value < target);
        &self.words[index.min(VOCABULARY - 1)]
    }

    fn text(&self, rng: &mut Rng, words: usize) -> String {
        (0..words).map(|_| self.draw(rng)).collect::<Vec<_>>().join(" ")
    }
}

fn vector(rng: &mut Rng) -> Vec<f32> {
    (0..DIMENSIONS).map(|_| (rng.unit() * 2.0 - 1.0) as f32).collect()
}

fn fabric(dir: &tempfile::TempDir, keyring: &Arc<Keyring>, index: bool) -> MemoryFabric {
    let backend = SqliteBackend::open(&dir.path().join("fabric.db")).unwrap();
    let builder =
        MemoryFabric::builder().backend(Arc::new(backend)).shared_keyring(Arc::clone(keyring));
    let builder = if index { builder } else { builder.without_recall_index() };
    builder.build().unwrap()
}

fn inputs(words: &Words, rng: &mut Rng, count: usize) -> Vec<NewRecord> {
    (0..count)
        .map(|_| {
            let length = 15 + (rng.next() % 26) as usize;
            let mut input = NewRecord::new("bench", words.text(rng, length));
            input.embedding = Some(vector(rng));
            input
        })
        .collect()
}

/// Stores `records` records in batches into both fabrics, batch by batch in turn, so that
/// both meet the machine in the same state; returns each one's records per second.
async fn fill(both: [&MemoryFabric; 2], words: &Words, records: usize) -> [f64; 2] {
    let mut rng = Rng(1);
    let mut spent = [Duration::ZERO; 2];
    for round in 0..records / BATCH {
        let batch = inputs(words, &mut rng, BATCH);
        // Which goes first alternates too.
        for turn in 0..2 {
            let which = (round + turn) % 2;
            let batch = batch.clone();
            let start = Instant::now();
            both[which].store_many(batch).await.unwrap();
            spent[which] += start.elapsed();
        }
    }
    spent.map(|spent| records as f64 / spent.as_secs_f64())
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |fraction: f64| {
        let index = ((times.len() as f64 * fraction).ceil() as usize).saturating_sub(1);
        times[index.min(times.len() - 1)].as_secs_f64() * 1e3
    };
    (at(0.50), at(0.99))
}

fn query_texts(words: &Words) -> Vec<String> {
    let mut rng = Rng(2);
    (0..QUERIES)
        .map(|_| {
            let length = 2 + (rng.next() % 3) as usize;
            words.text(&mut rng, length)
        })
        .collect()
}

/// The same texts in clear in an FTS5 table; p50/p99 of the top 10 with their contents.
fn fts5(dir: &tempfile::TempDir, words: &Words, records: usize) -> (f64, f64) {
    let mut connection = Connection::open(dir.path().join("fts.db")).unwrap();
    connection.pragma_update(None, "journal_mode", "WAL").unwrap();
    connection.pragma_update(None, "synchronous", "FULL").unwrap();
    connection.execute_batch("CREATE VIRTUAL TABLE docs USING fts5(content)").unwrap();
    let mut rng = Rng(1);
    for _ in 0..records / BATCH {
        let transaction = connection.transaction().unwrap();
        for input in inputs(words, &mut rng, BATCH) {
            transaction
                .execute("INSERT INTO docs (content) VALUES (?1)", params![input.content])
                .unwrap();
        }
        transaction.commit().unwrap();
    }
    let mut times = Vec::with_capacity(QUERIES);
    for text in query_texts(words) {
        let query = text.split(' ').collect::<Vec<_>>().join(" OR ");
        let start = Instant::now();
        let mut statement = connection
            .prepare_cached(
                "SELECT rowid, content FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10",
            )
            .unwrap();
        let rows: Vec<(i64, String)> = statement
            .query_map([query], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        std::hint::black_box(rows);
        times.push(start.elapsed());
    }
    percentiles(times)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with('-')).collect();
    let sizes: Vec<usize> = args.first().map_or(vec![10_000, 100_000], |list| {
        list.split(',').map(|size| size.parse().unwrap()).collect()
    });
    // `cargo bench --bench recall -- 100000 text` runs only the shapes named.
    let wanted = |shape: &str| args.get(1).is_none_or(|only| only.contains(shape));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let words = Words::new();
    let key = Arc::new(Keyring::single(MasterKey::generate(&OsRandom).unwrap()));
    println!("| records | shape | p50 ms | p99 ms |\n|---|---|---|---|");
    for records in sizes {
        let dir = tempfile::tempdir().unwrap();
        let (with_index, without_index) = runtime.block_on(async {
            let plain_dir = tempfile::tempdir().unwrap();
            let plain = fabric(&plain_dir, &key, false);
            let indexed = fabric(&dir, &key, true);
            let [with, without] = fill([&indexed, &plain], &words, records).await;
            (with, without)
        });
        println!("BENCH\trecall-store\t{records}\t{with_index:.0}\t{without_index:.0}");
        let fabric = fabric(&dir, &key, true);
        let texts = query_texts(&words);
        let mut rng = Rng(3);
        let vectors: Vec<Vec<f32>> = (0..QUERIES).map(|_| vector(&mut rng)).collect();
        let mut rows = Vec::new();
        for shape in ["text", "vector", "hybrid"].into_iter().filter(|shape| wanted(shape)) {
            let times = runtime.block_on(async {
                // One query first, so that the vector cache is warm as in a running server.
                let mut times = Vec::with_capacity(QUERIES);
                for round in 0..=QUERIES {
                    let index = round % QUERIES;
                    let query = RecallQuery {
                        text: (shape != "vector").then(|| texts[index].clone()),
                        vector: (shape != "text").then(|| vectors[index].clone()),
                        k: 10,
                        filter: Filter::owner("bench"),
                        weights: RecallWeights::default(),
                    };
                    let start = Instant::now();
                    let hits = fabric.recall(&query).await.unwrap();
                    std::hint::black_box(hits);
                    if round > 0 {
                        times.push(start.elapsed());
                    }
                }
                times
            });
            rows.push((shape, percentiles(times)));
        }
        if wanted("fts5") {
            rows.push(("text, FTS5 bm25() in clear", fts5(&dir, &words, records)));
        }
        for (shape, (p50, p99)) in rows {
            println!("| {records} | {shape} | {p50:.2} | {p99:.2} |");
            println!("BENCH\trecall\t{records}\t{shape}\t{p50:.3}\t{p99:.3}");
        }
        println!(
            "| {records} | store_many with / without the index (rec/s) | {with_index:.0} | {without_index:.0} |"
        );
    }
}
