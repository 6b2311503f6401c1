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
