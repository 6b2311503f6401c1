//! Replacing owner keys (`fabric keys rotate --records`): each live owner gets a fresh key
//! while its old one stays beside it, retiring, until no record is wrapped by it any more.
//! Both steps are single writes of the store, so a crash leaves either state, and a run
//! started again finds the replacement under way and finishes it.

use fabric_crypto::{Keyring, Provider};

use super::{OwnerKeys, RetiringKey, new_entry};
use crate::Result;

/// One owner whose key is being replaced: the owner, and the id of the retiring key.
pub(crate) type Replacing = (String, String);

impl OwnerKeys {
    /// Starts replacing every live owner's key, unless a replacement is under way already
    /// (some owner has a retiring key): then that one is resumed and no key is replaced
    /// anew. Returns the owners being replaced with their retiring key's id, and whether a
    /// replacement was resumed.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Config`] when the store fails; [`crate::Error::Random`]-like crypto
    /// errors when a key cannot be made.
    pub(crate) fn begin_replacing(
        &self,
        provider: &Provider,
        keks: &Keyring,
    ) -> Result<(Vec<Replacing>, bool)> {
        let entries = self.store.entries()?;
        let resumed = entries.iter().any(|entry| entry.retiring.is_some());
        if !resumed {
            let mut fresh = Vec::new();
            for entry in entries.iter().filter(|entry| entry.sealed.is_some()) {
                fresh.push(new_entry(provider, keks, &entry.owner)?);
            }
            self.store.change(&mut |stored| {
                let mut changed = false;
                for new in &fresh {
                    if let Some(entry) = stored.get_mut(&new.owner)
                        && entry.retiring.is_none()
                        && let Some(sealed) = entry.sealed.take()
                    {
                        entry.retiring = Some(RetiringKey { id: entry.id.clone(), sealed });
                        entry.id.clone_from(&new.id);
                        entry.sealed.clone_from(&new.sealed);
                        entry.created = new.created;
                        changed = true;
                    }
                }
                changed
            })?;
        }
        self.forget_all();
        let replacing = self
            .store
            .entries()?
            .into_iter()
            .filter(|entry| entry.sealed.is_some())
            .filter_map(|entry| entry.retiring.map(|old| (entry.owner, old.id)))
            .collect();
        Ok((replacing, resumed))
    }

    /// Drops the retiring keys of `done` (each still the same retiring key): nothing they
    /// wrapped opens any more.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Config`] when the store fails.
    pub(crate) fn finish_replacing(&self, done: &[Replacing]) -> Result<()> {
        self.store.change(&mut |stored| {
            let mut changed = false;
            for (owner, retiring_id) in done {
                if let Some(entry) = stored.get_mut(owner)
                    && entry.retiring.as_ref().is_some_and(|old| &old.id == retiring_id)
                {
                    entry.retiring = None;
                    changed = true;
                }
            }
            changed
        })?;
        self.forget_all();
        Ok(())
    }
}
