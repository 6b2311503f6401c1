//! The crate's one error type, the credential-failure reasons kept for audit, and `Result`.

use std::fmt;

use crate::permission::Permission;

/// A boxed error kept as the `source` of a storage or key-loading failure.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `fabric-authz`.
///
/// Messages are lowercase and never contain a token, an API key, a secret or a key.
/// Every failed authentication, whatever its cause, is the single opaque variant
/// [`Error::InvalidCredentials`]; its [`CredentialFailure`] says why, for the audit log only.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The presented API key, JWT or `Authorization` header was refused.
    ///
    /// The message is the same for every reason, so callers (and HTTP clients) learn nothing
    /// about which check failed; `reason` is for audit events.
    #[error("invalid credentials")]
    InvalidCredentials {
        /// Why the credential was refused (for audit, never for the client).
        reason: CredentialFailure,
    },
    /// The principal is authenticated but its roles do not grant the permission.
    #[error("permission denied: {subject} lacks permission {permission}")]
    PermissionDenied {
        /// The subject that asked.
        subject: String,
        /// The permission it lacks.
        permission: Permission,
    },
    /// A subject, owner or role name is empty, too long or outside `[A-Za-z0-9._@=+:-]`.
    #[error("invalid {kind} name")]
    InvalidName {
        /// Which kind of name was refused.
        kind: NameKind,
    },
    /// An argument other than a name is out of range (for example an API key label or expiry).
    #[error("invalid argument: {reason}")]
    InvalidArgument {
        /// What was wrong, in a few words.
        reason: &'static str,
    },
    /// A roles or JWT configuration is inconsistent.
    #[error("invalid configuration: {reason}")]
    InvalidConfig {
        /// What was wrong, in a few words; never contains key material.
        reason: String,
    },
    /// A configured JWT verification key could not be loaded.
    #[error("invalid jwt key {kid}")]
    InvalidJwtKey {
        /// The key's `kid` (or `<none>`), which is public.
        kid: String,
        /// The parser's error.
        #[source]
        source: BoxError,
    },
    /// No API key has this id.
    #[error("api key not found")]
    KeyNotFound,
    /// An API key with this id already exists (a random id collided).
    #[error("api key id already exists")]
    KeyExists,
    /// The API key store failed.
    #[error("api key storage failed")]
    Storage {
        /// The store's error.
        #[source]
        source: BoxError,
    },
    /// The operating system's random number generator failed.
    #[error("random number generator failed")]
    Random {
        /// The generator's error.
        #[source]
        source: BoxError,
    },
}

impl Error {
    /// Builds [`Error::InvalidCredentials`] for `reason`.
    pub fn invalid_credentials(reason: CredentialFailure) -> Self {
        Self::InvalidCredentials { reason }
    }

    /// Why a credential was refused, if this is [`Error::InvalidCredentials`].
    pub fn credential_failure(&self) -> Option<CredentialFailure> {
        match self {
            Self::InvalidCredentials { reason } => Some(*reason),
            _ => None,
        }
    }

    pub(crate) fn storage(source: impl Into<BoxError>) -> Self {
        Self::Storage { source: source.into() }
    }
}

/// Why a credential was refused: an audit code, never shown to the client.
///
/// None of the variants carries any part of the credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CredentialFailure {
    /// The credential is not well formed: empty, wrong prefix, wrong length or encoding,
    /// undecodable JWT segments, an `Authorization` header without the `Bearer` scheme.
    Malformed,
    /// The JWT's `exp` (plus leeway) has passed, or the API key's expiry has passed.
    Expired,
    /// The JWT's `nbf` (minus leeway) is still in the future.
    NotYetValid,
    /// The JWT's signature does not verify with the selected key.
    BadSignature,
    /// The API key id is known but the secret is wrong.
    WrongSecret,
    /// The JWT's `iss` is not one of the configured issuers.
    WrongIssuer,
    /// The JWT's `aud` names none of the configured audiences.
    WrongAudience,
    /// No configured key matches the JWT's `kid` (or, without `kid`, not exactly one key of
    /// its algorithm is configured), or the API key id is unknown.
    UnknownKey,
    /// The JWT's `alg` is `none` or an algorithm that no configured key uses.
    AlgorithmNotAllowed,
    /// A required claim (`exp`, subject, owner, or `iss`/`aud` when configured) is absent.
    MissingClaim,
    /// A claim is present but has the wrong type or an invalid value (for example an owner
    /// outside the allowed charset).
    InvalidClaim,
    /// The API key was revoked.
    Revoked,
    /// The credential kind is not enabled (for example a JWT when no JWT verifier is set).
    Unsupported,
}

impl CredentialFailure {
    /// A stable snake_case code for audit events and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::BadSignature => "bad_signature",
            Self::WrongSecret => "wrong_secret",
            Self::WrongIssuer => "wrong_issuer",
            Self::WrongAudience => "wrong_audience",
            Self::UnknownKey => "unknown_key",
            Self::AlgorithmNotAllowed => "algorithm_not_allowed",
            Self::MissingClaim => "missing_claim",
            Self::InvalidClaim => "invalid_claim",
            Self::Revoked => "revoked",
            Self::Unsupported => "unsupported",
        }
    }
}

impl fmt::Display for CredentialFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which kind of name [`Error::InvalidName`] refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NameKind {
    /// A principal's subject.
    Subject,
    /// An owner (tenant).
    Owner,
    /// A role.
    Role,
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Subject => "subject",
            Self::Owner => "owner",
            Self::Role => "role",
        })
    }
}
