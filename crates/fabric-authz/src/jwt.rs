//! JWT verification: [`JwtVerifier`], pinned algorithms, keys selected by `kid`, claims checks.
//!
//! The verifier parses the JOSE header itself, so that `alg: none`, an unknown algorithm or
//! an algorithm no configured key uses is refused before any cryptography, and the key a
//! token selects fixes its algorithm (no RS256/HS256 confusion). The signature, the required
//! claims, the issuer and the audience are then checked by `jsonwebtoken::decode` with a
//! [`jsonwebtoken::Validation`] pinned to that one algorithm. Time (`exp`, `nbf`) is checked
//! here, because `Validation` reads the system clock and [`JwtVerifier::verify_at`] takes the
//! caller's; so are the principal claims, which `Validation` has no notion of. Header fields
//! that point elsewhere (`jku`, `x5u`, `jwk`) are ignored, never fetched; a `crit` header is
//! refused because no extension is understood.

mod config;

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{DecodingKey, Validation};
use serde_json::{Map, Value};

pub use config::{
    ClaimNames, DEFAULT_LEEWAY_SECONDS, HmacSecret, JwtAlgorithm, JwtConfig, JwtKeyConfig,
};

use crate::error::{BoxError, CredentialFailure, Error, Result};
use crate::name::is_valid_name;
use crate::principal::{MAX_ROLES, Principal};

/// The longest accepted token, in bytes.
pub const MAX_TOKEN_LEN: usize = 16 * 1024;
/// The largest accepted leeway, in seconds.
pub const MAX_LEEWAY_SECONDS: u64 = 300;
/// The shortest accepted HS256 secret, in bytes (RFC 7518 section 3.2).
pub const MIN_HMAC_SECRET_LEN: usize = 32;
/// Subjects a JWT may not carry: the actors the `fabric` binary audits its own operations as
/// (a library that audits as another actor is protected by `SecureSession`, which refuses a
/// principal named like its fabric's actor).
pub const RESERVED_SUBJECTS: &[&str] = &[CLI_ACTOR, SERVER_ACTOR];
/// The actor the `fabric` binary audits its own commands as.
pub const CLI_ACTOR: &str = "cli";
/// The actor `fabric serve` audits its own operations as (requests audit as their principal).
pub const SERVER_ACTOR: &str = "server";
/// The least estimated entropy of an accepted HS256 secret, in bits.
pub const MIN_HMAC_SECRET_BITS: f64 = 80.0;
/// The smallest accepted RSA modulus, in bits.
pub const MIN_RSA_BITS: usize = 2048;
const MAX_KID_LEN: usize = 256;

/// Verifies JWTs and turns their claims into a [`Principal`].
///
/// Build it from a [`JwtConfig`]; rotate keys with [`JwtVerifier::insert_key`] (old and new
/// keys valid together) and later [`JwtVerifier::remove_key`].
pub struct JwtVerifier {
    keys: Vec<VerificationKey>,
    issuers: Vec<String>,
    audiences: Vec<String>,
    leeway_seconds: i64,
    claims: ClaimNames,
}

struct VerificationKey {
    kid: Option<String>,
    algorithm: JwtAlgorithm,
    key: DecodingKey,
    /// The claim checks `jsonwebtoken` runs for tokens this key verifies.
    validation: Validation,
}

impl fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<(Option<&str>, JwtAlgorithm)> = self.key_ids().collect();
        f.debug_struct("JwtVerifier")
            .field("keys", &keys)
            .field("issuers", &self.issuers)
            .field("audiences", &self.audiences)
            .field("leeway_seconds", &self.leeway_seconds)
            .field("claims", &self.claims)
            .finish()
    }
}

