//! `fabric doctor` on real homes: a fresh embedded default fails nothing, and each failing
//! condition set up here is named with its remedy.

#![allow(clippy::unwrap_used, reason = "test helpers fail by panicking")]

mod common;

use common::{Home, json_lines};

/// The doctor's report (`--json`) and whether it exited 0.
fn doctor(home: &Home, env: &[(&str, &str)]) -> (Vec<serde_json::Value>, bool) {
    let output = home.run_with(&["doctor", "--json"], env);
    (json_lines(&String::from_utf8(output.stdout).unwrap()), output.status.success())
}

fn status_of<'a>(report: &'a [serde_json::Value], check: &str) -> &'a serde_json::Value {
    report
        .iter()
        .find(|line| line["check"] == check)
        .unwrap_or_else(|| panic!("no {check}: {report:?}"))
}

#[test]
fn a_fresh_embedded_default_fails_nothing() {
    let home = Home::new();
    home.ok(&["store", "a first memory"]);
    let (report, ok) = doctor(&home, &[]);
    assert!(ok, "{report:#?}");
    assert!(report.iter().all(|line| line["status"] != "fail"), "{report:#?}");
    for check in [
        "root key",
        "key file mode",
        "root key strength",
        "write/read/delete",
        "log verifies",
        "authentication",
    ] {
        assert_eq!(status_of(&report, check)["status"], "pass", "{check}");
    }
    // One owner key under the key-encryption key; under the owner key, the recall index
    // key, the record's data key and its recall attributes' (as counted by the key use file).
    let usage = status_of(&report, "key usage");
    assert_eq!(usage["status"], "pass", "{usage}");
    assert!(usage["detail"].as_str().unwrap().starts_with("at most 3 encryptions"), "{usage}");
    // Without a witness, a log deleted whole would go unnoticed: a warning, until one is set.
    assert_eq!(status_of(&report, "checkpoints kept elsewhere")["status"], "warn");
    assert_eq!(status_of(&report, "latest checkpoint")["status"], "pass");
    let witness = home.path.join("witness");
    let witness_url = format!("file://{}", witness.display());
    let (report, ok) = doctor(&home, &[("FABRIC_AUDIT_WITNESS", witness_url.as_str())]);
    assert!(ok, "{report:#?}");
    assert_eq!(status_of(&report, "checkpoints kept elsewhere")["status"], "pass");
    // What no software here can check is named, not passed over.
    let beyond: Vec<_> = report.iter().filter(|line| line["area"] == "not checkable").collect();
    assert!(beyond.len() >= 5 && beyond.iter().all(|line| line["status"] == "unknown"));
    assert_eq!(status_of(&report, "metrics file")["status"], "unknown");
    home.edit_config(|text| text.replace("[metrics]\n", "[metrics]\nfile = \"metrics.jsonl\"\n"));
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "metrics file")["status"], "pass");
    // Lines are readable without --json too, one per check.
    let text = home.ok(&["doctor"]);
    assert_eq!(text.lines().count(), report.len());
}

#[cfg(unix)]
#[test]
fn a_loose_key_file_fails_with_its_remedy() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = Home::new();
    home.ok(&["init"]);
    let key = home.path.join("key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (report, ok) = doctor(&home, &[]);
    assert!(!ok);
    let line = status_of(&report, "key file mode");
    assert_eq!(line["status"], "fail");
    assert!(line["remedy"].as_str().unwrap().contains("chmod 600"), "{line}");

    // Private, but another user's: only a process running as root can make it so.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    if std::os::unix::fs::chown(&key, Some(1), None).is_err() {
        eprintln!("skipped the ownership part: this test does not run as root");
        return;
    }
    let (report, ok) = doctor(&home, &[]);
    assert!(!ok);
    let line = status_of(&report, "key file mode");
    assert_eq!(line["status"], "fail", "{line}");
    assert!(line["detail"].as_str().unwrap().contains("another user (uid 1)"), "{line}");
}

