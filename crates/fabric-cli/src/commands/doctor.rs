//! `fabric doctor`: checks a deployment and says, line by line, what passes, what to fix and
//! what it cannot check.

use std::path::Path;

use anyhow::Result;
use bytes::Bytes;
use fabric_core::fabric_audit::{self, AuditKey};
use fabric_core::fabric_store::{ObjectKey, PutMode};
use fabric_core::{PrivacyAction, PrivacyLevel};
use fabric_crypto::keyfile::KeyState;
use serde::Serialize;

use crate::config::{BackendLocation, Home, RootSource, now};
use crate::output::print_each;

mod access;
mod data;

/// Keys anyone can read: the known-answer vectors of FORMAT.md (hex). A home sealed under
/// one of them is sealed under nothing.
const WELL_KNOWN_KEYS: [&str; 3] = [
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
];

/// Days after which the newest audit checkpoint is reported as old.
const CHECKPOINT_DAYS: i64 = 7;

/// What a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Pass,
    Warn,
    Fail,
    Unknown,
}

/// One line of the report.
#[derive(Debug, Serialize)]
struct Check {
    area: &'static str,
    check: &'static str,
    status: Status,
    detail: String,
    /// What to do about a warning or failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    remedy: Option<String>,
}

struct Report(Vec<Check>);

impl Report {
    fn add(&mut self, area: &'static str, check: &'static str, status: Status, detail: String) {
        self.0.push(Check { area, check, status, detail, remedy: None });
    }

    fn fix(
        &mut self,
        area: &'static str,
        check: &'static str,
        status: Status,
        detail: String,
        remedy: impl Into<String>,
    ) {
        self.0.push(Check { area, check, status, detail, remedy: Some(remedy.into()) });
    }
}

fn line(check: &Check) -> String {
    let status = match check.status {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
    };
    let remedy = check.remedy.as_deref().map(|remedy| format!(" -> {remedy}")).unwrap_or_default();
    format!("{:<8} {status:<8} {:<26} {}{remedy}", check.area, check.check, check.detail)
}

/// Runs `fabric doctor`: exit status 1 when a check fails.
pub(super) async fn run(home_dir: &Path, backend: Option<&str>, json: bool) -> Result<bool> {
    // The doctor looks; it does not make a home where there is none.
    let Some(home) = Home::open_existing(home_dir)? else {
        let report = [Check {
            area: "home",
            check: "home",
            status: Status::Fail,
            detail: format!("{} does not exist", home_dir.display()),
            remedy: Some("run `fabric init`, or point --home / FABRIC_HOME at the home".into()),
        }];
        print_each(&report, json, line)?;
        return Ok(false);
    };
    let mut report = Report(Vec::new());
    keys(&home, &mut report);
    let location = home.backend(backend)?;
    storage(&location, &mut report).await;
    audit(&home, &location, &mut report).await;
    access::access(&home, &location, &mut report).await;
    privacy(&home, &mut report);
    data::key_dependents(&home, backend, &mut report).await;
    data::unfinished_rotation(&home, &mut report);
    data::backups(&home, &mut report);
    monitoring(&home, &mut report);
    beyond_reach(&mut report);
    print_each(&report.0, json, line)?;
    Ok(report.0.iter().all(|check| check.status != Status::Fail))
}

/// Items of the seed checklists no software on this host can check, each said once.
const BEYOND_REACH: [(&str, &str); 6] = [
    ("iam least privilege", "the rights of the credentials this home uses are the cloud's to tell"),
    (
        "firewall and network segmentation",
        "what can reach the listen address is the network's to tell",
    ),
    ("security updates", "whether the host and this binary are kept up to date"),
    ("alerting", "whether anything scrapes /metrics or reads the metrics file and alerts on it"),
    ("key rotation procedure", "whether the team has written down who rotates keys and how"),
    ("compliance and assessments", "whether legal requirements are met and reviews are held"),
];

/// Whether the fabric's counters are written anywhere the doctor can see.
fn monitoring(home: &Home, report: &mut Report) {
    match &home.config.metrics.file {
        Some(file) => report.add(
            "monitoring",
            "metrics file",
            Status::Pass,
            format!(
                "{} (a line every {} s while serving, one per command)",
                home.dir.join(file).display(),
                home.config.metrics.interval_seconds
            ),
        ),
        None => report.add(
            "monitoring",
            "metrics file",
            Status::Unknown,
            "no [metrics] file; `fabric serve` still serves /metrics, whose scrapers the doctor cannot see".into(),
        ),
    }
}

/// The checklist items outside the doctor's reach, as `unknown` lines naming them.
fn beyond_reach(report: &mut Report) {
    for (check, detail) in BEYOND_REACH {
        report.add("not checkable", check, Status::Unknown, detail.to_owned());
    }
}

