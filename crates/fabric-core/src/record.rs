//! The record model: [`Record`] as stored and read, [`NewRecord`] as given, and their enums.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Error, Result};

/// A record id: a UUIDv7 (time-ordered) unless the caller supplies one.
///
/// One to 128 characters of `[A-Za-z0-9._@=+-]`, not `.` or `..`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "String", into = "String")]
pub struct RecordId(String);

impl RecordId {
    /// A fresh time-ordered id.
    pub fn generate() -> RecordId {
        RecordId(uuid::Uuid::now_v7().to_string())
    }

    /// Validates a caller-supplied id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the rule that was broken.
    pub fn parse(text: &str) -> Result<RecordId> {
        check_name("id", text)?;
        Ok(RecordId(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RecordId {
    type Error = Error;
    fn try_from(text: String) -> Result<RecordId> {
        RecordId::parse(&text)
    }
}

impl From<RecordId> for String {
    fn from(id: RecordId) -> String {
        id.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks an id-like name (record id, owner) with [`fabric_types::NameRule::ID`]: it becomes
/// one segment of a storage key.
pub(crate) fn check_name(field: &'static str, text: &str) -> Result<()> {
    fabric_types::NameRule::ID.check(text).map_err(|error| match error {
        fabric_types::NameError::Empty | fabric_types::NameError::TooLong { .. } => {
            Error::invalid(field, "must be 1 to 128 characters")
        }
        _ => Error::invalid(
            field,
            "only A-Z, a-z, 0-9 and '._@=+-' are allowed, and not '.' or '..'",
        ),
    })
}

fabric_types::named_enum! {
    /// What kind of memory a record is.
    #[derive(Default)]
    pub enum MemoryType (case = any) {
        /// A turn of a conversation (default).
        #[default]
        Conversation => "conversation",
        /// A fact or piece of knowledge.
        Knowledge => "knowledge",
        /// Context for a task.
        Context => "context",
        /// Data about other data.
        Metadata => "metadata",
        /// Something that happened.
        Event => "event",
        /// About a person or agent.
        Profile => "profile",
        /// A free-form note.
        Note => "note",
    }
}

fabric_types::named_enum! {
    /// Where a record should live; a caller's choice is never overridden silently.
    #[derive(Default)]
    pub enum StorageTier (case = any) {
        /// Frequently read (default).
        #[default]
        Hot => "hot",
        /// Read now and then.
        Warm => "warm",
        /// Rarely read.
        Cold => "cold",
        /// Kept for the record.
        Archive => "archive",
    }
}

/// How sensitive a record is: the privacy detector's levels are the record's levels.
pub use fabric_types::PrivacyLevel;

/// A stored memory, as read back and decrypted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Record {
    /// Time-ordered unique id.
    pub id: RecordId,
    /// The tenant or user the record belongs to.
    pub owner: String,
    /// The conversation or agent session it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The memory text (encrypted at rest).
    pub content: String,
    /// A JSON object of caller data (encrypted at rest).
    #[serde(default)]
    pub metadata: Map<String, Value>,
    /// Labels, sorted and without duplicates (encrypted at rest).
    #[serde(default)]
    pub tags: Vec<String>,
    /// What kind of memory this is.
    pub memory_type: MemoryType,
    /// Where it should live.
    pub storage_tier: StorageTier,
    /// How sensitive it is.
    pub privacy_level: PrivacyLevel,
    /// Kinds of personal data found in it (encrypted at rest).
    #[serde(default)]
    pub pii_types: Vec<fabric_types::PiiType>,
    /// 0.0 to 1.0, for ranking and compaction.
    pub importance: f32,
    /// Where the memory came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A caller-supplied vector (encrypted at rest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedding: Option<Vec<f32>>,
    /// When it was first stored.
    pub created_at: DateTime<Utc>,
    /// When it was last written.
    pub updated_at: DateTime<Utc>,
    /// When it stops being returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Increases on every write.
    pub version: u64,
}

impl Record {
    /// Whether the record has expired at `now`.
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|expires_at| expires_at <= now)
    }
}

/// A memory to store: everything but what the fabric assigns.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRecord {
    /// A caller-chosen id; storing under an existing id replaces that record (upsert).
    #[serde(default)]
    pub id: Option<String>,
    /// The owner (tenant or user). Missing in JSON it is empty, which a
    /// [`SecureSession`](crate::SecureSession) reads as the principal's own owner (a plain
    /// store refuses it).
    #[serde(default)]
    pub owner: String,
    /// The memory text.
    pub content: String,
    /// A JSON object of caller data.
    #[serde(default)]
    pub metadata: Map<String, Value>,
    /// Labels.
    #[serde(default)]
    pub tags: Vec<String>,
    /// What kind of memory this is.
    #[serde(default)]
    pub memory_type: MemoryType,
    /// Where it should live.
    #[serde(default)]
    pub storage_tier: StorageTier,
    /// The lowest privacy level it gets; detection may raise it, never lower it.
    #[serde(default)]
    pub privacy_level: PrivacyLevel,
    /// 0.0 to 1.0 (default 0.5).
    #[serde(default)]
    pub importance: Option<f32>,
    /// The conversation or agent session it came from.
    #[serde(default)]
    pub session_id: Option<String>,
    /// Where the memory came from.
    #[serde(default)]
    pub source: Option<String>,
    /// A caller-supplied vector.
    #[serde(default)]
    pub embedding: Option<Vec<f32>>,
    /// When it stops being returned.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// Audit evidence: written under the backend's retention (Object Lock, write once) so
    /// that it cannot be deleted before its retain-until date. Needs a backend with
    /// retention; nothing is written otherwise.
    #[serde(default)]
    pub evidence: bool,
}

impl NewRecord {
    /// A conversation memory of `owner` with `content` and defaults for the rest.
    pub fn new(owner: impl Into<String>, content: impl Into<String>) -> NewRecord {
        NewRecord { owner: owner.into(), content: content.into(), ..NewRecord::default() }
    }

    /// Sets the id.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Adds a tag.
    pub fn with_tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// Sets a metadata field.
    pub fn with_metadata(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// Sets the memory type.
    pub fn with_memory_type(mut self, memory_type: MemoryType) -> Self {
        self.memory_type = memory_type;
        self
    }

    /// Sets the storage tier.
    pub fn with_storage_tier(mut self, storage_tier: StorageTier) -> Self {
        self.storage_tier = storage_tier;
        self
    }

    /// Sets the importance.
    pub fn with_importance(mut self, importance: f32) -> Self {
        self.importance = Some(importance);
        self
    }

    /// Marks the record as audit evidence (see [`NewRecord::evidence`]).
    pub fn with_evidence(mut self) -> Self {
        self.evidence = true;
        self
    }

    /// Sets the expiry time.
    pub fn with_expires_at(mut self, expires_at: DateTime<Utc>) -> Self {
        self.expires_at = Some(expires_at);
        self
    }
}

/// Size limits on what one record may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest content, in bytes (default 1 MiB).
    pub max_content_bytes: usize,
    /// Most tags (default 64).
    pub max_tags: usize,
    /// Longest tag, in bytes (default 128).
    pub max_tag_bytes: usize,
    /// Largest metadata object as JSON, in bytes (default 64 KiB).
    pub max_metadata_bytes: usize,
    /// Most embedding dimensions (default 4,096).
    pub max_embedding_dims: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_content_bytes: 1 << 20,
            max_tags: 64,
            max_tag_bytes: 128,
            max_metadata_bytes: 64 << 10,
            max_embedding_dims: 4096,
        }
    }
}

