//! Per-owner keys: each owner's records have their data keys wrapped by a random key of
//! that owner's, itself sealed under the keyring's active key-encryption key and kept in an
//! [`OwnerKeyStore`] apart from the records. Destroying an owner's key (crypto-shredding,
//! [`crate::MemoryFabric::shred_owner`]) leaves every record sealed under it unreadable, in
//! every copy of the record storage; rotating the key-encryption key rewraps owner keys
//! only, never records.
//!
//! ```text
//! key-encryption key (keyring) --seals--> owner key --wraps--> data key --seals--> record
//! ```
//!
//! An owner key's id is `o` and twelve hex digits of its fingerprint; its sealed bytes are an
//! envelope with context `"fabric owner key\0" || lp(owner) || lp(id)`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use fabric_crypto::{Keyring, MasterKey, Provider, envelope};

use crate::{Error, Result};

mod file;

pub use file::OwnerKeyFile;

mod replace;

/// One owner's key as stored: sealed under a key-encryption key, or destroyed.
#[derive(Clone, PartialEq, Eq)]
pub struct OwnerKeyEntry {
    /// The owner.
    pub owner: String,
    /// The key's id (`o` and twelve hex digits), which its records' envelopes name.
    pub id: String,
    /// When it was made.
    pub created: DateTime<Utc>,
    /// The key sealed under a key-encryption key (an envelope); `None` once destroyed.
    pub sealed: Option<Vec<u8>>,
    /// The key this one replaces, while the owner's records are moved under this one
    /// ([`crate::MemoryFabric::rotate_owner_keys`]): it still opens what it wrapped, and is
    /// dropped once nothing is wrapped by it.
    pub retiring: Option<RetiringKey>,
}

/// An owner key being replaced: its id, and its bytes sealed like the owner's key.
#[derive(Clone, PartialEq, Eq)]
pub struct RetiringKey {
    /// The key's id, which the envelopes it wrapped name.
    pub id: String,
    /// The key sealed under a key-encryption key.
    pub sealed: Vec<u8>,
}

impl fmt::Debug for RetiringKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetiringKey").field("id", &self.id).finish_non_exhaustive()
    }
}

impl fmt::Debug for OwnerKeyEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnerKeyEntry")
            .field("owner", &self.owner)
            .field("id", &self.id)
            .field("created", &self.created)
            .field("destroyed", &self.sealed.is_none())
            .field("retiring", &self.retiring)
            .finish()
    }
}

/// Where owner keys are kept: apart from the records, so that a copy of the record storage
/// holds none. Calls are synchronous and short (a file read or write at most).
pub trait OwnerKeyStore: Send + Sync + fmt::Debug {
    /// The owner's entry, if it has one (a store shared with other processes looks again
    /// before answering `None`).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the store cannot be read.
    fn get(&self, owner: &str) -> Result<Option<OwnerKeyEntry>>;

    /// Stores `entry` unless its owner already has one; returns the entry stored for the
    /// owner (another writer's, if it came first).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the store cannot be written.
    fn insert_new(&self, entry: OwnerKeyEntry) -> Result<OwnerKeyEntry>;

    /// [`OwnerKeyStore::insert_new`] for several owners at once (one write of a file);
    /// the entries stored, in the order given.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the store cannot be written.
    fn insert_new_many(&self, entries: Vec<OwnerKeyEntry>) -> Result<Vec<OwnerKeyEntry>> {
        entries.into_iter().map(|entry| self.insert_new(entry)).collect()
    }

    /// Applies `change` to every entry, on the store's latest content, in one write (under
    /// the store's lock where it has one); `change` says whether it changed anything. The
    /// rotations are built on it.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the store cannot be read or written.
    fn change(
        &self,
        change: &mut dyn FnMut(&mut BTreeMap<String, OwnerKeyEntry>) -> bool,
    ) -> Result<()>;

    /// Destroys the owner's key: its sealed bytes are dropped and the entry stays, marked
    /// destroyed. Whether the owner had a live key.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the store cannot be written.
    fn destroy(&self, owner: &str) -> Result<bool>;

    /// Every entry.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the store cannot be read.
    fn entries(&self) -> Result<Vec<OwnerKeyEntry>>;

    /// Looks whether another process changed the store since this one last read it, and
    /// reads it again if so; whether it changed. A store only this process writes answers
    /// `false`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the store cannot be read.
    fn refresh(&self) -> Result<bool> {
        Ok(false)
    }
}

