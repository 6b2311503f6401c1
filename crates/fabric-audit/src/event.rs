//! [`AuditEvent`] and its parts: [`Operation`], [`Status`], [`Reason`], [`Detail`].
//!
//! An event has no free-text field: ids are [`Id`]s, the reason is a closed enum and every
//! detail is a number, a flag, a key id or a list of PII type names.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use fabric_types::NameRule;

use crate::{DetailName, Error, EventHash, Id, KeyName, PiiType, Result, StreamId};

/// Most entries one event's [`Details`] may hold.
pub const MAX_DETAILS: usize = 16;
/// Most PII type names one [`Detail::PiiTypes`] may hold.
pub const MAX_PII_TYPES: usize = 32;

mod codes;
pub use codes::{FieldName, Operation, Reason, Status};

/// One non-secret fact about an operation.
///
/// Serialised as `{"count": 3}`, `{"key_id": "k3fa9c1d2e4b6"}`, `{"pii_types": ["EMAIL"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Detail {
    /// A number of things (records, results, matches).
    Count(u64),
    /// A size in bytes.
    Bytes(u64),
    /// A duration in milliseconds.
    Millis(u64),
    /// A yes/no fact.
    Flag(bool),
    /// The id (fingerprint) of a key, never the key.
    KeyId(KeyName),
    /// Names of PII kinds (at most [`MAX_PII_TYPES`]), never PII values.
    PiiTypes(Vec<PiiType>),
    /// A SHA-256 digest of stored bytes (a record's sealed frame: ciphertext, never content),
    /// so that a record rolled back to older stored bytes can be told from the latest ones.
    Digest(EventHash),
}

/// The details of an event: at most [`MAX_DETAILS`] entries, kept sorted by name, one per name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details(Vec<(DetailName, Detail)>);

impl Details {
    /// The entries, sorted by name.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&DetailName, &Detail)> {
        self.0.iter().map(|(name, value)| (name, value))
    }

    /// The value under `name`.
    pub fn get(&self, name: &DetailName) -> Option<&Detail> {
        self.0
            .binary_search_by(|(entry, _)| entry.cmp(name))
            .ok()
            .and_then(|index| self.0.get(index))
            .map(|(_, value)| value)
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sets `name` to `value`, replacing an earlier value.
    pub(crate) fn insert(&mut self, name: DetailName, value: Detail) {
        match self.0.binary_search_by(|(entry, _)| entry.cmp(&name)) {
            Ok(index) => {
                if let Some(slot) = self.0.get_mut(index) {
                    slot.1 = value;
                }
            }
            Err(index) => self.0.insert(index, (name, value)),
        }
    }

    /// Builds details from entries in any order; a later duplicate replaces an earlier one.
    pub(crate) fn from_entries(entries: impl IntoIterator<Item = (DetailName, Detail)>) -> Self {
        let mut details = Details::default();
        for (name, value) in entries {
            details.insert(name, value);
        }
        details
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if self.0.len() > MAX_DETAILS {
            return Err(Error::InvalidEvent { reason: "an event has at most 16 details" });
        }
        for (_, value) in &self.0 {
            let Detail::PiiTypes(types) = value else { continue };
            if types.len() > MAX_PII_TYPES {
                return Err(Error::InvalidEvent {
                    reason: "a pii_types detail has at most 32 names",
                });
            }
            // `PiiType::Custom` can be built from any text: only names of the rule are logged.
            if !types.iter().all(|pii_type| NameRule::PII_TYPE.allows(pii_type.as_str())) {
                return Err(Error::InvalidEvent { reason: "a pii type name is not a valid name" });
            }
        }
        Ok(())
    }
}

impl Serialize for Details {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, value)| (name, value)))
    }
}

impl<'de> Deserialize<'de> for Details {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<DetailName, Detail>::deserialize(deserializer)?;
        let details = Details(map.into_iter().collect());
        details.validate().map_err(serde::de::Error::custom)?;
        Ok(details)
    }
}

/// An event being built, before the log gives it a place in a stream.
///
/// Made by [`AuditEvent::new`]; every setter takes an already validated value, so an event
/// cannot carry free text.
///
/// ```
/// use fabric_audit::{AuditEvent, Detail, DetailName, Id, Operation, Status};
///
/// # fn main() -> Result<(), fabric_audit::Error> {
/// let event = AuditEvent::new(Operation::Store, Status::Success)
///     .actor(Id::parse("svc:ingest")?)
///     .owner(Id::parse("alice")?)
///     .record(Id::parse("01J9ZK3C2Y")?)
///     .detail(DetailName::SIZE, Detail::Bytes(512));
/// assert_eq!(event.operation(), Operation::Store);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub(crate) time: Option<DateTime<Utc>>,
    pub(crate) actor: Option<Id>,
    pub(crate) owner: Option<Id>,
    pub(crate) operation: Operation,
    pub(crate) record_id: Option<Id>,
    pub(crate) status: Status,
    pub(crate) reason: Option<Reason>,
    pub(crate) request_id: Option<Id>,
    pub(crate) details: Details,
}

