//! `fabric store`, `get`, `list` and `delete`: the record commands.

use std::io::Read as _;
use std::path::Path;

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};
use clap::Args;
use fabric_core::{Filter, MemoryType, NewRecord, PrivacyLevel, StorageTier};

use super::OwnerArg;
use crate::output::{Window, print_each, print_line, summary_line};
use crate::stack::{finish, open_fabric};

#[derive(Debug, Args)]
pub(super) struct StoreArgs {
    /// The memory text, or - to read it from stdin.
    text: String,
    #[command(flatten)]
    owner: OwnerArg,
    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// A metadata field KEY=VALUE, stored as a string (repeatable).
    #[arg(long = "meta", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    metadata: Vec<(String, String)>,
    /// Memory type: conversation, knowledge, context, metadata, event, profile, note.
    #[arg(long = "type", default_value = "conversation")]
    memory_type: MemoryType,
    /// Storage tier: hot, warm, cold, archive.
    #[arg(long, default_value = "hot")]
    tier: StorageTier,
    /// Lowest privacy level: public, internal, sensitive, restricted.
    #[arg(long, default_value = "internal")]
    privacy: PrivacyLevel,
    /// Importance, 0.0 to 1.0.
    #[arg(long)]
    importance: Option<f32>,
    /// Use this id (replacing the record if it exists) instead of a fresh one.
    #[arg(long)]
    id: Option<String>,
    /// Expiry time (RFC 3339, e.g. 2027-01-31T00:00:00Z).
    #[arg(long)]
    expires_at: Option<DateTime<Utc>>,
    /// Audit evidence: write it under the backend's retention (S3 Object Lock), so it
    /// cannot be deleted before its retain-until date. Refused on backends without one.
    #[arg(long)]
    evidence: bool,
}

#[derive(Debug, Args)]
pub(super) struct ListArgs {
    /// Only this owner's records (default: every owner).
    #[arg(long)]
    owner: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    window: Window,
}

/// The conditions on records that `list` and `recall` share.
#[derive(Debug, Args)]
pub(super) struct FilterArgs {
    /// Only records with this tag (repeatable: all of them).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Only records with at least one of these tags (repeatable).
    #[arg(long = "any-tag", value_name = "TAG")]
    any_tags: Vec<String>,
    /// Only records whose metadata KEY equals the string VALUE (repeatable).
    #[arg(long = "meta", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    metadata: Vec<(String, String)>,
    /// Only this memory type.
    #[arg(long = "type")]
    memory_type: Option<MemoryType>,
    /// Only this storage tier.
    #[arg(long)]
    tier: Option<StorageTier>,
    /// Only records at this privacy level or below.
    #[arg(long)]
    max_privacy: Option<PrivacyLevel>,
    /// Only records of this session.
    #[arg(long)]
    session: Option<String>,
}

impl FilterArgs {
    /// These conditions, on `owner`'s records (every owner's with `None`), within `window`.
    pub(super) fn into_filter(self, owner: Option<String>, window: Option<&Window>) -> Filter {
        Filter {
            owner,
            tags_all: self.tags,
            tags_any: self.any_tags,
            metadata: self.metadata.into_iter().map(|(key, value)| (key, value.into())).collect(),
            session_id: self.session,
            memory_type: self.memory_type,
            storage_tier: self.tier,
            max_privacy_level: self.max_privacy,
            created_after: window.and_then(|window| window.since),
            created_before: window.and_then(|window| window.until),
            limit: window.and_then(|window| window.limit),
        }
    }
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got {text:?}")),
    }
}

/// `fabric store`: stores a memory (the text, or stdin for `-`) and prints its id.
pub(super) async fn store(home: &Path, backend: Option<&str>, args: StoreArgs) -> Result<()> {
    let content = if args.text == "-" {
        let mut buffer = Vec::new();
        std::io::stdin().read_to_end(&mut buffer).context("cannot read stdin")?;
        let mut text = String::from_utf8(buffer).context("stdin is not UTF-8 text")?;
        // `echo text | fabric store -` means "text", not "text\n".
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        text
    } else {
        args.text
    };
    let input = NewRecord {
        id: args.id,
        owner: args.owner.owner,
        content,
        metadata: args.metadata.into_iter().map(|(key, value)| (key, value.into())).collect(),
        tags: args.tags,
        session_id: None,
        memory_type: args.memory_type,
        storage_tier: args.tier,
        privacy_level: args.privacy,
        importance: args.importance,
        expires_at: args.expires_at,
        evidence: args.evidence,
        ..NewRecord::default()
    };
    let fabric = open_fabric(home, backend)?;
    let outcome = fabric.store(input).await;
    finish(&fabric).await?;
    print_line(outcome?.id.as_str())
}

/// `fabric get`: prints a memory's content, or with `json` the whole record.
pub(super) async fn get(
    home: &Path,
    backend: Option<&str>,
    id: &str,
    owner: &str,
    json: bool,
) -> Result<()> {
    let fabric = open_fabric(home, backend)?;
    let outcome = fabric.retrieve(owner, id).await;
    finish(&fabric).await?;
    let record = outcome?;
    if json { print_line(&serde_json::to_string(&record)?) } else { print_line(&record.content) }
}

/// `fabric list`: prints the memories that match, one line (or JSON object) each.
pub(super) async fn list(home: &Path, backend: Option<&str>, args: ListArgs) -> Result<()> {
    let fabric = open_fabric(home, backend)?;
    let filter = args.filter.into_filter(args.owner, Some(&args.window));
    let outcome = fabric.list(&filter).await;
    finish(&fabric).await?;
    let records = outcome?;
    print_each(&records, args.window.json, summary_line)
}

/// `fabric delete`: deletes a memory.
pub(super) async fn delete(
    home: &Path,
    backend: Option<&str>,
    id: &str,
    owner: &str,
) -> Result<()> {
    let fabric = open_fabric(home, backend)?;
    let outcome = fabric.delete(owner, id).await;
    finish(&fabric).await?;
    outcome?;
    eprintln!("fabric: deleted {id}");
    Ok(())
}

/// `fabric shred`: destroys the owner's key, then deletes its records; asks the owner's
/// name back on a terminal unless `yes`, and refuses without `--yes` elsewhere.
pub(super) async fn shred(
    home: &Path,
    backend: Option<&str>,
    owner: &str,
    yes: bool,
) -> Result<()> {
    if !yes {
        crate::output::confirm(
            &format!("shredding {owner:?} cannot be undone"),
            &format!(
                "Shredding destroys every memory of {owner:?} for good. Type the owner to confirm: "
            ),
            owner,
        )?;
    }
    let fabric = open_fabric(home, backend)?;
    let outcome = fabric.shred_owner(owner).await;
    finish(&fabric).await?;
    let report = outcome?;
    let key = if report.key_destroyed { "its key is destroyed" } else { "it had no live key" };
    let retained = if report.records_retained > 0 {
        format!("; {} kept under retention (unreadable)", report.records_retained)
    } else {
        String::new()
    };
    eprintln!(
        "fabric: shredded {owner}: {key}; {} memories deleted{retained}. Copies of the owner key \
         file made before now still hold the key: rotate them out of your backups.",
        report.records_deleted
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_values_parse() {
        assert_eq!(parse_key_value("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert_eq!(parse_key_value("a=").unwrap(), ("a".into(), String::new()));
        assert!(parse_key_value("=b").is_err());
        assert!(parse_key_value("ab").is_err());
    }
}
