//! The command line of `fabric`: its arguments, and the module that runs each subcommand.

mod apikey;
mod audit;
mod backup;
mod compact;
mod doctor;
mod init;
mod keys;
mod privacy;
mod recall;
mod records;
mod reindex;
mod serve;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use self::apikey::ApikeyCommand;
use self::audit::AuditCommand;
use self::backup::{ExportArgs, ImportArgs};
use self::keys::KeysCommand;
use self::privacy::Strategy;
use self::recall::RecallArgs;
use self::records::{ListArgs, StoreArgs};
use self::reindex::ReindexArgs;
use self::serve::ServeArgs;

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
    /// Recall the memories of one owner that best match a query, best first (score, id,
    /// preview), or one JSON object per line with the signals behind each score.
    Recall(RecallArgs),
    /// Build the recall index of memories stored before it existed (resumable; shows a
    /// progress bar and prints the counts).
    Reindex(ReindexArgs),
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
    /// Crypto-shred an owner: destroy its key, so that its memories cannot be read from any
    /// copy of the storage (backups included), then delete them. Irreversible: the answer to
    /// a right-to-erasure request. Asks to type the owner's name unless --yes.
    Shred {
        /// The owner to shred (no default: it is never implied).
        #[arg(long)]
        owner: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Write the memories (every owner's, or some owners') to a new archive: sealed under
    /// FABRIC_EXPORT_KEY or FABRIC_EXPORT_PASSPHRASE, else under a fresh key printed once;
    /// or, with --plaintext, in clear for a migration. Shows a progress bar.
    Export(ExportArgs),
    /// Restore an archive of `fabric export` into this home's backend (any backend), with
    /// FABRIC_EXPORT_KEY or FABRIC_EXPORT_PASSPHRASE. Nothing is written unless the whole
    /// archive authenticates; importing twice changes nothing.
    Import(ImportArgs),
    /// Remove expired memories (but those under storage retention), memories of shredded
    /// owners and index entries of deleted memories, then vacuum the SQLite file; prints
    /// what was removed, and names memories that do not open.
    Compact,
    /// Create, list and revoke API keys for the HTTP API.
    #[command(subcommand)]
    Apikey(ApikeyCommand),
    /// List and rotate the keys of the home's keyring.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Check the deployment (keys, storage, audit log, access, privacy): one line per
    /// check, pass, warn, fail or unknown, with what to do; exit status 1 when one fails.
    Doctor {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Serve the HTTP API (JSON over /v1/..., OpenAPI at /openapi.json).
    ///
    /// On first start (no API key yet) it creates an admin key and prints it once.
    /// Without TLS it listens on loopback only, unless --insecure-http.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct OwnerArg {
    /// The owner (tenant or user) the record belongs to.
    #[arg(long, env = "FABRIC_OWNER", default_value = "default")]
    owner: String,
}

/// Runs one command.
pub(crate) async fn run(cli: Cli) -> Result<()> {
    let home = cli.home.as_path();
    let backend = cli.backend.as_deref();
    match cli.command {
        Command::Keygen => init::keygen(),
        Command::Init => init::init(home, backend),
        Command::Store(args) => records::store(home, backend, args).await,
        Command::Get { id, owner, json } => {
            records::get(home, backend, &id, &owner.owner, json).await
        }
        Command::List(args) => records::list(home, backend, args).await,
        Command::Recall(args) => recall::recall(home, backend, args).await,
        Command::Reindex(args) => reindex::reindex(home, backend, args).await,
        Command::Scan { file } => privacy::scan(home, file.as_deref()),
        Command::Redact { file, strategy } => privacy::redact(home, file.as_deref(), strategy),
        Command::Audit(command) => audit::run(home, backend, command).await,
        Command::Apikey(command) => apikey::run(home, backend, command).await,
        Command::Keys(command) => keys::run(home, backend, command).await,
        Command::Shred { owner, yes } => records::shred(home, backend, &owner, yes).await,
        Command::Doctor { json } => {
            if doctor::run(home, backend, json).await? {
                Ok(())
            } else {
                Err(anyhow::anyhow!("fabric doctor: at least one check failed"))
            }
        }
        Command::Serve(args) => serve::run(home, backend, args).await,
        Command::Compact => compact::compact(home, backend).await,
        Command::Export(args) => backup::export(home, backend, args).await,
        Command::Import(args) => backup::import(home, backend, args).await,
        Command::Delete { id, owner } => records::delete(home, backend, &id, &owner.owner).await,
    }
}
