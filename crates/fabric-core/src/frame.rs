//! The record frame: a clear, authenticated header beside the envelope (layout in FORMAT.md).
//!
//! ```text
//! "MFRC" | frame version 1 | header (35 bytes) | envelope
//! header = memory type u8 | storage tier u8 | privacy level u8 | created_at i64
//!          | updated_at i64 | expires_at i64 | version u64        (times in µs since 1970)
//! plaintext sealed in the envelope = u32 content length | content | JSON of the other fields
//! ```
//!
//! The header holds only what listing filters on without decrypting (type, tier, privacy
//! level, timestamps, version). It is authenticated: its exact bytes are part of the
//! envelope's associated data, so an edited header makes the record fail to open.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{MemoryType, PrivacyLevel, StorageTier};

/// The four bytes every record frame starts with.
const MAGIC: [u8; 4] = *b"MFRC";
/// The frame version this code writes and reads.
const VERSION: u8 = 1;
/// Length of the clear header.
pub(crate) const HEADER_LEN: usize = 3 + 4 * 8;
const PREFIX_LEN: usize = MAGIC.len() + 1;
/// `expires_at` value meaning "never".
const NEVER: i64 = i64::MIN;

/// The fields kept in clear (and authenticated) beside the envelope.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClearHeader {
    pub(crate) memory_type: MemoryType,
    pub(crate) storage_tier: StorageTier,
    pub(crate) privacy_level: PrivacyLevel,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
    pub(crate) expires_at: Option<DateTime<Utc>>,
    pub(crate) version: u64,
}

impl ClearHeader {
    pub(crate) fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[0] = index_of(MemoryType::ALL, self.memory_type);
        out[1] = index_of(StorageTier::ALL, self.storage_tier);
        out[2] = index_of(PrivacyLevel::ALL, self.privacy_level);
        out[3..11].copy_from_slice(&self.created_at.timestamp_micros().to_be_bytes());
        out[11..19].copy_from_slice(&self.updated_at.timestamp_micros().to_be_bytes());
        let expires = self.expires_at.map_or(NEVER, |time| time.timestamp_micros());
        out[19..27].copy_from_slice(&expires.to_be_bytes());
        out[27..35].copy_from_slice(&self.version.to_be_bytes());
        out
    }

    /// Parses exactly [`HEADER_LEN`] bytes (the recall index hands over stored bytes an
    /// attacker may have shortened).
    pub(crate) fn parse(bytes: &[u8]) -> Result<ClearHeader, &'static str> {
        if bytes.len() != HEADER_LEN {
            return Err("the clear header has the wrong length");
        }
        let field = |at: usize| -> [u8; 8] {
            let mut value = [0u8; 8];
            value.copy_from_slice(&bytes[at..at + 8]);
            value
        };
        let time = |at: usize| {
            DateTime::from_timestamp_micros(i64::from_be_bytes(field(at)))
                .ok_or("time out of range")
        };
        let expires = i64::from_be_bytes(field(19));
        Ok(ClearHeader {
            memory_type: *MemoryType::ALL
                .get(usize::from(bytes[0]))
                .ok_or("unknown memory type")?,
            storage_tier: *StorageTier::ALL.get(usize::from(bytes[1])).ok_or("unknown tier")?,
            privacy_level: *PrivacyLevel::ALL.get(usize::from(bytes[2])).ok_or("unknown level")?,
            created_at: time(3)?,
            updated_at: time(11)?,
            expires_at: if expires == NEVER { None } else { Some(time(19)?) },
            version: u64::from_be_bytes(field(27)),
        })
    }
}

fn index_of<T: PartialEq>(all: &[T], value: T) -> u8 {
    // Every enum has fewer than 256 variants.
    all.iter().position(|candidate| *candidate == value).unwrap_or_default() as u8
}

/// The sealed fields other than the content, as JSON (borrowed when sealing).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(
    serialize = "M: Serialize + IsEmpty, T: Serialize + IsEmpty, P: Serialize + IsEmpty, E: Serialize",
    deserialize = "M: Deserialize<'de> + Default, T: Deserialize<'de> + Default, P: Deserialize<'de> + Default, E: Deserialize<'de>"
))]
pub(crate) struct SealedFields<M, T, P, E> {
    #[serde(default, skip_serializing_if = "IsEmpty::is_empty")]
    pub(crate) metadata: M,
    #[serde(default, skip_serializing_if = "IsEmpty::is_empty")]
    pub(crate) tags: T,
    #[serde(default, skip_serializing_if = "IsEmpty::is_empty")]
    pub(crate) pii_types: P,
    pub(crate) importance: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) embedding: Option<E>,
}

/// Empty collections are left out of the sealed JSON.
pub(crate) trait IsEmpty {
    fn is_empty(&self) -> bool;
}

impl<T: IsEmpty + ?Sized> IsEmpty for &T {
    fn is_empty(&self) -> bool {
        (**self).is_empty()
    }
}

impl IsEmpty for Map<String, Value> {
    fn is_empty(&self) -> bool {
        Map::is_empty(self)
    }
}

impl<T> IsEmpty for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

/// What [`open_plaintext`] returns: the content and the other sealed fields.
pub(crate) type OwnedFields =
    SealedFields<Map<String, Value>, Vec<String>, Vec<fabric_types::PiiType>, Vec<f32>>;

/// Lays out the plaintext: `u32 content length | content | JSON of the other fields`.
pub(crate) fn plaintext<M, T, P, E>(
    content: &str,
    fields: &SealedFields<M, T, P, E>,
) -> Result<Vec<u8>, serde_json::Error>
where
    M: Serialize + IsEmpty,
    T: Serialize + IsEmpty,
    P: Serialize + IsEmpty,
    E: Serialize,
{
    let mut out = Vec::with_capacity(4 + content.len() + 64);
    // Content is at most `Limits::max_content_bytes`, far below 4 GiB.
    out.extend_from_slice(&(content.len() as u32).to_be_bytes());
    out.extend_from_slice(content.as_bytes());
    serde_json::to_writer(&mut out, fields)?;
    Ok(out)
}

