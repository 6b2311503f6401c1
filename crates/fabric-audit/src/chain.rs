//! The keyed hash chain: [`EventHash`], the canonical event encoding, and sealing new events.
//!
//! The encoding is specified in `FORMAT.md`; [`AuditEvent::canonical_bytes`] is its reference
//! implementation. An event of format version 2 is hashed with HMAC-SHA-256 under the chain
//! key of the [`AuditKey`], so nobody without the key can add, change or remove an event and
//! recompute the chain; version 1 events (plain SHA-256) are still verified, but only where a
//! checkpoint covers them.

use std::fmt;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};

use crate::event::to_micros;
use crate::{AuditEvent, AuditKey, Detail, Error, NewEvent, Result, StreamId};

/// The first byte of the canonical encoding of events written now: keyed (HMAC) hashes.
pub const EVENT_FORMAT_VERSION: u8 = 2;
/// The first byte of events written before the chain was keyed: plain SHA-256 hashes.
pub const LEGACY_EVENT_FORMAT_VERSION: u8 = 1;

/// Hashes canonical encodings by their version byte: HMAC-SHA-256 under the chain key for
/// version 2, SHA-256 for version 1.
#[derive(Clone)]
pub(crate) struct ChainHasher {
    mac: Hmac<Sha256>,
}

impl ChainHasher {
    pub(crate) fn new(key: &AuditKey) -> Self {
        ChainHasher { mac: key.chain_mac() }
    }

    /// The hash of `encoding`, or `None` when its version byte is unknown.
    pub(crate) fn hash(&self, encoding: &[u8]) -> Option<EventHash> {
        match *encoding.first()? {
            EVENT_FORMAT_VERSION => {
                let mut mac = self.mac.clone();
                mac.update(encoding);
                Some(EventHash(mac.finalize().into_bytes().into()))
            }
            LEGACY_EVENT_FORMAT_VERSION => Some(EventHash(Sha256::digest(encoding).into())),
            _ => None,
        }
    }
}

/// A SHA-256 hash of an event's canonical encoding; shown and stored as 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct EventHash(pub [u8; 32]);

impl EventHash {
    /// The `prev_hash` of the first event of every stream: 32 zero bytes.
    pub const GENESIS: EventHash = EventHash([0; 32]);

    /// Parses 64 hex digits.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for anything else.
    pub fn from_hex(text: &str) -> Result<Self> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes)
            .map_err(|_| Error::InvalidName { what: "hash", reason: "it is not 64 hex digits" })?;
        Ok(EventHash(bytes))
    }

    /// Wraps a 32-byte slice.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] when the slice is not 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::InvalidName { what: "hash", reason: "it is not 32 bytes" })?;
        Ok(EventHash(bytes))
    }

    /// The hash as 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for EventHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for EventHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventHash({})", self.to_hex())
    }
}

impl Serialize for EventHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = [0u8; 64];
        hex::encode_to_slice(self.0, &mut text).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(std::str::from_utf8(&text).map_err(serde::ser::Error::custom)?)
    }
}

impl<'de> Deserialize<'de> for EventHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        EventHash::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// The end of a stream's chain: the last sequence number and its hash (`0` and
/// [`EventHash::GENESIS`] for an empty stream).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    /// The last sequence number (0 when empty).
    pub seq: u64,
    /// The hash of that event.
    pub hash: EventHash,
}

impl Head {
    /// The head of an empty stream.
    pub const EMPTY: Head = Head { seq: 0, hash: EventHash::GENESIS };
}

// Tags of detail values in the canonical encoding.
const TAG_COUNT: u8 = 1;
const TAG_BYTES: u8 = 2;
const TAG_MILLIS: u8 = 3;
const TAG_FLAG: u8 = 4;
const TAG_KEY_ID: u8 = 5;
const TAG_PII_TYPES: u8 = 6;
const TAG_DIGEST: u8 = 7;

