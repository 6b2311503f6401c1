//! What the commands print on stdout: plain lines, JSON lines, and the tab-separated lines of
//! records, audit events and API keys.

use std::io::Write as _;

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};
use fabric_core::Record;
use fabric_core::fabric_audit::{AuditEvent, Id};
use fabric_core::fabric_authz::ApiKeyInfo;
use serde::Serialize;

/// Prints `text` and a newline on stdout, flushed.
pub(crate) fn print_line(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").and_then(|()| out.flush()).context("cannot write to stdout")?;
    Ok(())
}

/// Prints each item on a line of its own: as a JSON object with `json`, else as `line` has it.
pub(crate) fn print_each<T: Serialize>(
    items: &[T],
    json: bool,
    line: impl Fn(&T) -> String,
) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for item in items {
        if json {
            writeln!(out, "{}", serde_json::to_string(item)?)?;
        } else {
            writeln!(out, "{}", line(item))?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `id  owner  type  tier  created  preview`, tab-separated, the preview on one line.
pub(crate) fn summary_line(record: &Record) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        record.id,
        record.owner,
        record.memory_type,
        record.storage_tier,
        record.created_at.format("%Y-%m-%dT%H:%M:%SZ"),
        preview(&record.content)
    )
}

/// The first 80 characters of `content` on one line, `…` when cut.
pub(crate) fn preview(content: &str) -> String {
    let mut preview: String = content.chars().take(80).collect();
    if preview.len() < content.len() {
        preview.push('…');
    }
    preview.replace(['\n', '\r', '\t'], " ")
}

/// `seq  time  actor  operation  status  owner  record  reason`, tab-separated.
pub(crate) fn audit_line(event: &AuditEvent) -> String {
    let text = |id: Option<&Id>| id.map_or("-".to_owned(), |id| id.as_str().to_owned());
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        event.seq(),
        event.time().format("%Y-%m-%dT%H:%M:%S%.3fZ"),
        text(event.actor()),
        event.operation(),
        event.status(),
        text(event.owner()),
        text(event.record_id()),
        event.reason().map_or("-".to_owned(), |reason| reason.to_string()),
    )
}

/// `id  owner  roles  state  created  expires <time>  used <time>  name`, tab-separated;
/// the state is active, expired or revoked, a missing time `-`.
pub(crate) fn key_line(info: &ApiKeyInfo) -> String {
    let time = |at: Option<DateTime<Utc>>| {
        at.map_or("-".to_owned(), |at| at.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    };
    let state = if info.revoked_at.is_some() {
        "revoked"
    } else if info.is_active_at(Utc::now()) {
        "active"
    } else {
        "expired"
    };
    format!(
        "{}\t{}\t{}\t{}\t{}\texpires {}\tused {}\t{}",
        info.id,
        info.owner,
        info.roles.join(","),
        state,
        info.created_at.format("%Y-%m-%dT%H:%M:%SZ"),
        time(info.expires_at),
        time(info.last_used_at),
        info.name
    )
}

/// The time window, count and format of a listing (`list`, `audit query`): the oldest
/// first, within `--since`/`--until`, at most `--limit`, as text or `--json` lines.
#[derive(Debug, clap::Args)]
pub(crate) struct Window {
    /// Only those created at or after this time (RFC 3339).
    #[arg(long)]
    pub(crate) since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only those created before this time (RFC 3339).
    #[arg(long)]
    pub(crate) until: Option<chrono::DateTime<chrono::Utc>>,
    /// At most this many (the earliest).
    #[arg(long)]
    pub(crate) limit: Option<usize>,
    /// One JSON object per line.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Asks for `expected` to be typed back on a terminal (`prompt` on stderr); elsewhere
/// refuses, saying that `what` needs `--yes`. An error unless confirmed.
pub(crate) fn confirm(what: &str, prompt: &str, expected: &str) -> Result<()> {
    use std::io::{BufRead as _, IsTerminal as _, Write as _};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!("{what}: pass --yes to confirm");
    }
    eprint!("{prompt}");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer).context("cannot read the confirmation")?;
    if answer.trim() != expected {
        anyhow::bail!("not confirmed: nothing was done");
    }
    Ok(())
}

/// A progress bar of memories on stderr (`done`/`total`, time left), cleared when dropped.
pub(crate) struct MemoriesBar(indicatif::ProgressBar);

impl MemoriesBar {
    /// A bar whose count is of memories `what` (`""`, `" moved"`).
    pub(crate) fn new(what: &str) -> Self {
        let template = format!("{{bar:40}} {{pos}}/{{len}} memories{what} ({{eta}} left)");
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        MemoriesBar(bar)
    }

    /// Shows `done` of `total`: the shape of every progress callback of the fabric.
    pub(crate) fn show(&self, done: u64, total: u64) {
        self.0.set_length(total);
        self.0.set_position(done);
    }
}

impl Drop for MemoriesBar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
