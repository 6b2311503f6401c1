//! The recall index on object stores (`memory://`, `file://`, `s3://`): per-scope segments
//! written create-only, listed by a manifest updated with conditional writes.
//!
//! Under `recall-index/<scope>/`: `segments/<id>` objects, each an immutable batch of
//! documents and tombstones, and `manifest`, the ordered list of live segment ids. A writer
//! puts its segment (create-only, a fresh random id), then adds it to the manifest with a
//! compare-and-swap on the manifest's version, re-reading and retrying when another writer
//! got there first: two writers racing on one scope both land, and no document is lost. A
//! later segment's entry for a key replaces an earlier one's. Past [`MERGE_AT`] segments, and
//! on every removal, the writer merges every live segment into one (tombstones applied, so a
//! removed document's terms leave storage), swaps the manifest to it, and deletes the
//! segments merged away.
//!
//! Readers load the scope's segments into memory once per manifest version.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures::TryStreamExt as _;

use crate::recall::{
    DocId, DocInfo, IndexCoverage, IndexDoc, IndexStats, Posting, TERM_BYTES, Term,
};
use crate::{Backend, Error, ObjectKey, PutMode, Result};

/// Live segments past which a writer merges them.
pub const MERGE_AT: usize = 8;
/// Scopes whose snapshots are held in memory at most.
const MAX_CACHED_SCOPES: usize = 256;
/// Compare-and-swap attempts on the manifest before giving up.
const ATTEMPTS: u32 = 64;
const PREFIX: &str = "recall-index";
const SEGMENT_MAGIC: &[u8; 4] = b"MFRS";

/// One entry of a segment: a key's document, or its removal.
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Doc(IndexDoc),
    Removed,
}

/// The in-memory index of one scope as of one manifest version.
struct Snapshot {
    version: Option<crate::Version>,
    /// This process's count of snapshots made when this one was (never repeats).
    generation: u64,
    docs: Vec<(ObjectKey, IndexDoc)>,
    postings: HashMap<Term, Vec<Posting>>,
    length: u64,
    dimensions: u32,
}

/// A scope's current snapshot, the one before it, and when the current one was last found
/// to match the stored manifest (`None`: this process wrote since).
type Snapshots = (Arc<Snapshot>, Option<Arc<Snapshot>>, Option<std::time::Instant>);

/// How long a snapshot is used without reading the manifest again: one recall asks the index
/// several times, and each manifest read is a request to the store. Another process's write
/// shows within this time; this process's own writes show at once.
const FRESH: std::time::Duration = std::time::Duration::from_millis(250);

/// The object-store recall index: what a backend without transactions keeps, and the
/// snapshots it has read.
#[derive(Default)]
pub struct ObjectIndex {
    /// Per scope: the current snapshot, and the one before it, whose document numbers a
    /// ranking begun before the last write may still hold.
    snapshots: Mutex<HashMap<String, Snapshots>>,
    generations: AtomicU64,
}

impl std::fmt::Debug for ObjectIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ObjectIndex(..)")
    }
}

fn folder(scope: &str) -> Result<ObjectKey> {
    ObjectKey::parse(PREFIX)?.child(scope)
}

fn manifest_key(scope: &str) -> Result<ObjectKey> {
    folder(scope)?.child("manifest")
}

fn segment_key(scope: &str, id: &str) -> Result<ObjectKey> {
    folder(scope)?.child("segments")?.child(id)
}

fn corrupt(what: &str) -> Error {
    Error::backend("recall-index", format!("a {what} of the recall index is malformed"))
}

fn fresh_id() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|error| Error::backend("recall-index", error.to_string()))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

// Segment encoding: "MFRS" | u8 1 | u32 entries | entries, each
//   lp(key) | u8 kind (0 removed, 1 document) | for a document: lp(scope) | u32 length |
//   lp(header) | u8 has_attrs | [lp(attrs)] | u32 dimensions | u64 version | u32 terms
//   | terms (16 bytes | u32 count)...
// (lp = u32 big-endian length, then the bytes)

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&u32::try_from(bytes.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(bytes);
}

