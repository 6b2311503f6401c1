//! The subcommands of `fabric` and what each one prints.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};
use fabric_core::fabric_audit::{
    self, AuditEvent, AuditKey, AuditLog, AuditQuery, AuditSink, Checkpoint, Detail, DetailName,
    Id, KeyName, Operation, Reason, Status, StreamId,
};
use fabric_core::fabric_authz::secrecy::ExposeSecret as _;
use fabric_core::fabric_authz::{ApiKeys, Error as AuthzError, Policy};
use fabric_core::fabric_privacy::{PiiDetector, RedactionStrategy, Redactor, stream};
use fabric_core::{Filter, MemoryFabric, MemoryType, NewRecord, PrivacyLevel, Record, StorageTier};
use fabric_crypto::{MasterKey, OsRandom};

use crate::config::Home;

/// fabric: a secure memory store for AI agents.
///
/// With no configuration it keeps records in an encrypted SQLite file under ./.fabric,
/// sealed with a key it creates there on first use.
#[derive(Debug, Parser)]
#[command(name = "fabric", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    /// The home directory: key, configuration and database.
    #[arg(long, global = true, env = "FABRIC_HOME", default_value = ".fabric")]
    home: PathBuf,
    /// Where records are stored: sqlite://PATH, file://DIR, memory:// or s3://BUCKET/PREFIX (with the s3 feature) [default: sqlite://<home>/fabric.db]
    #[arg(long, global = true, env = "FABRIC_BACKEND")]
    backend: Option<String>,
    /// More log output on stderr (-v info, -vv debug); FABRIC_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the home (key file, configuration, database) if it does not exist.
    Init,
    /// Print a new random key (base64) for FABRIC_KEY or a key file.
    Keygen,
    /// Store a memory and print its id.
    Store(StoreArgs),
    /// Print a memory's content (or, with --json, the whole record).
    Get {
        /// The record id.
        id: String,
        #[command(flatten)]
        owner: OwnerArg,
        /// Print the whole record as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List memories, one line each (id first), or one JSON object per line.
    List(ListArgs),
    /// Find personal data in text (FILE, or stdin): one JSON object per input line.
    Scan {
        /// The file to read; stdin when absent.
        file: Option<PathBuf>,
    },
    /// Print text (FILE, or stdin) with personal data redacted, line by line.
    Redact {
        /// The file to read; stdin when absent.
        file: Option<PathBuf>,
        /// label ([EMAIL]), mask (***-**-6789), pseudonym ([EMAIL:3f2a9c1d], keyed by the
        /// home's key) or drop.
        #[arg(long, value_enum, default_value = "label")]
        strategy: Strategy,
    },
    /// Verify, read and search the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Delete a memory.
    Delete {
        /// The record id.
        id: String,
        #[command(flatten)]
        owner: OwnerArg,
    },
    /// Create, list and revoke API keys for the HTTP API.
    #[command(subcommand)]
    Apikey(ApikeyCommand),
    /// Serve the HTTP API (JSON over /v1/..., OpenAPI at /openapi.json).
    ///
    /// On first start (no API key yet) it creates an admin key and prints it once.
    /// Without TLS it listens on loopback only, unless --insecure-http.
    Serve(ServeArgs),
}

