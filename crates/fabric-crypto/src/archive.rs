//! Sealed archives: a byte stream cut into chunks, each sealed under one archive key, such
//! that a reader detects a changed, reordered, dropped, or added chunk and a stream cut short
//! (`fabric export` and `fabric import`).
//!
//! Layout: the clear header (`MFEX`, version, suite, key derivation: a root key, or a
//! passphrase with its Argon2id parameters and salt, as in a keyring file), a random 7-byte
//! nonce prefix, then chunks, each `u32 BE length | sealed chunk`.
//!
//! Chunk `i` is sealed with nonce `prefix | i as u32 BE | last` (`last` is 1 for the final
//! chunk, 0 otherwise) and the header and prefix as associated data: the STREAM construction
//! of Hoang, Reyhanitabar, Rogaway and Vizár ("Online Authenticated-Encryption and its
//! Nonce-Reuse Misuse-Resistance", CRYPTO 2015). Every archive has a fresh key: the archive
//! key is derived from the given root key or passphrase with a purpose of its own, and a
//! passphrase gets a fresh salt per archive; a key given as such is drawn fresh per export
//! by its callers.
//!
//! ```
//! use fabric_crypto::archive::{ArchiveReader, ArchiveWriter};
//! use fabric_crypto::keyfile::RootSecret;
//! use fabric_crypto::{DEFAULT_PROVIDER, MasterKey};
//!
//! # fn main() -> Result<(), fabric_crypto::Error> {
//! let key = MasterKey::generate(DEFAULT_PROVIDER.random)?;
//! let suite = DEFAULT_PROVIDER.preferred_suite()?;
//! let mut writer = ArchiveWriter::new(Vec::new(), &RootSecret::Key(&key), suite, DEFAULT_PROVIDER.random)?;
//! writer.write_chunk(b"first")?;
//! let bytes = writer.finish(b"last")?;
//!
//! let mut reader = ArchiveReader::new(&bytes[..], &RootSecret::Key(&key), &DEFAULT_PROVIDER)?;
//! assert_eq!(reader.next_chunk()?.as_deref().map(|c| &c[..]), Some(&b"first"[..]));
//! assert_eq!(reader.next_chunk()?.as_deref().map(|c| &c[..]), Some(&b"last"[..]));
//! assert!(reader.next_chunk()?.is_none());
//! // Cut short, it is refused.
//! let mut cut = ArchiveReader::new(&bytes[..bytes.len() - 10], &RootSecret::Key(&key), &DEFAULT_PROVIDER)?;
//! assert!(cut.next_chunk().is_ok());
//! assert!(cut.next_chunk().is_err());
//! # Ok(()) }
//! ```

use std::io::{Read, Write};

use zeroize::Zeroizing;

use crate::keyfile::{Header, RootSecret, derive_key};
use crate::{CipherSuite, DataKey, Error, NONCE_LEN, Nonce, Provider, Result, SecureRandom};

/// The first bytes of every sealed archive.
pub const MAGIC: &[u8; 4] = b"MFEX";
/// The largest sealed chunk a reader accepts (a record of the largest size, with room).
pub const MAX_SEALED_CHUNK: usize = 16 << 20;
const PREFIX_LEN: usize = 7;
const KEY_PURPOSE: &str = "memory-fabric archive v1";

fn invalid(reason: &'static str) -> Error {
    Error::InvalidArchive { reason }
}

/// Keyring-file errors of the shared header and key derivation, said of an archive.
fn as_archive(error: Error) -> Error {
    match error {
        Error::InvalidKeyring { reason } => Error::InvalidArchive { reason },
        other => other,
    }
}

/// The state both ends keep: the key, the associated data and the next chunk's number.
struct Stream {
    suite: &'static dyn CipherSuite,
    key: DataKey,
    aad: Vec<u8>,
    prefix: [u8; PREFIX_LEN],
    counter: u32,
}

impl Stream {
    fn nonce(&self, last: bool) -> Nonce {
        let mut nonce = [0u8; NONCE_LEN];
        nonce[..PREFIX_LEN].copy_from_slice(&self.prefix);
        nonce[PREFIX_LEN..NONCE_LEN - 1].copy_from_slice(&self.counter.to_be_bytes());
        nonce[NONCE_LEN - 1] = u8::from(last);
        Nonce(nonce)
    }

    fn advance(&mut self) -> Result<()> {
        self.counter = self.counter.checked_add(1).ok_or(invalid("it has too many chunks"))?;
        Ok(())
    }
}

/// Writes a sealed archive: [`ArchiveWriter::write_chunk`] for each chunk but the last,
/// [`ArchiveWriter::finish`] for the last. An archive never finished is refused by readers.
pub struct ArchiveWriter<W: Write> {
    out: W,
    stream: Stream,
}

