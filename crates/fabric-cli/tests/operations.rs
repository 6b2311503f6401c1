//! Operating a home: `fabric export` and `fabric import` (a sealed archive of a SQLite home
//! restores into a directory backend of another home; a wrong key or a changed archive
//! imports nothing), retention defaults and `fabric compact`.

#![allow(clippy::unwrap_used, reason = "tests fail by panicking")]

mod common;

use common::{Home, json_lines};

const SECRET_TEXT: &str = "the vault code is behind the harbour clock";

fn stored(home: &Home, backend: &[&str], owner: &str) -> Vec<serde_json::Value> {
    let mut args = backend.to_vec();
    args.extend(["list", "--owner", owner, "--json"]);
    let mut records = json_lines(&home.ok(&args));
    records.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    records
}

fn fail_with(home: &Home, args: &[&str], env: &[(&str, &str)]) -> String {
    let output = home.run_with(args, env);
    assert!(!output.status.success(), "{args:?} succeeded");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn an_export_restores_into_another_home_and_backend_and_nothing_else_does() {
    let source = Home::new();
    source.ok(&["store", SECRET_TEXT, "--owner", "acme", "--tag", "vault"]);
    source.ok(&["store", "second memory", "--owner", "acme"]);
    source.ok(&["store", "globex memory", "--owner", "globex"]);
    let archive = source.path.parent().unwrap().join("backup.mfex");
    let archive_arg = archive.to_str().unwrap();

    let out = source.ok(&["export", "--out", archive_arg]);
    assert!(out.starts_with("exported 3 memories of 2 owners"), "{out}");
    let key = out.lines().find_map(|line| line.strip_prefix("export key: ")).unwrap().to_owned();
    let bytes = std::fs::read(&archive).unwrap();
    assert!(!bytes.windows(9).any(|window| window == b"vault cod"), "the archive is sealed");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&archive).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = fail_with(&source, &["export", "--out", archive_arg], &[]);
    assert!(again.contains("exists"), "{again}");

    // Into another home, on the directory backend.
    let target = Home::new();
    let objects = format!("file://{}", target.path.parent().unwrap().join("objects").display());
    let backend = ["--backend", objects.as_str()];
    let import = |env: &[(&str, &str)]| {
        let mut args = backend.to_vec();
        args.extend(["import", archive_arg]);
        target.run_with(&args, env)
    };
    let other_key = source.ok(&["keygen"]);
    for env in [vec![], vec![("FABRIC_EXPORT_KEY", other_key.trim())]] {
        let output = import(&env);
        assert!(!output.status.success());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(!stderr.contains(key.as_str()), "{stderr}");
    }
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    let changed = archive.with_extension("changed");
    std::fs::write(&changed, &flipped).unwrap();
    let mut args = backend.to_vec();
    args.extend(["import", changed.to_str().unwrap()]);
    let refused = fail_with(&target, &args, &[("FABRIC_EXPORT_KEY", &key)]);
    assert!(refused.contains("nothing was imported"), "{refused}");
    assert!(stored(&target, &backend, "acme").is_empty());

    let env = [("FABRIC_EXPORT_KEY", key.as_str())];
    let output = import(&env);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8(output.stdout).unwrap().starts_with("imported 3 memories (0 "));
    for owner in ["acme", "globex"] {
        assert_eq!(stored(&target, &backend, owner), stored(&source, &[], owner));
    }
    let twice = String::from_utf8(import(&env).stdout).unwrap();
    assert!(twice.starts_with("imported 0 memories (3 already"), "{twice}");
}

