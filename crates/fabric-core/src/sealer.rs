//! [`Sealer`]: turns records into sealed record frames and back.

use std::sync::Arc;

use fabric_crypto::{CipherSuite, Keyring, Provider, envelope};

use crate::frame::{self, ClearHeader, SealedFields};
use crate::{Error, Record, RecordId, Result};

/// Batches at least this large are sealed on blocking threads, in parallel.
pub(crate) const PARALLEL_SEAL_MIN: usize = 64;

/// The keys and suites a fabric seals and opens with; cheap to clone into blocking tasks.
#[derive(Clone)]
pub(crate) struct Sealer {
    pub(crate) keyring: Arc<Keyring>,
    pub(crate) provider: Provider,
    pub(crate) suite: &'static dyn CipherSuite,
}

impl Sealer {
    pub(crate) fn seal(&self, record: &Record) -> Result<Vec<u8>> {
        let header = ClearHeader {
            memory_type: record.memory_type,
            storage_tier: record.storage_tier,
            privacy_level: record.privacy_level,
            created_at: record.created_at,
            updated_at: record.updated_at,
            expires_at: record.expires_at,
            version: record.version,
        }
        .to_bytes();
        let fields = SealedFields {
            metadata: &record.metadata,
            tags: &record.tags,
            pii_types: &record.pii_types,
            importance: record.importance,
            session_id: record.session_id.clone(),
            source: record.source.clone(),
            embedding: record.embedding.as_ref(),
        };
        let plaintext = zeroize::Zeroizing::new(
            frame::plaintext(&record.content, &fields)
                .map_err(|error| Error::invalid("record", error.to_string()))?,
        );
        let context = frame::context(record.id.as_str(), &record.owner, &header);
        let sealed =
            envelope::seal(self.suite, self.provider.random, &self.keyring, &context, &plaintext)?;
        Ok(frame::encode(&header, &sealed))
    }

    pub(crate) fn open(
        &self,
        owner: &str,
        id: &str,
        header_bytes: &[u8],
        header: ClearHeader,
        envelope_bytes: &[u8],
    ) -> Result<Record> {
        let context = frame::context(id, owner, header_bytes);
        let plaintext = zeroize::Zeroizing::new(
            envelope::open(&self.provider, &self.keyring, &context, envelope_bytes)
                .map_err(|error| Error::from_crypto(id, error))?,
        );
        let (content, fields) = frame::open_plaintext(&plaintext)
            .map_err(|reason| Error::Corrupt { id: id.to_owned(), reason })?;
        Ok(Record {
            id: RecordId::parse(id)?,
            owner: owner.to_owned(),
            session_id: fields.session_id,
            content,
            metadata: fields.metadata,
            tags: fields.tags,
            memory_type: header.memory_type,
            storage_tier: header.storage_tier,
            privacy_level: header.privacy_level,
            pii_types: fields.pii_types,
            importance: fields.importance,
            source: fields.source,
            embedding: fields.embedding,
            created_at: header.created_at,
            updated_at: header.updated_at,
            expires_at: header.expires_at,
            version: header.version,
        })
    }

    /// Seals every record, in parallel on blocking threads for large batches.
    pub(crate) async fn seal_all(
        &self,
        records: Vec<Record>,
    ) -> Result<(Vec<Record>, Vec<Vec<u8>>)> {
        if records.len() < PARALLEL_SEAL_MIN {
            let sealed = records.iter().map(|record| self.seal(record)).collect::<Result<_>>()?;
            return Ok((records, sealed));
        }
        let sealer = self.clone();
        tokio::task::spawn_blocking(move || {
            let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
            let chunk = records.len().div_ceil(threads);
            let sealed = std::thread::scope(|scope| {
                let workers: Vec<_> = records
                    .chunks(chunk)
                    .map(|part| {
                        let sealer = &sealer;
                        scope.spawn(move || {
                            part.iter()
                                .map(|record| sealer.seal(record))
                                .collect::<Result<Vec<_>>>()
                        })
                    })
                    .collect();
                let mut sealed = Vec::with_capacity(records.len());
                for worker in workers {
                    let part = worker.join().map_err(|_| Error::Config {
                        reason: "a sealing thread panicked".into(),
                    })??;
                    sealed.extend(part);
                }
                Ok::<_, Error>(sealed)
            })?;
            Ok((records, sealed))
        })
        .await
        .map_err(|_| Error::Config { reason: "the sealing task failed".into() })?
    }
}
