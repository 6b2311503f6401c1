//! Encryptions per key, kept across processes: a [`KeyUseLedger`] adds what each process
//! counted ([`fabric_crypto::KeyUses`]) to running totals, so that `fabric keys list`, the
//! doctor and `/metrics` can say how close each key-encryption key and owner key is to the
//! random-nonce limit ([`fabric_crypto::RANDOM_NONCE_LIMIT`]).
//!
//! Counts reach the ledger when a fabric flushes them ([`crate::MemoryFabric::flush_key_uses`]):
//! at the end of every CLI command, every [`FLUSH_EVERY`] while a server runs, and when the
//! fabric is dropped. A process killed meanwhile loses what it counted since its last flush,
//! so a total is a lower bound by at most that much; the warning at a quarter of the limit
//! leaves room for it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use fabric_crypto::KeyUses;

use serde::{Deserialize, Serialize};

use crate::{Error, Result, private_file};

/// How often a fabric with a ledger flushes its counts from a background task.
pub const FLUSH_EVERY: Duration = Duration::from_secs(30);

const FORMAT: &str = "memory-fabric key uses";
const WHAT: &str = "key use";

/// Where encryption counts are kept, by key id (key-encryption keys and owner keys alike).
pub trait KeyUseLedger: Send + Sync + fmt::Debug {
    /// Adds `counts` to the totals kept and returns the totals after, in one step that no
    /// other writer's addition interleaves with.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the ledger cannot be read or written; nothing is added then.
    fn add(&self, counts: &BTreeMap<String, u64>) -> Result<BTreeMap<String, u64>>;

    /// The totals kept.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the ledger cannot be read.
    fn totals(&self) -> Result<BTreeMap<String, u64>>;
}

#[derive(Serialize, Deserialize)]
struct Document {
    format: String,
    version: u32,
    encryptions: BTreeMap<String, u64>,
}

/// A ledger in one JSON file of the home (`<home>/key-uses.json`, mode 0600), rewritten
/// atomically under an exclusive lock. It holds counts and key ids, never key bytes.
#[derive(Debug, Clone)]
pub struct KeyUseFile {
    path: PathBuf,
}

