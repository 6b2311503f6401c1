//! `fabric keys`: the home's keyring (list, rotate), each change audited.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use clap::Subcommand;
use fabric_core::fabric_audit::{Detail, DetailName, NewEvent, Status};
use fabric_core::fabric_authz::CLI_ACTOR;
use fabric_core::{
    KeyUsage, KeyUseFile, KeyUseLedger as _, OwnerKeyFile, OwnerKeyStore as _, RecordMove,
    rewrap_owner_keys,
};
use fabric_crypto::keyfile::KeyState;
use fabric_crypto::{DEFAULT_PROVIDER, OsRandom, USES_WARNING};
use serde::Serialize;

use super::apikey::manage_keys_event;
use crate::config::{BackendLocation, Home, HomeKeyring, KEY_USES_FILE, now};
use crate::output::{confirm, print_each};
use crate::stack::{AUDIT_STREAM, audit_log, finish, open_fabric, owner_key_file};

#[derive(Debug, Subcommand)]
pub(super) enum KeysCommand {
    /// List the keyring's keys: id, state, creation time (never a key's bytes).
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Make a new key the active one: new records are sealed under it, and the key active
    /// until now becomes decrypt-only (what it sealed still opens).
    Rotate {
        /// Also replace every owner's key with a new one and move every memory under it
        /// (for a suspected owner-key compromise). Memories stay readable throughout; a run
        /// stopped anywhere is finished by running it again.
        #[arg(long)]
        records: bool,
        /// Also give every memory a new data key and a new ciphertext (for a suspected
        /// data-key compromise): owner keys are replaced as with --records, and memories
        /// sealed directly under an older key are sealed again too. A run stopped anywhere
        /// is finished by running it again.
        #[arg(long, conflicts_with = "records")]
        reencrypt: bool,
    },
    /// Move a key to decrypt-only: it opens what it sealed and seals nothing new (the
    /// active key is retired by `rotate`).
    Retire {
        /// The key's id, as `fabric keys list` shows it.
        id: String,
    },
    /// Destroy a decrypt-only key: its bytes are wiped from the keyring file. Refused while
    /// anything depends on it (owner keys, records, recall index keys), and for the first
    /// key, which the audit and pseudonym keys are derived from.
    Destroy {
        /// The key's id, as `fabric keys list` shows it.
        id: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

/// One key as listed.
#[derive(Debug, Serialize)]
struct KeyInfo {
    id: String,
    state: &'static str,
    created: String,
    /// Whether it is the keyring's first key, which the audit log's key and pseudonyms are
    /// derived from.
    first: bool,
    /// Owner keys it seals (each protecting its owner's records).
    owner_keys: u64,
    /// Records whose data key it wraps, directly or through an owner key it seals.
    records: u64,
    /// Owners' recall index keys it seals (owners without an owner key).
    index_keys: u64,
    /// Encryptions it has made, as counted in the home's key use file.
    encryptions: u64,
}

fn key_line(info: &KeyInfo) -> String {
    let first = if info.first { "\tfirst (derives the audit and pseudonym keys)" } else { "" };
    format!(
        "{}\t{}\t{}\t{} owner keys\t{} records\t{} index keys\t{} encryptions{}{first}",
        info.id,
        info.state,
        info.created,
        info.owner_keys,
        info.records,
        info.index_keys,
        info.encryptions,
        rotate_note(info.encryptions)
    )
}

/// What a listing adds to a key past the warning.
fn rotate_note(encryptions: u64) -> &'static str {
    if encryptions >= USES_WARNING {
        "\tROTATE: past a quarter of its 2^32 random nonces"
    } else {
        ""
    }
}

/// What each key protects, read from the storage (each record's envelope header) and the
/// owner key file, and the encryptions each key has made.
async fn key_usage(
    home: &Path,
    backend: Option<&str>,
) -> Result<(KeyUsage, BTreeMap<String, u64>)> {
    let fabric = open_fabric(home, backend)?;
    let usage = fabric.key_usage().await;
    let encryptions = fabric.key_encryptions();
    finish(&fabric).await?;
    Ok((
        usage.context("cannot read what the keys protect")?,
        encryptions.context("cannot read the key use file")?,
    ))
}

/// The owner key that has made the most encryptions (of the keys in `encryptions` that are
/// not the keyring's), as a note for `keys list`.
fn busiest_owner_key(keyring: &HomeKeyring, encryptions: &BTreeMap<String, u64>) -> Option<String> {
    let (count, id) = encryptions
        .iter()
        .filter(|(id, _)| keyring.file.entries().iter().all(|entry| entry.id().as_str() != *id))
        .map(|(id, count)| (*count, id))
        .max()?;
    Some(format!(
        "owner keys: the busiest, {id}, has made {count} encryptions{}",
        rotate_note(count).replace('\t', " ")
    ))
}

/// Runs a `keys` subcommand. A change is written to the keyring file first, then audited
/// as a `manage_keys` event (actor `cli`).
pub(super) async fn run(home: &Path, backend: Option<&str>, command: KeysCommand) -> Result<()> {
    let home_dir = home;
    let home = Home::open_or_create(home)?;
    let mut keyring = home.keyring_file()?;
    let location = home.backend(backend)?;
    let owner_keys = owner_key_file(&home, &location)?;
    let infos = |keyring: &HomeKeyring,
                 (usage, encryptions): &(KeyUsage, BTreeMap<String, u64>)|
     -> Vec<KeyInfo> {
        keyring
            .file
            .entries()
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let dependents = usage.of(entry.id().as_str());
                KeyInfo {
                    id: entry.id().to_string(),
                    state: entry.state().name(),
                    created: i64::try_from(entry.created())
                        .ok()
                        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
                        .map_or_else(|| entry.created().to_string(), |time| time.to_rfc3339()),
                    first: index == 0,
                    owner_keys: dependents.owner_keys,
                    records: dependents.records,
                    index_keys: dependents.index_keys,
                    encryptions: encryptions.get(entry.id().as_str()).copied().unwrap_or(0),
                }
            })
            .collect()
    };
    let mut rewrap_failed = None;
    let changed_key = match command {
        KeysCommand::List { json } => {
            let usage = key_usage(home_dir, backend).await?;
            if !json && let Some(note) = busiest_owner_key(&keyring, &usage.1) {
                eprintln!("{note}");
            }
            return print_each(&infos(&keyring, &usage), json, key_line);
        }
        KeysCommand::Retire { id } => {
            if !keyring.file.retire(&id)? {
                eprintln!("fabric: {id} is decrypt-only already");
                return Ok(());
            }
            keyring.save()?;
            id
        }
        KeysCommand::Destroy { id, yes } => {
            // The key's own refusals (unknown, active, first) come before the storage scan:
            // `KeyringFile::destroy` gives them, and nothing is saved after a refusal.
            let entries = keyring.file.entries();
            match entries.iter().position(|entry| entry.id().as_str() == id) {
                Some(index) if entries[index].state() == KeyState::Destroyed => {
                    eprintln!("fabric: {id} is destroyed already");
                    return Ok(());
                }
                Some(index) if index > 0 && entries[index].state() == KeyState::DecryptOnly => {}
                _ => {
                    keyring.file.destroy(&id)?;
                    bail!("{id} cannot be destroyed");
                }
            }
            let dependents = key_usage(home_dir, backend).await?.0.of(&id);
            if !dependents.is_empty() {
                let refused = manage_keys_event(CLI_ACTOR, Status::Denied, Some(&id))?;
                audit_key_event(&home, &location, &keyring, refused).await?;
                bail!(
                    "{id} still protects {} owner keys, {} records and {} recall index keys; \
                     nothing is destroyed. `fabric keys rotate` moves owner keys under the \
                     active key; records and index keys sealed directly under {id} open only \
                     with it.",
                    dependents.owner_keys,
                    dependents.records,
                    dependents.index_keys
                );
            }
            if !yes {
                confirm(
                    &format!("destroying key {id} cannot be undone"),
                    &format!("Nothing depends on key {id}. Type its id to destroy it: "),
                    &id,
                )?;
            }
            keyring.file.destroy(&id)?;
            keyring.save()?;
            eprintln!(
                "fabric: {id} is destroyed; its bytes are gone from {}",
                keyring.path().display()
            );
            id
        }
        KeysCommand::Rotate { records, reencrypt } => {
            let marker = home.dir.join(REENCRYPT_MARKER);
            if reencrypt && marker.exists() {
                eprintln!("fabric: resuming the re-encryption an earlier run began");
                return reencrypt_records(home_dir, backend, &home, &location, &keyring).await;
            }
            if records && rotation_under_way(owner_keys.as_ref())? {
                // A replacement of owner keys was stopped: finish it under the keys it began
                // with, rather than begin another.
                eprintln!("fabric: resuming the replacement of owner keys an earlier run began");
                return rotate_records(home_dir, backend, &home, &location, &keyring).await;
            }
            let previous = keyring.file.active()?.clone();
            let id = keyring.file.rotate(&OsRandom, now())?;
            keyring.save()?;
            // Owner keys move under the new key (O(owners)); no record is rewritten. A
            // crash before this leaves them under the old key, which still opens them.
            // The rotation is audited either way; a failed rewrap is reported after (run
            // `fabric keys rotate` again: the old key keeps opening what it sealed).
            if let Some(owner_keys) = &owner_keys {
                let keks = keyring.file.keyring()?;
                match rewrap_owner_keys(owner_keys, &DEFAULT_PROVIDER, &keks) {
                    Ok(count) => eprintln!("fabric: {count} owner keys rewrapped under {id}"),
                    Err(error) => rewrap_failed = Some(error),
                }
                // The rewraps count against the new key's nonces too.
                let ledger = KeyUseFile::new(home.dir.join(KEY_USES_FILE));
                if let Err(error) = ledger.add(&keks.uses().take()) {
                    eprintln!("fabric: cannot keep the count of encryptions per key: {error}");
                }
            }
            eprintln!(
                "fabric: {id} is the active key; {previous} is decrypt-only and still opens what \
                 it sealed. Back up {}: records sealed from now on need it. A running `fabric \
                 serve` keeps the keys it started with: restart it.",
                keyring.path().display()
            );
            if reencrypt && rewrap_failed.is_none() {
                std::fs::write(&marker, format!("{PHASE_OWNERS}\n"))
                    .with_context(|| format!("cannot write {}", marker.display()))?;
                let done = manage_keys_event(CLI_ACTOR, Status::Success, Some(id.as_str()))?;
                audit_key_event(&home, &location, &keyring, done).await?;
                return reencrypt_records(home_dir, backend, &home, &location, &keyring).await;
            }
            if records && rewrap_failed.is_none() {
                let done = manage_keys_event(CLI_ACTOR, Status::Success, Some(id.as_str()))?;
                audit_key_event(&home, &location, &keyring, done).await?;
                return rotate_records(home_dir, backend, &home, &location, &keyring).await;
            }
            id.to_string()
        }
    };
    let done = manage_keys_event(CLI_ACTOR, Status::Success, Some(&changed_key))?;
    audit_key_event(&home, &location, &keyring, done)
        .await
        .context("the key change is made, but its audit event could not be written")?;
    match rewrap_failed {
        Some(error) => Err(anyhow::Error::new(error)
            .context("the new key is active, but the owner keys could not all be rewrapped")),
        None => Ok(()),
    }
}

