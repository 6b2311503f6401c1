//! The record frame: a clear, authenticated header beside the envelope (layout in FORMAT.md).
//!
//! ```text
//! "MFRC" | frame version 1 | u32 header length | header (JSON) | envelope
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
pub(crate) const MAGIC: [u8; 4] = *b"MFRC";
/// The frame version this code writes and reads.
pub(crate) const VERSION: u8 = 1;
const PREFIX_LEN: usize = MAGIC.len() + 1 + 4;
const MAX_HEADER_LEN: usize = 4096;

/// The fields kept in clear (and authenticated) beside the envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClearHeader {
    pub(crate) memory_type: MemoryType,
    pub(crate) storage_tier: StorageTier,
    pub(crate) privacy_level: PrivacyLevel,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) expires_at: Option<DateTime<Utc>>,
    pub(crate) version: u64,
}

/// The fields sealed in the envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SealedBody {
    pub(crate) content: String,
    pub(crate) metadata: Map<String, Value>,
    pub(crate) tags: Vec<String>,
    pub(crate) pii_types: Vec<String>,
    pub(crate) importance: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) embedding: Option<Vec<f32>>,
}

/// The associated data of a record's envelope: id, owner and the exact header bytes.
pub(crate) fn context(id: &str, owner: &str, header: &[u8]) -> Vec<u8> {
    let mut aad = fabric_crypto::envelope::record_aad(id, owner);
    fabric_crypto::envelope::push_field(&mut aad, header);
    aad
}

/// Joins header and envelope into the stored bytes.
pub(crate) fn encode(header: &[u8], envelope: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(PREFIX_LEN + header.len() + envelope.len());
    out.extend_from_slice(&MAGIC);
    out.push(VERSION);
    // Headers are a few hundred bytes of JSON; `encode` is only called on our own headers.
    out.extend_from_slice(&(header.len() as u32).to_be_bytes());
    out.extend_from_slice(header);
    out.extend_from_slice(envelope);
    out
}

/// Splits stored bytes into header bytes, parsed header and envelope.
pub(crate) fn decode(bytes: &[u8]) -> Result<(&[u8], ClearHeader, &[u8]), &'static str> {
    if bytes.len() < PREFIX_LEN || bytes[..4] != MAGIC {
        return Err("not a record frame");
    }
    if bytes[4] != VERSION {
        return Err("unsupported record frame version");
    }
    let mut len_bytes = [0u8; 4];
    len_bytes.copy_from_slice(&bytes[5..PREFIX_LEN]);
    let header_len = u32::from_be_bytes(len_bytes) as usize;
    if header_len > MAX_HEADER_LEN || bytes.len() - PREFIX_LEN < header_len {
        return Err("header length out of range");
    }
    let (header_bytes, envelope) = bytes[PREFIX_LEN..].split_at(header_len);
    let header = serde_json::from_slice(header_bytes).map_err(|_| "header is not valid")?;
    Ok((header_bytes, header, envelope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_never_panics_on_short_or_odd_input() {
        let header = br#"{"memory_type":"note"}"#;
        let good = encode(header, b"env");
        for cut in 0..good.len() {
            let _ = decode(&good[..cut]);
        }
        assert!(decode(b"MFRC\x01\xff\xff\xff\xff").is_err());
        assert!(decode(b"MFRC\x02\0\0\0\0").is_err());
        assert!(decode(b"").is_err());
    }
}
