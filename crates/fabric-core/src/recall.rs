//! Recall: the records of one owner ranked for a query, without a word, tag or embedding ever
//! stored in clear.
//!
//! Text is ranked with BM25 over the owner's blind terms (`index`), using the owner's own
//! document count and average length; vectors by exact cosine over the owner's embeddings,
//! opened from their sealed attributes into a bounded cache; the two lists are fused with
//! reciprocal rank fusion (RRF). An optional agent-memory score adds recency (exponential
//! decay) and importance, as in the retrieval function of Park et al., *Generative Agents*
//! (2023). The filter runs on the index (blind tag, metadata and session terms; the clear
//! header) before ranking; only the top `k` records are opened, and each is checked again
//! against the filter once open.

pub(crate) mod index;
mod vectors;

pub(crate) use vectors::VectorCache;
pub use vectors::cosine;
use vectors::nearest;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use fabric_crypto::blind::TermKind;
use fabric_store::RecallIndex;
use fabric_store::recall::{DocId, DocInfo};
use serde::{Deserialize, Serialize};

use crate::fabric::split_key;
use crate::filter::Filter;
use crate::frame::ClearHeader;
use crate::recall::index::{Attrs, Indexer, OwnerTerms, meta_pair, open_attrs};
use crate::sealer::Sealer;
use crate::{Error, Record, RecordId, Result};

/// BM25 term-frequency saturation.
pub const BM25_K1: f64 = 1.2;
/// BM25 length normalisation.
pub const BM25_B: f64 = 0.75;
/// The RRF constant: a list's item at rank `r` (from 1) adds `weight / (RRF_K + r)`.
///
/// Cormack et al. use 60 for many lists. With two lists and small `k`, 60 lets an item in
/// both lists at a middling rank beat one at the top of one list only; measured on the
/// tuning split of the relevance test (nDCG@10 of the hybrid): 60 → 0.849, 20 → 0.852,
/// 10 → 0.869, 5 → 0.889, against 0.855 for vectors alone. 10 keeps the fusion from
/// following a single list's top while beating either list alone there.
pub const RRF_K: f64 = 10.0;
/// The most records one recall returns.
pub const MAX_K: usize = 100;
/// The longest query vector.
pub const MAX_DIMENSIONS: usize = 4096;
/// Embedding values the vector cache holds at most by default, over all owners: 48 Mi
/// values, 192 MiB, room for 100,000 embeddings of 384 dimensions and more.
pub const DEFAULT_VECTOR_CACHE_VALUES: usize = 48 * 1024 * 1024;
/// Documents whose headers are read per round while walking a ranked list.
const HEADER_BATCH: usize = 256;

/// What to recall. Its `Debug` output leaves out the text and the vector (a query says as
/// much as the memories it looks for).
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecallQuery {
    /// Text to match against content, tags and metadata.
    #[serde(default)]
    pub text: Option<String>,
    /// A vector to match against the records' embeddings (same dimension).
    #[serde(default)]
    pub vector: Option<Vec<f32>>,
    /// How many records, 1 to [`MAX_K`].
    pub k: usize,
    /// Conditions every returned record meets (its `owner` is required); its `limit` is
    /// ignored (`k` is the limit).
    #[serde(skip)]
    pub filter: Filter,
    /// How the signals are weighed.
    #[serde(default)]
    pub weights: RecallWeights,
}

impl std::fmt::Debug for RecallQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecallQuery")
            .field("text", &self.text.as_ref().map(|_| "<redacted>"))
            .field("vector", &self.vector.as_ref().map(Vec::len))
            .field("k", &self.k)
            .field("owner", &self.filter.owner)
            .field("weights", &self.weights)
            .finish_non_exhaustive()
    }
}

/// How the signals of a recall are weighed. The defaults rank by relevance alone (text and
/// vector equally); [`RecallWeights::agent`] adds recency and importance as Park et al. do.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct RecallWeights {
    /// Weight of the text (BM25) list in the fusion.
    pub text: f64,
    /// Weight of the vector (cosine) list in the fusion.
    pub vector: f64,
    /// Weight of recency, `0.5^(age / half_life)` of the record's last write.
    pub recency: f64,
    /// Weight of the record's importance (0 to 1).
    pub importance: f64,
    /// The age, in hours, at which recency halves.
    pub half_life_hours: f64,
}

