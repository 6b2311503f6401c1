//! The envelope: the self-describing bytes every stored record is (layout in FORMAT.md).
//!
//! ```text
//! magic "MFEN" | version 1 | suite id | key id len | key id | wrap nonce (12)
//! | wrapped data key (32 + 16 tag) | content nonce (12) | ciphertext | tag (16)
//! ```
//!
//! The data key is sealed under the key-encryption key with associated data
//! `magic | version | suite | key id len | key id | context`; the content is sealed under the
//! data key with `magic | version | suite | context`, where `context` is what the caller binds
//! the envelope to (for records: [`record_aad`]). Leaving the key id and wrapped key out of the
//! content's associated data is what lets [`rewrap`] rotate keys without re-encrypting content.

use zeroize::Zeroizing;

use crate::key::KEY_LEN;
use crate::{
    CipherSuite, DataKey, Error, KeyId, Keyring, MasterKey, NONCE_LEN, Nonce, Provider, Result,
    SecureRandom, SuiteId, TAG_LEN,
};

/// The four bytes every envelope starts with.
pub const MAGIC: [u8; 4] = *b"MFEN";
/// The format version this code writes and reads.
pub const FORMAT_VERSION: u8 = 1;

const WRAPPED_KEY_LEN: usize = KEY_LEN + TAG_LEN;
/// Fixed bytes after the key id: wrap nonce, wrapped key, content nonce and content tag.
const TAIL_MIN_LEN: usize = NONCE_LEN + WRAPPED_KEY_LEN + NONCE_LEN + TAG_LEN;

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
    let (key_id, kek) = keyring.active();
    // One draw for the data key and both nonces, in that order.
    let mut fresh = Zeroizing::new([0u8; KEY_LEN + 2 * NONCE_LEN]);
    random.fill(fresh.as_mut())?;
    let (key_bytes, nonces) = fresh.split_at(KEY_LEN);
    let data_key = DataKey::from_bytes(key_bytes.try_into().map_err(|_| Error::Random)?);
    let wrap_nonce = Nonce(nonces[..NONCE_LEN].try_into().map_err(|_| Error::Random)?);
    let content_nonce = Nonce(nonces[NONCE_LEN..].try_into().map_err(|_| Error::Random)?);

    let mut out = Vec::with_capacity(8 + key_id.as_str().len() + TAIL_MIN_LEN + msg.len());
    write_prefix(&mut out, suite.id(), key_id);
    let wrapped = wrap(suite, kek, &wrap_nonce, &out, context, &data_key)?;
    let content = suite.seal(&data_key, &content_nonce, &content_aad(suite.id(), context), msg)?;
    out.extend_from_slice(&wrap_nonce.0);
    out.extend_from_slice(&wrapped);
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
    suite.open(&data_key, &parsed.content_nonce, &content_aad(suite.id(), context), parsed.content)
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

/// Re-wraps the data key of an envelope under the keyring's active key, leaving the content
/// bytes as they are: key rotation costs a few dozen bytes per record, not a re-encryption.
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
    let (key_id, kek) = keyring.active();
    let mut wrap_nonce = Nonce([0; NONCE_LEN]);
    random.fill(&mut wrap_nonce.0)?;
    let mut out = Vec::with_capacity(envelope.len() + KeyId::MAX_LEN);
    write_prefix(&mut out, suite.id(), key_id);
    let wrapped = wrap(suite, kek, &wrap_nonce, &out, context, &data_key)?;
    out.extend_from_slice(&wrap_nonce.0);
    out.extend_from_slice(&wrapped);
    out.extend_from_slice(&parsed.content_nonce.0);
    out.extend_from_slice(parsed.content);
    Ok(out)
}

fn write_prefix(out: &mut Vec<u8>, suite: SuiteId, key_id: &KeyId) {
    out.extend_from_slice(&MAGIC);
    out.push(FORMAT_VERSION);
    out.push(suite.0);
    // A KeyId is at most 64 bytes, so its length always fits in one byte.
    out.push(key_id.as_str().len() as u8);
    out.extend_from_slice(key_id.as_str().as_bytes());
}

fn content_aad(suite: SuiteId, context: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(6 + context.len());
    aad.extend_from_slice(&MAGIC);
    aad.push(FORMAT_VERSION);
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
    prefix: &'a [u8],
    suite_id: u8,
    key_id: &'a str,
    wrap_nonce: Nonce,
    wrapped_key: &'a [u8],
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
        if version != FORMAT_VERSION {
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
        if reader.0.len() < TAIL_MIN_LEN {
            return Err(Error::Authentication);
        }
        let wrap_nonce = reader.nonce()?;
        let wrapped_key = reader.take(WRAPPED_KEY_LEN)?;
        let content_nonce = reader.nonce()?;
        Ok(Parsed {
            prefix,
            suite_id,
            key_id,
            wrap_nonce,
            wrapped_key,
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
mod tests;
