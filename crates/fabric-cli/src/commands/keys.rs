//! `fabric keys`: the home's keyring (list, rotate), each change audited.

use std::path::Path;

use anyhow::{Context as _, Result};
use clap::Subcommand;
use fabric_core::fabric_audit::Status;
use fabric_core::fabric_authz::CLI_ACTOR;
use fabric_core::{OwnerKeyStore as _, rewrap_owner_keys};
use fabric_crypto::{DEFAULT_PROVIDER, OsRandom, envelope};
use serde::Serialize;

use super::apikey::manage_keys_event;
use crate::config::{Home, now};
use crate::output::print_each;
use crate::stack::{AUDIT_STREAM, audit_log, owner_key_file};

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
    Rotate,
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
    owner_keys: usize,
}

fn key_line(info: &KeyInfo) -> String {
    let first = if info.first { "\tfirst (derives the audit and pseudonym keys)" } else { "" };
    format!("{}\t{}\t{}\t{} owner keys{first}", info.id, info.state, info.created, info.owner_keys)
}

/// Runs a `keys` subcommand. A change is written to the keyring file first, then audited
/// as a `manage_keys` event (actor `cli`).
pub(super) async fn run(home: &Path, backend: Option<&str>, command: KeysCommand) -> Result<()> {
    let home = Home::open_or_create(home)?;
    let mut keyring = home.keyring_file()?;
    let location = home.backend(backend)?;
    let owner_keys = owner_key_file(&home, &location)?;
    // Owner keys by the key-encryption key that seals them.
    let mut sealed_by: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    if let Some(owner_keys) = &owner_keys {
        for entry in owner_keys.entries()? {
            if let Some(header) =
                entry.sealed.and_then(|sealed| envelope::inspect(&sealed[..]).ok())
            {
                *sealed_by.entry(header.key_id.to_string()).or_default() += 1;
            }
        }
    }
    let infos = |keyring: &crate::config::HomeKeyring| -> Vec<KeyInfo> {
        keyring
            .file
            .entries()
            .iter()
            .enumerate()
            .map(|(index, entry)| KeyInfo {
                id: entry.id().to_string(),
                state: entry.state().name(),
                created: i64::try_from(entry.created())
                    .ok()
                    .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
                    .map_or_else(|| entry.created().to_string(), |time| time.to_rfc3339()),
                first: index == 0,
                owner_keys: sealed_by.get(entry.id().as_str()).copied().unwrap_or(0),
            })
            .collect()
    };
    let mut rewrap_failed = None;
    let changed_key = match command {
        KeysCommand::List { json } => return print_each(&infos(&keyring), json, key_line),
        KeysCommand::Rotate => {
            let previous = keyring.file.active()?.clone();
            let id = keyring.file.rotate(&OsRandom, now())?;
            keyring.save()?;
            // Owner keys move under the new key (O(owners)); no record is rewritten. A
            // crash before this leaves them under the old key, which still opens them.
            // The rotation is audited either way; a failed rewrap is reported after (run
            // `fabric keys rotate` again: the old key keeps opening what it sealed).
            if let Some(owner_keys) = &owner_keys {
                match rewrap_owner_keys(owner_keys, &DEFAULT_PROVIDER, &keyring.file.keyring()?) {
                    Ok(count) => eprintln!("fabric: {count} owner keys rewrapped under {id}"),
                    Err(error) => rewrap_failed = Some(error),
                }
            }
            eprintln!(
                "fabric: {id} is the active key; {previous} is decrypt-only and still opens what \
                 it sealed. Back up {}: records sealed from now on need it. A running `fabric \
                 serve` keeps the keys it started with: restart it.",
                keyring.path().display()
            );
            id.to_string()
        }
    };
    let opened = keyring.file.keyring()?;
    let log = audit_log(&home, home.audit_sink(&location)?, opened.first().1, AUDIT_STREAM)?;
    let appended =
        log.append(manage_keys_event(CLI_ACTOR, Status::Success, Some(&changed_key))?).await;
    log.close().await.context("cannot close the audit log")?;
    appended.context("the key change is made, but its audit event could not be written")?;
    match rewrap_failed {
        Some(error) => Err(anyhow::Error::new(error)
            .context("the new key is active, but the owner keys could not all be rewrapped")),
        None => Ok(()),
    }
}
