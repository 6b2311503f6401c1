//! Checkpoints: a stream's head signed with HMAC-SHA-256 under the [`AuditKey`].

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use fabric_crypto::MasterKey;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::chain::Head;
use crate::event::to_micros;
use crate::{AuditEvent, Error, EventHash, Result, StreamId};

/// The first byte of every checkpoint MAC input.
pub const CHECKPOINT_FORMAT_VERSION: u8 = 1;
/// The label the audit key is derived with from the master key.
pub const AUDIT_KEY_LABEL: &[u8] = b"memory-fabric audit checkpoint v1";
const MAC_DOMAIN: &[u8] = b"fabric-audit checkpoint";
/// The checkpoint interval when none is configured.
pub const DEFAULT_CHECKPOINT_EVERY: u64 = 1000;

/// The 256-bit key checkpoints are authenticated with.
///
/// It derives none of `Debug` (hand-written, redacted), `Clone`, `Serialize` or `PartialEq`,
/// and its bytes are wiped on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct AuditKey([u8; 32]);

impl AuditKey {
    /// Derives the audit key from the fabric master key:
    /// `HMAC-SHA-256(master key bytes, "memory-fabric audit checkpoint v1")`.
    pub fn derive(master: &MasterKey) -> Self {
        let mut mac = new_mac(master.expose_secret());
        mac.update(AUDIT_KEY_LABEL);
        AuditKey(mac.finalize().into_bytes().into())
    }

    /// Wraps raw key bytes (for a key kept apart from the master key).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        AuditKey(bytes)
    }

    /// The raw key bytes. Every call site is a place to review.
    pub fn expose_secret(&self) -> &[u8; 32] {
        &self.0
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

/// A signed statement "the head of `stream` at `seq` is `head_hash`", stored apart from the
/// events so that truncating or rewriting them is detected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// HMAC-SHA-256 of the fields above (see `FORMAT-audit.md`).
    pub mac: CheckpointMac,
}

impl Checkpoint {
    /// Signs the head of `stream` now.
    pub fn sign(key: &AuditKey, stream: &StreamId, head: Head) -> Checkpoint {
        let time = to_micros(Utc::now());
        let mac = compute_mac(key, stream, head.seq, &head.hash, time);
        Checkpoint { stream: stream.clone(), seq: head.seq, head_hash: head.hash, time, mac }
    }

    /// Whether the MAC is right for the fields under `key` (compared in constant time).
    pub fn is_authentic(&self, key: &AuditKey) -> bool {
        let expected = compute_mac(key, &self.stream, self.seq, &self.head_hash, self.time);
        bool::from(expected.0.ct_eq(&self.mac.0))
    }
}

fn compute_mac(
    key: &AuditKey,
    stream: &StreamId,
    seq: u64,
    head_hash: &EventHash,
    time: DateTime<Utc>,
) -> CheckpointMac {
    let mut mac = new_mac(key.expose_secret());
    mac.update(&[CHECKPOINT_FORMAT_VERSION]);
    mac.update(&(MAC_DOMAIN.len() as u32).to_be_bytes());
    mac.update(MAC_DOMAIN);
    let stream = stream.as_str().as_bytes();
    mac.update(&u32::try_from(stream.len()).unwrap_or(u32::MAX).to_be_bytes());
    mac.update(stream);
    mac.update(&seq.to_be_bytes());
    mac.update(&head_hash.0);
    mac.update(&time.timestamp_micros().to_be_bytes());
    CheckpointMac(mac.finalize().into_bytes().into())
}

/// When a sink writes checkpoints with an append: at every event whose sequence number is a
/// multiple of `every`, and at the new head when forced (flush and close).
#[derive(Debug, Clone)]
pub struct CheckpointPolicy {
    key: Arc<AuditKey>,
    every: u64,
    force: bool,
}

impl CheckpointPolicy {
    /// A checkpoint at every multiple of `every`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when `every` is 0.
    pub fn new(key: Arc<AuditKey>, every: u64) -> Result<Self> {
        if every == 0 {
            return Err(Error::InvalidConfig {
                reason: "the checkpoint interval must be at least 1",
            });
        }
        Ok(CheckpointPolicy { key, every, force: false })
    }