/// The entry of an owner whose key is destroyed, for an owner that had none: shredding it
/// still leaves its mark, so that no process makes it a key again or opens its records
/// sealed before owner keys.
pub(crate) fn tombstone(owner: &str) -> OwnerKeyEntry {
    OwnerKeyEntry {
        owner: owner.to_owned(),
        id: "o000000000000".to_owned(),
        created: Utc::now(),
        sealed: None,
        retiring: None,
    }
}

/// Owner keys held in this process's memory only: for tests and for fabrics whose records
/// do not outlive the process either.
#[derive(Debug, Default)]
pub struct MemoryOwnerKeys {
    entries: Mutex<BTreeMap<String, OwnerKeyEntry>>,
}

impl MemoryOwnerKeys {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, OwnerKeyEntry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl OwnerKeyStore for MemoryOwnerKeys {
    fn get(&self, owner: &str) -> Result<Option<OwnerKeyEntry>> {
        Ok(self.lock().get(owner).cloned())
    }

    fn insert_new(&self, entry: OwnerKeyEntry) -> Result<OwnerKeyEntry> {
        Ok(self.lock().entry(entry.owner.clone()).or_insert(entry).clone())
    }

    fn change(
        &self,
        change: &mut dyn FnMut(&mut BTreeMap<String, OwnerKeyEntry>) -> bool,
    ) -> Result<()> {
        change(&mut self.lock());
        Ok(())
    }

    fn destroy(&self, owner: &str) -> Result<bool> {
        Ok(destroy_in(&mut self.lock(), owner))
    }

    fn entries(&self) -> Result<Vec<OwnerKeyEntry>> {
        Ok(self.lock().values().cloned().collect())
    }
}

/// Destroys `owner`'s key, and the one it replaces if any, leaving a tombstone for an owner
/// without an entry; whether it had a live key (shared by the stores).
fn destroy_in(entries: &mut BTreeMap<String, OwnerKeyEntry>, owner: &str) -> bool {
    let entry = entries.entry(owner.to_owned()).or_insert_with(|| tombstone(owner));
    entry.retiring = None;
    entry.sealed.take().is_some()
}

fn context(owner: &str, id: &str) -> Vec<u8> {
    let mut context = b"fabric owner key\0".to_vec();
    envelope::push_field(&mut context, owner.as_bytes());
    envelope::push_field(&mut context, id.as_bytes());
    context
}

/// What an owner's records are sealed and opened with.
#[derive(Clone)]
enum Cached {
    /// The owner's key (active) and the key-encryption keys (records sealed before owner
    /// keys existed are wrapped by those).
    Live(Arc<Keyring>),
    Destroyed,
    /// The owner had no key when last looked for (another process may make one: looked for
    /// again after [`ABSENT_FOR`]).
    Absent(std::time::Instant),
}

/// How long an owner without a key is taken to have none before the store is asked again.
const ABSENT_FOR: std::time::Duration = std::time::Duration::from_secs(2);

/// The owner keys of one fabric: its store, and the keys opened so far.
pub(crate) struct OwnerKeys {
    store: Arc<dyn OwnerKeyStore>,
    opened: Mutex<HashMap<String, Cached>>,
    /// When the store was last asked whether another process changed it.
    checked: Mutex<std::time::Instant>,
}

/// How often the store is asked whether another process changed it (a key made or
/// destroyed there shows here within this time).
const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

impl fmt::Debug for OwnerKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnerKeys").field("store", &self.store).finish_non_exhaustive()
    }
}

/// Owner keys opened in memory at most; past it the cache starts again.
const MAX_OPENED: usize = 4096;

impl OwnerKeys {
    pub(crate) fn new(store: Arc<dyn OwnerKeyStore>) -> Self {
        OwnerKeys {
            store,
            opened: Mutex::new(HashMap::new()),
            checked: Mutex::new(std::time::Instant::now()),
        }
    }

    /// The store the keys are kept in.
    pub(crate) fn store(&self) -> &dyn OwnerKeyStore {
        self.store.as_ref()
    }

    fn cached(&self, owner: &str) -> Option<Cached> {
        self.refresh();
        self.opened.lock().unwrap_or_else(PoisonError::into_inner).get(owner).cloned()
    }

    /// Forgets every opened key when another process changed the store (at most every
    /// [`REFRESH_EVERY`]): a shred there is honoured here, and a key made there is found.
    /// A store that cannot be read now keeps what is opened; the next use reports it.
    fn refresh(&self) {
        {
            let mut checked = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
            if checked.elapsed() < REFRESH_EVERY {
                return;
            }
            *checked = std::time::Instant::now();
        }
        if self.store.refresh().unwrap_or(false) {
            self.opened.lock().unwrap_or_else(PoisonError::into_inner).clear();
        }
    }