fn encode(entries: &[(ObjectKey, Entry)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 512);
    out.extend_from_slice(SEGMENT_MAGIC);
    out.push(1);
    out.extend_from_slice(&u32::try_from(entries.len()).unwrap_or(u32::MAX).to_be_bytes());
    for (key, entry) in entries {
        put_bytes(&mut out, key.as_str().as_bytes());
        match entry {
            Entry::Removed => out.push(0),
            Entry::Doc(doc) => {
                out.push(1);
                put_bytes(&mut out, doc.scope.as_bytes());
                out.extend_from_slice(&doc.length.to_be_bytes());
                put_bytes(&mut out, &doc.header);
                match &doc.attrs {
                    Some(attrs) => {
                        out.push(1);
                        put_bytes(&mut out, attrs);
                    }
                    None => out.push(0),
                }
                out.extend_from_slice(&doc.dimensions.to_be_bytes());
                out.extend_from_slice(&doc.version.to_be_bytes());
                out.extend_from_slice(&u32::try_from(doc.terms.len()).unwrap_or(0).to_be_bytes());
                for (term, count) in &doc.terms {
                    out.extend_from_slice(term);
                    out.extend_from_slice(&count.to_be_bytes());
                }
            }
        }
    }
    out
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(corrupt("segment"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32> {
        let bytes: [u8; 4] = self.take(4)?.try_into().map_err(|_| corrupt("segment"))?;
        Ok(u32::from_be_bytes(bytes))
    }

    fn bytes(&mut self) -> Result<&'a [u8]> {
        let len = self.u32()? as usize;
        self.take(len)
    }

    fn text(&mut self) -> Result<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| corrupt("segment"))
    }
}

fn decode(bytes: &[u8]) -> Result<Vec<(ObjectKey, Entry)>> {
    let mut reader = Reader(bytes);
    if reader.take(4)? != SEGMENT_MAGIC || reader.u8()? != 1 {
        return Err(corrupt("segment"));
    }
    let count = reader.u32()?;
    let mut entries = Vec::new();
    for _ in 0..count {
        let key = ObjectKey::parse(reader.text()?).map_err(|_| corrupt("segment"))?;
        let entry = match reader.u8()? {
            0 => Entry::Removed,
            1 => {
                let scope = reader.text()?.to_owned();
                let length = reader.u32()?;
                let header = Bytes::copy_from_slice(reader.bytes()?);
                let attrs = match reader.u8()? {
                    1 => Some(Bytes::copy_from_slice(reader.bytes()?)),
                    _ => None,
                };
                let dimensions = reader.u32()?;
                let version = (u64::from(reader.u32()?) << 32) | u64::from(reader.u32()?);
                let mut terms = Vec::new();
                for _ in 0..reader.u32()? {
                    let term: Term =
                        reader.take(TERM_BYTES)?.try_into().map_err(|_| corrupt("segment"))?;
                    terms.push((term, reader.u32()?));
                }
                Entry::Doc(IndexDoc { scope, terms, length, header, attrs, dimensions, version })
            }
            _ => return Err(corrupt("segment")),
        };
        entries.push((key, entry));
    }
    Ok(entries)
}

/// A scope's manifest: the live segment ids, oldest first, one per line, and a line
/// `dimensions <n>` once the scope has an embedding (so that a writer checks a dimension
/// without reading the segments).
#[derive(Debug, Clone, Default, PartialEq)]
struct Manifest {
    ids: Vec<String>,
    dimensions: u32,
}

impl Manifest {
    fn parse(bytes: &[u8]) -> Result<Manifest> {
        let text = std::str::from_utf8(bytes).map_err(|_| corrupt("manifest"))?;
        let mut manifest = Manifest::default();
        for line in text.lines().filter(|line| !line.is_empty()) {
            if let Some(dimensions) = line.strip_prefix("dimensions ") {
                manifest.dimensions = dimensions.parse().map_err(|_| corrupt("manifest"))?;
            } else if line.len() == 32 && line.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                manifest.ids.push(line.to_owned());
            } else {
                return Err(corrupt("manifest"));
            }
        }
        Ok(manifest)
    }

    fn encode(&self) -> Bytes {
        let mut text = self.ids.join("\n") + "\n";
        if self.dimensions > 0 {
            text.push_str(&format!("dimensions {}\n", self.dimensions));
        }
        Bytes::from(text)
    }
}

async fn read_manifest(
    backend: &dyn Backend,
    scope: &str,
) -> Result<(Option<crate::Version>, Manifest)> {
    match backend.get(&manifest_key(scope)?).await {
        Ok(stored) => Ok((Some(stored.version), Manifest::parse(&stored.body)?)),
        Err(Error::NotFound { .. }) => Ok((None, Manifest::default())),
        Err(error) => Err(error),
    }
}