#[derive(Debug, Subcommand)]
enum ApikeyCommand {
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

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on [default: [server] listen in fabric.toml, else 127.0.0.1:8080].
    #[arg(long)]
    pub(crate) listen: Option<std::net::SocketAddr>,
    /// PEM certificate chain (leaf first): serve HTTPS.
    #[arg(long, requires = "tls_key")]
    pub(crate) tls_cert: Option<PathBuf>,
    /// PEM private key of the certificate.
    #[arg(long, requires = "tls_cert")]
    pub(crate) tls_key: Option<PathBuf>,
    /// Allow plain HTTP on a non-loopback address (credentials then cross the network in
    /// clear text).
    #[arg(long)]
    pub(crate) insecure_http: bool,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
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
struct AuditQueryArgs {
    /// Only events by this actor.
    #[arg(long, value_parser = parse_id)]
    actor: Option<Id>,
    /// Only events about this owner's records.
    #[arg(long, value_parser = parse_id)]
    owner: Option<Id>,
    /// Only this operation (store, retrieve, list, delete, ...).
    #[arg(long = "op", value_parser = parse_operation)]
    operation: Option<Operation>,
    /// Only this status: success, failure or denied.
    #[arg(long, value_parser = parse_status)]
    status: Option<Status>,
    /// Only events at or after this time (RFC 3339).
    #[arg(long)]
    since: Option<DateTime<Utc>>,
    /// Only events before this time (RFC 3339).
    #[arg(long)]
    until: Option<DateTime<Utc>>,
    /// At most this many events (the earliest).
    #[arg(long)]
    limit: Option<usize>,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
}

fn parse_id(text: &str) -> Result<Id, String> {
    Id::parse(text).map_err(|error| error.to_string())
}

fn parse_operation(text: &str) -> Result<Operation, String> {
    Operation::from_code(text).ok_or_else(|| {
        let known: Vec<&str> = Operation::ALL.iter().map(|operation| operation.as_str()).collect();
        format!("expected one of: {}", known.join(", "))
    })
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::from_code(text).ok_or_else(|| "expected success, failure or denied".to_owned())
}

#[derive(Debug, Args)]
struct OwnerArg {
    /// The owner (tenant or user) the record belongs to.
    #[arg(long, env = "FABRIC_OWNER", default_value = "default")]
    owner: String,
}

#[derive(Debug, Args)]
struct StoreArgs {
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
struct ListArgs {
    /// Only this owner's records (default: every owner).
    #[arg(long)]
    owner: Option<String>,
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
    /// Only records created at or after this time (RFC 3339).
    #[arg(long)]
    since: Option<DateTime<Utc>>,
    /// Only records created before this time (RFC 3339).
    #[arg(long)]
    until: Option<DateTime<Utc>>,
    /// At most this many records.
    #[arg(long)]
    limit: Option<usize>,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
}

/// Redaction strategies, as the command line spells them.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Strategy {
    Label,
    Mask,
    Pseudonym,
    Drop,
}

impl From<Strategy> for RedactionStrategy {
    fn from(strategy: Strategy) -> RedactionStrategy {
        match strategy {
            Strategy::Label => RedactionStrategy::Label,
            Strategy::Mask => RedactionStrategy::Mask,
            Strategy::Pseudonym => RedactionStrategy::Pseudonym,
            Strategy::Drop => RedactionStrategy::Drop,
        }
    }
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got {text:?}")),
    }
}

/// Runs one command.
pub(crate) async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Keygen => {
            let key = MasterKey::generate(&OsRandom)?;
            print_line(key.to_base64().as_str())
        }
        Command::Init => {
            let existed = cli.home.exists();
            let home = Home::open_or_create(&cli.home)?;
            home.keyring()?;
            home.backend(cli.backend.as_deref())?.open()?;
            if existed {
                eprintln!("fabric: {} is ready", cli.home.display());
            }
            Ok(())
        }
        Command::Store(args) => {
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
                metadata: args
                    .metadata
                    .into_iter()
                    .map(|(key, value)| (key, value.into()))
                    .collect(),
                tags: args.tags,
                memory_type: args.memory_type,
                storage_tier: args.tier,
                privacy_level: args.privacy,
                importance: args.importance,
                expires_at: args.expires_at,
                evidence: args.evidence,
                ..NewRecord::default()
            };
            let fabric = open_fabric(&cli.home, cli.backend.as_deref())?;
            let outcome = fabric.store(input).await;
            finish(&fabric).await?;
            print_line(outcome?.id.as_str())
        }
        Command::Get { id, owner, json } => {
            let fabric = open_fabric(&cli.home, cli.backend.as_deref())?;
            let outcome = fabric.retrieve(&owner.owner, &id).await;
            finish(&fabric).await?;
            let record = outcome?;
            if json {
                print_line(&serde_json::to_string(&record)?)
            } else {
                print_line(&record.content)
            }
        }
        Command::List(args) => {
            let fabric = open_fabric(&cli.home, cli.backend.as_deref())?;
            let filter = Filter {
                owner: args.owner,
                tags_all: args.tags,
                tags_any: args.any_tags,
                metadata: args
                    .metadata
                    .into_iter()
                    .map(|(key, value)| (key, value.into()))
                    .collect(),
                memory_type: args.memory_type,
                storage_tier: args.tier,
                max_privacy_level: args.max_privacy,
                created_after: args.since,
                created_before: args.until,
                limit: args.limit,
            };
            let outcome = fabric.list(&filter).await;
            finish(&fabric).await?;
            let records = outcome?;
            let mut out = std::io::stdout().lock();
            for record in &records {
                if args.json {
                    writeln!(out, "{}", serde_json::to_string(record)?)?;
                } else {
                    writeln!(out, "{}", summary_line(record))?;
                }
            }
            out.flush()?;
            Ok(())
        }
        Command::Scan { file } => {
            let detector = detector(&cli.home)?;
            let mut input = open_input(file.as_deref())?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            stream::scan_lines(&detector, &mut input, &mut out)?;
            out.flush()?;
            Ok(())
        }
        Command::Redact { file, strategy } => {
            let detector = detector(&cli.home)?;
            let strategy = RedactionStrategy::from(strategy);
            let redactor = if matches!(strategy, RedactionStrategy::Pseudonym) {
                // Pseudonyms are keyed by a subkey of the home's key, so they are stable.
                let home = Home::open_or_create(&cli.home)?;
                let keyring = home.keyring()?;
                fabric_core::redactor(strategy, keyring.active().1)?
            } else {
                Redactor::builder().default_strategy(strategy).build()?
            };
            let mut input = open_input(file.as_deref())?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            stream::redact_lines(&detector, &redactor, &mut input, &mut out)?;
            out.flush()?;
            Ok(())
        }
        Command::Audit(command) => audit(&cli.home, cli.backend.as_deref(), command).await,
        Command::Apikey(command) => apikey(&cli.home, cli.backend.as_deref(), command).await,
        Command::Serve(args) => crate::serve::serve(&cli.home, cli.backend.as_deref(), args).await,
        Command::Delete { id, owner } => {
            let fabric = open_fabric(&cli.home, cli.backend.as_deref())?;
            let outcome = fabric.delete(&owner.owner, &id).await;
            finish(&fabric).await?;
            outcome?;
            eprintln!("fabric: deleted {id}");
            Ok(())
        }
    }
}

