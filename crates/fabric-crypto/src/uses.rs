//! [`KeyUses`]: how many encryptions each wrapping key has made, counted where they are
//! made ([`crate::envelope::seal`] and [`crate::envelope::rewrap`] each wrap one data key
//! under the keyring's active key, with a fresh random 96-bit nonce).
//!
//! Random nonces bound how much one key may encrypt: after `n` encryptions the chance that
//! two nonces collide is about `n² / 2^97`, so NIST SP 800-38D (section 8.3) caps a key at
//! [`RANDOM_NONCE_LIMIT`] invocations, keeping that chance below `2^-32`. Counting is what
//! lets an operator rotate long before.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use crate::KeyId;

/// Encryptions one key may make under random 96-bit nonces: 2^32 (NIST SP 800-38D, 8.3).
pub const RANDOM_NONCE_LIMIT: u64 = 1 << 32;

/// Encryptions after which a key is reported as due for rotation: a quarter of
/// [`RANDOM_NONCE_LIMIT`], leaving three quarters of the budget for the rotation itself.
pub const USES_WARNING: u64 = RANDOM_NONCE_LIMIT / 4;

/// Encryptions per key id, counted since this value was made or last [`KeyUses::take`]n.
///
/// One is shared by a keyring and every keyring built from it (each owner's), so that one
/// place holds everything a process encrypted.
#[derive(Debug, Default)]
pub struct KeyUses {
    counts: Mutex<HashMap<String, u64>>,
}

impl KeyUses {
    /// No encryptions counted yet.
    pub fn new() -> KeyUses {
        KeyUses::default()
    }

    /// Counts one encryption by `id`.
    pub fn note(&self, id: &KeyId) {
        let mut counts = self.lock();
        match counts.get_mut(id.as_str()) {
            Some(count) => *count = count.saturating_add(1),
            None => {
                counts.insert(id.as_str().to_owned(), 1);
            }
        }
    }

    /// The counts so far, by key id.
    pub fn pending(&self) -> BTreeMap<String, u64> {
        self.lock().iter().map(|(id, count)| (id.clone(), *count)).collect()
    }

    /// The counts so far, by key id, and starts again from none: for adding them to a
    /// kept total. [`KeyUses::restore`] puts them back when that fails.
    pub fn take(&self) -> BTreeMap<String, u64> {
        self.lock().drain().collect()
    }

    /// Adds `counts` back (taken, then not kept).
    pub fn restore(&self, counts: BTreeMap<String, u64>) {
        let mut held = self.lock();
        for (id, count) in counts {
            let entry = held.entry(id).or_default();
            *entry = entry.saturating_add(count);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_taken_once_and_restored_on_failure() {
        let uses = KeyUses::new();
        let a = KeyId::parse("ka").unwrap();
        let b = KeyId::parse("kb").unwrap();
        uses.note(&a);
        uses.note(&a);
        uses.note(&b);
        let taken = uses.take();
        assert_eq!(taken, BTreeMap::from([("ka".to_owned(), 2), ("kb".to_owned(), 1)]));
        assert!(uses.pending().is_empty());
        uses.note(&a);
        uses.restore(taken);
        assert_eq!(uses.pending(), BTreeMap::from([("ka".to_owned(), 3), ("kb".to_owned(), 1)]));
    }
}
