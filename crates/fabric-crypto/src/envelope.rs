//! The envelope: the self-describing bytes every stored record is (layout in FORMAT.md).
//!
//! ```text
//! magic "MFEN" | version 2 | suite id | key id len | key id | wrap nonce (12)
//! | wrapped data key (32 + 16 tag) | commitment (32) | content nonce (12) | ciphertext | tag (16)
//! ```
//!
//! The data key is sealed under the key-encryption key with associated data
//! `magic | version | suite | key id len | key id | context`; the content is sealed under the
//! content key with `magic | version | suite | context`, where `context` is what the caller
//! binds the envelope to (for records: [`record_aad`]). Leaving the key id and wrapped key out
//! of the content's associated data is what lets [`rewrap`] rotate keys without re-encrypting
//! content.
//!
//! Version 2 commits to its key: the content key and the commitment are the two halves of
//! one HKDF-SHA-256 expansion of the data key, and the commitment is checked (in constant time) before anything
//! is decrypted, as in the AWS Encryption SDK's committing suites. AES-GCM and
//! ChaCha20-Poly1305 alone are not key-committing: one ciphertext can be made to open under
//! two chosen keys to two plaintexts (a partitioning-oracle or "invisible salamanders" pair);
//! with the commitment it opens under one data key only. Version 1 (no commitment, the data
//! key seals the content) is still opened and rewrapped, never written.

use zeroize::Zeroizing;

use subtle::ConstantTimeEq as _;

use crate::key::KEY_LEN;
use crate::{
    CipherSuite, DataKey, Error, KeyId, Keyring, MasterKey, NONCE_LEN, Nonce, Provider, Result,
    SecureRandom, SuiteId, TAG_LEN,
};

/// The four bytes every envelope starts with.
pub const MAGIC: [u8; 4] = *b"MFEN";
/// The format version this code writes (key-committing).
pub const FORMAT_VERSION: u8 = 2;
/// The format version before key commitment: still opened and rewrapped, never written.
pub const LEGACY_FORMAT_VERSION: u8 = 1;

const WRAPPED_KEY_LEN: usize = KEY_LEN + TAG_LEN;
/// Bytes of a version 2 key commitment.
pub const COMMITMENT_LEN: usize = 32;
/// HKDF-Expand info of a version 2 envelope's content key and key commitment.
const COMMITTED_KEYS_INFO: &[u8] = b"memory-fabric envelope v2";

/// Fixed bytes after the key id: wrap nonce, wrapped key, (commitment,) content nonce and
/// content tag.
const fn tail_min_len(version: u8) -> usize {
    let commitment = if version == LEGACY_FORMAT_VERSION { 0 } else { COMMITMENT_LEN };
    NONCE_LEN + WRAPPED_KEY_LEN + commitment + NONCE_LEN + TAG_LEN
}

/// A version 2 envelope's content key and key commitment: the 64 bytes of
/// HKDF-Expand(PRK = data key, info = `COMMITTED_KEYS_INFO`), split in two. The data key is
/// 32 uniformly random bytes, so it serves as the pseudorandom key without HKDF-Extract
/// (RFC 5869, section 3.3); one expansion costs two HMAC-SHA-256 blocks.
fn committed_keys(data_key: &DataKey) -> (DataKey, [u8; COMMITMENT_LEN]) {
    let mut okm = Zeroizing::new([0u8; KEY_LEN + COMMITMENT_LEN]);
    let hkdf = hkdf::Hkdf::<sha2::Sha256>::from_prk(data_key.expose_secret())
        .expect("a 32-byte PRK is valid for HKDF-SHA-256");
    hkdf.expand(COMMITTED_KEYS_INFO, okm.as_mut())
        .expect("64 bytes is a valid HKDF-SHA-256 output length");
    let mut content_key = Zeroizing::new([0u8; KEY_LEN]);
    content_key.copy_from_slice(&okm[..KEY_LEN]);
    let mut commitment = [0u8; COMMITMENT_LEN];
    commitment.copy_from_slice(&okm[KEY_LEN..]);
    (DataKey::from_bytes(*content_key), commitment)
}

