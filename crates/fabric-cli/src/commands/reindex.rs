//! `fabric reindex`: builds the recall index of memories stored before it existed.

use std::path::Path;

use anyhow::Result;
use clap::Args;

use crate::output::print_line;
use crate::stack::{finish, open_fabric};

/// The arguments of `fabric reindex`.
#[derive(Debug, Args)]
pub(super) struct ReindexArgs {
    /// Only this owner's memories (default: every owner).
    #[arg(long)]
    owner: Option<String>,
}

/// `fabric reindex`: indexes what the recall index lacks, with a progress bar on stderr,
/// and prints the counts. Safe to stop and run again: it goes on where it stopped.
pub(super) async fn reindex(home: &Path, backend: Option<&str>, args: ReindexArgs) -> Result<()> {
    let fabric = open_fabric(home, backend)?;
    let bar = crate::output::MemoriesBar::new("");
    let outcome = fabric.reindex(args.owner.as_deref(), |done, total| bar.show(done, total)).await;
    drop(bar);
    finish(&fabric).await?;
    let report = outcome?;
    print_line(&format!(
        "indexed {} of {} memories; removed {} entries of deleted memories",
        report.indexed, report.records, report.removed
    ))
}