    fn remember(&self, owner: &str, cached: Cached) {
        let mut opened = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        if opened.len() >= MAX_OPENED {
            opened.clear();
        }
        opened.insert(owner.to_owned(), cached);
    }

    /// The keyring `owner`'s envelopes are sealed and opened with: its owner key active,
    /// the key-encryption keys beside it. Without a key, `create` makes and stores one;
    /// otherwise the answer is `None` (the owner has nothing sealed under an owner key).
    ///
    /// # Errors
    ///
    /// [`Error::KeyDestroyed`] once the owner's key is destroyed; [`Error::Config`] when the
    /// store fails; [`Error::Crypto`] when its sealed key does not open.
    pub(crate) fn keyring(
        &self,
        provider: &Provider,
        keks: &Keyring,
        owner: &str,
        create: bool,
    ) -> Result<Option<Arc<Keyring>>> {
        match self.cached(owner) {
            Some(Cached::Live(keyring)) => return Ok(Some(keyring)),
            Some(Cached::Destroyed) => {
                return Err(Error::KeyDestroyed { owner: owner.to_owned() });
            }
            Some(Cached::Absent(since)) if !create && since.elapsed() < ABSENT_FOR => {
                return Ok(None);
            }
            _ => {}
        }
        let entry = match self.store.get(owner)? {
            Some(entry) => entry,
            None if create => self.store.insert_new(new_entry(provider, keks, owner)?)?,
            None => {
                self.remember(owner, Cached::Absent(std::time::Instant::now()));
                return Ok(None);
            }
        };
        let Some(sealed) = &entry.sealed else {
            self.remember(owner, Cached::Destroyed);
            return Err(Error::KeyDestroyed { owner: owner.to_owned() });
        };
        let keyring = Arc::new(open_entry(provider, keks, &entry, sealed)?);
        self.remember(owner, Cached::Live(Arc::clone(&keyring)));
        Ok(Some(keyring))
    }

    /// Opens (making and storing in one write where missing) the keys of `owners` that are
    /// not opened yet: a batch of new owners costs one write of the store, not one each.
    ///
    /// # Errors
    ///
    /// As [`OwnerKeys::keyring`].
    pub(crate) fn prepare<'a>(
        &self,
        provider: &Provider,
        keks: &Keyring,
        owners: impl IntoIterator<Item = &'a str>,
    ) -> Result<()> {
        let mut missing: Vec<&str> = owners
            .into_iter()
            .filter(|owner| {
                !matches!(self.cached(owner), Some(Cached::Live(_) | Cached::Destroyed))
            })
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            return Ok(());
        }
        // Owners the store knows (made by an earlier process) are opened as they are: a
        // key made for them would be discarded, its wrap under the key-encryption key
        // spent for nothing.
        let mut entries = Vec::with_capacity(missing.len());
        let mut fresh = Vec::new();
        for owner in missing {
            match self.store.get(owner)? {
                Some(entry) => entries.push(entry),
                None => fresh.push(new_entry(provider, keks, owner)?),
            }
        }
        if !fresh.is_empty() {
            entries.extend(self.store.insert_new_many(fresh)?);
        }
        for entry in entries {
            match &entry.sealed {
                Some(sealed) => {
                    let keyring = open_entry(provider, keks, &entry, sealed)?;
                    self.remember(&entry.owner, Cached::Live(Arc::new(keyring)));
                }
                None => self.remember(&entry.owner, Cached::Destroyed),
            }
        }
        Ok(())
    }

    /// Forgets every opened key, so that the store is asked again.
    pub(crate) fn forget_all(&self) {
        self.opened.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// Forgets what is known of `owner`'s key, so that the store is asked again.
    pub(crate) fn forget(&self, owner: &str) {
        self.opened.lock().unwrap_or_else(PoisonError::into_inner).remove(owner);
    }

    /// Destroys `owner`'s key; whether it had a live one.
    pub(crate) fn destroy(&self, owner: &str) -> Result<bool> {
        let destroyed = self.store.destroy(owner)?;
        self.remember(owner, Cached::Destroyed);
        Ok(destroyed)
    }
}