#[test]
fn a_passphrase_archive_and_a_confirmed_plaintext_export() {
    let source = Home::new();
    source.ok(&["store", SECRET_TEXT, "--owner", "acme"]);
    source.ok(&["store", "globex memory", "--owner", "globex"]);
    let dir = source.path.parent().unwrap();
    let sealed = dir.join("acme.mfex");
    let env = [("FABRIC_EXPORT_PASSPHRASE", "correct horse battery staple")];
    let export = ["export", "--out", sealed.to_str().unwrap(), "--owner", "acme", "--with-audit"];
    let (out, _) = source.ok_with(&export, &env);
    assert!(out.starts_with("exported 1 memories of 1 owners") && !out.contains("key"), "{out}");
    assert!(out.contains("with 1 audit events"), "the store of acme's memory: {out}");

    let target = Home::new();
    let wrong = [("FABRIC_EXPORT_PASSPHRASE", "a guess")];
    fail_with(&target, &["import", sealed.to_str().unwrap()], &wrong);
    let events = dir.join("acme-audit.jsonl");
    let (out, _) = target.ok_with(
        &["import", sealed.to_str().unwrap(), "--audit-out", events.to_str().unwrap()],
        &env,
    );
    assert!(out.contains("wrote 1 audit events"), "{out}");
    let archived = json_lines(&std::fs::read_to_string(&events).unwrap());
    assert_eq!(archived.len(), 1);
    assert_eq!(
        (&archived[0]["operation"], &archived[0]["owner"]),
        (&serde_json::json!("store"), &serde_json::json!("acme"))
    );
    // An existing file is never overwritten.
    let again = ["import", sealed.to_str().unwrap(), "--audit-out", events.to_str().unwrap()];
    assert!(fail_with(&target, &again, &env).contains("exists"));
    assert_eq!(stored(&target, &[], "acme"), stored(&source, &[], "acme"));
    assert!(stored(&target, &[], "globex").is_empty());

    let plain = dir.join("plain.jsonl");
    let refused =
        fail_with(&source, &["export", "--plaintext", "--out", plain.to_str().unwrap()], &[]);
    assert!(refused.contains("--yes") && !plain.exists(), "{refused}");
    source.ok(&["export", "--plaintext", "--yes", "--out", plain.to_str().unwrap()]);
    let lines = json_lines(&std::fs::read_to_string(&plain).unwrap());
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().any(|line| line["content"] == SECRET_TEXT));
    let audit = source.ok(&["audit", "tail", "--json"]);
    let export = json_lines(&audit).into_iter().rev().find(|event| event["operation"] == "export");
    let export = export.unwrap();
    assert_eq!(export["details"]["plaintext"]["flag"], true, "{export}");
}

#[test]
fn retention_defaults_apply_and_compact_removes_expired_memories() {
    let home = Home::new();
    home.ok(&["init"]);
    home.edit_config(|text| text.replace("[retention]\n", "[retention]\ntypes = { event = 2 }\n"));
    let event = home.ok(&["store", "the crane moved", "--type", "event"]);
    let record: serde_json::Value =
        serde_json::from_str(&home.ok(&["get", event.trim(), "--json"])).unwrap();
    let created = chrono::DateTime::parse_from_rfc3339(record["created_at"].as_str().unwrap());
    let expires = chrono::DateTime::parse_from_rfc3339(record["expires_at"].as_str().unwrap());
    assert_eq!(expires.unwrap() - created.unwrap(), chrono::Duration::days(2));

    let gone = home.ok(&["store", SECRET_TEXT, "--expires-at", "2020-01-01T00:00:00Z"]);
    let kept = home.ok(&["store", "a note that stays"]);
    assert!(fail_with(&home, &["get", gone.trim()], &[]).contains("not found"));
    assert_eq!(home.ok(&["list"]).lines().count(), 2);

    let out = home.ok(&["compact"]);
    assert!(out.starts_with("looked at 3 memories: removed 1 expired"), "{out}");
    assert!(out.contains("the database shrank by"), "{out}");
    assert!(home.ok(&["get", kept.trim()]).starts_with("a note that stays"));
    let events = json_lines(&home.ok(&["audit", "tail", "-n", "3", "--json"]));
    let operations: Vec<_> = events.iter().map(|event| event["operation"].clone()).collect();
    assert!(operations.contains(&serde_json::json!("compact")), "{operations:?}");
    assert!(operations.contains(&serde_json::json!("delete")), "{operations:?}");
    home.ok(&["audit", "verify", "--records"]);
}
