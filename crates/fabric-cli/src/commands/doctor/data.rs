//! The checks of `fabric doctor` that read the data: what decrypt-only keys still protect,
//! and the newest sealed backup.

use std::collections::BTreeMap;
use std::path::Path;

use fabric_core::fabric_authz::CLI_ACTOR;
use fabric_crypto::keyfile::KeyState;
use fabric_crypto::{RANDOM_NONCE_LIMIT, USES_WARNING};

use super::{Report, Status};
use crate::config::Home;
use crate::stack::{AUDIT_STREAM, build_fabric, finish};

/// Whether a decrypt-only key still protects records, owner keys or index keys (it cannot be
/// destroyed until nothing does), and whether records name a key this home lacks. Reads
/// every record's envelope header, never its content.
pub(super) async fn key_dependents(home: &Home, backend: Option<&str>, report: &mut Report) {
    let check = "decrypt-only keys";
    let Ok(keyring) = home.keyring_file() else { return };
    let retired: Vec<String> = keyring
        .file
        .entries()
        .iter()
        .filter(|entry| entry.state() == KeyState::DecryptOnly)
        .map(|entry| entry.id().to_string())
        .collect();
    let (usage, counted) = match build_fabric(home, backend, AUDIT_STREAM, CLI_ACTOR) {
        Ok(fabric) => {
            let usage = fabric.key_usage().await;
            let counted = fabric.key_encryptions();
            let _ = finish(&fabric).await;
            (usage, counted)
        }
        Err(error) => {
            report.add("keys", check, Status::Unknown, format!("{error:#}"));
            return;
        }
    };
    let usage = match usage {
        Ok(usage) => usage,
        Err(error) => {
            report.add("keys", check, Status::Unknown, error.to_string());
            return;
        }
    };
    nonce_budget(&usage, &counted, report);
    let protecting: Vec<String> = retired
        .iter()
        .filter(|id| !usage.of(id).is_empty())
        .map(|id| {
            let dependents = usage.of(id);
            format!(
                "{id} ({} records, {} owner keys, {} index keys)",
                dependents.records, dependents.owner_keys, dependents.index_keys
            )
        })
        .collect();
    if protecting.is_empty() {
        let detail = format!("{} decrypt-only, none protects data", retired.len());
        report.add("keys", check, Status::Pass, detail);
    } else {
        report.fix(
            "keys",
            check,
            Status::Warn,
            format!("still protecting data: {}", protecting.join(", ")),
            "fabric keys rotate --records, then fabric keys destroy ID",
        );
    }
    if usage.unknown_records > 0 {
        report.fix(
            "keys",
            "records under known keys",
            Status::Fail,
            format!("{} records name a key this home does not have", usage.unknown_records),
            "restore the keyring (or owner-keys.json) these records were sealed under",
        );
    }
}

/// Encryptions under one key against the bound of random 96-bit nonces: after 2^32 under
/// one key, a repeated nonce is no longer negligible (NIST SP 800-38D, 8.3). Each key's
/// count is the larger of what the home's key use file kept and the live wraps found in
/// storage (every record's data key, owner key and index key was wrapped once under its key
/// with a random nonce; deleted ones drew nonces too, so that is a floor).
fn nonce_budget(
    usage: &fabric_core::KeyUsage,
    counted: &fabric_core::Result<BTreeMap<String, u64>>,
    report: &mut Report,
) {
    let empty = BTreeMap::new();
    let counted = match counted {
        Ok(counted) => counted,
        Err(error) => {
            // The live wraps remain as the measure.
            let remedy = "move the key use file aside: counting starts again, and this check \
                          takes the live wraps in storage as the floor";
            report.fix("keys", "key use counts", Status::Warn, error.to_string(), remedy);
            &empty
        }
    };
    let live = usage.by_key.iter().map(|(id, dependents)| {
        (id, dependents.records + dependents.owner_keys + dependents.index_keys)
    });
    let mut by_key: BTreeMap<&String, u64> = counted.iter().map(|(id, n)| (id, *n)).collect();
    for (id, wraps) in live {
        let entry = by_key.entry(id).or_default();
        *entry = (*entry).max(wraps);
    }
    let Some((encryptions, id)) = by_key.iter().map(|(id, n)| (*n, *id)).max() else {
        report.add("keys", "key usage", Status::Pass, "no key has wrapped anything yet".into());
        return;
    };
    let detail = format!(
        "at most {encryptions} encryptions under one key ({id}), of 2^32 random nonces per key"
    );
    let fix = "fabric keys rotate (owner keys: fabric keys rotate --records)";
    if encryptions >= RANDOM_NONCE_LIMIT {
        report.fix("keys", "key usage", Status::Fail, detail, fix);
    } else if encryptions >= USES_WARNING {
        report.fix("keys", "key usage", Status::Warn, detail, fix);
    } else {
        report.add("keys", "key usage", Status::Pass, detail);
    }
}

