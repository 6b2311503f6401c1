//! Known-answer vectors (read from FORMAT.md) and property tests of the envelope.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

use super::*;
use crate::{DEFAULT_PROVIDER, FixedRandom, OsRandom};

fn test_keyring(seed: u8) -> Keyring {
    let bytes: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(31).wrapping_add(seed));
    Keyring::single(MasterKey::from_bytes(bytes).unwrap())
}

/// Every provider of this build: the default one, and each suite alone.
fn enabled_suites() -> Vec<&'static dyn CipherSuite> {
    // With aws-lc on, the default provider holds its suites; add the RustCrypto ones.
    let rustcrypto: &[&'static dyn CipherSuite] = &[
        #[cfg(all(feature = "aws-lc", feature = "aes-gcm"))]
        &crate::aes_gcm::Aes256Gcm,
        #[cfg(all(feature = "aws-lc", feature = "chacha20poly1305"))]
        &crate::chacha20poly1305::ChaCha20Poly1305,
    ];
    DEFAULT_PROVIDER.suites.iter().chain(rustcrypto).copied().collect()
}

/// A provider that opens with exactly one suite implementation.
fn provider_of(suite: &'static dyn CipherSuite) -> Provider {
    let suites: &'static [&'static dyn CipherSuite] = Box::leak(Box::new([suite]));
    Provider { suites, random: &OsRandom }
}

struct Vector {
    name: String,
    /// The format version (1 when the vector does not say).
    version: u8,
    suite: SuiteId,
    kek: Vec<u8>,
    key_id: String,
    random: Vec<u8>,
    record_id: String,
    owner: String,
    plaintext: Vec<u8>,
    envelope: Vec<u8>,
}

fn vectors() -> Vec<Vector> {
    let doc = include_str!("vectors.md");
    let mut vectors = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```vector" {
            continue;
        }
        let mut fields = std::collections::HashMap::new();
        for line in lines.by_ref() {
            if line.trim() == "```" {
                break;
            }
            let (name, value) = line.split_once(':').expect("field: value");
            fields.insert(name.trim().to_owned(), value.trim().to_owned());
        }
        let hex = |name: &str| hex::decode(&fields[name]).expect(name);
        vectors.push(Vector {
            name: fields["name"].clone(),
            version: fields.get("version").map_or(LEGACY_FORMAT_VERSION, |v| v.parse().unwrap()),
            suite: SuiteId::from_name(&fields["suite"]).unwrap(),
            kek: hex("kek"),
            key_id: fields["key-id"].clone(),
            random: hex("random"),
            record_id: fields["record-id"].clone(),
            owner: fields["owner"].clone(),
            plaintext: hex("plaintext"),
            envelope: hex("envelope"),
        });
    }
    vectors
}

#[test]
fn format_md_vectors_match_every_implementation() {
    let vectors = vectors();
    assert!(vectors.len() >= 2, "vectors.md must hold at least two vectors");
    let mut checked = 0;
    for vector in &vectors {
        let kek = MasterKey::from_bytes(vector.kek.as_slice().try_into().unwrap()).unwrap();
        let key_id = KeyId::parse(&vector.key_id).unwrap();
        let keyring = Keyring::new(vec![(key_id.clone(), kek)], &key_id).unwrap();
        let aad = record_aad(&vector.record_id, &vector.owner);
        for suite in enabled_suites().into_iter().filter(|suite| suite.id() == vector.suite) {
            let random = FixedRandom::new(vector.random.clone());
            let sealed =
                seal_version(vector.version, suite, &random, &keyring, &aad, &vector.plaintext)
                    .unwrap();
            assert_eq!(
                hex::encode(&sealed),
                hex::encode(&vector.envelope),
                "vector {} with {suite:?}",
                vector.name
            );
            let opened = open(&provider_of(suite), &keyring, &aad, &vector.envelope).unwrap();
            assert_eq!(opened, vector.plaintext);
            checked += 1;
        }
    }
    assert!(checked >= 1, "no enabled suite has a vector");
    assert!(
        vectors.iter().any(|vector| vector.version == FORMAT_VERSION),
        "vectors.md must hold vectors of the version written"
    );
}

