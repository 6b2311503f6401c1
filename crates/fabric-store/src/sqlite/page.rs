//! The bytes of one page of the SQLite recall index (schema 4), and of the fixed-width
//! postings of schemas 2 and 3, which opening an older file rewrites.
//!
//! ```text
//! page     = segment*
//! segment  = term (16 bytes) | u16 LE byte length of its postings | posting*
//! posting  = varint (doc - previous doc) | varint count | varint length
//! ```
//!
//! A segment holds one term's postings in document order; its first posting's "previous
//! doc" is 0. Varints are LEB128 (7 bits a byte, low first). Documents of one list are
//! numbered closely, so a posting takes about 4 bytes rather than the 16 of the fixed
//! layout (`i64 doc | u32 count | u32 length`), and a page holds four times as many.

use crate::recall::{TERM_BYTES, Term};
use crate::{Error, Result};

/// Bytes a page is filled to at most: with its key, a row stays under the 1,002 bytes a
/// row of a `WITHOUT ROWID` table keeps in its 4 KiB B-tree page, so that reading one does
/// not follow a chain of overflow pages (measured with pages of 2 KiB: text recall p50 at
/// 100,000 records 8.5 ms rather than 6).
pub(super) const PAGE_BYTES: usize = 928;
/// Bytes of a segment's head: the term and the byte length of its postings.
const SEGMENT_HEAD: usize = TERM_BYTES + 2;
/// Bytes a segment of a long list is not started below: a page with less room left than
/// this ends instead, so that a list rarely begins with a sliver at the end of a page
/// (reading it would then take one page more).
const MIN_SEGMENT_ROOM: usize = SEGMENT_HEAD + 32;
/// Postings from which a list counts as long for [`MIN_SEGMENT_ROOM`].
const LONG_LIST: usize = 8;
/// Bytes of one posting in the fixed layout of schemas 2 and 3.
const FIXED_POSTING_BYTES: usize = 16;

/// One posting of a run: the term, the document, its count and length.
pub(super) type Entry = (Term, i64, u32, u32);

