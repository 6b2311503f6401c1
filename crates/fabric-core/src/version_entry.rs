//! Version entries: on SQLite, every record write also writes, in the same commit, a keyed
//! entry in the record's row (`WriteOp::Put`'s `entry`) naming the version and the tag of
//! the frame written; a delete leaves a tombstone apart (`WriteOp::PutEntry`, table
//! `fabric_entries`). A read then refuses stored bytes that are not the ones the entry names:
//! a record whose bytes were rolled back under a newer entry, or that was put back while its
//! tombstone is there, by someone who can write the database but holds no key.
//!
//! What it does not catch, since the entry is stored beside what it protects: a whole row
//! (bytes and entry) restored from an older copy of the file, a row put back after its
//! tombstone was removed too, or an entry removed (read as a record from before entries).
//! `fabric audit verify --records` names those, against the audit log.
//!
//! Entry bytes: `"MFVE" | 0x01 | u64 version | 16-byte frame tag | u8 deleted | 32-byte MAC`,
//! the MAC being HMAC-SHA-256 under an HKDF subkey of a master key
//! ([`VERSION_KEY_PURPOSE`]) over `"MFVE" | 0x01 | lp(owner) | lp(id) | version | tag |
//! deleted`.

use fabric_crypto::{DataKey, Keyring};
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

use crate::{Error, Result};

/// The HKDF purpose of the version-entry key.
pub const VERSION_KEY_PURPOSE: &str = "memory-fabric record version v1";
const MAGIC: &[u8; 4] = b"MFVE";
const FORMAT: u8 = 1;
const LEN: usize = 4 + 1 + 8 + TAG_LEN + 1 + 32;
/// Bytes of the content tag that ends every sealed frame.
const TAG_LEN: usize = 16;

/// The tag a sealed frame ends with (its envelope's content tag, fresh for every sealing
/// under a fresh data key): it names the exact stored bytes without hashing them, since no
/// other bytes with that tag open under the key.
pub(crate) fn frame_tag(frame: &[u8]) -> [u8; TAG_LEN] {
    let mut tag = [0; TAG_LEN];
    if let Some(tail) = frame.len().checked_sub(TAG_LEN).and_then(|start| frame.get(start..)) {
        tag.copy_from_slice(tail);
    }
    tag
}

/// What an entry says about a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VersionEntry {
    pub(crate) version: u64,
    /// The written frame's tag ([`frame_tag`]); zeros in a tombstone.
    pub(crate) tag: [u8; TAG_LEN],
    pub(crate) deleted: bool,
}

/// The keys entries are MAC'd with: one per master key of the keyring, the active one first
/// (new entries use it; any of them verifies, so entries outlive a key rotation). Each is
/// kept as a keyed HMAC state, cloned per entry, so no MAC pays for the key schedule (those
/// states are not wiped on drop; like the keyring they live as long as the fabric).
pub(crate) struct VersionKeys(Vec<Hmac<Sha256>>);

impl std::fmt::Debug for VersionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VersionKeys(<{} redacted>)", self.0.len())
    }
}

impl VersionKeys {
    pub(crate) fn derive(keyring: &Keyring) -> VersionKeys {
        let keyed = |key: DataKey| {
            // HMAC takes keys of any length; the fallback only satisfies types.
            <Hmac<Sha256>>::new_from_slice(key.expose_secret())
                .unwrap_or_else(|_| <Hmac<Sha256>>::new(&Default::default()))
        };
        let (active_id, active) = keyring.active();
        let mut keys = vec![keyed(active.derive(VERSION_KEY_PURPOSE))];
        for id in keyring.key_ids().filter(|id| *id != active_id) {
            if let Some(key) = keyring.get(id.as_str()) {
                keys.push(keyed(key.derive(VERSION_KEY_PURPOSE)));
            }
        }
        VersionKeys(keys)
    }

    fn mac(key: &Hmac<Sha256>, owner: &str, id: &str, entry: &VersionEntry) -> [u8; 32] {
        let mut mac = key.clone();
        mac.update(MAGIC);
        mac.update(&[FORMAT]);
        for text in [owner, id] {
            mac.update(&u32::try_from(text.len()).unwrap_or(u32::MAX).to_be_bytes());
            mac.update(text.as_bytes());
        }
        mac.update(&entry.version.to_be_bytes());
        mac.update(&entry.tag);
        mac.update(&[u8::from(entry.deleted)]);
        mac.finalize().into_bytes().into()
    }