pub(crate) fn put_bytes(buffer: &mut Vec<u8>, bytes: &[u8]) {
    // Every field is bounded far below 4 GiB (ids are at most 128 bytes).
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    buffer.extend_from_slice(&len.to_be_bytes());
    buffer.extend_from_slice(bytes);
}

fn put_optional(buffer: &mut Vec<u8>, text: Option<&str>) {
    put_optional_bytes(buffer, text.map(str::as_bytes));
}

pub(crate) fn put_optional_bytes(buffer: &mut Vec<u8>, bytes: Option<&[u8]>) {
    match bytes {
        None => buffer.push(0),
        Some(bytes) => {
            buffer.push(1);
            put_bytes(buffer, bytes);
        }
    }
}

impl AuditEvent {
    /// The canonical, versioned byte encoding the hash is taken over (see `FORMAT.md`).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut buffer = Vec::with_capacity(256);
        self.encode_into(&mut buffer, self.seq);
        buffer
    }

    /// The hash of [`AuditEvent::canonical_bytes`] under `key` (HMAC-SHA-256 for format
    /// version 2, SHA-256 for version 1): equal to [`AuditEvent::hash`] unless the event was
    /// altered or `key` is not the log's.
    pub fn compute_hash(&self, key: &AuditKey) -> EventHash {
        let mut buffer = Vec::with_capacity(256);
        self.hash_with(&ChainHasher::new(key), &mut buffer, self.seq)
    }

    /// The hash the event would have at sequence number `seq`, encoding into `buffer`.
    pub(crate) fn hash_with(
        &self,
        hasher: &ChainHasher,
        buffer: &mut Vec<u8>,
        seq: u64,
    ) -> EventHash {
        buffer.clear();
        self.encode_into(buffer, seq);
        hasher.hash(buffer).unwrap_or(EventHash::GENESIS)
    }

    /// The format version of its encoding (2 for keyed hashes, 1 for legacy SHA-256 ones).
    pub fn format(&self) -> u8 {
        self.format
    }

    /// Appends the canonical encoding, with `seq` in place of the event's own.
    pub(crate) fn encode_into(&self, buffer: &mut Vec<u8>, seq: u64) {
        buffer.push(self.format);
        put_bytes(buffer, self.stream.as_str().as_bytes());
        buffer.extend_from_slice(&seq.to_be_bytes());
        buffer.extend_from_slice(&self.time.timestamp_micros().to_be_bytes());
        put_bytes(buffer, self.operation.as_str().as_bytes());
        put_bytes(buffer, self.status.as_str().as_bytes());
        put_optional(buffer, self.reason.map(|reason| reason.code()));
        put_optional(buffer, self.actor.as_ref().map(|id| id.as_str()));
        put_optional(buffer, self.owner.as_ref().map(|id| id.as_str()));
        put_optional(buffer, self.record_id.as_ref().map(|id| id.as_str()));
        put_optional(buffer, self.request_id.as_ref().map(|id| id.as_str()));
        encode_details(buffer, &self.details);
        buffer.extend_from_slice(&self.prev_hash.0);
    }
}

/// Appends the canonical encoding of details (also the SQLite sink's `details` column).
pub(crate) fn encode_details(buffer: &mut Vec<u8>, details: &crate::Details) {
    let count = u32::try_from(details.len()).unwrap_or(u32::MAX);
    buffer.extend_from_slice(&count.to_be_bytes());
    for (name, value) in details.iter() {
        put_bytes(buffer, name.as_str().as_bytes());
        match value {
            Detail::Count(number) => {
                buffer.push(TAG_COUNT);
                buffer.extend_from_slice(&number.to_be_bytes());
            }
            Detail::Bytes(number) => {
                buffer.push(TAG_BYTES);
                buffer.extend_from_slice(&number.to_be_bytes());
            }
            Detail::Millis(number) => {
                buffer.push(TAG_MILLIS);
                buffer.extend_from_slice(&number.to_be_bytes());
            }
            Detail::Flag(flag) => {
                buffer.push(TAG_FLAG);
                buffer.push(u8::from(*flag));
            }
            Detail::KeyId(key) => {
                buffer.push(TAG_KEY_ID);
                put_bytes(buffer, key.as_str().as_bytes());
            }
            Detail::Digest(digest) => {
                buffer.push(TAG_DIGEST);
                buffer.extend_from_slice(&digest.0);
            }
            Detail::PiiTypes(types) => {
                buffer.push(TAG_PII_TYPES);
                let count = u32::try_from(types.len()).unwrap_or(u32::MAX);
                buffer.extend_from_slice(&count.to_be_bytes());
                for pii_type in types {
                    put_bytes(buffer, pii_type.as_str().as_bytes());
                }
            }
        }
    }
}

