//! Integration tests of the `fabric` binary on real SQLite files and directories.

#![allow(clippy::unwrap_used, reason = "test and benchmark helpers fail by panicking")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use std::io::Write as _;

const CONTENT: &str = "Zephyr-Quokka-7731 met Dr. Ilse at the Tivoli gate";
const TAG: &str = "tag-Marmalade-5521";
const META_VALUE: &str = "meta-Obsidian-9034";

struct Fabric {
    _dir: tempfile::TempDir,
    home: PathBuf,
}

impl Fabric {
    fn new() -> Fabric {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        Fabric { _dir: dir, home }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fabric"));
        command
            .args(args)
            .env_remove("FABRIC_KEY")
            .env_remove("FABRIC_KEY_FILE")
            .env_remove("FABRIC_PASSPHRASE")
            .env_remove("FABRIC_BACKEND")
            .env_remove("FABRIC_OWNER")
            .env_remove("FABRIC_LOG")
            .env("FABRIC_HOME", &self.home)
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    }

    fn store_secret(&self, extra: &[&str]) -> String {
        let mut args = vec!["store", CONTENT, "--tag", TAG, "--meta"];
        let meta = format!("project={META_VALUE}");
        args.push(&meta);
        args.extend_from_slice(extra);
        self.ok(&args).trim().to_owned()
    }
}

/// Every file under `dir`, as raw bytes.
fn all_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                pending.push(entry.unwrap().path());
            }
        } else {
            found.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
}

fn assert_no_plaintext(dir: &Path) {
    let files = all_bytes(dir);
    assert!(!files.is_empty());
    for (path, bytes) in files {
        for secret in [CONTENT, "Zephyr", TAG, META_VALUE] {
            assert!(!contains(&bytes, secret), "{} contains {secret}", path.display());
        }
    }
}

