//! Retention: default times to live per memory type and storage tier, given to records
//! stored without an `expires_at` of their own. Expired records are never returned (get,
//! list, recall and export skip them) and [`crate::MemoryFabric::compact`] removes them.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::{MemoryType, StorageTier};

/// Default times to live. A record stored without `expires_at` expires its type's or its
/// tier's time after it was created, the shorter of the two when both are set; a record's
/// own `expires_at` always comes first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Time to live per memory type.
    pub by_type: BTreeMap<MemoryType, Duration>,
    /// Time to live per storage tier.
    pub by_tier: BTreeMap<StorageTier, Duration>,
}

impl RetentionPolicy {
    /// Whether no default applies to any record.
    pub fn is_empty(&self) -> bool {
        self.by_type.is_empty() && self.by_tier.is_empty()
    }

    /// When a record of `memory_type` in `tier`, created at `created_at`, expires by
    /// default; `None` when no default applies (or the time is past what can be written).
    pub fn expiry(
        &self,
        memory_type: MemoryType,
        tier: StorageTier,
        created_at: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let ttl = [self.by_type.get(&memory_type), self.by_tier.get(&tier)]
            .into_iter()
            .flatten()
            .min()?;
        created_at.checked_add_signed(chrono::Duration::from_std(*ttl).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shorter_default_applies_and_none_without_one() {
        let mut policy = RetentionPolicy::default();
        let created = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert_eq!(policy.expiry(MemoryType::Note, StorageTier::Hot, created), None);
        policy.by_type.insert(MemoryType::Note, Duration::from_secs(3600));
        policy.by_tier.insert(StorageTier::Hot, Duration::from_secs(60));
        let hot = policy.expiry(MemoryType::Note, StorageTier::Hot, created);
        assert_eq!(hot, Some(created + chrono::Duration::seconds(60)));
        let warm = policy.expiry(MemoryType::Note, StorageTier::Warm, created);
        assert_eq!(warm, Some(created + chrono::Duration::seconds(3600)));
        assert_eq!(policy.expiry(MemoryType::Event, StorageTier::Cold, created), None);
        policy.by_tier.insert(StorageTier::Cold, Duration::MAX);
        assert_eq!(policy.expiry(MemoryType::Event, StorageTier::Cold, created), None);
    }
}