impl<W: Write> ArchiveWriter<W> {
    /// Writes the header to `out` and derives the archive key from `secret` (a passphrase
    /// gets a fresh salt).
    ///
    /// # Errors
    ///
    /// [`Error::Random`]; [`Error::InvalidArchive`] for passphrase parameters out of range or
    /// when `out` fails.
    pub fn new(
        mut out: W,
        secret: &RootSecret<'_>,
        suite: &'static dyn CipherSuite,
        random: &dyn SecureRandom,
    ) -> Result<Self> {
        let header = Header::for_secret(secret, suite.id(), random).map_err(as_archive)?;
        let mut aad = header.to_bytes_as(MAGIC);
        let mut prefix = [0u8; PREFIX_LEN];
        random.fill(&mut prefix)?;
        aad.extend_from_slice(&prefix);
        let key = derive_key(secret, header.kdf, KEY_PURPOSE).map_err(as_archive)?;
        out.write_all(&aad).map_err(|_| invalid("it could not be written"))?;
        Ok(ArchiveWriter { out, stream: Stream { suite, key, aad, prefix, counter: 0 } })
    }

    /// Seals and writes one chunk that is not the last.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] for a chunk over [`MAX_SEALED_CHUNK`]; [`Error::InvalidArchive`]
    /// when the output fails or after 2³² chunks.
    pub fn write_chunk(&mut self, chunk: &[u8]) -> Result<()> {
        self.seal(chunk, false)
    }

    /// Seals and writes the last chunk, flushes, and gives the output back.
    ///
    /// # Errors
    ///
    /// As [`ArchiveWriter::write_chunk`].
    pub fn finish(mut self, chunk: &[u8]) -> Result<W> {
        self.seal(chunk, true)?;
        self.out.flush().map_err(|_| invalid("it could not be written"))?;
        Ok(self.out)
    }

    fn seal(&mut self, chunk: &[u8], last: bool) -> Result<()> {
        if chunk.len() + crate::TAG_LEN > MAX_SEALED_CHUNK {
            return Err(Error::TooLarge { len: chunk.len() });
        }
        let stream = &self.stream;
        let sealed = stream.suite.seal(&stream.key, &stream.nonce(last), &stream.aad, chunk)?;
        let len = u32::try_from(sealed.len()).map_err(|_| Error::TooLarge { len: chunk.len() })?;
        self.out.write_all(&len.to_be_bytes()).map_err(|_| invalid("it could not be written"))?;
        self.out.write_all(&sealed).map_err(|_| invalid("it could not be written"))?;
        self.stream.advance()
    }
}

/// Reads a sealed archive chunk by chunk, each authenticated before it is returned.
pub struct ArchiveReader<R: Read> {
    input: R,
    stream: Stream,
    done: bool,
}

impl<R: Read> ArchiveReader<R> {
    /// Reads the header and derives the archive key from `secret` (a passphrase with the
    /// archive's own Argon2id parameters, refused out of range before any work).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArchive`] when the input is not an archive of this version or asks for
    /// the other kind of secret; [`Error::UnknownSuite`] for a suite this build lacks.
    pub fn new(mut input: R, secret: &RootSecret<'_>, provider: &Provider) -> Result<Self> {
        let mut fixed = [0u8; 7];
        read_exact(&mut input, &mut fixed)?;
        if &fixed[..4] != MAGIC {
            return Err(invalid("it is not a memory-fabric archive"));
        }
        let mut aad = fixed.to_vec();
        if fixed[6] != 0 {
            // Argon2id parameters (3 × u32) and a 16-byte salt follow.
            let mut kdf = [0u8; 28];
            read_exact(&mut input, &mut kdf)?;
            aad.extend_from_slice(&kdf);
        }
        let (header, _) = Header::parse_after_magic(&aad[4..]).map_err(as_archive)?;
        let suite =
            provider.suite(header.suite).ok_or(Error::UnknownSuite { id: header.suite.0 })?;
        let mut prefix = [0u8; PREFIX_LEN];
        read_exact(&mut input, &mut prefix)?;
        aad.extend_from_slice(&prefix);
        let key = derive_key(secret, header.kdf, KEY_PURPOSE).map_err(as_archive)?;
        Ok(ArchiveReader {
            input,
            stream: Stream { suite, key, aad, prefix, counter: 0 },
            done: false,
        })
    }

    /// Whether the last chunk was read (the chunk [`ArchiveReader::next_chunk`] returned
    /// last was the archive's final one).
    pub fn at_end(&self) -> bool {
        self.done
    }

