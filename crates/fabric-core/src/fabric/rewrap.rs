//! Moving records under their owners' new keys by rewrapping their data keys (`fabric keys
//! rotate --records`, on SQLite): only each envelope's key id, wrap nonce and wrapped data
//! key change. Its content, the record's version, its version entry, its audit digest and
//! its recall postings stay as they are, so nothing is indexed or audited again per record;
//! the sealed recall attributes of its index document are rewrapped beside it, in the same
//! transaction. Records are read a page of rows at a time in the order the table keeps them
//! (so that reads and writes sweep the file rather than jump about it), rewrapped on a
//! blocking thread, and written back with one transaction per page, each record only if it
//! is still the version read, while the next page is read.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use fabric_crypto::Keyring;
use fabric_store::{ObjectKey, PutMode, SqliteBackend, Stored, WriteOp};
use futures::{StreamExt as _, TryStreamExt as _};

use super::{MemoryFabric, split_key};
use crate::sealer::Sealer;
use crate::{Error, Result, frame};

/// Records rewrapped per transaction.
const PAGE: usize = 4096;

/// One page of records with the sealed recall attributes of their documents.
type Page = (Vec<(ObjectKey, Stored)>, HashMap<ObjectKey, Bytes>);

/// One record rewrapped: where, its new frame, the version it was read at, and its
/// document's attributes as read and rewrapped.
struct Moved {
    key: ObjectKey,
    body: Bytes,
    version: fabric_store::Version,
    attrs: Option<(Bytes, Bytes)>,
}

impl Moved {
    /// Its writes: the frame if the record is still at the version read, the attributes if
    /// they are still the ones read.
    fn ops(&self) -> impl Iterator<Item = WriteOp> + '_ {
        let put = WriteOp::Put {
            key: self.key.clone(),
            body: self.body.clone(),
            mode: PutMode::IfVersion(self.version.clone()),
            entry: None,
        };
        let attrs = self.attrs.iter().map(|(old, new)| WriteOp::ReplaceAttrs {
            key: self.key.clone(),
            old: old.clone(),
            new: new.clone(),
        });
        std::iter::once(put).chain(attrs)
    }
}

impl MemoryFabric {
    /// How many records are stored (a count of the SQLite table's keys, not a listing).
    pub(super) async fn count_records(&self, sqlite: &SqliteBackend) -> Result<u64> {
        use fabric_store::recall::RecallIndex as _;
        let coverage = sqlite.coverage(&super::records_prefix()?).await.map_err(Error::Store)?;
        Ok(coverage.objects)
    }

    /// One pass over the records on SQLite: rewraps each one whose envelope names its
    /// owner's retiring key (`retiring`: key id to owner) under the owner's sealing key, with
    /// its recall attributes. The first pass reads the table in row order (fast); later ones
    /// in key order, which a `VACUUM` renumbering rows meanwhile cannot make skip a record,
    /// so the pass that finds nothing left, and lets the retiring keys go, is one of them.
    /// `progress` gets the records looked at so far.
    pub(super) async fn rewrap_pass(
        &self,
        sqlite: &SqliteBackend,
        retiring: &Arc<HashMap<String, String>>,
        in_table_order: bool,
        mut progress: impl FnMut(u64),
    ) -> Result<RewrapPass> {
        let records = if in_table_order {
            sqlite.list_in_table_order(&super::records_prefix()?).map_err(Error::Store).boxed()
        } else {
            self.stored_records()?
        };
        let mut pages = records.try_chunks(PAGE);
        let (mut seen, mut pass) = (0, RewrapPass::default());
        let mut rewrapping: Option<tokio::task::JoinHandle<Result<Rewrapped>>> = None;
        loop {
            // The next page is read while the previous one is rewrapped, then written.
            let read = async {
                match pages.try_next().await.map_err(|error| error.1)? {
                    Some(page) => {
                        seen += page.len() as u64;
                        with_attrs(sqlite, retiring, page).await.map(Some)
                    }
                    None => Ok(None),
                }
            };
            let write = async {
                let Some(task) = rewrapping.take() else { return Ok(RewrapPass::default()) };
                let (rewrapped, unreadable) = task
                    .await
                    .map_err(|_| Error::Config { reason: "a rewrap task stopped".into() })??;
                let found = rewrapped.len() as u64;
                let moved = put_moved(sqlite, rewrapped).await?;
                Ok::<_, Error>(RewrapPass { found, moved, unreadable })
            };
            let (page, written) = tokio::join!(read, write);
            let (page, written) = (page?, written?);
            pass.found += written.found;
            pass.moved += written.moved;
            pass.unreadable += written.unreadable;
            let Some(page) = page else { break };
            let sealer = self.sealer.clone();
            rewrapping = Some(tokio::task::spawn_blocking(move || rewrap_page(&sealer, page)));
            progress(seen);
        }
        Ok(pass)
    }
}

