//! `fabric export` and `fabric import`: sealed backups of the memories, restorable into any
//! backend.

use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::Args;
use fabric_core::ExportFormat;
use fabric_crypto::{MasterKey, OsRandom};

use crate::config::{Secret, archive_secret, create_private_dir, create_private_file};
use crate::output::{MemoriesBar, confirm, print_line};
use crate::stack::{finish, open_fabric};

/// The arguments of `fabric export`.
#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// The archive to write (refused when it exists) [default: a new file named by the
    /// time in `[backup] dir`].
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Only this owner's memories (repeatable; default: every owner).
    #[arg(long = "owner", value_name = "OWNER")]
    owners: Vec<String>,
    /// Add the audit events of those owners (of every owner: the whole log) after the
    /// memories, as stored (`fabric import --audit-out` writes them back out).
    #[arg(long)]
    with_audit: bool,
    /// Write the records in clear, as JSON lines, for a migration: anyone who reads the
    /// file reads every memory. Asks to confirm unless --yes; audited as a plaintext export.
    #[arg(long)]
    plaintext: bool,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

/// `fabric export`: writes the live memories to a new archive, sealed under
/// `FABRIC_EXPORT_KEY` or `FABRIC_EXPORT_PASSPHRASE`, else under a fresh key printed once.
pub(super) async fn export(home: &Path, backend: Option<&str>, args: ExportArgs) -> Result<()> {
    let out = match &args.out {
        Some(out) => out.clone(),
        None => default_archive(home)?,
    };
    if out.exists() {
        bail!("{} exists: nothing was written", out.display());
    }
    let (given, fresh) = if args.plaintext {
        if !args.yes {
            confirm(
                "a plaintext export writes every memory in clear",
                "Every memory will be written in clear. Type `plaintext` to go on: ",
                "plaintext",
            )?;
        }
        (None, None)
    } else {
        match archive_secret()? {
            Some(secret) => (Some(secret), None),
            None => (None, Some(Secret::Key(MasterKey::generate(&OsRandom)?))),
        }
    };
    let secret = given.as_ref().or(fresh.as_ref()).map(Secret::root);
    let format = match &secret {
        Some(secret) => ExportFormat::Sealed(secret),
        None => ExportFormat::Plaintext,
    };

    let fabric = open_fabric(home, backend)?;
    let partial = partial_path(&out);
    let file = create_private_file(&partial)?;
    let bar = MemoriesBar::new("");
    let writer = BufWriter::new(file);
    let progress = |done, total| bar.show(done, total);
    let outcome = if args.with_audit {
        fabric.export_with_audit(writer, format, &args.owners, progress).await
    } else {
        fabric.export(writer, format, &args.owners, progress).await
    };
    drop(bar);
    finish(&fabric).await?;
    let written = outcome.map_err(anyhow::Error::from).and_then(|(writer, report)| {
        let file = writer.into_inner().context("cannot write the archive")?;
        file.sync_all().context("cannot write the archive")?;
        std::fs::hard_link(&partial, &out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        Ok(report)
    });
    let _ = std::fs::remove_file(&partial);
    let report = written?;

    let manifest = &report.manifest;
    let mut summary = format!(
        "exported {} memories of {} owners to {} ({} bytes of records{})",
        manifest.records,
        manifest.owners,
        out.display(),
        report.bytes,
        if args.plaintext { ", in clear" } else { ", sealed" },
    );
    if manifest.audit_events > 0 {
        summary.push_str(&format!("; with {} audit events", manifest.audit_events));
    }
    if report.shredded > 0 {
        summary.push_str(&format!("; left out {} memories of shredded owners", report.shredded));
    }
    print_line(&summary)?;
    if let Some(Secret::Key(key)) = &fresh {
        print_line(&format!("export key: {}", key.to_base64().as_str()))?;
        eprintln!(
            "fabric: keep the export key apart from the archive; it is stored nowhere else, and \
             `fabric import` needs it as FABRIC_EXPORT_KEY"
        );
    }
    Ok(())
}

/// The arguments of `fabric import`.
#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    /// The archive `fabric export` wrote.
    file: PathBuf,
    /// Write the audit events the archive holds (`fabric export --with-audit`) to this new
    /// file, as JSON lines (mode 0600); they are never added to this home's audit log.
    #[arg(long, value_name = "FILE")]
    audit_out: Option<PathBuf>,
}

