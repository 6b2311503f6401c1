//! The storage side of recall: a per-scope inverted index of opaque terms, kept beside the
//! objects it indexes ([`RecallIndex`]).
//!
//! The store never sees a word: terms are fixed-size byte strings (blind tokens made by the
//! caller under a key the store does not hold), a document's clear header and sealed
//! attributes are opaque bytes, and a scope is the caller's name for one isolated index (an
//! owner). Statistics (document count, total length) are kept per scope, so nothing about one
//! scope's documents changes another scope's scores.

use async_trait::async_trait;
use bytes::Bytes;

use crate::{ObjectKey, Result};

pub mod object;

/// Bytes in a term.
pub const TERM_BYTES: usize = 16;

/// One term: a blind token, opaque to the store.
pub type Term = [u8; TERM_BYTES];

/// What the index keeps of one object: written with the object, in the same transaction
/// where the backend has them, and removed with it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDoc {
    /// The index the document belongs to (an owner).
    pub scope: String,
    /// Its distinct terms, each with how often it occurs (0 for a term only used to filter).
    pub terms: Vec<(Term, u32)>,
    /// How many ranked term occurrences it has (the sum of the counts).
    pub length: u32,
    /// Bytes the caller filters on before ranking (a clear header).
    pub header: Bytes,
    /// Sealed bytes the caller ranks with (an embedding, an importance), if any.
    pub attrs: Option<Bytes>,
    /// How many values the document's embedding has (0: none). The scope keeps the first
    /// non-zero dimension it sees ([`IndexStats::dimensions`]).
    pub dimensions: u32,
    /// The version of the object the document was made from: where documents follow their
    /// objects (object stores), of two documents of one key the higher version is kept,
    /// whichever landed last.
    pub version: u64,
}

/// A document's number in one index; stable while the document is not rewritten.
pub type DocId = i64;

/// One occurrence list entry: a document that has the term, how often, and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The document.
    pub doc: DocId,
    /// How often the term occurs in it.
    pub count: u32,
    /// The document's length.
    pub length: u32,
}

/// What ranking needs of one document beyond its postings.
#[derive(Debug, Clone, PartialEq)]
pub struct DocInfo {
    /// The document's number.
    pub doc: DocId,
    /// The object it indexes.
    pub key: ObjectKey,
    /// As written ([`IndexDoc::header`]).
    pub header: Bytes,
    /// As written ([`IndexDoc::attrs`]).
    pub attrs: Option<Bytes>,
}

/// The statistics of one scope, for BM25.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndexStats {
    /// Documents in the scope.
    pub docs: u64,
    /// The sum of their lengths.
    pub length: u64,
    /// Increases on every write to the scope: a cache of the scope's documents is current
    /// while it is unchanged.
    pub generation: u64,
    /// The dimension of the scope's embeddings (0 while it has none).
    pub dimensions: u32,
}

/// A recall index. On a backend with transactions ([`RecallIndex::transactional`], SQLite),
/// documents are written with the objects' own writes ([`crate::WriteOp::Index`] in the
/// same transaction) and deleting an object removes its document; elsewhere the caller
/// writes them after the objects with [`RecallIndex::put_docs`] and removes them after a
/// delete with [`RecallIndex::remove_docs`].
#[async_trait]
pub trait RecallIndex: Send + Sync {
    /// Whether documents go in the objects' own transactions.
    fn transactional(&self) -> bool {
        false
    }

    /// Writes `docs` (each the document of its key, replacing the one it had) in `scope`.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn put_docs(&self, scope: &str, docs: Vec<(ObjectKey, IndexDoc)>) -> Result<()>;

    /// The dimension of the scope's embeddings (0 while it has none), as
    /// [`IndexStats::dimensions`]; an index may answer it more cheaply than the statistics.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn dimensions(&self, scope: &str) -> Result<u32> {
        Ok(self.stats(scope).await?.dimensions)
    }

    /// Removes the documents of `keys` in `scope` and their terms.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn remove_docs(&self, scope: &str, keys: Vec<ObjectKey>) -> Result<()>;

    /// The statistics of `scope`.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn stats(&self, scope: &str) -> Result<IndexStats>;

    /// The postings of each of `terms` in `scope`, in the order of `terms`.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn postings(&self, scope: &str, terms: Vec<Term>) -> Result<Vec<Vec<Posting>>>;

    /// The documents `docs` of `scope`, in the same order; `None` for one that is gone.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn docs(&self, scope: &str, docs: Vec<DocId>) -> Result<Vec<Option<DocInfo>>>;

    /// Every document of `scope`, in no particular order.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn scope_docs(&self, scope: &str) -> Result<Vec<DocInfo>>;

    /// The indexed objects under `prefix` with their documents' headers, for finding what
    /// is not indexed, or indexed from an older write.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn indexed(&self, prefix: &ObjectKey) -> Result<Vec<(ObjectKey, Bytes)>>;

    /// How many objects under `prefix` there are, and how many of them are indexed.
    ///
    /// # Errors
    ///
    /// A storage error.
    async fn coverage(&self, prefix: &ObjectKey) -> Result<IndexCoverage>;
}

/// How much of a prefix the index covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndexCoverage {
    /// Objects under the prefix.
    pub objects: u64,
    /// Of those, the ones with a document.
    pub indexed: u64,
}

/// Implements [`RecallIndex`] for a backend that keeps an [`object::ObjectIndex`] in field
/// `recall`.
macro_rules! object_recall_index {
    ($backend:ty) => {
        #[async_trait::async_trait]
        impl $crate::recall::RecallIndex for $backend {
            async fn put_docs(
                &self,
                scope: &str,
                docs: Vec<($crate::ObjectKey, $crate::recall::IndexDoc)>,
            ) -> $crate::Result<()> {
                self.recall.write(self, scope, docs, Vec::new()).await
            }

            async fn remove_docs(
                &self,
                scope: &str,
                keys: Vec<$crate::ObjectKey>,
            ) -> $crate::Result<()> {
                self.recall.write(self, scope, Vec::new(), keys).await
            }

            async fn dimensions(&self, scope: &str) -> $crate::Result<u32> {
                self.recall.dimensions(self, scope).await
            }

            async fn stats(&self, scope: &str) -> $crate::Result<$crate::recall::IndexStats> {
                self.recall.stats(self, scope).await
            }

            async fn postings(
                &self,
                scope: &str,
                terms: Vec<$crate::recall::Term>,
            ) -> $crate::Result<Vec<Vec<$crate::recall::Posting>>> {
                self.recall.postings(self, scope, terms).await
            }

            async fn docs(
                &self,
                scope: &str,
                docs: Vec<$crate::recall::DocId>,
            ) -> $crate::Result<Vec<Option<$crate::recall::DocInfo>>> {
                self.recall.docs(self, scope, docs).await
            }

            async fn scope_docs(
                &self,
                scope: &str,
            ) -> $crate::Result<Vec<$crate::recall::DocInfo>> {
                self.recall.scope_docs(self, scope).await
            }

            async fn indexed(
                &self,
                prefix: &$crate::ObjectKey,
            ) -> $crate::Result<Vec<($crate::ObjectKey, bytes::Bytes)>> {
                self.recall.indexed(self, prefix).await
            }

            async fn coverage(
                &self,
                prefix: &$crate::ObjectKey,
            ) -> $crate::Result<$crate::recall::IndexCoverage> {
                self.recall.coverage(self, prefix).await
            }
        }
    };
}
pub(crate) use object_recall_index;
