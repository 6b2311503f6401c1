//! Checkpoints: a stream's head signed with HMAC-SHA-256, and the [`AuditKey`] that keys both
//! the event chain and the checkpoints.

use std::fmt;

use chrono::{DateTime, Utc};
use fabric_crypto::MasterKey;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::chain::Head;
use crate::event::to_micros;
use crate::{Error, EventHash, Result, StreamId};

/// The format version of checkpoints written now (MAC input version 2: the `closed` flag,
/// under an HKDF subkey). Version 1 checkpoints still verify.
pub const CHECKPOINT_FORMAT_VERSION: u8 = 2;
/// The label the version 1 checkpoint key was derived with from the master key (plain HMAC).
pub const AUDIT_KEY_LABEL: &[u8] = b"memory-fabric audit checkpoint v1";
/// The HKDF info of the event chain key (event format version 2).
pub const CHAIN_KEY_INFO: &str = "memory-fabric audit chain v2";
/// The HKDF info of the checkpoint key (checkpoint format version 2).
pub const CHECKPOINT_KEY_INFO: &str = "memory-fabric audit checkpoint v2";
const MAC_DOMAIN: &[u8] = b"fabric-audit checkpoint";
/// The checkpoint interval when none is configured.
pub const DEFAULT_CHECKPOINT_EVERY: u64 = 1000;

/// The keys of an audit log: the event chain key (every event hash is an HMAC under it, so no
/// event can be added, changed or removed without it) and the checkpoint key, both HKDF
/// subkeys of one root, plus the version 1 checkpoint key for logs written before.
///
/// It derives none of `Debug` (hand-written, redacted), `Clone`, `Serialize` or `PartialEq`,
/// and its bytes are wiped on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct AuditKey {
    chain: [u8; 32],
    checkpoint: [u8; 32],
    legacy_checkpoint: [u8; 32],
}

impl AuditKey {
    /// Derives the audit keys from the fabric master key: the chain and checkpoint keys with
    /// HKDF-SHA-256 ([`MasterKey::derive`], infos [`CHAIN_KEY_INFO`] and
    /// [`CHECKPOINT_KEY_INFO`]); the version 1 checkpoint key as
    /// `HMAC-SHA-256(master key bytes, "memory-fabric audit checkpoint v1")`.
    pub fn derive(master: &MasterKey) -> Self {
        let mut mac = new_mac(master.expose_secret());
        mac.update(AUDIT_KEY_LABEL);
        AuditKey {
            chain: *master.derive(CHAIN_KEY_INFO).expose_secret(),
            checkpoint: *master.derive(CHECKPOINT_KEY_INFO).expose_secret(),
            legacy_checkpoint: mac.finalize().into_bytes().into(),
        }
    }

    /// Builds the keys from a 256-bit root kept apart from the master key: chain and checkpoint
    /// keys are HKDF-SHA-256 subkeys of `bytes`, the version 1 checkpoint key is `bytes` itself.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let expand = |info: &str| *fabric_crypto::hkdf_subkey(&bytes, info).expose_secret();
        AuditKey {
            chain: expand(CHAIN_KEY_INFO),
            checkpoint: expand(CHECKPOINT_KEY_INFO),
            legacy_checkpoint: bytes,
        }
    }

    /// A keyed HMAC-SHA-256 state for event hashes; clone it for each event.
    pub(crate) fn chain_mac(&self) -> Hmac<Sha256> {
        new_mac(&self.chain)
    }

    fn checkpoint_mac(&self, version: u8) -> Hmac<Sha256> {
        if version == 1 { new_mac(&self.legacy_checkpoint) } else { new_mac(&self.checkpoint) }
    }
}

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(<redacted>)")
    }
}

fn new_mac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length, so this never fails; the fallback only satisfies types.
    <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| <Hmac<Sha256> as Mac>::new(&Default::default()))
}

/// An HMAC-SHA-256 tag; shown and stored as 64 hex digits, compared in constant time.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CheckpointMac(pub [u8; 32]);

impl fmt::Debug for CheckpointMac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CheckpointMac({})", hex::encode(self.0))
    }
}

impl Serialize for CheckpointMac {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(self.0))
    }
}

impl<'de> Deserialize<'de> for CheckpointMac {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.as_bytes(), &mut bytes)
            .map_err(|_| serde::de::Error::custom("a mac is 64 hex digits"))?;
        Ok(CheckpointMac(bytes))
    }
}

