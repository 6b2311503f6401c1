//! Errors: [`ApiError`] (what an HTTP client sees) and [`Error`] (starting a server).

use std::io;
use std::path::PathBuf;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong while configuring or starting a server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The listen address is not a loopback address and neither TLS nor plain HTTP was
    /// explicitly allowed.
    #[error(
        "refusing to serve plain HTTP on the non-loopback address {address}: give --tls-cert and --tls-key, or --insecure-http"
    )]
    InsecureListen {
        /// The address asked for.
        address: std::net::SocketAddr,
    },
    /// A TLS certificate or key file could not be read or used.
    #[error("invalid TLS {what} in {path}")]
    Tls {
        /// `certificate` or `private key`.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The listening socket could not be opened.
    #[error("cannot listen on {address}")]
    Bind {
        /// The address asked for.
        address: std::net::SocketAddr,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

/// An error answer: a status and `{"error": {"code", "message"}}`.
///
/// Codes are stable snake_case strings; messages are short sentences that name ids and
/// fields but never content, keys, tokens or internal causes (a 500 always says only
/// "internal error").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable error code.
    pub code: &'static str,
    /// A message for humans.
    pub message: String,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into() }
    }

    /// 401: the credential was missing or refused (the same answer whatever the reason).
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "missing or invalid credentials")
    }

    /// 500 without details.
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error")
    }

    /// 400 for a malformed request part (`what` names it: query, path, header).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 404 for a path no route has.
    pub fn no_route() -> Self {
        Self::new(StatusCode::NOT_FOUND, "no_route", "no such route")
    }

    /// 405 for a known path with another method.
    pub fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed")
    }

    /// 408 when the request took longer than the configured timeout.
    pub fn timeout() -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, "timeout", "the request took too long")
    }

    /// 413 when the body is larger than the configured limit.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the request body is larger than {limit} bytes"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<fabric_core::Error> for ApiError {
    fn from(error: fabric_core::Error) -> Self {
        use fabric_core::Error as Core;
        match &error {
            Core::NotFound { .. } => {
                Self::new(StatusCode::NOT_FOUND, "not_found", error.to_string())
            }
            Core::VersionConflict { .. } => {
                Self::new(StatusCode::CONFLICT, "conflict", error.to_string())
            }
            Core::Retained { .. } => Self::new(StatusCode::CONFLICT, "retained", error.to_string()),
            Core::InvalidInput { .. } => {
                Self::new(StatusCode::BAD_REQUEST, "invalid_input", error.to_string())
            }
            Core::PolicyRejected { .. } => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "policy_rejected", error.to_string())
            }
            Core::PermissionDenied { permission, .. } => Self::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                format!("this credential lacks the {permission} permission"),
            ),
            Core::Unsupported { .. } => {
                Self::new(StatusCode::NOT_IMPLEMENTED, "not_implemented", error.to_string())
            }
            // The owner was shredded: its records are gone for good.
            Core::KeyDestroyed { .. } => {
                Self::new(StatusCode::GONE, "key_destroyed", error.to_string())
            }
            Core::Authentication { .. }
            | Core::UnknownKey { .. }
            | Core::Corrupt { .. }
            | Core::Stale { .. } => {
                tracing::error!(error = %error, "stored record failed authentication");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "integrity_failure",
                    "a stored record failed authentication",
                )
            }
            _ => {
                tracing::error!(error = %error, "request failed");
                Self::internal()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_map_to_statuses_without_internals() {
        let not_found = ApiError::from(fabric_core::Error::NotFound { id: "r1".into() });
        assert_eq!((not_found.status, not_found.code), (StatusCode::NOT_FOUND, "not_found"));
        let config = ApiError::from(fabric_core::Error::Config { reason: "secret path".into() });
        assert_eq!(config, ApiError::internal());
        let denied = ApiError::from(fabric_core::Error::PermissionDenied {
            subject: "apikey:0123456789ab".into(),
            permission: fabric_core::fabric_authz::Permission::Delete,
        });
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
        assert!(!denied.message.contains("apikey"));
        let shredded = ApiError::from(fabric_core::Error::KeyDestroyed { owner: "bob".into() });
        assert_eq!((shredded.status, shredded.code), (StatusCode::GONE, "key_destroyed"));
    }
}
