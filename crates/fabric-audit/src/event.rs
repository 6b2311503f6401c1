//! [`AuditEvent`] and its parts: [`Operation`], [`Status`], [`Reason`], [`Detail`].
//!
//! An event has no free-text field: ids are [`Id`]s, the reason is a closed enum and every
//! detail is a number, a flag, a key id or a list of PII type names.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{DetailName, Error, EventHash, Id, KeyName, PiiType, Result, StreamId};

/// Most entries one event's [`Details`] may hold.
pub const MAX_DETAILS: usize = 16;
/// Most PII type names one [`Detail::PiiTypes`] may hold.
pub const MAX_PII_TYPES: usize = 32;

macro_rules! code_enum {
    (
        $(#[$doc:meta])*
        $name:ident { $( $(#[$vdoc:meta])* $variant:ident => $code:literal ),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable `snake_case` code written to storage and hashed.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $code, )+
                }
            }

            /// Parses a code written by [`Self::as_str`].
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $( $code => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                $name::from_code(&code)
                    .ok_or_else(|| serde::de::Error::custom(concat!("unknown ", stringify!($name))))
            }
        }
    };
}

code_enum! {
    /// What was done.
    Operation {
        /// A record was stored.
        Store => "store",
        /// A record was read.
        Retrieve => "retrieve",
        /// Records were listed.
        List => "list",
        /// A record was deleted.
        Delete => "delete",
        /// Records were recalled by relevance.
        Recall => "recall",
        /// Records were exported.
        Export => "export",
        /// Records were imported.
        Import => "import",
        /// Storage was compacted.
        Compact => "compact",
        /// Keys were rotated.
        RotateKeys => "rotate_keys",
        /// An owner's data was crypto-shredded.
        Shred => "shred",
        /// A principal tried to authenticate.
        Authenticate => "authenticate",
        /// The audit log itself was read.
        ReadAudit => "read_audit",
        /// API keys were created, listed or revoked.
        ManageKeys => "manage_keys",
    }
}

code_enum! {
    /// How it ended.
    Status {
        /// It was done.
        Success => "success",
        /// It was allowed but failed.
        Failure => "failure",
        /// It was refused (authentication, permission or policy).
        Denied => "denied",
    }
}

code_enum! {
    /// Which input a [`Reason::InvalidInput`] refers to (a field name, never its value).
    FieldName {
        /// The acting principal.
        Actor => "actor",
        /// The owner.
        Owner => "owner",
        /// The record id.
        RecordId => "record_id",
        /// The request id.
        RequestId => "request_id",
        /// The record content.
        Content => "content",
        /// The record metadata.
        Metadata => "metadata",
        /// The tags.
        Tags => "tags",
        /// A recall query.
        Query => "query",
        /// A list or recall filter.
        Filter => "filter",
        /// A result limit.
        Limit => "limit",
        /// A time or time range.
        Time => "time",
        /// A key or key id.
        Key => "key",
        /// A credential (API key, token, password).
        Credential => "credential",
        /// A request body as a whole.
        Body => "body",
        /// A configuration value.
        Config => "config",
        /// An import or export file.
        File => "file",
    }
}

/// Why an operation failed or was denied: a closed set of codes, never a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// The record (or owner, or key) does not exist.
    NotFound,
    /// Something with that id already exists.
    AlreadyExists,
    /// A concurrent change won; retry.
    Conflict,
    /// The credentials were missing, wrong, expired or revoked.
    AuthenticationFailed,
    /// The principal may not do this.
    PermissionDenied,
    /// An input was refused; `field` says which.
    InvalidInput {
        /// Which input.
        field: FieldName,
    },
    /// The PII policy refused the content.
    PolicyViolation,
    /// A request or record was larger than allowed.
    TooLarge,
    /// Too many requests.
    RateLimited,
    /// Stored data failed authentication (wrong key or tampering).
    IntegrityFailure,
    /// The storage backend failed.
    StorageFailure,
    /// The operation took too long.
    Timeout,
    /// The caller went away.
    Cancelled,
    /// An internal error.
    Internal,
}

const INVALID_INPUT_PREFIX: &str = "invalid_input:";

