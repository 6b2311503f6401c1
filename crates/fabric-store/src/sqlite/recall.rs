//! The recall index of a [`SqliteBackend`]: documents, their sealed attributes, postings
//! and per-scope statistics in tables of the same file, written in the objects' own
//! transactions. Attributes (an embedding is kilobytes) have a table of their own, so that
//! documents pack many to a page and attributes two or more: in one table, a row of each
//! took a page of its own, which doubled the file and the bytes every commit wrote.
//!
//! Hand-written postings (kept as merged runs, `runs`) rather than FTS5: FTS5's `bm25()`
//! takes the document count and the average length over the whole table, so one owner's
//! scores would move with every other owner's records; here they come from the scope's own
//! row of `fabric_recall_stats`.

use async_trait::async_trait;
use bytes::Bytes;
use fabric_sqlite::rusqlite::{Connection, OptionalExtension as _, params};

use super::{SqliteBackend, bounds, runs, sql_error};
use crate::recall::{
    DocId, DocInfo, IndexCoverage, IndexDoc, IndexStats, Posting, RecallIndex, TERM_BYTES, Term,
};
use crate::{Error, ObjectKey, Result};

pub(super) const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS fabric_recall_docs (
        doc INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        scope TEXT NOT NULL,
        length INTEGER NOT NULL,
        terms BLOB NOT NULL,
        header BLOB NOT NULL,
        digest BLOB
    );
    CREATE INDEX IF NOT EXISTS fabric_recall_docs_scope ON fabric_recall_docs (scope);
    CREATE TABLE IF NOT EXISTS fabric_recall_attrs (
        doc INTEGER PRIMARY KEY,
        attrs BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS fabric_recall_stats (
        scope TEXT PRIMARY KEY NOT NULL,
        docs INTEGER NOT NULL,
        length INTEGER NOT NULL,
        generation INTEGER NOT NULL,
        dimensions INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
";

/// The recall index's part of one write request, or of a whole group commit: each
/// document's row is written when its op is applied (while a chunked batch's producer still
/// seals the next chunk); its postings and the scopes' statistics wait for the end of the
/// group ([`Pending`]), to be written as one run sorted by term ([`Deferred::finish`]).
#[derive(Default)]
pub(super) struct Deferred {
    /// Postings of the documents this request (or group) wrote.
    postings: Vec<super::page::Entry>,
    /// The first document this group wrote: documents from it on are its own (numbers only
    /// grow; a document of a job that failed was rolled back with it), their postings not
    /// yet in any run.
    first_own: Option<i64>,
    /// Documents of this group removed since (their postings are left out of the run).
    dropped: std::collections::HashSet<i64>,
    /// Each changed scope's change: documents, length, dimensions of its first embedding.
    scopes: std::collections::HashMap<String, (i64, i64, u32)>,
}

/// The recall index's part of the writer's current group commit: what each of its
/// requests that succeeded left ([`Pending::absorb`]), written at the group's end as one
/// run ([`GroupWork::before_commit`]). One run per group rather than per request: under
/// concurrent stores a group holds about a dozen requests, and each run costs its own rows
/// and pages and, every [`runs::FANOUT`] runs, a merge (measured: a third of the writer's
/// time under 32 HTTP connections went to runs and their merges).
#[derive(Default)]
pub(super) struct Pending(std::sync::Mutex<Deferred>);

impl Pending {
    /// A request's own part, aware of the documents the group wrote before it.
    pub(super) fn start(&self) -> Deferred {
        Deferred { first_own: self.lock().first_own, ..Deferred::default() }
    }

    /// Adds a request's part, once nothing of the request can fail any more.
    pub(super) fn absorb(&self, request: Deferred) {
        let mut group = self.lock();
        group.postings.extend(request.postings);
        group.dropped.extend(request.dropped);
        // The request started from the group's first document: its own is no later.
        group.first_own = request.first_own;
        for (scope, (docs, length, dimensions)) in request.scopes {
            let change = group.scopes.entry(scope).or_default();
            change.0 += docs;
            change.1 += length;
            if change.2 == 0 {
                change.2 = dimensions;
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Deferred> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl fabric_sqlite::GroupWork for Pending {
    fn before_commit(&self, connection: &Connection) -> std::result::Result<(), String> {
        let group = std::mem::take(&mut *self.lock());
        group.finish(connection).map_err(|error| error.to_string())
    }

    fn discard(&self) {
        *self.lock() = Deferred::default();
    }
}

impl Deferred {
    /// Writes `doc` as the document of `key`, replacing the one it had. A document whose
    /// postings are those of the one it replaces (same scope, length and terms with their
    /// counts, by [`postings_digest`]: a record stored again unchanged, as a key rotation
    /// does) keeps its number and postings; only its header and attributes are rewritten,
    /// rather than a page per term.
    pub(super) fn index(
        &mut self,
        connection: &Connection,
        key: &ObjectKey,
        doc: &IndexDoc,
    ) -> Result<()> {
        let digest = postings_digest(doc);
        if let Some(id) = self.same_postings(connection, key, doc, &digest)? {
            connection
                .prepare_cached("UPDATE fabric_recall_docs SET header = ?2 WHERE doc = ?1")
                .and_then(|mut statement| statement.execute(params![id, doc.header.as_ref()]))
                .map_err(sql_error)?;
            connection
                .prepare_cached("DELETE FROM fabric_recall_attrs WHERE doc = ?1")
                .and_then(|mut statement| statement.execute([id]))
                .map_err(sql_error)?;
            // No count or length changes, but the scope's generation moves on (what a
            // reader cached of its headers and embeddings is stale), and a first embedding
            // sets its dimensions.
            let scope = self.scopes.entry(doc.scope.clone()).or_default();
            if scope.2 == 0 {
                scope.2 = doc.dimensions;
            }
            return insert_attrs(connection, id, doc);
        }
        self.remove(connection, key, |_| true)?;
        let mut terms = Vec::with_capacity(doc.terms.len() * runs::PREFIX_BYTES);
        for (term, _) in &doc.terms {
            terms.extend_from_slice(&term[..runs::PREFIX_BYTES]);
        }
        connection
            .prepare_cached(
                "INSERT INTO fabric_recall_docs (key, scope, length, terms, header, digest)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    key.as_str(),
                    doc.scope,
                    doc.length,
                    terms,
                    doc.header.as_ref(),
                    digest.as_slice(),
                ])
            })
            .map_err(sql_error)?;
        let id = connection.last_insert_rowid();
        insert_attrs(connection, id, doc)?;
        self.first_own.get_or_insert(id);
        self.postings.extend(doc.terms.iter().map(|(term, count)| (*term, id, *count, doc.length)));
        let scope = self.scopes.entry(doc.scope.clone()).or_default();
        scope.0 += 1;
        scope.1 += i64::from(doc.length);
        if scope.2 == 0 {
            scope.2 = doc.dimensions;
        }
        Ok(())
    }

    /// The number of `key`'s document when it is not this request's own and has the
    /// postings `digest` says, in `doc`'s scope and of its length.
    fn same_postings(
        &self,
        connection: &Connection,
        key: &ObjectKey,
        doc: &IndexDoc,
        digest: &[u8; 32],
    ) -> Result<Option<i64>> {
        let Some(found) = existing_doc(connection, key)? else { return Ok(None) };
        let StoredDoc { id, scope, length, digest: Some(stored), .. } = found else {
            return Ok(None);
        };
        let own = self.first_own.is_some_and(|first| id >= first);
        let same = !own
            && scope == doc.scope
            && length == i64::from(doc.length)
            && stored.as_slice() == digest.as_slice();
        Ok(same.then_some(id))
    }

    /// Removes the document of `key` and its postings, if it has one and `wanted` (told
    /// whether this request wrote it) agrees.
    pub(super) fn remove(
        &mut self,
        connection: &Connection,
        key: &ObjectKey,
        wanted: impl FnOnce(bool) -> bool,
    ) -> Result<()> {
        let Some(StoredDoc { id, scope, length, terms, .. }) = existing_doc(connection, key)?
        else {
            return Ok(());
        };
        let own = self.first_own.is_some_and(|first| id >= first);
        if !wanted(own) {
            return Ok(());
        }
        if own {
            self.dropped.insert(id);
        } else {
            runs::remove(connection, id, &terms)?;
        }
        connection
            .prepare_cached("DELETE FROM fabric_recall_docs WHERE doc = ?1")
            .and_then(|mut statement| statement.execute([id]))
            .map_err(sql_error)?;
        connection
            .prepare_cached("DELETE FROM fabric_recall_attrs WHERE doc = ?1")
            .and_then(|mut statement| statement.execute([id]))
            .map_err(sql_error)?;
        let change = self.scopes.entry(scope).or_default();
        change.0 -= 1;
        // A length read back from the file: never trusted to stay in range.
        change.1 = change.1.saturating_sub(length.max(0));
        Ok(())
    }

    /// Writes the postings of the documents still standing as one run, and the scopes'
    /// statistics.
    pub(super) fn finish(mut self, connection: &Connection) -> Result<()> {
        if !self.dropped.is_empty() {
            self.postings.retain(|entry| !self.dropped.contains(&entry.1));
        }
        runs::add_run(connection, self.postings)?;
        for (scope, (docs, length, dimensions)) in self.scopes {
            change_stats(connection, &scope, docs, length, dimensions)?;
        }
        Ok(())
    }
}

/// Shortens the term lists of the documents of a file of schema 3 or older (whole terms)
/// to the prefixes that removal needs ([`runs::PREFIX_BYTES`]).
pub(super) fn migrate_term_lists(connection: &Connection) -> Result<()> {
    let lists: Vec<(i64, Vec<u8>)> = connection
        .prepare("SELECT doc, terms FROM fabric_recall_docs")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<std::result::Result<_, _>>()
        })
        .map_err(sql_error)?;
    let mut update = connection
        .prepare("UPDATE fabric_recall_docs SET terms = ?2 WHERE doc = ?1")
        .map_err(sql_error)?;
    for (doc, terms) in lists {
        let prefixes: Vec<u8> = terms
            .chunks_exact(TERM_BYTES)
            .flat_map(|term| term[..runs::PREFIX_BYTES].iter().copied())
            .collect();
        update.execute(params![doc, prefixes]).map_err(sql_error)?;
    }
    Ok(())
}

/// Moves the attributes of a file of schema 2, a column of `fabric_recall_docs`, to their
/// own table: a document's row then fits many to a page rather than one.
pub(super) fn migrate_attrs(connection: &Connection) -> Result<()> {
    let old = connection
        .prepare("SELECT 1 FROM pragma_table_info('fabric_recall_docs') WHERE name = 'attrs'")
        .and_then(|mut statement| statement.exists([]))
        .map_err(sql_error)?;
    if !old {
        return Ok(());
    }
    connection
        .execute_batch(
            "INSERT INTO fabric_recall_attrs (doc, attrs)
                 SELECT doc, attrs FROM fabric_recall_docs WHERE attrs IS NOT NULL;
             ALTER TABLE fabric_recall_docs DROP COLUMN attrs;",
        )
        .map_err(sql_error)
}

fn change_stats(
    connection: &Connection,
    scope: &str,
    docs: i64,
    length: i64,
    dimensions: u32,
) -> Result<()> {
    connection
        .prepare_cached(
            "INSERT INTO fabric_recall_stats (scope, docs, length, generation, dimensions)
             VALUES (?1, max(?2, 0), max(?3, 0), 1, ?4)
             ON CONFLICT (scope) DO UPDATE SET docs = max(docs + ?2, 0),
             length = max(length + ?3, 0), generation = generation + 1,
             dimensions = CASE WHEN dimensions = 0 THEN excluded.dimensions ELSE dimensions END",
        )
        .and_then(|mut statement| statement.execute(params![scope, docs, length, dimensions]))
        .map_err(sql_error)?;
    Ok(())
}

impl SqliteBackend {
    /// The sealed attributes of every recall document for which `keep` (given the object's
    /// key and the sealed bytes) holds, in one read: what a rewrap looks for once no object
    /// is left under a retiring key (a document indexed again meanwhile by a writer that
    /// sealed under it).
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when SQLite fails or a document's key is not valid.
    pub async fn attrs_where(
        &self,
        keep: impl Fn(&ObjectKey, &[u8]) -> bool + Send + 'static,
    ) -> Result<Vec<(ObjectKey, Bytes)>> {
        self.read(move |connection| {
            let mut statement = connection
                .prepare_cached(
                    "SELECT key, attrs FROM fabric_recall_docs JOIN fabric_recall_attrs USING (doc)",
                )
                .map_err(sql_error)?;
            let mut rows = statement.query([]).map_err(sql_error)?;
            let mut found = Vec::new();
            while let Some(row) = rows.next().map_err(sql_error)? {
                let key = key_of(row.get_ref(0).map_err(sql_error)?.as_str().map_err(|_| {
                    Error::backend("sqlite", "fabric_recall_docs holds a key that is not text")
                })?)?;
                let attrs = row.get_ref(1).map_err(sql_error)?.as_blob().map_err(|_| {
                    Error::backend("sqlite", "fabric_recall_attrs holds attributes that are not bytes")
                })?;
                if keep(&key, attrs) {
                    found.push((key, Bytes::copy_from_slice(attrs)));
                }
            }
            Ok(found)
        })
        .await
    }

    /// The sealed attributes of the recall documents of `keys`' objects (those that have
    /// any), in one read: what a rewrap of those objects rewraps beside them.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when SQLite fails.
    pub async fn attrs_of(&self, keys: Vec<ObjectKey>) -> Result<Vec<(ObjectKey, Bytes)>> {
        self.read(move |connection| {
            let mut statement = connection
                .prepare_cached(
                    "SELECT attrs FROM fabric_recall_docs JOIN fabric_recall_attrs USING (doc)
                     WHERE key = ?1",
                )
                .map_err(sql_error)?;
            let mut found = Vec::new();
            for key in keys {
                let attrs: Option<Vec<u8>> = statement
                    .query_row([key.as_str()], |row| row.get(0))
                    .optional()
                    .map_err(sql_error)?;
                if let Some(attrs) = attrs {
                    found.push((key, Bytes::from(attrs)));
                }
            }
            Ok(found)
        })
        .await
    }
}

fn key_of(text: &str) -> Result<ObjectKey> {
    ObjectKey::parse(text)
        .map_err(|_| Error::backend("sqlite", "fabric_recall_docs holds a key that is not valid"))
}

#[async_trait]
impl RecallIndex for SqliteBackend {
    fn transactional(&self) -> bool {
        true
    }

    async fn put_docs(&self, _scope: &str, docs: Vec<(ObjectKey, IndexDoc)>) -> Result<()> {
        let ops = docs.into_iter().map(|(key, doc)| super::WriteOp::Index { key, doc }).collect();
        self.write_ops(ops).await.map(drop)
    }

    async fn remove_docs(&self, _scope: &str, keys: Vec<ObjectKey>) -> Result<()> {
        let ops = keys.into_iter().map(|key| super::WriteOp::Unindex { key }).collect();
        self.write_ops(ops).await.map(drop)
    }

    async fn stats(&self, scope: &str) -> Result<IndexStats> {
        let scope = scope.to_owned();
        self.read(move |connection| {
            let row = connection
                .prepare_cached(
                    "SELECT docs, length, generation, dimensions FROM fabric_recall_stats
                     WHERE scope = ?1",
                )
                .and_then(|mut statement| {
                    statement
                        .query_row([scope.as_str()], |row| {
                            Ok((
                                row.get::<_, i64>(0)?,
                                row.get::<_, i64>(1)?,
                                row.get::<_, i64>(2)?,
                                row.get::<_, i64>(3)?,
                            ))
                        })
                        .optional()
                })
                .map_err(sql_error)?;
            Ok(row.map_or_else(IndexStats::default, |(docs, length, generation, dimensions)| {
                IndexStats {
                    docs: u64::try_from(docs).unwrap_or(0),
                    length: u64::try_from(length).unwrap_or(0),
                    generation: u64::try_from(generation).unwrap_or(0),
                    dimensions: u32::try_from(dimensions).unwrap_or(0),
                }
            }))
        })
        .await
    }

    async fn postings(&self, _scope: &str, terms: Vec<Term>) -> Result<Vec<Vec<Posting>>> {
        // Terms are the scope's own (blind tokens under its key); a posting that names
        // another scope's document is dropped by `docs`, which checks the scope.
        self.read(move |connection| runs::read(connection, &terms)).await
    }

    async fn docs(&self, scope: &str, docs: Vec<DocId>) -> Result<Vec<Option<DocInfo>>> {
        let scope = scope.to_owned();
        self.read(move |connection| {
            let mut statement = connection
                .prepare_cached(
                    "SELECT key, header, attrs FROM fabric_recall_docs
                     LEFT JOIN fabric_recall_attrs USING (doc) WHERE doc = ?1 AND scope = ?2",
                )
                .map_err(sql_error)?;
            let mut found = Vec::with_capacity(docs.len());
            for doc in docs {
                let row = statement
                    .query_row(params![doc, scope], |row| {
                        Ok((
                            row.get::<_, String>(0)?,
                            row.get::<_, Vec<u8>>(1)?,
                            row.get::<_, Option<Vec<u8>>>(2)?,
                        ))
                    })
                    .optional()
                    .map_err(sql_error)?;
                found.push(match row {
                    Some((key, header, attrs)) => Some(DocInfo {
                        doc,
                        key: key_of(&key)?,
                        header: Bytes::from(header),
                        attrs: attrs.map(Bytes::from),
                    }),
                    None => None,
                });
            }
            Ok(found)
        })
        .await
    }

    async fn scope_docs(&self, scope: &str) -> Result<Vec<DocInfo>> {
        let scope = scope.to_owned();
        self.read(move |connection| {
            let mut statement = connection
                .prepare_cached(
                    "SELECT doc, key, header, attrs FROM fabric_recall_docs
                     LEFT JOIN fabric_recall_attrs USING (doc) WHERE scope = ?1",
                )
                .map_err(sql_error)?;
            let mut rows = statement.query([scope.as_str()]).map_err(sql_error)?;
            let mut docs = Vec::new();
            while let Some(row) = rows.next().map_err(sql_error)? {
                let key: String = row.get(1).map_err(sql_error)?;
                docs.push(DocInfo {
                    doc: row.get(0).map_err(sql_error)?,
                    key: key_of(&key)?,
                    header: Bytes::from(row.get::<_, Vec<u8>>(2).map_err(sql_error)?),
                    attrs: row.get::<_, Option<Vec<u8>>>(3).map_err(sql_error)?.map(Bytes::from),
                });
            }
            Ok(docs)
        })
        .await
    }

    async fn indexed(&self, prefix: &ObjectKey) -> Result<Vec<(ObjectKey, Bytes)>> {
        let (lower, upper) = bounds(prefix);
        self.read(move |connection| {
            let mut statement = connection
                .prepare_cached(
                    "SELECT key, header FROM fabric_recall_docs WHERE key >= ?1 AND key < ?2
                     ORDER BY key",
                )
                .map_err(sql_error)?;
            let mut rows = statement.query(params![lower, upper]).map_err(sql_error)?;
            let mut found = Vec::new();
            while let Some(row) = rows.next().map_err(sql_error)? {
                let key: String = row.get(0).map_err(sql_error)?;
                let header: Vec<u8> = row.get(1).map_err(sql_error)?;
                found.push((key_of(&key)?, Bytes::from(header)));
            }
            Ok(found)
        })
        .await
    }

    async fn coverage(&self, prefix: &ObjectKey) -> Result<IndexCoverage> {
        let (lower, upper) = bounds(prefix);
        self.read(move |connection| {
            let count = |table: &str| -> Result<u64> {
                connection
                    .prepare_cached(&format!(
                        "SELECT COUNT(*) FROM {table} WHERE key >= ?1 AND key < ?2"
                    ))
                    .and_then(|mut statement| {
                        statement.query_row(params![lower, upper], |row| row.get::<_, i64>(0))
                    })
                    .map(|count| u64::try_from(count).unwrap_or(0))
                    .map_err(sql_error)
            };
            Ok(IndexCoverage {
                objects: count("fabric_objects")?,
                indexed: count("fabric_recall_docs")?,
            })
        })
        .await
    }
}

/// Inserts `doc`'s sealed attributes, if it has any, as those of document `id`.
fn insert_attrs(connection: &Connection, id: i64, doc: &IndexDoc) -> Result<()> {
    if let Some(attrs) = &doc.attrs {
        connection
            .prepare_cached("INSERT INTO fabric_recall_attrs (doc, attrs) VALUES (?1, ?2)")
            .and_then(|mut statement| statement.execute(params![id, attrs.as_ref()]))
            .map_err(sql_error)?;
    }
    Ok(())
}

/// SHA-256 of what a document's postings are made of: its length, and each term with its
/// count, in order. Equal digests mean equal postings (the terms are blind tokens of the
/// owner's index key; someone who can write the file can make a document keep stale
/// postings, which recall never answers from without the record).
fn postings_digest(doc: &IndexDoc) -> [u8; 32] {
    use sha2::Digest as _;
    let mut hash = sha2::Sha256::new();
    hash.update(doc.length.to_le_bytes());
    for (term, count) in &doc.terms {
        hash.update(term);
        hash.update(count.to_le_bytes());
    }
    hash.finalize().into()
}

/// A document's row, as stored.
struct StoredDoc {
    id: i64,
    scope: String,
    length: i64,
    terms: Vec<u8>,
    digest: Option<Vec<u8>>,
}

/// The row of `key`'s document, if it has one.
fn existing_doc(connection: &Connection, key: &ObjectKey) -> Result<Option<StoredDoc>> {
    connection
        .prepare_cached(
            "SELECT doc, scope, length, terms, digest FROM fabric_recall_docs WHERE key = ?1",
        )
        .and_then(|mut statement| {
            statement
                .query_row([key.as_str()], |row| {
                    Ok(StoredDoc {
                        id: row.get(0)?,
                        scope: row.get(1)?,
                        length: row.get(2)?,
                        terms: row.get(3)?,
                        digest: row.get(4)?,
                    })
                })
                .optional()
        })
        .map_err(sql_error)
}
