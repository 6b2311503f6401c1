//! [`verify`]: walks every stream, checks every link and checkpoint, names the first bad event.

use futures::StreamExt as _;

use sha2::{Digest as _, Sha256};

use crate::sink::{AuditSink, EncodedPage, EncodedPages};
use crate::{AuditKey, Checkpoint, Error, EventHash, Result, StreamId};

/// What verification found wrong, naming the first bad sequence number of the stream.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Tamper {
    /// The event at `seq` does not match its hash: a field was changed.
    #[error("event {seq} was edited")]
    Edited {
        /// The sequence number.
        seq: u64,
    },
    /// No event `seq` is stored, though later ones are.
    #[error("event {seq} was deleted")]
    Deleted {
        /// The missing sequence number.
        seq: u64,
    },
    /// Event `seq` is stored out of its place.
    #[error("event {seq} was moved out of order")]
    Reordered {
        /// The sequence number.
        seq: u64,
    },
    /// An event that is not part of the chain was added at `seq` (a duplicate sequence number,
    /// or later events shifted up).
    #[error("an event was inserted at {seq}")]
    Inserted {
        /// The sequence number.
        seq: u64,
    },
    /// Event `seq` hashes correctly but does not link to the event before it: that one (or
    /// this one) was replaced by a forged event with a recomputed hash.
    #[error("event {seq} does not link to the event before it")]
    BrokenLink {
        /// The sequence number.
        seq: u64,
    },
    /// A valid checkpoint covers events up to `checkpoint_seq`, but the stream ends at
    /// `last_seq`: the tail was cut off.
    #[error(
        "the log was truncated after event {last_seq}, but checkpoint {checkpoint_seq} covers more"
    )]
    TruncatedAfterCheckpoint {
        /// The highest checkpointed sequence number.
        checkpoint_seq: u64,
        /// The last event stored.
        last_seq: u64,
    },
    /// The checkpoint at `seq` fails its MAC: it was edited, forged, or the key is wrong.
    #[error("checkpoint {seq} failed authentication")]
    BadCheckpoint {
        /// The checkpoint's sequence number as stored.
        seq: u64,
    },
    /// A valid checkpoint names another head hash than the chain has at `checkpoint_seq`: the
    /// chain up to there was rewritten with recomputed hashes.
    #[error("the chain up to checkpoint {checkpoint_seq} was rewritten")]
    Rewritten {
        /// The checkpoint's sequence number.
        checkpoint_seq: u64,
    },
    /// The stored event at or after `seq` cannot be read as an event.
    #[error("event {seq} is unreadable")]
    Malformed {
        /// The sequence number (the expected one when the stored one is unreadable).
        seq: u64,
    },
}

impl Tamper {
    /// The first bad sequence number this names.
    pub fn seq(&self) -> u64 {
        match *self {
            Tamper::Edited { seq }
            | Tamper::Deleted { seq }
            | Tamper::Reordered { seq }
            | Tamper::Inserted { seq }
            | Tamper::BrokenLink { seq }
            | Tamper::BadCheckpoint { seq }
            | Tamper::Malformed { seq } => seq,
            Tamper::TruncatedAfterCheckpoint { last_seq, .. } => last_seq.saturating_add(1),
            Tamper::Rewritten { checkpoint_seq } => checkpoint_seq,
        }
    }
}

/// What a successful verification covered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Events verified, over all streams.
    pub events: u64,
    /// One entry per stream, sorted by stream.
    pub streams: Vec<StreamReport>,
}

/// What a successful verification covered in one stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamReport {
    /// The stream.
    pub stream: StreamId,
    /// Events verified.
    pub events: u64,
    /// The head hash (of event `events`; [`EventHash::GENESIS`] when empty).
    pub head: EventHash,
    /// Checkpoints verified.
    pub checkpoints: u64,
    /// The highest checkpointed sequence number (0 when none).
    pub last_checkpoint_seq: u64,
    /// Events after the last checkpoint: protected by the chain only, so a forged tail
    /// appended after them could not be told apart until the next checkpoint.
    pub unsealed: u64,
}