/// The live entries of `ids`, in order: the last entry of each key wins.
async fn live_entries(
    backend: &dyn Backend,
    scope: &str,
    ids: &[String],
) -> Result<Vec<(ObjectKey, IndexDoc)>> {
    let mut latest: HashMap<ObjectKey, (usize, Entry)> = HashMap::new();
    let mut order = 0;
    for id in ids {
        let stored = backend.get(&segment_key(scope, id)?).await?;
        for (key, entry) in decode(&stored.body)? {
            order += 1;
            // A removal, or a document after one, takes the key's place; of two documents
            // the higher version stays, whichever segment landed last.
            let older = match (latest.get(&key), &entry) {
                (Some((_, Entry::Doc(kept))), Entry::Doc(new)) => new.version < kept.version,
                _ => false,
            };
            if !older {
                latest.insert(key, (order, entry));
            }
        }
    }
    let mut live: Vec<(usize, ObjectKey, IndexDoc)> = latest
        .into_iter()
        .filter_map(|(key, (order, entry))| match entry {
            Entry::Doc(doc) => Some((order, key, doc)),
            Entry::Removed => None,
        })
        .collect();
    live.sort_by_key(|(order, ..)| *order);
    Ok(live.into_iter().map(|(_, key, doc)| (key, doc)).collect())
}

/// The number of document `index` of the snapshot made `generation`th: the generation's low
/// 31 bits above the index, so numbers from an older snapshot are told apart (and then not
/// found) for 2^31 snapshots.
fn doc_number(generation: u64, index: usize) -> DocId {
    let high = i64::try_from(generation & 0x7fff_ffff).unwrap_or(0) << 32;
    high | i64::try_from(index & 0xffff_ffff).unwrap_or(0)
}

/// Waits a little longer after each lost race, differently per writer (by its segment id).
async fn pause(attempt: u32, id: &str) {
    let jitter = id.bytes().next().map_or(0, |byte| u64::from(byte) % 3);
    let millis = u64::from(attempt.min(20)) * 2 + jitter;
    tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
}

impl ObjectIndex {
    /// Writes `docs` and removes `removed` in `scope`, as one new segment added to the
    /// manifest; merges when the scope has too many segments or something was removed.
    ///
    /// # Errors
    ///
    /// A storage error; [`Error::Backend`] when other writers kept winning the manifest.
    pub async fn write(
        &self,
        backend: &dyn Backend,
        scope: &str,
        docs: Vec<(ObjectKey, IndexDoc)>,
        removed: Vec<ObjectKey>,
    ) -> Result<()> {
        if docs.is_empty() && removed.is_empty() {
            return Ok(());
        }
        let merge_always = !removed.is_empty();
        let dimensions = docs.iter().map(|(_, doc)| doc.dimensions).find(|d| *d > 0).unwrap_or(0);
        let mut entries: Vec<(ObjectKey, Entry)> =
            removed.into_iter().map(|key| (key, Entry::Removed)).collect();
        entries.extend(docs.into_iter().map(|(key, doc)| (key, Entry::Doc(doc))));
        let id = fresh_id()?;
        backend
            .put(&segment_key(scope, &id)?, Bytes::from(encode(&entries)), PutMode::Create)
            .await?;
        for attempt in 0..ATTEMPTS {
            let (version, manifest) = read_manifest(backend, scope).await?;
            let mut ids = manifest.ids;
            ids.push(id.clone());
            let mut merged_away = Vec::new();
            let mut merged = None;
            if merge_always || ids.len() > MERGE_AT {
                let live = match live_entries(backend, scope, &ids).await {
                    Ok(live) => live,
                    // Another writer merged those segments away meanwhile: start again
                    // from its manifest.
                    Err(Error::NotFound { .. }) => {
                        pause(attempt, &id).await;
                        continue;
                    }
                    Err(error) => return Err(error),
                };
                let merged_id = fresh_id()?;
                let entries: Vec<(ObjectKey, Entry)> =
                    live.into_iter().map(|(key, doc)| (key, Entry::Doc(doc))).collect();
                backend
                    .put(
                        &segment_key(scope, &merged_id)?,
                        Bytes::from(encode(&entries)),
                        PutMode::Create,
                    )
                    .await?;
                merged_away = std::mem::replace(&mut ids, vec![merged_id.clone()]);
                merged = Some(merged_id);
            }
            let dimensions = if manifest.dimensions > 0 { manifest.dimensions } else { dimensions };
            let body = Manifest { ids, dimensions }.encode();
            let mode = match &version {
                Some(version) => PutMode::IfVersion(version.clone()),
                None => PutMode::Create,
            };
            match backend.put(&manifest_key(scope)?, body, mode).await {
                Ok(_) => {
                    for old in merged_away {
                        // Readers of the old manifest reload when a segment is gone.
                        let _ = backend.delete(&segment_key(scope, &old)?).await;
                    }
                    // The next read checks the manifest, and sees the new one.
                    if let Ok(mut snapshots) = self.snapshots.lock()
                        && let Some(entry) = snapshots.get_mut(scope)
                    {
                        entry.2 = None;
                    }
                    return Ok(());
                }
                Err(
                    Error::VersionMismatch { .. }
                    | Error::AlreadyExists { .. }
                    | Error::NotFound { .. },
                ) => {
                    // The merged segment is dropped unless the manifest names it after all (a
                    // conditional put that landed but answered otherwise).
                    if let Some(merged_id) = merged
                        && let Ok((_, now)) = read_manifest(backend, scope).await
                        && !now.ids.contains(&merged_id)
                    {
                        let _ = backend.delete(&segment_key(scope, &merged_id)?).await;
                    }
                    pause(attempt, &id).await;
                }
                Err(error) => return Err(error),
            }
        }
        Err(Error::backend("recall-index", "other writers kept changing the index manifest"))
    }

