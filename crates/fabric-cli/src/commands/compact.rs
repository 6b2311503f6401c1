//! `fabric compact`: removes what retention and deletion leave behind.

use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use fabric_core::fabric_authz::CLI_ACTOR;
use fabric_core::{CompactReport, MemoryFabric};

use crate::config::{BackendLocation, Home};
use crate::output::print_line;
use crate::stack::{AUDIT_STREAM, build_fabric, finish};

/// `fabric compact`, with a progress bar on stderr.
pub(super) async fn compact(home_dir: &Path, backend: Option<&str>) -> Result<()> {
    let home = Home::open_or_create(home_dir)?;
    let staging = remove_staging(&home, backend)?;
    let fabric = build_fabric(&home, backend, AUDIT_STREAM, CLI_ACTOR)?;
    let bar = crate::output::MemoriesBar::new("");
    let outcome = fabric.compact(|done, total| bar.show(done, total)).await;
    drop(bar);
    finish(&fabric).await?;
    let report = outcome?;
    print_line(&summary(&report, staging))?;
    if report.unreadable_count > 0 {
        eprintln!(
            "fabric: {} memories do not open (changed in storage, or under a key this home \
             lacks) and were left in place: {}; see `fabric audit verify --records`",
            report.unreadable_count,
            report.unreadable.join(", ")
        );
    }
    Ok(())
}

/// Runs a compaction of `fabric` and says on stderr what it removed (`fabric serve`'s
/// schedule); a failure is said, not fatal.
pub(crate) async fn compact_quietly(fabric: &MemoryFabric) {
    match fabric.compact(|_, _| {}).await {
        Ok(report) => eprintln!("fabric: compaction: {}", summary(&report, 0)),
        Err(error) => eprintln!("fabric: compaction failed: {error}"),
    }
}

/// On `file://`, removes the staging files of writes killed more than a minute ago.
pub(crate) fn remove_staging(home: &Home, backend: Option<&str>) -> Result<u64> {
    match home.backend(backend)? {
        BackendLocation::Directory(dir) => Ok(fabric_store::ObjectStoreBackend::local(&dir)?
            .remove_stale_staging(Duration::from_secs(60))?),
        _ => Ok(0),
    }
}

fn summary(report: &CompactReport, staging: u64) -> String {
    let mut text = format!(
        "looked at {} memories: removed {} expired and {} of shredded owners, kept {} expired \
         under storage retention; removed {} index entries of deleted memories",
        report.records, report.expired, report.shredded, report.retained, report.index_entries
    );
    if staging > 0 {
        text.push_str(&format!(", {staging} staging files"));
    }
    if let Some(bytes) = report.vacuumed_bytes {
        text.push_str(&format!("; the database shrank by {bytes} bytes"));
    }
    text
}
