//! The postings of the SQLite recall index, as sorted runs merged level by level (a small
//! log-structured merge tree inside the file).
//!
//! Every write request adds one run: its postings grouped by term, in blocks of at most
//! [`BLOCK`] postings, keyed `(run, term, first doc)`. Runs get increasing numbers, so a new
//! run is appended at the end of the table's B-tree rather than spread over it: a write
//! touches about as many pages as it adds bytes, however many terms it has (keyed by term,
//! every distinct term of a batch dirtied a page of its own). When [`FANOUT`] runs share a
//! level they are merged into one run of the next level; each posting is so rewritten about
//! `log_16(writes)` times, sequentially. Documents get increasing numbers too, and runs cover
//! disjoint, adjacent ranges of them, so the run holding a document is found from its number:
//! removing a document rewrites one block per term at once, and its postings leave storage in
//! its own transaction.
//!
//! A term's postings are read from each live run: at most [`FANOUT`] runs per level.

use std::collections::BTreeMap;

use fabric_sqlite::rusqlite::{Connection, OptionalExtension as _, params};

use super::sql_error;
use crate::recall::{Posting, TERM_BYTES, Term};
use crate::{Error, Result};

/// Postings in one block at most.
pub(super) const BLOCK: usize = 512;
/// Runs of one level merged together.
pub(super) const FANOUT: i64 = 16;
/// Bytes of one encoded posting: `i64 doc | u32 count | u32 length`, little-endian.
const POSTING_BYTES: usize = 16;

