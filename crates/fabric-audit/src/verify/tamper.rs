//! [`Tamper`]: what verification names, and where.

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
    /// The stream has events but no checkpoint: its checkpoints were deleted (every writer
    /// checkpoints its first append to a stream).
    #[error("the stream has {events} events but no checkpoint")]
    NoCheckpoint {
        /// How many events are stored.
        events: u64,
    },
    /// Event `seq` has an unkeyed (format version 1) hash where no checkpoint vouches for it:
    /// after keyed events, or after the last checkpoint. Anyone could have written it.
    #[error("event {seq} is unkeyed and no checkpoint covers it")]
    Unkeyed {
        /// The sequence number.
        seq: u64,
    },
    /// Event `seq` follows the checkpoint with which the writer closed the stream, and no
    /// later checkpoint covers it: a later writer's checkpoints were removed.
    #[error("event {seq} follows the checkpoint that closed the stream, unsealed")]
    AfterClose {
        /// The first event after the closing checkpoint.
        seq: u64,
    },
    /// Events from `seq` on were removed from storage while a writer was appending after them.
    #[error("events from {seq} on were removed from storage under the writer")]
    Removed {
        /// The first removed sequence number.
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
            | Tamper::Malformed { seq }
            | Tamper::Unkeyed { seq }
            | Tamper::AfterClose { seq }
            | Tamper::Removed { seq } => seq,
            Tamper::NoCheckpoint { .. } => 1,
            Tamper::TruncatedAfterCheckpoint { last_seq, .. } => last_seq.saturating_add(1),
            Tamper::Rewritten { checkpoint_seq } => checkpoint_seq,
        }
    }
}