impl MemoryFabric {
    /// Rewraps the recall attributes still sealed under an owner's retiring key once no
    /// record is (`retiring`: key id to owner): those of a document indexed again, while
    /// the rotation ran, by a writer that still sealed under the old key, after its record
    /// had been rewrapped. Each is replaced only if it is still the one read; those that do
    /// not open are left for `fabric reindex`. How many were rewrapped.
    pub(super) async fn rewrap_stale_attrs(
        &self,
        sqlite: &SqliteBackend,
        retiring: &Arc<HashMap<String, String>>,
    ) -> Result<u64> {
        let wanted = Arc::clone(retiring);
        let stale = sqlite
            .attrs_where(move |key, sealed| {
                let Some((owner, _)) = split_key(key) else { return false };
                fabric_crypto::envelope::inspect(sealed).is_ok_and(|wrapping| {
                    super::rekey::is_retiring(&wanted, owner, wrapping.key_id.as_str())
                })
            })
            .await
            .map_err(Error::Store)?;
        let mut ops = Vec::new();
        for (key, old) in stale {
            let Some((owner, id)) = split_key(&key) else { continue };
            let sealing = match self.sealer.sealing_keyring(owner) {
                Ok(keys) => keys,
                Err(Error::KeyDestroyed { .. }) => continue,
                Err(error) => return Err(error),
            };
            // Attributes that do not open are left for `fabric reindex`, as in a pass.
            match crate::recall::index::rewrap_attrs(&self.sealer, &sealing, owner, id, &old) {
                Ok(new) => ops.push(WriteOp::ReplaceAttrs { key, old, new: Bytes::from(new) }),
                Err(Error::Authentication { .. } | Error::Corrupt { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        let found = ops.len() as u64;
        let mut ops = ops.into_iter().peekable();
        while ops.peek().is_some() {
            let batch = ops.by_ref().take(PAGE).collect();
            sqlite.write_ops(batch).await.map_err(Error::Store)?;
        }
        Ok(found)
    }
}

/// What one [`MemoryFabric::rewrap_pass`] found.
#[derive(Debug, Default)]
pub(super) struct RewrapPass {
    /// Records wrapped by a retiring key that it rewrapped.
    pub(super) found: u64,
    /// Of those, the ones written back (the others changed meanwhile).
    pub(super) moved: u64,
    /// Records wrapped by a retiring key whose wrapped data key does not open (changed in
    /// storage, or made up): they open for nobody, and are left as they are.
    pub(super) unreadable: u64,
}

/// A page rewrapped, and how many of its records did not open.
type Rewrapped = (Vec<Moved>, u64);

/// The records of `page` whose envelope names their owner's retiring key, with the sealed
/// recall attributes of their documents (read only when there is any such record: a pass
/// that finds nothing left reads no attributes).
async fn with_attrs(
    sqlite: &SqliteBackend,
    retiring: &HashMap<String, String>,
    page: Vec<(ObjectKey, Stored)>,
) -> Result<Page> {
    let page: Vec<_> =
        page.into_iter().filter(|(key, stored)| wrapped_by(retiring, key, stored)).collect();
    if page.is_empty() {
        return Ok((page, HashMap::new()));
    }
    // In key order, lookups walk the documents' key index rather than jump about it.
    let mut keys: Vec<ObjectKey> = page.iter().map(|(key, _)| key.clone()).collect();
    keys.sort_unstable();
    let attrs = sqlite.attrs_of(keys).await.map_err(Error::Store)?.into_iter().collect();
    Ok((page, attrs))
}

/// Whether the record at `key` is wrapped by its owner's retiring key (`retiring`: key id
/// to owner). Bytes that are no record frame are left to `fabric audit verify --records`.
fn wrapped_by(retiring: &HashMap<String, String>, key: &ObjectKey, stored: &Stored) -> bool {
    let Some((owner, _)) = split_key(key) else { return false };
    let Ok((_, _, envelope)) = frame::decode(&stored.body) else { return false };
    let Ok(wrapping) = fabric_crypto::envelope::inspect(envelope) else { return false };
    super::rekey::is_retiring(retiring, owner, wrapping.key_id.as_str())
}

/// Writes rewrapped records back in one transaction; where one of them changed meanwhile,
/// one by one, leaving out those that changed. How many were written.
async fn put_moved(sqlite: &SqliteBackend, rewrapped: Vec<Moved>) -> Result<u64> {
    if rewrapped.is_empty() {
        return Ok(0);
    }
    let count = rewrapped.len() as u64;
    let ops: Vec<WriteOp> = rewrapped.iter().flat_map(Moved::ops).collect();
    match sqlite.write_ops(ops).await {
        Ok(_) => return Ok(count),
        Err(fabric_store::Error::VersionMismatch { .. } | fabric_store::Error::NotFound { .. }) => {
        }
        Err(error) => return Err(Error::Store(error)),
    }
    let mut written = 0;
    for moved in &rewrapped {
        match sqlite.write_ops(moved.ops().collect()).await {
            Ok(_) => written += 1,
            Err(
                fabric_store::Error::VersionMismatch { .. } | fabric_store::Error::NotFound { .. },
            ) => {}
            Err(error) => return Err(Error::Store(error)),
        }
    }
    Ok(written)
}

/// Rewraps the records of `page` whose envelope names their owner's retiring key, and their
/// documents' attributes: for each, its put (if still at the version read) and its
/// attributes' replacement (if still the ones read). A record whose owner was shredded
/// meanwhile is left out; one whose wrapped key does not open (it opens for nobody) is left
/// as it is and counted, so that a record changed in storage cannot keep the retiring key
/// in use.
fn rewrap_page(sealer: &Sealer, (page, attrs): Page) -> Result<Rewrapped> {
    let (mut out, mut unreadable) = (Vec::new(), 0);
    let mut keyrings: HashMap<&str, Arc<Keyring>> = HashMap::new();
    for (key, stored) in &page {
        // `with_attrs` kept only records wrapped by their owner's retiring key.
        let Some((owner, id)) = split_key(key) else { continue };
        let Ok((header, _, envelope)) = frame::decode(&stored.body) else { continue };
        let sealing = match keyrings.get(owner) {
            Some(keys) => Arc::clone(keys),
            None => match sealer.sealing_keyring(owner) {
                Ok(keys) => Arc::clone(keyrings.entry(owner).or_insert(keys)),
                Err(Error::KeyDestroyed { .. }) => continue,
                Err(error) => return Err(error),
            },
        };
        let context = frame::context(id, owner, header);
        let rewrapped = match fabric_crypto::envelope::rewrap(
            &sealer.provider,
            sealer.provider.random,
            &sealing,
            &context,
            envelope,
        ) {
            Ok(rewrapped) => rewrapped,
            Err(fabric_crypto::Error::Authentication) => {
                unreadable += 1;
                continue;
            }
            Err(error) => return Err(Error::from_crypto(id, error)),
        };
        let header: &[u8; frame::HEADER_LEN] = header.try_into().map_err(|_| Error::Corrupt {
            id: id.to_owned(),
            reason: "the clear header has the wrong length",
        })?;
        let body = Bytes::from(frame::encode(header, &rewrapped));
        // A document whose attributes do not open is left as it is: recall skips it, and
        // `fabric reindex` writes it again.
        let attrs = match attrs.get(key) {
            Some(old) => {
                match crate::recall::index::rewrap_attrs(sealer, &sealing, owner, id, old) {
                    Ok(new) => Some((old.clone(), Bytes::from(new))),
                    Err(Error::Authentication { .. } | Error::Corrupt { .. }) => None,
                    Err(error) => return Err(error),
                }
            }
            None => None,
        };
        out.push(Moved { key: key.clone(), body, version: stored.version.clone(), attrs });
    }
    Ok((out, unreadable))
}