/// The key that seals an envelope's content (the data key itself in version 1), after
/// refusing a data key that a version 2 envelope's commitment does not name.
fn content_key(parsed: &Parsed<'_>, data_key: &DataKey) -> Result<DataKey> {
    let Some(stored) = parsed.commitment else {
        return Ok(DataKey::from_bytes(*data_key.expose_secret()));
    };
    let (content_key, commitment) = committed_keys(data_key);
    // Checked before any decryption, in constant time: a data key chosen so that the
    // content's tag also verifies under it is refused here.
    if bool::from(commitment.as_slice().ct_eq(stored)) {
        Ok(content_key)
    } else {
        Err(Error::Authentication)
    }
}

/// What an envelope says about itself before anything is decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The suite that sealed it.
    pub suite: SuiteId,
    /// The key-encryption key that wraps its data key.
    pub key_id: KeyId,
}

/// The associated data that binds an envelope to one record of one owner.
///
/// Each field is length-prefixed, so no two (id, owner) pairs encode alike. Callers may append
/// further length-prefixed fields (fabric-core appends the record's clear header).
pub fn record_aad(record_id: &str, owner: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(16 + record_id.len() + owner.len());
    aad.extend_from_slice(b"mf-record");
    push_field(&mut aad, record_id.as_bytes());
    push_field(&mut aad, owner.as_bytes());
    aad
}

/// Appends `u32 big-endian length | bytes` to `aad`.
pub fn push_field(aad: &mut Vec<u8>, field: &[u8]) {
    let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
    aad.extend_from_slice(&len.to_be_bytes());
    aad.extend_from_slice(field);
}

/// Seals `msg` under a fresh data key, wrapped by the keyring's active key.
///
/// The data key and both nonces come from `random`, in that order.
///
/// # Errors
///
/// [`Error::Random`] when the random source fails, [`Error::TooLarge`] past the suite's limit.
pub fn seal(
    suite: &dyn CipherSuite,
    random: &dyn SecureRandom,
    keyring: &Keyring,
    context: &[u8],
    msg: &[u8],
) -> Result<Vec<u8>> {
    seal_version(FORMAT_VERSION, suite, random, keyring, context, msg)
}

/// [`seal`] in format `version` (1 only for the known-answer vectors and tests of it).
pub(crate) fn seal_version(
    version: u8,
    suite: &dyn CipherSuite,
    random: &dyn SecureRandom,
    keyring: &Keyring,
    context: &[u8],
    msg: &[u8],
) -> Result<Vec<u8>> {
    let (key_id, kek) = keyring.active();
    // One draw for the data key and both nonces, in that order.
    let mut fresh = Zeroizing::new([0u8; KEY_LEN + 2 * NONCE_LEN]);
    random.fill(fresh.as_mut())?;
    let (key_bytes, nonces) = fresh.split_at(KEY_LEN);
    let data_key = DataKey::from_bytes(key_bytes.try_into().map_err(|_| Error::Random)?);
    let wrap_nonce = Nonce(nonces[..NONCE_LEN].try_into().map_err(|_| Error::Random)?);
    let content_nonce = Nonce(nonces[NONCE_LEN..].try_into().map_err(|_| Error::Random)?);

    let mut out = Vec::with_capacity(8 + key_id.as_str().len() + tail_min_len(version) + msg.len());
    write_prefix(&mut out, version, suite.id(), key_id);
    let wrapped = wrap(suite, kek, &wrap_nonce, &out, context, &data_key)?;
    keyring.uses().note(key_id);
    let (content_key, commitment) = if version == LEGACY_FORMAT_VERSION {
        (data_key, None)
    } else {
        let (content_key, commitment) = committed_keys(&data_key);
        (content_key, Some(commitment))
    };
    let content_aad = content_aad(version, suite.id(), context);
    let content = suite.seal(&content_key, &content_nonce, &content_aad, msg)?;
    out.extend_from_slice(&wrap_nonce.0);
    out.extend_from_slice(&wrapped);
    if let Some(commitment) = commitment {
        out.extend_from_slice(&commitment);
    }
    out.extend_from_slice(&content_nonce.0);
    out.extend_from_slice(&content);
    Ok(out)
}

