//! Relevance of recall on synthetic corpora (see `relevance/corpus.rs`): recall@5, MRR and
//! nDCG@10 for blind-index BM25, a plaintext BM25 computed here over the same tokenisation,
//! vectors alone and the hybrid. Blind BM25 must be within 1% of plaintext BM25 on every
//! metric, and the hybrid at least as good as the better of text and vectors alone.

#![allow(clippy::unwrap_used, clippy::print_stdout, reason = "a test prints its table")]

#[path = "relevance/corpus.rs"]
mod corpus;

use std::collections::HashMap;
use std::sync::Arc;

use fabric_core::fabric_crypto::blind::Tokenizer;
use fabric_core::fabric_crypto::{Keyring, MasterKey, OsRandom};
use fabric_core::fabric_store::SqliteBackend;
use fabric_core::{BM25_B, BM25_K1, Filter, MemoryFabric, NewRecord, RecallQuery, RecallWeights};

use corpus::Corpus;

const OWNER: &str = "eval";

#[derive(Debug, Clone, Copy, Default)]
struct Metrics {
    recall_at_5: f64,
    mrr: f64,
    ndcg_at_10: f64,
}

impl Metrics {
    fn of(ranking: &[usize], relevant: &[usize]) -> Metrics {
        let is_relevant = |memory: &usize| relevant.contains(memory);
        let hits_5 = ranking.iter().take(5).filter(|memory| is_relevant(memory)).count();
        let recall_at_5 = hits_5 as f64 / relevant.len().min(5) as f64;
        let mrr = ranking
            .iter()
            .take(10)
            .position(is_relevant)
            .map_or(0.0, |position| 1.0 / (position + 1) as f64);
        let gain = |position: usize| 1.0 / ((position + 2) as f64).log2();
        let dcg: f64 = ranking
            .iter()
            .take(10)
            .enumerate()
            .filter(|(_, memory)| is_relevant(memory))
            .map(|(position, _)| gain(position))
            .sum();
        let ideal: f64 = (0..relevant.len().min(10)).map(gain).sum();
        Metrics { recall_at_5, mrr, ndcg_at_10: dcg / ideal }
    }

    fn add(&mut self, other: Metrics) {
        self.recall_at_5 += other.recall_at_5;
        self.mrr += other.mrr;
        self.ndcg_at_10 += other.ndcg_at_10;
    }

    fn mean(self, count: usize) -> Metrics {
        let n = count as f64;
        Metrics {
            recall_at_5: self.recall_at_5 / n,
            mrr: self.mrr / n,
            ndcg_at_10: self.ndcg_at_10 / n,
        }
    }

    fn values(self) -> [f64; 3] {
        [self.recall_at_5, self.mrr, self.ndcg_at_10]
    }
}

/// BM25 over the plaintext, with the fabric's tokenisation and formula.
struct PlainBm25 {
    docs: Vec<HashMap<String, u32>>,
    lengths: Vec<u32>,
    frequency: HashMap<String, usize>,
    tokenizer: Tokenizer,
}

impl PlainBm25 {
    fn new(corpus: &Corpus) -> Self {
        let tokenizer = Tokenizer::default();
        let mut docs = Vec::new();
        let mut lengths = Vec::new();
        let mut frequency: HashMap<String, usize> = HashMap::new();
        for memory in &corpus.memories {
            let mut counts: HashMap<String, u32> = HashMap::new();
            tokenizer
                .terms(&memory.content, |term| *counts.entry(term.to_owned()).or_default() += 1);
            lengths.push(counts.values().sum());
            for term in counts.keys() {
                *frequency.entry(term.clone()).or_default() += 1;
            }
            docs.push(counts);
        }
        PlainBm25 { docs, lengths, frequency, tokenizer }
    }

    fn rank(&self, text: &str, k: usize) -> Vec<usize> {
        let mut query: HashMap<String, u32> = HashMap::new();
        self.tokenizer.terms(text, |term| *query.entry(term.to_owned()).or_default() += 1);
        let n = self.docs.len() as f64;
        let average = self.lengths.iter().map(|length| f64::from(*length)).sum::<f64>() / n;
        let mut scored: Vec<(usize, f64)> = Vec::new();
        for (index, doc) in self.docs.iter().enumerate() {
            let mut score = 0.0;
            for (term, query_count) in &query {
                let Some(count) = doc.get(term) else { continue };
                let with_term = self.frequency[term] as f64;
                let idf = (1.0 + (n - with_term + 0.5) / (with_term + 0.5)).ln();
                let tf = f64::from(*count);
                let norm = 1.0 - BM25_B + BM25_B * f64::from(self.lengths[index]) / average;
                score +=
                    idf * tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm) * f64::from(*query_count);
            }
            if score > 0.0 {
                scored.push((index, score));
            }
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().take(k).map(|(index, _)| index).collect()
    }
}