/// Appends one key event to the home's audit log, and closes it.
async fn audit_key_event(
    home: &Home,
    location: &BackendLocation,
    keyring: &HomeKeyring,
    event: NewEvent,
) -> Result<()> {
    let opened = keyring.file.keyring()?;
    let log = audit_log(home, home.audit_sink(location)?, opened.first().1, AUDIT_STREAM)?;
    let appended = log.append(event).await;
    log.close().await.context("cannot close the audit log")?;
    appended.map(drop).context("cannot write the audit event")
}

/// Whether an earlier `rotate --records` left owner keys half replaced.
fn rotation_under_way(owner_keys: Option<&OwnerKeyFile>) -> Result<bool> {
    let Some(owner_keys) = owner_keys else { return Ok(false) };
    Ok(owner_keys.entries()?.iter().any(|entry| entry.retiring.is_some()))
}

/// `keys rotate --records`: replaces every owner key and moves every memory under the new
/// one, with a progress bar; audited with the counts.
async fn rotate_records(
    home_dir: &Path,
    backend: Option<&str>,
    home: &Home,
    location: &BackendLocation,
    keyring: &HomeKeyring,
) -> Result<()> {
    let fabric = open_fabric(home_dir, backend)?;
    let bar = crate::output::MemoriesBar::new(" checked");
    let outcome =
        fabric.rotate_owner_keys(RecordMove::Rewrap, |done, total| bar.show(done, total)).await;
    drop(bar);
    finish(&fabric).await?;
    let status = if outcome.is_ok() { Status::Success } else { Status::Failure };
    let mut event = manage_keys_event(CLI_ACTOR, status, None)?;
    if let Ok(report) = &outcome {
        event = event
            .detail(DetailName::RECORDS, Detail::Count(report.records))
            .detail(DetailName::RESULTS, Detail::Count(report.owners));
        if report.unreadable > 0 {
            event = event.detail(DetailName::UNREADABLE, Detail::Count(report.unreadable));
        }
    }
    audit_key_event(home, location, keyring, event).await?;
    let report = outcome.context(
        "the owner keys are not all replaced; every memory still opens: run `fabric keys rotate \
         --records` again to finish",
    )?;
    eprintln!(
        "fabric: {} owner keys replaced; {} memories and {} recall index keys moved under them{}",
        report.owners,
        report.records,
        report.index_keys,
        if report.resumed { " (resumed)" } else { "" }
    );
    if report.unreadable > 0 {
        eprintln!(
            "fabric: warning: {} memories were left as they were: their wrapped data key opens \
             for nobody (changed in storage); `fabric compact` lists them",
            report.unreadable
        );
    }
    Ok(())
}