    /// The next chunk, authenticated; `None` after the last one.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArchive`] for a chunk that does not authenticate (changed, moved, from
    /// another archive, or under another key or passphrase), a stream that ends before its
    /// last chunk, or bytes after it.
    pub fn next_chunk(&mut self) -> Result<Option<Zeroizing<Vec<u8>>>> {
        if self.done {
            return Ok(None);
        }
        let mut len = [0u8; 4];
        read_exact(&mut self.input, &mut len)?;
        let len = u32::from_be_bytes(len) as usize;
        if !(crate::TAG_LEN..=MAX_SEALED_CHUNK).contains(&len) {
            return Err(invalid("a chunk has an impossible length"));
        }
        let mut sealed = vec![0u8; len];
        read_exact(&mut self.input, &mut sealed)?;
        let stream = &self.stream;
        let opened =
            match stream.suite.open(&stream.key, &stream.nonce(false), &stream.aad, &sealed) {
                Ok(opened) => opened,
                Err(_) => {
                    let opened = stream
                        .suite
                        .open(&stream.key, &stream.nonce(true), &stream.aad, &sealed)
                        .map_err(|_| {
                            invalid("a chunk failed authentication (changed, or another key)")
                        })?;
                    self.done = true;
                    let mut rest = [0u8; 1];
                    if self.input.read(&mut rest).map_err(|_| invalid("it could not be read"))? != 0
                    {
                        return Err(invalid("bytes follow its last chunk"));
                    }
                    opened
                }
            };
        self.stream.advance()?;
        Ok(Some(Zeroizing::new(opened)))
    }
}

fn read_exact(input: &mut impl Read, buf: &mut [u8]) -> Result<()> {
    input.read_exact(buf).map_err(|error| match error.kind() {
        std::io::ErrorKind::UnexpectedEof => invalid("it is cut short"),
        _ => invalid("it could not be read"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyfile::KdfParams;
    use crate::{DEFAULT_PROVIDER, MasterKey};

    fn chunks(bytes: &[u8], secret: &RootSecret<'_>) -> Result<Vec<Vec<u8>>> {
        let mut reader = ArchiveReader::new(bytes, secret, &DEFAULT_PROVIDER)?;
        let mut out = Vec::new();
        while let Some(chunk) = reader.next_chunk()? {
            out.push(chunk.to_vec());
        }
        Ok(out)
    }

    fn archive(secret: &RootSecret<'_>, parts: &[&[u8]]) -> Vec<u8> {
        let suite = DEFAULT_PROVIDER.preferred_suite().unwrap();
        let mut writer =
            ArchiveWriter::new(Vec::new(), secret, suite, DEFAULT_PROVIDER.random).unwrap();
        let (last, rest) = parts.split_last().unwrap();
        for part in rest {
            writer.write_chunk(part).unwrap();
        }
        writer.finish(last).unwrap()
    }

    #[test]
    fn every_change_is_refused() {
        let key = MasterKey::generate(DEFAULT_PROVIDER.random).unwrap();
        let secret = RootSecret::Key(&key);
        let bytes = archive(&secret, &[b"one", b"two", b"three"]);
        assert_eq!(
            chunks(&bytes, &secret).unwrap(),
            vec![b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]
        );
        for at in 0..bytes.len() {
            for bit in 0..8 {
                let mut flipped = bytes.clone();
                flipped[at] ^= 1 << bit;
                assert!(chunks(&flipped, &secret).is_err(), "flip at {at} bit {bit}");
            }
        }
        for len in 0..bytes.len() {
            assert!(chunks(&bytes[..len], &secret).is_err(), "cut at {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(chunks(&longer, &secret).is_err());
        let other = MasterKey::generate(DEFAULT_PROVIDER.random).unwrap();
        assert!(chunks(&bytes, &RootSecret::Key(&other)).is_err());
    }

    #[test]
    fn chunks_cannot_be_reordered_or_dropped() {
        let key = MasterKey::generate(DEFAULT_PROVIDER.random).unwrap();
        let secret = RootSecret::Key(&key);
        let bytes = archive(&secret, &[b"aaaa", b"bbbb", b"cccc"]);
        // Header 7 + prefix 7, then chunks of 4 + 4 + 16 bytes each.
        let (head, body) = bytes.split_at(14);
        let sealed: Vec<&[u8]> = body.chunks(24).collect();
        let swapped = [head, sealed[1], sealed[0], sealed[2]].concat();
        assert!(chunks(&swapped, &secret).is_err());
        let dropped = [head, sealed[0], sealed[2]].concat();
        assert!(chunks(&dropped, &secret).is_err());
        // Another archive's chunk under the same key has another prefix.
        let other = archive(&secret, &[b"aaaa", b"bbbb", b"cccc"]);
        let spliced = [head, &other[14..38], sealed[1], sealed[2]].concat();
        assert!(chunks(&spliced, &secret).is_err());
    }

    #[test]
    fn a_passphrase_archive_opens_with_that_passphrase_only() {
        let params = KdfParams { m_cost_kib: 8, t_cost: 1, p_cost: 1 };
        let bytes = archive(&RootSecret::Passphrase("correct horse", params), &[b"x"]);
        let read = chunks(&bytes, &RootSecret::Passphrase("correct horse", KdfParams::default()));
        assert_eq!(read.unwrap(), vec![b"x".to_vec()]);
        let wrong = chunks(&bytes, &RootSecret::Passphrase("wrong horse", params));
        assert!(matches!(wrong, Err(Error::InvalidArchive { .. })));
        let key = MasterKey::generate(DEFAULT_PROVIDER.random).unwrap();
        assert!(matches!(
            chunks(&bytes, &RootSecret::Key(&key)),
            Err(Error::InvalidArchive { .. })
        ));
    }
}