impl Limits {
    /// Checks `input` against the limits and normalizes its tags (sorted, deduplicated).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the first field that breaks a rule.
    pub fn check(&self, input: &mut NewRecord) -> Result<()> {
        check_name("owner", &input.owner)?;
        if let Some(id) = &input.id {
            check_name("id", id)?;
        }
        if input.content.is_empty() {
            return Err(Error::invalid("content", "must not be empty"));
        }
        if input.content.len() > self.max_content_bytes {
            return Err(Error::invalid(
                "content",
                format!(
                    "is {} bytes, more than the limit of {}",
                    input.content.len(),
                    self.max_content_bytes
                ),
            ));
        }
        if input.tags.len() > self.max_tags {
            return Err(Error::invalid("tags", format!("at most {} tags", self.max_tags)));
        }
        for tag in &input.tags {
            if tag.is_empty() || tag.len() > self.max_tag_bytes {
                return Err(Error::invalid(
                    "tags",
                    format!("each tag must be 1 to {} bytes", self.max_tag_bytes),
                ));
            }
            if tag.chars().any(char::is_control) {
                return Err(Error::invalid("tags", "tags must not contain control characters"));
            }
        }
        input.tags.sort();
        input.tags.dedup();
        let metadata_len =
            serde_json::to_vec(&input.metadata).map(|json| json.len()).unwrap_or(usize::MAX);
        if metadata_len > self.max_metadata_bytes {
            return Err(Error::invalid(
                "metadata",
                format!(
                    "is {metadata_len} bytes as JSON, more than the limit of {}",
                    self.max_metadata_bytes
                ),
            ));
        }
        if let Some(importance) = input.importance
            && !(0.0..=1.0).contains(&importance)
        {
            return Err(Error::invalid("importance", "must be between 0.0 and 1.0"));
        }
        if let Some(embedding) = &input.embedding {
            if embedding.len() > self.max_embedding_dims {
                return Err(Error::invalid(
                    "embedding",
                    format!("at most {} dimensions", self.max_embedding_dims),
                ));
            }
            if !embedding.iter().all(|value| value.is_finite()) {
                return Err(Error::invalid("embedding", "values must be finite numbers"));
            }
        }
        for (field, value) in [("session_id", &input.session_id), ("source", &input.source)] {
            if value
                .as_ref()
                .is_some_and(|text| text.len() > 256 || text.chars().any(char::is_control))
            {
                return Err(Error::invalid(
                    field,
                    "must be at most 256 bytes without control characters",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_parse_and_print() {
        assert_eq!("NOTE".parse::<MemoryType>().unwrap(), MemoryType::Note);
        assert_eq!(StorageTier::Archive.to_string(), "archive");
        assert!("lukewarm".parse::<StorageTier>().is_err());
        assert!(PrivacyLevel::Public < PrivacyLevel::Internal);
        assert!(PrivacyLevel::Sensitive < PrivacyLevel::Restricted);
        assert_eq!(serde_json::to_string(&PrivacyLevel::Restricted).unwrap(), "\"restricted\"");
    }

    #[test]
    fn limits_refuse_bad_input_with_the_field_named() {
        let limits = Limits::default();
        let cases: Vec<(NewRecord, &str)> = vec![
            (NewRecord::new("", "x"), "owner"),
            (NewRecord::new("a/b", "x"), "owner"),
            (NewRecord::new("..", "x"), "owner"),
            (NewRecord::new("alice", ""), "content"),
            (NewRecord::new("alice", "x".repeat((1 << 20) + 1)), "content"),
            (NewRecord::new("alice", "x").with_id("has space"), "id"),
            (NewRecord::new("alice", "x").with_tag(""), "tags"),
            (NewRecord::new("alice", "x").with_tag("a\nb"), "tags"),
            (NewRecord::new("alice", "x").with_importance(1.5), "importance"),
            (NewRecord::new("alice", "x").with_importance(f32::NAN), "importance"),
            (NewRecord::new("alice", "x").with_metadata("k", "v".repeat(70_000)), "metadata"),
            (
                NewRecord { embedding: Some(vec![f32::INFINITY]), ..NewRecord::new("a", "x") },
                "embedding",
            ),
        ];
        for (mut input, field) in cases {
            match limits.check(&mut input) {
                Err(Error::InvalidInput { field: got, .. }) => assert_eq!(got, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        let mut fine =
            NewRecord::new("alice@example.org", "x").with_tag("b").with_tag("a").with_tag("b");
        limits.check(&mut fine).unwrap();
        assert_eq!(fine.tags, ["a", "b"]);
    }
}
