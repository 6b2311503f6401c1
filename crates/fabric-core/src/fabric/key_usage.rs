//! What each key-encryption key protects: the owner keys it seals, and the records, recall
//! index keys and owner-key-wrapped records that depend on it. `fabric keys list` shows it;
//! `fabric keys destroy` refuses a key that still protects anything. And how many
//! encryptions each key has made (`crate::key_uses`).

use std::collections::{BTreeMap, HashMap};

use fabric_crypto::envelope;
use fabric_store::ObjectKey;

use super::{MemoryFabric, list_keys, records_prefix};
use crate::{Error, Result, frame};

/// What one key-encryption key protects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyDependents {
    /// Live owner keys sealed under it.
    pub owner_keys: u64,
    /// Records whose data key it wraps, directly or through an owner key it seals.
    pub records: u64,
    /// Owners' recall index keys sealed under it (owners without an owner key).
    pub index_keys: u64,
}

impl KeyDependents {
    /// Whether nothing depends on the key.
    pub fn is_empty(&self) -> bool {
        *self == KeyDependents::default()
    }
}

/// What every key-encryption key protects, found by reading every stored record's envelope
/// header (never its content) and every owner key's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyUsage {
    /// Dependents by key-encryption key id; a key absent here protects nothing.
    pub by_key: BTreeMap<String, KeyDependents>,
    /// Records under a shredded owner's key: nothing opens them any more.
    pub shredded_records: u64,
    /// Records whose key id names no key-encryption key or owner key known here.
    pub unknown_records: u64,
}

impl KeyUsage {
    /// What `key_id` protects.
    pub fn of(&self, key_id: &str) -> KeyDependents {
        self.by_key.get(key_id).copied().unwrap_or_default()
    }
}

impl MemoryFabric {
    /// Encryptions made by each key (key-encryption keys and owner keys, by id): the totals
    /// kept in the fabric's key use ledger, with this process's counts not yet flushed.
    /// Without a ledger, this process's counts alone.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the ledger cannot be read.
    pub fn key_encryptions(&self) -> Result<BTreeMap<String, u64>> {
        match &self.key_uses {
            Some(counter) => counter.totals(),
            None => Ok(self.sealer.keyring.uses().pending()),
        }
    }

    /// Adds the encryptions counted since the last flush to the key use ledger (a no-op
    /// without one), logging a warning for each key that crossed a quarter of its
    /// random-nonce limit. Counts that cannot be written are kept for the next flush.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the ledger cannot be read or written.
    pub fn flush_key_uses(&self) -> Result<()> {
        match &self.key_uses {
            Some(counter) => counter.flush().map(drop),
            None => Ok(()),
        }
    }

    /// What each key-encryption key protects. Reads every record's stored bytes (one backend
    /// read each; the content is never opened) and the owner key store.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the backend cannot be listed or read; [`Error::Config`] when
    /// the owner key store cannot be read.
    pub async fn key_usage(&self) -> Result<KeyUsage> {
        let mut usage = KeyUsage::default();
        // Owner key id -> the key-encryption key sealing it (`None`: destroyed).
        let mut owner_keys: HashMap<String, Option<String>> = HashMap::new();
        if let Some(owners) = &self.sealer.owners {
            for entry in owners.store().entries()? {
                let sealer = entry.sealed.as_deref().and_then(key_of);
                if let Some(kek) = &sealer {
                    usage.by_key.entry(kek.clone()).or_default().owner_keys += 1;
                }
                owner_keys.insert(entry.id, sealer);
                if let Some(old) = entry.retiring {
                    let sealer = key_of(&old.sealed);
                    if let Some(kek) = &sealer {
                        usage.by_key.entry(kek.clone()).or_default().owner_keys += 1;
                    }
                    owner_keys.insert(old.id, sealer);
                }
            }
        }
        let keyring = &self.sealer.keyring;
        for key in list_keys(self.backend.as_ref(), &records_prefix()?).await? {
            let Some(wrapping) = self
                .wrapping_key(&key, |body| {
                    frame::decode(body).ok().and_then(|(_, _, envelope)| key_of(envelope))
                })
                .await?
            else {
                continue;
            };
            let kek = if keyring.get(&wrapping).is_some() {
                Some(wrapping)
            } else {
                match owner_keys.get(&wrapping) {
                    Some(Some(kek)) => Some(kek.clone()),
                    Some(None) => {
                        usage.shredded_records += 1;
                        continue;
                    }
                    None => None,
                }
            };
            match kek {
                Some(kek) => usage.by_key.entry(kek).or_default().records += 1,
                None => usage.unknown_records += 1,
            }
        }
        let index_keys =
            ObjectKey::parse(crate::recall::index::KEYS_PREFIX).map_err(Error::Store)?;
        for key in list_keys(self.backend.as_ref(), &index_keys).await? {
            if let Some(wrapping) = self.wrapping_key(&key, key_of).await?
                && keyring.get(&wrapping).is_some()
            {
                usage.by_key.entry(wrapping).or_default().index_keys += 1;
            }
        }
        Ok(usage)
    }

    /// The key id named by the envelope of the object at `key` (`None` when it is gone or
    /// names none).
    async fn wrapping_key(
        &self,
        key: &ObjectKey,
        envelope_of: impl Fn(&[u8]) -> Option<String>,
    ) -> Result<Option<String>> {
        match self.backend.get(key).await {
            Ok(stored) => Ok(envelope_of(&stored.body)),
            Err(fabric_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(Error::Store(error)),
        }
    }
}

/// The key id an envelope names.
fn key_of(envelope: &[u8]) -> Option<String> {
    envelope::inspect(envelope).ok().map(|header| header.key_id.to_string())
}
