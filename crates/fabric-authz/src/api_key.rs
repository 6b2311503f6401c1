//! API keys: creation, hashing, authentication, revocation and the [`ApiKeyStore`] trait.
//!
//! A key reads `fabric_<id>_<secret>`: `id` is 12 lowercase hex characters (48 random bits,
//! public, the lookup key), `secret` is 64 lowercase hex characters (256 random bits).
//! Only `SHA-256("fabric-api-key-v1" 0x00 id 0x00 secret-bytes)` is stored. A plain hash
//! without salt or pepper is enough because the secret is 256 uniformly random bits: there is
//! nothing to guess or precompute; binding the id stops a hash from being moved to another row.

mod memory;
#[cfg(feature = "sqlite")]
mod sqlite;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use secrecy::SecretString;
use serde::Serialize;
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

pub use memory::MemoryApiKeyStore;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteApiKeyStore;

use crate::error::{BoxError, CredentialFailure, Error, NameKind, Result};
use crate::name::validate_name;
use crate::principal::{Principal, normalize_roles};

/// Every API key starts with this prefix; the [`Authenticator`](crate::Authenticator)
/// dispatches on it.
pub const API_KEY_PREFIX: &str = "fabric_";
/// Length of an API key id, in lowercase hex characters.
pub const API_KEY_ID_LEN: usize = 12;
/// Length of a whole API key, in bytes.
pub const API_KEY_LEN: usize = API_KEY_PREFIX.len() + API_KEY_ID_LEN + 1 + SECRET_HEX_LEN;
/// The longest accepted API key label, in bytes.
pub const MAX_KEY_NAME_LEN: usize = 128;

const ID_BYTES: usize = API_KEY_ID_LEN / 2;
const SECRET_BYTES: usize = 32;
const SECRET_HEX_LEN: usize = SECRET_BYTES * 2;
const HASH_DOMAIN: &[u8] = b"fabric-api-key-v1";
pub(crate) const SUBJECT_PREFIX: &str = "apikey:";
const CREATE_ATTEMPTS: usize = 3;

/// Public facts about an API key: never its secret nor its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiKeyInfo {
    /// The key's public id (12 lowercase hex characters).
    pub id: String,
    /// A human label ("ci deploy").
    pub name: String,
    /// The owner the key acts for.
    pub owner: String,
    /// The roles the key grants.
    pub roles: Vec<String>,
    /// When the key was created (whole seconds).
    pub created_at: DateTime<Utc>,
    /// When the key stops working, if ever (whole seconds).
    pub expires_at: Option<DateTime<Utc>>,
    /// When the key was revoked, if it was (whole seconds).
    pub revoked_at: Option<DateTime<Utc>>,
    /// When the key last authenticated, at most [`LAST_USED_RESOLUTION`] behind the true
    /// time (`None`: never since it was created, or since before this field existed).
    pub last_used_at: Option<DateTime<Utc>>,
}

impl ApiKeyInfo {
    /// The subject of principals authenticated with this key: `apikey:<id>`.
    pub fn subject(&self) -> String {
        format!("{SUBJECT_PREFIX}{}", self.id)
    }

    /// Whether the key is usable at `now`: not revoked and not expired.
    pub fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|expires_at| now < expires_at)
    }
}

/// The stored SHA-256 of an API key secret, bound to its id (see [`ApiKeys`]).
///
/// Not key material by itself, but kept out of `Debug`, listings and errors all the same,
/// and compared only in constant time.
#[derive(Clone)]
pub struct SecretHash([u8; 32]);

impl SecretHash {
    /// Wraps hash bytes read back from a store.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The hash bytes, for a store to persist.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn compute(id: &str, secret: &[u8; SECRET_BYTES]) -> Self {
        let digest = Sha256::new()
            .chain_update(HASH_DOMAIN)
            .chain_update([0])
            .chain_update(id.as_bytes())
            .chain_update([0])
            .chain_update(secret)
            .finalize();
        Self(digest.into())
    }

    fn ct_eq(&self, other: &SecretHash) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretHash(<redacted>)")
    }
}

/// What an [`ApiKeyStore`] keeps per key: the public [`ApiKeyInfo`] and the secret's hash.
#[derive(Clone)]
pub struct ApiKeyRecord {
    /// The public facts.
    pub info: ApiKeyInfo,
    /// The hash of the secret.
    pub secret_hash: SecretHash,
}

impl fmt::Debug for ApiKeyRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyRecord")
            .field("info", &self.info)
            .field("secret_hash", &"<redacted>")
            .finish()
    }
}

