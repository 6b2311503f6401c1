//! `fabric serve`: the HTTP API over the home's fabric, API keys and JWT configuration.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::Args;
use fabric_core::fabric_audit::Status;
use fabric_core::fabric_authz::secrecy::ExposeSecret as _;
use fabric_core::fabric_authz::{ADMIN, ApiKeys, SERVER_ACTOR};
use fabric_server::{Server, check_listen_address, router};

use super::apikey::manage_keys_event;
use crate::config::Home;
use crate::output::print_line;
use crate::stack::{authenticator, build_fabric, server_state, warn_if_index_behind};

#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    /// Address to listen on [default: [server] listen in fabric.toml, else 127.0.0.1:8080].
    #[arg(long)]
    listen: Option<std::net::SocketAddr>,
    /// PEM certificate chain (leaf first): serve HTTPS.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key of the certificate.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Allow plain HTTP on a non-loopback address (credentials then cross the network in
    /// clear text).
    #[arg(long)]
    insecure_http: bool,
}

/// The audit stream of `fabric serve` (the CLI's own commands use `local`).
const SERVER_STREAM: &str = "server";
/// The owner of the admin key made on first start.
const FIRST_ADMIN_OWNER: &str = "default";

/// Runs the server until Ctrl-C or SIGTERM, then closes the audit log with a checkpoint.
pub(super) async fn run(home_dir: &Path, backend: Option<&str>, args: ServeArgs) -> Result<()> {
    let home = Home::open_or_create(home_dir)?;
    let settings = home.config.server.clone();
    let listen = match args.listen {
        Some(listen) => listen,
        None => settings
            .listen
            .parse()
            .with_context(|| format!("invalid [server] listen address {:?}", settings.listen))?,
    };
    let from_home = |path: &Option<PathBuf>| path.as_ref().map(|path| home.dir.join(path));
    let tls = match (
        args.tls_cert.clone().or_else(|| from_home(&settings.tls_cert)),
        args.tls_key.clone().or_else(|| from_home(&settings.tls_key)),
    ) {
        (Some(cert), Some(key)) => Some(fabric_server::server_config(&cert, &key)?),
        (None, None) => None,
        _ => anyhow::bail!("[server] tls_cert and tls_key go together: set both or neither"),
    };
    let insecure_http = args.insecure_http || settings.insecure_http;
    if check_listen_address(listen, tls.is_some(), insecure_http)? {
        eprintln!(
            "fabric: WARNING: serving plain HTTP on {listen}: API keys and tokens cross the network unencrypted"
        );
    }

    let fabric = Arc::new(build_fabric(&home, backend, SERVER_STREAM, SERVER_ACTOR)?);
    warn_if_index_behind(&fabric).await;
    let location = home.backend(backend)?;
    // Writes killed before their rename leave staging files behind on `file://`.
    let removed = super::compact::remove_staging(&home, backend)?;
    if removed > 0 {
        eprintln!("fabric: removed {removed} staging files of writes that never completed");
    }
    let api_keys = ApiKeys::new(Arc::new(home.api_key_store(&location)?))
        .with_cache(Duration::from_secs(settings.api_key_cache_seconds));
    if api_keys.list().await?.is_empty() {
        let (info, key) = api_keys
            .create(&[ADMIN], FIRST_ADMIN_OWNER, "admin (first start of fabric serve)", None)
            .await?;
        // Shown before anything else can fail: a key whose secret nobody saw is lost, and no
        // other admin key would be made on the next start.
        eprintln!(
            "fabric: first start: created an admin API key (id {}, owner {FIRST_ADMIN_OWNER}). It is printed below, only this once; keep it safe:",
            info.id
        );
        print_line(key.expose_secret())?;
        if let Some(log) = fabric.audit_log() {
            log.append(manage_keys_event(SERVER_ACTOR, Status::Success, Some(&info.id))?).await?;
        }
    }
    let state = server_state(&fabric, authenticator(&home, api_keys)?, &settings);
    let server = Server::bind(listen, tls, router(Arc::clone(&state))).await?;
    let compaction = match home.config.retention.compact_every_hours {
        0 => None,
        hours => {
            let (fabric, every) =
                (Arc::clone(&fabric), Duration::from_secs(u64::from(hours) * 3600));
            Some(tokio::spawn(async move {
                let mut ticks =
                    tokio::time::interval_at(tokio::time::Instant::now() + every, every);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    ticks.tick().await;
                    super::compact::compact_quietly(&fabric).await;
                }
            }))
        }
    };
    let scheme = if server.is_tls() { "https" } else { "http" };
    eprintln!("fabric: serving {scheme}://{} (Ctrl-C to stop)", server.local_addr());
    server.serve(shutdown_signal()).await?;
    if let Some(compaction) = compaction {
        compaction.abort();
        let _ = compaction.await;
    }
    // Handlers that outlived their request (answered 408) finish, and write their audit
    // events, before the log is closed.
    state.drain().await;
    crate::stack::finish(&fabric).await?;
    eprintln!("fabric: stopped");
    Ok(())
}

/// Completes on Ctrl-C or (on Unix) SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
