//! Settings of the S3 backend: server-side encryption, credentials, endpoint checks.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use secrecy::{ExposeSecret as _, SecretString};

use crate::{Error, Result};

/// Server-side encryption requested on every put (on top of the client-side sealing, which is
/// always on).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Sse {
    /// SSE-S3: `x-amz-server-side-encryption: AES256` (the default).
    #[default]
    Aes256,
    /// SSE-KMS with this key id or ARN.
    Kms {
        /// The KMS key id or ARN.
        key_id: String,
    },
    /// No server-side encryption header (for servers that refuse it).
    None,
}

impl FromStr for Sse {
    type Err = Error;

    /// Parses `aes256`, `kms:<key id>` or `none`.
    fn from_str(text: &str) -> Result<Sse> {
        match text {
            _ if text.eq_ignore_ascii_case("aes256") => Ok(Sse::Aes256),
            _ if text.eq_ignore_ascii_case("none") => Ok(Sse::None),
            _ => match text.strip_prefix("kms:") {
                Some(key_id)
                    if !key_id.is_empty() && key_id.chars().all(|c| c.is_ascii_graphic()) =>
                {
                    Ok(Sse::Kms { key_id: key_id.to_owned() })
                }
                _ => Err(Error::InvalidConfig {
                    reason: "server-side encryption must be aes256, kms:<key id> or none".into(),
                }),
            },
        }
    }
}

impl fmt::Display for Sse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Sse::Aes256 => f.write_str("aes256"),
            Sse::Kms { key_id } => write!(f, "kms:{key_id}"),
            Sse::None => f.write_str("none"),
        }
    }
}

/// An access key pair (and optional session token) for S3.
///
/// The secret and token are [`SecretString`]s; `Debug` prints only the key id.
#[derive(Clone)]
pub struct S3Credentials {
    key_id: String,
    secret: SecretString,
    token: Option<SecretString>,
}

impl S3Credentials {
    /// Credentials from an access key id, its secret and an optional session token.
    pub fn new(
        key_id: impl Into<String>,
        secret: SecretString,
        token: Option<SecretString>,
    ) -> Self {
        S3Credentials { key_id: key_id.into(), secret, token }
    }

    /// The access key id (not secret).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub(crate) fn to_aws(&self) -> object_store::aws::AwsCredential {
        object_store::aws::AwsCredential {
            key_id: self.key_id.clone(),
            secret_key: self.secret.expose_secret().to_owned(),
            token: self.token.as_ref().map(|token| token.expose_secret().to_owned()),
        }
    }
}

impl fmt::Debug for S3Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Credentials")
            .field("key_id", &self.key_id)
            .field("secret", &"<redacted>")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// A checked endpoint: `scheme://host[:port]` without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub(crate) url: String,
    pub(crate) is_http: bool,
}

/// Checks an endpoint URL: `https://…`, or `http://…` only when `allow_http` is set and the
/// host is a loopback address.
pub(crate) fn check_endpoint(text: &str, allow_http: bool) -> Result<Endpoint> {
    let invalid = |reason: &str| Error::InvalidConfig { reason: format!("endpoint: {reason}") };
    let uri: http::Uri = text.parse().map_err(|_| invalid("not a URL"))?;
    let authority = uri.authority().ok_or_else(|| invalid("no host"))?;
    if authority.as_str().contains('@') {
        return Err(invalid("credentials must not be part of the URL"));
    }
    if uri.query().is_some() || !matches!(uri.path(), "" | "/") {
        return Err(invalid("must be scheme://host[:port] without a path"));
    }
    let url = format!("{}://{authority}", uri.scheme_str().unwrap_or_default());
    match uri.scheme_str() {
        Some("https") => Ok(Endpoint { url, is_http: false }),
        Some("http") if allow_http && is_loopback(authority.host()) => {
            Ok(Endpoint { url, is_http: true })
        }
        Some("http") => Err(Error::InsecureTransport { endpoint: url }),
        _ => Err(invalid("the scheme must be https (or http for a loopback test server)")),
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Checks a bucket name against the S3 rules (3 to 63 of `a-z0-9.-`, starting and ending
/// with a letter or digit).
pub(crate) fn check_bucket(bucket: &str) -> Result<()> {
    let valid = (3..=63).contains(&bucket.len())
        && bucket.bytes().all(|byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || b".-".contains(&byte)
        })
        && bucket.bytes().next().is_some_and(|byte| byte.is_ascii_alphanumeric())
        && bucket.bytes().last().is_some_and(|byte| byte.is_ascii_alphanumeric());
    if valid {
        Ok(())
    } else {
        Err(Error::InvalidConfig {
            reason: "bucket names are 3 to 63 characters of a-z, 0-9, '.' and '-'".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_needs_permission_and_loopback() {
        for good in ["https://s3.example.com", "https://minio.local:9000/"] {
            assert!(!check_endpoint(good, false).unwrap().is_http, "{good}");
        }
        for loopback in ["http://127.0.0.1:9000", "http://[::1]:80", "http://localhost:1"] {
            assert!(check_endpoint(loopback, true).unwrap().is_http, "{loopback}");
            assert!(matches!(
                check_endpoint(loopback, false),
                Err(Error::InsecureTransport { .. })
            ));
        }
        for remote in ["http://10.0.0.1:9000", "http://s3.example.com", "http://127.example.com"] {
            assert!(matches!(check_endpoint(remote, true), Err(Error::InsecureTransport { .. })));
        }
        for bad in ["ftp://host", "https://user:pw@host", "https://host/path", "nonsense"] {
            let error = check_endpoint(bad, true).unwrap_err();
            assert!(matches!(error, Error::InvalidConfig { .. }), "{bad}: {error:?}");
            assert!(!error.to_string().contains("pw"));
        }
    }

    #[test]
    fn sse_parses_and_prints() {
        assert_eq!("AES256".parse::<Sse>().unwrap(), Sse::Aes256);
        assert_eq!("none".parse::<Sse>().unwrap(), Sse::None);
        assert_eq!("kms:key-1".parse::<Sse>().unwrap(), Sse::Kms { key_id: "key-1".into() });
        assert_eq!(Sse::Kms { key_id: "k".into() }.to_string(), "kms:k");
        for bad in ["kms:", "rot13", "kms:a b"] {
            assert!(bad.parse::<Sse>().is_err(), "{bad}");
        }
    }

    #[test]
    fn credentials_debug_hides_the_secret() {
        let credentials = S3Credentials::new(
            "AKIDEXAMPLE",
            SecretString::from("wJalrXUtnFEMI"),
            Some(SecretString::from("session-token-value")),
        );
        let shown = format!("{credentials:?}");
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(!shown.contains("wJalrXUtnFEMI") && !shown.contains("session-token-value"));
    }

    #[test]
    fn bucket_names() {
        for good in ["abc", "my-bucket.1", "a".repeat(63).as_str()] {
            assert!(check_bucket(good).is_ok(), "{good}");
        }
        for bad in ["ab", "Upper", "-lead", "trail-", "under_score", "a".repeat(64).as_str()] {
            assert!(check_bucket(bad).is_err(), "{bad}");
        }
    }
}
