//! [`verify`]: walks every stream, checks every keyed hash, link and checkpoint, names the
//! first bad event.

use futures::StreamExt as _;

use crate::chain::{ChainHasher, EVENT_FORMAT_VERSION, Head, LEGACY_EVENT_FORMAT_VERSION};
use crate::sink::{AuditSink, EncodedPage, EncodedPages};
use crate::{AuditKey, Checkpoint, Error, EventHash, Result, StreamId};

mod tamper;
pub use tamper::Tamper;

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
    /// Events after the last checkpoint: keyed, so nobody without the key can forge or edit
    /// them, but a truncation back to the last checkpoint would not show.
    pub unsealed: u64,
    /// Whether the last checkpoint closed the stream (its writer shut down cleanly).
    pub closed: bool,
    /// Checkpoints given from outside the store (`verify --since`, a witness) that the stream
    /// still extends.
    pub anchors: u64,
}

/// Verifies every stream of `sink`: each event's keyed hash, each link, each checkpoint's MAC
/// and head, that no checkpoint covers more than is stored, that a stream with events has a
/// checkpoint, that unkeyed (version 1) events are covered by one, and that nothing follows a
/// closing checkpoint unsealed.
///
/// Events are streamed, never all held in memory. Checkpoints are read before events, so a
/// log still being appended to verifies cleanly.
///
/// # Errors
///
/// [`Error::Tampered`] naming the stream and the first bad event; a storage error otherwise.
pub async fn verify(sink: &dyn AuditSink, key: &AuditKey) -> Result<VerifyReport> {
    verify_with(sink, key, &[]).await
}

