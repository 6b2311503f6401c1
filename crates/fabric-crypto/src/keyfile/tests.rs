//! Tests of `keyfile`.

use super::*;
use crate::{DEFAULT_PROVIDER, OsRandom};

/// Cheap Argon2id parameters, so that the tests stay fast; the format is the same.
const CHEAP: KdfParams = KdfParams { m_cost_kib: 64, t_cost: 1, p_cost: 1 };

fn suite() -> &'static dyn CipherSuite {
    DEFAULT_PROVIDER.preferred_suite().unwrap()
}

fn root() -> MasterKey {
    MasterKey::generate(&OsRandom).unwrap()
}

#[test]
fn a_sealed_file_opens_under_its_root_key_with_every_key_and_state() {
    let root = root();
    let first = MasterKey::generate(&OsRandom).unwrap();
    let first_id = first.fingerprint();
    let mut file = KeyringFile::with_key(first, 100);
    let second_id = file.rotate(&OsRandom, 200).unwrap();
    let bytes = file.seal(&RootSecret::Key(&root), suite(), &OsRandom).unwrap();

    let opened = KeyringFile::open(&bytes, &RootSecret::Key(&root), &DEFAULT_PROVIDER).unwrap();
    let states: Vec<(String, KeyState, u64)> = opened
        .entries()
        .iter()
        .map(|entry| (entry.id().to_string(), entry.state(), entry.created()))
        .collect();
    assert_eq!(
        states,
        [
            (first_id.to_string(), KeyState::DecryptOnly, 100),
            (second_id.to_string(), KeyState::Active, 200)
        ]
    );
    let keyring = opened.keyring().unwrap();
    assert_eq!(keyring.active().0, &second_id);
    assert!(keyring.get(first_id.as_str()).is_some(), "a decrypt-only key still opens");
    assert!(!KeyringFile::sealed_with_passphrase(&bytes).unwrap());
}

#[test]
fn a_wrong_root_key_and_every_changed_byte_are_refused() {
    let root = root();
    let file = KeyringFile::with_key(MasterKey::generate(&OsRandom).unwrap(), 1);
    let bytes = file.seal(&RootSecret::Key(&root), suite(), &OsRandom).unwrap();
    let other = self::root();
    assert!(matches!(
        KeyringFile::open(&bytes, &RootSecret::Key(&other), &DEFAULT_PROVIDER),
        Err(Error::Authentication)
    ));
    for index in 0..bytes.len() {
        for bit in [0x01, 0x80] {
            let mut changed = bytes.clone();
            changed[index] ^= bit;
            assert!(
                KeyringFile::open(&changed, &RootSecret::Key(&root), &DEFAULT_PROVIDER).is_err(),
                "byte {index} bit {bit:#x}"
            );
        }
    }
    for len in 0..bytes.len() {
        assert!(
            KeyringFile::open(&bytes[..len], &RootSecret::Key(&root), &DEFAULT_PROVIDER).is_err()
        );
    }
}

#[test]
fn a_passphrase_opens_only_its_own_file() {
    let file = KeyringFile::with_key(MasterKey::generate(&OsRandom).unwrap(), 1);
    let secret = RootSecret::Passphrase("correct horse battery staple", CHEAP);
    let bytes = file.seal(&secret, suite(), &OsRandom).unwrap();
    assert!(KeyringFile::sealed_with_passphrase(&bytes).unwrap());
    let opened = KeyringFile::open(&bytes, &secret, &DEFAULT_PROVIDER).unwrap();
    assert_eq!(opened.active().unwrap(), file.active().unwrap());

    let wrong = RootSecret::Passphrase("correct horse battery stapler", CHEAP);
    assert!(matches!(
        KeyringFile::open(&bytes, &wrong, &DEFAULT_PROVIDER),
        Err(Error::Authentication)
    ));
    // A key where a passphrase is needed, and the other way round, is a clear error.
    let root = root();
    let refused = KeyringFile::open(&bytes, &RootSecret::Key(&root), &DEFAULT_PROVIDER);
    assert!(refused.unwrap_err().to_string().contains("passphrase"));
    let keyed = file.seal(&RootSecret::Key(&root), suite(), &OsRandom).unwrap();
    let refused = KeyringFile::open(&keyed, &secret, &DEFAULT_PROVIDER);
    assert!(refused.unwrap_err().to_string().contains("not a passphrase"));

    // Cheaper parameters written into the header do not open it (they are authenticated),
    // and absurd ones are refused before any work.
    let mut cheaper = bytes.clone();
    cheaper[7..11].copy_from_slice(&8u32.to_le_bytes());
    assert!(KeyringFile::open(&cheaper, &secret, &DEFAULT_PROVIDER).is_err());
    let mut huge = bytes;
    huge[7..11].copy_from_slice(&u32::MAX.to_le_bytes());
    let refused = KeyringFile::open(&huge, &secret, &DEFAULT_PROVIDER).unwrap_err();
    assert!(refused.to_string().contains("out of range"), "{refused}");
}