    /// The same policy, also checkpointing the head of this append whatever its seq.
    #[must_use]
    pub fn forced(mut self) -> Self {
        self.force = true;
        self
    }

    /// The checkpoints to store after appending `sealed` to a stream whose head was `before`,
    /// in ascending order.
    pub fn checkpoints_for(
        &self,
        stream: &StreamId,
        before: Head,
        sealed: &[AuditEvent],
    ) -> Vec<Checkpoint> {
        let mut checkpoints: Vec<Checkpoint> = sealed
            .iter()
            .filter(|event| event.seq % self.every == 0)
            .map(|event| {
                Checkpoint::sign(&self.key, stream, Head { seq: event.seq, hash: event.hash })
            })
            .collect();
        let head = sealed.last().map_or(before, |event| Head { seq: event.seq, hash: event.hash });
        let covered = checkpoints.last().is_some_and(|checkpoint| checkpoint.seq == head.seq);
        if self.force && head.seq > 0 && !covered {
            checkpoints.push(Checkpoint::sign(&self.key, stream, head));
        }
        checkpoints
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

    #[test]
    fn audit_key_debug_is_redacted_and_derivation_is_stable() {
        let master =
            MasterKey::parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
                .unwrap();
        let key = AuditKey::derive(&master);
        let again = AuditKey::derive(&master);
        assert_eq!(key.expose_secret(), again.expose_secret());
        assert_ne!(key.expose_secret(), master.expose_secret());
        let debug = format!("{key:?}");
        assert_eq!(debug, "AuditKey(<redacted>)");
        assert!(!debug.contains(&hex::encode(key.expose_secret())));
    }

    #[test]
    fn checkpoints_verify_only_under_their_key_and_fields() {
        let key = AuditKey::from_bytes([7; 32]);
        let stream = StreamId::parse("s1").unwrap();
        let head = Head { seq: 10, hash: EventHash([9; 32]) };
        let checkpoint = Checkpoint::sign(&key, &stream, head);
        assert!(checkpoint.is_authentic(&key));
        assert!(!checkpoint.is_authentic(&AuditKey::from_bytes([8; 32])));
        let mut moved = checkpoint.clone();
        moved.seq = 11;
        assert!(!moved.is_authentic(&key));
        let json = serde_json::to_string(&checkpoint).unwrap();
        assert_eq!(serde_json::from_str::<Checkpoint>(&json).unwrap(), checkpoint);
    }

    #[test]
    fn policy_checkpoints_on_multiples_and_when_forced() {
        let policy = CheckpointPolicy::new(Arc::new(AuditKey::from_bytes([1; 32])), 100).unwrap();
        let stream = StreamId::parse("s").unwrap();
        let new =
            |n| (0..n).map(|_| AuditEvent::new(crate::Operation::List, crate::Status::Success));
        let seqs = |checkpoints: Vec<Checkpoint>| -> Vec<u64> {
            checkpoints.iter().map(|checkpoint| checkpoint.seq).collect()
        };
        let sealed = crate::seal(&stream, Head::EMPTY, new(250)).unwrap();
        assert!(policy.checkpoints_for(&stream, Head::EMPTY, &sealed[..99]).is_empty());
        assert_eq!(seqs(policy.checkpoints_for(&stream, Head::EMPTY, &sealed)), [100, 200]);
        let forced = policy.clone().forced();
        assert_eq!(seqs(forced.checkpoints_for(&stream, Head::EMPTY, &sealed)), [100, 200, 250]);
        assert_eq!(seqs(forced.checkpoints_for(&stream, Head::EMPTY, &sealed[..200])), [100, 200]);
        let head = Head { seq: 5, hash: EventHash::GENESIS };
        assert_eq!(seqs(forced.checkpoints_for(&stream, head, &[])), [5]);
        assert!(forced.checkpoints_for(&stream, Head::EMPTY, &[]).is_empty());
        assert!(CheckpointPolicy::new(Arc::new(AuditKey::from_bytes([1; 32])), 0).is_err());
    }
}