/// Where API key records live.
///
/// Implementations: [`MemoryApiKeyStore`] (tests) and `SqliteApiKeyStore` (feature `sqlite`).
/// A store only persists records; all checks are in [`ApiKeys`].
#[async_trait]
pub trait ApiKeyStore: fmt::Debug + Send + Sync + 'static {
    /// Inserts a new record.
    ///
    /// # Errors
    ///
    /// [`Error::KeyExists`] if the id is taken (nothing is changed); [`Error::Storage`].
    async fn insert(&self, record: ApiKeyRecord) -> Result<()>;

    /// The record with this id, if any.
    ///
    /// # Errors
    ///
    /// [`Error::Storage`].
    async fn get(&self, id: &str) -> Result<Option<ApiKeyRecord>>;

    /// Every key's public facts, oldest first.
    ///
    /// # Errors
    ///
    /// [`Error::Storage`].
    async fn list(&self) -> Result<Vec<ApiKeyInfo>>;

    /// Marks the key revoked at `at`, keeping an earlier revocation time.
    /// Returns whether a key with this id exists.
    ///
    /// # Errors
    ///
    /// [`Error::Storage`].
    async fn revoke(&self, id: &str, at: DateTime<Utc>) -> Result<bool>;

    /// Records that the key authenticated at `at`, keeping a later time already recorded.
    ///
    /// # Errors
    ///
    /// [`Error::Storage`].
    async fn mark_used(&self, id: &str, at: DateTime<Utc>) -> Result<()>;
}

/// How stale a key's recorded last use may be: a key that authenticates is written back
/// at most once per this period, so a busy key costs one write an hour, not one a request.
pub const LAST_USED_RESOLUTION: Duration = Duration::from_secs(3600);

/// The most key records an [`ApiKeys`] cache holds; it is emptied when full.
pub const MAX_CACHED_KEYS: usize = 10_000;

/// Creates, lists, revokes and authenticates API keys over an [`ApiKeyStore`].
///
/// With [`ApiKeys::with_cache`], the records of known keys are kept in memory for a short
/// time, so that a busy server does not read the store on every request. The secret is
/// still hashed and compared in constant time against the cached hash on every call; what
/// the cache delays is only news from the store: a key revoked through *this* `ApiKeys` is
/// refused at once, a key revoked by another process (the `fabric apikey revoke` command
/// while a server runs) is refused at the latest one cache lifetime later. Unknown ids are
/// never cached.
#[derive(Debug, Clone)]
pub struct ApiKeys {
    store: Arc<dyn ApiKeyStore>,
    cache: Option<Arc<KeyCache>>,
}

#[derive(Debug)]
struct KeyCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, (ApiKeyRecord, Instant)>>,
}

impl KeyCache {
    fn get(&self, id: &str) -> Option<ApiKeyRecord> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(id)
            .filter(|(_, fetched)| fetched.elapsed() < self.ttl)
            .map(|(record, _)| record.clone())
    }

    fn insert(&self, record: ApiKeyRecord) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MAX_CACHED_KEYS {
            entries.clear();
        }
        entries.insert(record.info.id.clone(), (record, Instant::now()));
    }

    /// Sets the last use of `id`'s entry, if it is still cached, keeping its age (a key
    /// revoked or dropped meanwhile is not put back).
    fn note_used(&self, id: &str, at: DateTime<Utc>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((record, _)) = entries.get_mut(id) {
            record.info.last_used_at = Some(at);
        }
    }

    fn forget(&self, id: &str) {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).remove(id);
    }
}

impl ApiKeys {
    /// API keys kept in `store`, read from it on every authentication.
    pub fn new(store: Arc<dyn ApiKeyStore>) -> Self {
        Self { store, cache: None }
    }

    /// Keeps the records of known keys in memory for `ttl` (see the type's docs for what
    /// that delays); a zero `ttl` turns caching off.
    #[must_use]
    pub fn with_cache(mut self, ttl: Duration) -> Self {
        self.cache = (!ttl.is_zero())
            .then(|| Arc::new(KeyCache { ttl, entries: Mutex::new(HashMap::new()) }));
        self
    }