/// Verifies every stream of `sink`: each event's hash, each link, each checkpoint's MAC and
/// head, and that no checkpoint covers more than is stored.
///
/// Events are streamed, never all held in memory. Checkpoints are read before events, so a
/// log still being appended to verifies cleanly.
///
/// # Errors
///
/// [`Error::Tampered`] naming the stream and the first bad event; a storage error otherwise.
pub async fn verify(sink: &dyn AuditSink, key: &AuditKey) -> Result<VerifyReport> {
    let mut report = VerifyReport::default();
    for stream in sink.streams().await? {
        let stream_report = verify_stream(sink, key, &stream).await?;
        report.events += stream_report.events;
        report.streams.push(stream_report);
    }
    Ok(report)
}

/// Verifies one stream of `sink`, as [`verify`] does for each.
///
/// # Errors
///
/// As [`verify`].
pub async fn verify_stream(
    sink: &dyn AuditSink,
    key: &AuditKey,
    stream: &StreamId,
) -> Result<StreamReport> {
    let mut checkpoints = sink.checkpoints(stream).await?;
    checkpoints.sort_by_key(|checkpoint| checkpoint.seq);
    let tampered = |tamper| Error::Tampered { stream: stream.clone(), tamper };
    let mut walk = Walk {
        stream,
        key,
        checkpoints: &checkpoints,
        next_checkpoint: 0,
        expected: 1,
        prev: EventHash::GENESIS,
        buffer: Vec::with_capacity(512),
        n_checkpoints: 0,
        last_checkpoint_seq: 0,
    };
    let mut cursor =
        Cursor { pages: sink.read_encoded(stream), page: EncodedPage::default(), index: 0 };
    loop {
        match cursor.advance().await {
            Ok(true) => {}
            Ok(false) => break,
            Err(Error::Corrupt { seq, .. }) => {
                return Err(tampered(Tamper::Malformed { seq: seq.unwrap_or(walk.expected) }));
            }
            Err(error) => return Err(error),
        }
        if let Some(tamper) = walk.step(&mut cursor).await {
            return Err(tampered(tamper));
        }
    }
    walk.finish().map_err(tampered)
}

/// The stored events of a stream one at a time, pulled page by page.
struct Cursor {
    pages: EncodedPages,
    page: EncodedPage,
    /// One past the current event.
    index: usize,
}

/// The current event as stored: its sequence number, its hash, its canonical bytes.
struct Current<'a> {
    seq: u64,
    hash: EventHash,
    bytes: &'a [u8],
}

impl Current<'_> {
    /// The hash the event has at sequence number `seq` (its stored one or another).
    fn hash_as(&self, seq: u64, buffer: &mut Vec<u8>) -> EventHash {
        if seq == self.seq {
            return EventHash(Sha256::digest(self.bytes).into());
        }
        buffer.clear();
        buffer.extend_from_slice(self.bytes);
        // The sequence number follows the version byte and the length-prefixed stream id.
        let stream_len = self
            .bytes
            .get(1..5)
            .and_then(|len| <[u8; 4]>::try_from(len).ok())
            .map_or(0, |len| u32::from_be_bytes(len) as usize);
        let at = 5 + stream_len;
        if let Some(slot) = buffer.get_mut(at..at + 8) {
            slot.copy_from_slice(&seq.to_be_bytes());
        }
        EventHash(Sha256::digest(buffer.as_slice()).into())
    }

    /// The previous-event hash the event carries: the last 32 bytes of its encoding.
    fn prev_hash(&self) -> EventHash {
        let start = self.bytes.len().saturating_sub(32);
        EventHash::from_slice(self.bytes.get(start..).unwrap_or_default())
            .unwrap_or(EventHash::GENESIS)
    }
}

impl Cursor {
    /// Moves to the next event; `false` at the end of the stream.
    async fn advance(&mut self) -> Result<bool> {
        while self.index >= self.page.len() {
            match self.pages.next().await {
                Some(page) => {
                    self.page = page?;
                    self.index = 0;
                }
                None => return Ok(false),
            }
        }
        self.index += 1;
        Ok(true)
    }

    fn current(&self) -> Option<Current<'_>> {
        let (seq, hash, bytes) = self.page.get(self.index.checked_sub(1)?)?;
        Some(Current { seq, hash, bytes })
    }
}

