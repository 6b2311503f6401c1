//! What recall writes beside each record: its blind terms under the owner's index key, its
//! clear header, and its sealed attributes (importance and embedding); and the owners'
//! index keys themselves, each sealed under the keyring as object `recall-keys/<owner>`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use fabric_crypto::blind::{Blinder, IndexKey, TermKind, Tokenizer};
use fabric_crypto::{KEY_LEN, envelope};
use fabric_store::recall::{IndexDoc, Term};
use fabric_store::{Backend, ObjectKey, PutMode};

use crate::sealer::Sealer;
use crate::{Error, Record, Result};

/// Where the owners' index keys are kept.
pub(crate) const KEYS_PREFIX: &str = "recall-keys";
/// Index keys held in memory at most; past it the cache starts again.
const MAX_CACHED_KEYS: usize = 4096;
/// Words whose terms the caches of all owners together hold at most (about 6 MiB): an
/// owner whose next word finds the budget spent starts its own cache again, and while the
/// others hold all of it, its words are blinded uncached. Memory stays flat however many
/// records and owners are indexed.
const MAX_CACHED_WORDS: usize = 65_536;

/// One owner's blinder, and the terms of the words it has seen: words repeat (their
/// frequencies are Zipfian), so most need neither stemming nor an HMAC. Held in memory only.
/// The cache and the per-document term counts hash with `foldhash` (a sixth of the time of
/// `store_many` went to SipHash): its seed is drawn per process, so words chosen to collide
/// need that seed, and the cache is bounded and cleared when full.
pub(crate) struct OwnerTerms {
    blinder: Blinder,
    words: Mutex<foldhash::HashMap<String, Term>>,
    /// Words cached by every owner's cache of this indexer.
    budget: Arc<AtomicUsize>,
}

impl Drop for OwnerTerms {
    fn drop(&mut self) {
        let words = self.words.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.budget.fetch_sub(words.len(), Ordering::Relaxed);
    }
}

impl OwnerTerms {
    fn new(blinder: Blinder, budget: &Arc<AtomicUsize>) -> Self {
        let words = Mutex::new(foldhash::HashMap::default());
        OwnerTerms { blinder, words, budget: Arc::clone(budget) }
    }

    /// The token of `term` of kind `kind` (see [`Blinder::term`]).
    pub(crate) fn term(&self, kind: TermKind, term: &str) -> fabric_crypto::blind::BlindTerm {
        self.blinder.term(kind, term)
    }

    /// Calls `each` with the word token of every word of `text`, in order.
    fn word_terms(&self, tokenizer: &Tokenizer, text: &str, mut each: impl FnMut(Term)) {
        let mut words = self.words.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut folded = String::new();
        for word in tokenizer.words(text) {
            if let Some(term) = words.get(word) {
                each(*term);
                continue;
            }
            tokenizer.normalize_into(word, &mut folded);
            let term = self.blinder.term(TermKind::Word, &folded).0;
            if self.budget.load(Ordering::Relaxed) >= MAX_CACHED_WORDS {
                self.budget.fetch_sub(words.len(), Ordering::Relaxed);
                words.clear();
            }
            if self.budget.load(Ordering::Relaxed) < MAX_CACHED_WORDS {
                words.insert(word.to_owned(), term);
                self.budget.fetch_add(1, Ordering::Relaxed);
            }
            each(term);
        }
    }
}

/// Turns records into index documents, and holds the owners' index keys.
pub(crate) struct Indexer {
    pub(crate) tokenizer: Tokenizer,
    blinders: Mutex<HashMap<String, Arc<OwnerTerms>>>,
    /// Words cached by all owners (see [`MAX_CACHED_WORDS`]).
    cached_words: Arc<AtomicUsize>,
}

impl std::fmt::Debug for Indexer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer").field("tokenizer", &self.tokenizer).finish_non_exhaustive()
    }
}

/// The blinders of the owners of one batch of records.
pub(crate) type Blinders = HashMap<String, Arc<OwnerTerms>>;

fn key_context(owner: &str) -> Vec<u8> {
    let mut context = b"fabric recall index key\0".to_vec();
    envelope::push_field(&mut context, owner.as_bytes());
    context
}

