//! The [`Keyring`]: every key-encryption key this process may open with, one of them active.

use std::fmt;
use std::sync::Arc;

use crate::{Error, KeyId, KeyUses, MasterKey, Result};

/// Key-encryption keys by id; the active one wraps new data keys, all of them unwrap.
///
/// Keeping the old key beside a new active one is what makes rotation possible without
/// downtime: records sealed before the rotation still open while they are rewrapped.
///
/// Every data key the active key wraps is counted in the keyring's [`KeyUses`].
pub struct Keyring {
    keys: Vec<(KeyId, MasterKey)>,
    active: usize,
    uses: Arc<KeyUses>,
}

impl Keyring {
    /// A keyring of one key, named by its [`MasterKey::fingerprint`].
    pub fn single(key: MasterKey) -> Keyring {
        Keyring { keys: vec![(key.fingerprint(), key)], active: 0, uses: Arc::default() }
    }

    /// A keyring of several named keys, with `active` sealing new data.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKeyring`] when empty, when two keys share an id, or when `active`
    /// names no key.
    pub fn new(keys: Vec<(KeyId, MasterKey)>, active: &KeyId) -> Result<Keyring> {
        if keys.is_empty() {
            return Err(Error::InvalidKeyring { reason: "it holds no key" });
        }
        for (index, (id, _)) in keys.iter().enumerate() {
            if keys[..index].iter().any(|(other, _)| other == id) {
                return Err(Error::InvalidKeyring { reason: "two keys share one id" });
            }
        }
        let active = keys
            .iter()
            .position(|(id, _)| id == active)
            .ok_or(Error::InvalidKeyring { reason: "the active key id names no key" })?;
        Ok(Keyring { keys, active, uses: Arc::default() })
    }

    /// This keyring counting its encryptions in `uses` (shared with other keyrings) rather
    /// than in a count of its own.
    #[must_use]
    pub fn counting_in(mut self, uses: Arc<KeyUses>) -> Keyring {
        self.uses = uses;
        self
    }

    /// Where this keyring's encryptions are counted.
    pub fn uses(&self) -> &Arc<KeyUses> {
        &self.uses
    }

    /// The id and key that wrap new data keys.
    pub fn active(&self) -> (&KeyId, &MasterKey) {
        let (id, key) = &self.keys[self.active];
        (id, key)
    }

    /// The first key given: the one keys for other purposes are derived from (the audit
    /// log's MAC key, pseudonyms), so that they stay when the active key rotates. For a
    /// keyring of one key it is the active key.
    pub fn first(&self) -> (&KeyId, &MasterKey) {
        let (id, key) = &self.keys[0];
        (id, key)
    }

    /// The key with this id.
    pub fn get(&self, id: &str) -> Option<&MasterKey> {
        self.keys.iter().find(|(key_id, _)| key_id.as_str() == id).map(|(_, key)| key)
    }

    /// The ids of every key, in the order they were given.
    pub fn key_ids(&self) -> impl Iterator<Item = &KeyId> {
        self.keys.iter().map(|(id, _)| id)
    }
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("key_ids", &self.keys.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>())
            .field("active", &self.keys[self.active].0.as_str())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OsRandom;

    #[test]
    fn keyring_validates_and_debug_shows_only_ids() {
        let first = MasterKey::generate(&OsRandom).unwrap();
        let second = MasterKey::generate(&OsRandom).unwrap();
        let secret = first.to_base64();
        let id_a = KeyId::parse("a").unwrap();
        let id_b = KeyId::parse("b").unwrap();
        let keyring =
            Keyring::new(vec![(id_a.clone(), first), (id_b.clone(), second)], &id_b).unwrap();
        assert_eq!(keyring.active().0, &id_b);
        assert!(keyring.get("a").is_some() && keyring.get("c").is_none());
        let debug = format!("{keyring:?}");
        assert!(debug.contains("\"a\"") && !debug.contains(secret.as_str()));

        assert!(Keyring::new(vec![], &id_a).is_err());
        let dup = vec![
            (id_a.clone(), MasterKey::generate(&OsRandom).unwrap()),
            (id_a.clone(), MasterKey::generate(&OsRandom).unwrap()),
        ];
        assert!(Keyring::new(dup, &id_a).is_err());
        let missing = vec![(id_a, MasterKey::generate(&OsRandom).unwrap())];
        assert!(Keyring::new(missing, &id_b).is_err());
    }

    #[test]
    fn seal_and_rewrap_count_the_active_key_in_the_shared_uses() {
        use crate::{DEFAULT_PROVIDER, envelope};
        let old = Keyring::single(MasterKey::generate(&OsRandom).unwrap());
        let old_id = old.active().0.as_str().to_owned();
        let new_id = KeyId::parse("new").unwrap();
        let shared = Arc::clone(old.uses());
        let new = Keyring::new(
            vec![
                (new_id.clone(), MasterKey::generate(&OsRandom).unwrap()),
                (old.active().0.clone(), old.active().1.try_clone().unwrap()),
            ],
            &new_id,
        )
        .unwrap()
        .counting_in(Arc::clone(&shared));
        let suite = DEFAULT_PROVIDER.preferred_suite().unwrap();
        let sealed = envelope::seal(suite, &OsRandom, &old, b"c", b"m").unwrap();
        envelope::seal(suite, &OsRandom, &old, b"c", b"m").unwrap();
        envelope::rewrap(&DEFAULT_PROVIDER, &OsRandom, &new, b"c", &sealed).unwrap();
        // Opening encrypts nothing, and a failed rewrap wraps nothing.
        envelope::open(&DEFAULT_PROVIDER, &old, b"c", &sealed).unwrap();
        assert!(envelope::rewrap(&DEFAULT_PROVIDER, &OsRandom, &new, b"x", &sealed).is_err());
        let counted = shared.pending();
        assert_eq!(counted.get(&old_id), Some(&2));
        assert_eq!(counted.get("new"), Some(&1));
        assert_eq!(counted.len(), 2);
    }
}