#[test]
fn a_published_key_fails() {
    let home = Home::new();
    let published =
        [("FABRIC_KEY", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")];
    home.ok_with(&["init"], &published);
    let (report, ok) = doctor(&home, &published);
    assert!(!ok);
    assert_eq!(status_of(&report, "root key strength")["status"], "fail", "{report:#?}");
}

#[test]
fn a_key_past_its_rotation_period_warns_until_rotated() {
    let home = Home::new();
    home.ok(&["init"]);
    home.edit_config(|text| format!("{text}\n[keys]\nrotation_days = 0\n"));
    let (report, ok) = doctor(&home, &[]);
    assert!(ok, "a warning is not a failure: {report:#?}");
    let line = status_of(&report, "active key age");
    assert_eq!(line["status"], "warn");
    assert_eq!(line["remedy"], "fabric keys rotate");
}

#[test]
fn a_tampered_audit_log_fails() {
    let home = Home::new();
    home.ok(&["store", "one"]);
    home.ok(&["store", "two"]);
    let db = rusqlite::Connection::open(home.path.join("fabric.db")).unwrap();
    // Someone who can write the file, but holds no key, drops the guard and edits an event.
    db.execute_batch("DROP TRIGGER fabric_audit_events_no_update").unwrap();
    let changed =
        db.execute("UPDATE fabric_audit_events SET status = 'failure' WHERE seq = 2", []).unwrap();
    assert_eq!(changed, 1);
    let (report, ok) = doctor(&home, &[]);
    assert!(!ok);
    assert_eq!(status_of(&report, "log verifies")["status"], "fail", "{report:#?}");
}

#[test]
fn an_admin_key_without_expiry_warns() {
    let home = Home::new();
    home.ok(&["apikey", "create", "--role", "admin", "--owner", "ops"]);
    let (report, _) = doctor(&home, &[]);
    let line = status_of(&report, "admin key expiry");
    assert_eq!(line["status"], "warn", "{line}");
    assert!(line["remedy"].as_str().unwrap().contains("--expires"));
    home.ok(&["apikey", "create", "--role", "admin", "--owner", "ops2", "--expires", "30"]);
}

#[test]
fn an_api_key_unused_for_long_warns() {
    let home = Home::new();
    home.ok(&["apikey", "create", "--role", "user", "--owner", "acme", "--expires", "365"]);
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "unused api keys")["status"], "pass", "{report:#?}");

    // A key last used 100 days ago, past the default 90.
    let db = rusqlite::Connection::open(home.path.join("fabric.db")).unwrap();
    let long_ago = chrono::Utc::now().timestamp() - 100 * 86_400;
    db.execute("UPDATE fabric_api_keys SET last_used_at = ?1", [long_ago]).unwrap();
    let (report, _) = doctor(&home, &[]);
    let line = status_of(&report, "unused api keys");
    assert_eq!(line["status"], "warn", "{line}");
    assert!(line["detail"].as_str().unwrap().contains("last used"), "{line}");
    assert!(line["remedy"].as_str().unwrap().contains("fabric apikey revoke"));

    // A key never used counts from its creation.
    db.execute("UPDATE fabric_api_keys SET last_used_at = NULL", []).unwrap();
    home.edit_config(|text| text.replace("api_key_unused_days = 90", "api_key_unused_days = 0"));
    let (report, _) = doctor(&home, &[]);
    let line = status_of(&report, "unused api keys");
    assert!(line["detail"].as_str().unwrap().contains("never used"), "{line}");
    // A revoked key is nobody's worry.
    db.execute("UPDATE fabric_api_keys SET revoked_at = created_at", []).unwrap();
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "unused api keys")["status"], "pass");
}

