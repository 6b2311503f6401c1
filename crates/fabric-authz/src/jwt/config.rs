//! The serde-deserializable configuration of a [`JwtVerifier`](crate::JwtVerifier).

use std::fmt;

use secrecy::{ExposeSecret, SecretSlice, SecretString};
use serde::{Deserialize, Deserializer, Serialize};

/// The default clock-skew leeway for `exp` and `nbf`, in seconds.
pub const DEFAULT_LEEWAY_SECONDS: u64 = 30;

/// How JWTs are verified: the accepted keys (which pin the algorithms), issuers, audiences,
/// leeway and the claim names that carry subject, owner and roles.
///
/// For example in TOML:
///
/// ```toml
/// issuers = ["https://id.example.com"]
/// audiences = ["memory-fabric"]
/// leeway_seconds = 30
/// claims = { owner = "tenant" }
///
/// [[keys]]
/// alg = "RS256"
/// kid = "2025-06"
/// public_key_pem = """-----BEGIN PUBLIC KEY-----
/// ...
/// -----END PUBLIC KEY-----"""
///
/// [[keys]]
/// alg = "HS256"
/// kid = "internal"
/// secret = "at least 32 bytes of shared secret text"
/// ```
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwtConfig {
    /// The verification keys; a token's algorithm must be the one of the key it selects.
    pub keys: Vec<JwtKeyConfig>,
    /// Accepted `iss` values; when empty, `iss` is not checked.
    #[serde(default)]
    pub issuers: Vec<String>,
    /// Accepted `aud` values; when empty, a token that carries `aud` at all is refused
    /// (RFC 7519 section 4.1.3: a recipient that does not identify itself with the audience
    /// must reject the token).
    #[serde(default)]
    pub audiences: Vec<String>,
    /// Clock-skew leeway for `exp` and `nbf`, in seconds (at most
    /// [`MAX_LEEWAY_SECONDS`](crate::MAX_LEEWAY_SECONDS)).
    #[serde(default = "default_leeway_seconds")]
    pub leeway_seconds: u64,
    /// The claims that carry subject, owner and roles.
    #[serde(default)]
    pub claims: ClaimNames,
}

impl JwtConfig {
    /// A configuration with these keys and every other field at its default.
    pub fn with_keys(keys: Vec<JwtKeyConfig>) -> Self {
        Self {
            keys,
            issuers: Vec::new(),
            audiences: Vec::new(),
            leeway_seconds: DEFAULT_LEEWAY_SECONDS,
            claims: ClaimNames::default(),
        }
    }
}

fn default_leeway_seconds() -> u64 {
    DEFAULT_LEEWAY_SECONDS
}

/// The names of the claims that carry the principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimNames {
    /// The subject claim (default `sub`).
    pub subject: String,
    /// The owner (tenant) claim (default `owner`); required in every token.
    pub owner: String,
    /// The roles claim (default `roles`): a JSON array of strings or one space-separated
    /// string; when absent the principal has no roles.
    pub roles: String,
}

impl Default for ClaimNames {
    fn default() -> Self {
        Self { subject: "sub".to_owned(), owner: "owner".to_owned(), roles: "roles".to_owned() }
    }
}

/// One verification key; its `alg` is the only algorithm a token selecting it may use.
#[derive(Debug, Deserialize)]
#[serde(tag = "alg", deny_unknown_fields)]
pub enum JwtKeyConfig {
    /// An HMAC-SHA-256 shared secret of at least 32 bytes.
    #[serde(rename = "HS256")]
    Hs256 {
        /// The key id tokens select it with.
        #[serde(default)]
        kid: Option<String>,
        /// The shared secret (in configuration: its text, used as UTF-8 bytes).
        secret: HmacSecret,
    },
    /// An RSA public key (PKCS#1 v1.5 with SHA-256), at least 2048 bits.
    #[serde(rename = "RS256")]
    Rs256 {
        /// The key id tokens select it with.
        #[serde(default)]
        kid: Option<String>,
        /// `-----BEGIN PUBLIC KEY-----` (SPKI) or `-----BEGIN RSA PUBLIC KEY-----` PEM text.
        public_key_pem: String,
    },
    /// An Ed25519 public key.
    #[serde(rename = "EdDSA")]
    EdDsa {
        /// The key id tokens select it with.
        #[serde(default)]
        kid: Option<String>,
        /// `-----BEGIN PUBLIC KEY-----` (SPKI) PEM text.
        public_key_pem: String,
    },
}

impl JwtKeyConfig {
    /// The key's id, if it has one.
    pub fn kid(&self) -> Option<&str> {
        match self {
            Self::Hs256 { kid, .. } | Self::Rs256 { kid, .. } | Self::EdDsa { kid, .. } => {
                kid.as_deref()
            }
        }
    }

    /// The algorithm the key is pinned to.
    pub fn algorithm(&self) -> JwtAlgorithm {
        match self {
            Self::Hs256 { .. } => JwtAlgorithm::Hs256,
            Self::Rs256 { .. } => JwtAlgorithm::Rs256,
            Self::EdDsa { .. } => JwtAlgorithm::EdDsa,
        }
    }
}

fabric_types::named_enum! {
    /// The JWS algorithms a key can be pinned to, named by their exact `alg` header value
    /// (`HS256`, `RS256`, `EdDSA`).
    pub enum JwtAlgorithm (case = exact) {
        /// HMAC with SHA-256.
        Hs256 => "HS256",
        /// RSASSA-PKCS1-v1_5 with SHA-256.
        Rs256 => "RS256",
        /// Ed25519.
        EdDsa => "EdDSA",
    }
}

impl JwtAlgorithm {
    pub(crate) fn to_jsonwebtoken(self) -> jsonwebtoken::Algorithm {
        match self {
            Self::Hs256 => jsonwebtoken::Algorithm::HS256,
            Self::Rs256 => jsonwebtoken::Algorithm::RS256,
            Self::EdDsa => jsonwebtoken::Algorithm::EdDSA,
        }
    }
}

/// An HS256 shared secret: zeroized on drop, never printed.
pub struct HmacSecret(SecretSlice<u8>);

impl HmacSecret {
    /// A secret from raw bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(SecretSlice::from(bytes))
    }

    /// The secret bytes: the only way in.
    pub fn expose_secret(&self) -> &[u8] {
        self.0.expose_secret()
    }
}

impl From<SecretString> for HmacSecret {
    /// The UTF-8 bytes of the text.
    fn from(text: SecretString) -> Self {
        Self::from_bytes(text.expose_secret().as_bytes().to_vec())
    }
}

impl<'de> Deserialize<'de> for HmacSecret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        SecretString::deserialize(deserializer).map(Self::from)
    }
}

impl fmt::Debug for HmacSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacSecret(<redacted>)")
    }
}