pub(super) fn malformed() -> Error {
    Error::backend("sqlite", "a page of the recall index is malformed")
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        // The low seven bits, with the continuation bit: the cast keeps exactly those.
        out.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Result<u64> {
    let mut value = 0_u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first().ok_or_else(malformed)?;
        *bytes = rest;
        // The tenth byte may carry only the top bit of a u64.
        if shift == 63 && byte > 1 {
            return Err(malformed());
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(malformed())
}

/// Appends one posting, its document as the (wrapping) difference from `previous`: any
/// sequence of numbers round-trips, and a sorted one costs a byte or two a document.
fn push_posting(out: &mut Vec<u8>, previous: i64, entry: &Entry) {
    let (_, doc, count, length) = *entry;
    // Two's complement reinterpretation, undone by `wrapping_add` when read.
    push_varint(out, doc.wrapping_sub(previous) as u64);
    push_varint(out, u64::from(count));
    push_varint(out, u64::from(length));
}

/// Calls `each` with every segment of `page`: its term and its encoded postings.
pub(super) fn segments(page: &[u8], mut each: impl FnMut(Term, &[u8]) -> Result<()>) -> Result<()> {
    let mut rest = page;
    while !rest.is_empty() {
        let (head, tail) = rest.split_at_checked(SEGMENT_HEAD).ok_or_else(malformed)?;
        let (term, length) = head.split_at(TERM_BYTES);
        let term = Term::try_from(term).map_err(|_| malformed())?;
        let length = u16::from_le_bytes(length.try_into().map_err(|_| malformed())?);
        let (postings, tail) = tail.split_at_checked(usize::from(length)).ok_or_else(malformed)?;
        each(term, postings)?;
        rest = tail;
    }
    Ok(())
}

/// Decodes the postings of one segment of `term`, appending them to `out`.
pub(super) fn decode(term: Term, mut bytes: &[u8], out: &mut Vec<Entry>) -> Result<()> {
    let mut previous = 0_i64;
    while !bytes.is_empty() {
        // Undoes the reinterpretation of `push_posting`.
        let doc = previous.wrapping_add(read_varint(&mut bytes)? as i64);
        let count = u32::try_from(read_varint(&mut bytes)?).map_err(|_| malformed())?;
        let length = u32::try_from(read_varint(&mut bytes)?).map_err(|_| malformed())?;
        out.push((term, doc, count, length));
        previous = doc;
    }
    Ok(())
}

/// Every posting of `page`, in order.
pub(super) fn decode_page(page: &[u8], out: &mut Vec<Entry>) -> Result<()> {
    segments(page, |term, postings| decode(term, postings, out))
}

/// Encodes `entries` (sorted by term, then document) as one page, however long: a list
/// longer than a segment can say goes on in a next segment of the same term.
pub(super) fn encode_page(entries: &[Entry]) -> Vec<u8> {
    /// Bytes of postings a segment is closed at (its length is a `u16`; a posting is at
    /// most 20 bytes).
    const SEGMENT_LIMIT: usize = u16::MAX as usize - 20;
    let mut page = Vec::new();
    for group in entries.chunk_by(|a, b| a.0 == b.0) {
        let mut postings = Vec::new();
        let mut previous = 0;
        for entry in group {
            if postings.len() > SEGMENT_LIMIT {
                close_segment(&mut page, &group[0].0, &postings);
                postings.clear();
                previous = 0;
            }
            push_posting(&mut postings, previous, entry);
            previous = entry.1;
        }
        close_segment(&mut page, &group[0].0, &postings);
    }
    page
}

/// Appends a segment of `term` with the encoded `postings` to `page`. Callers keep a
/// segment's postings under `u16::MAX` bytes (pages are far smaller).
fn close_segment(page: &mut Vec<u8>, term: &Term, postings: &[u8]) {
    if postings.is_empty() {
        return;
    }
    page.extend_from_slice(term);
    page.extend_from_slice(&u16::try_from(postings.len()).unwrap_or(u16::MAX).to_le_bytes());
    page.extend_from_slice(postings);
}

/// Cuts `postings` (sorted by term, then document) into pages of at most [`PAGE_BYTES`]:
/// each with its key (first term, first document) and its bytes.
pub(super) fn paginate(postings: &[Entry]) -> Vec<(Term, i64, Vec<u8>)> {
    let mut pages = Vec::new();
    let mut pager = Paginator::new(|term, first, bytes| {
        pages.push((term, first, bytes));
        Ok(())
    });
    for entry in postings {
        // The sink above never fails.
        let _ = pager.push(*entry);
    }
    let _ = pager.finish();
    pages
}

/// [`paginate`] one posting at a time, each page handed to `emit` as soon as it is full: a
/// run of any length is written with a page's worth of memory (and, for a term's first
/// postings, up to [`LONG_LIST`] of them, until it is known whether its list is long).
pub(super) struct Paginator<F: FnMut(Term, i64, Vec<u8>) -> Result<()>> {
    emit: F,
    page: Vec<u8>,
    /// The key of the page being filled: its first term and document.
    first: Option<(Term, i64)>,
    /// The encoded postings of the open segment.
    segment: Vec<u8>,
    posting: Vec<u8>,
    /// The term of the list being written.
    term: Option<Term>,
    /// Its first postings, while fewer than [`LONG_LIST`] and not yet written.
    pending: Vec<Entry>,
    /// Whether its postings are being written (its first ones no longer pending).
    started: bool,
    previous: i64,
}

impl<F: FnMut(Term, i64, Vec<u8>) -> Result<()>> Paginator<F> {
    pub(super) fn new(emit: F) -> Self {
        Paginator {
            emit,
            page: Vec::with_capacity(PAGE_BYTES),
            first: None,
            segment: Vec::new(),
            posting: Vec::new(),
            term: None,
            pending: Vec::with_capacity(LONG_LIST),
            started: false,
            previous: 0,
        }
    }

    /// Adds the next posting (sorted by term, then document, after those before).
    pub(super) fn push(&mut self, entry: Entry) -> Result<()> {
        if self.term != Some(entry.0) {
            self.end_list()?;
            self.term = Some(entry.0);
        }
        if self.started {
            return self.write(&entry);
        }
        self.pending.push(entry);
        if self.pending.len() >= LONG_LIST {
            self.start_list(true)?;
        }
        Ok(())
    }

    /// Writes what is left; the last page is emitted.
    pub(super) fn finish(mut self) -> Result<()> {
        self.end_list()?;
        self.flush()
    }

    /// Starts writing the current list: a long one is not begun in a page's last bytes.
    fn start_list(&mut self, long: bool) -> Result<()> {
        if long && PAGE_BYTES.saturating_sub(self.page.len()) < MIN_SEGMENT_ROOM {
            self.flush()?;
        }
        self.started = true;
        self.previous = 0;
        for entry in std::mem::take(&mut self.pending) {
            self.write(&entry)?;
        }
        Ok(())
    }

    fn end_list(&mut self) -> Result<()> {
        if !self.started && !self.pending.is_empty() {
            self.start_list(false)?;
        }
        if let Some(term) = self.term {
            close_segment(&mut self.page, &term, &self.segment);
        }
        self.segment.clear();
        self.started = false;
        Ok(())
    }

    fn write(&mut self, entry: &Entry) -> Result<()> {
        let term = entry.0;
        self.posting.clear();
        push_posting(&mut self.posting, self.previous, entry);
        if self.page.len() + SEGMENT_HEAD + self.segment.len() + self.posting.len() > PAGE_BYTES {
            close_segment(&mut self.page, &term, &self.segment);
            self.segment.clear();
            self.flush()?;
            // A new segment: its first document counts from 0.
            self.posting.clear();
            push_posting(&mut self.posting, 0, entry);
        }
        self.first.get_or_insert((term, entry.1));
        self.segment.extend_from_slice(&self.posting);
        self.previous = entry.1;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if let Some((term, doc)) = self.first.take() {
            let page = std::mem::replace(&mut self.page, Vec::with_capacity(PAGE_BYTES));
            (self.emit)(term, doc, page)?;
        }
        Ok(())
    }
}

/// The fixed-width postings of schemas 2 and 3, which their files are rewritten from.
pub(super) mod fixed {
    use super::{Entry, FIXED_POSTING_BYTES, Result, TERM_BYTES, Term, malformed};

    /// Bytes of a segment's head in schema 3: the term and its posting count (`u32` LE).
    const SEGMENT_HEAD: usize = TERM_BYTES + 4;

    /// Decodes fixed-width postings (`i64 doc | u32 count | u32 length`, little-endian).
    pub(in crate::sqlite) fn decode(term: Term, bytes: &[u8], out: &mut Vec<Entry>) -> Result<()> {
        if !bytes.len().is_multiple_of(FIXED_POSTING_BYTES) {
            return Err(malformed());
        }
        for chunk in bytes.chunks_exact(FIXED_POSTING_BYTES) {
            let (doc, rest) = chunk.split_at(8);
            let (count, length) = rest.split_at(4);
            out.push((
                term,
                i64::from_le_bytes(array(doc)?),
                u32::from_le_bytes(array(count)?),
                u32::from_le_bytes(array(length)?),
            ));
        }
        Ok(())
    }

    fn array<const N: usize>(bytes: &[u8]) -> Result<[u8; N]> {
        bytes.try_into().map_err(|_| malformed())
    }

    /// Every posting of a schema-3 page: segments `term | u32 count | fixed postings`.
    pub(in crate::sqlite) fn decode_page(page: &[u8], out: &mut Vec<Entry>) -> Result<()> {
        let mut rest = page;
        while !rest.is_empty() {
            let (head, tail) = rest.split_at_checked(SEGMENT_HEAD).ok_or_else(malformed)?;
            let (term, count) = head.split_at(TERM_BYTES);
            let term = Term::try_from(term).map_err(|_| malformed())?;
            let count = u32::from_le_bytes(array(count)?) as usize;
            let bytes = count.checked_mul(FIXED_POSTING_BYTES).ok_or_else(malformed)?;
            let (postings, tail) = tail.split_at_checked(bytes).ok_or_else(malformed)?;
            decode(term, postings, out)?;
            rest = tail;
        }
        Ok(())
    }

    /// Encodes postings in the fixed layout (for tests of the migration).
    #[cfg(test)]
    pub(in crate::sqlite) fn encode(postings: &[Entry]) -> Vec<u8> {
        let mut out = Vec::new();
        for (_, doc, count, length) in postings {
            out.extend_from_slice(&doc.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            out.extend_from_slice(&length.to_le_bytes());
        }
        out
    }

    /// A schema-3 page of `postings` (one term's or several, sorted), for tests.
    #[cfg(test)]
    pub(in crate::sqlite) fn encode_page(postings: &[Entry]) -> Vec<u8> {
        let mut page = Vec::new();
        for group in postings.chunk_by(|a, b| a.0 == b.0) {
            page.extend_from_slice(&group[0].0);
            page.extend_from_slice(&u32::try_from(group.len()).unwrap_or(u32::MAX).to_le_bytes());
            page.extend_from_slice(&encode(group));
        }
        page
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn entries() -> impl Strategy<Value = Vec<Entry>> {
        let entry = (0_u8..6, any::<i64>(), any::<u32>(), any::<u32>())
            .prop_map(|(term, doc, count, length)| ([term; TERM_BYTES], doc, count, length));
        proptest::collection::vec(entry, 0..400).prop_map(|mut entries| {
            entries.sort_unstable_by_key(|entry| (entry.0, entry.1));
            entries.dedup_by_key(|entry| (entry.0, entry.1));
            entries
        })
    }

    proptest! {
        #[test]
        fn pages_round_trip_any_postings_and_stay_small(entries in entries()) {
            let mut decoded = Vec::new();
            for (term, first, bytes) in paginate(&entries) {
                prop_assert!(bytes.len() <= PAGE_BYTES, "{} bytes", bytes.len());
                let before = decoded.len();
                decode_page(&bytes, &mut decoded).unwrap();
                prop_assert_eq!((decoded[before].0, decoded[before].1), (term, first));
            }
            prop_assert_eq!(&decoded, &entries);
            let mut whole = Vec::new();
            decode_page(&encode_page(&entries), &mut whole).unwrap();
            prop_assert_eq!(whole, entries);
        }

        #[test]
        fn any_bytes_decode_or_fail_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode_page(&bytes, &mut Vec::new());
            let _ = fixed::decode_page(&bytes, &mut Vec::new());
        }
    }

    #[test]
    fn varints_refuse_overlong_and_truncated_numbers() {
        for bytes in [
            &[0x80_u8][..],
            &[0xff; 10],
            &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02],
        ] {
            assert!(read_varint(&mut &bytes[..]).is_err(), "{bytes:?}");
        }
        let mut out = Vec::new();
        push_varint(&mut out, u64::MAX);
        assert_eq!(read_varint(&mut &out[..]).unwrap(), u64::MAX);
    }

    #[test]
    fn a_list_longer_than_a_segment_goes_on_in_the_next() {
        let entries: Vec<Entry> = (1..=20_000)
            .map(|doc| ([2; TERM_BYTES], doc * 1_000_003, u32::MAX, u32::MAX))
            .collect();
        let bytes = encode_page(&entries);
        assert!(bytes.len() > usize::from(u16::MAX));
        let mut decoded = Vec::new();
        decode_page(&bytes, &mut decoded).unwrap();
        assert_eq!(decoded, entries);
    }

    #[test]
    fn a_sorted_list_takes_a_few_bytes_a_posting() {
        let entries: Vec<Entry> = (1..=1000).map(|doc| ([1; TERM_BYTES], doc * 3, 2, 30)).collect();
        let bytes: usize = paginate(&entries).iter().map(|page| page.2.len()).sum();
        assert!(bytes < 1000 * 4, "{bytes} bytes");
    }
}