/// A reader over canonical bytes; every read is bounds-checked.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

#[cfg_attr(
    not(feature = "sqlite"),
    expect(dead_code, reason = "only the SQLite sink decodes stored bytes")
)]
impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8]> {
        if self.bytes.len() < len {
            return Err(Error::InvalidEvent { reason: "the encoding is truncated" });
        }
        let (head, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(head)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let bytes = self.take(N)?;
        bytes.try_into().map_err(|_| Error::InvalidEvent { reason: "the encoding is truncated" })
    }

    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    #[cfg(test)]
    pub(crate) fn i64(&mut self) -> Result<i64> {
        Ok(i64::from_be_bytes(self.array()?))
    }

    #[cfg(test)]
    pub(crate) fn hash(&mut self) -> Result<EventHash> {
        Ok(EventHash(self.array()?))
    }

    pub(crate) fn text(&mut self) -> Result<&'a str> {
        let len = usize::try_from(self.u32()?).unwrap_or(usize::MAX);
        std::str::from_utf8(self.take(len)?)
            .map_err(|_| Error::InvalidEvent { reason: "a text field is not utf-8" })
    }

    #[cfg(test)]
    pub(crate) fn optional_text(&mut self) -> Result<Option<&'a str>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.text().map(Some),
            _ => Err(Error::InvalidEvent { reason: "an optional field has a bad tag" }),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// Parses the canonical encoding of details.
#[cfg_attr(
    not(feature = "sqlite"),
    expect(dead_code, reason = "only the SQLite sink decodes stored bytes")
)]
pub(crate) fn decode_details(reader: &mut Reader<'_>) -> Result<crate::Details> {
    use crate::{DetailName, KeyName, PiiType};
    let count = reader.u32()?;
    if count as usize > crate::event::MAX_DETAILS {
        return Err(Error::InvalidEvent { reason: "an event has at most 16 details" });
    }
    let mut entries = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let name = DetailName::parse(reader.text()?)?;
        let value = match reader.u8()? {
            TAG_COUNT => Detail::Count(reader.u64()?),
            TAG_BYTES => Detail::Bytes(reader.u64()?),
            TAG_MILLIS => Detail::Millis(reader.u64()?),
            TAG_FLAG => match reader.u8()? {
                0 => Detail::Flag(false),
                1 => Detail::Flag(true),
                _ => return Err(Error::InvalidEvent { reason: "a flag is neither 0 nor 1" }),
            },
            TAG_KEY_ID => Detail::KeyId(KeyName::parse(reader.text()?)?),
            TAG_PII_TYPES => {
                let n_types = reader.u32()?;
                if n_types as usize > crate::event::MAX_PII_TYPES {
                    return Err(Error::InvalidEvent { reason: "too many pii type names" });
                }
                let mut types = Vec::with_capacity(n_types as usize);
                for _ in 0..n_types {
                    types.push(PiiType::parse(reader.text()?).map_err(|error| {
                        Error::InvalidName { what: "pii type", reason: error.reason() }
                    })?);
                }
                Detail::PiiTypes(types)
            }
            TAG_DIGEST => Detail::Digest(EventHash(reader.array()?)),
            _ => return Err(Error::InvalidEvent { reason: "a detail has an unknown tag" }),
        };
        entries.push((name, value));
    }
    // The encoding is canonical only with names strictly ascending.
    if entries.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
        return Err(Error::InvalidEvent { reason: "details are not sorted by name" });
    }
    Ok(crate::Details::from_entries(entries))
}