/// A signed statement "the head of `stream` at `seq` is `head_hash`" (and, when `closed`,
/// "and the writer closed the stream there"), stored apart from the events so that truncating
/// or rewriting them is detected, and copied to a witness and to operators' hands so that
/// truncation back to an older checkpoint is detected too.
///
/// A stored checkpoint with fields it does not define is refused, so no text rides along in
/// a checkpoint file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// The stream.
    pub stream: StreamId,
    /// The sequence number of the last event covered.
    pub seq: u64,
    /// That event's hash.
    pub head_hash: EventHash,
    /// When the checkpoint was made, to the microsecond.
    #[serde(with = "crate::checkpoint::rfc3339_micros")]
    pub time: DateTime<Utc>,
    /// Whether the writer closed the stream with it: no event may follow unsealed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    /// The MAC input format (1 for checkpoints written before the keyed chain).
    #[serde(default = "legacy_version")]
    pub version: u8,
    /// HMAC-SHA-256 of the fields above (see `FORMAT.md`).
    pub mac: CheckpointMac,
}

fn legacy_version() -> u8 {
    1
}

impl Checkpoint {
    /// Signs the head of `stream` now, in the current format.
    pub fn sign(key: &AuditKey, stream: &StreamId, head: Head, closed: bool) -> Checkpoint {
        let mut checkpoint = Checkpoint {
            stream: stream.clone(),
            seq: head.seq,
            head_hash: head.hash,
            time: to_micros(Utc::now()),
            closed,
            version: CHECKPOINT_FORMAT_VERSION,
            mac: CheckpointMac([0; 32]),
        };
        checkpoint.mac = checkpoint.compute_mac(key);
        checkpoint
    }

    /// Whether the MAC is right for the fields under `key` (compared in constant time).
    /// A version 1 checkpoint cannot say `closed`, and an unknown version is never authentic.
    pub fn is_authentic(&self, key: &AuditKey) -> bool {
        let known = match self.version {
            1 => !self.closed,
            CHECKPOINT_FORMAT_VERSION => true,
            _ => false,
        };
        known && bool::from(self.compute_mac(key).0.ct_eq(&self.mac.0))
    }

    /// The head it covers.
    pub fn head(&self) -> Head {
        Head { seq: self.seq, hash: self.head_hash }
    }

    pub(crate) fn compute_mac(&self, key: &AuditKey) -> CheckpointMac {
        let mut mac = key.checkpoint_mac(self.version);
        mac.update(&[self.version]);
        mac.update(&(MAC_DOMAIN.len() as u32).to_be_bytes());
        mac.update(MAC_DOMAIN);
        let stream = self.stream.as_str().as_bytes();
        mac.update(&u32::try_from(stream.len()).unwrap_or(u32::MAX).to_be_bytes());
        mac.update(stream);
        mac.update(&self.seq.to_be_bytes());
        mac.update(&self.head_hash.0);
        mac.update(&self.time.timestamp_micros().to_be_bytes());
        if self.version >= 2 {
            mac.update(&[u8::from(self.closed)]);
        }
        CheckpointMac(mac.finalize().into_bytes().into())
    }
}

/// Where the writer puts checkpoints: at every event whose sequence number is a multiple of
/// `every`, at the head of the first append to an empty stream, and at the head when forced
/// (a writer's first append, flush and close).
#[derive(Debug, Clone, Copy)]
pub struct CheckpointPolicy {
    every: u64,
}

impl CheckpointPolicy {
    /// A checkpoint at every multiple of `every`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when `every` is 0.
    pub fn new(every: u64) -> Result<Self> {
        if every == 0 {
            return Err(Error::InvalidConfig {
                reason: "the checkpoint interval must be at least 1",
            });
        }
        Ok(CheckpointPolicy { every })
    }

    /// The heads to checkpoint after appending `sealed` to a stream whose head was `before`,
    /// in ascending order; `force` adds the new head (flush and close).
    pub fn heads_for(&self, before: Head, sealed: &[crate::AuditEvent], force: bool) -> Vec<Head> {
        let mut heads: Vec<Head> = sealed
            .iter()
            .filter(|event| event.seq % self.every == 0)
            .map(|event| Head { seq: event.seq, hash: event.hash })
            .collect();
        let head = sealed.last().map_or(before, |event| Head { seq: event.seq, hash: event.hash });
        let genesis = before.seq == 0 && !sealed.is_empty();
        let covered = heads.last().is_some_and(|last| last.seq == head.seq);
        if (force || genesis) && head.seq > 0 && !covered {
            heads.push(head);
        }
        heads
    }
}