/// Verifies as [`verify`] does, and also that the log still extends every checkpoint of
/// `anchors`: checkpoints kept outside the store (printed by `fabric audit checkpoint`, or
/// copied to a witness). A stream cut back before an anchor, or deleted whole, is named.
///
/// # Errors
///
/// As [`verify`]; an anchor that fails its MAC is [`Tamper::BadCheckpoint`].
pub async fn verify_with(
    sink: &dyn AuditSink,
    key: &AuditKey,
    anchors: &[Checkpoint],
) -> Result<VerifyReport> {
    let mut streams = sink.streams().await?;
    streams.extend(anchors.iter().map(|anchor| anchor.stream.clone()));
    streams.sort();
    streams.dedup();
    let mut report = VerifyReport::default();
    for stream in streams {
        let own: Vec<Checkpoint> =
            anchors.iter().filter(|anchor| anchor.stream == stream).cloned().collect();
        let stream_report = verify_stream_with(sink, key, &stream, &own).await?;
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
    verify_stream_with(sink, key, stream, &[]).await
}

async fn verify_stream_with(
    sink: &dyn AuditSink,
    key: &AuditKey,
    stream: &StreamId,
    anchors: &[Checkpoint],
) -> Result<StreamReport> {
    let mut checkpoints = sink.checkpoints(stream).await?;
    let stored_checkpoints = checkpoints.len();
    // Not one checkpoint authentic: the key is wrong (or every checkpoint was forged); say so
    // rather than naming the first event, which no wrong key verifies either.
    if let Some(first) = checkpoints.first()
        && !checkpoints.iter().any(|checkpoint| checkpoint.is_authentic(key))
    {
        return Err(Error::Tampered {
            stream: stream.clone(),
            tamper: Tamper::BadCheckpoint { seq: first.seq },
        });
    }
    checkpoints.extend_from_slice(anchors);
    checkpoints.sort_by_key(|checkpoint| checkpoint.seq);
    let tampered = |tamper| Error::Tampered { stream: stream.clone(), tamper };
    let mut walk = Walk::new(stream, key, &checkpoints, None);
    if let Some(tamper) = walk.walk(sink.read_encoded(stream)).await? {
        return Err(tampered(tamper));
    }
    let report = walk.finish().map_err(tampered)?;
    if report.events > 0 && stored_checkpoints == 0 {
        return Err(tampered(Tamper::NoCheckpoint { events: report.events }));
    }
    // Every anchor was matched against the chain, or the walk would have failed.
    Ok(StreamReport { anchors: anchors.len() as u64, ..report })
}

/// Verifies the chain of `stream` from `from` (the last stored checkpoint, `None` for the
/// start) to the end of the stream, with `pending` (checkpoints about to be stored) among the
/// checkpoints to match, and `remembered` (a writer's last head) on it; what a writer does
/// before it stores a checkpoint.
///
/// # Errors
///
/// [`Error::Tampered`] naming what is wrong; a storage error when the stream cannot be read.
pub(crate) async fn verify_segment(
    sink: &dyn AuditSink,
    key: &AuditKey,
    stream: &StreamId,
    from: Option<&Checkpoint>,
    pending: &[Checkpoint],
    remembered: Option<Head>,
) -> Result<Head> {
    let tampered = |tamper| Error::Tampered { stream: stream.clone(), tamper };
    let mut checkpoints = pending.to_vec();
    if let Some(from) = from {
        if from.stream != *stream || !from.is_authentic(key) {
            return Err(tampered(Tamper::BadCheckpoint { seq: from.seq }));
        }
        // The walk starts at the checkpointed event itself, so a removed or replaced head is
        // named too.
        checkpoints.push(from.clone());
    }
    checkpoints.sort_by_key(|checkpoint| checkpoint.seq);
    let start = from.map_or(0, |from| from.seq.saturating_sub(1));
    let mut walk = Walk::new(stream, key, &checkpoints, from);
    walk.keyed_only = true;
    walk.remembered = remembered;
    if let Some(tamper) = walk.walk(sink.read_encoded_after(stream, start)).await? {
        return Err(tampered(tamper));
    }
    walk.finish_segment().map_err(tampered)
}

/// The keyed hash of event `seq` of `stream` as stored, when it is there and hashes right.
///
/// # Errors
///
/// A storage error when the stream cannot be read.
pub(crate) async fn hash_at(
    sink: &dyn AuditSink,
    key: &AuditKey,
    stream: &StreamId,
    seq: u64,
) -> Result<Option<EventHash>> {
    let hasher = ChainHasher::new(key);
    let mut cursor = Cursor {
        pages: sink.read_encoded_after(stream, seq.saturating_sub(1)),
        page: EncodedPage::default(),
        index: 0,
    };
    let mut buffer = Vec::new();
    loop {
        match cursor.advance().await {
            Ok(true) => {}
            Ok(false) | Err(Error::Corrupt { .. }) => return Ok(None),
            Err(error) => return Err(error),
        }
        let Some(event) = cursor.current() else { return Ok(None) };
        if event.seq >= seq {
            let authentic =
                event.seq == seq && event.hash_as(&hasher, seq, &mut buffer) == Some(event.hash);
            return Ok(authentic.then_some(event.hash));
        }
    }
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
    /// The hash the event has at sequence number `seq` (its stored one or another); `None`
    /// for an unknown format version.
    fn hash_as(&self, hasher: &ChainHasher, seq: u64, buffer: &mut Vec<u8>) -> Option<EventHash> {
        if seq == self.seq {
            return hasher.hash(self.bytes);
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
        hasher.hash(buffer)
    }

    /// The format version byte.
    fn format(&self) -> u8 {
        self.bytes.first().copied().unwrap_or(0)
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
    hasher: ChainHasher,
    checkpoints: &'a [Checkpoint],
    next_checkpoint: usize,
    /// The sequence number the next event must have.
    expected: u64,
    /// The hash the next event must link to.
    prev: EventHash,
    buffer: Vec<u8>,
    n_checkpoints: u64,
    last_checkpoint_seq: u64,
    last_checkpoint_closed: bool,
    /// Whether a keyed (version 2) event was seen: no unkeyed one may follow.
    keyed_seen: bool,
    /// The first unkeyed event after the last checkpoint matched so far.
    first_unkeyed_unsealed: Option<u64>,
    /// Whether every unkeyed event is refused (a writer's walk: its own checkpoints must not
    /// vouch for events anyone could have written).
    keyed_only: bool,
    /// Whether the first event's link is taken on trust: a walk from a checkpoint starts at
    /// the checkpointed event, whose predecessor it does not read (and which the checkpoint
    /// vouches for, so it may be an unkeyed one of an older log).
    trust_first_link: bool,
    /// A head that must be on the chain (a writer's last stored one).
    remembered: Option<Head>,
}

impl<'a> Walk<'a> {
    /// A walk over `checkpoints`, from the start of the stream or from the event of checkpoint
    /// `from` (which must be among `checkpoints`).
    fn new(
        stream: &'a StreamId,
        key: &'a AuditKey,
        checkpoints: &'a [Checkpoint],
        from: Option<&Checkpoint>,
    ) -> Self {
        Walk {
            stream,
            key,
            hasher: ChainHasher::new(key),
            checkpoints,
            next_checkpoint: 0,
            expected: from.map_or(1, |from| from.seq.max(1)),
            prev: EventHash::GENESIS,
            buffer: Vec::with_capacity(512),
            n_checkpoints: 0,
            last_checkpoint_seq: 0,
            last_checkpoint_closed: false,
            keyed_seen: false,
            first_unkeyed_unsealed: None,
            keyed_only: false,
            trust_first_link: from.is_some(),
            remembered: None,
        }
    }

    /// Walks every event of `pages`; `Some` names the first thing wrong. A storage failure
    /// is an error, not tampering.
    async fn walk(&mut self, pages: EncodedPages) -> Result<Option<Tamper>> {
        let mut cursor = Cursor { pages, page: EncodedPage::default(), index: 0 };
        loop {
            match cursor.advance().await {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(Error::Corrupt { seq, .. }) => {
                    return Ok(Some(Tamper::Malformed { seq: seq.unwrap_or(self.expected) }));
                }
                Err(error) => return Err(error),
            }
            if let Some(tamper) = self.step(&mut cursor).await {
                return Ok(Some(tamper));
            }
        }
    }

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
        let format = event.format();
        if event.hash_as(&self.hasher, expected, &mut self.buffer) != Some(hash) {
            return Some(self.classify_mismatch(cursor).await);
        }
        let trusted = std::mem::take(&mut self.trust_first_link);
        if prev_hash != self.prev && !trusted {
            return Some(Tamper::BrokenLink { seq: expected });
        }
        if let Some(remembered) = self.remembered
            && remembered.seq == expected
            && remembered.hash != hash
        {
            return Some(Tamper::Removed { seq: expected });
        }
        match format {
            EVENT_FORMAT_VERSION => self.keyed_seen = true,
            LEGACY_EVENT_FORMAT_VERSION if self.keyed_seen || (self.keyed_only && !trusted) => {
                return Some(Tamper::Unkeyed { seq: expected });
            }
            _ => {
                if self.first_unkeyed_unsealed.is_none() {
                    self.first_unkeyed_unsealed = Some(expected);
                }
            }
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
            // Several checkpoints may cover one head (a flush, then the close): the stream is
            // closed there if any of them says so, whatever order they are stored in.
            let same_head = self.n_checkpoints > 0 && self.last_checkpoint_seq == checkpoint.seq;
            self.last_checkpoint_closed =
                checkpoint.closed || (same_head && self.last_checkpoint_closed);
            self.n_checkpoints += 1;
            self.last_checkpoint_seq = checkpoint.seq;
            self.first_unkeyed_unsealed = None;
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
        let hash = Some(event.hash);
        if event.hash_as(&self.hasher, expected.saturating_add(1), &mut self.buffer) == hash {
            // This is the next event: is the expected one right behind it?
            if let Ok(true) = cursor.advance().await
                && let Some(next) = cursor.current()
                && next.hash_as(&self.hasher, expected, &mut self.buffer) == Some(next.hash)
            {
                return Tamper::Reordered { seq: expected };
            }
            return Tamper::Deleted { seq: expected };
        }
        if expected > 1 && event.hash_as(&self.hasher, expected - 1, &mut self.buffer) == hash {
            return Tamper::Inserted { seq: expected - 1 };
        }
        Tamper::Edited { seq: expected }
    }

    /// Checks what lies beyond the last event: checkpoints covering more than is stored.
    fn check_beyond(&self) -> Result<(), Tamper> {
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
        Ok(())
    }

    /// The end of a writer's walk: the verified head.
    fn finish_segment(self) -> Result<Head, Tamper> {
        self.check_beyond()?;
        if let Some(remembered) = self.remembered
            && remembered.seq >= self.expected
        {
            return Err(Tamper::Removed { seq: self.expected });
        }
        Ok(Head { seq: self.expected - 1, hash: self.prev })
    }

    fn finish(self) -> Result<StreamReport, Tamper> {
        self.check_beyond()?;
        let last_seq = self.expected - 1;
        if let Some(seq) = self.first_unkeyed_unsealed {
            return Err(Tamper::Unkeyed { seq });
        }
        let unsealed = last_seq - self.last_checkpoint_seq;
        if self.last_checkpoint_closed && unsealed > 0 {
            return Err(Tamper::AfterClose { seq: self.last_checkpoint_seq + 1 });
        }
        Ok(StreamReport {
            stream: self.stream.clone(),
            events: last_seq,
            head: self.prev,
            checkpoints: self.n_checkpoints,
            last_checkpoint_seq: self.last_checkpoint_seq,
            unsealed,
            closed: self.last_checkpoint_closed,
            anchors: 0,
        })
    }
}