impl Reason {
    /// The stable code written to storage and hashed (`not_found`, `invalid_input:owner`).
    pub fn code(self) -> &'static str {
        match self {
            Reason::NotFound => "not_found",
            Reason::AlreadyExists => "already_exists",
            Reason::Conflict => "conflict",
            Reason::AuthenticationFailed => "authentication_failed",
            Reason::PermissionDenied => "permission_denied",
            Reason::InvalidInput { field } => invalid_input_code(field),
            Reason::PolicyViolation => "policy_violation",
            Reason::TooLarge => "too_large",
            Reason::RateLimited => "rate_limited",
            Reason::IntegrityFailure => "integrity_failure",
            Reason::StorageFailure => "storage_failure",
            Reason::Timeout => "timeout",
            Reason::Cancelled => "cancelled",
            Reason::Internal => "internal",
        }
    }

    /// Parses a code written by [`Reason::code`].
    pub fn from_code(code: &str) -> Option<Reason> {
        if let Some(field) = code.strip_prefix(INVALID_INPUT_PREFIX) {
            return FieldName::from_code(field).map(|field| Reason::InvalidInput { field });
        }
        Some(match code {
            "not_found" => Reason::NotFound,
            "already_exists" => Reason::AlreadyExists,
            "conflict" => Reason::Conflict,
            "authentication_failed" => Reason::AuthenticationFailed,
            "permission_denied" => Reason::PermissionDenied,
            "policy_violation" => Reason::PolicyViolation,
            "too_large" => Reason::TooLarge,
            "rate_limited" => Reason::RateLimited,
            "integrity_failure" => Reason::IntegrityFailure,
            "storage_failure" => Reason::StorageFailure,
            "timeout" => Reason::Timeout,
            "cancelled" => Reason::Cancelled,
            "internal" => Reason::Internal,
            _ => return None,
        })
    }
}

fn invalid_input_code(field: FieldName) -> &'static str {
    match field {
        FieldName::Actor => "invalid_input:actor",
        FieldName::Owner => "invalid_input:owner",
        FieldName::RecordId => "invalid_input:record_id",
        FieldName::RequestId => "invalid_input:request_id",
        FieldName::Content => "invalid_input:content",
        FieldName::Metadata => "invalid_input:metadata",
        FieldName::Tags => "invalid_input:tags",
        FieldName::Query => "invalid_input:query",
        FieldName::Filter => "invalid_input:filter",
        FieldName::Limit => "invalid_input:limit",
        FieldName::Time => "invalid_input:time",
        FieldName::Key => "invalid_input:key",
        FieldName::Credential => "invalid_input:credential",
        FieldName::Body => "invalid_input:body",
        FieldName::Config => "invalid_input:config",
        FieldName::File => "invalid_input:file",
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Reason::from_code(&code).ok_or_else(|| serde::de::Error::custom("unknown reason"))
    }
}

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
            if let Detail::PiiTypes(types) = value
                && types.len() > MAX_PII_TYPES
            {
                return Err(Error::InvalidEvent {
                    reason: "a pii_types detail has at most 32 names",
                });
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
/// It holds ids, codes and typed details only; see the crate docs for what is never in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for operation in Operation::ALL {
            assert_eq!(Operation::from_code(operation.as_str()), Some(*operation));
        }
        for field in FieldName::ALL {
            let reason = Reason::InvalidInput { field: *field };
            assert_eq!(Reason::from_code(reason.code()), Some(reason));
            assert_eq!(reason.code(), format!("invalid_input:{}", field.as_str()));
        }
        assert_eq!(Reason::from_code("not_found"), Some(Reason::NotFound));
        assert_eq!(Reason::from_code("invalid_input:nope"), None);
        assert_eq!(serde_json::to_string(&Operation::RotateKeys).unwrap(), "\"rotate_keys\"");
    }

    #[test]
    fn details_stay_sorted_and_bounded() {
        let mut event = AuditEvent::new(Operation::Recall, Status::Success)
            .detail(DetailName::RESULTS, Detail::Count(3))
            .detail(DetailName::KEY_ID, Detail::KeyId(KeyName::parse("k1").unwrap()))
            .detail(DetailName::RESULTS, Detail::Count(4));
        let names: Vec<_> = event.details.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["key_id", "results"]);
        assert_eq!(event.details.get(&DetailName::RESULTS), Some(&Detail::Count(4)));
        assert!(event.validate().is_ok());
        for index in 0..20 {
            let name = DetailName::parse(&format!("n{index}")).unwrap();
            event = event.detail(name, Detail::Flag(true));
        }
        assert!(matches!(event.validate(), Err(Error::InvalidEvent { .. })));
    }
}
