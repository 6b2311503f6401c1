//! `fabric keys` and the home's keyring file, through the `fabric` binary on real files.

#![allow(clippy::unwrap_used, reason = "test helpers fail by panicking")]

mod common;

use common::Home;

#[test]
fn rotation_keeps_every_record_readable_and_the_audit_log_verifiable() {
    let home = Home::new();
    let before = home.ok(&["store", "sealed before the rotation"]).trim().to_owned();
    let listed = home.keys();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0]["state"].as_str(), listed[0]["first"].as_bool()),
        (Some("active"), Some(true))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(home.path.join("keyring")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let (_, said) = home.ok_with(&["keys", "rotate"], &[]);
    assert!(said.contains("is the active key") && said.contains("Back up"), "{said}");
    let listed = home.keys();
    let states: Vec<&str> = listed.iter().map(|key| key["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["decrypt-only", "active"]);
    // The owner's key moved under the new key; no record was rewritten.
    assert!(said.contains("1 owner keys rewrapped"), "{said}");
    let counts: Vec<u64> = listed.iter().map(|key| key["owner_keys"].as_u64().unwrap()).collect();
    assert_eq!(counts, [0, 1]);
    let after = home.ok(&["store", "sealed after the rotation"]).trim().to_owned();
    assert_eq!(home.ok(&["get", &before]), "sealed before the rotation\n");
    assert_eq!(home.ok(&["get", &after]), "sealed after the rotation\n");
    // The audit log's key is derived from the first key, so the chain verifies across the
    // rotation; the rotation itself is an event.
    home.ok(&["audit", "verify"]);
    let events = home.ok(&["audit", "query", "--json"]);
    assert!(events.contains("manage_keys"), "{events}");

    // The key file alone no longer opens records sealed after the rotation: the keyring
    // file is needed, and a changed one is refused.
    let keyring = home.path.join("keyring");
    let mut bytes = std::fs::read(&keyring).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&keyring, &bytes).unwrap();
    let refused = home.run_with(&["get", &after], &[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && stderr.contains("does not open"), "{stderr}");
}

#[test]
fn a_home_of_one_key_is_moved_into_a_keyring_and_says_so() {
    let home = Home::new();
    let id = home.ok(&["store", "from the time of one key"]).trim().to_owned();
    // A home from before keyring files: the key file and the records, no keyring.
    std::fs::remove_file(home.path.join("keyring")).unwrap();
    let (read, said) = home.ok_with(&["get", &id], &[]);
    assert_eq!(read, "from the time of one key\n");
    assert!(said.contains("moved the home's key into the keyring"), "{said}");
    assert!(home.path.join("keyring").exists());
    let (_, quiet) = home.ok_with(&["get", &id], &[]);
    assert!(!quiet.contains("moved"), "said once: {quiet}");
}

#[test]
fn a_passphrase_home_opens_with_its_passphrase_only() {
    let home = Home::new();
    let right = [("FABRIC_PASSPHRASE", "a long and private passphrase")];
    let (id, said) = home.ok_with(&["store", "behind a passphrase"], &right);
    assert!(said.contains("FABRIC_PASSPHRASE"), "{said}");
    assert!(!home.path.join("key").exists(), "no key file for a passphrase home");
    assert_eq!(home.ok_with(&["get", id.trim()], &right).0, "behind a passphrase\n");

    let wrong = home
        .run_with(&["get", id.trim()], &[("FABRIC_PASSPHRASE", "a long and public passphrase")]);
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(!wrong.status.success() && stderr.contains("does not open"), "{stderr}");
    assert!(!stderr.contains("private passphrase") && !stderr.contains("public passphrase"));
    let missing = home.run_with(&["get", id.trim()], &[]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("set FABRIC_PASSPHRASE"));
}

#[test]
fn shredding_an_owner_reaches_a_copy_of_the_database_taken_before() {
    let home = Home::new();
    let alice = home.ok(&["store", "--owner", "alice", "alice likes tea"]).trim().to_owned();
    let bob = home.ok(&["store", "--owner", "bob", "bob likes coffee"]).trim().to_owned();
    let copy = |from: &str, to: &str| {
        for suffix in ["", "-wal"] {
            let source = home.path.join(format!("{from}{suffix}"));
            let target = home.path.join(format!("{to}{suffix}"));
            let _ = std::fs::remove_file(&target);
            if source.exists() {
                std::fs::copy(&source, &target).unwrap();
            }
        }
    };
    copy("fabric.db", "backup.db");

    // Without --yes and without a terminal, nothing happens.
    let refused = home.run_with(&["shred", "--owner", "bob"], &[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && stderr.contains("--yes"), "{stderr}");
    assert_eq!(home.ok(&["get", &bob, "--owner", "bob"]), "bob likes coffee\n");

    let (_, said) = home.ok_with(&["shred", "--owner", "bob", "--yes"], &[]);
    assert!(said.contains("its key is destroyed") && said.contains("1 memories deleted"), "{said}");
    let events = home.ok(&["audit", "query", "--json"]);
    assert!(events.contains("\"shred\""), "{events}");
    home.ok(&["audit", "verify"]);

    // The database as it was before the shred: bob's record is in it, and cannot be read.
    copy("backup.db", "fabric.db");
    let read = home.run_with(&["get", &bob, "--owner", "bob"], &[]);
    let stderr = String::from_utf8_lossy(&read.stderr);
    assert!(!read.status.success() && stderr.contains("destroyed"), "{stderr}");
    assert_eq!(home.ok(&["get", &alice, "--owner", "alice"]), "alice likes tea\n");
}

/// The key ids of `fabric keys list`, and what each protects: (owner keys, records, index
/// keys).
fn protected(home: &Home) -> Vec<(String, String, [u64; 3])> {
    home.keys()
        .iter()
        .map(|key| {
            let count = |field: &str| key[field].as_u64().unwrap();
            (
                key["id"].as_str().unwrap().to_owned(),
                key["state"].as_str().unwrap().to_owned(),
                [count("owner_keys"), count("records"), count("index_keys")],
            )
        })
        .collect()
}

#[test]
fn a_key_is_destroyed_only_when_nothing_depends_on_it() {
    let home = Home::new();
    home.ok(&["keys", "list"]);
    // Without owner keys, records and the recall index key are sealed directly under the
    // key-encryption key active when they were written.
    home.edit_config(|text| format!("{text}\n[keys]\nowner_keys = false\n"));
    let first_record = home.ok(&["store", "under the first key"]).trim().to_owned();
    home.ok(&["keys", "rotate"]);
    let second_record = home.ok(&["store", "under the second key"]).trim().to_owned();
    home.ok(&["keys", "rotate"]);
    let keys = protected(&home);
    let [first, second, third] = [&keys[0].0, &keys[1].0, &keys[2].0];
    let states: Vec<&str> = keys.iter().map(|(_, state, _)| state.as_str()).collect();
    assert_eq!(states, ["decrypt-only", "decrypt-only", "active"]);
    let counts: Vec<[u64; 3]> = keys.iter().map(|(_, _, counts)| *counts).collect();
    assert_eq!(counts, [[0, 1, 1], [0, 1, 0], [0, 0, 0]]);

    let refused = home.run_with(&["keys", "destroy", second, "--yes"], &[]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{said}");
    assert!(said.contains("still protects 0 owner keys, 1 records"), "{said}");
    for (id, why) in [(first.as_str(), "first key"), (third, "active key"), ("nokey", "unknown")] {
        let refused = home.run_with(&["keys", "destroy", id, "--yes"], &[]);
        assert!(!refused.status.success(), "{why} destroyed");
    }
    let refused = home.run_with(&["keys", "retire", third], &[]);
    assert!(!refused.status.success(), "the active key retired");
    assert_eq!(home.ok(&["get", &second_record]), "under the second key\n");
    // Once the record is gone, nothing depends on the second key: it is destroyed (with
    // --yes: without a terminal, nothing is), and the audit log (keyed by the first key)
    // still verifies.
    home.ok(&["delete", &second_record]);
    let unconfirmed = home.run_with(&["keys", "destroy", second], &[]);
    let said = String::from_utf8_lossy(&unconfirmed.stderr);
    assert!(!unconfirmed.status.success() && said.contains("--yes"), "{said}");
    let (_, said) = home.ok_with(&["keys", "destroy", second, "--yes"], &[]);
    assert!(said.contains("is destroyed"), "{said}");
    let states: Vec<String> = protected(&home).into_iter().map(|(_, state, _)| state).collect();
    assert_eq!(states, ["decrypt-only", "destroyed", "active"]);
    let (_, again) = home.ok_with(&["keys", "destroy", second, "--yes"], &[]);
    assert!(again.contains("destroyed already"), "{again}");
    assert_eq!(home.ok(&["get", &first_record]), "under the first key\n");
    home.ok(&["audit", "verify"]);
    let events = home.ok(&["audit", "query", "--op", "manage_keys", "--json"]);
    let denied = events.lines().filter(|line| line.contains("denied")).count();
    assert_eq!(denied, 1, "the refusal for dependents is audited: {events}");
}

#[test]
fn owner_keys_move_under_the_active_key_so_an_old_key_can_go() {
    let home = Home::new();
    let id = home.ok(&["store", "kept under an owner key"]).trim().to_owned();
    home.ok(&["keys", "rotate"]);
    home.ok(&["keys", "rotate"]);
    let keys = protected(&home);
    // The owner key (and through it the record and the recall index key, which the owner
    // key wraps) is under the active key; the older keys protect nothing.
    let counts: Vec<[u64; 3]> = keys.iter().map(|(_, _, counts)| *counts).collect();
    assert_eq!(counts, [[0, 0, 0], [0, 0, 0], [1, 1, 0]]);
    // Encryptions each key made: the first wrapped the owner key when it was made, each
    // later one when it rewrapped it.
    let encryptions: Vec<u64> =
        home.keys().iter().map(|key| key["encryptions"].as_u64().unwrap()).collect();
    assert_eq!(encryptions, [1, 1, 1]);
    home.ok(&["keys", "destroy", &keys[1].0, "--yes"]);
    assert_eq!(home.ok(&["get", &id]), "kept under an owner key\n");
}

/// `keys rotate --reencrypt`: owner keys replaced, every memory sealed again (those from
/// before the home had owner keys too), the old key left protecting nothing; a run stopped
/// in its second phase is finished by the next.
#[test]
fn reencrypt_leaves_the_old_key_protecting_nothing_and_resumes() {
    let home = Home::new();
    let ids: Vec<String> = (0..3)
        .map(|n| home.ok(&["store", &format!("memo {n}"), "--owner", "acme"]).trim().to_owned())
        .collect();
    let (_, said) = home.ok_with(&["keys", "rotate", "--reencrypt"], &[]);
    assert!(said.contains("3 memories sealed again"), "{said}");
    assert!(!home.path.join("reencrypt.pending").exists());
    let listed = home.keys();
    assert_eq!(listed[0]["state"], "decrypt-only");
    assert_eq!(
        (&listed[0]["owner_keys"], &listed[0]["records"]),
        (&0.into(), &0.into()),
        "{listed:?}"
    );
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(home.ok(&["get", id, "--owner", "acme"]), format!("memo {n}\n"));
    }
    // Nothing is left to do: a run stopped after its first phase finds nothing to move.
    std::fs::write(home.path.join("reencrypt.pending"), "records\n").unwrap();
    let (_, said) = home.ok_with(&["keys", "rotate", "--reencrypt"], &[]);
    assert!(said.contains("resuming") && said.contains("0 memories sealed again"), "{said}");
    assert_eq!(home.keys().len(), 2, "a resumed run makes no new key");
    home.ok(&["audit", "verify", "--records"]);
}
