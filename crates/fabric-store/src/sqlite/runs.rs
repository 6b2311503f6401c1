//! The postings of the SQLite recall index, as sorted runs merged level by level (a small
//! log-structured merge tree inside the file).
//!
//! Every group commit adds one run (the postings of all its requests, `recall::Pending`):
//! its postings sorted by term, then document, cut into pages of at most
//! [`page::PAGE_BYTES`] keyed `(run, first term, first doc)`. A page holds segments
//! `term | length | postings` (layout in `page`), so the many short lists of a batch share a
//! few rows (a row per term cost a B-tree insert per distinct term; measured, that was most
//! of indexing's write
//! cost); a long list continues over as many pages as it fills. Runs get increasing numbers,
//! so a new run is appended at the end of the table's B-tree rather than spread over it. When
//! [`FANOUT`] runs share a level they are merged into one run of the next level; each posting
//! is so rewritten about `log_16(writes)` times, sequentially. Documents get increasing
//! numbers too, and runs cover disjoint, adjacent ranges of them, so the run holding a
//! document is found from its number, and its terms from the prefixes its row keeps
//! ([`PREFIX_BYTES`]): removing a document rewrites one page per term at once, and its
//! postings leave storage in its own transaction.
//!
//! A term's postings are read from each live run (at most [`FANOUT`] runs per level) with
//! one statement: the pages the term starts, and the page before them, at whose end its list
//! may start.

use fabric_sqlite::rusqlite::{Connection, OptionalExtension as _, params};

use super::page::{self, Entry, decode, decode_page, malformed, paginate, segments};
use super::sql_error;
use crate::Result;
use crate::recall::{Posting, TERM_BYTES, Term};

/// Runs of one level merged together.
pub(super) const FANOUT: i64 = 16;
/// Bytes of each term a document's row keeps, to find its postings when it is removed: a
/// prefix leads to the few terms that share it, and removing the document's postings from
/// all of them is exact, as only its own terms have any. Four bytes rather than sixteen
/// keep a row a quarter as long; a second term of one run shares a prefix about once in
/// 2^32 / (terms in the run).
pub(super) const PREFIX_BYTES: usize = 4;

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

/// The blob in column `column` of `row`.
fn blob<'row>(row: &'row fabric_sqlite::rusqlite::Row<'_>, column: usize) -> Result<&'row [u8]> {
    row.get_ref(column).map_err(sql_error)?.as_blob().map_err(|_| malformed())
}

/// The numbers of the live runs, in order.
fn run_numbers(connection: &Connection) -> Result<Vec<i64>> {
    connection
        .prepare_cached("SELECT run FROM fabric_recall_runs ORDER BY run")
        .and_then(|mut statement| {
            statement.query_map([], |row| row.get(0))?.collect::<std::result::Result<_, _>>()
        })
        .map_err(sql_error)
}

/// Writes `postings` (sorted by term, then document) as the pages of run `run`.
fn write_pages(connection: &Connection, run: i64, postings: &[Entry]) -> Result<()> {
    for (term, first, bytes) in paginate(postings) {
        insert_page(connection, run, &term, first, &bytes)?;
    }
    Ok(())
}

/// Inserts one page of run `run`, keyed by its first term and document.
pub(super) fn insert_page(
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
    while super::merge::merge_level(connection, level)? {
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
    let runs = run_numbers(connection)?;
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
            page::fixed::decode(term, &bytes, &mut postings)?;
        }
        write_pages(connection, run, &postings)?;
    }
    drop(blocks);
    connection.execute_batch("DROP TABLE fabric_recall_blocks").map_err(sql_error)
}

/// Removes document `doc`'s postings, given the first [`PREFIX_BYTES`] of each of its terms
/// (concatenated).
pub(super) fn remove(connection: &Connection, doc: i64, prefixes: &[u8]) -> Result<()> {
    let run: Option<i64> = connection
        .prepare_cached(
            "SELECT run FROM fabric_recall_runs WHERE first_doc <= ?1 AND last_doc >= ?1
             ORDER BY run DESC LIMIT 1",
        )
        .and_then(|mut statement| statement.query_row([doc], |row| row.get(0)).optional())
        .map_err(sql_error)?;
    let Some(run) = run else { return Ok(()) };
    let mut terms = std::collections::BTreeSet::new();
    for prefix in prefixes.chunks_exact(PREFIX_BYTES) {
        terms_with_prefix(connection, run, prefix, &mut terms)?;
    }
    for term in terms {
        remove_posting(connection, run, &term, doc)?;
    }
    Ok(())
}

