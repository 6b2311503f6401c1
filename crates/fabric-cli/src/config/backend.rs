//! Backend URLs (`sqlite://`, `file://`, `memory://`, `s3://`) and the `[s3]` settings that
//! go with an `s3://` one.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};

/// The `[s3]` table of `fabric.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct S3Settings {
    /// An S3-compatible endpoint, `https://host[:port]` (default: AWS); path-style requests.
    pub(crate) endpoint: Option<String>,
    /// The region (default us-east-1).
    pub(crate) region: Option<String>,
    /// Allow an `http://` endpoint; it must still be a loopback address.
    pub(crate) allow_http: Option<bool>,
    /// Server-side encryption: `aes256` (default), `kms:<key id>` or `none`.
    pub(crate) sse: Option<String>,
    /// Days evidence records and audit checkpoints stay locked (Object Lock).
    pub(crate) retention_days: Option<u32>,
    /// `compliance` or `governance`; required with `retention_days`.
    pub(crate) retention_mode: Option<String>,
}

impl S3Settings {
    /// These settings with `FABRIC_S3_*` values (read through `get`) taking precedence.
    pub(super) fn with_env(mut self, get: impl Fn(&str) -> Option<String>) -> Result<S3Settings> {
        if let Some(endpoint) = get("FABRIC_S3_ENDPOINT") {
            self.endpoint = Some(endpoint);
        }
        if let Some(region) = get("FABRIC_S3_REGION") {
            self.region = Some(region);
        }
        if let Some(allow_http) = get("FABRIC_S3_ALLOW_HTTP") {
            self.allow_http = Some(match allow_http.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" => true,
                "0" | "false" | "no" | "" => false,
                _ => bail!("FABRIC_S3_ALLOW_HTTP must be true or false"),
            });
        }
        if let Some(sse) = get("FABRIC_S3_SSE") {
            self.sse = Some(sse);
        }
        if let Some(days) = get("FABRIC_S3_RETENTION_DAYS") {
            self.retention_days =
                Some(days.parse().context("FABRIC_S3_RETENTION_DAYS must be a number of days")?);
        }
        if let Some(mode) = get("FABRIC_S3_RETENTION_MODE") {
            self.retention_mode = Some(mode);
        }
        Ok(self)
    }
}

/// Where records are stored, from a backend URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BackendLocation {
    /// `sqlite://PATH`.
    Sqlite(PathBuf),
    /// `file://DIR`.
    Directory(PathBuf),
    /// `memory://`.
    Memory,
    /// `s3://bucket[/prefix]`, with the `[s3]` settings merged with `FABRIC_S3_*`.
    S3 {
        /// The location as given.
        url: String,
        /// Endpoint, region, encryption and retention.
        settings: S3Settings,
    },
}

impl BackendLocation {
    /// Parses a backend URL; relative paths resolve against `base` when given.
    pub(super) fn parse(url: &str, base: Option<&Path>) -> Result<BackendLocation> {
        let resolve = |path: &str| -> Result<PathBuf> {
            if path.is_empty() {
                bail!("backend URL {url} has no path");
            }
            let path = PathBuf::from(path);
            Ok(match base {
                Some(base) if path.is_relative() => base.join(path),
                _ => path,
            })
        };
        if let Some(path) = url.strip_prefix("sqlite://") {
            return Ok(BackendLocation::Sqlite(resolve(path)?));
        }
        if let Some(path) = url.strip_prefix("file://") {
            return Ok(BackendLocation::Directory(resolve(path)?));
        }
        if url == "memory://" {
            return Ok(BackendLocation::Memory);
        }
        if url.starts_with("s3://") {
            return Ok(BackendLocation::S3 {
                url: url.to_owned(),
                settings: S3Settings::default(),
            });
        }
        bail!(
            "unsupported backend URL {url:?} (expected sqlite://PATH, file://DIR, memory:// or s3://BUCKET/PREFIX)"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::FabricConfig;

    #[test]
    fn s3_locations_parse_and_env_overrides_the_table() {
        let location = BackendLocation::parse("s3://bucket/team-a", None).unwrap();
        assert!(
            matches!(location, BackendLocation::S3 { ref url, .. } if url == "s3://bucket/team-a")
        );
        let table: FabricConfig = toml::from_str(
            "[s3]\nendpoint = \"https://minio.internal:9000\"\nregion = \"eu-west-1\"\nretention_days = 30\nretention_mode = \"governance\"\n",
        )
        .unwrap();
        let vars = [
            ("FABRIC_S3_REGION", "us-east-2"),
            ("FABRIC_S3_ALLOW_HTTP", "true"),
            ("FABRIC_S3_SSE", "kms:key-1"),
        ];
        let get =
            |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, v)| (*v).to_owned());
        let settings = table.s3.with_env(get).unwrap();
        assert_eq!(settings.endpoint.as_deref(), Some("https://minio.internal:9000"));
        assert_eq!(settings.region.as_deref(), Some("us-east-2"));
        assert_eq!(settings.allow_http, Some(true));
        assert_eq!(settings.sse.as_deref(), Some("kms:key-1"));
        assert_eq!(
            (settings.retention_days, settings.retention_mode.as_deref()),
            (Some(30), Some("governance"))
        );
        let bad = S3Settings::default()
            .with_env(|name| (name == "FABRIC_S3_RETENTION_DAYS").then(|| "ten".to_owned()));
        assert!(bad.is_err());
        assert!(toml::from_str::<FabricConfig>("[s3]\nbucket = \"x\"\n").is_err());
    }
}
