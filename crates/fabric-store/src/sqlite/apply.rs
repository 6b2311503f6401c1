//! Applying one write request of a [`SqliteBackend`]: its operations in order, versions,
//! and the recall index documents, whose postings are written together at the end.

use fabric_sqlite::rusqlite::{Connection, OptionalExtension as _, params};

use super::{NAME, Op, Source, check_batch_len, recall, sql_error};
use crate::{Error, ObjectKey, PutMode, Result, Version};

/// Versions for one transaction: a random start in `1..2^63`, then consecutive values, so a
/// batch costs one draw from the OS and versions from different transactions do not collide.
pub(super) struct Versions(pub(super) u64);

impl Versions {
    pub(super) fn draw() -> Result<Versions> {
        getrandom::u64()
            .map(|random| Versions(random >> 1))
            .map_err(|error| Error::backend(NAME, error.to_string()))
    }

    pub(super) fn next(&mut self) -> i64 {
        // Stay in 1..=i64::MAX: wrap to 1 past the top.
        self.0 = if self.0 >= i64::MAX as u64 { 1 } else { self.0 + 1 };
        i64::try_from(self.0).unwrap_or(1)
    }
}

/// Applies one request; a chunked batch is written chunk by chunk as its producer delivers.
/// The postings of the index documents it writes are left in `documents`, to be written
/// with the rest of the group's, together: sorted by term, so the B-tree takes them in one
/// sweep rather than at random places.
pub(super) fn apply_source(
    connection: &Connection,
    source: &mut Source,
    versions_source: &mut Versions,
    documents: &mut recall::Deferred,
) -> Result<Vec<Version>> {
    let versions = match source {
        Source::Ops(ops) => apply_ops(connection, ops, versions_source, documents)?,
        Source::OpBatch(batch) => {
            let expected = batch.expected();
            let mut applied = 0;
            let mut versions = Vec::with_capacity(expected);
            while let Some(ops) = batch.blocking_next_chunk() {
                applied += ops.len();
                versions.extend(apply_ops(connection, &ops, versions_source, documents)?);
                if applied > expected {
                    break;
                }
            }
            check_batch_len(expected, applied)?;
            versions
        }
    };
    Ok(versions)
}

fn apply_ops(
    connection: &Connection,
    ops: &[Op],
    versions_source: &mut Versions,
    documents: &mut recall::Deferred,
) -> Result<Vec<Version>> {
    let mut versions = Vec::with_capacity(ops.len());
    for op in ops {
        match op {
            Op::Put { key, body, mode, entry } => {
                let version = versions_source.next();
                let entry = entry.as_deref();
                let changed = match mode {
                    PutMode::Create => connection
                        .prepare_cached(
                            "INSERT INTO fabric_objects (key, version, body, entry)
                             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO NOTHING",
                        )
                        .and_then(|mut statement| {
                            statement.execute(params![key.as_str(), version, body.as_ref(), entry])
                        }),
                    PutMode::Overwrite => connection
                        .prepare_cached(
                            "INSERT INTO fabric_objects (key, version, body, entry)
                             VALUES (?1, ?2, ?3, ?4)
                             ON CONFLICT (key) DO UPDATE SET version = excluded.version,
                             body = excluded.body, entry = coalesce(excluded.entry, entry)",
                        )
                        .and_then(|mut statement| {
                            statement.execute(params![key.as_str(), version, body.as_ref(), entry])
                        }),
                    PutMode::IfVersion(expected) => {
                        let Ok(expected) = expected.0.parse::<i64>() else {
                            return Err(Error::VersionMismatch { key: key.to_string() });
                        };
                        connection
                            .prepare_cached(
                                "UPDATE fabric_objects
                                 SET version = ?2, body = ?3, entry = coalesce(?5, entry)
                                 WHERE key = ?1 AND version = ?4",
                            )
                            .and_then(|mut statement| {
                                statement.execute(params![
                                    key.as_str(),
                                    version,
                                    body.as_ref(),
                                    expected,
                                    entry
                                ])
                            })
                    }
                }
                .map_err(sql_error)?;
                if changed == 0 {
                    return Err(match mode {
                        PutMode::Create => Error::AlreadyExists { key: key.to_string() },
                        _ if exists(connection, key)? => {
                            Error::VersionMismatch { key: key.to_string() }
                        }
                        _ => Error::NotFound { key: key.to_string() },
                    });
                }
                if entry.is_some() {
                    // The object's own entry now speaks for it.
                    connection
                        .prepare_cached("DELETE FROM fabric_entries WHERE key = ?1")
                        .and_then(|mut statement| statement.execute([key.as_str()]))
                        .map_err(sql_error)?;
                }
                versions.push(Version(version.to_string()));
            }
            Op::Delete { key } => {
                let changed = connection
                    .prepare_cached("DELETE FROM fabric_objects WHERE key = ?1")
                    .and_then(|mut statement| statement.execute([key.as_str()]))
                    .map_err(sql_error)?;
                if changed == 0 {
                    return Err(Error::NotFound { key: key.to_string() });
                }
                documents.remove(connection, key, |_| true)?;
            }
            Op::Index { key, doc } => documents.index(connection, key, doc)?,
            Op::IndexIf { key, doc, version } => {
                if current_version(connection, key)?.as_ref() == Some(version) {
                    documents.index(connection, key, doc)?;
                }
            }
            Op::Unindex { key } => {
                // A document this request wrote goes; an older one only with its object.
                let gone = !exists(connection, key)?;
                documents.remove(connection, key, |own| own || gone)?;
            }
            Op::PutEntry { key, body } => put_entry(connection, key, body)?,
            Op::ReplaceAttrs { key, old, new } => {
                connection
                    .prepare_cached(
                        "UPDATE fabric_recall_attrs SET attrs = ?3
                         WHERE doc = (SELECT doc FROM fabric_recall_docs WHERE key = ?1)
                         AND attrs = ?2",
                    )
                    .and_then(|mut statement| {
                        statement.execute(params![key.as_str(), old.as_ref(), new.as_ref()])
                    })
                    .map_err(sql_error)?;
            }
        }
    }
    Ok(versions)
}

fn put_entry(connection: &Connection, key: &ObjectKey, body: &[u8]) -> Result<()> {
    connection
        .prepare_cached(
            "INSERT INTO fabric_entries (key, body) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET body = excluded.body",
        )
        .and_then(|mut statement| statement.execute(params![key.as_str(), body]))
        .map_err(sql_error)?;
    Ok(())
}

fn current_version(connection: &Connection, key: &ObjectKey) -> Result<Option<Version>> {
    connection
        .prepare_cached("SELECT version FROM fabric_objects WHERE key = ?1")
        .and_then(|mut statement| {
            statement.query_row([key.as_str()], |row| row.get::<_, i64>(0)).optional()
        })
        .map(|version| version.map(|version| Version(version.to_string())))
        .map_err(sql_error)
}

fn exists(connection: &Connection, key: &ObjectKey) -> Result<bool> {
    connection
        .prepare_cached("SELECT 1 FROM fabric_objects WHERE key = ?1")
        .and_then(|mut statement| statement.exists([key.as_str()]))
        .map_err(sql_error)
}
