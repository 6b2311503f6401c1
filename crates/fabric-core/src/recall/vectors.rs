//! Vector recall: owners' embeddings opened into a bounded cache, and exact cosine ranking.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use fabric_store::recall::DocId;

use super::{Ranker, read_doc};
use crate::filter::Filter;
use crate::frame::ClearHeader;
use crate::{Error, Result};

/// One owner's opened embeddings, as of one index generation: every document's header and
/// attributes, and the embeddings normalised to length 1, one after the other in one buffer.
pub(super) struct OwnerVectors {
    generation: u64,
    docs: Vec<VectorDoc>,
    values: Vec<f32>,
}

struct VectorDoc {
    doc: DocId,
    header: ClearHeader,
    importance: f32,
    /// Where its normalised embedding sits in [`OwnerVectors::values`] (empty: none).
    embedding: std::ops::Range<usize>,
}

impl OwnerVectors {
    fn embedding(&self, doc: &VectorDoc) -> &[f32] {
        self.values.get(doc.embedding.clone()).unwrap_or_default()
    }
}

/// Owners' opened embeddings, bounded by a number of values over all owners (see
/// [`crate::MemoryFabricBuilder::vector_cache_values`]). Embeddings are secret: the cache
/// lives only in this process's memory.
pub(crate) struct VectorCache {
    owners: Mutex<HashMap<String, Arc<OwnerVectors>>>,
    max_values: usize,
}

impl VectorCache {
    pub(crate) fn new(max_values: usize) -> Self {
        VectorCache { owners: Mutex::default(), max_values }
    }
}

impl std::fmt::Debug for VectorCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VectorCache").field("max_values", &self.max_values).finish_non_exhaustive()
    }
}

impl Ranker<'_> {
    /// `owner`'s opened embeddings, from the cache while the index has not changed.
    pub(super) async fn vectors(&self, owner: &str) -> Result<Arc<OwnerVectors>> {
        let generation = self.index.stats(owner).await.map_err(Error::Store)?.generation;
        let cached = self.cache.owners.lock().ok().and_then(|owners| owners.get(owner).cloned());
        if let Some(cached) = cached
            && cached.generation == generation
        {
            return Ok(cached);
        }
        let infos = self.index.scope_docs(owner).await.map_err(Error::Store)?;
        let sealer = self.sealer.clone();
        let owner_name = owner.to_owned();
        // Opening every embedding is CPU work: off the async runtime.
        let vectors = tokio::task::spawn_blocking(move || {
            let mut docs = Vec::with_capacity(infos.len());
            let mut values = Vec::new();
            for info in &infos {
                let Ok((header, attrs)) = read_doc(&sealer, &owner_name, info) else { continue };
                let start = values.len();
                if let Some(embedding) = &attrs.embedding {
                    let norm = embedding.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
                    if norm > 0.0 {
                        values.extend(embedding.iter().map(|x| (f64::from(*x) / norm) as f32));
                    }
                }
                docs.push(VectorDoc {
                    doc: info.doc,
                    header,
                    importance: attrs.importance,
                    embedding: start..values.len(),
                });
            }
            OwnerVectors { generation, docs, values }
        })
        .await
        .map_err(|_| Error::Config { reason: "opening the embeddings failed".into() })?;
        let vectors = Arc::new(vectors);
        if let Ok(mut owners) = self.cache.owners.lock() {
            let held: usize = owners.values().map(|owner| owner.values.len()).sum();
            if held + vectors.values.len() > self.cache.max_values {
                owners.clear();
            }
            if vectors.values.len() <= self.cache.max_values {
                owners.insert(owner.to_owned(), Arc::clone(&vectors));
            }
        }
        Ok(vectors)
    }
}

/// The `depth` documents nearest `vector` by cosine that the filter admits, best first, with
/// their headers and importance.
pub(super) fn nearest(
    vectors: &OwnerVectors,
    vector: &[f32],
    allowed: Option<&HashSet<DocId>>,
    filter: &Filter,
    now: DateTime<Utc>,
    depth: usize,
) -> Vec<(DocId, f64, ClearHeader, f32)> {
    let norm = vector.iter().map(|x| f64::from(*x) * f64::from(*x)).sum::<f64>().sqrt();
    if norm <= 0.0 {
        return Vec::new();
    }
    let mut scored: Vec<(DocId, f64, usize)> = Vec::new();
    for (index, doc) in vectors.docs.iter().enumerate() {
        let embedding = vectors.embedding(doc);
        if embedding.len() != vector.len()
            || allowed.is_some_and(|set| !set.contains(&doc.doc))
            || !filter.admits_header(&doc.header, now)
        {
            continue;
        }
        scored.push((doc.doc, f64::from(dot(vector, embedding)) / norm, index));
    }
    let order =
        |a: &(DocId, f64, usize), b: &(DocId, f64, usize)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if scored.len() > depth {
        scored.select_nth_unstable_by(depth, order);
        scored.truncate(depth);
    }
    scored.sort_unstable_by(order);
    scored
        .into_iter()
        .filter_map(|(doc, score, index)| {
            let found = vectors.docs.get(index)?;
            Some((doc, score, found.header.clone(), found.importance))
        })
        .collect()
}

/// The dot product of two slices of one length, in eight independent lanes so that the
/// compiler can keep them in SIMD registers.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0_f32; 8];
    let chunks_a = a.chunks_exact(8);
    let chunks_b = b.chunks_exact(8);
    let tail: f32 = chunks_a.remainder().iter().zip(chunks_b.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for lane in 0..8 {
            lanes[lane] += x[lane] * y[lane];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// The cosine similarity of two vectors of one dimension; `None` when the dimensions differ
/// or either is all zeros.
pub fn cosine(a: &[f32], b: &[f32]) -> Option<f64> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let (mut dot, mut norm_a, mut norm_b) = (0.0_f32, 0.0_f32, 0.0_f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        norm_a += x * x;
        norm_b += y * y;
    }
    let norm = (f64::from(norm_a) * f64::from(norm_b)).sqrt();
    (norm > 0.0).then(|| f64::from(dot) / norm)
}
