//! Full re-encryption (`fabric keys rotate --reencrypt`, for a suspected data-key
//! compromise): every record whose data key is not wrapped by its owner's current sealing
//! key is stored again, so it gets a fresh data key and a fresh ciphertext. Run after a
//! rotation (of the key-encryption key, and of the owner keys where there are any), that is
//! every record sealed before it; a record written meanwhile is already sealed afresh. A run
//! stopped anywhere is finished by running it again: what it moved is under the current key
//! and is not moved twice.

use std::collections::HashMap;

use fabric_store::ObjectKey;

use super::rekey::{BATCH, MAX_PASSES};
use super::{MemoryFabric, list_keys};
use crate::{Error, Result};

/// What [`MemoryFabric::reencrypt`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reencryption {
    /// Records stored again under a fresh data key.
    pub records: u64,
    /// Recall index keys rewrapped under their owner's current sealing key.
    pub index_keys: u64,
    /// Passes over the records it took (the last one found none left).
    pub passes: u64,
}

impl MemoryFabric {
    /// Stores again, as its next version with the same fields, every record whose data key
    /// is wrapped by another key than its owner's current sealing key (the owner's active
    /// owner key, or the keyring's active key without owner keys): each gets a fresh data
    /// key, nonce and ciphertext. Passes repeat until none is left. `progress` gets the
    /// records moved and the number found by the first pass. Reads and writes go on
    /// meanwhile. Audited as stores.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the backend fails (run it again: it resumes);
    /// [`Error::Config`] when writers keep sealing under old keys after eight passes.
    pub async fn reencrypt(&self, mut progress: impl FnMut(u64, u64)) -> Result<Reencryption> {
        let mut report =
            Reencryption { index_keys: self.rewrap_index_keys().await?, ..Default::default() };
        let mut total = None;
        for _ in 0..MAX_PASSES {
            report.passes += 1;
            let mut current: HashMap<String, String> = HashMap::new();
            let stale = self
                .records_wrapped(|owner, key_id| {
                    if !current.contains_key(owner) {
                        // A shredded owner's records stay as they are (they open to nobody).
                        let active = match self.sealer.sealing_keyring(owner) {
                            Ok(keyring) => keyring.active().0.as_str().to_owned(),
                            Err(Error::KeyDestroyed { .. }) => String::new(),
                            Err(error) => return Err(error),
                        };
                        current.insert(owner.to_owned(), active);
                    }
                    Ok(current
                        .get(owner)
                        .is_some_and(|active| !active.is_empty() && active != key_id))
                })
                .await?;
            if stale.is_empty() {
                return Ok(report);
            }
            let total = *total.get_or_insert(stale.len() as u64);
            for batch in stale.chunks(BATCH) {
                report.records += self.store_again(batch).await?;
                progress(report.records.min(total), total);
            }
        }
        Err(Error::Config {
            reason: "records are still being sealed under old keys; run the re-encryption \
                     again (it resumes)"
                .into(),
        })
    }

    /// Rewraps every owner's recall index key that is not wrapped by the owner's current
    /// sealing key (without owner keys, one sealed under an older key-encryption key); how
    /// many. The index keys themselves, and so the index, are unchanged.
    async fn rewrap_index_keys(&self) -> Result<u64> {
        let prefix = ObjectKey::parse(crate::recall::index::KEYS_PREFIX).map_err(Error::Store)?;
        let mut rewrapped = 0;
        for key in list_keys(self.backend.as_ref(), &prefix).await? {
            let Some(owner) =
                key.as_str().strip_prefix(prefix.as_str()).map(|rest| rest.trim_start_matches('/'))
            else {
                continue;
            };
            let active = match self.sealer.sealing_keyring(owner) {
                Ok(keyring) => keyring.active().0.as_str().to_owned(),
                // A shredded owner's index key is deleted with it.
                Err(Error::KeyDestroyed { .. }) => continue,
                Err(error) => return Err(error),
            };
            let stale = |key_id: &str| key_id != active;
            if crate::recall::index::rewrap_key(self.backend.as_ref(), &self.sealer, owner, stale)
                .await?
            {
                rewrapped += 1;
            }
        }
        Ok(rewrapped)
    }
}