/// The file in the home that says a `rotate --reencrypt` is under way, and its phase.
pub(super) const REENCRYPT_MARKER: &str = "reencrypt.pending";
/// Phase one: owner keys are being replaced (their memories moved under the new ones).
const PHASE_OWNERS: &str = "owner-keys";
/// Phase two: memories sealed directly under an older key are being sealed again.
const PHASE_RECORDS: &str = "records";

/// `keys rotate --reencrypt`, after the rotation (or resuming a run): replaces the owner
/// keys and moves their memories (phase one, where there are owner keys), then seals again
/// every memory not sealed under its owner's current key (phase two), with progress bars;
/// the marker file says where a stopped run was. Audited with the counts.
async fn reencrypt_records(
    home_dir: &Path,
    backend: Option<&str>,
    home: &Home,
    location: &BackendLocation,
    keyring: &HomeKeyring,
) -> Result<()> {
    let marker = home.dir.join(REENCRYPT_MARKER);
    let phase = std::fs::read_to_string(&marker).unwrap_or_default();
    let fabric = open_fabric(home_dir, backend)?;
    let outcome = async {
        let mut moved = 0;
        if phase.trim() != PHASE_RECORDS && fabric.has_owner_keys() {
            let bar = crate::output::MemoriesBar::new(" moved under new owner keys");
            let rotation = fabric
                .rotate_owner_keys(RecordMove::Reseal, |done, total| bar.show(done, total))
                .await;
            drop(bar);
            moved += rotation?.records;
            std::fs::write(&marker, format!("{PHASE_RECORDS}\n"))
                .with_context(|| format!("cannot write {}", marker.display()))?;
        }
        let bar = crate::output::MemoriesBar::new(" sealed again");
        let sealed = fabric.reencrypt(|done, total| bar.show(done, total)).await;
        drop(bar);
        anyhow::Ok(moved + sealed?.records)
    }
    .await;
    finish(&fabric).await?;
    let status = if outcome.is_ok() { Status::Success } else { Status::Failure };
    let mut event = manage_keys_event(CLI_ACTOR, status, None)?;
    if let Ok(records) = &outcome {
        event = event.detail(DetailName::RECORDS, Detail::Count(*records));
    }
    audit_key_event(home, location, keyring, event).await?;
    let records = outcome.context(
        "the re-encryption is not finished; every memory still opens: run `fabric keys rotate \
         --reencrypt` again to finish",
    )?;
    std::fs::remove_file(&marker).with_context(|| format!("cannot remove {}", marker.display()))?;
    eprintln!("fabric: {records} memories sealed again under fresh data keys");
    Ok(())
}