#[cfg(unix)]
fn private(path: &Path) -> Option<bool> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).ok().map(|metadata| metadata.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn private(_path: &Path) -> Option<bool> {
    None
}

/// Whether `path` belongs to the user this process runs as (`None` where that cannot be
/// told: off Linux, or an unreadable file).
#[cfg(unix)]
fn owned_by_this_user(path: &Path) -> Option<(bool, u32)> {
    use std::os::unix::fs::MetadataExt as _;
    let owner = std::fs::metadata(path).ok()?.uid();
    // The effective uid, second of the `Uid:` line (Linux).
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uids = status.lines().find_map(|line| line.strip_prefix("Uid:"))?;
    let user: u32 = uids.split_whitespace().nth(1)?.parse().ok()?;
    Some((owner == user, owner))
}

#[cfg(not(unix))]
fn owned_by_this_user(_path: &Path) -> Option<(bool, u32)> {
    None
}

fn file_mode(report: &mut Report, area: &'static str, check: &'static str, path: &Path) {
    match private(path) {
        Some(true) => match owned_by_this_user(path) {
            Some((false, owner)) => report.fix(
                area,
                check,
                Status::Fail,
                format!("{} belongs to another user (uid {owner})", path.display()),
                format!("chown it to the user that runs fabric, then chmod 600 {}", path.display()),
            ),
            _ => report.add(area, check, Status::Pass, format!("{} is private", path.display())),
        },
        Some(false) => report.fix(
            area,
            check,
            Status::Fail,
            format!("{} is readable by group or others", path.display()),
            format!("chmod 600 {}", path.display()),
        ),
        None => report.add(area, check, Status::Unknown, format!("cannot read {}", path.display())),
    }
}

fn keys(home: &Home, report: &mut Report) {
    match home.root_source() {
        RootSource::Environment => {
            report.add("keys", "root key", Status::Pass, "from FABRIC_KEY".into());
        }
        RootSource::Passphrase => {
            report.add("keys", "root key", Status::Pass, "a passphrase (FABRIC_PASSPHRASE)".into());
        }
        RootSource::File(path) => {
            report.add("keys", "root key", Status::Pass, format!("key file {}", path.display()));
            file_mode(report, "keys", "key file mode", &path);
        }
        RootSource::Missing(path) => report.fix(
            "keys",
            "root key",
            Status::Fail,
            format!("no FABRIC_KEY, and {} does not exist", path.display()),
            "restore the key file from its backup, or set FABRIC_KEY",
        ),
    }
    if let Ok(root) = home.root_key() {
        let fingerprint = root.fingerprint();
        let well_known = WELL_KNOWN_KEYS.iter().any(|hex| {
            fabric_crypto::MasterKey::parse(hex).is_ok_and(|key| key.fingerprint() == fingerprint)
        });
        if well_known {
            report.fix(
                "keys",
                "root key strength",
                Status::Fail,
                format!("{fingerprint} is a published example key"),
                "make a new home with a key from `fabric keygen` and move the records over",
            );
        } else {
            report.add(
                "keys",
                "root key strength",
                Status::Pass,
                format!("{fingerprint} is not a known key"),
            );
        }
    }
    let keyring_path = home.keyring_path();
    if keyring_path.exists() {
        file_mode(report, "keys", "keyring file mode", &keyring_path);
    }
    let keyring = match home.keyring_file() {
        Ok(keyring) => keyring,
        Err(error) => {
            let remedy = "check FABRIC_KEY, the key file or FABRIC_PASSPHRASE";
            report.fix("keys", "keyring", Status::Fail, format!("{error:#}"), remedy);
            return;
        }
    };
    let entries = keyring.file.entries();
    let active = entries.iter().find(|entry| entry.state() == KeyState::Active);
    let rotation_days = u64::from(home.config.keys.rotation_days);
    if let Some(active) = active {
        let age_days = now().saturating_sub(active.created()) / 86_400;
        let detail = format!(
            "{} is {age_days} days old (rotation period {rotation_days} days)",
            active.id()
        );
        if age_days >= rotation_days {
            report.fix("keys", "active key age", Status::Warn, detail, "fabric keys rotate");
        } else {
            report.add("keys", "active key age", Status::Pass, detail);
        }
    }
    let decrypt_only =
        entries.iter().filter(|entry| entry.state() == KeyState::DecryptOnly).count();
    report.add(
        "keys",
        "keyring",
        Status::Pass,
        format!("{} keys, {decrypt_only} decrypt-only", entries.len()),
    );
}

async fn storage(location: &BackendLocation, report: &mut Report) {
    let backend = match location.open() {
        Ok(backend) => backend,
        Err(error) => {
            report.fix(
                "storage",
                "backend",
                Status::Fail,
                format!("{error:#}"),
                "check the backend URL",
            );
            return;
        }
    };
    let probe = async {
        let mut name = [0u8; 8];
        getrandom::fill(&mut name).map_err(|error| anyhow::anyhow!("{error}"))?;
        let key = ObjectKey::parse(&format!("doctor/probe-{}", hex::encode(name)))?;
        backend.put(&key, Bytes::from_static(b"probe"), PutMode::Create).await?;
        // Deleted whatever the read answered, so that a failed read leaves nothing behind.
        let read = backend.get(&key).await;
        let deleted = backend.delete(&key).await;
        anyhow::ensure!(read?.body.as_ref() == b"probe", "the probe read back other bytes");
        deleted?;
        anyhow::Ok(())
    };
    match probe.await {
        Ok(()) => report.add("storage", "write/read/delete", Status::Pass, format!("{backend}")),
        Err(error) => report.fix(
            "storage",
            "write/read/delete",
            Status::Fail,
            format!("{backend}: {error:#}"),
            "check the backend's permissions and free space",
        ),
    }
    match location {
        BackendLocation::Sqlite(path) => file_mode(report, "storage", "database file mode", path),
        BackendLocation::S3 { url, settings } => s3(url, settings, report).await,
        BackendLocation::Directory(_) | BackendLocation::Memory => {}
    }
}

/// The bucket's own settings, as the server answers; `unknown` where it does not.
#[cfg(feature = "s3")]
async fn s3(url: &str, settings: &crate::config::S3Settings, report: &mut Report) {
    if settings.allow_http.unwrap_or(false) {
        report.fix(
            "s3",
            "transport",
            Status::Warn,
            "plain HTTP is allowed (allow_http)".into(),
            "use an https:// endpoint and drop allow_http",
        );
    } else {
        report.add("s3", "transport", Status::Pass, "TLS only".into());
    }
    let backend = match crate::stack::open_s3_backend(url, settings) {
        Ok(backend) => backend,
        Err(error) => {
            report.add("s3", "bucket", Status::Unknown, format!("{error:#}"));
            return;
        }
    };
    let (client, bucket) = (backend.client(), backend.bucket());
    let versioning = client.versioning_enabled(bucket).await;
    bucket_check(
        report,
        "versioning",
        versioning.map(|on| {
            on.then(|| format!("{bucket} keeps versions")).ok_or_else(|| {
                format!("{bucket} keeps no versions: an overwrite or delete is final")
            })
        }),
        "enable versioning on the bucket",
    );
    let lock = client.object_lock_enabled(bucket).await;
    bucket_check(
        report,
        "object lock",
        lock.map(|on| {
            on.then(|| format!("{bucket} has Object Lock")).ok_or_else(|| {
                format!(
                    "{bucket} has no Object Lock: evidence and audit checkpoints can be deleted"
                )
            })
        }),
        "keep evidence and the audit witness in a bucket created with Object Lock",
    );
    bucket_check(
        report,
        "default encryption",
        client.default_encryption(bucket).await.map(|algorithm| {
            algorithm.ok_or_else(|| {
                format!(
                    "{bucket} has no default encryption (records are sealed client-side anyway)"
                )
            })
        }),
        "set the bucket's default encryption to SSE-S3 or SSE-KMS",
    );
    let block = client.public_access_block(bucket).await.map(|block| match block {
        Some(block) if block.blocks_everything() => Ok(format!("{bucket} blocks public access")),
        Some(block) => Err(format!("{bucket} lets through: {}", block.off().join(", "))),
        None => Err(format!("{bucket} has no public access block")),
    });
    bucket_check(
        report,
        "public access",
        block,
        "turn on all four settings of the bucket's public access block (and the account's)",
    );
    let policy = client.bucket_policy(bucket).await.map(|policy| match policy {
        Some(policy)
            if fabric_core::fabric_store::s3::denies_insecure_transport(&policy, bucket) =>
        {
            Ok(format!("{bucket}'s policy denies requests without TLS"))
        }
        Some(_) => Err(format!("{bucket}'s policy does not deny requests without TLS")),
        None => Err(format!("{bucket} has no bucket policy denying requests without TLS")),
    });
    bucket_check(
        report,
        "tls policy",
        policy,
        "add a statement denying s3:* to every principal when aws:SecureTransport is false",
    );
}

/// One bucket setting as the server answered: `Ok(detail)` passes, `Err(detail)` warns
/// with `remedy`, a refused query is `unknown`.
#[cfg(feature = "s3")]
fn bucket_check(
    report: &mut Report,
    check: &'static str,
    answer: fabric_core::fabric_store::Result<Result<String, String>>,
    remedy: &str,
) {
    match answer {
        Ok(Ok(detail)) => report.add("s3", check, Status::Pass, detail),
        Ok(Err(detail)) => report.fix("s3", check, Status::Warn, detail, remedy),
        Err(error) => report.add("s3", check, Status::Unknown, error.to_string()),
    }
}

#[cfg(not(feature = "s3"))]
async fn s3(_url: &str, _settings: &crate::config::S3Settings, report: &mut Report) {
    report.add("s3", "bucket", Status::Unknown, "this build has no s3 feature".into());
}

async fn audit(home: &Home, location: &BackendLocation, report: &mut Report) {
    let opened = async {
        let sink = home.audit_sink(location)?;
        let key = AuditKey::derive(home.keyring()?.first().1);
        anyhow::Ok((sink, key))
    };
    let (sink, key) = match opened.await {
        Ok(opened) => opened,
        Err(error) => {
            let remedy = "check the backend and the keys";
            report.fix("audit", "log verifies", Status::Fail, format!("{error:#}"), remedy);
            return;
        }
    };
    match fabric_audit::verify_with(sink.as_ref(), &key, &[]).await {
        Ok(verified) => report.add(
            "audit",
            "log verifies",
            Status::Pass,
            format!("{} events in {} streams", verified.events, verified.streams.len()),
        ),
        Err(error) => report.fix(
            "audit",
            "log verifies",
            Status::Fail,
            format!("{error:#}"),
            "`fabric audit verify` names the first altered event; restore the log from a backup",
        ),
    }
    // The newest authentic checkpoint of every stream: each command checkpoints what it
    // wrote, so an old one means nothing has been written since, or the writer's checkpoints
    // are failing.
    let streams = match sink.streams().await {
        Ok(streams) => streams,
        Err(error) => {
            report.add("audit", "latest checkpoint", Status::Unknown, format!("{error}"));
            Vec::new()
        }
    };
    let mut newest: Option<chrono::DateTime<chrono::Utc>> = None;
    for stream in &streams {
        if let Ok(Some(checkpoint)) = sink.last_checkpoint(stream).await
            && checkpoint.is_authentic(&key)
        {
            newest = newest.max(Some(checkpoint.time));
        }
    }
    match newest {
        Some(time) => {
            let age_days = (chrono::Utc::now() - time).num_days();
            let detail = format!("the newest is {age_days} days old ({})", time.to_rfc3339());
            if age_days <= CHECKPOINT_DAYS {
                report.add("audit", "latest checkpoint", Status::Pass, detail);
            } else {
                report.fix(
                    "audit",
                    "latest checkpoint",
                    Status::Warn,
                    detail,
                    "nothing was written since, or checkpoints fail: run `fabric audit verify`",
                );
            }
        }
        None if streams.is_empty() => {}
        None => report.fix(
            "audit",
            "latest checkpoint",
            Status::Fail,
            format!("none of {} streams has an authentic checkpoint", streams.len()),
            "`fabric audit verify` says what was changed",
        ),
    }
    match home.witness_location() {
        Ok(Some((url, _))) => {
            report.add("audit", "checkpoints kept elsewhere", Status::Pass, format!("witness {url}"));
        }
        Ok(None) => report.fix(
            "audit",
            "checkpoints kept elsewhere",
            Status::Warn,
            "no witness: a log cut back or deleted whole goes unnoticed".into(),
            "set [audit] witness (ideally s3:// under Object Lock), or keep `fabric audit checkpoint` output elsewhere",
        ),
        Err(error) => report.fix(
            "audit",
            "checkpoints kept elsewhere",
            Status::Fail,
            format!("{error:#}"),
            "fix [audit] witness or FABRIC_AUDIT_WITNESS",
        ),
    }
}

fn privacy(home: &Home, report: &mut Report) {
    let checks = [
        (
            PrivacyLevel::Restricted,
            "restricted",
            "restricted data",
            "restricted data (SSNs, cards, IBANs)",
        ),
        (
            PrivacyLevel::Secret,
            "secret",
            "credentials",
            "credentials (API keys, tokens, passwords)",
        ),
    ];
    for (level, key, check, what) in checks {
        match home.config.privacy.action(level) {
            action @ (PrivacyAction::Redact | PrivacyAction::Reject) => {
                report.add("privacy", check, Status::Pass, format!("{action:?}").to_lowercase());
            }
            action => report.fix(
                "privacy",
                check,
                Status::Warn,
                format!("{what} is stored ({action:?})").to_lowercase(),
                format!("set {key} = \"redact\" or \"reject\" in [privacy]"),
            ),
        }
    }
}