impl JwtVerifier {
    /// Loads and checks every key of `config`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] for no keys, a duplicate or invalid `kid`, an HS256 secret
    /// shorter than [`MIN_HMAC_SECRET_LEN`], an RSA key under [`MIN_RSA_BITS`], an empty
    /// issuer, audience or claim name, or a leeway over [`MAX_LEEWAY_SECONDS`];
    /// [`Error::InvalidJwtKey`] for PEM text that is not a key of the stated algorithm.
    pub fn new(config: &JwtConfig) -> Result<Self> {
        if config.leeway_seconds > MAX_LEEWAY_SECONDS {
            return Err(invalid_config(format!("leeway over {MAX_LEEWAY_SECONDS} seconds")));
        }
        if config.issuers.iter().chain(&config.audiences).any(String::is_empty) {
            return Err(invalid_config("empty issuer or audience".to_owned()));
        }
        let names = &config.claims;
        if [&names.subject, &names.owner, &names.roles].iter().any(|name| name.is_empty()) {
            return Err(invalid_config("empty claim name".to_owned()));
        }
        let mut verifier = Self {
            keys: Vec::new(),
            issuers: config.issuers.clone(),
            audiences: config.audiences.clone(),
            leeway_seconds: i64::try_from(config.leeway_seconds).unwrap_or(i64::MAX),
            claims: config.claims.clone(),
        };
        for key in &config.keys {
            verifier.insert_key(key)?;
        }
        if verifier.keys.is_empty() {
            return Err(invalid_config("no jwt keys".to_owned()));
        }
        Ok(verifier)
    }

    /// Adds a key, for example the new key of a rotation.
    ///
    /// # Errors
    ///
    /// As [`JwtVerifier::new`] for one key, including a `kid` already in use.
    pub fn insert_key(&mut self, config: &JwtKeyConfig) -> Result<()> {
        let kid = config.kid().map(str::to_owned);
        if let Some(kid) = &kid {
            if kid.is_empty() || kid.len() > MAX_KID_LEN || kid.chars().any(char::is_control) {
                return Err(invalid_config("invalid kid".to_owned()));
            }
            if self.keys.iter().any(|key| key.kid.as_ref() == Some(kid)) {
                return Err(invalid_config(format!("duplicate kid {kid}")));
            }
        }
        let key = load_key(config)?;
        let validation = self.validation(config.algorithm());
        self.keys.push(VerificationKey { kid, algorithm: config.algorithm(), key, validation });
        Ok(())
    }

    /// The checks `jsonwebtoken` runs for a key of `algorithm`: that one algorithm; `iss` and
    /// `aud` present when issuers or audiences are configured; the issuer and
    /// audience among them. Time is left to [`JwtVerifier::check_time`] (see the module doc).
    fn validation(&self, algorithm: JwtAlgorithm) -> Validation {
        let mut validation = Validation::new(algorithm.to_jsonwebtoken());
        validation.validate_exp = false;
        validation.validate_nbf = false;
        // `exp` is required by `check_time`, which also reads the NumericDates `Validation`
        // does not (negative, fractional).
        let mut required = Vec::new();
        if !self.issuers.is_empty() {
            validation.set_issuer(&self.issuers);
            required.push("iss");
        }
        if !self.audiences.is_empty() {
            validation.set_audience(&self.audiences);
            required.push("aud");
        }
        validation.set_required_spec_claims(&required);
        validation
    }

    /// Removes the key with this `kid` (the old key after a rotation); returns whether one
    /// was removed. Tokens selecting it are refused from then on.
    pub fn remove_key(&mut self, kid: &str) -> bool {
        let before = self.keys.len();
        self.keys.retain(|key| key.kid.as_deref() != Some(kid));
        self.keys.len() != before
    }

    /// The configured keys' ids and algorithms.
    pub fn key_ids(&self) -> impl Iterator<Item = (Option<&str>, JwtAlgorithm)> {
        self.keys.iter().map(|key| (key.kid.as_deref(), key.algorithm))
    }

