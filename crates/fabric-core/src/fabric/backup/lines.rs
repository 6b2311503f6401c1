//! The plaintext of an archive: record lines, then audit event lines when asked for,
//! gathered into sealed chunks on export ([`Lines`]), read back a chunk at a time and
//! checked against the manifest on import ([`Chunks`]).
//!
//! A record line is a [`Record`] as it serializes; an audit line is `{"audit_event": E}`
//! with `E` an [`AuditEvent`] as stored (its hash and chain fields included), which no
//! record line can start like.

use std::io::{Read, Write};

use fabric_audit::AuditEvent;
use fabric_crypto::archive::{ArchiveReader, ArchiveWriter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{ArchiveManifest, CHUNK_BYTES, FORMAT};
use crate::fabric::*;

/// How an audit line starts.
const AUDIT_LINE: &[u8] = b"{\"audit_event\":";

/// One audit line.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditLine<E> {
    audit_event: E,
}

/// Gathers lines into chunks and the manifest's running figures.
pub(super) struct Lines<W: Write> {
    pub(super) out: Output<W>,
    pub(super) buffer: Zeroizing<Vec<u8>>,
    pub(super) hash: Sha256,
    pub(super) records: u64,
    pub(super) audit_events: u64,
    pub(super) bytes: u64,
    pub(super) owners: HashSet<String>,
}

/// Where the chunks go.
pub(super) enum Output<W: Write> {
    Sealed(ArchiveWriter<W>),
    Plain(W),
}

impl<W: Write> Lines<W> {
    pub(super) fn new(out: Output<W>) -> Self {
        Lines {
            out,
            buffer: Zeroizing::new(Vec::with_capacity(CHUNK_BYTES + (64 << 10))),
            hash: Sha256::new(),
            records: 0,
            audit_events: 0,
            bytes: 0,
            owners: HashSet::new(),
        }
    }

    pub(super) fn push(&mut self, record: &Record) -> Result<()> {
        self.line(record)?;
        self.records += 1;
        if !self.owners.contains(&record.owner) {
            self.owners.insert(record.owner.clone());
        }
        self.flush_full()
    }

    pub(super) fn push_audit(&mut self, event: &AuditEvent) -> Result<()> {
        self.line(&AuditLine { audit_event: event })?;
        self.audit_events += 1;
        self.flush_full()
    }

    fn line(&mut self, value: &impl Serialize) -> Result<()> {
        let start = self.buffer.len();
        serde_json::to_writer(&mut *self.buffer, value).map_err(|error| Error::Archive {
            reason: format!("a line did not encode: {error}"),
        })?;
        self.buffer.push(b'\n');
        self.hash.update(&self.buffer[start..]);
        self.bytes += (self.buffer.len() - start) as u64;
        Ok(())
    }

    fn flush_full(&mut self) -> Result<()> {
        if self.buffer.len() >= CHUNK_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        match &mut self.out {
            Output::Sealed(writer) => writer.write_chunk(&self.buffer)?,
            Output::Plain(out) => out.write_all(&self.buffer).map_err(write_failed)?,
        }
        self.buffer.clear();
        Ok(())
    }

    pub(super) fn finish(mut self, created_at: DateTime<Utc>) -> Result<(W, ArchiveManifest, u64)> {
        if !self.buffer.is_empty() {
            self.flush()?;
        }
        let manifest = ArchiveManifest {
            format: FORMAT,
            created_at,
            records: self.records,
            owners: self.owners.len() as u64,
            audit_events: self.audit_events,
            sha256: hex::encode(self.hash.finalize()),
        };
        let out = match self.out {
            Output::Sealed(writer) => {
                let last = serde_json::to_vec(&manifest).map_err(|error| Error::Archive {
                    reason: format!("the manifest did not encode: {error}"),
                })?;
                writer.finish(&last)?
            }
            Output::Plain(mut out) => {
                out.flush().map_err(write_failed)?;
                out
            }
        };
        Ok((out, manifest, self.bytes))
    }
}

fn write_failed(error: std::io::Error) -> Error {
    Error::Archive { reason: format!("the output could not be written: {}", error.kind()) }
}

pub(super) fn damaged(reason: impl Into<String>) -> Error {
    Error::Archive { reason: reason.into() }
}

/// One chunk of an archive, parsed.
#[derive(Default)]
pub(super) struct Chunk {
    pub(super) records: Vec<Record>,
    pub(super) audit_events: Vec<AuditEvent>,
}

/// An archive's lines, a chunk at a time, with the running counts and hash the manifest is
/// checked against.
pub(super) struct Chunks<R: Read> {
    reader: ArchiveReader<R>,
    hash: Sha256,
    records: u64,
    audit_events: u64,
    manifest: Option<ArchiveManifest>,
}

impl<R: Read> Chunks<R> {
    pub(super) fn new(reader: ArchiveReader<R>) -> Self {
        Chunks { reader, hash: Sha256::new(), records: 0, audit_events: 0, manifest: None }
    }

    /// The lines of the next chunk; `None` once the manifest was read.
    pub(super) fn next_chunk(&mut self) -> Result<Option<Chunk>> {
        let Some(chunk) = self.reader.next_chunk()? else { return Ok(None) };
        if self.reader.at_end() {
            let manifest: ArchiveManifest =
                serde_json::from_slice(&chunk).map_err(|_| damaged("its manifest is not valid"))?;
            if manifest.format != FORMAT {
                return Err(damaged(format!("its format {} is not {FORMAT}", manifest.format)));
            }
            self.manifest = Some(manifest);
            return Ok(None);
        }
        let mut parsed = Chunk::default();
        let invalid = |what: &str, index: u64, error: serde_json::Error| {
            let kind = format!("{:?}", error.classify()).to_lowercase();
            damaged(format!("{what} {index} is not valid: {kind}"))
        };
        for line in chunk.split_inclusive(|&byte| byte == b'\n') {
            self.hash.update(line);
            if line.starts_with(AUDIT_LINE) {
                self.audit_events += 1;
                let event: AuditLine<AuditEvent> = serde_json::from_slice(line)
                    .map_err(|error| invalid("audit event", self.audit_events, error))?;
                parsed.audit_events.push(event.audit_event);
            } else {
                self.records += 1;
                let record: Record = serde_json::from_slice(line)
                    .map_err(|error| invalid("record", self.records, error))?;
                parsed.records.push(record);
            }
        }
        Ok(Some(parsed))
    }

    /// The manifest, once every chunk was read, checked against the lines read.
    pub(super) fn manifest(&self) -> Result<ArchiveManifest> {
        let manifest = self.manifest.clone().ok_or_else(|| damaged("it has no manifest"))?;
        if manifest.records != self.records
            || manifest.audit_events != self.audit_events
            || manifest.sha256 != hex::encode(self.hash.clone().finalize())
        {
            return Err(damaged("its records do not match its manifest"));
        }
        Ok(manifest)
    }
}