impl NewEvent {
    /// The new event a sealed one was made from, with its time: what is sealed again after
    /// another head when a writer lost a race.
    pub(crate) fn unsealed(event: AuditEvent) -> Self {
        NewEvent {
            time: Some(event.time),
            actor: event.actor,
            owner: event.owner,
            operation: event.operation,
            record_id: event.record_id,
            status: event.status,
            reason: event.reason,
            request_id: event.request_id,
            details: event.details,
        }
    }

    /// Sets the principal that acted.
    #[must_use]
    pub fn actor(mut self, actor: Id) -> Self {
        self.actor = Some(actor);
        self
    }

    /// Sets the owner whose data was touched.
    #[must_use]
    pub fn owner(mut self, owner: Id) -> Self {
        self.owner = Some(owner);
        self
    }

    /// Sets the record touched.
    #[must_use]
    pub fn record(mut self, record_id: Id) -> Self {
        self.record_id = Some(record_id);
        self
    }

    /// Sets why it failed or was denied.
    #[must_use]
    pub fn reason(mut self, reason: Reason) -> Self {
        self.reason = Some(reason);
        self
    }

    /// Sets the request (correlation) id.
    #[must_use]
    pub fn request(mut self, request_id: Id) -> Self {
        self.request_id = Some(request_id);
        self
    }

    /// Adds a detail, replacing an earlier one of the same name.
    ///
    /// More than [`MAX_DETAILS`] entries are refused when the event is appended.
    #[must_use]
    pub fn detail(mut self, name: DetailName, value: Detail) -> Self {
        self.details.insert(name, value);
        self
    }

    /// Sets the event time; by default the log stamps the time of the append.
    ///
    /// Times are kept to the microsecond.
    #[must_use]
    pub fn at(mut self, time: DateTime<Utc>) -> Self {
        self.time = Some(time);
        self
    }

    /// The operation.
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Checks the limits the setters cannot enforce alone.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidEvent`] with too many details or PII type names.
    pub fn validate(&self) -> Result<()> {
        self.details.validate()
    }
}

/// One audit event as stored: what was done, by whom, to what, how it ended, and its place in
/// its stream's hash chain.
///
/// It holds ids, codes and typed details only; see the crate docs for what is never in it. A
/// stored event with fields it does not define is refused, so no text rides along in a log
/// file (the hash covers only the fields above).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEvent {
    pub(crate) stream: StreamId,
    pub(crate) seq: u64,
    #[serde(with = "micros")]
    pub(crate) time: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) actor: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) owner: Option<Id>,
    pub(crate) operation: Operation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) record_id: Option<Id>,
    pub(crate) status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<Reason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) request_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Details::is_empty")]
    pub(crate) details: Details,
    pub(crate) prev_hash: EventHash,
    pub(crate) hash: EventHash,
    /// The canonical encoding's version: absent in events written before version 2.
    #[serde(default = "legacy_format")]
    pub(crate) format: u8,
}

fn legacy_format() -> u8 {
    crate::chain::LEGACY_EVENT_FORMAT_VERSION
}

impl AuditEvent {
    /// Starts an event; the log assigns stream, sequence number, time and hashes on append.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(operation: Operation, status: Status) -> NewEvent {
        NewEvent {
            time: None,
            actor: None,
            owner: None,
            operation,
            record_id: None,
            status,
            reason: None,
            request_id: None,
            details: Details::default(),
        }
    }

    /// The writer stream the event belongs to.
    pub fn stream(&self) -> &StreamId {
        &self.stream
    }

    /// Its position in the stream, from 1.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// When it was appended (or the time set with [`NewEvent::at`]), to the microsecond.
    pub fn time(&self) -> DateTime<Utc> {
        self.time
    }

    /// The principal that acted.
    pub fn actor(&self) -> Option<&Id> {
        self.actor.as_ref()
    }

    /// The owner whose data was touched.
    pub fn owner(&self) -> Option<&Id> {
        self.owner.as_ref()
    }

    /// What was done.
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The record touched.
    pub fn record_id(&self) -> Option<&Id> {
        self.record_id.as_ref()
    }

    /// How it ended.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Why it failed or was denied.
    pub fn reason(&self) -> Option<Reason> {
        self.reason
    }

    /// The request (correlation) id.
    pub fn request_id(&self) -> Option<&Id> {
        self.request_id.as_ref()
    }

    /// The non-secret facts.
    pub fn details(&self) -> &Details {
        &self.details
    }

    /// The hash of the previous event of the stream (all zeros for the first).
    pub fn prev_hash(&self) -> &EventHash {
        &self.prev_hash
    }

    /// This event's hash as stored (see [`AuditEvent::compute_hash`] for the recomputed one).
    pub fn hash(&self) -> &EventHash {
        &self.hash
    }
}

/// Serde for times as RFC 3339 text with microseconds.
mod micros {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        time: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Micros, true))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        let time = DateTime::parse_from_rfc3339(&text).map_err(serde::de::Error::custom)?;
        let micros = time.timestamp_micros();
        DateTime::from_timestamp_micros(micros)
            .ok_or_else(|| serde::de::Error::custom("time out of range"))
    }
}

/// Truncates a time to the microsecond, the precision events keep.
pub(crate) fn to_micros(time: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(time.timestamp_micros()).unwrap_or(time)
}

#[cfg(test)]
mod tests;