    /// Verifies `token` now; see [`JwtVerifier::verify_at`].
    ///
    /// # Errors
    ///
    /// As [`JwtVerifier::verify_at`].
    pub fn verify(&self, token: &str) -> Result<Principal> {
        self.verify_at(token, Utc::now())
    }

    /// Verifies `token` as of `now` and returns the principal its claims name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCredentials`], whose [`CredentialFailure`] is `Malformed`,
    /// `AlgorithmNotAllowed` (`none`, unknown or unconfigured `alg`), `UnknownKey`,
    /// `BadSignature`, `Expired`, `NotYetValid`, `WrongIssuer`, `WrongAudience`,
    /// `MissingClaim` (`exp`, subject, owner, or `iss`/`aud` when configured) or
    /// `InvalidClaim`. The token is never part of the error.
    pub fn verify_at(&self, token: &str, now: DateTime<Utc>) -> Result<Principal> {
        self.verify_inner(token, now).map_err(Error::invalid_credentials)
    }

    fn verify_inner(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Principal, CredentialFailure> {
        use CredentialFailure as Failure;

        if token.is_empty() || token.len() > MAX_TOKEN_LEN {
            return Err(Failure::Malformed);
        }
        let mut parts = token.split('.');
        let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Failure::Malformed);
        };
        let header = decode_json_object(header_b64)?;
        let algorithm = match header.get("alg") {
            Some(Value::String(alg)) => {
                JwtAlgorithm::from_name(alg).ok_or(Failure::AlgorithmNotAllowed)?
            }
            _ => return Err(Failure::Malformed),
        };
        if header.contains_key("crit") {
            return Err(Failure::Malformed);
        }
        let kid = match header.get("kid") {
            None => None,
            Some(Value::String(kid)) => Some(kid.as_str()),
            Some(_) => return Err(Failure::Malformed),
        };
        let key = self.select_key(algorithm, kid)?;

        if URL_SAFE_NO_PAD.decode(signature_b64).is_err() {
            return Err(Failure::Malformed);
        }
        let claims =
            match jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, &key.validation) {
                Ok(decoded) => decoded.claims,
                // `Validation` calls a claim that does not parse missing; it is there, but invalid.
                // The signature was verified before the claims were read.
                Err(error) => match error.kind() {
                    ErrorKind::MissingRequiredClaim(name)
                        if decode_json_object(payload_b64)
                            .is_ok_and(|claims| claims.get(name).is_some_and(|v| !v.is_null())) =>
                    {
                        return Err(Failure::InvalidClaim);
                    }
                    kind => return Err(failure_of(kind)),
                },
            };
        // `Validation` also takes a list of issuers; a token names one.
        if claims.get("iss").is_some_and(|issuer| !issuer.is_string()) {
            return Err(Failure::InvalidClaim);
        }
        self.check_time(&claims, now)?;
        self.principal_from(&claims)
    }

    fn select_key(
        &self,
        algorithm: JwtAlgorithm,
        kid: Option<&str>,
    ) -> Result<&VerificationKey, CredentialFailure> {
        if !self.keys.iter().any(|key| key.algorithm == algorithm) {
            return Err(CredentialFailure::AlgorithmNotAllowed);
        }
        match kid {
            Some(kid) => {
                let key = self
                    .keys
                    .iter()
                    .find(|key| key.kid.as_deref() == Some(kid))
                    .ok_or(CredentialFailure::UnknownKey)?;
                if key.algorithm == algorithm {
                    Ok(key)
                } else {
                    Err(CredentialFailure::AlgorithmNotAllowed)
                }
            }
            None => {
                let mut candidates = self.keys.iter().filter(|key| key.algorithm == algorithm);
                match (candidates.next(), candidates.next()) {
                    (Some(key), None) => Ok(key),
                    _ => Err(CredentialFailure::UnknownKey),
                }
            }
        }
    }

    fn check_time(
        &self,
        claims: &Map<String, Value>,
        now: DateTime<Utc>,
    ) -> Result<(), CredentialFailure> {
        let now = now.timestamp();
        let expires_at = numeric_date(claims.get("exp"))?.ok_or(CredentialFailure::MissingClaim)?;
        if now >= expires_at.saturating_add(self.leeway_seconds) {
            return Err(CredentialFailure::Expired);
        }
        if let Some(not_before) = numeric_date(claims.get("nbf"))?
            && now.saturating_add(self.leeway_seconds) < not_before
        {
            return Err(CredentialFailure::NotYetValid);
        }
        Ok(())
    }

    fn principal_from(&self, claims: &Map<String, Value>) -> Result<Principal, CredentialFailure> {
        let subject = name_claim(claims, &self.claims.subject)?;
        // API keys act as `apikey:<id>`, the `fabric` binary as `cli` and `server`: a token
        // may not pass for any of them in the audit log.
        if subject.starts_with(crate::api_key::SUBJECT_PREFIX)
            || RESERVED_SUBJECTS.contains(&subject)
        {
            return Err(CredentialFailure::InvalidClaim);
        }
        let owner = name_claim(claims, &self.claims.owner)?;
        let roles: Vec<&str> = match claims.get(&self.claims.roles) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(roles)) => roles.split_ascii_whitespace().collect(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().ok_or(CredentialFailure::InvalidClaim))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(CredentialFailure::InvalidClaim),
        };
        if roles.len() > MAX_ROLES * 4 {
            return Err(CredentialFailure::InvalidClaim);
        }
        Principal::new(subject, owner, roles).map_err(|_| CredentialFailure::InvalidClaim)
    }
}