    /// Creates a key for `owner` granting `roles`, labelled `name`, expiring after
    /// `expires_in` (never when `None`).
    ///
    /// Returns the key's public facts and the full key `fabric_<id>_<secret>`, which is shown
    /// this once: only its hash is stored.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidName`] for an invalid owner or role; [`Error::InvalidArgument`] for no
    /// roles, too many roles, an empty, over-long or control-character label, or a zero or
    /// out-of-range expiry; [`Error::Random`]; [`Error::Storage`].
    pub async fn create<R: AsRef<str>>(
        &self,
        roles: &[R],
        owner: &str,
        name: &str,
        expires_in: Option<Duration>,
    ) -> Result<(ApiKeyInfo, SecretString)> {
        validate_name(NameKind::Owner, owner)?;
        let roles = normalize_roles(roles.iter().map(|role| role.as_ref()))?;
        if roles.is_empty() {
            return Err(Error::InvalidArgument { reason: "an api key needs at least one role" });
        }
        validate_key_name(name)?;
        let created_at = whole_seconds(Utc::now());
        let expires_at = match expires_in {
            None => None,
            Some(duration) if duration.is_zero() => {
                return Err(Error::InvalidArgument { reason: "api key expiry must be positive" });
            }
            Some(duration) => Some(
                TimeDelta::from_std(duration)
                    .ok()
                    .and_then(|delta| created_at.checked_add_signed(delta))
                    .map(whole_seconds)
                    .ok_or(Error::InvalidArgument { reason: "api key expiry out of range" })?,
            ),
        };
        for _ in 0..CREATE_ATTEMPTS {
            let mut id_bytes = [0u8; ID_BYTES];
            fill_random(&mut id_bytes)?;
            let id = hex::encode(id_bytes);
            let mut secret = Zeroizing::new([0u8; SECRET_BYTES]);
            fill_random(secret.as_mut())?;
            let info = ApiKeyInfo {
                id: id.clone(),
                name: name.to_owned(),
                owner: owner.to_owned(),
                roles: roles.clone(),
                created_at,
                expires_at,
                revoked_at: None,
                last_used_at: None,
            };
            let secret_hash = SecretHash::compute(&id, &secret);
            match self.store.insert(ApiKeyRecord { info: info.clone(), secret_hash }).await {
                Ok(()) => {
                    tracing::info!(key_id = %id, owner, "api key created");
                    return Ok((info, format_key(&id, &secret)));
                }
                Err(Error::KeyExists) => continue,
                Err(error) => return Err(error),
            }
        }
        Err(Error::KeyExists)
    }

    /// Every key's public facts, oldest first; never a secret or a hash.
    ///
    /// # Errors
    ///
    /// [`Error::Storage`].
    pub async fn list(&self) -> Result<Vec<ApiKeyInfo>> {
        self.store.list().await
    }

    /// The public facts of the key with this id.
    ///
    /// # Errors
    ///
    /// [`Error::KeyNotFound`]; [`Error::Storage`].
    pub async fn get(&self, id: &str) -> Result<ApiKeyInfo> {
        if !is_key_id(id) {
            return Err(Error::KeyNotFound);
        }
        self.store.get(id).await?.map(|record| record.info).ok_or(Error::KeyNotFound)
    }

    /// Revokes the key with this id; revoking twice keeps the first revocation time.
    ///
    /// # Errors
    ///
    /// [`Error::KeyNotFound`]; [`Error::Storage`].
    pub async fn revoke(&self, id: &str) -> Result<()> {
        if !is_key_id(id) {
            return Err(Error::KeyNotFound);
        }
        let revoked = self.store.revoke(id, whole_seconds(Utc::now())).await?;
        if let Some(cache) = &self.cache {
            cache.forget(id);
        }
        if !revoked {
            return Err(Error::KeyNotFound);
        }
        tracing::info!(key_id = %id, "api key revoked");
        Ok(())
    }

    /// Authenticates a full API key now; see [`ApiKeys::authenticate_at`].
    ///
    /// # Errors
    ///
    /// As [`ApiKeys::authenticate_at`].
    pub async fn authenticate(&self, token: &str) -> Result<Principal> {
        self.authenticate_at(token, Utc::now()).await
    }

    /// Authenticates a full API key `fabric_<id>_<secret>` as of `now`.
    ///
    /// The secret's hash is computed and compared in constant time whether or not the id
    /// exists (against a dummy hash when it does not), so an unknown id and a wrong secret
    /// cost the same work.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCredentials`] for a malformed key, an unknown id, a wrong secret, a
    /// revoked or an expired key (the reason is in the error, for audit only);
    /// [`Error::Storage`] if the store fails or holds a corrupt record.
    pub async fn authenticate_at(&self, token: &str, now: DateTime<Utc>) -> Result<Principal> {
        let Some((id, secret)) = parse_key(token) else {
            return Err(Error::invalid_credentials(CredentialFailure::Malformed));
        };
        let record = self.lookup(id).await?;
        let presented = SecretHash::compute(id, &secret);
        let dummy = SecretHash([0u8; 32]);
        let expected = record.as_ref().map_or(&dummy, |record| &record.secret_hash);
        let secret_matches: bool = presented.ct_eq(expected).into();
        let Some(record) = record else {
            return Err(Error::invalid_credentials(CredentialFailure::UnknownKey));
        };
        if !secret_matches {
            return Err(Error::invalid_credentials(CredentialFailure::WrongSecret));
        }
        if record.info.revoked_at.is_some() {
            return Err(Error::invalid_credentials(CredentialFailure::Revoked));
        }
        if record.info.expires_at.is_some_and(|expires_at| now >= expires_at) {
            return Err(Error::invalid_credentials(CredentialFailure::Expired));
        }
        let principal =
            Principal::new(format!("{SUBJECT_PREFIX}{id}"), &record.info.owner, &record.info.roles)
                .map_err(|_| Error::storage("corrupt api key record"))?;
        self.note_use(record, now).await;
        Ok(principal)
    }
}