/// The detector configured in the home, or the default one when there is no home.
fn detector(home: &std::path::Path) -> Result<PiiDetector> {
    let config =
        Home::open_existing(home)?.map(|home| home.config.privacy.detector).unwrap_or_default();
    Ok(PiiDetector::with_config(&config)?)
}

fn open_input(file: Option<&std::path::Path>) -> Result<Box<dyn std::io::BufRead>> {
    Ok(match file {
        Some(path) => Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        )),
        None => Box::new(std::io::stdin().lock()),
    })
}

/// The stream the CLI's audit events go to: one per home; concurrent processes on one
/// SQLite file share it safely (each append reads the head in its transaction).
pub(crate) const AUDIT_STREAM: &str = "local";

fn open_fabric(home: &std::path::Path, backend: Option<&str>) -> Result<MemoryFabric> {
    let home = Home::open_or_create(home)?;
    build_fabric(&home, backend, AUDIT_STREAM, "cli")
}

/// The fabric of `home`, auditing to `stream` as `actor` (sessions audit as their principal).
pub(crate) fn build_fabric(
    home: &Home,
    backend: Option<&str>,
    stream: &str,
    actor: &str,
) -> Result<MemoryFabric> {
    let keyring = home.keyring()?;
    let location = home.backend(backend)?;
    // Opened once: on S3 the records and the audit log share one client.
    let opened = location.open()?;
    let audit_log = audit_log(
        home,
        home.audit_sink_with(&location, || Ok(Arc::clone(&opened)))?,
        keyring.active().1,
        stream,
    )?;
    let mut builder = MemoryFabric::builder()
        .backend(opened)
        .keyring(keyring)
        .audit_log(Arc::new(audit_log))
        .actor(actor)
        .access_policy(Policy::new(&home.config.roles).context("invalid [roles] in fabric.toml")?)
        .privacy_policy(home.config.privacy.clone());
    if let Some(suite) = &home.config.suite {
        builder = builder.suite(suite.clone());
    }
    Ok(builder.build()?)
}

/// The audit log of `stream` in `sink`, keyed by `master`, copying checkpoints to the home's
/// witness when one is configured.
pub(crate) fn audit_log(
    home: &Home,
    sink: Arc<dyn AuditSink>,
    master: &MasterKey,
    stream: &str,
) -> Result<AuditLog> {
    let mut builder = AuditLog::builder(sink, AuditKey::derive(master), StreamId::parse(stream)?);
    if let Some(witness) = home.witness_sink()? {
        builder = builder.witness(witness);
    }
    Ok(builder.build()?)
}

/// The `manage_keys` audit event of `actor` about `key_id`.
pub(crate) fn manage_keys_event(
    actor: &str,
    status: Status,
    key_id: Option<&str>,
) -> Result<fabric_core::fabric_audit::NewEvent> {
    let mut event = AuditEvent::new(Operation::ManageKeys, status).actor(Id::parse(actor)?);
    if let Some(key_id) = key_id.and_then(|id| KeyName::parse(id).ok()) {
        event = event.detail(DetailName::KEY_ID, Detail::KeyId(key_id));
    }
    Ok(event)
}