#[test]
fn rewrap_moves_to_the_active_key_and_keeps_the_content() {
    let old = MasterKey::generate(&OsRandom).unwrap();
    let old_id = old.fingerprint();
    let new = MasterKey::generate(&OsRandom).unwrap();
    let new_id = new.fingerprint();
    let before = Keyring::single(MasterKey::parse(&old.to_base64()).unwrap());
    let both = Keyring::new(vec![(old_id.clone(), old), (new_id.clone(), new)], &new_id).unwrap();
    let aad = record_aad("r", "o");
    let suite = DEFAULT_PROVIDER.preferred_suite().unwrap();
    let sealed = seal(suite, &OsRandom, &before, &aad, b"content").unwrap();
    let rewrapped = rewrap(&DEFAULT_PROVIDER, &OsRandom, &both, &aad, &sealed).unwrap();
    assert_eq!(inspect(&sealed).unwrap().key_id, old_id);
    assert_eq!(inspect(&rewrapped).unwrap().key_id, new_id);
    assert_eq!(sealed[sealed.len() - 7 - TAG_LEN..], rewrapped[rewrapped.len() - 7 - TAG_LEN..]);
    assert_eq!(open(&DEFAULT_PROVIDER, &both, &aad, &rewrapped).unwrap(), b"content");
    assert!(matches!(
        open(&DEFAULT_PROVIDER, &before, &aad, &rewrapped),
        Err(Error::UnknownKey { .. })
    ));
    // What a rewrap keeps is exactly the sealed content; sealing the same text again changes it.
    let kept = sealed_content(&sealed).unwrap();
    assert_eq!(sealed_content(&rewrapped).unwrap(), kept);
    assert_eq!((kept.version, kept.commitment.len()), (FORMAT_VERSION, COMMITMENT_LEN));
    assert_eq!(kept.ciphertext, &sealed[sealed.len() - 7 - TAG_LEN..]);
    let again = seal(suite, &OsRandom, &both, &aad, b"content").unwrap();
    assert_ne!(sealed_content(&again).unwrap(), kept);
    assert!(sealed_content(&sealed[..20]).is_err());
}

#[test]
fn every_implementation_opens_what_every_other_sealed() {
    let keyring = test_keyring(9);
    let aad = record_aad("r", "o");
    let suites = enabled_suites();
    for sealer in &suites {
        let sealed = seal(*sealer, &OsRandom, &keyring, &aad, b"shared bytes").unwrap();
        for opener in suites.iter().filter(|opener| opener.id() == sealer.id()) {
            let opened = open(&provider_of(*opener), &keyring, &aad, &sealed).unwrap();
            assert_eq!(opened, b"shared bytes", "{sealer:?} -> {opener:?}");
        }
    }
}