/// The newest sealed archive in `[backup] dir`, and its age against `max_age_days`.
pub(super) fn backups(home: &Home, report: &mut Report) {
    let Some(dir) = home.backup_dir() else {
        report.fix(
            "backups",
            "recent sealed backup",
            Status::Unknown,
            "no [backup] dir is configured".into(),
            "set [backup] dir in fabric.toml to where `fabric export` writes archives",
        );
        return;
    };
    let newest = std::fs::read_dir(&dir).ok().and_then(|entries| {
        entries
            .filter_map(|entry| entry.ok())
            .filter(|entry| is_archive(&entry.path()))
            .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
            .max()
    });
    let export = format!("fabric export --out {}/fabric-$(date +%F).mfex", dir.display());
    let Some((modified, path)) = newest else {
        let detail = format!("no sealed archive in {}", dir.display());
        report.fix("backups", "recent sealed backup", Status::Fail, detail, export);
        return;
    };
    let age = modified.elapsed().unwrap_or_default();
    let days = home.config.backup.max_age_days;
    let detail = format!("{} ({} hours old)", path.display(), age.as_secs() / 3600);
    if age.as_secs() > u64::from(days) * 86_400 {
        let detail = format!("{detail}: older than {days} days");
        report.fix("backups", "recent sealed backup", Status::Warn, detail, export);
    } else {
        report.add("backups", "recent sealed backup", Status::Pass, detail);
    }
}

/// Whether `path` is a file that starts as a sealed archive does.
fn is_archive(path: &Path) -> bool {
    use std::io::Read as _;
    let mut magic = [0; 4];
    std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut magic)).is_ok()
        && &magic == fabric_crypto::archive::MAGIC
}

/// Whether a key rotation stopped halfway: owner keys still being replaced (their old keys
/// kept beside the new ones, which leaves the old keys' protection in place), or a full
/// re-encryption's marker still in the home. Either is finished by running it again.
pub(super) fn unfinished_rotation(home: &Home, report: &mut Report) {
    use fabric_core::OwnerKeyStore as _;
    let check = "unfinished rotation";
    let path = home.dir.join(crate::config::OWNER_KEYS_FILE);
    let replacing = if path.exists() {
        match fabric_core::OwnerKeyFile::open(&path).and_then(|file| file.entries()) {
            Ok(entries) => entries.iter().filter(|entry| entry.retiring.is_some()).count(),
            Err(error) => {
                report.add("keys", check, Status::Unknown, error.to_string());
                return;
            }
        }
    } else {
        0
    };
    let marker = home.dir.join(crate::commands::keys::REENCRYPT_MARKER).exists();
    if marker {
        report.fix(
            "keys",
            check,
            Status::Warn,
            "a full re-encryption stopped before it finished".into(),
            "fabric keys rotate --reencrypt (it resumes where it stopped)",
        );
    } else if replacing > 0 {
        report.fix(
            "keys",
            check,
            Status::Warn,
            format!("{replacing} owners still have their old key beside the new one"),
            "fabric keys rotate --records (it resumes; a rotation running now ends this too)",
        );
    } else {
        report.add("keys", check, Status::Pass, "no rotation left halfway".into());
    }
}
