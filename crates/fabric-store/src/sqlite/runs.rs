//! The postings of the SQLite recall index, as sorted runs merged level by level (a small
//! log-structured merge tree inside the file).
//!
//! Every write request adds one run: its postings sorted by term, then document, cut into
//! pages of at most [`PAGE_BYTES`] keyed `(run, first term, first doc)`. A page holds segments
//! `term | count | postings`, so the many short lists of a batch share a few rows (a row per
//! term cost a B-tree insert per distinct term; measured, that was most of indexing's write
//! cost); a long list continues over as many pages as it fills. Runs get increasing numbers,
//! so a new run is appended at the end of the table's B-tree rather than spread over it. When
//! [`FANOUT`] runs share a level they are merged into one run of the next level; each posting
//! is so rewritten about `log_16(writes)` times, sequentially. Documents get increasing
//! numbers too, and runs cover disjoint, adjacent ranges of them, so the run holding a
//! document is found from its number: removing a document rewrites one page per term at
//! once, and its postings leave storage in its own transaction.
//!
//! A term's postings are read from each live run (at most [`FANOUT`] runs per level) with
//! one statement: the pages the term starts, and the page before them, at whose end its list
//! may start.

use std::collections::BTreeMap;

use fabric_sqlite::rusqlite::{Connection, OptionalExtension as _, params};

use super::sql_error;
use crate::recall::{Posting, TERM_BYTES, Term};
use crate::{Error, Result};

/// Bytes a page is filled to at most: with its key, a row stays under the 1,002 bytes a
/// row of a `WITHOUT ROWID` table keeps in its 4 KiB B-tree page, so that reading one does
/// not follow a chain of overflow pages (measured with pages of 2 KiB: text recall p50 at
/// 100,000 records 8.5 ms rather than 6).
pub(super) const PAGE_BYTES: usize = 928;
/// Runs of one level merged together.
pub(super) const FANOUT: i64 = 16;
/// Bytes of one encoded posting: `i64 doc | u32 count | u32 length`, little-endian.
const POSTING_BYTES: usize = 16;
/// Bytes of a segment's head: the term and its posting count (`u32`, little-endian).
const SEGMENT_HEAD: usize = TERM_BYTES + 4;
/// Postings a segment is not cut below, unless the list has fewer: a page with less room
/// left than this ends instead.
const MIN_SEGMENT: usize = 8;