/// Runs an `apikey` subcommand; each one appends a `manage_keys` audit event (actor `cli`).
async fn apikey(
    home: &std::path::Path,
    backend: Option<&str>,
    command: ApikeyCommand,
) -> Result<()> {
    let home = Home::open_or_create(home)?;
    let location = home.backend(backend)?;
    let api_keys = ApiKeys::new(Arc::new(home.api_key_store(&location)?));
    let keyring = home.keyring()?;
    let log = audit_log(&home, home.audit_sink(&location)?, keyring.active().1, AUDIT_STREAM)?;
    let event = |status: Status, key_id: Option<&str>| manage_keys_event("cli", status, key_id);
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
            let mut out = std::io::stdout().lock();
            for info in listed? {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&info)?)?;
                } else {
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
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\texpires {}\t{}",
                        info.id,
                        info.owner,
                        info.roles.join(","),
                        state,
                        info.created_at.format("%Y-%m-%dT%H:%M:%SZ"),
                        time(info.expires_at),
                        info.name
                    )?;
                }
            }
            out.flush()?;
            Ok(())
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

/// Seals the audit log with a checkpoint at its head before the command exits.
async fn finish(fabric: &MemoryFabric) -> Result<()> {
    if let Some(log) = fabric.audit_log() {
        log.close().await.context("cannot close the audit log")?;
    }
    Ok(())
}

/// Runs an `audit` subcommand on the home's audit log.
async fn audit(home: &std::path::Path, backend: Option<&str>, command: AuditCommand) -> Result<()> {
    let home = Home::open_or_create(home)?;
    let sink = home.audit_sink(&home.backend(backend)?)?;
    let print = |events: Vec<AuditEvent>, json: bool| -> Result<()> {
        let mut out = std::io::stdout().lock();
        for event in &events {
            if json {
                writeln!(out, "{}", serde_json::to_string(event)?)?;
            } else {
                writeln!(out, "{}", audit_line(event))?;
            }
        }
        out.flush()?;
        Ok(())
    };
    match command {
        AuditCommand::Verify { since, records } => {
            let key = AuditKey::derive(home.keyring()?.active().1);
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
            let key = AuditKey::derive(home.keyring()?.active().1);
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
            print(fabric_audit::tail(sink.as_ref(), count).await?, json)
        }
        AuditCommand::Query(args) => {
            let query = AuditQuery {
                actor: args.actor,
                owner: args.owner,
                operation: args.operation,
                status: args.status,
                since: args.since,
                until: args.until,
                limit: args.limit,
            };
            print(fabric_audit::query(sink.as_ref(), &query).await?, args.json)
        }
    }
}

/// `fabric audit repair`.
async fn repair(home: &Home, backend: Option<&str>) -> Result<()> {
    if let crate::config::BackendLocation::Directory(dir) = home.backend(backend)? {
        let removed = fabric_store::ObjectStoreBackend::local(&dir)?
            .remove_stale_staging(std::time::Duration::from_secs(60))?;
        eprintln!("fabric: removed {removed} staging files of writes that never completed");
    }
    let fabric = build_fabric(home, backend, AUDIT_STREAM, "cli")?;
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
    let fabric = build_fabric(home, backend, AUDIT_STREAM, "cli")?;
    let outcome = fabric.verify_records().await;
    finish(&fabric).await?;
    let report = outcome?;
    for problem in &report.problems {
        eprintln!("fabric: {problem}");
    }
    print_line(&format!(
        "checked {} stored records against the audit log ({} from before frame digests)",
        report.checked, report.legacy
    ))?;
    if !report.problems.is_empty() {
        anyhow::bail!("{} records do not match the audit log", report.problems.len());
    }
    Ok(())
}

/// Reads checkpoints, one JSON object per line (what `fabric audit checkpoint` prints).
fn read_checkpoints(path: &std::path::Path) -> Result<Vec<Checkpoint>> {
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

/// `seq  time  actor  operation  status  owner  record  reason`, tab-separated.
fn audit_line(event: &AuditEvent) -> String {
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

/// `id  owner  type  tier  created  preview`, tab-separated, the preview on one line.
fn summary_line(record: &Record) -> String {
    let mut preview: String = record.content.chars().take(80).collect();
    if preview.len() < record.content.len() {
        preview.push('…');
    }
    let preview = preview.replace(['\n', '\r', '\t'], " ");
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        record.id,
        record.owner,
        record.memory_type,
        record.storage_tier,
        record.created_at.format("%Y-%m-%dT%H:%M:%SZ"),
        preview
    )
}

pub(crate) fn print_line(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").and_then(|()| out.flush()).context("cannot write to stdout")?;
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