#[test]
fn wrong_key_with_the_same_id_fails_authentication() {
    let aad = record_aad("r", "o");
    let id = KeyId::parse("main").unwrap();
    let sealing =
        Keyring::new(vec![(id.clone(), MasterKey::generate(&OsRandom).unwrap())], &id).unwrap();
    let other =
        Keyring::new(vec![(id.clone(), MasterKey::generate(&OsRandom).unwrap())], &id).unwrap();
    for suite in enabled_suites() {
        let sealed = seal(suite, &OsRandom, &sealing, &aad, b"x").unwrap();
        let result = open(&provider_of(suite), &other, &aad, &sealed);
        assert!(matches!(result, Err(Error::Authentication)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn round_trip(msg in vec(any::<u8>(), 0..4096), id in "[a-z0-9-]{1,40}", owner in "\\PC{1,20}") {
        let keyring = test_keyring(1);
        let aad = record_aad(&id, &owner);
        for suite in enabled_suites() {
            let sealed = seal(suite, &OsRandom, &keyring, &aad, &msg).unwrap();
            prop_assert_eq!(&open(&DEFAULT_PROVIDER, &keyring, &aad, &sealed).unwrap(), &msg);
            prop_assert_eq!(&open(&provider_of(suite), &keyring, &aad, &sealed).unwrap(), &msg);
        }
    }

    #[test]
    fn flipped_bit_never_opens(msg in vec(any::<u8>(), 0..1024), pos in any::<Index>(), bit in 0..8u8) {
        let keyring = test_keyring(2);
        let aad = record_aad("rec-1", "owner-a");
        for suite in enabled_suites() {
            let mut sealed = seal(suite, &OsRandom, &keyring, &aad, &msg).unwrap();
            let at = pos.index(sealed.len());
            sealed[at] ^= 1 << bit;
            prop_assert!(open(&DEFAULT_PROVIDER, &keyring, &aad, &sealed).is_err());
        }
    }

    #[test]
    fn moved_envelope_never_opens(
        msg in vec(any::<u8>(), 0..256),
        (id, other_id) in ("[a-z0-9]{1,12}", "[a-z0-9]{1,12}").prop_filter("distinct", |(a, b)| a != b),
        (owner, other_owner) in ("[a-z]{1,8}", "[a-z]{1,8}").prop_filter("distinct", |(a, b)| a != b),
    ) {
        let keyring = test_keyring(3);
        for suite in enabled_suites() {
            let sealed = seal(suite, &OsRandom, &keyring, &record_aad(&id, &owner), &msg).unwrap();
            for aad in [record_aad(&other_id, &owner), record_aad(&id, &other_owner), record_aad(&other_id, &other_owner)] {
                prop_assert!(matches!(open(&DEFAULT_PROVIDER, &keyring, &aad, &sealed), Err(Error::Authentication)));
            }
        }
    }

    #[test]
    fn truncated_envelope_is_an_error(msg in vec(any::<u8>(), 0..256), cut in any::<Index>()) {
        let keyring = test_keyring(4);
        let aad = record_aad("r", "o");
        for suite in enabled_suites() {
            let sealed = seal(suite, &OsRandom, &keyring, &aad, &msg).unwrap();
            let keep = cut.index(sealed.len());
            prop_assert!(open(&DEFAULT_PROVIDER, &keyring, &aad, &sealed[..keep]).is_err());
        }
    }

    #[test]
    fn arbitrary_bytes_are_an_error(bytes in vec(any::<u8>(), 0..512), with_magic in any::<bool>()) {
        let keyring = test_keyring(5);
        let mut bytes = bytes;
        if with_magic {
            let mut framed = MAGIC.to_vec();
            framed.push(FORMAT_VERSION);
            framed.extend_from_slice(&bytes);
            bytes = framed;
        }
        prop_assert!(open(&DEFAULT_PROVIDER, &keyring, b"ctx", &bytes).is_err());
        let _ = inspect(&bytes);
    }
}

#[test]
fn version_1_envelopes_still_open_and_rewrap_as_version_1() {
    let keyring = test_keyring(3);
    let aad = record_aad("r", "o");
    let suite = DEFAULT_PROVIDER.preferred_suite().unwrap();
    let old =
        seal_version(LEGACY_FORMAT_VERSION, suite, &OsRandom, &keyring, &aad, b"legacy").unwrap();
    let new = seal(suite, &OsRandom, &keyring, &aad, b"current").unwrap();
    assert_eq!((old[4], new[4]), (LEGACY_FORMAT_VERSION, FORMAT_VERSION));
    assert_eq!(new.len() - old.len(), COMMITMENT_LEN + 1, "the commitment's 32 bytes");
    for (sealed, text) in [(&old, &b"legacy"[..]), (&new, &b"current"[..])] {
        let rewrapped = rewrap(&DEFAULT_PROVIDER, &OsRandom, &keyring, &aad, sealed).unwrap();
        assert_eq!(rewrapped[4], sealed[4], "rewrapping keeps the version");
        assert_eq!(open(&DEFAULT_PROVIDER, &keyring, &aad, &rewrapped).unwrap(), text);
    }
    // A changed commitment is refused.
    let mut changed = new;
    let at = 7 + keyring.active().0.as_str().len() + NONCE_LEN + WRAPPED_KEY_LEN;
    changed[at] ^= 1;
    assert!(matches!(
        open(&DEFAULT_PROVIDER, &keyring, &aad, &changed),
        Err(Error::Authentication)
    ));
}