pub(super) const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS fabric_recall_runs (
        run INTEGER PRIMARY KEY,
        level INTEGER NOT NULL,
        first_doc INTEGER NOT NULL,
        last_doc INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS fabric_recall_pages (
        run INTEGER NOT NULL,
        term BLOB NOT NULL,
        first_doc INTEGER NOT NULL,
        postings BLOB NOT NULL,
        PRIMARY KEY (run, term, first_doc)
    ) WITHOUT ROWID;
";

/// One posting of a run being written: the term, the document, its count and length.
pub(super) type Entry = (Term, i64, u32, u32);

fn encode_into(postings: &[Entry], out: &mut Vec<u8>) {
    for (_, doc, count, length) in postings {
        out.extend_from_slice(&doc.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&length.to_le_bytes());
    }
}

fn malformed() -> Error {
    Error::backend("sqlite", "a page of the recall index is malformed")
}

fn decode(term: Term, bytes: &[u8], out: &mut Vec<Entry>) -> Result<()> {
    if !bytes.len().is_multiple_of(POSTING_BYTES) {
        return Err(malformed());
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

/// The blob in column `column` of `row`.
fn blob<'row>(row: &'row fabric_sqlite::rusqlite::Row<'_>, column: usize) -> Result<&'row [u8]> {
    row.get_ref(column).map_err(sql_error)?.as_blob().map_err(|_| malformed())
}

/// Calls `each` with every segment of `page`: its term and its encoded postings.
fn segments(page: &[u8], mut each: impl FnMut(Term, &[u8]) -> Result<()>) -> Result<()> {
    let mut rest = page;
    while !rest.is_empty() {
        let (head, tail) = rest.split_at_checked(SEGMENT_HEAD).ok_or_else(malformed)?;
        let (term, count) = head.split_at(TERM_BYTES);
        let term = Term::try_from(term).map_err(|_| malformed())?;
        let count = u32::from_le_bytes(count.try_into().map_err(|_| malformed())?) as usize;
        let bytes = count.checked_mul(POSTING_BYTES).ok_or_else(malformed)?;
        let (postings, tail) = tail.split_at_checked(bytes).ok_or_else(malformed)?;
        each(term, postings)?;
        rest = tail;
    }
    Ok(())
}

/// Every posting of `page`, in order.
fn decode_page(page: &[u8], out: &mut Vec<Entry>) -> Result<()> {
    segments(page, |term, postings| decode(term, postings, out))
}

/// Cuts `postings` (sorted by term, then document) into pages: each with its key (first
/// term, first document) and its bytes.
fn paginate(postings: &[Entry]) -> Vec<(Term, i64, Vec<u8>)> {
    let mut pages = Vec::new();
    let mut page: Vec<u8> = Vec::new();
    let mut first: Option<(Term, i64)> = None;
    let mut flush = |page: &mut Vec<u8>, first: &mut Option<(Term, i64)>| {
        if let Some((term, doc)) = first.take() {
            pages.push((term, doc, std::mem::take(page)));
        }
    };
    for group in postings.chunk_by(|a, b| a.0 == b.0) {
        let mut rest = group;
        while let Some(&(term, doc, ..)) = rest.first() {
            let room = PAGE_BYTES.saturating_sub(page.len() + SEGMENT_HEAD) / POSTING_BYTES;
            if room < rest.len().min(MIN_SEGMENT) {
                flush(&mut page, &mut first);
                continue;
            }
            let (now, later) = rest.split_at(room.min(rest.len()));
            first.get_or_insert((term, doc));
            push_segment(now, &mut page);
            rest = later;
        }
    }
    flush(&mut page, &mut first);
    pages
}

/// Writes `postings` (sorted by term, then document) as the pages of run `run`.
fn write_pages(connection: &Connection, run: i64, postings: &[Entry]) -> Result<()> {
    for (term, first, bytes) in paginate(postings) {
        insert_page(connection, run, &term, first, &bytes)?;
    }
    Ok(())
}

/// Inserts one page of run `run`, keyed by its first term and document.
fn insert_page(
    connection: &Connection,
    run: i64,
    term: &Term,
    first: i64,
    page: &[u8],
) -> Result<()> {
    connection
        .prepare_cached(
            "INSERT INTO fabric_recall_pages (run, term, first_doc, postings)
             VALUES (?1, ?2, ?3, ?4)",
        )
        .and_then(|mut statement| statement.execute(params![run, term.as_slice(), first, page]))
        .map_err(sql_error)?;
    Ok(())
}

/// Appends the segment of `postings` (one term's, in document order) to `page`.
fn push_segment(postings: &[Entry], page: &mut Vec<u8>) {
    let Some((term, ..)) = postings.first() else { return };
    page.extend_from_slice(term);
    page.extend_from_slice(&u32::try_from(postings.len()).unwrap_or(u32::MAX).to_le_bytes());
    encode_into(postings, page);
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
    write_pages(connection, run, &postings)?;
    let mut level = 0;
    while merge_level(connection, level)? {
        level += 1;
    }
    Ok(())
}

/// Rewrites the runs of a file of schema 2, a row per term and block
/// (`fabric_recall_blocks`), as pages, and drops the old table.
pub(super) fn migrate_blocks(connection: &Connection) -> Result<()> {
    let old = connection
        .prepare(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fabric_recall_blocks'",
        )
        .and_then(|mut statement| statement.exists([]))
        .map_err(sql_error)?;
    if !old {
        return Ok(());
    }
    let runs: Vec<i64> = connection
        .prepare("SELECT run FROM fabric_recall_runs ORDER BY run")
        .and_then(|mut statement| {
            statement.query_map([], |row| row.get(0))?.collect::<std::result::Result<_, _>>()
        })
        .map_err(sql_error)?;
    let mut blocks = connection
        .prepare(
            "SELECT term, postings FROM fabric_recall_blocks WHERE run = ?1
             ORDER BY term, first_doc",
        )
        .map_err(sql_error)?;
    for run in runs {
        let mut postings = Vec::new();
        let mut rows = blocks.query([run]).map_err(sql_error)?;
        while let Some(row) = rows.next().map_err(sql_error)? {
            let term: Vec<u8> = row.get(0).map_err(sql_error)?;
            let term = Term::try_from(term.as_slice()).map_err(|_| malformed())?;
            let bytes: Vec<u8> = row.get(1).map_err(sql_error)?;
            decode(term, &bytes, &mut postings)?;
        }
        write_pages(connection, run, &postings)?;
    }
    drop(blocks);
    connection.execute_batch("DROP TABLE fabric_recall_blocks").map_err(sql_error)
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
            .prepare_cached("SELECT postings FROM fabric_recall_pages WHERE run = ?1")
            .map_err(sql_error)?;
        for (run, ..) in &runs {
            let mut rows = blocks.query([run]).map_err(sql_error)?;
            while let Some(row) = rows.next().map_err(sql_error)? {
                let page = blob(row, 0)?;
                segments(page, |term, postings| {
                    decode(term, postings, merged.entry(term).or_default())
                })?;
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
    write_pages(connection, new_run, &postings)?;
    for (run, ..) in &runs {
        connection
            .prepare_cached("DELETE FROM fabric_recall_pages WHERE run = ?1")
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
    // The page holding (term, doc): the last whose key is not past it.
    let mut find = connection
        .prepare_cached(
            "SELECT term, first_doc, postings FROM fabric_recall_pages
             WHERE run = ?1 AND (term, first_doc) <= (?2, ?3)
             ORDER BY term DESC, first_doc DESC LIMIT 1",
        )
        .map_err(sql_error)?;
    for term in terms.chunks(TERM_BYTES) {
        let Ok(term) = Term::try_from(term) else { continue };
        let Some((key_term, key_doc, page)) = find
            .query_row(params![run, term.as_slice(), doc], |row| {
                Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, i64>(1)?, row.get::<_, Vec<u8>>(2)?))
            })
            .optional()
            .map_err(sql_error)?
        else {
            continue;
        };
        let mut entries = Vec::new();
        decode_page(&page, &mut entries)?;
        let before = entries.len();
        entries.retain(|entry| entry.0 != term || entry.1 != doc);
        if entries.len() == before {
            continue;
        }
        connection
            .prepare_cached(
                "DELETE FROM fabric_recall_pages WHERE run = ?1 AND term = ?2 AND first_doc = ?3",
            )
            .and_then(|mut statement| statement.execute(params![run, key_term, key_doc]))
            .map_err(sql_error)?;
        // What is left stays one page, keyed by its new first posting.
        if let Some(&(first_term, first_doc, ..)) = entries.first() {
            let mut bytes = Vec::with_capacity(page.len());
            for group in entries.chunk_by(|a, b| a.0 == b.0) {
                push_segment(group, &mut bytes);
            }
            insert_page(connection, run, &first_term, first_doc, &bytes)?;
        }
    }
    Ok(())
}

/// The postings of each of `terms`, from every live run.
pub(super) fn read(connection: &Connection, terms: &[Term]) -> Result<Vec<Vec<Posting>>> {
    let runs: Vec<i64> = connection
        .prepare_cached("SELECT run FROM fabric_recall_runs ORDER BY run")
        .and_then(|mut statement| {
            statement.query_map([], |row| row.get(0))?.collect::<std::result::Result<Vec<_>, _>>()
        })
        .map_err(sql_error)?;
    // From the term's last page back to the page before its first, whose end may start
    // its list (its key names an earlier term): one statement per run.
    let mut pages = connection
        .prepare_cached(
            "SELECT term, postings FROM fabric_recall_pages WHERE run = ?1 AND term <= ?2
             ORDER BY term DESC, first_doc DESC",
        )
        .map_err(sql_error)?;
    let mut lists = Vec::with_capacity(terms.len());
    let mut entries = Vec::new();
    let mut backwards: Vec<Vec<Entry>> = Vec::new();
    for term in terms {
        entries.clear();
        for run in &runs {
            backwards.clear();
            let mut rows = pages.query(params![run, term.as_slice()]).map_err(sql_error)?;
            while let Some(row) = rows.next().map_err(sql_error)? {
                let starts_before = blob(row, 0)? < term.as_slice();
                let page = blob(row, 1)?;
                let mut found = Vec::new();
                segments(page, |key, postings| {
                    if key == *term { decode(key, postings, &mut found) } else { Ok(()) }
                })?;
                backwards.push(found);
                if starts_before {
                    break;
                }
            }
            for found in backwards.iter().rev() {
                entries.extend_from_slice(found);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn term(index: u64) -> Term {
        let mut term = [0x55; TERM_BYTES];
        term[..8].copy_from_slice(&index.to_be_bytes());
        term
    }

    fn database() -> Connection {
        let connection = Connection::open_in_memory().unwrap();
        connection.execute_batch(SCHEMA).unwrap();
        connection
    }

    /// Documents `docs` with a term shared by all (a list many pages long), one of ten
    /// groups, and one of their own (lists of one, many to a page).
    fn postings(docs: std::ops::Range<i64>) -> Vec<Entry> {
        let mut postings = Vec::new();
        for doc in docs {
            let own = 1000 + doc.unsigned_abs();
            for (term, count) in
                [(term(0), 1), (term(1 + doc.unsigned_abs() % 10), 2), (term(own), 3)]
            {
                postings.push((term, doc, count, 7));
            }
        }
        postings
    }

    fn count(connection: &Connection, terms: &[Term]) -> Vec<usize> {
        read(connection, terms).unwrap().iter().map(Vec::len).collect()
    }

    #[test]
    fn pages_hold_many_short_lists_and_cut_long_ones() {
        let postings = {
            let mut postings = postings(1..2001);
            postings.sort_unstable_by_key(|(term, doc, ..)| (*term, *doc));
            postings
        };
        let pages = paginate(&postings);
        // 6,000 postings of 16 bytes, 2,011 segment heads of 20: about 136 KiB in all.
        assert!(pages.len() < 2 * 136 * 1024 / PAGE_BYTES, "{} pages", pages.len());
        let mut decoded = Vec::new();
        for (term, first, bytes) in &pages {
            let before = decoded.len();
            decode_page(bytes, &mut decoded).unwrap();
            assert_eq!((decoded[before].0, decoded[before].1), (*term, *first));
        }
        assert_eq!(decoded, postings);
    }

    #[test]
    fn reads_and_removals_find_lists_that_start_and_end_mid_page() {
        let connection = database();
        add_run(&connection, postings(1..1501)).unwrap();
        add_run(&connection, postings(1501..2001)).unwrap();
        let groups: Vec<Term> = (1..=10).map(term).collect();
        assert_eq!(count(&connection, &[term(0)]), [2000]);
        assert_eq!(count(&connection, &groups), [200; 10]);
        assert_eq!(
            count(&connection, &[term(1001), term(2000), term(3000), term(3001)]),
            [1, 1, 1, 0]
        );

        // Remove the first document of a page, one mid-list, and the last of all.
        for doc in [1_i64, 777, 2000] {
            let own = term(1000 + doc.unsigned_abs());
            let group = term(1 + doc.unsigned_abs() % 10);
            let terms: Vec<u8> = [term(0), group, own].concat();
            remove(&connection, doc, &terms).unwrap();
            assert_eq!(count(&connection, &[own]), [0], "{doc}");
        }
        assert_eq!(count(&connection, &[term(0)]), [1997]);
        assert_eq!(count(&connection, &groups).iter().sum::<usize>(), 1997);
        assert_eq!(count(&connection, &[term(1002), term(1999)]), [1, 1]);
        // Every page is still keyed by its first posting.
        let mut statement = connection
            .prepare("SELECT postings, term, first_doc FROM fabric_recall_pages")
            .unwrap();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let (key, first): (Vec<u8>, i64) = (row.get(1).unwrap(), row.get(2).unwrap());
            let mut entries = Vec::new();
            decode_page(blob(row, 0).unwrap(), &mut entries).unwrap();
            assert_eq!((entries[0].0.as_slice(), entries[0].1), (key.as_slice(), first));
        }
    }

    #[test]
    fn a_file_of_blocks_is_rewritten_as_pages() {
        let connection = database();
        connection
            .execute_batch(
                "CREATE TABLE fabric_recall_blocks (run INTEGER NOT NULL, term BLOB NOT NULL,
                 first_doc INTEGER NOT NULL, postings BLOB NOT NULL,
                 PRIMARY KEY (run, term, first_doc)) WITHOUT ROWID;
                 INSERT INTO fabric_recall_runs (run, level, first_doc, last_doc) VALUES (1, 0, 1, 300);",
            )
            .unwrap();
        let mut old = postings(1..301);
        old.sort_unstable_by_key(|(term, doc, ..)| (*term, *doc));
        for group in old.chunk_by(|a, b| a.0 == b.0) {
            let mut bytes = Vec::new();
            encode_into(group, &mut bytes);
            connection
                .execute(
                    "INSERT INTO fabric_recall_blocks VALUES (1, ?1, ?2, ?3)",
                    params![group[0].0.as_slice(), group[0].1, bytes],
                )
                .unwrap();
        }
        migrate_blocks(&connection).unwrap();
        assert_eq!(count(&connection, &[term(0), term(3), term(1300)]), [300, 30, 1]);
        let gone = connection
            .prepare("SELECT 1 FROM sqlite_master WHERE name = 'fabric_recall_blocks'")
            .and_then(|mut statement| statement.exists([]))
            .unwrap();
        assert!(!gone, "the old table is dropped");
        // Again: nothing to do.
        migrate_blocks(&connection).unwrap();
    }
}