fn attrs_context(owner: &str, id: &str) -> Vec<u8> {
    let mut context = b"fabric recall attributes\0".to_vec();
    envelope::push_field(&mut context, owner.as_bytes());
    envelope::push_field(&mut context, id.as_bytes());
    context
}

fn key_object(owner: &str) -> Result<ObjectKey> {
    ObjectKey::parse(KEYS_PREFIX)
        .and_then(|prefix| prefix.child(owner))
        .map_err(|error| Error::invalid("owner", error.to_string()))
}

/// Rewraps `owner`'s index key under the owner's current sealing key when the key id it is
/// wrapped by is one `stale` names (a replaced owner key, an older key-encryption key);
/// whether it was. The key itself is unchanged.
pub(crate) async fn rewrap_key(
    backend: &dyn Backend,
    sealer: &Sealer,
    owner: &str,
    stale: impl Fn(&str) -> bool,
) -> Result<bool> {
    let object = key_object(owner)?;
    let stored = match backend.get(&object).await {
        Ok(stored) => stored,
        Err(fabric_store::Error::NotFound { .. }) => return Ok(false),
        Err(error) => return Err(Error::Store(error)),
    };
    let wrapped_by = envelope::inspect(&stored.body)
        .map_err(|error| Error::from_crypto(object.as_str(), error))?;
    if !stale(wrapped_by.key_id.as_str()) {
        return Ok(false);
    }
    let keyring = sealer.sealing_keyring(owner)?;
    let rewrapped = envelope::rewrap(
        &sealer.provider,
        sealer.provider.random,
        &keyring,
        &key_context(owner),
        &stored.body,
    )
    .map_err(|error| Error::from_crypto(object.as_str(), error))?;
    match backend.put(&object, Bytes::from(rewrapped), PutMode::IfVersion(stored.version)).await {
        Ok(_) => Ok(true),
        // Changed meanwhile: the next pass looks again.
        Err(fabric_store::Error::VersionMismatch { .. }) => Ok(false),
        Err(error) => Err(Error::Store(error)),
    }
}