#[test]
fn bodies_that_break_the_rules_are_refused() {
    let key = MasterKey::generate(&OsRandom).unwrap();
    let encoded = key.to_base64();
    let line = |id: &str, state: &str, key: &str| format!("key {id} {state} 5 {key}\n");
    let cases = [
        (String::new(), "exactly one active"),
        (line("a", "decrypt-only", &encoded), "exactly one active"),
        (line("a", "active", &encoded) + &line("b", "active", &encoded), "exactly one active"),
        (line("a", "active", &encoded) + &line("a", "decrypt-only", &encoded), "share one id"),
        (line("a", "active", "-"), "no bytes"),
        (line("a", "destroyed", &encoded), "destroyed key has bytes"),
        (line("a", "lost", &encoded), "unknown key state"),
        (line("a", "active", "AAAA"), "not 32 bytes"),
        (line("a b", "active", &encoded), "not a key"),
    ];
    for (lines, expected) in cases {
        let body = format!("{BODY_HEADER}{lines}");
        let refused = KeyringFile::parse_body(body.as_bytes()).unwrap_err().to_string();
        assert!(refused.contains(expected), "{lines:?}: {refused}");
    }
    let body =
        format!("{BODY_HEADER}{}{}", line("b", "active", &encoded), line("a", "destroyed", "-"));
    let file = KeyringFile::parse_body(body.as_bytes()).unwrap();
    assert_eq!(file.keyring().unwrap().key_ids().count(), 1, "a destroyed key opens nothing");
    // The first key derives the audit and pseudonym keys: a keyring without it is refused.
    let body =
        format!("{BODY_HEADER}{}{}", line("a", "destroyed", "-"), line("b", "active", &encoded));
    let file = KeyringFile::parse_body(body.as_bytes()).unwrap();
    assert!(file.keyring().unwrap_err().to_string().contains("first key is destroyed"));
}

#[test]
fn debug_output_names_ids_and_never_key_bytes() {
    let key = MasterKey::generate(&OsRandom).unwrap();
    let encoded = key.to_base64();
    let file = KeyringFile::with_key(key, 1);
    let shown = format!("{file:?} {:?}", RootSecret::Passphrase("hunter2", CHEAP));
    assert!(!shown.contains(encoded.as_str()) && !shown.contains("hunter2"), "{shown}");
    assert!(shown.contains(file.active().unwrap().as_str()));
}

#[test]
fn retire_and_destroy_refuse_the_active_and_first_keys_and_a_destroyed_key_stays_so() {
    let root = root();
    let mut file = KeyringFile::with_key(MasterKey::generate(&OsRandom).unwrap(), 100);
    let first = file.active().unwrap().to_string();
    let second = file.rotate(&OsRandom, 200).unwrap().to_string();
    let third = file.rotate(&OsRandom, 300).unwrap().to_string();
    assert!(matches!(file.retire("nope"), Err(Error::UnknownKey { .. })));
    assert!(matches!(file.destroy("nope"), Err(Error::UnknownKey { .. })));
    assert!(matches!(file.retire(&third), Err(Error::InvalidKeyring { .. })));
    assert!(matches!(file.destroy(&third), Err(Error::InvalidKeyring { .. })));
    assert!(matches!(file.destroy(&first), Err(Error::InvalidKeyring { .. })));
    assert!(!file.retire(&second).unwrap(), "already decrypt-only");

    let sealed_by_second = {
        let keyring = file.keyring().unwrap();
        let second_only = Keyring::single(keyring.get(&second).unwrap().try_clone().unwrap());
        crate::envelope::seal(suite(), &OsRandom, &second_only, b"ctx", b"secret").unwrap()
    };
    assert!(file.destroy(&second).unwrap());
    assert!(!file.destroy(&second).unwrap(), "destroying twice changes nothing");
    assert!(matches!(file.retire(&second), Err(Error::InvalidKeyring { .. })));

    // Saved and opened again, the key is destroyed: its bytes are gone from the file and
    // what it wrapped no longer opens.
    let bytes = file.seal(&RootSecret::Key(&root), suite(), &OsRandom).unwrap();
    let opened = KeyringFile::open(&bytes, &RootSecret::Key(&root), &DEFAULT_PROVIDER).unwrap();
    let states: Vec<KeyState> = opened.entries().iter().map(KeyEntry::state).collect();
    assert_eq!(states, [KeyState::DecryptOnly, KeyState::Destroyed, KeyState::Active]);
    let keyring = opened.keyring().unwrap();
    assert!(keyring.get(&second).is_none());
    assert!(matches!(
        crate::envelope::open(&DEFAULT_PROVIDER, &keyring, b"ctx", &sealed_by_second),
        Err(Error::UnknownKey { .. })
    ));
}
