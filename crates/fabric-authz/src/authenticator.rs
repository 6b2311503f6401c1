//! [`Authenticator`]: one entry point for `Authorization: Bearer ...` values.

use crate::api_key::{ApiKeys, looks_like_api_key};
use crate::error::{CredentialFailure, Error, Result};
use crate::jwt::JwtVerifier;
use crate::principal::Principal;

/// The longest accepted `Authorization` header value, in bytes.
pub const MAX_HEADER_LEN: usize = 16 * 1024 + 64;

/// Dispatches bearer tokens: `fabric_...` to [`ApiKeys`], anything else to the
/// [`JwtVerifier`] when one is configured.
#[derive(Debug, Default)]
pub struct Authenticator {
    api_keys: Option<ApiKeys>,
    jwt: Option<JwtVerifier>,
}

impl Authenticator {
    /// An authenticator that accepts nothing until keys or a verifier are added.
    pub fn new() -> Self {
        Self::default()
    }

    /// Accepts API keys from `api_keys`.
    #[must_use]
    pub fn with_api_keys(mut self, api_keys: ApiKeys) -> Self {
        self.api_keys = Some(api_keys);
        self
    }

    /// Accepts JWTs verified by `jwt`.
    #[must_use]
    pub fn with_jwt(mut self, jwt: JwtVerifier) -> Self {
        self.jwt = Some(jwt);
        self
    }

    /// The JWT verifier, to rotate its keys.
    pub fn jwt_mut(&mut self) -> Option<&mut JwtVerifier> {
        self.jwt.as_mut()
    }

    /// Authenticates the value of an `Authorization` header: `Bearer <token>` (scheme
    /// case-insensitive, one or more spaces, no whitespace inside the token).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCredentials`] (reason `Malformed`) for a missing or other scheme, an
    /// empty or over-long value; otherwise as [`Authenticator::authenticate_token`].
    pub async fn authenticate_header(&self, header_value: &str) -> Result<Principal> {
        let malformed = || Error::invalid_credentials(CredentialFailure::Malformed);
        if header_value.len() > MAX_HEADER_LEN {
            return Err(malformed());
        }
        let (scheme, token) = header_value.trim().split_once(' ').ok_or_else(malformed)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(malformed());
        }
        let token = token.trim_start_matches(' ');
        if token.is_empty() || token.chars().any(char::is_whitespace) {
            return Err(malformed());
        }
        self.authenticate_token(token).await
    }

    /// Authenticates a bare bearer token.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCredentials`], reason `Unsupported` when the token's kind is not
    /// configured; otherwise as [`ApiKeys::authenticate`] or [`JwtVerifier::verify`].
    pub async fn authenticate_token(&self, token: &str) -> Result<Principal> {
        let unsupported = || Error::invalid_credentials(CredentialFailure::Unsupported);
        if looks_like_api_key(token) {
            self.api_keys.as_ref().ok_or_else(unsupported)?.authenticate(token).await
        } else {
            self.jwt.as_ref().ok_or_else(unsupported)?.verify(token)
        }
    }
}
