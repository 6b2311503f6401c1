//! Moving records under their owners' new keys by rewrapping their data keys (`fabric keys
//! rotate --records`, on SQLite): only each envelope's key id, wrap nonce and wrapped data
//! key change. Its content, the record's version, its version entry, its audit digest and
//! its recall postings stay as they are, so nothing is indexed or audited again per record;
//! the sealed recall attributes of its index document are rewrapped beside it, in the same
//! transaction. Records are read a page of rows at a time, rewrapped on a blocking thread
//! while the next page is read, and written back with one transaction per page, each record
//! only if it is still the version read.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use fabric_crypto::Keyring;
use fabric_store::{ObjectKey, PutMode, SqliteBackend, Stored, WriteOp};
use futures::TryStreamExt as _;

use super::{MemoryFabric, split_key};
use crate::sealer::Sealer;
use crate::{Error, Result, frame};

/// Records rewrapped per transaction.
const PAGE: usize = 1024;

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
    /// How many records are stored (read from the listing, not the records).
    pub(super) async fn count_records(&self) -> Result<u64> {
        let mut listing = self.backend.list(&super::records_prefix()?);
        let mut count = 0;
        while listing.try_next().await.map_err(Error::Store)?.is_some() {
            count += 1;
        }
        Ok(count)
    }

    /// One pass over the records on SQLite: rewraps each one whose envelope names its
    /// owner's retiring key (`retiring`: key id to owner) under the owner's sealing key, with
    /// its recall attributes. `progress` gets the records looked at so far. Returns how many
    /// it found, and how many it moved (a record changed or deleted meanwhile is left to the
    /// next pass).
    pub(super) async fn rewrap_pass(
        &self,
        sqlite: &SqliteBackend,
        retiring: &Arc<HashMap<String, String>>,
        mut progress: impl FnMut(u64),
    ) -> Result<(u64, u64)> {
        let mut pages = self.stored_records()?.try_chunks(PAGE);
        let (mut seen, mut found, mut moved) = (0, 0, 0);
        let mut rewrapping: Option<tokio::task::JoinHandle<Result<Vec<Moved>>>> = None;
        loop {
            // The next page is read while the previous one is rewrapped.
            let page = pages.try_next().await.map_err(|error| error.1)?;
            let page = match page {
                Some(page) => Some(with_attrs(sqlite, page).await?),
                None => None,
            };
            if let Some(task) = rewrapping.take() {
                let rewrapped = task
                    .await
                    .map_err(|_| Error::Config { reason: "a rewrap task stopped".into() })??;
                found += rewrapped.len() as u64;
                moved += put_moved(sqlite, rewrapped).await?;
            }
            let Some(page) = page else { break };
            seen += page.0.len() as u64;
            let (sealer, retiring) = (self.sealer.clone(), Arc::clone(retiring));
            rewrapping =
                Some(tokio::task::spawn_blocking(move || rewrap_page(&sealer, &retiring, page)));
            progress(seen);
        }
        Ok((found, moved))
    }
}

/// `page` with the sealed recall attributes of its records' documents.
async fn with_attrs(sqlite: &SqliteBackend, page: Vec<(ObjectKey, Stored)>) -> Result<Page> {
    let attrs = match (page.first(), page.last()) {
        (Some((first, _)), Some((last, _))) => {
            sqlite.attrs_between(first, last).await.map_err(Error::Store)?.into_iter().collect()
        }
        _ => HashMap::new(),
    };
    Ok((page, attrs))
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
/// meanwhile is left out; one whose wrapped key does not open is an error naming it (it
/// opens for nobody: delete it, or restore it from a backup).
fn rewrap_page(
    sealer: &Sealer,
    retiring: &HashMap<String, String>,
    (page, attrs): Page,
) -> Result<Vec<Moved>> {
    let mut out = Vec::new();
    // Keys are listed in order, so one owner's records come together.
    let mut keyring: Option<(String, Arc<Keyring>)> = None;
    for (key, stored) in page {
        let Some((owner, id)) = split_key(&key) else { continue };
        let Ok((header, _, envelope)) = frame::decode(&stored.body) else { continue };
        let Ok(wrapping) = fabric_crypto::envelope::inspect(envelope) else { continue };
        if retiring.get(wrapping.key_id.as_str()).map(String::as_str) != Some(owner) {
            continue;
        }
        let sealing = match &keyring {
            Some((of, keys)) if of == owner => Arc::clone(keys),
            _ => match sealer.sealing_keyring(owner) {
                Ok(keys) => {
                    keyring = Some((owner.to_owned(), Arc::clone(&keys)));
                    keys
                }
                Err(Error::KeyDestroyed { .. }) => continue,
                Err(error) => return Err(error),
            },
        };
        let context = frame::context(id, owner, header);
        let rewrapped = fabric_crypto::envelope::rewrap(
            &sealer.provider,
            sealer.provider.random,
            &sealing,
            &context,
            envelope,
        )
        .map_err(|error| Error::from_crypto(id, error))?;
        let header: &[u8; frame::HEADER_LEN] = header.try_into().map_err(|_| Error::Corrupt {
            id: id.to_owned(),
            reason: "the clear header has the wrong length",
        })?;
        let body = Bytes::from(frame::encode(header, &rewrapped));
        // A document whose attributes do not open is left as it is: recall skips it, and
        // `fabric reindex` writes it again.
        let attrs = attrs.get(&key).and_then(|old| {
            let new = crate::recall::index::rewrap_attrs(sealer, &sealing, owner, id, old).ok()?;
            Some((old.clone(), Bytes::from(new)))
        });
        out.push(Moved { key, body, version: stored.version, attrs });
    }
    Ok(out)
}