fn invalid_config(reason: String) -> Error {
    Error::InvalidConfig { reason }
}

fn load_key(config: &JwtKeyConfig) -> Result<DecodingKey> {
    let kid = config.kid().unwrap_or("<none>").to_owned();
    let key_error = |source: BoxError| Error::InvalidJwtKey { kid: kid.clone(), source };
    match config {
        JwtKeyConfig::Hs256 { secret, .. } => {
            if secret.expose_secret().len() < MIN_HMAC_SECRET_LEN {
                return Err(invalid_config(format!(
                    "hs256 secret of key {kid} shorter than {MIN_HMAC_SECRET_LEN} bytes"
                )));
            }
            if !looks_random(secret.expose_secret()) {
                return Err(invalid_config(format!(
                    "hs256 secret of key {kid} has too little entropy to be random"
                )));
            }
            Ok(DecodingKey::from_secret(secret.expose_secret()))
        }
        JwtKeyConfig::Rs256 { public_key_pem, .. } => {
            let key = DecodingKey::from_rsa_pem(public_key_pem.as_bytes())
                .map_err(|error| key_error(error.into()))?;
            let der = key.try_get_as_bytes().map_err(|error| key_error(error.into()))?;
            let (modulus, _exponent) =
                (DEFAULT_PROVIDER.key_utils.rsa_pub_components_from_public_key)(der)
                    .map_err(|error| key_error(error.into()))?;
            let significant = modulus.iter().skip_while(|byte| **byte == 0).count();
            if significant * 8 < MIN_RSA_BITS {
                return Err(invalid_config(format!(
                    "rsa key {kid} shorter than {MIN_RSA_BITS} bits"
                )));
            }
            Ok(key)
        }
        JwtKeyConfig::EdDsa { public_key_pem, .. } => {
            let key = DecodingKey::from_ed_pem(public_key_pem.as_bytes())
                .map_err(|error| key_error(error.into()))?;
            // jsonwebtoken slices the first 32 bytes unchecked: check the length first.
            let raw = key.try_get_as_bytes().map_err(|error| key_error(error.into()))?;
            if raw.len() != 32 {
                return Err(key_error("ed25519 public key is not 32 bytes".into()));
            }
            (DEFAULT_PROVIDER.verifier_factory)(&jsonwebtoken::Algorithm::EdDSA, &key)
                .map_err(|error| key_error(error.into()))?;
            Ok(key)
        }
    }
}