struct Walk<'a> {
    stream: &'a StreamId,
    key: &'a AuditKey,
    checkpoints: &'a [Checkpoint],
    next_checkpoint: usize,
    /// The sequence number the next event must have.
    expected: u64,
    /// The hash the next event must link to.
    prev: EventHash,
    buffer: Vec<u8>,
    n_checkpoints: u64,
    last_checkpoint_seq: u64,
}

impl Walk<'_> {
    /// Checks the cursor's current event; `Some` names what is wrong. The cursor is moved on
    /// only to tell a deletion from a reordering, after which the walk stops.
    async fn step(&mut self, cursor: &mut Cursor) -> Option<Tamper> {
        let expected = self.expected;
        let event = cursor.current()?;
        let (seq, hash, prev_hash) = (event.seq, event.hash, event.prev_hash());
        if seq < expected {
            return Some(Tamper::Inserted { seq });
        }
        if seq > expected {
            // Either `expected` is gone or it comes later.
            while let Ok(true) = cursor.advance().await {
                if cursor.current().is_some_and(|later| later.seq == expected) {
                    return Some(Tamper::Reordered { seq: expected });
                }
            }
            return Some(Tamper::Deleted { seq: expected });
        }
        if event.hash_as(expected, &mut self.buffer) != hash {
            return Some(self.classify_mismatch(cursor).await);
        }
        if prev_hash != self.prev {
            return Some(Tamper::BrokenLink { seq: expected });
        }
        self.prev = hash;
        self.expected = expected.saturating_add(1);
        while let Some(checkpoint) = self.checkpoints.get(self.next_checkpoint) {
            if checkpoint.seq > expected {
                break;
            }
            if checkpoint.stream != *self.stream || !checkpoint.is_authentic(self.key) {
                return Some(Tamper::BadCheckpoint { seq: checkpoint.seq });
            }
            if checkpoint.seq < expected {
                // Only a checkpoint at 0 can lie behind the walk, and none is ever written.
                return Some(Tamper::BadCheckpoint { seq: checkpoint.seq });
            }
            if checkpoint.head_hash != hash {
                return Some(Tamper::Rewritten { checkpoint_seq: checkpoint.seq });
            }
            self.n_checkpoints += 1;
            self.last_checkpoint_seq = checkpoint.seq;
            self.next_checkpoint += 1;
        }
        None
    }

    /// The event labelled `expected` does not hash as stored. When it hashes correctly under
    /// a neighbouring sequence number it is a genuine event that was renumbered: events were
    /// swapped, deleted or inserted around it. Otherwise its fields were edited.
    async fn classify_mismatch(&mut self, cursor: &mut Cursor) -> Tamper {
        let expected = self.expected;
        let Some(event) = cursor.current() else { return Tamper::Edited { seq: expected } };
        let hash = event.hash;
        if event.hash_as(expected.saturating_add(1), &mut self.buffer) == hash {
            // This is the next event: is the expected one right behind it?
            if let Ok(true) = cursor.advance().await
                && let Some(next) = cursor.current()
                && next.hash_as(expected, &mut self.buffer) == next.hash
            {
                return Tamper::Reordered { seq: expected };
            }
            return Tamper::Deleted { seq: expected };
        }
        if expected > 1 && event.hash_as(expected - 1, &mut self.buffer) == hash {
            return Tamper::Inserted { seq: expected - 1 };
        }
        Tamper::Edited { seq: expected }
    }

    fn finish(self) -> Result<StreamReport, Tamper> {
        let last_seq = self.expected - 1;
        let beyond = self.checkpoints.get(self.next_checkpoint..).unwrap_or_default();
        for checkpoint in beyond {
            if checkpoint.stream != *self.stream || !checkpoint.is_authentic(self.key) {
                return Err(Tamper::BadCheckpoint { seq: checkpoint.seq });
            }
        }
        if let Some(last) = beyond.last() {
            return Err(Tamper::TruncatedAfterCheckpoint { checkpoint_seq: last.seq, last_seq });
        }
        Ok(StreamReport {
            stream: self.stream.clone(),
            events: last_seq,
            head: self.prev,
            checkpoints: self.n_checkpoints,
            last_checkpoint_seq: self.last_checkpoint_seq,
            unsealed: last_seq - self.last_checkpoint_seq,
        })
    }
}