async fn evaluate(corpus: &Corpus) -> [Metrics; 4] {
    assert!(corpus.memories.len() >= 2000 && corpus.queries.len() >= 50);
    let dir = tempfile::tempdir().unwrap();
    let backend = SqliteBackend::open(&dir.path().join("fabric.db")).unwrap();
    let fabric = MemoryFabric::builder()
        .backend(Arc::new(backend))
        .keyring(Keyring::single(MasterKey::generate(&OsRandom).unwrap()))
        .build()
        .unwrap();
    let mut ids = HashMap::new();
    for (start, chunk) in corpus.memories.chunks(500).enumerate() {
        let inputs = chunk
            .iter()
            .map(|memory| {
                let mut input = NewRecord::new(OWNER, memory.content.clone());
                input.embedding = Some(memory.embedding.clone());
                input
            })
            .collect();
        for (offset, record) in fabric.store_many(inputs).await.unwrap().into_iter().enumerate() {
            ids.insert(record.id.to_string(), start * 500 + offset);
        }
    }
    let plain = PlainBm25::new(corpus);
    let mut sums = [Metrics::default(); 4];
    for query in &corpus.queries {
        let recall = |text: Option<&str>, vector: Option<&[f32]>| RecallQuery {
            text: text.map(str::to_owned),
            vector: vector.map(<[f32]>::to_vec),
            k: 10,
            filter: Filter::owner(OWNER),
            weights: RecallWeights::default(),
        };
        let mut rankings = Vec::new();
        for request in [
            recall(Some(&query.text), None),
            recall(None, Some(&query.vector)),
            recall(Some(&query.text), Some(&query.vector)),
        ] {
            let hits = fabric.recall(&request).await.unwrap();
            rankings.push(hits.iter().map(|hit| ids[hit.record.id.as_str()]).collect::<Vec<_>>());
        }
        let plain_ranking = plain.rank(&query.text, 10);
        let all = [&rankings[0], &plain_ranking, &rankings[1], &rankings[2]];
        for (sum, ranking) in sums.iter_mut().zip(all) {
            sum.add(Metrics::of(ranking, &query.relevant));
        }
    }
    sums.map(|sum| sum.mean(corpus.queries.len()))
}

fn report(corpus: &Corpus, metrics: &[Metrics; 4]) {
    println!(
        "{} split: {} memories, {} queries",
        corpus.name,
        corpus.memories.len(),
        corpus.queries.len()
    );
    println!("| ranking | recall@5 | MRR | nDCG@10 |\n|---|---|---|---|");
    for (name, metrics) in
        ["blind-index BM25", "plaintext BM25", "vector only", "hybrid (RRF)"].iter().zip(metrics)
    {
        let [recall, mrr, ndcg] = metrics.values();
        println!("| {name} | {recall:.4} | {mrr:.4} | {ndcg:.4} |");
    }
}

fn check(metrics: &[Metrics; 4]) {
    let [blind, plain, vector, hybrid] = metrics.map(Metrics::values);
    for metric in 0..3 {
        assert!(
            (blind[metric] - plain[metric]).abs() <= 0.01 * plain[metric],
            "blind BM25 is not within 1% of plaintext BM25: {blind:?} vs {plain:?}"
        );
        let best_alone = blind[metric].max(vector[metric]);
        assert!(
            hybrid[metric] >= best_alone,
            "the hybrid is worse than the better signal alone: {hybrid:?} vs text {blind:?}, \
             vectors {vector:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relevance_on_the_tuning_split() {
    let corpus = corpus::tuning();
    let metrics = evaluate(&corpus).await;
    report(&corpus, &metrics);
    check(&metrics);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relevance_on_the_held_out_split() {
    let corpus = corpus::held_out();
    let metrics = evaluate(&corpus).await;
    report(&corpus, &metrics);
    check(&metrics);
}