impl Indexer {
    pub(crate) fn new(tokenizer: Tokenizer) -> Self {
        Indexer {
            tokenizer,
            blinders: Mutex::new(HashMap::new()),
            cached_words: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn cached(&self, owner: &str) -> Option<Arc<OwnerTerms>> {
        self.blinders.lock().ok().and_then(|cache| cache.get(owner).cloned())
    }

    /// Forgets `owner`'s index key (after it is shredded).
    pub(crate) fn forget(&self, owner: &str) {
        if let Ok(mut cache) = self.blinders.lock() {
            cache.remove(owner);
        }
    }

    fn remember(&self, owner: &str, blinder: &Arc<OwnerTerms>) {
        if let Ok(mut cache) = self.blinders.lock() {
            if cache.len() >= MAX_CACHED_KEYS {
                cache.clear();
            }
            cache.insert(owner.to_owned(), Arc::clone(blinder));
        }
    }

    /// The blinder of `owner`'s index key: read from storage, or (with `create`) made and
    /// stored when the owner has none yet; `None` when it has none and `create` is off.
    pub(crate) async fn blinder(
        &self,
        backend: &dyn Backend,
        sealer: &Sealer,
        owner: &str,
        create: bool,
    ) -> Result<Option<Arc<OwnerTerms>>> {
        if let Some(blinder) = self.cached(owner) {
            return Ok(Some(blinder));
        }
        let object = key_object(owner)?;
        let context = key_context(owner);
        // Two attempts: a writer that loses the race to create the key (or to index under
        // it first) reads the winner's.
        for attempt in 0..2 {
            match backend.get(&object).await {
                Ok(stored) => {
                    let bytes = zeroize::Zeroizing::new(sealer.open_envelope(
                        owner,
                        object.as_str(),
                        &context,
                        &stored.body,
                    )?);
                    let bytes: [u8; KEY_LEN] =
                        bytes.as_slice().try_into().map_err(|_| Error::Corrupt {
                            id: object.to_string(),
                            reason: "an index key is not 32 bytes",
                        })?;
                    let blinder = Arc::new(OwnerTerms::new(
                        Blinder::new(&IndexKey::from_bytes(bytes)),
                        &self.cached_words,
                    ));
                    self.remember(owner, &blinder);
                    return Ok(Some(blinder));
                }
                Err(fabric_store::Error::NotFound { .. }) => {
                    // A missing key with documents indexed under it was removed: say so
                    // rather than answer nothing, or index anew under another key. But a
                    // concurrent first writer may have made the key and indexed under it
                    // between the read and the count (the key is made before anything is
                    // indexed under it): read it once more before calling it gone.
                    if let Some(index) = backend.recall_index()
                        && index.stats(owner).await.map_err(Error::Store)?.docs > 0
                    {
                        if attempt == 0 {
                            continue;
                        }
                        return Err(Error::Corrupt {
                            id: object.to_string(),
                            reason: "the owner's index key is gone while its index holds \
                                     documents",
                        });
                    }
                    if !create {
                        return Ok(None);
                    }
                    let key = IndexKey::generate(sealer.provider.random)?;
                    let sealed = envelope::seal(
                        sealer.suite,
                        sealer.provider.random,
                        &*sealer.sealing_keyring(owner)?,
                        &context,
                        key.expose_secret(),
                    )?;
                    match backend.put(&object, Bytes::from(sealed), PutMode::Create).await {
                        Ok(_) => {
                            let blinder =
                                Arc::new(OwnerTerms::new(Blinder::new(&key), &self.cached_words));
                            self.remember(owner, &blinder);
                            return Ok(Some(blinder));
                        }
                        Err(fabric_store::Error::AlreadyExists { .. }) => {}
                        Err(error) => return Err(Error::Store(error)),
                    }
                }
                Err(error) => return Err(Error::Store(error)),
            }
        }
        Err(Error::Config { reason: "the owner's index key could not be read or made".into() })
    }

    /// The blinders of every owner of `records`, made where missing.
    pub(crate) async fn blinders_for(
        &self,
        backend: &dyn Backend,
        sealer: &Sealer,
        records: &[Record],
    ) -> Result<Blinders> {
        // Owner keys first, made together: an index key is sealed under its owner's.
        sealer.prepare_owners(records)?;
        let mut blinders = Blinders::new();
        for record in records {
            if !blinders.contains_key(&record.owner) {
                let blinder = self
                    .blinder(backend, sealer, &record.owner, true)
                    .await?
                    .ok_or_else(|| Error::Config { reason: "no index key".into() })?;
                blinders.insert(record.owner.clone(), blinder);
            }
        }
        Ok(blinders)
    }

    /// The ranked terms of a query text, each with how often it occurs in the text.
    pub(crate) fn query_terms(&self, blinder: &OwnerTerms, text: &str) -> Vec<(Term, u32)> {
        let mut counts: foldhash::HashMap<Term, u32> = foldhash::HashMap::default();
        blinder.word_terms(&self.tokenizer, text, |term| *counts.entry(term).or_default() += 1);
        let mut terms: Vec<(Term, u32)> = counts.into_iter().collect();
        terms.sort_unstable();
        terms
    }

    /// The index document of `record`, whose clear header is `header`.
    pub(crate) fn doc(
        &self,
        sealer: &Sealer,
        blinder: &OwnerTerms,
        record: &Record,
        header: &[u8],
    ) -> Result<IndexDoc> {
        let mut counts: foldhash::HashMap<Term, u32> = foldhash::HashMap::default();
        let mut ranked = |text: &str| {
            blinder.word_terms(&self.tokenizer, text, |term| *counts.entry(term).or_default() += 1);
        };
        ranked(&record.content);
        for tag in &record.tags {
            ranked(tag);
        }
        let mut length: u32 = counts.values().sum();
        for (key, value) in &record.metadata {
            let pair = meta_pair(key, value);
            *counts.entry(blinder.term(TermKind::Meta, &pair).0).or_default() += 1;
            length = length.saturating_add(1);
        }
        for tag in &record.tags {
            counts.entry(blinder.term(TermKind::Tag, tag).0).or_default();
        }
        if let Some(session) = &record.session_id {
            counts.entry(blinder.term(TermKind::Session, session).0).or_default();
        }
        let mut terms: Vec<(Term, u32)> = counts.into_iter().collect();
        terms.sort_unstable();
        let attrs = seal_attrs(sealer, record)?;
        Ok(IndexDoc {
            scope: record.owner.clone(),
            terms,
            length,
            header: Bytes::copy_from_slice(header),
            attrs: Some(Bytes::from(attrs)),
            dimensions: record
                .embedding
                .as_ref()
                .map_or(0, |embedding| u32::try_from(embedding.len()).unwrap_or(u32::MAX)),
            version: record.version,
        })
    }
}

/// Refuses a batch in which an embedding's dimension differs from its owner's: the first
/// embedding an owner stores fixes it (two first writers racing with different dimensions
/// can both land; recall then ranks by the query's dimension only).
///
/// # Errors
///
/// [`Error::InvalidInput`] naming the dimensions; [`Error::Store`].
pub(crate) async fn check_dimensions(
    index: &dyn fabric_store::RecallIndex,
    records: &[Record],
) -> Result<()> {
    let mut owners: HashMap<&str, usize> = HashMap::new();
    for record in records {
        let Some(embedding) = &record.embedding else { continue };
        let expected = match owners.get(record.owner.as_str()) {
            Some(expected) => *expected,
            None => {
                let stored = index.dimensions(&record.owner).await.map_err(Error::Store)?;
                let expected = if stored == 0 { embedding.len() } else { stored as usize };
                owners.insert(&record.owner, expected);
                expected
            }
        };
        if embedding.len() != expected {
            return Err(Error::invalid(
                "embedding",
                format!("has {} values; this owner's embeddings have {expected}", embedding.len()),
            ));
        }
    }
    Ok(())
}

/// A metadata pair as one exact term: `key=value`, the value as compact JSON.
pub(crate) fn meta_pair(key: &str, value: &serde_json::Value) -> String {
    format!("{key}={value}")
}

/// What recall ranks with besides terms, as sealed beside the record.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Attrs {
    pub(crate) importance: f32,
    pub(crate) embedding: Option<Vec<f32>>,
}

/// `importance (f32 LE) | embedding (f32 LE each)`, sealed for the record's owner and id.
fn seal_attrs(sealer: &Sealer, record: &Record) -> Result<Vec<u8>> {
    let floats = record.embedding.as_deref().unwrap_or_default();
    let mut plain = zeroize::Zeroizing::new(Vec::with_capacity(4 + 4 * floats.len()));
    plain.extend_from_slice(&record.importance.to_le_bytes());
    for value in floats {
        plain.extend_from_slice(&value.to_le_bytes());
    }
    let context = attrs_context(&record.owner, record.id.as_str());
    let keyring = sealer.sealing_keyring(&record.owner)?;
    Ok(envelope::seal(sealer.suite, sealer.provider.random, &keyring, &context, &plain)?)
}

/// Rewraps the attributes sealed for `owner`'s record `id` under `keyring`'s active key (the
/// owner's sealing key), their content unchanged.
#[cfg(feature = "sqlite")]
pub(crate) fn rewrap_attrs(
    sealer: &Sealer,
    keyring: &fabric_crypto::Keyring,
    owner: &str,
    id: &str,
    sealed: &[u8],
) -> Result<Vec<u8>> {
    envelope::rewrap(
        &sealer.provider,
        sealer.provider.random,
        keyring,
        &attrs_context(owner, id),
        sealed,
    )
    .map_err(|error| Error::from_crypto(id, error))
}

/// Opens the attributes sealed for `owner`'s record `id`.
pub(crate) fn open_attrs(sealer: &Sealer, owner: &str, id: &str, sealed: &[u8]) -> Result<Attrs> {
    let plain = zeroize::Zeroizing::new(sealer.open_envelope(
        owner,
        id,
        &attrs_context(owner, id),
        sealed,
    )?);
    let corrupt =
        || Error::Corrupt { id: id.to_owned(), reason: "its recall attributes are malformed" };
    if plain.len() < 4 || plain.len() % 4 != 0 {
        return Err(corrupt());
    }
    let mut floats = plain
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
    let importance = floats.next().ok_or_else(corrupt)?;
    let embedding: Vec<f32> = floats.collect();
    Ok(Attrs { importance, embedding: (!embedding.is_empty()).then_some(embedding) })
}
