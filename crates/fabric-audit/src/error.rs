//! The error type of fabric-audit.

use std::sync::Arc;

use crate::{StreamId, Tamper};

/// Result with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong while writing, reading or verifying an audit log.
///
/// No message ever holds an event's ids, a key or a MAC: causes are in `source()`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A name or id that breaks its character-set or length rule.
    #[error("invalid {what}: {reason}")]
    InvalidName {
        /// Which kind of name (`id`, `stream id`, `detail name`, ...).
        what: &'static str,
        /// The rule that was broken.
        reason: &'static str,
    },
    /// An event that cannot be appended as built (too many details, for example).
    #[error("invalid audit event: {reason}")]
    InvalidEvent {
        /// The rule that was broken.
        reason: &'static str,
    },
    /// A configuration value out of range.
    #[error("invalid audit configuration: {reason}")]
    InvalidConfig {
        /// The rule that was broken.
        reason: &'static str,
    },
    /// Stored data that does not parse as an audit event or checkpoint.
    #[error("unreadable audit data in {location}")]
    Corrupt {
        /// Where (a table, a file and line, an object key).
        location: String,
        /// The sequence number of the unreadable event, when known.
        seq: Option<u64>,
        /// The parse error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// Verification found the log altered; `tamper` says how and where.
    #[error("audit stream {stream} failed verification: {tamper}")]
    Tampered {
        /// The stream holding the first bad event.
        stream: StreamId,
        /// What is wrong, naming the first bad sequence number.
        tamper: Tamper,
    },
    /// Other writers kept winning the race for the stream's next sequence number.
    #[error("audit stream {stream} is contended: gave up after {attempts} attempts")]
    Contended {
        /// The stream.
        stream: StreamId,
        /// How many appends were tried.
        attempts: u32,
    },
    /// The audit log was closed, or its writer task stopped.
    #[error("the audit log is closed")]
    Closed,
    /// A batch append failed; every event of the batch was refused with the same cause.
    #[error("audit append failed")]
    AppendFailed {
        /// The shared cause.
        #[source]
        source: Arc<Error>,
    },
    /// The SQLite sink failed.
    #[cfg(feature = "sqlite")]
    #[error("audit sqlite sink failed")]
    Sqlite {
        /// The cause.
        #[source]
        source: fabric_sqlite::rusqlite::Error,
    },
    /// The file sink failed.
    #[error("audit file sink failed")]
    Io {
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The storage backend failed.
    #[error("audit backend sink failed")]
    Store {
        /// The cause.
        #[source]
        source: fabric_store::Error,
    },
    /// A blocking task or the async runtime failed.
    #[error("audit runtime failed")]
    Runtime {
        /// The cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

#[cfg(feature = "sqlite")]
impl From<fabric_sqlite::rusqlite::Error> for Error {
    fn from(source: fabric_sqlite::rusqlite::Error) -> Self {
        Error::Sqlite { source }
    }
}

#[cfg(feature = "sqlite")]
impl From<fabric_sqlite::Error> for Error {
    fn from(source: fabric_sqlite::Error) -> Self {
        match source {
            fabric_sqlite::Error::Sqlite(source) => Error::Sqlite { source },
            other => Error::Runtime { source: Box::new(other) },
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Self {
        Error::Io { source }
    }
}

impl From<fabric_store::Error> for Error {
    fn from(source: fabric_store::Error) -> Self {
        Error::Store { source }
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(source: tokio::task::JoinError) -> Self {
        Error::Runtime { source: Box::new(source) }
    }
}

impl Error {
    pub(crate) fn corrupt(
        location: impl Into<String>,
        seq: Option<u64>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::Corrupt { location: location.into(), seq, source: Some(source.into()) }
    }
}