/// Adds to `out` every term of run `run` that starts with `prefix`. Such a term's list
/// starts either in the page before the first keyed with the prefix, or in the last page
/// of a term keyed with it (a page holds the end of its key term's list, then other lists).
fn terms_with_prefix(
    connection: &Connection,
    run: i64,
    prefix: &[u8],
    out: &mut std::collections::BTreeSet<Term>,
) -> Result<()> {
    let (mut low, mut high) = ([0_u8; TERM_BYTES], [0xff_u8; TERM_BYTES]);
    low[..prefix.len()].copy_from_slice(prefix);
    high[..prefix.len()].copy_from_slice(prefix);
    let mut heads = |page: &[u8]| {
        segments(page, |term, _| {
            if term.starts_with(prefix) {
                out.insert(term);
            }
            Ok(())
        })
    };
    let mut before = connection
        .prepare_cached(
            "SELECT postings FROM fabric_recall_pages WHERE run = ?1 AND term < ?2
             ORDER BY term DESC, first_doc DESC LIMIT 1",
        )
        .map_err(sql_error)?;
    let page: Option<Vec<u8>> = before
        .query_row(params![run, low.as_slice()], |row| row.get(0))
        .optional()
        .map_err(sql_error)?;
    if let Some(page) = page {
        heads(&page)?;
    }
    let mut next_key = connection
        .prepare_cached(
            "SELECT term FROM fabric_recall_pages WHERE run = ?1 AND term >= ?2 AND term <= ?3
             ORDER BY term LIMIT 1",
        )
        .map_err(sql_error)?;
    let mut last_page = connection
        .prepare_cached(
            "SELECT postings FROM fabric_recall_pages WHERE run = ?1 AND term = ?2
             ORDER BY first_doc DESC LIMIT 1",
        )
        .map_err(sql_error)?;
    let mut from = Some(low);
    while let Some(start) = from {
        let key: Option<Vec<u8>> = next_key
            .query_row(params![run, start.as_slice(), high.as_slice()], |row| row.get(0))
            .optional()
            .map_err(sql_error)?;
        let Some(key) = key else { break };
        let key = Term::try_from(key.as_slice()).map_err(|_| malformed())?;
        let page: Vec<u8> = last_page
            .query_row(params![run, key.as_slice()], |row| row.get(0))
            .map_err(sql_error)?;
        heads(&page)?;
        from = successor(key);
    }
    Ok(())
}

/// The term right after `term` in byte order; `None` after the last.
fn successor(mut term: Term) -> Option<Term> {
    for byte in term.iter_mut().rev() {
        if *byte == u8::MAX {
            *byte = 0;
        } else {
            *byte += 1;
            return Some(term);
        }
    }
    None
}

/// Removes the posting of `doc` from `term`'s list in run `run`, if it has one.
fn remove_posting(connection: &Connection, run: i64, term: &Term, doc: i64) -> Result<()> {
    // The page holding (term, doc): the last whose key is not past it.
    let found = connection
        .prepare_cached(
            "SELECT term, first_doc, postings FROM fabric_recall_pages
             WHERE run = ?1 AND (term, first_doc) <= (?2, ?3)
             ORDER BY term DESC, first_doc DESC LIMIT 1",
        )
        .and_then(|mut statement| {
            statement
                .query_row(params![run, term.as_slice(), doc], |row| {
                    Ok((
                        row.get::<_, Vec<u8>>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, Vec<u8>>(2)?,
                    ))
                })
                .optional()
        })
        .map_err(sql_error)?;
    let Some((key_term, key_doc, page)) = found else { return Ok(()) };
    let mut entries = Vec::new();
    decode_page(&page, &mut entries)?;
    let before = entries.len();
    entries.retain(|entry| entry.0 != *term || entry.1 != doc);
    if entries.len() == before {
        return Ok(());
    }
    connection
        .prepare_cached(
            "DELETE FROM fabric_recall_pages WHERE run = ?1 AND term = ?2 AND first_doc = ?3",
        )
        .and_then(|mut statement| statement.execute(params![run, key_term, key_doc]))
        .map_err(sql_error)?;
    // What is left stays one page, keyed by its new first posting.
    if let Some(&(first_term, first_doc, ..)) = entries.first() {
        insert_page(connection, run, &first_term, first_doc, &page::encode_page(&entries))?;
    }
    Ok(())
}

