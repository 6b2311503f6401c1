//! Tests of the canonical encoding, sealing, and that any byte edit is detected.

use std::sync::Arc;

use fabric_store::{Backend, ObjectKey, ObjectStoreBackend, PutMode};
use proptest::prelude::*;

use super::*;
use crate::sink::backend::BackendSink;
use crate::{
    AppendRequest, AuditKey, AuditSink, Checkpoint, DetailName, FieldName, Id, KeyName, Operation,
    PiiType, Reason, Status, verify,
};

fn key() -> AuditKey {
    AuditKey::from_bytes([0x2a; 32])
}

fn id(text: &str) -> Id {
    Id::parse(text).unwrap()
}

/// Events using every field and every kind of detail.
fn sample_events(count: usize) -> Vec<NewEvent> {
    let time = DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap();
    (0..count)
        .map(|index| {
            let event =
                AuditEvent::new(Operation::ALL[index % Operation::ALL.len()], Status::Success)
                    .at(time)
                    .actor(id(&format!("actor-{index}")))
                    .owner(id("alice"))
                    .record(id(&format!("rec:{index}")))
                    .request(id("req-7"))
                    .detail(DetailName::RECORDS, Detail::Count(index as u64))
                    .detail(DetailName::SIZE, Detail::Bytes(4096))
                    .detail(DetailName::DURATION, Detail::Millis(12))
                    .detail(
                        DetailName::from_static("cached").unwrap(),
                        Detail::Flag(index % 2 == 0),
                    )
                    .detail(
                        DetailName::KEY_ID,
                        Detail::KeyId(KeyName::parse("k3fa9c1d2e4b6").unwrap()),
                    )
                    .detail(
                        DetailName::PII_TYPES,
                        Detail::PiiTypes(vec![
                            PiiType::parse("EMAIL").unwrap(),
                            PiiType::parse("PHONE_NUMBER").unwrap(),
                        ]),
                    );
            if index % 3 == 1 {
                event.reason(Reason::InvalidInput { field: FieldName::Metadata })
            } else {
                event
            }
        })
        .collect()
}

#[test]
fn sealing_links_events_and_encoding_round_trips() {
    let stream = StreamId::parse("s").unwrap();
    let sealed = seal(&key(), &stream, Head::EMPTY, sample_events(5)).unwrap();
    assert_eq!(sealed[0].prev_hash, EventHash::GENESIS);
    for pair in sealed.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
        assert_eq!(pair[1].seq, pair[0].seq + 1);
    }
    for event in &sealed {
        assert_eq!(event.compute_hash(&key()), event.hash);
        assert_ne!(event.compute_hash(&AuditKey::from_bytes([1; 32])), event.hash);
        let bytes = event.canonical_bytes();
        assert_eq!(bytes[0], EVENT_FORMAT_VERSION);
        assert_eq!(&decode_event(&bytes, event.hash).unwrap(), event);
        let json = serde_json::to_string(event).unwrap();
        assert_eq!(&serde_json::from_str::<AuditEvent>(&json).unwrap(), event);
    }
}

/// The known-answer vectors printed in `FORMAT.md`: the encoding, its keyed (version 2) hash
/// under `AuditKey::from_bytes([0x2a; 32])`, and the version 1 hash of the same event.
#[test]
fn known_answer_vector() {
    let stream = StreamId::parse("node-1").unwrap();
    let time = DateTime::from_timestamp_micros(1_700_000_000_000_000).unwrap();
    let event = AuditEvent::new(Operation::Store, Status::Success)
        .at(time)
        .actor(id("alice"))
        .record(id("r1"))
        .detail(DetailName::SIZE, Detail::Bytes(5));
    let sealed = seal(&key(), &stream, Head::EMPTY, [event]).unwrap();
    let mut legacy = sealed[0].clone();
    legacy.format = LEGACY_EVENT_FORMAT_VERSION;
    let bytes = legacy.canonical_bytes();
    assert_eq!(sealed[0].canonical_bytes()[1..], bytes[1..]);
    assert_eq!(sealed[0].canonical_bytes()[0], 2);
    assert_eq!(
        hex::encode(&bytes),
        concat!(
            "01",
            "00000006",
            "6e6f64652d31",
            "0000000000000001",
            "00060a24181e4000",
            "00000005",
            "73746f7265",
            "00000007",
            "73756363657373",
            "00",
            "01",
            "00000005",
            "616c696365",
            "00",
            "01",
            "00000002",
            "7231",
            "00",
            "00000001",
            "00000004",
            "73697a65",
            "02",
            "0000000000000005",
            "0000000000000000000000000000000000000000000000000000000000000000",
        )
    );
    assert_eq!(legacy.compute_hash(&key()).to_hex(), KNOWN_LEGACY_HASH);
    assert_eq!(sealed[0].hash.to_hex(), KNOWN_HASH);
}

const KNOWN_LEGACY_HASH: &str = "05ede917aa1dfc9b2ffea1744dc3734bfa66f4cae6197afb5c0ff7f2678636e8";
const KNOWN_HASH: &str = "39ea30389b9abe733b6d62ff29ca3eb16bed1e71a6a4a8aeba87f42326533206";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any single-byte change of any event's canonical encoding, stored in place of the
    /// event, makes verification fail (or the bytes are no event at all).
    #[test]
    fn any_single_byte_edit_is_detected(
        event_index in 0usize..8,
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let outcome: Result<bool, String> = runtime().block_on(async {
            let backend: Arc<ObjectStoreBackend> = Arc::new(ObjectStoreBackend::memory());
            let sink = BackendSink::new(backend.clone());
            let stream = StreamId::parse("s").unwrap();
            let key = Arc::new(AuditKey::from_bytes([3; 32]));
            let request = AppendRequest {
                stream: stream.clone(),
                events: sample_events(8),
                key: key.clone(),
                after: None,
            };
            let appended = crate::append(&sink, request, None).await.unwrap();
            let head = Head { seq: 8, hash: appended.events[7].hash };
            sink.put_checkpoints(&[Checkpoint::sign(&key, &stream, head, true)]).await.unwrap();
            verify(&sink, &key).await.unwrap();

            let original = &appended.events[event_index];
            let mut bytes = original.canonical_bytes();
            let at = position.index(bytes.len());
            bytes[at] ^= flip;
            let Ok(forged) = decode_event(&bytes, original.hash) else {
                // Not an event encoding at all: nothing could store it.
                return Ok(false);
            };
            if forged.hash_with(&ChainHasher::new(&key), &mut Vec::new(), forged.seq)
                == original.hash
            {
                return Err("an edit kept the hash".to_owned());
            }
            let Ok(body) = serde_json::to_vec(&forged) else { return Ok(false) };
            let key_name = format!("audit/s/events/{:020}", original.seq);
            let object = ObjectKey::parse(&key_name).unwrap();
            backend.put(&object, body.into(), PutMode::Overwrite).await.unwrap();
            match verify(&sink, &key).await {
                Err(crate::Error::Tampered { .. }) => Ok(true),
                other => Err(format!("edit at byte {at} not detected: {other:?}")),
            }
        });
        prop_assert!(outcome.is_ok(), "{:?}", outcome);
    }
}
