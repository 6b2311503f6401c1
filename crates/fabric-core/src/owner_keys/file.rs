//! [`OwnerKeyFile`]: owner keys in one JSON file beside the keyring (mode 0600), rewritten
//! whole and atomically (temporary file, fsync, rename) under an exclusive lock on
//! `<file>.lock`, so that several processes of one home add keys without losing any.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{OwnerKeyEntry, OwnerKeyStore, RetiringKey, destroy_in};
use crate::{Error, Result};

const FORMAT: &str = "memory-fabric owner keys";
/// What errors call the file.
const WHAT: &str = "owner key";

#[derive(Serialize, Deserialize)]
struct Document {
    format: String,
    version: u32,
    owners: Vec<StoredEntry>,
}

#[derive(Serialize, Deserialize)]
struct StoredEntry {
    owner: String,
    id: String,
    created: chrono::DateTime<chrono::Utc>,
    /// `active` or `destroyed`.
    state: String,
    /// The sealed key in hex; absent once destroyed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed: Option<String>,
    /// The key being replaced (`fabric keys rotate --records`): its id and sealed bytes in
    /// hex; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retiring: Option<StoredRetiring>,
}

#[derive(Serialize, Deserialize)]
struct StoredRetiring {
    id: String,
    sealed: String,
}

/// Owner keys in a file (by default `<home>/owner-keys.json`).
#[derive(Debug)]
pub struct OwnerKeyFile {
    path: PathBuf,
    /// The entries as last read or written, and the file's stamp then.
    entries: Mutex<(BTreeMap<String, OwnerKeyEntry>, Option<Stamp>)>,
}

/// What tells one version of the file from another: it is replaced by a rename, so a new
/// version is a new inode (and a new modification time and length).
type Stamp = (u64, i128, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
    #[cfg(not(unix))]
    let inode = 0;
    let modified = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| i128::try_from(since.as_nanos()).unwrap_or(i128::MAX));
    Some((inode, modified, metadata.len()))
}