pub(super) const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS fabric_recall_runs (
        run INTEGER PRIMARY KEY,
        level INTEGER NOT NULL,
        first_doc INTEGER NOT NULL,
        last_doc INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS fabric_recall_blocks (
        run INTEGER NOT NULL,
        term BLOB NOT NULL,
        first_doc INTEGER NOT NULL,
        postings BLOB NOT NULL,
        PRIMARY KEY (run, term, first_doc)
    ) WITHOUT ROWID;
";

/// One posting of a run being written: the term, the document, its count and length.
pub(super) type Entry = (Term, i64, u32, u32);

fn encode(postings: &[Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(postings.len() * POSTING_BYTES);
    for (_, doc, count, length) in postings {
        out.extend_from_slice(&doc.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&length.to_le_bytes());
    }
    out
}

fn decode(term: Term, bytes: &[u8], out: &mut Vec<Entry>) -> Result<()> {
    if !bytes.len().is_multiple_of(POSTING_BYTES) {
        return Err(Error::backend("sqlite", "a block of the recall index is malformed"));
    }
    for chunk in bytes.chunks_exact(POSTING_BYTES) {
        let mut doc = [0u8; 8];
        let mut count = [0u8; 4];
        let mut length = [0u8; 4];
        doc.copy_from_slice(&chunk[..8]);
        count.copy_from_slice(&chunk[8..12]);
        length.copy_from_slice(&chunk[12..16]);
        out.push((
            term,
            i64::from_le_bytes(doc),
            u32::from_le_bytes(count),
            u32::from_le_bytes(length),
        ));
    }
    Ok(())
}

/// Writes `postings` (sorted by term, then document) as blocks of run `run`.
fn write_blocks(connection: &Connection, run: i64, postings: &[Entry]) -> Result<()> {
    let mut insert = connection
        .prepare_cached(
            "INSERT INTO fabric_recall_blocks (run, term, first_doc, postings) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(sql_error)?;
    for group in postings.chunk_by(|a, b| a.0 == b.0) {
        for block in group.chunks(BLOCK) {
            let (term, first, ..) = block[0];
            insert
                .execute(params![run, term.as_slice(), first, encode(block)])
                .map_err(sql_error)?;
        }
    }
    Ok(())
}

/// Adds one run of `postings` (any order) at level 0, then merges full levels.
pub(super) fn add_run(connection: &Connection, mut postings: Vec<Entry>) -> Result<()> {
    if postings.is_empty() {
        return Ok(());
    }
    postings.sort_unstable_by_key(|(term, doc, ..)| (*term, *doc));
    let first = postings.iter().map(|entry| entry.1).min().unwrap_or(0);
    let last = postings.iter().map(|entry| entry.1).max().unwrap_or(0);
    connection
        .prepare_cached(
            "INSERT INTO fabric_recall_runs (level, first_doc, last_doc) VALUES (0, ?1, ?2)",
        )
        .and_then(|mut statement| statement.execute(params![first, last]))
        .map_err(sql_error)?;
    let run = connection.last_insert_rowid();
    write_blocks(connection, run, &postings)?;
    let mut level = 0;
    while merge_level(connection, level)? {
        level += 1;
    }
    Ok(())
}

/// Merges the runs of `level` into one of the next when there are [`FANOUT`] of them;
/// whether it did.
fn merge_level(connection: &Connection, level: i64) -> Result<bool> {
    let runs: Vec<(i64, i64, i64)> = connection
        .prepare_cached(
            "SELECT run, first_doc, last_doc FROM fabric_recall_runs WHERE level = ?1 ORDER BY run",
        )
        .and_then(|mut statement| {
            statement
                .query_map([level], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect::<std::result::Result<Vec<_>, _>>()
        })
        .map_err(sql_error)?;
    if (runs.len() as i64) < FANOUT {
        return Ok(false);
    }
    let mut merged: BTreeMap<Term, Vec<Entry>> = BTreeMap::new();
    {
        let mut blocks = connection
            .prepare_cached("SELECT term, postings FROM fabric_recall_blocks WHERE run = ?1")
            .map_err(sql_error)?;
        for (run, ..) in &runs {
            let mut rows = blocks.query([run]).map_err(sql_error)?;
            while let Some(row) = rows.next().map_err(sql_error)? {
                let term: Vec<u8> = row.get(0).map_err(sql_error)?;
                let term: Term = term.as_slice().try_into().map_err(|_| {
                    Error::backend("sqlite", "a block of the recall index names a bad term")
                })?;
                let bytes: Vec<u8> = row.get(1).map_err(sql_error)?;
                decode(term, &bytes, merged.entry(term).or_default())?;
            }
        }
    }
    let first = runs.iter().map(|run| run.1).min().unwrap_or(0);
    let last = runs.iter().map(|run| run.2).max().unwrap_or(0);
    connection
        .prepare_cached(
            "INSERT INTO fabric_recall_runs (level, first_doc, last_doc) VALUES (?1, ?2, ?3)",
        )
        .and_then(|mut statement| statement.execute(params![level + 1, first, last]))
        .map_err(sql_error)?;
    let new_run = connection.last_insert_rowid();
    let mut postings: Vec<Entry> = Vec::new();
    for (_, mut entries) in merged {
        entries.sort_unstable_by_key(|entry| entry.1);
        postings.extend(entries);
    }
    write_blocks(connection, new_run, &postings)?;
    for (run, ..) in &runs {
        connection
            .prepare_cached("DELETE FROM fabric_recall_blocks WHERE run = ?1")
            .and_then(|mut statement| statement.execute([run]))
            .map_err(sql_error)?;
        connection
            .prepare_cached("DELETE FROM fabric_recall_runs WHERE run = ?1")
            .and_then(|mut statement| statement.execute([run]))
            .map_err(sql_error)?;
    }
    Ok(true)
}

/// Removes document `doc`'s postings of `terms` (concatenated 16-byte terms).
pub(super) fn remove(connection: &Connection, doc: i64, terms: &[u8]) -> Result<()> {
    let run: Option<i64> = connection
        .prepare_cached(
            "SELECT run FROM fabric_recall_runs WHERE first_doc <= ?1 AND last_doc >= ?1
             ORDER BY run DESC LIMIT 1",
        )
        .and_then(|mut statement| statement.query_row([doc], |row| row.get(0)).optional())
        .map_err(sql_error)?;
    let Some(run) = run else { return Ok(()) };
    let mut find = connection
        .prepare_cached(
            "SELECT first_doc, postings FROM fabric_recall_blocks
             WHERE run = ?1 AND term = ?2 AND first_doc <= ?3 ORDER BY first_doc DESC LIMIT 1",
        )
        .map_err(sql_error)?;
    for term in terms.chunks(TERM_BYTES) {
        let Ok(term) = Term::try_from(term) else { continue };
        let Some((first, bytes)) = find
            .query_row(params![run, term.as_slice(), doc], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?))
            })
            .optional()
            .map_err(sql_error)?
        else {
            continue;
        };
        let mut entries = Vec::new();
        decode(term, &bytes, &mut entries)?;
        let before = entries.len();
        entries.retain(|entry| entry.1 != doc);
        if entries.len() == before {
            continue;
        }
        connection
            .prepare_cached(
                "DELETE FROM fabric_recall_blocks WHERE run = ?1 AND term = ?2 AND first_doc = ?3",
            )
            .and_then(|mut statement| statement.execute(params![run, term.as_slice(), first]))
            .map_err(sql_error)?;
        if let Some((_, new_first, ..)) = entries.first() {
            connection
                .prepare_cached(
                    "INSERT INTO fabric_recall_blocks (run, term, first_doc, postings)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .and_then(|mut statement| {
                    statement.execute(params![run, term.as_slice(), new_first, encode(&entries)])
                })
                .map_err(sql_error)?;
        }
    }
    Ok(())
}

/// The postings of each of `terms`, from every live run.
pub(super) fn read(connection: &Connection, terms: &[Term]) -> Result<Vec<Vec<Posting>>> {
    let runs: Vec<i64> = connection
        .prepare_cached("SELECT run FROM fabric_recall_runs")
        .and_then(|mut statement| {
            statement.query_map([], |row| row.get(0))?.collect::<std::result::Result<Vec<_>, _>>()
        })
        .map_err(sql_error)?;
    let mut blocks = connection
        .prepare_cached("SELECT postings FROM fabric_recall_blocks WHERE run = ?1 AND term = ?2")
        .map_err(sql_error)?;
    let mut lists = Vec::with_capacity(terms.len());
    let mut entries = Vec::new();
    for term in terms {
        entries.clear();
        for run in &runs {
            let mut rows = blocks.query(params![run, term.as_slice()]).map_err(sql_error)?;
            while let Some(row) = rows.next().map_err(sql_error)? {
                let bytes = row.get_ref(0).map_err(sql_error)?.as_blob().map_err(|_| {
                    Error::backend("sqlite", "a block of the recall index is not a blob")
                })?;
                decode(*term, bytes, &mut entries)?;
            }
        }
        lists.push(
            entries
                .iter()
                .map(|(_, doc, count, length)| Posting {
                    doc: *doc,
                    count: *count,
                    length: *length,
                })
                .collect(),
        );
    }
    Ok(lists)
}
