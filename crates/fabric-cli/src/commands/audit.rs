//! `fabric audit`: verify, checkpoint, repair, tail and query the home's audit log.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use fabric_core::fabric_audit::{
    self, AuditKey, AuditQuery, AuditSink, Checkpoint, Id, Operation, Status,
};

use crate::config::{BackendLocation, Home};
use crate::output::{Window, audit_line, print_each, print_line};
use crate::stack::{AUDIT_STREAM, build_fabric, finish};
use fabric_core::fabric_authz::CLI_ACTOR;

#[derive(Debug, Subcommand)]
pub(super) enum AuditCommand {
    /// Check every event's keyed hash and link and every checkpoint (and the witness's, when
    /// one is configured); exit 1 naming the first bad event.
    Verify {
        /// A file of checkpoints printed earlier by `fabric audit checkpoint`: the log must
        /// still extend each of them (it was not cut back or deleted since).
        #[arg(long, value_name = "FILE")]
        since: Option<PathBuf>,
        /// Also check every stored record against the latest audit event for its id, naming
        /// records rolled back, brought back after deletion, stored unaudited, or gone.
        #[arg(long)]
        records: bool,
    },
    /// Print the latest signed checkpoint of every stream, one JSON object per line, to keep
    /// outside the store for `fabric audit verify --since`.
    Checkpoint,
    /// After a crash on a file:// or s3:// backend: audit the records stored without an audit
    /// event (each must open under the key), and remove staging files of writes that never
    /// completed (file://, older than a minute). Other problems are named, not changed.
    Repair,
    /// Print the last events, oldest first.
    Tail {
        /// How many events.
        #[arg(short = 'n', long = "lines", default_value_t = 20)]
        count: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Print the events that meet every given condition.
    Query(AuditQueryArgs),
}

#[derive(Debug, Args)]
pub(super) struct AuditQueryArgs {
    /// Only events by this actor.
    #[arg(long, value_parser = parse_id)]
    actor: Option<Id>,
    /// Only events about this owner's records.
    #[arg(long, value_parser = parse_id)]
    owner: Option<Id>,
    /// Only this operation (store, retrieve, list, delete, ...).
    #[arg(long = "op")]
    operation: Option<Operation>,
    /// Only this status: success, failure or denied.
    #[arg(long)]
    status: Option<Status>,
    #[command(flatten)]
    window: Window,
}

fn parse_id(text: &str) -> Result<Id, String> {
    Id::parse(text).map_err(|error| error.to_string())
}

/// Runs an `audit` subcommand on the home's audit log.
pub(super) async fn run(home: &Path, backend: Option<&str>, command: AuditCommand) -> Result<()> {
    let home = Home::open_or_create(home)?;
    let sink = home.audit_sink(&home.backend(backend)?)?;
    match command {
        AuditCommand::Verify { since, records } => {
            let key = AuditKey::derive(home.keyring()?.first().1);
            let mut anchors = match &since {
                Some(path) => read_checkpoints(path)?,
                None => Vec::new(),
            };
            if let Some(witness) = home.witness_sink()? {
                anchors.extend(witness_checkpoints(witness.as_ref()).await?);
            }
            let report = fabric_audit::verify_with(sink.as_ref(), &key, &anchors).await?;
            let unsealed: u64 = report.streams.iter().map(|stream| stream.unsealed).sum();
            let anchored: u64 = report.streams.iter().map(|stream| stream.anchors).sum();
            print_line(&format!(
                "verified {} events in {} streams ({unsealed} after the last checkpoint, \
                 {anchored} checkpoints kept elsewhere matched)",
                report.events,
                report.streams.len()
            ))?;
            if records {
                verify_records(&home, backend).await?;
            }
            Ok(())
        }
        AuditCommand::Repair => repair(&home, backend).await,
        AuditCommand::Checkpoint => {
            // Only checkpoints that authenticate are worth keeping: a forged one would make a
            // later `verify --since` fail for nothing.
            let key = AuditKey::derive(home.keyring()?.first().1);
            let mut out = std::io::stdout().lock();
            let mut refused = Vec::new();
            for stream in sink.streams().await? {
                match sink.last_checkpoint(&stream).await? {
                    Some(checkpoint) if checkpoint.is_authentic(&key) => {
                        writeln!(out, "{}", serde_json::to_string(&checkpoint)?)?;
                    }
                    Some(_) => refused.push(stream.to_string()),
                    None => {}
                }
            }
            out.flush()?;
            if !refused.is_empty() {
                anyhow::bail!(
                    "the latest checkpoint of audit streams {} fails authentication (not printed); run `fabric audit verify`",
                    refused.join(", ")
                );
            }
            Ok(())
        }
        AuditCommand::Tail { count, json } => {
            print_each(&fabric_audit::tail(sink.as_ref(), count).await?, json, audit_line)
        }
        AuditCommand::Query(args) => {
            let query = AuditQuery {
                actor: args.actor,
                owner: args.owner,
                operation: args.operation,
                status: args.status,
                since: args.window.since,
                until: args.window.until,
                limit: args.window.limit,
            };
            print_each(
                &fabric_audit::query(sink.as_ref(), &query).await?,
                args.window.json,
                audit_line,
            )
        }
    }
}

/// `fabric audit repair`.
async fn repair(home: &Home, backend: Option<&str>) -> Result<()> {
    if let BackendLocation::Directory(_) = home.backend(backend)? {
        let removed = super::compact::remove_staging(home, backend)?;
        eprintln!("fabric: removed {removed} staging files of writes that never completed");
    }
    let fabric = build_fabric(home, backend, AUDIT_STREAM, CLI_ACTOR)?;
    let outcome = fabric.repair_unaudited().await;
    finish(&fabric).await?;
    let (repaired, left) = outcome?;
    print_line(&format!("audited {repaired} records that were stored without an audit event"))?;
    for problem in &left {
        eprintln!("fabric: {problem}");
    }
    if !left.is_empty() {
        anyhow::bail!("{} records still do not match the audit log", left.len());
    }
    Ok(())
}

/// `fabric audit verify --records`: prints every record that disagrees with the audit log
/// and fails when there is one.
async fn verify_records(home: &Home, backend: Option<&str>) -> Result<()> {
    let fabric = build_fabric(home, backend, AUDIT_STREAM, CLI_ACTOR)?;
    let outcome = fabric.verify_records().await;
    finish(&fabric).await?;
    let report = outcome?;
    for problem in &report.problems {
        eprintln!("fabric: {problem}");
    }
    print_line(&format!(
        "checked {} stored records against the audit log ({} not checkable: audited before \
         content digests)",
        report.checked, report.legacy
    ))?;
    if !report.problems.is_empty() {
        anyhow::bail!("{} records do not match the audit log", report.problems.len());
    }
    Ok(())
}

/// Reads checkpoints, one JSON object per line (what `fabric audit checkpoint` prints).
fn read_checkpoints(path: &Path) -> Result<Vec<Checkpoint>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read checkpoints from {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line).with_context(|| {
                format!("line {} of {} is not a checkpoint", index + 1, path.display())
            })
        })
        .collect()
}

/// Every checkpoint the witness holds, over all streams.
async fn witness_checkpoints(witness: &dyn AuditSink) -> Result<Vec<Checkpoint>> {
    let mut checkpoints = Vec::new();
    for stream in witness.streams().await.context("cannot read the audit witness")? {
        checkpoints
            .extend(witness.checkpoints(&stream).await.context("cannot read the audit witness")?);
    }
    Ok(checkpoints)
}