#[test]
fn first_use_creates_the_home_and_round_trips() {
    let fabric = Fabric::new();
    let output = fabric.run(&["store", "hello", "--tag", "a"]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("Back up") && stderr.contains("key"), "{stderr}");
    let id = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert_eq!(id.len(), 36, "only the id is printed: {id:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(fabric.home.join("key")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(fabric.home.join("fabric.toml").exists() && fabric.home.join("fabric.db").exists());
    assert_eq!(fabric.ok(&["get", &id]), "hello\n");
    let json: serde_json::Value =
        serde_json::from_str(&fabric.ok(&["get", &id, "--json"])).unwrap();
    assert_eq!(json["tags"], serde_json::json!(["a"]));
    assert!(fabric.ok(&["list"]).starts_with(&id));
    // The second command does not announce a new home.
    let again = fabric.run(&["list"]);
    assert!(String::from_utf8(again.stderr).unwrap().is_empty());
}

#[test]
fn stdin_store_filters_and_delete() {
    let fabric = Fabric::new();
    let mut child = fabric
        .command(&["store", "-", "--owner", "bob", "--type", "note"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("from stdin\n".as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let id = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    fabric.ok(&["store", "other", "--owner", "alice", "--tag", "x", "--meta", "k=v"]);
    assert_eq!(fabric.ok(&["get", &id, "--owner", "bob"]), "from stdin\n");
    assert_eq!(fabric.ok(&["list"]).lines().count(), 2);
    assert_eq!(fabric.ok(&["list", "--owner", "bob"]).lines().count(), 1);
    assert_eq!(fabric.ok(&["list", "--type", "note"]).lines().count(), 1);
    assert_eq!(fabric.ok(&["list", "--tag", "x", "--meta", "k=v"]).lines().count(), 1);
    assert_eq!(fabric.ok(&["list", "--meta", "k=w"]).lines().count(), 0);
    let json_lines = fabric.ok(&["list", "--json"]);
    for line in json_lines.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    // Another owner's id is simply not found.
    assert_eq!(fabric.run(&["get", &id, "--owner", "alice"]).status.code(), Some(1));
    fabric.ok(&["delete", &id, "--owner", "bob"]);
    let gone = fabric.run(&["get", &id, "--owner", "bob"]);
    assert_eq!(gone.status.code(), Some(1));
    assert!(String::from_utf8(gone.stderr).unwrap().contains("not found"));
}

#[test]
fn recall_ranks_filters_and_reads_vectors() {
    let fabric = Fabric::new();
    let id = |output: String| output.trim().to_owned();
    let meeting =
        id(fabric.ok(&["store", "Quarterly review meeting moved to Thursday", "--tag", "work"]));
    let groceries = id(fabric.ok(&["store", "Buy oat milk for the review party", "--tag", "home"]));
    fabric.ok(&["store", "Unrelated note", "--owner", "bob"]);
    let lines = fabric.ok(&["recall", "review meeting"]);
    let ids: Vec<&str> = lines.lines().map(|line| line.split('\t').nth(1).unwrap()).collect();
    assert_eq!(ids, [meeting.as_str(), groceries.as_str()], "{lines}");
    assert_eq!(fabric.ok(&["recall", "review", "--tag", "home", "-k", "1"]).lines().count(), 1);
    assert!(fabric.ok(&["recall", "review", "--owner", "bob"]).is_empty());
    let json: serde_json::Value =
        serde_json::from_str(fabric.ok(&["recall", "thursday", "--json"]).trim()).unwrap();
    assert_eq!(json["record"]["id"], meeting.as_str());
    assert!(json["signals"]["text"].as_f64().unwrap() > 0.0);

    let vector = fabric.home.join("vector.json");
    std::fs::write(&vector, "[1.0, 0.5]").unwrap();
    let path = vector.to_str().unwrap();
    // No record has an embedding: nothing to rank by vector.
    assert!(fabric.ok(&["recall", "--vector-file", path]).is_empty());
    std::fs::write(&vector, "not json").unwrap();
    assert_eq!(fabric.run(&["recall", "--vector-file", path]).status.code(), Some(1));
    assert_eq!(fabric.run(&["recall"]).status.code(), Some(1));
    assert_eq!(fabric.run(&["recall", "x", "-k", "0"]).status.code(), Some(1));
}

#[test]
fn reindex_catches_up_and_the_lag_is_named() {
    let fabric = Fabric::new();
    let id = fabric.ok(&["store", "indexed later"]).trim().to_owned();
    // Take the record's index document away, as in a home from before recall.
    let db = rusqlite::Connection::open(fabric.home.join("fabric.db")).unwrap();
    db.execute_batch("DELETE FROM fabric_recall_pages; DELETE FROM fabric_recall_docs;").unwrap();
    drop(db);
    let lagging = fabric.run(&["recall", "later"]);
    assert!(String::from_utf8(lagging.stdout).unwrap().is_empty());
    let note = String::from_utf8(lagging.stderr).unwrap();
    assert!(note.contains("covers 0 of 1") && note.contains("fabric reindex"), "{note}");
    assert_eq!(
        fabric.ok(&["reindex"]).trim(),
        "indexed 1 of 1 memories; removed 0 entries of deleted memories"
    );
    let found = fabric.run(&["recall", "later"]);
    assert!(String::from_utf8(found.stdout).unwrap().contains(&id));
    assert!(String::from_utf8(found.stderr).unwrap().is_empty());
    assert!(fabric.ok(&["reindex"]).starts_with("indexed 0 of 1"));
}

#[test]
fn errors_exit_one_with_one_line_and_usage_errors_exit_two() {
    let fabric = Fabric::new();
    for args in [
        &["get", "missing-id"][..],
        &["store", ""],
        &["store", "x", "--owner", "a/b"],
        &["get", "bad id!"],
    ] {
        let output = fabric.run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().filter(|line| line.starts_with("error:")).count(), 1, "{stderr}");
    }
    for args in [
        &["store"][..],
        &["get"],
        &["frobnicate"],
        &["store", "x", "--tier", "lukewarm"],
        &["list", "--since", "yesterday"],
    ] {
        assert_eq!(fabric.run(args).status.code(), Some(2), "{args:?}");
    }
    let bad_backend = fabric.run(&["--backend", "ftp://x", "list"]);
    assert_eq!(bad_backend.status.code(), Some(1));
}

#[test]
fn sqlite_file_holds_no_plaintext() {
    let fabric = Fabric::new();
    fabric.store_secret(&[]);
    fabric.store_secret(&["--owner", "bob"]);
    assert_no_plaintext(&fabric.home);
}

#[test]
fn directory_backend_holds_no_plaintext_and_reads_like_sqlite() {
    let fabric = Fabric::new();
    let dir = fabric.home.parent().unwrap().join("objects");
    let url = format!("file://{}", dir.display());
    let from_dir = fabric.store_secret(&["--backend", &url, "--id", "same-id"]);
    let from_sqlite = fabric.store_secret(&["--id", "same-id"]);
    assert_eq!(from_dir, from_sqlite);
    assert_no_plaintext(&dir);
    // The directory backend's audit log is a JSONL file in the home; the home's database
    // holds the SQLite backend's records and audit events.
    assert!(fabric.home.join("audit.jsonl").exists());
    assert_no_plaintext(&fabric.home);
    let strip = |json: String| {
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let object = value.as_object_mut().unwrap();
        object.remove("created_at");
        object.remove("updated_at");
        value
    };
    let read_dir = strip(fabric.ok(&["--backend", &url, "get", "same-id", "--json"]));
    let read_sqlite = strip(fabric.ok(&["get", "same-id", "--json"]));
    assert_eq!(read_dir, read_sqlite);
    assert_eq!(read_dir["content"], CONTENT);
}

fn stored_body(home: &Path, id: &str) -> Vec<u8> {
    let connection = rusqlite::Connection::open(home.join("fabric.db")).unwrap();
    connection
        .query_row(
            "SELECT body FROM fabric_objects WHERE key = ?1",
            [format!("records/default/{id}")],
            |row| row.get(0),
        )
        .unwrap()
}

fn write_body(home: &Path, id: &str, body: &[u8]) {
    let connection = rusqlite::Connection::open(home.join("fabric.db")).unwrap();
    let changed = connection
        .execute(
            "UPDATE fabric_objects SET body = ?2 WHERE key = ?1",
            rusqlite::params![format!("records/default/{id}"), body],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

fn assert_authentication_failure(output: &Output) {
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "no content on stdout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("failed authentication"), "{stderr}");
    assert!(!stderr.contains("Zephyr") && !stderr.contains(TAG), "{stderr}");
}

#[test]
fn flipped_byte_in_the_database_fails_authentication() {
    let fabric = Fabric::new();
    let id = fabric.store_secret(&[]);
    let original = stored_body(&fabric.home, &id);
    let header_end = 5 + 35;
    // The tier in the clear header, the version, the envelope's key id, its wrapped key, and
    // the last tag byte.
    for at in [6, header_end - 1, header_end + 8, header_end + 30, original.len() - 1] {
        let mut tampered = original.clone();
        tampered[at] ^= 0x01;
        write_body(&fabric.home, &id, &tampered);
        assert_authentication_failure(&fabric.run(&["get", &id]));
        assert_authentication_failure(&fabric.run(&["list"]));
    }
    write_body(&fabric.home, &id, &original);
    assert_eq!(fabric.ok(&["get", &id]).trim(), CONTENT);
}

#[test]
fn wrong_key_fails_authentication() {
    let fabric = Fabric::new();
    let id = fabric.store_secret(&[]);
    let other_key = fabric.ok(&["keygen"]);
    let output =
        fabric.command(&["get", &id]).env("FABRIC_KEY", other_key.trim()).output().unwrap();
    // The keyring, sealed under the home's key, is what refuses it.
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "no content on stdout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("does not open") && stderr.contains("keyring"), "{stderr}");
    assert!(!stderr.contains("Zephyr") && !stderr.contains(other_key.trim()), "{stderr}");
}

#[test]
fn key_from_environment_works_and_bad_keys_are_refused() {
    let fabric = Fabric::new();
    let key = fabric.ok(&["keygen"]);
    let id = String::from_utf8(
        fabric
            .command(&["store", "env keyed"])
            .env("FABRIC_KEY", key.trim())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(!fabric.home.join("key").exists(), "no key file when FABRIC_KEY is set");
    let read = fabric.command(&["get", id.trim()]).env("FABRIC_KEY", key.trim()).output().unwrap();
    assert_eq!(String::from_utf8(read.stdout).unwrap(), "env keyed\n");
    for bad in ["short", "AAAA", &"00".repeat(32)] {
        let output = fabric.command(&["list"]).env("FABRIC_KEY", bad).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("FABRIC_KEY") && !stderr.contains(bad), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn key_file_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt as _;
    let fabric = Fabric::new();
    fabric.ok(&["init"]);
    let key_path = fabric.home.join("key");
    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = fabric.run(&["store", "x"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stderr).unwrap().contains("readable by group or others"));
    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600)).unwrap();
    fabric.ok(&["store", "x"]);
    // A home whose key file is gone is not silently given a new key.
    std::fs::remove_file(&key_path).unwrap();
    let output = fabric.run(&["list"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!key_path.exists());
}

const CARD_TEXT: &str = "pay with 4111 1111 1111 1111 before friday";

fn set_restricted_action(fabric: &Fabric, action: &str) {
    let config_path = fabric.home.join("fabric.toml");
    let config = std::fs::read_to_string(&config_path).unwrap();
    let edited = config.replace("restricted = \"tag\"", &format!("restricted = \"{action}\""));
    assert_ne!(config, edited);
    std::fs::write(&config_path, edited).unwrap();
}

#[test]
fn default_policy_tags_a_card_number_restricted() {
    let fabric = Fabric::new();
    let id = fabric.ok(&["store", CARD_TEXT]).trim().to_owned();
    let json: serde_json::Value =
        serde_json::from_str(&fabric.ok(&["get", &id, "--json"])).unwrap();
    assert_eq!(json["privacy_level"], "restricted");
    assert_eq!(json["pii_types"], serde_json::json!(["CREDIT_CARD"]));
    assert_eq!(json["content"], CARD_TEXT, "tagging changes nothing");
}

#[test]
fn redact_policy_stores_no_card_number() {
    let fabric = Fabric::new();
    fabric.ok(&["init"]);
    set_restricted_action(&fabric, "redact");
    let id = fabric.ok(&["store", CARD_TEXT]).trim().to_owned();
    let content = fabric.ok(&["get", &id]);
    assert_eq!(content, "pay with [CREDIT_CARD] before friday\n");
    for (path, bytes) in all_bytes(&fabric.home) {
        assert!(!contains(&bytes, "4111 1111"), "{}", path.display());
    }
}

#[test]
fn reject_policy_fails_and_stores_nothing() {
    let fabric = Fabric::new();
    fabric.ok(&["init"]);
    set_restricted_action(&fabric, "reject");
    let output = fabric.run(&["store", CARD_TEXT]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("CREDIT_CARD") && !stderr.contains("4111"), "{stderr}");
    assert_eq!(fabric.ok(&["list"]), "");
    fabric.ok(&["store", "no personal data here"]);
}

#[test]
fn scan_and_redact_stream_lines() {
    let fabric = Fabric::new();
    let input = "mail ana@example.org now\nnothing\n";
    let mut child =
        fabric.command(&["scan"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["level"], "sensitive");
    assert_eq!(lines[0]["matches"][0]["type"], "EMAIL");
    assert_eq!(
        (lines[0]["matches"][0]["start"].as_u64(), lines[0]["matches"][0]["end"].as_u64()),
        (Some(5), Some(20))
    );
    assert_eq!(lines[1]["matches"], serde_json::json!([]));
    assert!(!fabric.home.exists(), "scanning needs no home");

    let file = fabric.home.parent().unwrap().join("in.txt");
    std::fs::write(&file, "card 4111-1111-1111-1111\nssn 123-45-6789\n").unwrap();
    let file = file.to_str().unwrap();
    assert_eq!(fabric.ok(&["redact", file]), "card [CREDIT_CARD]\nssn [SSN]\n");
    assert_eq!(
        fabric.ok(&["redact", file, "--strategy", "mask"]),
        "card ****-****-****-1111\nssn ***-**-6789\n"
    );
    assert_eq!(fabric.ok(&["redact", file, "--strategy", "drop"]), "card \nssn \n");
    let pseudonyms = fabric.ok(&["redact", file, "--strategy", "pseudonym"]);
    assert_eq!(
        pseudonyms,
        fabric.ok(&["redact", file, "--strategy", "pseudonym"]),
        "stable pseudonyms"
    );
    assert!(
        pseudonyms.starts_with("card [CREDIT_CARD:") && !pseudonyms.contains("4111"),
        "{pseudonyms}"
    );
    assert_eq!(fabric.run(&["redact", "/nonexistent/file"]).status.code(), Some(1));
    assert_eq!(fabric.run(&["redact", file, "--strategy", "rot13"]).status.code(), Some(2));
}

fn audit_events(fabric: &Fabric) -> Vec<serde_json::Value> {
    fabric
        .ok(&["audit", "tail", "-n", "100", "--json"])
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn audit_tail_shows_one_event_per_operation_and_verify_names_an_edited_event() {
    let fabric = Fabric::new();
    let id = fabric.store_secret(&[]);
    fabric.ok(&["get", &id]);
    assert_eq!(fabric.run(&["get", "no-such-record"]).status.code(), Some(1));
    assert_eq!(fabric.run(&["store", "x", "--owner", "bad/owner"]).status.code(), Some(1));
    fabric.ok(&["list", "--owner", "default"]);
    fabric.ok(&["delete", &id]);

    let events = audit_events(&fabric);
    let summary: Vec<(String, String)> = events
        .iter()
        .map(|event| {
            (
                event["operation"].as_str().unwrap().to_owned(),
                event["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("store", "success"),
        ("retrieve", "success"),
        ("retrieve", "failure"),
        ("store", "failure"),
        ("list", "success"),
        ("delete", "success"),
    ];
    assert_eq!(summary, expected.map(|(op, status)| (op.to_owned(), status.to_owned())));
    assert_eq!(events[2]["reason"], "not_found");
    assert_eq!(events[0]["record_id"], id.as_str());
    assert_eq!(events[0]["actor"], "cli");
    let text = fabric.ok(&["audit", "tail", "-n", "100", "--json"]);
    for secret in [CONTENT, TAG, META_VALUE] {
        assert!(!text.contains(secret));
    }
    assert_eq!(fabric.ok(&["audit", "query", "--status", "failure"]).lines().count(), 2);
    assert_eq!(fabric.ok(&["audit", "query", "--op", "retrieve", "--json"]).lines().count(), 2);
    let verified = fabric.ok(&["audit", "verify"]);
    assert!(verified.starts_with("verified 6 events"), "{verified}");

    // An attacker with write access to the file drops the append-only triggers and edits
    // one byte of event 2 (its status).
    let connection = rusqlite::Connection::open(fabric.home.join("fabric.db")).unwrap();
    connection.execute_batch("DROP TRIGGER fabric_audit_events_no_update").unwrap();
    let changed = connection
        .execute("UPDATE fabric_audit_events SET status = 'failure' WHERE seq = 2", [])
        .unwrap();
    assert_eq!(changed, 1);
    drop(connection);
    let output = fabric.run(&["audit", "verify"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("seq 2") || stderr.contains("event 2"), "{stderr}");
}

/// Runs SQL on the home's database as an attacker with write access would: triggers dropped.
fn attack_database(fabric: &Fabric, sql: &str) {
    let connection = rusqlite::Connection::open(fabric.home.join("fabric.db")).unwrap();
    connection.execute_batch(fabric_audit::conformance::DROP_GUARD_TRIGGERS).unwrap();
    connection.execute_batch(sql).unwrap();
}

fn verify_fails(fabric: &Fabric, args: &[&str], named: &str) {
    let output = fabric.run(args);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.contains(named), "{args:?}: {stderr}");
}

#[test]
fn audit_truncation_and_deletion_are_named_against_kept_checkpoints_and_the_witness() {
    let fabric = Fabric::new();
    for index in 0..3 {
        fabric.ok(&["store", &format!("note {index}")]);
    }
    // The operator keeps the latest checkpoint elsewhere.
    let kept = fabric._dir.path().join("kept-checkpoints.jsonl");
    let printed = fabric.ok(&["audit", "checkpoint"]);
    let checkpoint: serde_json::Value = serde_json::from_str(printed.trim()).unwrap();
    assert_eq!((checkpoint["seq"].as_u64(), checkpoint["closed"].as_bool()), (Some(3), Some(true)));
    std::fs::write(&kept, &printed).unwrap();
    let verified = fabric.ok(&["audit", "verify", "--since", kept.to_str().unwrap()]);
    assert!(verified.contains("1 checkpoints kept elsewhere matched"), "{verified}");

    // Everything deleted: the store alone looks empty, the kept checkpoint names the loss.
    attack_database(
        &fabric,
        "DELETE FROM fabric_audit_events; DELETE FROM fabric_audit_checkpoints;",
    );
    assert!(fabric.ok(&["audit", "verify"]).starts_with("verified 0 events"));
    verify_fails(&fabric, &["audit", "verify", "--since", kept.to_str().unwrap()], "truncated");
    let garbage = fabric._dir.path().join("garbage.jsonl");
    std::fs::write(&garbage, "not a checkpoint\n").unwrap();
    verify_fails(&fabric, &["audit", "verify", "--since", garbage.to_str().unwrap()], "line 1");

    // With a witness configured, every checkpoint is copied there as it is written.
    let fabric = Fabric::new();
    let witness = format!("file://{}", fabric._dir.path().join("witness").display());
    let with_witness = |args: &[&str]| {
        let output = fabric.command(args).env("FABRIC_AUDIT_WITNESS", &witness).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    for index in 0..4 {
        with_witness(&["store", &format!("note {index}")]);
    }
    assert!(fabric._dir.path().join("witness/audit-witness.checkpoints.jsonl").exists());
    assert!(with_witness(&["audit", "verify"]).starts_with("verified 4 events"));
    // The last command's events and checkpoint removed: only the witness tells.
    attack_database(
        &fabric,
        "DELETE FROM fabric_audit_events WHERE seq = 4; DELETE FROM fabric_audit_checkpoints WHERE seq >= 4;",
    );
    assert!(fabric.ok(&["audit", "verify"]).starts_with("verified 3 events"));
    let output = fabric
        .command(&["audit", "verify"])
        .env("FABRIC_AUDIT_WITNESS", &witness)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("truncated after event 3"));
}

#[test]
fn a_rolled_back_or_resurrected_record_is_named_by_verify_records() {
    let fabric = Fabric::new();
    fabric.ok(&["store", "version one", "--id", "note-1"]);
    fabric.ok(&["store", "kept", "--id", "note-2"]);
    assert!(fabric.ok(&["audit", "verify", "--records"]).contains("checked 2 stored records"));
    // The attack of the report: save the sealed row, update the record, write the row back.
    let old = stored_body(&fabric.home, "note-1");
    fabric.ok(&["store", "version two", "--id", "note-1"]);
    write_body(&fabric.home, "note-1", &old);
    // The read refuses it: the version entry written with version two names the last write.
    let output = fabric.run(&["get", "note-1"]);
    assert_authentication_failure(&output);
    assert!(String::from_utf8_lossy(&output.stderr).contains("not the last one written"));
    verify_fails(&fabric, &["audit", "verify", "--records"], "record default/note-1: rolled back");
    // A deleted record brought back.
    let fabric = Fabric::new();
    fabric.ok(&["store", "short-lived", "--id", "note-3"]);
    let body = stored_body(&fabric.home, "note-3");
    fabric.ok(&["delete", "note-3"]);
    let connection = rusqlite::Connection::open(fabric.home.join("fabric.db")).unwrap();
    connection
        .execute(
            "INSERT INTO fabric_objects (key, body, version) VALUES (?1, ?2, 1)",
            rusqlite::params!["records/default/note-3", body],
        )
        .unwrap();
    drop(connection);
    verify_fails(
        &fabric,
        &["audit", "verify", "--records"],
        "stored again after its audited deletion",
    );
}

#[test]
fn audit_events_forged_without_the_key_are_named() {
    let fabric = Fabric::new();
    for index in 0..3 {
        fabric.ok(&["store", &format!("note {index}")]);
    }
    // Checkpoints deleted: the events alone no longer verify.
    attack_database(&fabric, "DELETE FROM fabric_audit_checkpoints");
    verify_fails(&fabric, &["audit", "verify"], "no checkpoint");
    // The next command refuses to sign over the tampered stream, and says so.
    let output = fabric.run(&["store", "after the attack"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("audit"), "{output:?}");

    // An event rewritten as the old unkeyed format, its SHA-256 recomputed.
    let fabric = Fabric::new();
    fabric.ok(&["store", "one"]);
    fabric.ok(&["store", "two"]);
    attack_database(&fabric, "UPDATE fabric_audit_events SET format = 1 WHERE seq = 2");
    verify_fails(&fabric, &["audit", "verify"], "event 2");
}

#[test]
fn custom_recognizers_and_level_overrides_come_from_fabric_toml() {
    let fabric = Fabric::new();
    fabric.ok(&["init"]);
    let config_path = fabric.home.join("fabric.toml");
    let mut config = std::fs::read_to_string(&config_path).unwrap();
    config.push_str(
        "\n[privacy.detector]\nlevels = { EMAIL = \"restricted\" }\n\n[[privacy.detector.custom]]\nname = \"EMPLOYEE_ID\"\npattern = \"EMP-[0-9]{6}\"\nlevel = \"sensitive\"\n",
    );
    std::fs::write(&config_path, config).unwrap();
    let id = fabric.ok(&["store", "badge EMP-123456 issued"]).trim().to_owned();
    let json: serde_json::Value =
        serde_json::from_str(&fabric.ok(&["get", &id, "--json"])).unwrap();
    assert_eq!(json["pii_types"], serde_json::json!(["EMPLOYEE_ID"]));
    assert_eq!(json["privacy_level"], "sensitive");
    let id = fabric.ok(&["store", "mail ana@example.org"]).trim().to_owned();
    let json: serde_json::Value =
        serde_json::from_str(&fabric.ok(&["get", &id, "--json"])).unwrap();
    assert_eq!(json["privacy_level"], "restricted", "level override from fabric.toml");

    let file = fabric.home.join("in.txt");
    std::fs::write(&file, "EMP-654321\n").unwrap();
    let scanned = fabric.ok(&["scan", file.to_str().unwrap()]);
    assert!(scanned.contains("\"EMPLOYEE_ID\""), "{scanned}");

    // A broken pattern is a clear error, and nothing is stored.
    let config = std::fs::read_to_string(&config_path).unwrap().replace("EMP-[0-9]{6}", "EMP-[0-9");
    std::fs::write(&config_path, config).unwrap();
    let output = fabric.run(&["store", "x"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stderr).unwrap().contains("invalid pattern"));
    let config = std::fs::read_to_string(&config_path).unwrap().replace("EMP-[0-9", "EMP-[0-9]{6}");
    std::fs::write(&config_path, config).unwrap();
    assert_eq!(fabric.ok(&["list"]).lines().count(), 2);
}

#[test]
fn s3_backend_refuses_plain_http_to_a_remote_endpoint() {
    let fabric = Fabric::new();
    let output = fabric
        .command(&["store", "x", "--backend", "s3://some-bucket/fabric"])
        .env("FABRIC_S3_ENDPOINT", "http://192.0.2.1:9000")
        .env("FABRIC_S3_ALLOW_HTTP", "true")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected =
        if cfg!(feature = "s3") { "refusing plain http" } else { "not part of this build" };
    assert!(stderr.contains(expected), "{stderr}");
}

#[test]
fn evidence_is_refused_on_a_backend_without_retention() {
    let fabric = Fabric::new();
    let output = fabric.run(&["store", "kept", "--evidence"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("retention"), "{stderr}");
    assert!(fabric.ok(&["list"]).is_empty());
}

#[test]
fn apikey_commands_are_audited_and_never_print_secrets_twice() {
    let fabric = Fabric::new();
    let output = fabric.run(&[
        "apikey",
        "create",
        "--role",
        "user",
        "--owner",
        "acme",
        "--name",
        "ci",
        "--expires",
        "30",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let key = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert!(key.starts_with("fabric_") && key.len() == 7 + 12 + 1 + 64, "{key}");
    let id = key[7..19].to_owned();
    let listed = fabric.ok(&["apikey", "list"]);
    assert!(
        listed.contains(&id) && listed.contains("acme") && listed.contains("active"),
        "{listed}"
    );
    assert!(!listed.contains(&key[20..]), "no secret in listings");
    let json = fabric.ok(&["apikey", "list", "--json"]);
    let info: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(info["roles"], serde_json::json!(["user"]));
    assert!(info["expires_at"].is_string());
    let database = std::fs::read(fabric.home.join("fabric.db")).unwrap();
    assert!(!contains(&database, &key[20..]), "only a hash is stored");

    fabric.ok(&["apikey", "revoke", &id]);
    assert!(fabric.ok(&["apikey", "list"]).contains("revoked"));
    let output = fabric.run(&["apikey", "revoke", "000000000000"]);
    assert_eq!(output.status.code(), Some(1));
    let output = fabric.run(&["apikey", "create", "--role", "bad role", "--owner", "acme"]);
    assert_eq!(output.status.code(), Some(1));

    let events = fabric.ok(&["audit", "query", "--op", "manage_keys"]);
    let lines: Vec<&str> = events.lines().collect();
    assert_eq!(lines.len(), 7, "create, 3 lists, 2 revokes, failed create: {events}");
    assert!(lines.iter().all(|line| line.contains("\tcli\tmanage_keys\t")));
    assert_eq!(lines.iter().filter(|line| line.contains("\tfailure\t")).count(), 2);
    assert!(!events.contains(&key[20..]));
    fabric.ok(&["audit", "verify"]);
}

/// A running `fabric serve`, killed on drop.
struct Served {
    child: std::process::Child,
    addr: String,
    admin_key: String,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `fabric serve` with `extra` arguments and waits (bounded) for its address.
fn serve(fabric: &Fabric, extra: &[&str]) -> Served {
    serve_with(fabric, extra, &[])
}

/// Starts `fabric serve` on 127.0.0.1 with environment variables `env`.
fn serve_with_env(fabric: &Fabric, env: &[(&str, &str)]) -> Served {
    serve_with(fabric, &[], env)
}

fn serve_with(fabric: &Fabric, extra: &[&str], env: &[(&str, &str)]) -> Served {
    use std::io::BufRead as _;
    let mut args = vec!["serve", "--listen", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    let mut command = fabric.command(&args);
    command.envs(env.iter().copied());
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (send, stderr) = std::sync::mpsc::channel();
    let lines = std::io::BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in lines.lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let mut admin_key = String::new();
    let mut seen = Vec::new();
    let addr = loop {
        let line = stderr
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("fabric serve did not start: {seen:?}"));
        if line.contains("first start") {
            let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
            stdout.read_line(&mut admin_key).unwrap();
        }
        if let Some(rest) = line
            .strip_prefix("fabric: serving http://")
            .or_else(|| line.strip_prefix("fabric: serving https://"))
        {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
        seen.push(line);
    };
    Served { child, addr, admin_key: admin_key.trim().to_owned(), stderr }
}

/// One HTTP/1.1 request on a fresh connection (bounded by socket timeouts).
fn http(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (u16, String) {
    use std::io::Read as _;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    stream.set_write_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    let body = body.unwrap_or("");
    let auth = token.map(|token| format!("authorization: Bearer {token}\r\n")).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n{auth}content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
    (status, body)
}

#[test]
fn serve_creates_the_home_prints_an_admin_key_once_and_serves_keys_made_by_the_cli() {
    let fabric = Fabric::new();
    let served = serve(&fabric, &[]);
    assert!(fabric.home.join("key").exists(), "home created on first start");
    assert!(served.admin_key.starts_with("fabric_"), "{:?}", served.admin_key);
    let addr = served.addr.clone();
    assert_eq!(http(&addr, "GET", "/healthz", None, None).0, 200);

    let (status, body) = http(
        &addr,
        "POST",
        "/v1/memories",
        Some(&served.admin_key),
        Some(r#"{"content": "from http", "owner": "acme", "tags": ["t"]}"#),
    );
    assert_eq!(status, 201, "{body}");
    let record: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = record["id"].as_str().unwrap().to_owned();

    // A key made by the CLI while the server runs works at once.
    let viewer =
        fabric.ok(&["apikey", "create", "--role", "viewer", "--owner", "acme"]).trim().to_owned();
    let (status, body) = http(&addr, "GET", &format!("/v1/memories/{id}"), Some(&viewer), None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("from http"));
    let (status, _) = http(&addr, "DELETE", &format!("/v1/memories/{id}"), Some(&viewer), None);
    assert_eq!(status, 403);
    let (status, _) = http(&addr, "GET", "/v1/memories", Some("fabric_wrong"), None);
    assert_eq!(status, 401);
    // The CLI reads what the server stored, and the audit log names the server's actors.
    assert_eq!(fabric.ok(&["get", &id, "--owner", "acme"]).trim(), "from http");
    drop(served);
    let denied = fabric.ok(&["audit", "query", "--status", "denied"]);
    assert!(denied.contains("\tdelete\tdenied\t"), "{denied}");
    assert!(denied.contains("\tauthenticate\tdenied\t"), "{denied}");
    fabric.ok(&["audit", "verify"]);

    // Second start: no new admin key.
    let again = serve(&fabric, &[]);
    assert!(again.admin_key.is_empty());
    let _ = &again.stderr;
}

#[test]
fn serve_refuses_plain_http_off_loopback() {
    let fabric = Fabric::new();
    let output = fabric.run(&["serve", "--listen", "0.0.0.0:0"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("refusing to serve plain HTTP"), "{stderr}");
    let output = fabric.run(&["serve", "--tls-cert", "missing.pem"]);
    assert_eq!(output.status.code(), Some(2), "--tls-cert needs --tls-key");
}

#[test]
fn serve_accepts_jwts_configured_in_fabric_toml() {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    let fabric = Fabric::new();
    fabric.ok(&["init"]);
    let config_path = fabric.home.join("fabric.toml");
    let mut config = std::fs::read_to_string(&config_path).unwrap();
    config.push_str(
        "\n[jwt]\nissuers = [\"https://id.example\"]\naudiences = [\"memory-fabric\"]\nclaims = { owner = \"tenant\" }\n\n[[jwt.keys]]\nalg = \"HS256\"\nkid = \"k1\"\nsecret_env = \"FABRIC_TEST_JWT_SECRET\"\n",
    );
    std::fs::write(&config_path, config).unwrap();
    let secret = "a shared secret of at least thirty-two bytes";
    let now = chrono::Utc::now().timestamp();
    let claims = serde_json::json!({
        "sub": "agent-9", "tenant": "acme", "roles": ["user"],
        "iss": "https://id.example", "aud": "memory-fabric", "exp": now + 600,
    });
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("k1".to_owned());
    let token = encode(&header, &claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap();

    // Without the secret in the environment the server refuses to start.
    let output = fabric.run(&["serve", "--listen", "127.0.0.1:0"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("FABRIC_TEST_JWT_SECRET"));

    let served = serve_with_env(&fabric, &[("FABRIC_TEST_JWT_SECRET", secret)]);
    let (status, body) =
        http(&served.addr, "POST", "/v1/memories", Some(&token), Some(r#"{"content": "via jwt"}"#));
    assert_eq!(status, 201, "{body}");
    assert!(body.contains("\"owner\":\"acme\""), "{body}");
    let expired = {
        let mut claims = claims.clone();
        claims["exp"] = serde_json::json!(now - 3600);
        encode(&header, &claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
    };
    assert_eq!(http(&served.addr, "GET", "/v1/memories", Some(&expired), None).0, 401);
    drop(served);
    let audit = fabric.ok(&["audit", "query", "--actor", "agent-9"]);
    assert!(audit.contains("\tagent-9\tstore\tsuccess\tacme\t"), "{audit}");
}

#[test]
fn serve_uses_custom_roles_and_tls_from_the_command_line() {
    let fabric = Fabric::new();
    fabric.ok(&["init"]);
    let config_path = fabric.home.join("fabric.toml");
    let config = std::fs::read_to_string(&config_path)
        .unwrap()
        .replace("# auditor = [\"get\", \"read_audit\"]", "auditor = [\"read_audit\"]");
    std::fs::write(&config_path, config).unwrap();
    let auditor =
        fabric.ok(&["apikey", "create", "--role", "auditor", "--owner", "acme"]).trim().to_owned();

    let served = serve(&fabric, &[]);
    assert_eq!(http(&served.addr, "GET", "/v1/audit?limit=1", Some(&auditor), None).0, 200);
    let (status, _) =
        http(&served.addr, "POST", "/v1/memories", Some(&auditor), Some(r#"{"content": "x"}"#));
    assert_eq!(status, 403);
    drop(served);

    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert = fabric.home.join("cert.pem");
    let key = fabric.home.join("tls-key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut served =
        serve(&fabric, &["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]);
    assert_no_plain_http(&served.addr);
    let _ = served.child.kill();
    let _ = served.child.wait();

    // The same from [server] tls_cert and tls_key, relative to the home.
    let config = fabric.home.join("fabric.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text
        .replace("# tls_cert = \"tls/cert.pem\"", "tls_cert = \"cert.pem\"")
        .replace("# tls_key = \"tls/key.pem\"", "tls_key = \"tls-key.pem\"");
    std::fs::write(&config, text).unwrap();
    let mut served = serve(&fabric, &[]);
    assert_no_plain_http(&served.addr);
    let _ = served.child.kill();
}

/// Plain HTTP to a TLS port gets no HTTP answer.
fn assert_no_plain_http(addr: &str) {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(!answer.starts_with(b"HTTP/"), "{}", String::from_utf8_lossy(&answer));
}

/// One authenticated store over HTTP; `false` when the server is gone.
fn try_store(addr: &str, token: &str, content: &str) -> bool {
    use std::io::Read as _;
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else { return false };
    let timeout = Some(std::time::Duration::from_secs(10));
    if stream.set_read_timeout(timeout).is_err() || stream.set_write_timeout(timeout).is_err() {
        return false;
    }
    let body = format!(r#"{{"content": "{content}"}}"#);
    let request = format!(
        "POST /v1/memories HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\nauthorization: Bearer {token}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    stream.read_to_string(&mut answer).is_ok() && answer.starts_with("HTTP/1.1 201")
}

/// Three rounds of `fabric serve` (with `extra` arguments) under a load of four storing
/// clients, each ended by kill -9 200 ms after the first store was acknowledged (waiting at
/// most 20 s for it, so a slow machine still kills under load); returns the stores
/// acknowledged with 201.
fn load_and_kill(fabric: &Fabric, extra: &[&str]) -> usize {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let mut admin_key = String::new();
    let acknowledged = std::sync::Arc::new(AtomicUsize::new(0));
    for round in 0..3 {
        let mut served = serve(fabric, extra);
        if round == 0 {
            admin_key = served.admin_key.clone();
        }
        let before = acknowledged.load(Ordering::SeqCst);
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let workers: Vec<_> = (0..4)
            .map(|worker| {
                let (addr, key) = (served.addr.clone(), admin_key.clone());
                let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
                std::thread::spawn(move || {
                    for index in 0..2000 {
                        if stop.load(Ordering::Relaxed)
                            || !try_store(&addr, &key, &format!("r{round} w{worker} n{index}"))
                        {
                            break;
                        }
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while acknowledged.load(Ordering::SeqCst) == before && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
        served.child.kill().unwrap();
        served.child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for worker in workers {
            worker.join().unwrap();
        }
    }
    acknowledged.load(Ordering::SeqCst)
}

/// kill -9 under load, several times: on SQLite every stored record is audited (its event
/// commits with it), and the audit log still verifies.
#[test]
fn records_stored_before_a_kill_are_all_audited() {
    let fabric = Fabric::new();
    let acknowledged = load_and_kill(&fabric, &[]);
    assert!(acknowledged > 0, "the load stored nothing");
    let verified = fabric.ok(&["audit", "verify", "--records"]);
    let checked: usize = verified
        .lines()
        .find_map(|line| line.strip_prefix("checked "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|count| count.parse().ok())
        .unwrap();
    eprintln!("{checked} records stored, {acknowledged} acknowledged");
    assert!(checked >= acknowledged, "{checked} stored, {acknowledged} acknowledged: {verified}");
}

/// kill -9 under load on a file:// backend, where a record and its audit event cannot share
/// a transaction: `verify --records` names exactly the records left unaudited, and
/// `audit repair` audits them (each opens under the key), after which everything verifies.
#[test]
fn after_a_kill_on_a_directory_backend_unaudited_records_are_named_and_repaired() {
    let fabric = Fabric::new();
    let records = fabric._dir.path().join("records");
    let backend = format!("file://{}", records.display());
    assert!(load_and_kill(&fabric, &["--backend", &backend]) > 0, "the load stored nothing");
    let verify = fabric.run(&["--backend", &backend, "audit", "verify", "--records"]);
    let stderr = String::from_utf8_lossy(&verify.stderr).to_string();
    let named = stderr.lines().filter(|line| line.contains("was never audited")).count();
    assert_eq!(
        stderr.lines().filter(|line| line.starts_with("fabric: record")).count(),
        named,
        "only unaudited records are named: {stderr}"
    );
    assert_eq!(verify.status.code(), Some(if named == 0 { 0 } else { 1 }), "{stderr}");
    let repaired = fabric.ok(&["--backend", &backend, "audit", "repair"]);
    assert!(repaired.contains(&format!("audited {named} records")), "{repaired} vs {named}");
    eprintln!("{named} records were left unaudited by the kills and repaired");
    fabric.ok(&["--backend", &backend, "audit", "verify", "--records"]);
}

#[test]
fn serve_appends_its_counters_to_the_metrics_file() {
    let fabric = Fabric::new();
    fabric.ok(&["init"]);
    let config = fabric.home.join("fabric.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text =
        text.replace("[metrics]\n", "[metrics]\nfile = \"metrics.jsonl\"\ninterval_seconds = 1\n");
    std::fs::write(&config, text).unwrap();
    let served = serve(&fabric, &[]);
    let body = Some(r#"{"content": "counted", "owner": "acme"}"#);
    let (status, _) = http(&served.addr, "POST", "/v1/memories", Some(&served.admin_key), body);
    assert_eq!(status, 201);
    let path = fabric.home.join("metrics.jsonl");
    let mut counted = None;
    for _ in 0..100 {
        let lines = std::fs::read_to_string(&path).unwrap_or_default();
        counted = lines
            .lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
            .find(|line| line["operations"]["store"]["success"] == 1);
        if counted.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let line = counted.expect("a line counting the store within 10 s");
    assert!(line["bytes_sealed"].as_u64().unwrap() > 0, "{line}");
    assert!(line["time"].is_string(), "{line}");
}

#[test]
fn each_command_appends_its_counters_to_the_metrics_file() {
    let fabric = Fabric::new();
    fabric.ok(&["init"]);
    let config = fabric.home.join("fabric.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("[metrics]\n", "[metrics]\nfile = \"metrics.jsonl\"\n"))
        .unwrap();
    let path = fabric.home.join("metrics.jsonl");
    let lines = || -> Vec<serde_json::Value> {
        std::fs::read_to_string(&path)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    };
    let id = fabric.ok(&["store", "counted once"]).trim().to_owned();
    fabric.ok(&["get", &id]);
    let lines = lines();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    let (store, get) = (&lines[0], &lines[1]);
    assert_eq!(store["operations"]["store"]["success"], 1, "{store}");
    assert_eq!(store["data_keys_wrapped"], 1, "{store}");
    assert_eq!(get["operations"]["retrieve"]["success"], 1, "{get}");
    assert_eq!(get["data_keys_unwrapped"], 1, "{get}");
    // Written after the audit log closed: every event is under a checkpoint.
    assert_eq!(get["audit_lag"]["unsealed_events"], 0, "{get}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