/// Opens an envelope sealed for `context` with any key of the keyring.
///
/// # Errors
///
/// [`Error::Malformed`] when the bytes are not an envelope, [`Error::UnknownSuite`] or
/// [`Error::UnknownKey`] when this build or keyring cannot open it, and
/// [`Error::Authentication`] for every tampered, truncated, moved or wrongly keyed envelope.
pub fn open(
    provider: &Provider,
    keyring: &Keyring,
    context: &[u8],
    envelope: &[u8],
) -> Result<Vec<u8>> {
    let parsed = Parsed::parse(envelope)?;
    let suite = parsed.suite(provider)?;
    let kek = parsed.kek(keyring)?;
    let data_key = unwrap(suite, kek, &parsed, context)?;
    let content_key = content_key(&parsed, &data_key)?;
    let content_aad = content_aad(parsed.version, suite.id(), context);
    suite.open(&content_key, &parsed.content_nonce, &content_aad, parsed.content)
}

/// Reads the suite and key id of an envelope without decrypting it.
///
/// # Errors
///
/// [`Error::Malformed`] when the bytes are not an envelope.
pub fn inspect(envelope: &[u8]) -> Result<Header> {
    let parsed = Parsed::parse(envelope)?;
    Ok(Header { suite: SuiteId(parsed.suite_id), key_id: KeyId::parse(parsed.key_id)? })
}

/// The parts of an envelope that [`rewrap`] leaves as they are: all but the key id, the wrap
/// nonce and the wrapped data key. Together they name one sealed content across key
/// rotations (fabric-core's audit digest of a record hashes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealedContent<'a> {
    /// The format version.
    pub version: u8,
    /// The suite that sealed it.
    pub suite: SuiteId,
    /// The key commitment (empty in version 1).
    pub commitment: &'a [u8],
    /// The content nonce.
    pub nonce: [u8; NONCE_LEN],
    /// The ciphertext, its tag last.
    pub ciphertext: &'a [u8],
}

/// An envelope's [`SealedContent`], read without any key.
///
/// # Errors
///
/// [`Error::Malformed`] or [`Error::Authentication`] when the bytes are not an envelope.
pub fn sealed_content(envelope: &[u8]) -> Result<SealedContent<'_>> {
    let parsed = Parsed::parse(envelope)?;
    Ok(SealedContent {
        version: parsed.version,
        suite: SuiteId(parsed.suite_id),
        commitment: parsed.commitment.unwrap_or_default(),
        nonce: parsed.content_nonce.0,
        ciphertext: parsed.content,
    })
}

/// Re-wraps the data key of an envelope under the keyring's active key, leaving the content
/// bytes (and the format version, and a version 2 commitment) as they are: key rotation costs
/// a few dozen bytes per record, not a re-encryption.
///
/// # Errors
///
/// As [`open`] for the old wrapping; [`Error::Random`] when the random source fails.
pub fn rewrap(
    provider: &Provider,
    random: &dyn SecureRandom,
    keyring: &Keyring,
    context: &[u8],
    envelope: &[u8],
) -> Result<Vec<u8>> {
    let parsed = Parsed::parse(envelope)?;
    let suite = parsed.suite(provider)?;
    let data_key = unwrap(suite, parsed.kek(keyring)?, &parsed, context)?;
    // A data key its commitment does not name is refused before it is wrapped anew.
    content_key(&parsed, &data_key)?;
    let (key_id, kek) = keyring.active();
    let mut wrap_nonce = Nonce([0; NONCE_LEN]);
    random.fill(&mut wrap_nonce.0)?;
    let mut out = Vec::with_capacity(envelope.len() + KeyId::MAX_LEN);
    write_prefix(&mut out, parsed.version, suite.id(), key_id);
    let wrapped = wrap(suite, kek, &wrap_nonce, &out, context, &data_key)?;
    keyring.uses().note(key_id);
    out.extend_from_slice(&wrap_nonce.0);
    out.extend_from_slice(&wrapped);
    if let Some(commitment) = parsed.commitment {
        out.extend_from_slice(commitment);
    }
    out.extend_from_slice(&parsed.content_nonce.0);
    out.extend_from_slice(parsed.content);
    Ok(out)
}

fn write_prefix(out: &mut Vec<u8>, version: u8, suite: SuiteId, key_id: &KeyId) {
    out.extend_from_slice(&MAGIC);
    out.push(version);
    out.push(suite.0);
    // A KeyId is at most 64 bytes, so its length always fits in one byte.
    out.push(key_id.as_str().len() as u8);
    out.extend_from_slice(key_id.as_str().as_bytes());
}