/// Decodes a canonical encoding back into an event carrying `hash` as its stored hash.
///
/// Strict: only bytes [`AuditEvent::canonical_bytes`] could have produced are accepted.
#[cfg(test)]
pub(crate) fn decode_event(bytes: &[u8], hash: EventHash) -> Result<AuditEvent> {
    use crate::{Id, Operation, Reason, Status};
    let bad = |reason| Error::InvalidEvent { reason };
    let mut reader = Reader::new(bytes);
    let format = reader.u8()?;
    if format != EVENT_FORMAT_VERSION && format != LEGACY_EVENT_FORMAT_VERSION {
        return Err(bad("unknown format version"));
    }
    let stream = StreamId::parse(reader.text()?)?;
    let seq = reader.u64()?;
    let time = DateTime::from_timestamp_micros(reader.i64()?).ok_or(bad("time out of range"))?;
    let operation = Operation::from_name(reader.text()?).ok_or(bad("unknown operation"))?;
    let status = Status::from_name(reader.text()?).ok_or(bad("unknown status"))?;
    let reason = match reader.optional_text()? {
        None => None,
        Some(code) => Some(Reason::from_code(code).ok_or(bad("unknown reason"))?),
    };
    let mut id = || -> Result<Option<Id>> { reader.optional_text()?.map(Id::parse).transpose() };
    let actor = id()?;
    let owner = id()?;
    let record_id = id()?;
    let request_id = id()?;
    let details = decode_details(&mut reader)?;
    let prev_hash = reader.hash()?;
    if !reader.is_empty() {
        return Err(bad("trailing bytes"));
    }
    Ok(AuditEvent {
        stream,
        seq,
        time,
        actor,
        owner,
        operation,
        record_id,
        status,
        reason,
        request_id,
        details,
        prev_hash,
        hash,
        format,
    })
}

/// Gives new events their places after `head` in `stream`: sequence numbers, links and keyed
/// hashes (format version [`EVENT_FORMAT_VERSION`]).
///
/// Sinks call this inside their append critical section, with the head they just read.
pub fn seal(
    key: &AuditKey,
    stream: &StreamId,
    head: Head,
    events: impl IntoIterator<Item = NewEvent>,
) -> Result<Vec<AuditEvent>> {
    let events = events.into_iter();
    let mut sealed = Vec::with_capacity(events.size_hint().0);
    let mut buffer = Vec::with_capacity(256);
    let hasher = ChainHasher::new(key);
    let mut prev = head;
    let now = to_micros(Utc::now());
    for new in events {
        new.validate()?;
        let seq = prev
            .seq
            .checked_add(1)
            .ok_or(Error::InvalidEvent { reason: "the stream has no sequence numbers left" })?;
        let mut event = AuditEvent {
            stream: stream.clone(),
            seq,
            time: new.time.map(to_micros).unwrap_or(now),
            actor: new.actor,
            owner: new.owner,
            operation: new.operation,
            record_id: new.record_id,
            status: new.status,
            reason: new.reason,
            request_id: new.request_id,
            details: new.details,
            prev_hash: prev.hash,
            hash: EventHash::GENESIS,
            format: EVENT_FORMAT_VERSION,
        };
        event.hash = event.hash_with(&hasher, &mut buffer, seq);
        prev = Head { seq, hash: event.hash };
        sealed.push(event);
    }
    Ok(sealed)
}

/// A time kept to the microsecond, as every stored time is.
#[cfg_attr(
    not(feature = "sqlite"),
    expect(dead_code, reason = "only the SQLite sink decodes stored bytes")
)]
pub(crate) fn time_from_micros(micros: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros(micros)
}

#[cfg(test)]
mod tests;