/// Reseals every live owner key of `store` under the active key of `keks` (after a rotation:
/// `keks` holds the new active key and the old ones); how many. O(owners): no record is
/// read or written.
///
/// # Errors
///
/// [`Error::Config`] when the store fails; [`Error::UnknownKey`] or [`Error::Authentication`]
/// (named by the owner key's id) when a sealed owner key does not open under `keks`.
pub fn rewrap_owner_keys(
    store: &dyn OwnerKeyStore,
    provider: &Provider,
    keks: &Keyring,
) -> Result<usize> {
    let rewrap = |owner: &str, id: &str, bytes: &[u8]| {
        envelope::rewrap(provider, provider.random, keks, &context(owner, id), bytes)
            .map_err(|error| Error::from_crypto(id, error))
    };
    let mut rewrapped = BTreeMap::new();
    for entry in store.entries()? {
        let Some(bytes) = &entry.sealed else { continue };
        let sealed = rewrap(&entry.owner, &entry.id, bytes)?;
        let retiring = match &entry.retiring {
            Some(old) => Some(RetiringKey {
                id: old.id.clone(),
                sealed: rewrap(&entry.owner, &old.id, &old.sealed)?,
            }),
            None => None,
        };
        rewrapped.insert(entry.owner.clone(), (entry.id, sealed, retiring));
    }
    let count = rewrapped.len();
    // Only entries unchanged since they were read take the new bytes: a key replaced or
    // destroyed meanwhile keeps what it has.
    store.change(&mut |entries| {
        let mut changed = false;
        for (owner, (id, sealed, retiring)) in &rewrapped {
            if let Some(entry) = entries.get_mut(owner)
                && entry.sealed.is_some()
                && &entry.id == id
                && entry.retiring.as_ref().map(|old| &old.id)
                    == retiring.as_ref().map(|old| &old.id)
            {
                entry.sealed = Some(sealed.clone());
                entry.retiring = retiring.clone();
                changed = true;
            }
        }
        changed
    })?;
    Ok(count)
}

/// A fresh owner key for `owner`, sealed under the active key-encryption key.
fn new_entry(provider: &Provider, keks: &Keyring, owner: &str) -> Result<OwnerKeyEntry> {
    let key = MasterKey::generate(provider.random)?;
    let id = owner_key_id(&key);
    let suite = provider.preferred_suite()?;
    let sealed =
        envelope::seal(suite, provider.random, keks, &context(owner, &id), key.expose_secret())?;
    Ok(OwnerKeyEntry {
        owner: owner.to_owned(),
        id,
        created: Utc::now(),
        sealed: Some(sealed),
        retiring: None,
    })
}

/// `o` and the twelve hex digits of the key's fingerprint.
fn owner_key_id(key: &MasterKey) -> String {
    let fingerprint = key.fingerprint();
    format!("o{}", fingerprint.as_str().trim_start_matches('k'))
}

/// Opens a live entry's owner key (and the key it replaces, if any) into the keyring its
/// owner's envelopes use: the owner key active, the key-encryption keys beside it (records
/// sealed before owner keys are wrapped by those).
fn open_entry(
    provider: &Provider,
    keks: &Keyring,
    entry: &OwnerKeyEntry,
    sealed: &[u8],
) -> Result<Keyring> {
    let key_id = fabric_crypto::KeyId::parse(&entry.id)?;
    let mut keys =
        vec![(key_id.clone(), open_key(provider, keks, &entry.owner, &entry.id, sealed)?)];
    if let Some(old) = &entry.retiring {
        let old_key = open_key(provider, keks, &entry.owner, &old.id, &old.sealed)?;
        keys.push((fabric_crypto::KeyId::parse(&old.id)?, old_key));
    }
    for kek_id in keks.key_ids() {
        if let Some(kek) = keks.get(kek_id.as_str()) {
            keys.push((kek_id.clone(), kek.try_clone()?));
        }
    }
    // The owner key's encryptions are counted with the key-encryption keys'.
    Ok(Keyring::new(keys, &key_id)?.counting_in(std::sync::Arc::clone(keks.uses())))
}

/// Opens one sealed owner key, checking that it is the key its id names.
fn open_key(
    provider: &Provider,
    keks: &Keyring,
    owner: &str,
    id: &str,
    sealed: &[u8],
) -> Result<MasterKey> {
    let bytes = zeroize::Zeroizing::new(
        envelope::open(provider, keks, &context(owner, id), sealed)
            .map_err(|error| Error::from_crypto(id, error))?,
    );
    let array: zeroize::Zeroizing<[u8; fabric_crypto::KEY_LEN]> =
        zeroize::Zeroizing::new(bytes.as_slice().try_into().map_err(|_| Error::Corrupt {
            id: id.to_owned(),
            reason: "an owner key is not 32 bytes",
        })?);
    let key = MasterKey::from_bytes(*array)?;
    if owner_key_id(&key) != id {
        return Err(Error::Corrupt {
            id: id.to_owned(),
            reason: "an owner key is not the one named",
        });
    }
    Ok(key)
}

#[cfg(test)]
mod tests;