impl Default for RecallWeights {
    fn default() -> Self {
        RecallWeights {
            text: 1.0,
            vector: 1.0,
            recency: 0.0,
            importance: 0.0,
            half_life_hours: 168.0,
        }
    }
}

impl RecallWeights {
    /// Relevance, recency and importance weighed equally (the agent-memory score).
    pub fn agent() -> Self {
        RecallWeights { recency: 1.0, importance: 1.0, ..RecallWeights::default() }
    }

    fn check(&self) -> Result<()> {
        let values = [self.text, self.vector, self.recency, self.importance];
        if values.iter().any(|value| !value.is_finite() || *value < 0.0 || *value > 100.0) {
            return Err(Error::invalid("weights", "each weight must be between 0 and 100"));
        }
        if !self.half_life_hours.is_finite() || self.half_life_hours <= 0.0 {
            return Err(Error::invalid(
                "weights",
                "the half-life must be a positive number of hours",
            ));
        }
        Ok(())
    }
}

/// One recalled record, with its score and the part each signal gave.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecallHit {
    /// The record, opened.
    pub record: Record,
    /// The final score: `relevance + recency * w + importance * w`.
    pub score: f64,
    /// What each signal gave.
    pub signals: Signals,
}

/// The signals behind one hit's score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Signals {
    /// The BM25 score of the text, if the text matched.
    pub text: Option<f64>,
    /// The cosine similarity to the query vector, if the record has an embedding.
    pub vector: Option<f64>,
    /// The fused relevance, RRF normalised to 0..1 (1: first in every list).
    pub relevance: f64,
    /// `0.5^(age / half_life)`.
    pub recency: f64,
    /// The record's importance.
    pub importance: f64,
}

/// A candidate while ranking.
#[derive(Debug, Clone, Default)]
struct Candidate {
    text: Option<(usize, f64)>,
    vector: Option<(usize, f64)>,
    header: Option<ClearHeader>,
    importance: Option<f32>,
}

/// Everything `rank` needs from the fabric.
pub(crate) struct Ranker<'a> {
    pub(crate) index: &'a dyn RecallIndex,
    pub(crate) indexer: &'a Indexer,
    pub(crate) sealer: &'a Sealer,
    pub(crate) cache: &'a VectorCache,
}

/// A ranked document, before its record is opened.
pub(crate) struct Ranked {
    pub(crate) owner: String,
    pub(crate) id: RecordId,
    pub(crate) score: f64,
    pub(crate) signals: Signals,
    /// The record version the index document was made from.
    pub(crate) version: u64,
}

