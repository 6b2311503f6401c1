//! Merging the [`FANOUT`](super::runs::FANOUT) runs of one level of the recall index into
//! one run of the next, streaming: each run is read page by page in (term, document)
//! order, the smallest head of all goes to a [`Paginator`] that writes the new run's pages
//! as they fill. Memory holds a decoded page per run and the page being filled, however
//! large the runs (collecting a level's postings first made a merge's memory grow with the
//! index: tens of MiB at 100,000 records).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use fabric_sqlite::rusqlite::{CachedStatement, Connection, Rows, params};

use super::page::{Entry, Paginator, decode, segments};
use super::runs::{FANOUT, insert_page};
use super::sql_error;
use crate::Result;

/// One run's postings, a page at a time.
struct RunReader<'statement> {
    rows: Rows<'statement>,
    page: VecDeque<Entry>,
}

impl RunReader<'_> {
    /// The run's next posting, reading its next page when the last one is spent.
    fn next(&mut self) -> Result<Option<Entry>> {
        while self.page.is_empty() {
            let Some(row) = self.rows.next().map_err(sql_error)? else { return Ok(None) };
            let bytes = row.get_ref(0).map_err(sql_error)?.as_blob().map_err(|_| {
                crate::Error::backend("sqlite", "a page of the recall index is malformed")
            })?;
            let mut entries = Vec::new();
            segments(bytes, |term, postings| decode(term, postings, &mut entries))?;
            self.page.extend(entries);
        }
        Ok(self.page.pop_front())
    }
}

/// Merges the runs of `level` into one of the next when there are [`FANOUT`] of them;
/// whether it did.
pub(super) fn merge_level(connection: &Connection, level: i64) -> Result<bool> {
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
    let first = runs.iter().map(|run| run.1).min().unwrap_or(0);
    let last = runs.iter().map(|run| run.2).max().unwrap_or(0);
    connection
        .prepare_cached(
            "INSERT INTO fabric_recall_runs (level, first_doc, last_doc) VALUES (?1, ?2, ?3)",
        )
        .and_then(|mut statement| statement.execute(params![level + 1, first, last]))
        .map_err(sql_error)?;
    let new_run = connection.last_insert_rowid();
    // One statement per run, each stepping through its run's pages in key order while the
    // new run's pages are inserted (under another run number: no reader meets them).
    let mut statements: Vec<CachedStatement<'_>> = runs
        .iter()
        .map(|_| {
            connection.prepare_cached(
                "SELECT postings FROM fabric_recall_pages WHERE run = ?1 ORDER BY term, first_doc",
            )
        })
        .collect::<std::result::Result<_, _>>()
        .map_err(sql_error)?;
    let mut readers: Vec<RunReader<'_>> = statements
        .iter_mut()
        .zip(&runs)
        .map(|(statement, (run, ..))| {
            Ok(RunReader {
                rows: statement.query([run]).map_err(sql_error)?,
                page: VecDeque::new(),
            })
        })
        .collect::<Result<_>>()?;
    let mut heads = BinaryHeap::with_capacity(readers.len());
    for (index, reader) in readers.iter_mut().enumerate() {
        if let Some(entry) = reader.next()? {
            heads.push(Reverse(((entry.0, entry.1), index, entry)));
        }
    }
    let mut pager =
        Paginator::new(|term, first, page| insert_page(connection, new_run, &term, first, &page));
    while let Some(Reverse((_, index, entry))) = heads.pop() {
        pager.push(entry)?;
        if let Some(next) = readers[index].next()? {
            heads.push(Reverse(((next.0, next.1), index, next)));
        }
    }
    pager.finish()?;
    drop(readers);
    drop(statements);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recall::Term;
    use crate::sqlite::page::paginate;
    use crate::sqlite::runs::{SCHEMA, add_run};

    fn term(index: u64) -> Term {
        let mut term = [0u8; 16];
        term[..8].copy_from_slice(&index.to_be_bytes());
        term
    }

    /// [`FANOUT`] runs merged one posting at a time give exactly the pages that paginating
    /// all their postings at once gives: a list shared by every document (many pages
    /// long), lists of a few, lists of one.
    #[test]
    fn a_merged_run_is_the_pagination_of_all_its_postings() {
        let connection = Connection::open_in_memory().unwrap();
        connection.execute_batch(SCHEMA).unwrap();
        let mut all = Vec::new();
        for batch in 0..FANOUT {
            let mut postings = Vec::new();
            for doc in batch * 40 + 1..=batch * 40 + 40 {
                let own = 1000 + doc.unsigned_abs();
                for (term, count) in [(term(0), 1), (term(1 + own % 7), 2), (term(own), 3)] {
                    postings.push((term, doc, count, 10));
                }
            }
            all.extend(postings.iter().copied());
            add_run(&connection, postings).unwrap();
        }
        let levels: Vec<i64> = connection
            .prepare("SELECT level FROM fabric_recall_runs")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(levels, [1], "the sixteen runs became one");
        let stored: Vec<(Vec<u8>, i64, Vec<u8>)> = connection
            .prepare("SELECT term, first_doc, postings FROM fabric_recall_pages ORDER BY term, first_doc")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        all.sort_unstable_by_key(|(term, doc, ..)| (*term, *doc));
        let expected: Vec<(Vec<u8>, i64, Vec<u8>)> = paginate(&all)
            .into_iter()
            .map(|(term, first, page)| (term.to_vec(), first, page))
            .collect();
        assert!(expected.len() > 10, "many pages");
        assert_eq!(stored, expected);
    }
}
