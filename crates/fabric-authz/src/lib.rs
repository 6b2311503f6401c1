//! Access control for memory-fabric: principals, roles, permissions, API keys and JWTs.
//!
//! The boundary of this crate is the [`ApiKeyStore`] trait, where API key records live
//! ([`MemoryApiKeyStore`] for tests, [`SqliteApiKeyStore`] in a shared SQLite file). Around it:
//!
//! - [`Principal`]: an authenticated caller, `{ subject, owner, roles }`, with validated names
//!   (1 to 128 bytes of `[A-Za-z0-9._@=+:-]`).
//! - [`Policy`]: the role table. Built-in roles `viewer` {get, recall}, `user` {viewer + store,
//!   delete} and `admin` {every [`Permission`]}, plus custom roles from a [`RolesConfig`].
//!   [`Policy::check`] refuses with [`Error::PermissionDenied`]; [`Policy::scope_owner`] keeps a
//!   non-admin on its own owner whatever owner it asks for.
//! - [`ApiKeys`]: keys `fabric_<id>_<secret>` (12 hex id, 256-bit hex secret) shown once,
//!   stored only as a SHA-256 hash bound to the id, compared in constant time, revocable and
//!   optionally expiring.
//! - [`JwtVerifier`]: HS256, RS256 and EdDSA keys from a [`JwtConfig`], selected by `kid`,
//!   each pinning its algorithm; `exp` required, `nbf`, `iss`, `aud` checked with a leeway.
//! - [`Authenticator`]: takes an `Authorization: Bearer ...` value and dispatches to the two.
//!
//! Every refused credential is the one opaque [`Error::InvalidCredentials`]; its
//! [`CredentialFailure`] says why, for the audit log only, and never contains the credential.
//!
//! ```
//! use std::sync::Arc;
//!
//! use fabric_authz::secrecy::ExposeSecret;
//! use fabric_authz::{ApiKeys, MemoryApiKeyStore, Permission, Policy, Scope};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), fabric_authz::Error> {
//! let policy = Policy::default();
//! let api_keys = ApiKeys::new(Arc::new(MemoryApiKeyStore::new()));
//! let (info, key) = api_keys.create(&["user"], "acme", "ci deploy", None).await?;
//!
//! let principal = api_keys.authenticate(key.expose_secret()).await?;
//! assert_eq!(principal.owner(), "acme");
//! policy.check(&principal, Permission::Store)?;
//! assert!(policy.check(&principal, Permission::Export).is_err());
//! // A non-admin naming another owner is kept on its own owner.
//! assert_eq!(policy.scope_owner(&principal, Some("globex"))?, Scope::Owner("acme".into()));
//!
//! api_keys.revoke(&info.id).await?;
//! assert!(api_keys.authenticate(key.expose_secret()).await.is_err());
//! # Ok(()) }
//! ```
//!
//! | feature  | enables                                              |
//! |----------|------------------------------------------------------|
//! | `sqlite` | [`SqliteApiKeyStore`] (rusqlite, bundled) (default)  |
//!
//! Secrets (API key secrets, HS256 secrets) live only in `secrecy` types or zeroizing
//! buffers; every type holding one prints `<redacted>`.

mod api_key;
mod authenticator;
mod error;
mod jwt;
mod name;
mod permission;
mod policy;
mod principal;

#[cfg(feature = "sqlite")]
pub use api_key::SqliteApiKeyStore;
pub use api_key::{
    API_KEY_ID_LEN, API_KEY_LEN, API_KEY_PREFIX, ApiKeyInfo, ApiKeyRecord, ApiKeyStore, ApiKeys,
    LAST_USED_RESOLUTION, MAX_CACHED_KEYS, MAX_KEY_NAME_LEN, MemoryApiKeyStore, SecretHash,
    looks_like_api_key,
};
pub use authenticator::{Authenticator, MAX_HEADER_LEN};
pub use error::{BoxError, CredentialFailure, Error, NameKind, Result};
pub use jwt::{
    CLI_ACTOR, ClaimNames, DEFAULT_LEEWAY_SECONDS, HmacSecret, JwtAlgorithm, JwtConfig,
    JwtKeyConfig, JwtVerifier, MAX_LEEWAY_SECONDS, MAX_TOKEN_LEN, MIN_HMAC_SECRET_BITS,
    MIN_HMAC_SECRET_LEN, MIN_RSA_BITS, RESERVED_SUBJECTS, SERVER_ACTOR,
};
pub use name::{MAX_NAME_LEN, is_valid_name, validate_name};
pub use permission::{Permission, PermissionSet};
pub use policy::{ADMIN, Policy, RolesConfig, Scope, USER, VIEWER};
pub use principal::{MAX_ROLES, Principal};
/// Re-exported so callers use the same `SecretString` and `ExposeSecret` as this crate.
pub use secrecy;