impl OwnerKeyFile {
    /// Opens the file at `path`, or an empty store where it does not exist yet (it is made
    /// with the first owner key).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the file cannot be read or is not an owner key file.
    pub fn open(path: &Path) -> Result<Self> {
        let stamp = stamp(path);
        let entries = read(path)?;
        Ok(OwnerKeyFile { path: path.to_owned(), entries: Mutex::new((entries, stamp)) })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock_entries(
        &self,
    ) -> std::sync::MutexGuard<'_, (BTreeMap<String, OwnerKeyEntry>, Option<Stamp>)> {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `change` on the file's current entries under the exclusive lock, writes them
    /// back if it says so, and keeps them in memory.
    fn update<T>(
        &self,
        change: impl FnOnce(&mut BTreeMap<String, OwnerKeyEntry>) -> (T, bool),
    ) -> Result<T> {
        let mut held = self.lock_entries();
        crate::private_file::locked(WHAT, &self.path, || {
            let mut entries = read(&self.path)?;
            let (answer, changed) = change(&mut entries);
            if changed {
                write(&self.path, &entries)?;
            }
            *held = (entries, stamp(&self.path));
            Ok(answer)
        })
    }

    /// Reads the file again, under the entries' lock (so that no older copy replaces a
    /// newer one); whether it changed since last read or written.
    fn reload(&self) -> Result<bool> {
        let mut held = self.lock_entries();
        let now = stamp(&self.path);
        if now.is_some() && now == held.1 {
            return Ok(false);
        }
        *held = (read(&self.path)?, now);
        Ok(true)
    }
}

fn read(path: &Path) -> Result<BTreeMap<String, OwnerKeyEntry>> {
    let Some(bytes) = crate::private_file::read(WHAT, path)? else {
        return Ok(BTreeMap::new());
    };
    let malformed = |reason: String| Error::Config {
        reason: format!("the owner key file {} is malformed: {reason}", path.display()),
    };
    let document: Document =
        serde_json::from_slice(&bytes).map_err(|error| malformed(error.to_string()))?;
    if document.format != FORMAT || document.version != 1 {
        return Err(malformed(format!("it is {} version {}", document.format, document.version)));
    }
    let mut entries = BTreeMap::new();
    for stored in document.owners {
        let sealed = match (stored.state.as_str(), &stored.sealed) {
            ("active", Some(hex_bytes)) => Some(
                hex::decode(hex_bytes)
                    .map_err(|_| malformed(format!("the key of {} is not hex", stored.owner)))?,
            ),
            ("destroyed", None) => None,
            _ => return Err(malformed(format!("the entry of {} is inconsistent", stored.owner))),
        };
        let retiring = match (stored.retiring, &sealed) {
            (None, _) => None,
            (Some(old), Some(_)) => Some(RetiringKey {
                id: old.id,
                sealed: hex::decode(old.sealed).map_err(|_| {
                    malformed(format!("the retiring key of {} is not hex", stored.owner))
                })?,
            }),
            (Some(_), None) => {
                return Err(malformed(format!("the entry of {} is inconsistent", stored.owner)));
            }
        };
        let entry = OwnerKeyEntry {
            owner: stored.owner,
            id: stored.id,
            created: stored.created,
            sealed,
            retiring,
        };
        entries.insert(entry.owner.clone(), entry);
    }
    Ok(entries)
}

fn write(path: &Path, entries: &BTreeMap<String, OwnerKeyEntry>) -> Result<()> {
    let document = Document {
        format: FORMAT.to_owned(),
        version: 1,
        owners: entries
            .values()
            .map(|entry| StoredEntry {
                owner: entry.owner.clone(),
                id: entry.id.clone(),
                created: entry.created,
                state: if entry.sealed.is_some() { "active" } else { "destroyed" }.to_owned(),
                sealed: entry.sealed.as_deref().map(hex::encode),
                retiring: entry.retiring.as_ref().map(|old| StoredRetiring {
                    id: old.id.clone(),
                    sealed: hex::encode(&old.sealed),
                }),
            })
            .collect(),
    };
    let bytes = serde_json::to_vec_pretty(&document)
        .map_err(|error| Error::Config { reason: format!("cannot encode owner keys: {error}") })?;
    crate::private_file::replace(WHAT, path, &bytes)
}

impl OwnerKeyStore for OwnerKeyFile {
    fn get(&self, owner: &str) -> Result<Option<OwnerKeyEntry>> {
        if let Some(entry) = self.lock_entries().0.get(owner) {
            return Ok(Some(entry.clone()));
        }
        // Another process may have added it since.
        self.reload()?;
        Ok(self.lock_entries().0.get(owner).cloned())
    }

    fn refresh(&self) -> Result<bool> {
        self.reload()
    }

    fn insert_new(&self, entry: OwnerKeyEntry) -> Result<OwnerKeyEntry> {
        self.update(|entries| match entries.get(&entry.owner) {
            Some(existing) => (existing.clone(), false),
            None => {
                entries.insert(entry.owner.clone(), entry.clone());
                (entry, true)
            }
        })
    }

    fn insert_new_many(&self, fresh: Vec<OwnerKeyEntry>) -> Result<Vec<OwnerKeyEntry>> {
        self.update(|entries| {
            let mut changed = false;
            let stored = fresh
                .into_iter()
                .map(|entry| {
                    entries
                        .entry(entry.owner.clone())
                        .or_insert_with(|| {
                            changed = true;
                            entry
                        })
                        .clone()
                })
                .collect();
            (stored, changed)
        })
    }

    fn change(
        &self,
        change: &mut dyn FnMut(&mut BTreeMap<String, OwnerKeyEntry>) -> bool,
    ) -> Result<()> {
        self.update(|entries| ((), change(entries)))
    }

    fn destroy(&self, owner: &str) -> Result<bool> {
        self.update(|entries| (destroy_in(entries, owner), true))
    }

    fn entries(&self) -> Result<Vec<OwnerKeyEntry>> {
        self.reload()?;
        Ok(self.lock_entries().0.values().cloned().collect())
    }
}