    /// The scope's index as of its current manifest.
    async fn snapshot(&self, backend: &dyn Backend, scope: &str) -> Result<Arc<Snapshot>> {
        let fresh = self.snapshots.lock().ok().and_then(|snapshots| {
            let (current, _, checked) = snapshots.get(scope)?;
            checked.filter(|at| at.elapsed() < FRESH).map(|_| Arc::clone(current))
        });
        if let Some(fresh) = fresh {
            return Ok(fresh);
        }
        for _ in 0..ATTEMPTS {
            let (version, Manifest { ids, dimensions }) = read_manifest(backend, scope).await?;
            if let Ok(mut snapshots) = self.snapshots.lock()
                && let Some(entry) = snapshots.get_mut(scope)
                && entry.0.version == version
            {
                entry.2 = Some(std::time::Instant::now());
                return Ok(Arc::clone(&entry.0));
            }
            let docs = match live_entries(backend, scope, &ids).await {
                Ok(docs) => docs,
                // A segment merged away meanwhile: read the new manifest.
                Err(Error::NotFound { .. }) => continue,
                Err(error) => return Err(error),
            };
            let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
            let mut postings: HashMap<Term, Vec<Posting>> = HashMap::new();
            let mut length = 0;
            for (index, (_, doc)) in docs.iter().enumerate() {
                length += u64::from(doc.length);
                let doc_id = doc_number(generation, index);
                for (term, count) in &doc.terms {
                    postings.entry(*term).or_default().push(Posting {
                        doc: doc_id,
                        count: *count,
                        length: doc.length,
                    });
                }
            }
            let snapshot =
                Arc::new(Snapshot { version, generation, docs, postings, length, dimensions });
            if let Ok(mut snapshots) = self.snapshots.lock() {
                let previous = snapshots.remove(scope).map(|(current, ..)| current);
                // Bounded by scopes: past the limit the cache starts again (a scope not in
                // it is read from storage on its next use).
                if snapshots.len() >= MAX_CACHED_SCOPES {
                    snapshots.clear();
                }
                let checked = Some(std::time::Instant::now());
                snapshots.insert(scope.to_owned(), (Arc::clone(&snapshot), previous, checked));
            }
            return Ok(snapshot);
        }
        Err(Error::backend("recall-index", "the index manifest kept changing while read"))
    }

    fn info(snapshot: &Snapshot, doc: DocId) -> Option<DocInfo> {
        if (doc >> 32) != doc_number(snapshot.generation, 0) >> 32 {
            return None;
        }
        let (key, indexed) = snapshot.docs.get(usize::try_from(doc & 0xffff_ffff).ok()?)?;
        Some(DocInfo {
            doc,
            key: key.clone(),
            header: indexed.header.clone(),
            attrs: indexed.attrs.clone(),
        })
    }