impl Ranker<'_> {
    /// Ranks `owner`'s documents for `query`, best first: more than `k` of them, so that the
    /// caller can skip any that no longer open or no longer meet the filter.
    pub(crate) async fn rank(
        &self,
        owner: &str,
        blinder: Option<&OwnerTerms>,
        query: &RecallQuery,
    ) -> Result<Vec<Ranked>> {
        query.weights.check()?;
        let Some(blinder) = blinder else { return Ok(Vec::new()) };
        let now = Utc::now();
        let depth = (query.k * 4).max(50);
        let allowed = self.allowed(owner, blinder, &query.filter).await?.map(Arc::new);
        let text = query.text.as_deref().filter(|text| !text.trim().is_empty());
        // Text and vectors are ranked at once: SQLite reads on one thread, cosine on another.
        let text_list = async {
            match (text, query.weights.text > 0.0) {
                (Some(text), true) => {
                    let scored = self.bm25(owner, blinder, text).await?;
                    self.admit(owner, scored, allowed.as_deref(), &query.filter, now, depth).await
                }
                _ => Ok(Vec::new()),
            }
        };
        let vector_list = async {
            match (&query.vector, query.weights.vector > 0.0) {
                (Some(vector), true) => {
                    let vectors = self.vectors(owner).await?;
                    let (vector, allowed, filter) =
                        (vector.clone(), allowed.clone(), query.filter.clone());
                    tokio::task::spawn_blocking(move || {
                        nearest(&vectors, &vector, allowed.as_deref(), &filter, now, depth)
                    })
                    .await
                    .map_err(|_| Error::Config { reason: "the vector ranking failed".into() })
                }
                _ => Ok(Vec::new()),
            }
        };
        let (text_hits, vector_hits) = tokio::join!(text_list, vector_list);
        let mut candidates: HashMap<DocId, Candidate> = HashMap::new();
        for (rank, (doc, (score, header, attrs))) in text_hits?.into_iter().enumerate() {
            let entry = candidates.entry(doc).or_default();
            entry.text = Some((rank + 1, score));
            entry.header = Some(header);
            entry.importance = attrs.map(|attrs| attrs.importance);
        }
        for (rank, (doc, score, header, importance)) in vector_hits?.into_iter().enumerate() {
            let entry = candidates.entry(doc).or_default();
            entry.vector = Some((rank + 1, score));
            entry.header.get_or_insert(header);
            entry.importance.get_or_insert(importance);
        }
        let weights = &query.weights;
        let max_rrf = (if text.is_some() { weights.text } else { 0.0 }
            + if query.vector.is_some() { weights.vector } else { 0.0 })
            / (RRF_K + 1.0);
        let mut ranked = Vec::with_capacity(candidates.len());
        for (doc, candidate) in candidates {
            let rrf = candidate.text.map_or(0.0, |(rank, _)| weights.text / (RRF_K + rank as f64))
                + candidate.vector.map_or(0.0, |(rank, _)| weights.vector / (RRF_K + rank as f64));
            let relevance = if max_rrf > 0.0 { rrf / max_rrf } else { 0.0 };
            let recency = candidate.header.as_ref().map_or(0.0, |header| {
                let hours = (now - header.updated_at).num_seconds().max(0) as f64 / 3600.0;
                0.5_f64.powf(hours / weights.half_life_hours)
            });
            let importance = f64::from(candidate.importance.unwrap_or(0.0));
            let score = relevance + weights.recency * recency + weights.importance * importance;
            ranked.push((
                doc,
                score,
                Signals {
                    text: candidate.text.map(|(_, score)| score),
                    vector: candidate.vector.map(|(_, score)| score),
                    relevance,
                    recency,
                    importance,
                },
            ));
        }
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(depth);
        let infos = self
            .index
            .docs(owner, ranked.iter().map(|(doc, ..)| *doc).collect())
            .await
            .map_err(Error::Store)?;
        let mut out = Vec::with_capacity(ranked.len());
        for ((_, score, signals), info) in ranked.into_iter().zip(infos) {
            let Some(info) = info else { continue };
            // The index names the record; it must be one of this owner's.
            let Some((key_owner, id)) = split_key(&info.key) else { continue };
            if key_owner != owner {
                continue;
            }
            let Ok(header) = ClearHeader::parse(&info.header) else { continue };
            out.push(Ranked {
                owner: owner.to_owned(),
                id: RecordId::parse(id)?,
                score,
                signals,
                version: header.version,
            });
        }
        Ok(out)
    }

    /// The documents the filter's tag, metadata and session conditions admit (from their
    /// blind terms), or `None` when it has none.
    async fn allowed(
        &self,
        owner: &str,
        blinder: &OwnerTerms,
        filter: &Filter,
    ) -> Result<Option<HashSet<DocId>>> {
        let mut all = Vec::new();
        for tag in &filter.tags_all {
            all.push(blinder.term(TermKind::Tag, tag).0);
        }
        for (key, value) in &filter.metadata {
            all.push(blinder.term(TermKind::Meta, &meta_pair(key, value)).0);
        }
        if let Some(session) = &filter.session_id {
            all.push(blinder.term(TermKind::Session, session).0);
        }
        let any: Vec<_> =
            filter.tags_any.iter().map(|tag| blinder.term(TermKind::Tag, tag).0).collect();
        if all.is_empty() && any.is_empty() {
            return Ok(None);
        }
        let all_count = all.len();
        let mut terms = all;
        terms.extend(any);
        let lists = self.index.postings(owner, terms).await.map_err(Error::Store)?;
        let mut allowed: Option<HashSet<DocId>> = None;
        for list in lists.iter().take(all_count) {
            let docs: HashSet<DocId> = list.iter().map(|posting| posting.doc).collect();
            allowed = Some(match allowed {
                Some(current) => current.intersection(&docs).copied().collect(),
                None => docs,
            });
        }
        if lists.len() > all_count {
            let docs: HashSet<DocId> =
                lists.iter().skip(all_count).flatten().map(|posting| posting.doc).collect();
            allowed = Some(match allowed {
                Some(current) => current.intersection(&docs).copied().collect(),
                None => docs,
            });
        }
        Ok(allowed)
    }

    /// BM25 scores of `owner`'s documents for `text`, best first.
    async fn bm25(
        &self,
        owner: &str,
        blinder: &OwnerTerms,
        text: &str,
    ) -> Result<Vec<(DocId, f64)>> {
        let terms = self.indexer.query_terms(blinder, text);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let stats = self.index.stats(owner).await.map_err(Error::Store)?;
        let lists = self
            .index
            .postings(owner, terms.iter().map(|(term, _)| *term).collect())
            .await
            .map_err(Error::Store)?;
        let scored = bm25_scores(stats.docs, stats.length, &terms, &lists);
        Ok(scored)
    }

    /// Walks `scored` in order and keeps the first `depth` documents the filter admits, with
    /// their headers and attributes.
    async fn admit(
        &self,
        owner: &str,
        scored: Vec<(DocId, f64)>,
        allowed: Option<&HashSet<DocId>>,
        filter: &Filter,
        now: DateTime<Utc>,
        depth: usize,
    ) -> Result<Vec<(DocId, (f64, ClearHeader, Option<Attrs>))>> {
        let mut admitted = Vec::with_capacity(depth);
        let mut scored: Vec<(DocId, f64)> = scored
            .into_iter()
            .filter(|(doc, _)| allowed.is_none_or(|set| set.contains(doc)))
            .collect();
        // Only the head is sorted at first; the rest only if the filter turns the head away.
        let head = (depth * 4).max(HEADER_BATCH).min(scored.len());
        if head < scored.len() {
            scored.select_nth_unstable_by(head, best_first);
        }
        scored[..head].sort_unstable_by(best_first);
        let mut tail_sorted = head == scored.len();
        let mut start = 0;
        while start < scored.len() {
            if start >= head && !tail_sorted {
                scored[head..].sort_unstable_by(best_first);
                tail_sorted = true;
            }
            let end =
                if start < head { head.min(start + HEADER_BATCH) } else { start + HEADER_BATCH };
            let batch = &scored[start..end.min(scored.len())];
            start = end;
            let infos = self
                .index
                .docs(owner, batch.iter().map(|(doc, _)| *doc).collect())
                .await
                .map_err(Error::Store)?;
            for ((doc, score), info) in batch.iter().zip(infos) {
                let Some(info) = info else { continue };
                let Ok((header, attrs)) = read_doc(self.sealer, owner, &info) else { continue };
                if filter.admits_header(&header, now) {
                    admitted.push((*doc, (*score, header, Some(attrs))));
                    if admitted.len() >= depth {
                        return Ok(admitted);
                    }
                }
            }
        }
        Ok(admitted)
    }
}

