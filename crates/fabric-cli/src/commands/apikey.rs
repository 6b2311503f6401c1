//! `fabric apikey`: create, list and revoke the API keys of the HTTP API, each audited.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::Subcommand;
use fabric_core::fabric_audit::{
    AuditEvent, Detail, DetailName, Id, KeyName, NewEvent, Operation, Reason, Status,
};
use fabric_core::fabric_authz::secrecy::ExposeSecret as _;
use fabric_core::fabric_authz::{ApiKeys, CLI_ACTOR, Error as AuthzError};

use crate::config::Home;
use crate::output::{key_line, print_each, print_line};
use crate::stack::{AUDIT_STREAM, audit_log};

#[derive(Debug, Subcommand)]
pub(super) enum ApikeyCommand {
    /// Create a key and print it once (only its hash is stored).
    Create {
        /// A role the key grants (repeatable): viewer, user, admin or a custom role.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// The owner (tenant) the key acts for.
        #[arg(long)]
        owner: String,
        /// A label for the key.
        #[arg(long, default_value = "api key")]
        name: String,
        /// Days until the key expires (never when absent).
        #[arg(long, value_name = "DAYS")]
        expires: Option<u32>,
    },
    /// List keys (id, owner, roles, name, times); never a secret.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key by id; it is refused from then on.
    Revoke {
        /// The key id (the 12 hex characters after `fabric_`).
        id: String,
    },
}

/// The `manage_keys` audit event of `actor` about `key_id`.
pub(super) fn manage_keys_event(
    actor: &str,
    status: Status,
    key_id: Option<&str>,
) -> Result<NewEvent> {
    let mut event = AuditEvent::new(Operation::ManageKeys, status).actor(Id::parse(actor)?);
    if let Some(key_id) = key_id.and_then(|id| KeyName::parse(id).ok()) {
        event = event.detail(DetailName::KEY_ID, Detail::KeyId(key_id));
    }
    Ok(event)
}

/// Runs an `apikey` subcommand; each one appends a `manage_keys` audit event (actor `cli`).
pub(super) async fn run(home: &Path, backend: Option<&str>, command: ApikeyCommand) -> Result<()> {
    let home = Home::open_or_create(home)?;
    let location = home.backend(backend)?;
    let api_keys = ApiKeys::new(Arc::new(home.api_key_store(&location)?));
    let keyring = home.keyring()?;
    let log = audit_log(&home, home.audit_sink(&location)?, keyring.first().1, AUDIT_STREAM)?;
    let event = |status: Status, key_id: Option<&str>| manage_keys_event(CLI_ACTOR, status, key_id);
    // Every path, failures included, ends by closing the log (a closing checkpoint).
    let outcome: Result<()> = async { match command {
        ApikeyCommand::Create { roles, owner, name, expires } => {
            let expires_in =
                expires.map(|days| std::time::Duration::from_secs(u64::from(days) * 86_400));
            let created = api_keys.create(&roles, &owner, &name, expires_in).await;
            let (status, key_id) = match &created {
                Ok((info, _)) => (Status::Success, Some(info.id.as_str())),
                Err(_) => (Status::Failure, None),
            };
            if let Err(error) = log.append(event(status, key_id)?).await {
                // Unaudited, the key must not stay usable.
                if let Some(id) = key_id {
                    let _ = api_keys.revoke(id).await;
                }
                return Err(anyhow::Error::from(error));
            }
            let (info, key) = created.context("cannot create the API key")?;
            eprintln!(
                "fabric: created API key {} for owner {} (roles {}); it is shown only this once:",
                info.id,
                info.owner,
                info.roles.join(",")
            );
            print_line(key.expose_secret())
        }
        ApikeyCommand::List { json } => {
            let listed = api_keys.list().await;
            let mut listing =
                event(if listed.is_ok() { Status::Success } else { Status::Failure }, None)?;
            if let Ok(keys) = &listed {
                listing = listing.detail(DetailName::RESULTS, Detail::Count(keys.len() as u64));
            }
            log.append(listing).await?;
            print_each(&listed?, json, key_line)
        }
        ApikeyCommand::Revoke { id } => {
            let revoked = api_keys.revoke(&id).await;
            let mut revocation =
                event(if revoked.is_ok() { Status::Success } else { Status::Failure }, Some(&id))?;
            if matches!(revoked, Err(AuthzError::KeyNotFound)) {
                revocation = revocation.reason(Reason::NotFound);
            }
            log.append(revocation).await?;
            revoked.with_context(|| format!("cannot revoke API key {id}"))?;
            eprintln!("fabric: revoked API key {id}");
            Ok(())
        }
    } }
    .await;
    log.close().await.context("cannot close the audit log")?;
    outcome
}