impl ApiKeys {
    /// Records a successful authentication when the recorded last use is older than
    /// [`LAST_USED_RESOLUTION`]. A store that fails here does not refuse the caller: the
    /// failure is logged and the next authentication tries again.
    async fn note_use(&self, record: ApiKeyRecord, now: DateTime<Utc>) {
        let resolution = TimeDelta::from_std(LAST_USED_RESOLUTION).unwrap_or(TimeDelta::MAX);
        if record.info.last_used_at.is_some_and(|last| now - last < resolution) {
            return;
        }
        let at = whole_seconds(now);
        match self.store.mark_used(&record.info.id, at).await {
            Ok(()) => {
                if let Some(cache) = &self.cache {
                    cache.note_used(&record.info.id, at);
                }
            }
            Err(error) => {
                tracing::warn!(key_id = %record.info.id, %error, "api key use not recorded");
            }
        }
    }

    /// The record of `id`, from the cache when it is fresh there.
    async fn lookup(&self, id: &str) -> Result<Option<ApiKeyRecord>> {
        let Some(cache) = &self.cache else { return self.store.get(id).await };
        if let Some(record) = cache.get(id) {
            return Ok(Some(record));
        }
        let record = self.store.get(id).await?;
        if let Some(record) = &record {
            cache.insert(record.clone());
        }
        Ok(record)
    }
}

/// Whether `token` starts like an API key (the [`API_KEY_PREFIX`]).
pub fn looks_like_api_key(token: &str) -> bool {
    token.starts_with(API_KEY_PREFIX)
}

/// Splits a well-formed key into its id and decoded secret; `None` for anything else.
fn parse_key(token: &str) -> Option<(&str, Zeroizing<[u8; SECRET_BYTES]>)> {
    if token.len() != API_KEY_LEN {
        return None;
    }
    let rest = token.strip_prefix(API_KEY_PREFIX)?;
    let id = rest.get(..API_KEY_ID_LEN)?;
    let secret_hex = rest.get(API_KEY_ID_LEN..)?.strip_prefix('_')?;
    if !is_key_id(id) || !is_lower_hex(secret_hex) {
        return None;
    }
    let mut secret = Zeroizing::new([0u8; SECRET_BYTES]);
    hex::decode_to_slice(secret_hex, secret.as_mut()).ok()?;
    Some((id, secret))
}

/// Whether `id` has the shape of a key id: 12 lowercase hex characters.
fn is_key_id(id: &str) -> bool {
    id.len() == API_KEY_ID_LEN && is_lower_hex(id)
}

fn is_lower_hex(text: &str) -> bool {
    text.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}

/// Writes `fabric_<id>_<hex secret>` straight into a buffer of its final size, so that the
/// only copy of the secret text is the one the returned `SecretString` zeroizes.
fn format_key(id: &str, secret: &[u8; SECRET_BYTES]) -> SecretString {
    const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut key = String::with_capacity(API_KEY_LEN);
    key.push_str(API_KEY_PREFIX);
    key.push_str(id);
    key.push('_');
    for byte in secret {
        key.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
        key.push(char::from(HEX_DIGITS[usize::from(byte & 0x0f)]));
    }
    SecretString::from(key)
}

fn validate_key_name(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::InvalidArgument { reason: "api key name is empty" });
    }
    if name.len() > MAX_KEY_NAME_LEN {
        return Err(Error::InvalidArgument { reason: "api key name is too long" });
    }
    if name.chars().any(char::is_control) {
        return Err(Error::InvalidArgument { reason: "api key name has control characters" });
    }
    Ok(())
}

fn fill_random(buffer: &mut [u8]) -> Result<()> {
    getrandom::fill(buffer).map_err(|source| Error::Random { source: BoxError::from(source) })
}

/// Drops sub-second precision, so that every store returns the times it was given.
pub(crate) fn whole_seconds(time: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(time.timestamp(), 0).unwrap_or(time)
}

#[cfg(test)]
mod tests;