impl KeyUseFile {
    /// The ledger at `path`; the file is made by the first addition.
    pub fn new(path: impl Into<PathBuf>) -> KeyUseFile {
        KeyUseFile { path: path.into() }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl KeyUseLedger for KeyUseFile {
    fn add(&self, counts: &BTreeMap<String, u64>) -> Result<BTreeMap<String, u64>> {
        private_file::locked(WHAT, &self.path, || {
            let mut totals = read(&self.path)?;
            if counts.values().all(|count| *count == 0) {
                return Ok(totals);
            }
            for (id, count) in counts {
                let total = totals.entry(id.clone()).or_default();
                *total = total.saturating_add(*count);
            }
            let document = Document { format: FORMAT.to_owned(), version: 1, encryptions: totals };
            let bytes = serde_json::to_vec_pretty(&document).map_err(|error| Error::Config {
                reason: format!("cannot encode key uses: {error}"),
            })?;
            private_file::replace(WHAT, &self.path, &bytes)?;
            Ok(document.encryptions)
        })
    }

    fn totals(&self) -> Result<BTreeMap<String, u64>> {
        read(&self.path)
    }
}

fn read(path: &Path) -> Result<BTreeMap<String, u64>> {
    let Some(bytes) = private_file::read(WHAT, path)? else { return Ok(BTreeMap::new()) };
    let malformed = |reason: String| Error::Config {
        reason: format!("the key use file {} is malformed: {reason}", path.display()),
    };
    let document: Document =
        serde_json::from_slice(&bytes).map_err(|error| malformed(error.to_string()))?;
    if document.format != FORMAT || document.version != 1 {
        return Err(malformed(format!("it is {} version {}", document.format, document.version)));
    }
    Ok(document.encryptions)
}

/// A fabric's counts and the ledger they are flushed to; flushed once more when dropped.
#[derive(Debug)]
pub(crate) struct UseCounter {
    uses: Arc<KeyUses>,
    ledger: Arc<dyn KeyUseLedger>,
    /// Held while counts are on their way from `uses` to the ledger (in neither), so that
    /// [`UseCounter::totals`] never reports a total without them.
    moving: std::sync::Mutex<()>,
}

impl UseCounter {
    /// Starts counting into `ledger`, warning of the keys already past the warning, and
    /// flushes every [`FLUSH_EVERY`] from a task of the current Tokio runtime (when there is
    /// one) that ends with the counter. A ledger that cannot be read is logged, not fatal:
    /// counts are advisory, and every flush names the problem again until it is mended.
    pub(crate) fn start(uses: Arc<KeyUses>, ledger: Arc<dyn KeyUseLedger>) -> Arc<Self> {
        match ledger.totals() {
            Ok(totals) => warn_of(&crossed(&BTreeMap::new(), &totals)),
            Err(error) => tracing::warn!(%error, "key use counts not readable"),
        }
        let counter = Arc::new(UseCounter { uses, ledger, moving: std::sync::Mutex::new(()) });
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let weak = Arc::downgrade(&counter);
            runtime.spawn(async move {
                let start = tokio::time::Instant::now() + FLUSH_EVERY;
                let mut ticks = tokio::time::interval_at(start, FLUSH_EVERY);
                loop {
                    ticks.tick().await;
                    let Some(counter) = weak.upgrade() else { break };
                    // Blocking file I/O (a lock, a write and an fsync) off the runtime.
                    let flushed = tokio::task::spawn_blocking(move || counter.flush()).await;
                    if let Ok(Err(error)) = flushed {
                        tracing::warn!(%error, "key use counts not flushed; kept for the next try");
                    }
                }
            });
        }
        counter
    }

    /// Adds the counts since the last flush to the ledger (kept for the next flush when
    /// that fails), warning of each key that crossed the warning; the totals after.
    pub(crate) fn flush(&self) -> Result<BTreeMap<String, u64>> {
        let _moving = self.moving.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let counts = self.uses.take();
        if counts.is_empty() {
            return self.ledger.totals();
        }
        match self.ledger.add(&counts) {
            Ok(after) => {
                let before = after
                    .iter()
                    .map(|(id, total)| {
                        (id.clone(), total.saturating_sub(counts.get(id).copied().unwrap_or(0)))
                    })
                    .collect();
                warn_of(&crossed(&before, &after));
                Ok(after)
            }
            Err(error) => {
                self.uses.restore(counts);
                Err(error)
            }
        }
    }

    /// The kept totals with this process's unflushed counts added.
    pub(crate) fn totals(&self) -> Result<BTreeMap<String, u64>> {
        let _moving = self.moving.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut totals = self.ledger.totals()?;
        for (id, count) in self.uses.pending() {
            let total = totals.entry(id).or_default();
            *total = total.saturating_add(count);
        }
        Ok(totals)
    }
}

impl Drop for UseCounter {
    fn drop(&mut self) {
        if let Err(error) = self.flush() {
            tracing::warn!(%error, "key use counts of this process not kept");
        }
    }
}

/// The keys of `after` that reached [`fabric_crypto::USES_WARNING`] with this addition
/// (below it in `before`), with their totals.
pub(crate) fn crossed(
    before: &BTreeMap<String, u64>,
    after: &BTreeMap<String, u64>,
) -> Vec<(String, u64)> {
    after
        .iter()
        .filter(|(id, total)| {
            **total >= fabric_crypto::USES_WARNING
                && before.get(*id).copied().unwrap_or(0) < fabric_crypto::USES_WARNING
        })
        .map(|(id, total)| (id.clone(), *total))
        .collect()
}

/// Logs a warning for each key in `keys` (id and total, never key bytes).
pub(crate) fn warn_of(keys: &[(String, u64)]) {
    for (key, total) in keys {
        tracing::warn!(
            key = %key,
            encryptions = total,
            limit = fabric_crypto::RANDOM_NONCE_LIMIT,
            "a key has made a quarter of the encryptions its random nonces allow: rotate it \
             (`fabric keys rotate`; `--records` for owner keys)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn additions_accumulate_and_a_bad_file_is_named_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = KeyUseFile::new(dir.path().join("key-uses.json"));
        assert!(ledger.totals().unwrap().is_empty());
        let first = BTreeMap::from([("ka".to_owned(), 3), ("o1".to_owned(), 5)]);
        ledger.add(&first).unwrap();
        let after = KeyUseFile::new(ledger.path()).add(&BTreeMap::from([("ka".into(), 2)]));
        assert_eq!(after.unwrap(), BTreeMap::from([("ka".to_owned(), 5), ("o1".to_owned(), 5)]));
        assert_eq!(ledger.totals().unwrap().get("ka"), Some(&5));

        std::fs::write(ledger.path(), b"{\"format\":\"something else\"}").unwrap();
        let private = std::os::unix::fs::PermissionsExt::from_mode(0o600);
        std::fs::set_permissions(ledger.path(), private).unwrap();
        let error = ledger.add(&first).unwrap_err().to_string();
        assert!(error.contains("key use file") && error.contains("malformed"), "{error}");
        assert_eq!(std::fs::read(ledger.path()).unwrap(), b"{\"format\":\"something else\"}");
    }

    #[test]
    fn a_warning_is_due_once_when_a_total_crosses_a_quarter_of_the_limit() {
        let warning = fabric_crypto::USES_WARNING;
        let before = BTreeMap::from([("a".to_owned(), warning - 1), ("b".to_owned(), warning)]);
        let after = BTreeMap::from([
            ("a".to_owned(), warning),
            ("b".to_owned(), warning + 1),
            ("c".to_owned(), 1),
        ]);
        assert_eq!(crossed(&before, &after), vec![("a".to_owned(), warning)]);
        assert!(crossed(&after, &after).is_empty());
    }
}