pub(crate) mod rfc3339_micros {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        time: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Micros, true))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        let time = DateTime::parse_from_rfc3339(&text).map_err(serde::de::Error::custom)?;
        DateTime::from_timestamp_micros(time.timestamp_micros())
            .ok_or_else(|| serde::de::Error::custom("time out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AuditEvent;

    #[test]
    fn audit_key_debug_is_redacted_and_derivation_is_stable() {
        let master =
            MasterKey::parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
                .unwrap();
        let key = AuditKey::derive(&master);
        let again = AuditKey::derive(&master);
        assert_eq!(key.chain, again.chain);
        assert_eq!(key.checkpoint, again.checkpoint);
        assert_ne!(&key.chain, master.expose_secret());
        assert_ne!(key.chain, key.checkpoint);
        assert_ne!(key.checkpoint, key.legacy_checkpoint);
        let debug = format!("{key:?}");
        assert_eq!(debug, "AuditKey(<redacted>)");
        assert!(!debug.contains(&hex::encode(key.chain)));
    }

    #[test]
    fn checkpoints_verify_only_under_their_key_and_fields() {
        let key = AuditKey::from_bytes([7; 32]);
        let stream = StreamId::parse("s1").unwrap();
        let head = Head { seq: 10, hash: EventHash([9; 32]) };
        let checkpoint = Checkpoint::sign(&key, &stream, head, false);
        assert!(checkpoint.is_authentic(&key));
        assert!(!checkpoint.is_authentic(&AuditKey::from_bytes([8; 32])));
        let mut moved = checkpoint.clone();
        moved.seq = 11;
        assert!(!moved.is_authentic(&key));
        let mut closed = checkpoint.clone();
        closed.closed = true;
        assert!(!closed.is_authentic(&key), "the closed flag is authenticated");
        let mut downgraded = checkpoint.clone();
        downgraded.version = 1;
        assert!(!downgraded.is_authentic(&key), "a version 1 MAC uses another key");
        let json = serde_json::to_string(&checkpoint).unwrap();
        assert_eq!(serde_json::from_str::<Checkpoint>(&json).unwrap(), checkpoint);
        let signed_closed = Checkpoint::sign(&key, &stream, head, true);
        assert!(signed_closed.is_authentic(&key));
        assert!(serde_json::to_string(&signed_closed).unwrap().contains("\"closed\":true"));
    }

    #[test]
    fn version_1_checkpoints_still_verify() {
        // A version 1 checkpoint as the previous release wrote it, keyed by the raw root.
        let key = AuditKey::from_bytes([7; 32]);
        let stream = StreamId::parse("s1").unwrap();
        let mut old = Checkpoint {
            stream: stream.clone(),
            seq: 3,
            head_hash: EventHash([1; 32]),
            time: to_micros(Utc::now()),
            closed: false,
            version: 1,
            mac: CheckpointMac([0; 32]),
        };
        let mut mac = new_mac(&[7; 32]);
        mac.update(&[1]);
        mac.update(&(MAC_DOMAIN.len() as u32).to_be_bytes());
        mac.update(MAC_DOMAIN);
        mac.update(&2u32.to_be_bytes());
        mac.update(b"s1");
        mac.update(&3u64.to_be_bytes());
        mac.update(&[1; 32]);
        mac.update(&old.time.timestamp_micros().to_be_bytes());
        old.mac = CheckpointMac(mac.finalize().into_bytes().into());
        assert!(old.is_authentic(&key));
        let json = serde_json::to_string(&old).unwrap().replace(",\"version\":1", "");
        assert_eq!(serde_json::from_str::<Checkpoint>(&json).unwrap(), old);
        old.closed = true;
        assert!(!old.is_authentic(&key), "a version 1 checkpoint cannot claim a close");
    }

    #[test]
    fn policy_checkpoints_on_multiples_first_append_and_when_forced() {
        let policy = CheckpointPolicy::new(100).unwrap();
        let key = AuditKey::from_bytes([1; 32]);
        let stream = StreamId::parse("s").unwrap();
        let new =
            |n| (0..n).map(|_| AuditEvent::new(crate::Operation::List, crate::Status::Success));
        let seqs = |heads: Vec<Head>| -> Vec<u64> { heads.iter().map(|head| head.seq).collect() };
        let sealed = crate::seal(&key, &stream, Head::EMPTY, new(250)).unwrap();
        let after = |n: usize| Head { seq: n as u64, hash: sealed[n - 1].hash };
        assert_eq!(seqs(policy.heads_for(Head::EMPTY, &sealed[..99], false)), [99]);
        assert!(policy.heads_for(after(1), &sealed[1..99], false).is_empty());
        assert_eq!(seqs(policy.heads_for(after(1), &sealed[1..], false)), [100, 200]);
        assert_eq!(seqs(policy.heads_for(after(1), &sealed[1..], true)), [100, 200, 250]);
        assert_eq!(seqs(policy.heads_for(after(1), &sealed[1..200], true)), [100, 200]);
        assert_eq!(seqs(policy.heads_for(after(5), &[], true)), [5]);
        assert!(policy.heads_for(Head::EMPTY, &[], true).is_empty());
        assert!(CheckpointPolicy::new(0).is_err());
    }
}
