//! The error type of fabric-store.

/// Result with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in a backend; variants say what the caller can do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No object is stored under the key.
    #[error("no object at {key}")]
    NotFound {
        /// The key that was asked for.
        key: String,
    },
    /// A create-only put found an object already there.
    #[error("an object already exists at {key}")]
    AlreadyExists {
        /// The contested key.
        key: String,
    },
    /// A conditional put found another version than the one it was given: retry from a read.
    #[error("the object at {key} has changed since it was read")]
    VersionMismatch {
        /// The contested key.
        key: String,
    },
    /// A key that is not a valid object key.
    #[error("invalid object key: {reason}")]
    InvalidKey {
        /// Why it was refused.
        reason: &'static str,
    },
    /// The object is under an Object Lock retention (write once, read many) that has not
    /// expired, so the server refused to remove it; nothing readable was removed.
    #[error("the object at {key} is under retention and cannot be deleted yet")]
    Retained {
        /// The protected key.
        key: String,
    },
    /// A plain-HTTP endpoint was refused: storage traffic must use TLS, except to a loopback
    /// address when plain HTTP is allowed explicitly.
    #[error(
        "refusing plain http endpoint {endpoint}: use https, or allow http explicitly for a loopback address"
    )]
    InsecureTransport {
        /// The endpoint's scheme, host and port (never credentials).
        endpoint: String,
    },
    /// The backend's configuration is unusable.
    #[error("invalid storage configuration: {reason}")]
    InvalidConfig {
        /// What is wrong.
        reason: String,
    },
    /// The backend cannot do this at all.
    #[error("{backend} does not support {operation}")]
    Unsupported {
        /// Which backend.
        backend: &'static str,
        /// What was asked.
        operation: &'static str,
    },
    /// The backend failed (I/O, database, network).
    #[error("{backend} backend failed")]
    Backend {
        /// Which backend.
        backend: &'static str,
        /// The cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Error {
    pub(crate) fn backend(
        backend: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::Backend { backend, source: source.into() }
    }
}