#[test]
fn plain_http_to_other_hosts_fails_and_tls_passes() {
    let home = Home::new();
    home.ok(&["init"]);
    let listen = |report: &[serde_json::Value]| status_of(report, "listen address").clone();
    assert_eq!(listen(&doctor(&home, &[]).0)["status"], "pass", "loopback by default");

    home.edit_config(|text| {
        text.replace("listen = \"127.0.0.1:8080\"", "listen = \"0.0.0.0:8080\"")
    });
    assert_eq!(listen(&doctor(&home, &[]).0)["status"], "warn");
    // As `fabric serve --insecure-http` would serve it.
    home.edit_config(|text| text.replace("# insecure_http = false", "insecure_http = true"));
    let (report, ok) = doctor(&home, &[]);
    let line = listen(&report);
    assert!(!ok);
    assert_eq!(line["status"], "fail", "{line}");
    assert!(line["remedy"].as_str().unwrap().contains("tls_cert"), "{line}");

    // With a certificate and key configured (and present), it passes.
    std::fs::create_dir_all(home.path.join("tls")).unwrap();
    for file in ["tls/cert.pem", "tls/key.pem"] {
        std::fs::write(home.path.join(file), "-----BEGIN-----\n").unwrap();
    }
    home.edit_config(|text| {
        text.replace("insecure_http = true", "insecure_http = false")
            .replace("# tls_cert = ", "tls_cert = ")
            .replace("# tls_key = ", "tls_key = ")
    });
    let (report, _) = doctor(&home, &[]);
    let line = listen(&report);
    assert_eq!(line["status"], "pass", "{line}");
    assert!(line["detail"].as_str().unwrap().contains("with TLS"), "{line}");
    // A private key others can read fails, as `fabric serve` refuses it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let key = home.path.join("tls/key.pem");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(status_of(&doctor(&home, &[]).0, "tls key file mode")["status"], "fail");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(status_of(&doctor(&home, &[]).0, "tls key file mode")["status"], "pass");
    }
}

#[test]
fn a_missing_home_fails_and_is_not_created() {
    let home = Home::new();
    let (report, ok) = doctor(&home, &[]);
    assert!(!ok);
    assert_eq!(status_of(&report, "home")["status"], "fail", "{report:#?}");
    assert!(!home.path.exists(), "the doctor made a home");
}

#[test]
fn a_missing_or_old_sealed_backup_is_named() {
    let home = Home::new();
    home.ok(&["store", "a first memory"]);
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "recent sealed backup")["status"], "unknown");

    home.edit_config(|text| text.replace("[backup]\n", "[backup]\ndir = \"backups\"\n"));
    let (report, ok) = doctor(&home, &[]);
    assert!(!ok);
    let line = status_of(&report, "recent sealed backup");
    assert_eq!(line["status"], "fail", "{line}");
    assert!(line["remedy"].as_str().unwrap().contains("fabric export"), "{line}");

    // `fabric export` without --out writes into the backup directory.
    let out = home.ok(&["export"]);
    assert!(out.contains("backups/fabric-"), "{out}");
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "recent sealed backup")["status"], "pass", "{report:#?}");

    // A plaintext export is not a sealed backup; an archive a month old is too old.
    let plain = home.path.join("backups").join("plain.jsonl");
    home.ok(&["export", "--plaintext", "--yes", "--out", plain.to_str().unwrap()]);
    let archive = std::fs::read_dir(home.path.join("backups"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|extension| extension == "mfex"))
        .unwrap();
    let month_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(30 * 86_400);
    std::fs::File::options().write(true).open(&archive).unwrap().set_modified(month_ago).unwrap();
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "recent sealed backup")["status"], "warn", "{report:#?}");
}

