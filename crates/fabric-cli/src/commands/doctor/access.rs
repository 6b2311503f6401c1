//! The access checks of `fabric doctor`: API keys (admin keys without expiry, keys unused
//! for long), the listen address, and JWT audiences and keys.

use fabric_core::fabric_authz::{ApiKeyInfo, ApiKeys};

use super::{Report, Status};
use crate::config::{BackendLocation, Home, ServerSection};

pub(super) async fn access(home: &Home, location: &BackendLocation, report: &mut Report) {
    // Built in, not configured: said so that the checklist's item has its line.
    let credentials = if home.config.jwt.is_some() { "an API key or a JWT" } else { "an API key" };
    report.add(
        "access",
        "authentication",
        Status::Pass,
        format!(
            "`fabric serve` asks {credentials} on every route but /healthz, /metrics and \
             /openapi.json, and checks its role's permission (it cannot be turned off)"
        ),
    );
    let listed = async {
        let keys = ApiKeys::new(std::sync::Arc::new(home.api_key_store(location)?));
        anyhow::Ok(keys.list().await?)
    };
    let listed = listed.await;
    match &listed {
        Ok(keys) => {
            let open_admins: Vec<String> = keys
                .iter()
                .filter(|key| {
                    key.revoked_at.is_none()
                        && key.expires_at.is_none()
                        && key.roles.iter().any(|role| role == "admin")
                })
                .map(|key| key.id.clone())
                .collect();
            if open_admins.is_empty() {
                report.add(
                    "access",
                    "admin key expiry",
                    Status::Pass,
                    format!("{} API keys", keys.len()),
                );
            } else {
                report.fix(
                    "access",
                    "admin key expiry",
                    Status::Warn,
                    format!("admin keys without an expiry: {}", open_admins.join(", ")),
                    "fabric apikey create --role admin --expires DAYS, then revoke these",
                );
            }
        }
        Err(error) => {
            report.add("access", "admin key expiry", Status::Unknown, format!("{error:#}"))
        }
    }
    if let Ok(keys) = &listed {
        unused_keys(keys, home.config.server.api_key_unused_days, report);
    }
    listen_address(&home.config.server, &home.dir, report);
    match &home.config.jwt {
        Some(jwt) if jwt.audiences.is_empty() => report.fix(
            "access",
            "jwt audience",
            Status::Warn,
            "JWTs are accepted for any audience".into(),
            "set [jwt] audiences",
        ),
        Some(_) => report.add("access", "jwt audience", Status::Pass, "pinned".into()),
        None => {}
    }
    // JWT secrets come from an environment variable or a 0600 file (the configuration has
    // no field for one inline), each key with its algorithm pinned; loading them checks both.
    if let Some(jwt) = &home.config.jwt {
        match jwt.load(&home.dir) {
            Ok(_) => report.add(
                "access",
                "jwt keys",
                Status::Pass,
                format!(
                    "{} keys, each with its algorithm pinned, secrets from the environment or 0600 files",
                    jwt.keys.len()
                ),
            ),
            Err(error) => report.fix(
                "access",
                "jwt keys",
                Status::Fail,
                format!("{error:#}"),
                "set the secret's environment variable, or chmod 600 its file",
            ),
        }
    }
}

/// Active API keys that have not authenticated for `days` (counted from their creation when
/// they never have).
fn unused_keys(keys: &[ApiKeyInfo], days: u32, report: &mut Report) {
    let now = chrono::Utc::now();
    let limit = chrono::TimeDelta::days(i64::from(days));
    let idle: Vec<String> = keys
        .iter()
        .filter(|key| key.is_active_at(now))
        .filter(|key| now - key.last_used_at.unwrap_or(key.created_at) >= limit)
        .map(|key| match key.last_used_at {
            Some(at) => format!("{} (last used {})", key.id, at.date_naive()),
            None => format!("{} (never used)", key.id),
        })
        .collect();
    if idle.is_empty() {
        report.add(
            "access",
            "unused api keys",
            Status::Pass,
            format!("every active key was used within {days} days"),
        );
    } else {
        report.fix(
            "access",
            "unused api keys",
            Status::Warn,
            format!("API keys unused for {days} days or more: {}", idle.join(", ")),
            "fabric apikey revoke ID for each key no longer needed",
        );
    }
}

/// Whether the configured listen address is loopback, or served with TLS; plain HTTP to
/// other hosts (`insecure_http`) fails.
fn listen_address(server: &ServerSection, home_dir: &std::path::Path, report: &mut Report) {
    let listen = &server.listen;
    let loopback = listen
        .parse::<std::net::SocketAddr>()
        .map(|address| address.ip().is_loopback())
        .unwrap_or_else(|_| listen.starts_with("localhost:"));
    let tls = match (&server.tls_cert, &server.tls_key) {
        (Some(cert), Some(key)) => Some((home_dir.join(cert), home_dir.join(key))),
        (None, None) => None,
        _ => {
            // `fabric serve` refuses to start so.
            report.fix(
                "access",
                "listen address",
                Status::Fail,
                "only one of [server] tls_cert and tls_key is set".into(),
                "set both, or neither",
            );
            return;
        }
    };
    match tls {
        _ if loopback => {
            report.add("access", "listen address", Status::Pass, format!("{listen} (loopback)"));
        }
        Some((cert, key)) if cert.is_file() && key.is_file() => {
            report.add(
                "access",
                "listen address",
                Status::Pass,
                format!("{listen} with TLS ({})", cert.display()),
            );
            // `fabric serve` refuses a private key others can read, as the doctor does.
            super::file_mode(report, "access", "tls key file mode", &key);
        }
        Some((cert, _)) => report.fix(
            "access",
            "listen address",
            Status::Fail,
            format!("{listen}: the TLS certificate or key is missing ({})", cert.display()),
            "put the PEM files where [server] tls_cert and tls_key say",
        ),
        None if server.insecure_http => report.fix(
            "access",
            "listen address",
            Status::Fail,
            format!("{listen} serves plain HTTP to other hosts: API keys and tokens cross the network in clear"),
            "set [server] tls_cert and tls_key and drop insecure_http, or listen on 127.0.0.1",
        ),
        None => report.fix(
            "access",
            "listen address",
            Status::Warn,
            format!("{listen} is reachable from other hosts"),
            "set [server] tls_cert and tls_key (without TLS `fabric serve` refuses a non-loopback address)",
        ),
    }
}