fn content_aad(version: u8, suite: SuiteId, context: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(6 + context.len());
    aad.extend_from_slice(&MAGIC);
    aad.push(version);
    aad.push(suite.0);
    aad.extend_from_slice(context);
    aad
}

fn kek_as_data_key(kek: &MasterKey) -> DataKey {
    DataKey::from_bytes(*kek.expose_secret())
}

fn wrap(
    suite: &dyn CipherSuite,
    kek: &MasterKey,
    nonce: &Nonce,
    prefix: &[u8],
    context: &[u8],
    data_key: &DataKey,
) -> Result<Vec<u8>> {
    let aad = [prefix, context].concat();
    suite.seal(&kek_as_data_key(kek), nonce, &aad, data_key.expose_secret())
}

fn unwrap(
    suite: &dyn CipherSuite,
    kek: &MasterKey,
    parsed: &Parsed<'_>,
    context: &[u8],
) -> Result<DataKey> {
    let aad = [parsed.prefix, context].concat();
    let bytes = Zeroizing::new(suite.open(
        &kek_as_data_key(kek),
        &parsed.wrap_nonce,
        &aad,
        parsed.wrapped_key,
    )?);
    let bytes: [u8; KEY_LEN] = bytes.as_slice().try_into().map_err(|_| Error::Authentication)?;
    Ok(DataKey::from_bytes(bytes))
}

/// The fields of an envelope, borrowed from its bytes.
struct Parsed<'a> {
    version: u8,
    prefix: &'a [u8],
    suite_id: u8,
    key_id: &'a str,
    wrap_nonce: Nonce,
    wrapped_key: &'a [u8],
    commitment: Option<&'a [u8]>,
    content_nonce: Nonce,
    content: &'a [u8],
}

impl<'a> Parsed<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Parsed<'a>> {
        let mut reader = Reader(bytes);
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(Error::Malformed { reason: "it does not start with the envelope magic" });
        }
        let version = reader.byte()?;
        if version != FORMAT_VERSION && version != LEGACY_FORMAT_VERSION {
            return Err(Error::Malformed { reason: "unsupported format version" });
        }
        let suite_id = reader.byte()?;
        let key_id_len = usize::from(reader.byte()?);
        if key_id_len == 0 || key_id_len > KeyId::MAX_LEN {
            return Err(Error::Malformed { reason: "key id length out of range" });
        }
        let key_id = std::str::from_utf8(reader.take(key_id_len)?)
            .ok()
            .filter(|text| KeyId::parse(text).is_ok())
            .ok_or(Error::Malformed { reason: "key id is not a valid key id" })?;
        let prefix = &bytes[..bytes.len() - reader.0.len()];
        if reader.0.len() < tail_min_len(version) {
            return Err(Error::Authentication);
        }
        let wrap_nonce = reader.nonce()?;
        let wrapped_key = reader.take(WRAPPED_KEY_LEN)?;
        let commitment = if version == LEGACY_FORMAT_VERSION {
            None
        } else {
            Some(reader.take(COMMITMENT_LEN)?)
        };
        let content_nonce = reader.nonce()?;
        Ok(Parsed {
            version,
            prefix,
            suite_id,
            key_id,
            wrap_nonce,
            wrapped_key,
            commitment,
            content_nonce,
            content: reader.0,
        })
    }

    fn suite(&self, provider: &Provider) -> Result<&'static dyn CipherSuite> {
        provider.suite(SuiteId(self.suite_id)).ok_or(Error::UnknownSuite { id: self.suite_id })
    }

    fn kek<'k>(&self, keyring: &'k Keyring) -> Result<&'k MasterKey> {
        keyring.get(self.key_id).ok_or_else(|| Error::UnknownKey { key_id: self.key_id.to_owned() })
    }
}

/// A cursor that never reads past the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8]> {
        if self.0.len() < len {
            return Err(Error::Malformed { reason: "truncated header" });
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn nonce(&mut self) -> Result<Nonce> {
        let mut nonce = Nonce([0; NONCE_LEN]);
        nonce.0.copy_from_slice(self.take(NONCE_LEN)?);
        Ok(nonce)
    }
}

#[cfg(test)]
mod commitment_tests;
#[cfg(test)]
mod tests;
