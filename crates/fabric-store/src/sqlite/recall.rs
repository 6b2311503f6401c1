//! The recall index of a [`SqliteBackend`]: documents, postings and per-scope statistics in
//! three tables of the same file, written in the objects' own transactions.
//!
//! Hand-written postings (kept as merged runs, `runs`) rather than FTS5: FTS5's `bm25()`
//! takes the document count and the average length over the whole table, so one owner's
//! scores would move with every other owner's records; here they come from the scope's own
//! row of `fabric_recall_stats`.

use async_trait::async_trait;
use bytes::Bytes;
use fabric_sqlite::rusqlite::{Connection, OptionalExtension as _, params};

use super::{SqliteBackend, runs, sql_error};
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
        attrs BLOB
    );
    CREATE INDEX IF NOT EXISTS fabric_recall_docs_scope ON fabric_recall_docs (scope);
    CREATE TABLE IF NOT EXISTS fabric_recall_stats (
        scope TEXT PRIMARY KEY NOT NULL,
        docs INTEGER NOT NULL,
        length INTEGER NOT NULL,
        generation INTEGER NOT NULL,
        dimensions INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
";

/// Index documents of one write request, written at its end ([`Deferred::write`]).
#[derive(Default)]
pub(super) struct Deferred {
    documents: Vec<(ObjectKey, IndexDoc)>,
}

impl Deferred {
    /// Takes `doc` as the document of `key`, replacing one taken before.
    pub(super) fn push(&mut self, key: &ObjectKey, doc: &IndexDoc) {
        self.forget(key);
        self.documents.push((key.clone(), doc.clone()));
    }

    /// Drops the document taken for `key` (its object was deleted after it).
    pub(super) fn forget(&mut self, key: &ObjectKey) {
        self.documents.retain(|(taken, _)| taken != key);
    }

    /// Writes every document, replacing the ones their keys had: documents first, then all
    /// their postings in term order.
    pub(super) fn write(self, connection: &Connection) -> Result<()> {
        if self.documents.is_empty() {
            return Ok(());
        }
        let mut postings: Vec<(Term, i64, u32, u32)> = Vec::new();
        let mut scopes: std::collections::HashMap<&str, (i64, i64, u32)> =
            std::collections::HashMap::new();
        let mut insert_doc = connection
            .prepare_cached(
                "INSERT INTO fabric_recall_docs (key, scope, length, terms, header, attrs)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(sql_error)?;
        for (key, doc) in &self.documents {
            remove_doc(connection, key)?;
            let mut terms = Vec::with_capacity(doc.terms.len() * TERM_BYTES);
            for (term, _) in &doc.terms {
                terms.extend_from_slice(term);
            }
            insert_doc
                .execute(params![
                    key.as_str(),
                    doc.scope,
                    doc.length,
                    terms,
                    doc.header.as_ref(),
                    doc.attrs.as_deref(),
                ])
                .map_err(sql_error)?;
            let id = connection.last_insert_rowid();
            postings.extend(doc.terms.iter().map(|(term, count)| (*term, id, *count, doc.length)));
            let scope = scopes.entry(doc.scope.as_str()).or_default();
            scope.0 += 1;
            scope.1 += i64::from(doc.length);
            if scope.2 == 0 {
                scope.2 = doc.dimensions;
            }
        }
        runs::add_run(connection, postings)?;
        for (scope, (docs, length, dimensions)) in scopes {
            change_stats(connection, scope, docs, length, dimensions)?;
        }
        Ok(())
    }
}

/// Removes the document of `key` and its postings, if it has one.
pub(super) fn remove_doc(connection: &Connection, key: &ObjectKey) -> Result<()> {
    let found = connection
        .prepare_cached("SELECT doc, scope, length, terms FROM fabric_recall_docs WHERE key = ?1")
        .and_then(|mut statement| {
            statement
                .query_row([key.as_str()], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, Vec<u8>>(3)?,
                    ))
                })
                .optional()
        })
        .map_err(sql_error)?;
    let Some((id, scope, length, terms)) = found else { return Ok(()) };
    runs::remove(connection, id, &terms)?;
    connection
        .prepare_cached("DELETE FROM fabric_recall_docs WHERE doc = ?1")
        .and_then(|mut statement| statement.execute([id]))
        .map_err(sql_error)?;
    change_stats(connection, &scope, -1, -length, 0)
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
                     WHERE doc = ?1 AND scope = ?2",
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
                    "SELECT doc, key, header, attrs FROM fabric_recall_docs WHERE scope = ?1",
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

/// The key range under `prefix`: `prefix/` up to `prefix0` (`0` follows `/`).
fn bounds(prefix: &ObjectKey) -> (String, String) {
    (format!("{}/", prefix.as_str()), format!("{}0", prefix.as_str()))
}