#[test]
fn a_decrypt_only_key_still_protecting_records_warns() {
    let home = Home::new();
    home.ok(&["init"]);
    // Without owner keys, records are sealed under the keyring's keys directly.
    home.edit_config(|text| format!("{text}\n[keys]\nowner_keys = false\n"));
    home.ok(&["store", "sealed under the first key"]);
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "decrypt-only keys")["status"], "pass", "{report:#?}");
    home.ok(&["keys", "rotate"]);
    let (report, _) = doctor(&home, &[]);
    let line = status_of(&report, "decrypt-only keys");
    assert_eq!(line["status"], "warn", "{line}");
    assert!(line["detail"].as_str().unwrap().contains("1 records"), "{line}");
    assert!(line["remedy"].as_str().unwrap().contains("rotate --records"), "{line}");
}

#[cfg(unix)]
#[test]
fn a_jwt_secret_file_others_can_read_fails() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = Home::new();
    home.ok(&["init"]);
    let secret = home.path.join("jwt.secret");
    std::fs::write(&secret, "a shared secret of the issuer, long enough to be one").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    home.edit_config(|text| {
        format!(
            "{text}\n[jwt]\naudiences = [\"memory-fabric\"]\n\n[[jwt.keys]]\nalg = \"HS256\"\nkid = \"k1\"\nsecret_file = \"jwt.secret\"\n"
        )
    });
    let (report, ok) = doctor(&home, &[]);
    assert!(!ok);
    let line = status_of(&report, "jwt keys");
    assert_eq!(line["status"], "fail", "{line}");
    assert!(!line["detail"].as_str().unwrap().contains("shared secret"), "{line}");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "jwt keys")["status"], "pass", "{report:#?}");
}

#[test]
fn a_rotation_left_halfway_warns_until_run_again() {
    let home = Home::new();
    home.ok(&["store", "a memory"]);
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "unfinished rotation")["status"], "pass");
    // What `keys rotate --reencrypt` leaves when it is stopped in its records phase.
    std::fs::write(home.path.join("reencrypt.pending"), "records\n").unwrap();
    let (report, ok) = doctor(&home, &[]);
    assert!(ok, "a warning, not a failure: {report:#?}");
    let line = status_of(&report, "unfinished rotation");
    assert_eq!(line["status"], "warn");
    assert!(line["remedy"].as_str().unwrap().contains("--reencrypt"), "{line}");
    home.ok(&["keys", "rotate", "--reencrypt"]);
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "unfinished rotation")["status"], "pass");
}

/// A key whose counted encryptions reach a quarter of its 2^32 random nonces is due for
/// rotation (a warning, in `keys list` too), and one at the limit fails.
#[test]
fn a_key_near_its_nonce_limit_is_named_for_rotation() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = Home::new();
    home.ok(&["store", "a first memory"]);
    let kek = home.keys()[0]["id"].as_str().unwrap().to_owned();
    let ledger = home.path.join("key-uses.json");
    let seed = |count: u64| {
        let text: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&ledger).unwrap()).unwrap();
        let mut text = text;
        text["encryptions"][kek.as_str()] = count.into();
        std::fs::write(&ledger, serde_json::to_vec(&text).unwrap()).unwrap();
        std::fs::set_permissions(&ledger, std::fs::Permissions::from_mode(0o600)).unwrap();
    };
    seed(1 << 30);
    let (report, _) = doctor(&home, &[]);
    let usage = status_of(&report, "key usage");
    assert_eq!(usage["status"], "warn", "{usage}");
    assert!(usage["detail"].as_str().unwrap().contains(&kek), "{usage}");
    assert!(home.ok(&["keys", "list"]).contains("ROTATE"));
    assert_eq!(home.keys()[0]["encryptions"], 1u64 << 30);

    seed(1 << 32);
    let (report, ok) = doctor(&home, &[]);
    assert!(!ok);
    assert_eq!(status_of(&report, "key usage")["status"], "fail");

    // A key use file that does not parse is named, and the live wraps remain the measure.
    std::fs::write(&ledger, b"not json").unwrap();
    let (report, _) = doctor(&home, &[]);
    assert_eq!(status_of(&report, "key use counts")["status"], "warn", "{report:#?}");
    assert_eq!(status_of(&report, "key usage")["status"], "pass");
}