/// `fabric import`: restores an archive under `FABRIC_EXPORT_KEY` or
/// `FABRIC_EXPORT_PASSPHRASE`; nothing is written unless the whole archive authenticates.
pub(super) async fn import(home: &Path, backend: Option<&str>, args: ImportArgs) -> Result<()> {
    let Some(secret) = archive_secret()? else {
        bail!(
            "set FABRIC_EXPORT_KEY to the key `fabric export` printed (or FABRIC_EXPORT_PASSPHRASE \
             to the archive's passphrase)"
        );
    };
    let file = &args.file;
    std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut events_out = match &args.audit_out {
        Some(path) if path.exists() => bail!("{} exists: nothing was imported", path.display()),
        Some(path) => Some(BufWriter::new(create_private_file(path)?)),
        None => None,
    };
    let fabric = open_fabric(home, backend)?;
    let bar = MemoriesBar::new("");
    let open = || std::fs::File::open(file).map(BufReader::new);
    let write_event = |event: &fabric_core::fabric_audit::AuditEvent| {
        let Some(out) = events_out.as_mut() else { return Ok(()) };
        let written = serde_json::to_writer(&mut *out, event)
            .map_err(std::io::Error::other)
            .and_then(|()| std::io::Write::write_all(out, b"\n"));
        written.map_err(|error| fabric_core::Error::Archive {
            reason: format!("the audit events could not be written: {}", error.kind()),
        })
    };
    let progress = |done, total| bar.show(done, total);
    let outcome = fabric.import_with_audit(open, &secret.root(), write_event, progress).await;
    drop(bar);
    finish(&fabric).await?;
    let flushed = match events_out.map(BufWriter::into_inner) {
        Some(Ok(out)) => out.sync_all().context("cannot write the audit events"),
        Some(Err(error)) => Err(error.into_error()).context("cannot write the audit events"),
        None => Ok(()),
    };
    let report = outcome
        .with_context(|| format!("nothing was imported from {}", file.display()))
        .and_then(|report| flushed.map(|()| report));
    let report = match report {
        Ok(report) => report,
        Err(error) => {
            if let Some(path) = &args.audit_out {
                let _ = std::fs::remove_file(path);
            }
            return Err(error);
        }
    };
    print_line(&format!(
        "imported {} memories ({} already stored as archived) from {}, exported {}",
        report.restored,
        report.unchanged,
        file.display(),
        report.manifest.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
    ))?;
    match (&args.audit_out, report.audit_events) {
        (_, 0) => Ok(()),
        (Some(path), events) => {
            print_line(&format!("wrote {events} audit events to {}", path.display()))
        }
        (None, events) => {
            eprintln!(
                "fabric: the archive holds {events} audit events; --audit-out FILE writes them"
            );
            Ok(())
        }
    }
}

/// `<[backup] dir>/fabric-<UTC time>.mfex` (the directory made when missing, mode 0700).
fn default_archive(home_dir: &Path) -> Result<PathBuf> {
    let home = crate::config::Home::open_or_create(home_dir)?;
    let Some(dir) = home.backup_dir() else {
        bail!("give --out FILE, or set [backup] dir in fabric.toml");
    };
    create_private_dir(&dir)?;
    let name = chrono::Utc::now().format("fabric-%Y%m%dT%H%M%SZ.mfex").to_string();
    Ok(dir.join(name))
}

/// Where an archive is written before it takes its name.
fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|name| name.to_os_string()).unwrap_or_default();
    name.push(format!(".{}.partial", std::process::id()));
    out.with_file_name(name)
}