    /// The stored bytes of `entry` for `owner`/`id`, MAC'd under the active key.
    pub(crate) fn encode(&self, owner: &str, id: &str, entry: &VersionEntry) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(LEN);
        bytes.extend_from_slice(MAGIC);
        bytes.push(FORMAT);
        bytes.extend_from_slice(&entry.version.to_be_bytes());
        bytes.extend_from_slice(&entry.tag);
        bytes.push(u8::from(entry.deleted));
        if let Some(key) = self.0.first() {
            bytes.extend_from_slice(&Self::mac(key, owner, id, entry));
        }
        bytes
    }

    /// The entry in `bytes` for `owner`/`id`, if its MAC verifies under one of the keys.
    pub(crate) fn decode(&self, owner: &str, id: &str, bytes: &[u8]) -> Option<VersionEntry> {
        if bytes.len() != LEN || &bytes[..4] != MAGIC || bytes[4] != FORMAT {
            return None;
        }
        let version = u64::from_be_bytes(bytes.get(5..13)?.try_into().ok()?);
        let tag: [u8; TAG_LEN] = bytes.get(13..13 + TAG_LEN)?.try_into().ok()?;
        let deleted = match bytes.get(13 + TAG_LEN)? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let entry = VersionEntry { version, tag, deleted };
        let stored_mac = bytes.get(14 + TAG_LEN..)?;
        self.0
            .iter()
            .any(|key| bool::from(Self::mac(key, owner, id, &entry).ct_eq(stored_mac)))
            .then_some(entry)
    }

    /// Refuses stored record bytes that are not the ones the entry says were last written.
    /// A record without an entry (written before entries, or on another backend) passes.
    /// `stored_version` (the version the stored bytes carry) is asked only for the error.
    #[cfg_attr(
        not(feature = "sqlite"),
        expect(
            dead_code,
            reason = "only SQLite keeps version entries and audits in the records' transaction"
        )
    )]
    pub(crate) fn check(
        &self,
        owner: &str,
        id: &str,
        frame: &[u8],
        stored_version: impl FnOnce() -> u64,
        entry: Option<&[u8]>,
    ) -> Result<()> {
        let Some(bytes) = entry else { return Ok(()) };
        let Some(entry) = self.decode(owner, id, bytes) else {
            return Err(Error::Authentication { id: id.to_owned() });
        };
        if entry.deleted || entry.tag != frame_tag(frame) {
            return Err(Error::Stale {
                id: id.to_owned(),
                stored_version: stored_version(),
                written_version: entry.version,
                deleted: entry.deleted,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use fabric_crypto::MasterKey;

    use super::*;

    #[test]
    fn entries_verify_only_for_their_record_and_fields() {
        let key =
            MasterKey::parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
                .unwrap();
        let keys = VersionKeys::derive(&Keyring::single(key));
        let entry = VersionEntry { version: 3, tag: [7; 16], deleted: false };
        let frame = [[1u8; 40].as_slice(), &[7; 16]].concat();
        let other = [[1u8; 40].as_slice(), &[8; 16]].concat();
        let bytes = keys.encode("alice", "r1", &entry);
        assert_eq!(keys.decode("alice", "r1", &bytes), Some(entry));
        assert_eq!(keys.decode("bob", "r1", &bytes), None, "moved to another owner");
        assert_eq!(keys.decode("alice", "r2", &bytes), None, "moved to another record");
        for index in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[index] ^= 1;
            assert_eq!(keys.decode("alice", "r1", &flipped), None, "byte {index}");
        }
        assert!(keys.check("alice", "r1", &frame, || 3, Some(&bytes)).is_ok());
        assert!(matches!(
            keys.check("alice", "r1", &other, || 2, Some(&bytes)),
            Err(Error::Stale { stored_version: 2, written_version: 3, deleted: false, .. })
        ));
        assert!(keys.check("alice", "r1", &other, || 2, None).is_ok(), "no entry: legacy");
        assert_eq!(frame_tag(&[1, 2]), [0; 16], "a frame shorter than a tag");
        assert!(format!("{keys:?}").contains("redacted"));
    }
}
