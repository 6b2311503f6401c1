//! [`Filter`]: which records a listing returns.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::frame::ClearHeader;
use crate::{MemoryType, PrivacyLevel, Record, StorageTier};

/// Conditions a listed record must meet; every set condition must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only this owner's records (all owners when `None`).
    pub owner: Option<String>,
    /// Records carrying every one of these tags.
    pub tags_all: Vec<String>,
    /// Records carrying at least one of these tags (ignored when empty).
    pub tags_any: Vec<String>,
    /// Records whose metadata has each of these keys with exactly this value.
    pub metadata: Vec<(String, Value)>,
    /// Only records of this session.
    pub session_id: Option<String>,
    /// Only this memory type.
    pub memory_type: Option<MemoryType>,
    /// Only this storage tier.
    pub storage_tier: Option<StorageTier>,
    /// Records at this privacy level or below.
    pub max_privacy_level: Option<PrivacyLevel>,
    /// Records created at or after this time.
    pub created_after: Option<DateTime<Utc>>,
    /// Records created before this time.
    pub created_before: Option<DateTime<Utc>>,
    /// At most this many records (oldest ids first).
    pub limit: Option<usize>,
}

impl Filter {
    /// Every record of `owner`.
    pub fn owner(owner: impl Into<String>) -> Filter {
        Filter { owner: Some(owner.into()), ..Filter::default() }
    }

    /// Also requires `tag`.
    pub fn with_tag(mut self, tag: impl Into<String>) -> Filter {
        self.tags_all.push(tag.into());
        self
    }

    /// Also requires metadata `key` to equal `value`.
    pub fn with_metadata(mut self, key: impl Into<String>, value: impl Into<Value>) -> Filter {
        self.metadata.push((key.into(), value.into()));
        self
    }

    /// Also requires this memory type.
    pub fn with_memory_type(mut self, memory_type: MemoryType) -> Filter {
        self.memory_type = Some(memory_type);
        self
    }

    /// Also requires this storage tier.
    pub fn with_storage_tier(mut self, storage_tier: StorageTier) -> Filter {
        self.storage_tier = Some(storage_tier);
        self
    }

    /// Whether the clear header alone already rules the record out (no decryption needed).
    pub(crate) fn admits_header(&self, header: &ClearHeader, now: DateTime<Utc>) -> bool {
        self.memory_type.is_none_or(|wanted| wanted == header.memory_type)
            && self.storage_tier.is_none_or(|wanted| wanted == header.storage_tier)
            && self.max_privacy_level.is_none_or(|max| header.privacy_level <= max)
            && self.created_after.is_none_or(|after| header.created_at >= after)
            && self.created_before.is_none_or(|before| header.created_at < before)
            && header.expires_at.is_none_or(|expires_at| expires_at > now)
    }

    /// Whether the decrypted record meets the conditions on sealed fields.
    pub(crate) fn admits_record(&self, record: &Record) -> bool {
        let has = |tag: &String| record.tags.binary_search(tag).is_ok();
        self.tags_all.iter().all(has)
            && (self.tags_any.is_empty() || self.tags_any.iter().any(has))
            && self.metadata.iter().all(|(key, value)| record.metadata.get(key) == Some(value))
            && self
                .session_id
                .as_ref()
                .is_none_or(|wanted| record.session_id.as_ref() == Some(wanted))
    }
}