/// What a `jsonwebtoken` error means for the caller. Only the kinds `decode` can return for a
/// token are named; anything else is a token it could not read.
fn failure_of(kind: &ErrorKind) -> CredentialFailure {
    match kind {
        ErrorKind::InvalidSignature => CredentialFailure::BadSignature,
        ErrorKind::InvalidAlgorithm | ErrorKind::MissingAlgorithm => {
            CredentialFailure::AlgorithmNotAllowed
        }
        ErrorKind::MissingRequiredClaim(_) => CredentialFailure::MissingClaim,
        ErrorKind::InvalidClaimFormat(_) => CredentialFailure::InvalidClaim,
        ErrorKind::InvalidIssuer => CredentialFailure::WrongIssuer,
        ErrorKind::InvalidAudience => CredentialFailure::WrongAudience,
        ErrorKind::ExpiredSignature => CredentialFailure::Expired,
        ErrorKind::ImmatureSignature => CredentialFailure::NotYetValid,
        _ => CredentialFailure::Malformed,
    }
}

fn decode_json_object(segment: &str) -> Result<Map<String, Value>, CredentialFailure> {
    let bytes = URL_SAFE_NO_PAD.decode(segment).map_err(|_| CredentialFailure::Malformed)?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(CredentialFailure::Malformed),
    }
}

/// A NumericDate claim (integer or fractional seconds) as whole seconds.
fn numeric_date(value: Option<&Value>) -> Result<Option<i64>, CredentialFailure> {
    let Some(value) = value else {
        return Ok(None);
    };
    if let Some(seconds) = value.as_i64() {
        return Ok(Some(seconds));
    }
    if value.as_u64().is_some() {
        // Beyond i64: the far future.
        return Ok(Some(i64::MAX));
    }
    match value.as_f64() {
        // `as` saturates at the i64 bounds, which keeps far-off dates meaningful.
        Some(seconds) if seconds.is_finite() => Ok(Some(seconds.floor() as i64)),
        _ => Err(CredentialFailure::InvalidClaim),
    }
}

fn name_claim<'a>(
    claims: &'a Map<String, Value>,
    name: &str,
) -> Result<&'a str, CredentialFailure> {
    match claims.get(name) {
        None | Some(Value::Null) => Err(CredentialFailure::MissingClaim),
        Some(Value::String(value)) if is_valid_name(value) => Ok(value),
        Some(_) => Err(CredentialFailure::InvalidClaim),
    }
}

/// Whether a shared secret could have come from a random source: its bytes' empirical
/// (Shannon) entropy times its length is at least [`MIN_HMAC_SECRET_BITS`], it has at least 8
/// distinct bytes, and it is not a short pattern repeated. The same rule in spirit as the
/// master key's: it refuses secrets zero-filled or repeated (32 identical bytes, `"secret"`
/// six times, `"abcdefgh"` four times), and accepts 32 random bytes and random hex or base64
/// text of 32 characters or more.
fn looks_random(secret: &[u8]) -> bool {
    let mut counts = [0usize; 256];
    for &byte in secret {
        counts[usize::from(byte)] += 1;
    }
    let len = secret.len() as f64;
    let distinct = counts.iter().filter(|&&count| count > 0).count();
    let bits_per_byte: f64 = counts
        .iter()
        .filter(|&&count| count > 0)
        .map(|&count| {
            let p = count as f64 / len;
            -p * p.log2()
        })
        .sum();
    let repeats_a_pattern = (1..=secret.len() / 2).any(|period| {
        secret.iter().skip(period).zip(secret).all(|(later, earlier)| later == earlier)
    });
    distinct >= 8 && !repeats_a_pattern && bits_per_byte * len >= MIN_HMAC_SECRET_BITS
}