/// The version the clear header of a stored frame names (0 when it is no frame): for audit
/// events and error messages, before anything is authenticated.
pub(crate) fn stored_version(frame: &[u8]) -> u64 {
    decode(frame).map_or(0, |(_, header, _)| header.version)
}

/// Splits an opened plaintext into content and fields.
pub(crate) fn open_plaintext(plaintext: &[u8]) -> Result<(String, OwnedFields), &'static str> {
    let (len, rest) = plaintext.split_at_checked(4).ok_or("sealed body is too short")?;
    let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
    let (content, json) = rest.split_at_checked(len).ok_or("sealed content length out of range")?;
    let content = String::from_utf8(content.to_vec()).map_err(|_| "sealed content is not UTF-8")?;
    let fields = serde_json::from_slice(json).map_err(|_| "sealed fields are not valid")?;
    Ok((content, fields))
}

/// The associated data of a record's envelope: id, owner and the exact header bytes.
pub(crate) fn context(id: &str, owner: &str, header: &[u8]) -> Vec<u8> {
    let mut aad = fabric_crypto::envelope::record_aad(id, owner);
    fabric_crypto::envelope::push_field(&mut aad, header);
    aad
}

/// Joins header and envelope into the stored bytes.
pub(crate) fn encode(header: &[u8; HEADER_LEN], envelope: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(PREFIX_LEN + HEADER_LEN + envelope.len());
    out.extend_from_slice(&MAGIC);
    out.push(VERSION);
    out.extend_from_slice(header);
    out.extend_from_slice(envelope);
    out
}

/// Splits stored bytes into header bytes, parsed header and envelope.
pub(crate) fn decode(bytes: &[u8]) -> Result<(&[u8], ClearHeader, &[u8]), &'static str> {
    if bytes.len() < PREFIX_LEN + HEADER_LEN || bytes[..4] != MAGIC {
        return Err("not a record frame");
    }
    if bytes[4] != VERSION {
        return Err("unsupported record frame version");
    }
    let (header_bytes, envelope) = bytes[PREFIX_LEN..].split_at(HEADER_LEN);
    Ok((header_bytes, ClearHeader::parse(header_bytes)?, envelope))
}

/// The SHA-256 digest of a sealed record frame, as the audit log records it.
pub(crate) type FrameDigest = [u8; 32];

/// The digest the audit log names a sealed frame by (`content_digest`): SHA-256 over its
/// clear header and the parts of its envelope a rewrap keeps (format version, suite, key
/// commitment, content nonce, ciphertext and tag), so a record moved under a new
/// key-encryption or owner key keeps it, while anything else that changes what the frame
/// opens to changes it. Bytes that are no frame are digested whole, under another domain.
pub(crate) fn content_digest(frame: &[u8]) -> FrameDigest {
    use sha2::Digest as _;
    let parts = decode(frame).ok().and_then(|(header, _, envelope)| {
        Some((header, fabric_crypto::envelope::sealed_content(envelope).ok()?))
    });
    let mut hasher = sha2::Sha256::new();
    match parts {
        Some((header, sealed)) => {
            // Every part but the last has a length fixed by the format version.
            hasher.update(b"MFCD\x01");
            hasher.update(header);
            hasher.update([sealed.version, sealed.suite.0]);
            hasher.update(sealed.commitment);
            hasher.update(sealed.nonce);
            hasher.update(sealed.ciphertext);
        }
        None => {
            hasher.update(b"MFCD\x00");
            hasher.update(frame);
        }
    }
    hasher.finalize().into()
}

/// The SHA-256 digest of a whole frame, as store and delete events named it before
/// [`content_digest`] (`frame_digest`).
pub(crate) fn whole_frame_digest(frame: &[u8]) -> FrameDigest {
    use sha2::Digest as _;
    sha2::Sha256::digest(frame).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trips_and_decode_never_panics() {
        let now = DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap();
        let header = ClearHeader {
            memory_type: MemoryType::Note,
            storage_tier: StorageTier::Archive,
            privacy_level: PrivacyLevel::Restricted,
            created_at: now,
            updated_at: now,
            expires_at: Some(now),
            version: 7,
        };
        let good = encode(&header.to_bytes(), b"env");
        let (_, parsed, envelope) = decode(&good).unwrap();
        assert_eq!((parsed, envelope), (header, &b"env"[..]));
        for cut in 0..good.len() {
            let _ = decode(&good[..cut]);
        }
        let mut bad_enum = good.clone();
        bad_enum[5] = 200;
        assert!(decode(&bad_enum).is_err());
        assert!(decode(b"MFRC\x02").is_err());
        assert!(decode(b"").is_err());
    }

    #[test]
    fn plaintext_round_trips_and_bad_lengths_are_errors() {
        let fields = OwnedFields {
            metadata: Map::new(),
            tags: vec!["a".into()],
            pii_types: vec![],
            importance: 0.5,
            session_id: None,
            source: None,
            embedding: None,
        };
        let bytes = plaintext("héllo\n\"", &fields).unwrap();
        let (content, parsed) = open_plaintext(&bytes).unwrap();
        assert_eq!((content.as_str(), parsed.tags), ("héllo\n\"", vec!["a".to_owned()]));
        for cut in 0..bytes.len() {
            assert!(open_plaintext(&bytes[..cut]).is_err());
        }
        assert!(open_plaintext(&[0xff, 0xff, 0xff, 0xff, b'x']).is_err());
    }
}