/// Rewrites the pages of a file of schema 3, whose postings had a fixed width, in the
/// layout of `page`: page by page, each keeping its key.
pub(super) fn migrate_pages(connection: &Connection) -> Result<()> {
    let runs = run_numbers(connection)?;
    let mut read = connection
        .prepare("SELECT term, first_doc, postings FROM fabric_recall_pages WHERE run = ?1")
        .map_err(sql_error)?;
    let mut update = connection
        .prepare(
            "UPDATE fabric_recall_pages SET postings = ?4
             WHERE run = ?1 AND term = ?2 AND first_doc = ?3",
        )
        .map_err(sql_error)?;
    for run in runs {
        // One run's pages at a time, re-encoded (a third of their old size) before writing.
        let mut pages: Vec<(Vec<u8>, i64, Vec<u8>)> = Vec::new();
        let mut rows = read.query([run]).map_err(sql_error)?;
        while let Some(row) = rows.next().map_err(sql_error)? {
            let mut entries = Vec::new();
            page::fixed::decode_page(blob(row, 2)?, &mut entries)?;
            let term: Vec<u8> = row.get(0).map_err(sql_error)?;
            pages.push((term, row.get(1).map_err(sql_error)?, page::encode_page(&entries)));
        }
        for (term, first, bytes) in pages {
            update.execute(params![run, term, first, bytes]).map_err(sql_error)?;
        }
    }
    Ok(())
}

/// The postings of each of `terms`, from every live run.
pub(super) fn read(connection: &Connection, terms: &[Term]) -> Result<Vec<Vec<Posting>>> {
    let runs = run_numbers(connection)?;
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

    /// A term whose prefix is its own (as blind tokens have), where [`term`]'s all share one.
    fn spread(index: u64) -> Term {
        let mut term = [0x55; TERM_BYTES];
        term[..8].copy_from_slice(&index.to_le_bytes());
        term
    }

    fn prefixes(terms: &[Term]) -> Vec<u8> {
        terms.iter().flat_map(|term| term[..PREFIX_BYTES].to_vec()).collect()
    }

    fn database() -> Connection {
        let connection = Connection::open_in_memory().unwrap();
        connection.execute_batch(SCHEMA).unwrap();
        connection
    }

    /// Documents `docs` with a term shared by all (a list many pages long), one of ten
    /// groups, and one of their own (lists of one, many to a page).
    fn postings(docs: std::ops::Range<i64>) -> Vec<Entry> {
        postings_of(term, docs)
    }

    fn postings_of(term: fn(u64) -> Term, docs: std::ops::Range<i64>) -> Vec<Entry> {
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
        // 6,000 postings of 3 to 5 bytes, 2,011 segment heads of 18: about 60 KiB in all.
        assert!(pages.len() < 2 * 60 * 1024 / page::PAGE_BYTES, "{} pages", pages.len());
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
        // Terms sharing one prefix (the worst case of removal), and terms of their own.
        for term in [term as fn(u64) -> Term, spread] {
            let connection = database();
            add_run(&connection, postings_of(term, 1..1501)).unwrap();
            add_run(&connection, postings_of(term, 1501..2001)).unwrap();
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
                remove(&connection, doc, &prefixes(&[term(0), group, own])).unwrap();
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
    }

    #[test]
    fn a_file_of_fixed_width_pages_is_rewritten_and_still_read() {
        let connection = database();
        add_run(&connection, postings(1..301)).unwrap();
        let mut old = postings(1..301);
        old.sort_unstable_by_key(|(term, doc, ..)| (*term, *doc));
        // The same run as schema 3 wrote it: one page of fixed-width segments per 40 postings.
        connection.execute_batch("DELETE FROM fabric_recall_pages").unwrap();
        for chunk in old.chunks(40) {
            connection
                .execute(
                    "INSERT INTO fabric_recall_pages VALUES (1, ?1, ?2, ?3)",
                    params![chunk[0].0.as_slice(), chunk[0].1, page::fixed::encode_page(chunk)],
                )
                .unwrap();
        }
        migrate_pages(&connection).unwrap();
        assert_eq!(count(&connection, &[term(0), term(3), term(1300)]), [300, 30, 1]);
        remove(&connection, 7, &prefixes(&[term(0), term(8), term(1007)])).unwrap();
        assert_eq!(count(&connection, &[term(0), term(8), term(1007)]), [299, 29, 0]);
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
            bytes.extend_from_slice(&page::fixed::encode(group));
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