    /// See [`crate::RecallIndex::stats`].
    pub(crate) async fn stats(&self, backend: &dyn Backend, scope: &str) -> Result<IndexStats> {
        let snapshot = self.snapshot(backend, scope).await?;
        Ok(IndexStats {
            docs: snapshot.docs.len() as u64,
            length: snapshot.length,
            generation: snapshot.generation,
            dimensions: snapshot.dimensions,
        })
    }

    /// See [`crate::RecallIndex::dimensions`]: from the manifest alone.
    pub(crate) async fn dimensions(&self, backend: &dyn Backend, scope: &str) -> Result<u32> {
        Ok(read_manifest(backend, scope).await?.1.dimensions)
    }

    /// See [`crate::RecallIndex::postings`].
    pub(crate) async fn postings(
        &self,
        backend: &dyn Backend,
        scope: &str,
        terms: Vec<Term>,
    ) -> Result<Vec<Vec<Posting>>> {
        let snapshot = self.snapshot(backend, scope).await?;
        Ok(terms
            .iter()
            .map(|term| snapshot.postings.get(term).cloned().unwrap_or_default())
            .collect())
    }

    /// See [`crate::RecallIndex::docs`]: each number is looked up in the snapshot it came
    /// from, the current one or the one before.
    pub(crate) async fn docs(
        &self,
        backend: &dyn Backend,
        scope: &str,
        docs: Vec<DocId>,
    ) -> Result<Vec<Option<DocInfo>>> {
        let current = self.snapshot(backend, scope).await?;
        let previous = self
            .snapshots
            .lock()
            .ok()
            .and_then(|snapshots| snapshots.get(scope).and_then(|pair| pair.1.clone()));
        Ok(docs
            .into_iter()
            .map(|doc| {
                Self::info(&current, doc)
                    .or_else(|| previous.as_ref().and_then(|previous| Self::info(previous, doc)))
            })
            .collect())
    }

    /// See [`crate::RecallIndex::scope_docs`].
    pub(crate) async fn scope_docs(
        &self,
        backend: &dyn Backend,
        scope: &str,
    ) -> Result<Vec<DocInfo>> {
        let snapshot = self.snapshot(backend, scope).await?;
        let generation = doc_number(snapshot.generation, 0);
        Ok((0..snapshot.docs.len())
            .filter_map(|index| Self::info(&snapshot, generation | i64::try_from(index).ok()?))
            .collect())
    }

    /// The scopes that can hold documents of objects under `prefix`: the owner of
    /// `records/<owner>`, else every scope the index has.
    async fn scopes_under(backend: &dyn Backend, prefix: &ObjectKey) -> Result<Vec<String>> {
        if let Some(owner) = prefix.as_str().split('/').nth(1) {
            return Ok(vec![owner.to_owned()]);
        }
        let keys: Vec<ObjectKey> =
            backend.list(&ObjectKey::parse(PREFIX)?).map_ok(|meta| meta.key).try_collect().await?;
        let mut scopes: Vec<String> = keys
            .iter()
            .filter_map(|key| key.as_str().split('/').nth(1).map(str::to_owned))
            .collect();
        scopes.dedup();
        Ok(scopes)
    }

    /// See [`crate::RecallIndex::indexed`].
    pub(crate) async fn indexed(
        &self,
        backend: &dyn Backend,
        prefix: &ObjectKey,
    ) -> Result<Vec<(ObjectKey, Bytes)>> {
        let scopes = Self::scopes_under(backend, prefix).await?;
        let mut found = Vec::new();
        for scope in scopes {
            let snapshot = self.snapshot(backend, &scope).await?;
            found.extend(
                snapshot
                    .docs
                    .iter()
                    .filter(|(key, _)| key.as_str().starts_with(&format!("{}/", prefix.as_str())))
                    .map(|(key, doc)| (key.clone(), doc.header.clone())),
            );
        }
        Ok(found)
    }

    /// See [`crate::RecallIndex::coverage`].
    pub(crate) async fn coverage(
        &self,
        backend: &dyn Backend,
        prefix: &ObjectKey,
    ) -> Result<IndexCoverage> {
        let mut objects = 0;
        let mut listing = backend.list(prefix);
        while listing.try_next().await?.is_some() {
            objects += 1;
        }
        let indexed = self.indexed(backend, prefix).await?.len() as u64;
        Ok(IndexCoverage { objects, indexed })
    }
}

#[cfg(test)]
mod tests;