/// The header and opened attributes of one document. A document whose attributes do not
/// open is left out of the ranking; its record, if asked for, fails on its own.
pub(super) fn read_doc(
    sealer: &Sealer,
    owner: &str,
    info: &DocInfo,
) -> Result<(ClearHeader, Attrs)> {
    let (_, id) = split_key(&info.key).ok_or_else(|| Error::Corrupt {
        id: info.key.to_string(),
        reason: "the index names a key that is not a record's",
    })?;
    let header = ClearHeader::parse(&info.header)
        .map_err(|reason| Error::Corrupt { id: id.to_owned(), reason })?;
    let attrs = match &info.attrs {
        Some(sealed) => open_attrs(sealer, owner, id, sealed)?,
        None => Attrs::default(),
    };
    Ok((header, attrs))
}

/// Spans of document numbers summed in a dense array rather than a map.
const DENSE_SCORES: usize = 1 << 24;

/// BM25 scores (Robertson–Spärck Jones IDF with +1, as Lucene) of the documents in `lists`,
/// one list per term of `terms` (with its count in the query), in no order.
pub(crate) fn bm25_scores(
    docs: u64,
    total_length: u64,
    terms: &[(fabric_store::recall::Term, u32)],
    lists: &[Vec<fabric_store::recall::Posting>],
) -> Vec<(DocId, f64)> {
    let n_docs = docs.max(1) as f64;
    let average = (total_length as f64 / n_docs).max(1.0);
    let postings = || lists.iter().flatten().filter(|posting| posting.count > 0);
    let (low, high) = postings().fold((DocId::MAX, DocId::MIN), |(low, high), posting| {
        (low.min(posting.doc), high.max(posting.doc))
    });
    if low > high {
        return Vec::new();
    }
    // Document numbers close together (SQLite's) are summed in a dense array; others in a
    // map.
    // Dense only where the span is small beside the postings (SQLite numbers documents over
    // every owner, so one owner's span grows with the others').
    let count = postings().count();
    let span = usize::try_from(high.saturating_sub(low)).unwrap_or(usize::MAX);
    let dense_ok = span < DENSE_SCORES && span <= count.saturating_mul(16);
    let mut dense = dense_ok.then(|| vec![0.0_f64; span + 1]);
    let mut sparse: HashMap<DocId, f64> = HashMap::new();
    for ((_, query_count), list) in terms.iter().zip(lists) {
        let with_term = list.iter().filter(|posting| posting.count > 0).count() as f64;
        if with_term == 0.0 {
            continue;
        }
        let idf = (1.0 + (n_docs - with_term + 0.5) / (with_term + 0.5)).ln();
        for posting in list.iter().filter(|posting| posting.count > 0) {
            let tf = f64::from(posting.count);
            let norm = 1.0 - BM25_B + BM25_B * f64::from(posting.length) / average;
            let part = idf * tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm) * f64::from(*query_count);
            let slot = posting.doc.checked_sub(low).and_then(|slot| usize::try_from(slot).ok());
            match (&mut dense, slot) {
                (Some(dense), Some(slot)) if slot < dense.len() => dense[slot] += part,
                _ => *sparse.entry(posting.doc).or_default() += part,
            }
        }
    }
    match dense {
        Some(dense) => dense
            .into_iter()
            .enumerate()
            .filter(|(_, score)| *score > 0.0)
            .map(|(slot, score)| (low + DocId::try_from(slot).unwrap_or(0), score))
            .collect(),
        None => sparse.into_iter().collect(),
    }
}

/// Best first: higher score, then lower document number.
fn best_first(a: &(DocId, f64), b: &(DocId, f64)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Checks a query before anything is read.
pub(crate) fn check_query(query: &RecallQuery) -> Result<()> {
    if query.k == 0 || query.k > MAX_K {
        return Err(Error::invalid("k", format!("must be 1 to {MAX_K}")));
    }
    if query.text.as_deref().is_none_or(|text| text.trim().is_empty()) && query.vector.is_none() {
        return Err(Error::invalid("query", "give a text, a vector or both"));
    }
    if let Some(text) = &query.text
        && text.len() > 16 * 1024
    {
        return Err(Error::invalid("text", "must be at most 16 KiB"));
    }
    if let Some(vector) = &query.vector {
        if vector.is_empty() || vector.len() > MAX_DIMENSIONS {
            return Err(Error::invalid(
                "vector",
                format!("must have 1 to {MAX_DIMENSIONS} values"),
            ));
        }
        if vector.iter().any(|value| !value.is_finite()) {
            return Err(Error::invalid("vector", "must hold finite numbers"));
        }
    }
    query.weights.check()
}
