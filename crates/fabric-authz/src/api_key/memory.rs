//! An in-memory [`ApiKeyStore`] for tests and embedded use.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::api_key::{ApiKeyInfo, ApiKeyRecord, ApiKeyStore};
use crate::error::{Error, Result};

/// API key records in a map in memory; lost when dropped.
#[derive(Debug, Default)]
pub struct MemoryApiKeyStore {
    records: Mutex<BTreeMap<String, ApiKeyRecord>>,
}

impl MemoryApiKeyStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn records(&self) -> MutexGuard<'_, BTreeMap<String, ApiKeyRecord>> {
        // A panic while holding the lock cannot leave a half-written record: every update
        // below is a single map operation, so the data is usable after poisoning.
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl ApiKeyStore for MemoryApiKeyStore {
    async fn insert(&self, record: ApiKeyRecord) -> Result<()> {
        let mut records = self.records();
        if records.contains_key(&record.info.id) {
            return Err(Error::KeyExists);
        }
        records.insert(record.info.id.clone(), record);
        Ok(())
    }

    async fn get(&self, id: &str) -> Result<Option<ApiKeyRecord>> {
        Ok(self.records().get(id).cloned())
    }

    async fn list(&self) -> Result<Vec<ApiKeyInfo>> {
        let mut infos: Vec<ApiKeyInfo> =
            self.records().values().map(|record| record.info.clone()).collect();
        infos
            .sort_by(|left, right| (left.created_at, &left.id).cmp(&(right.created_at, &right.id)));
        Ok(infos)
    }

    async fn revoke(&self, id: &str, at: DateTime<Utc>) -> Result<bool> {
        match self.records().get_mut(id) {
            Some(record) => {
                record.info.revoked_at.get_or_insert(at);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn mark_used(&self, id: &str, at: DateTime<Utc>) -> Result<()> {
        if let Some(record) = self.records().get_mut(id) {
            let last = record.info.last_used_at.get_or_insert(at);
            *last = (*last).max(at);
        }
        Ok(())
    }
}
