//! The crate's error type.

/// Everything that can go wrong in `fabric-privacy`.
///
/// Messages never contain scanned text or matched values.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A custom recognizer's pattern does not compile or is too large.
    #[error("custom recognizer {name} has an invalid pattern")]
    InvalidPattern {
        /// The recognizer's configured name.
        name: String,
        /// Why the regex engine refused it.
        #[source]
        source: regex::Error,
    },
    /// A custom recognizer name is empty, too long, or uses characters other than
    /// ASCII letters, digits, `_` and `-`.
    #[error("invalid custom recognizer name")]
    InvalidRecognizerName,
    /// Two recognizers share one name (custom names may not reuse a built-in name either).
    #[error("duplicate recognizer name {name}")]
    DuplicateRecognizer {
        /// The name used twice.
        name: String,
    },
    /// A privacy level or redaction rule names a type no recognizer produces.
    #[error("unknown pii type {name}")]
    UnknownPiiType {
        /// The unknown type name.
        name: String,
    },
    /// A score in the configuration is not a finite number in `0.0..=1.0`.
    #[error("score must be a finite number between 0 and 1")]
    InvalidScore,
    /// `phone_region` is not a region code libphonenumber knows.
    #[error("unknown phone region {region:?}: expected an ISO 3166 code such as \"DE\"")]
    UnknownRegion {
        /// The configured value.
        region: String,
    },
    /// The pseudonym strategy is used but the redactor has no key.
    #[error("pseudonym strategy requires a pseudonym key")]
    MissingPseudonymKey,
    /// A pseudonym key of the wrong length was supplied.
    #[error("pseudonym key must be 32 bytes, got {len}")]
    InvalidKeyLength {
        /// The length that was supplied.
        len: usize,
    },
    /// A match given to the redactor is out of bounds, not on a char boundary, or
    /// overlaps or precedes the previous match.
    #[error("match span {start}..{end} is invalid for this text")]
    InvalidSpan {
        /// Start byte offset of the rejected span.
        start: usize,
        /// End byte offset of the rejected span.
        end: usize,
    },
    /// Reading input or writing output failed while streaming.
    #[error("i/o error while streaming")]
    Io(#[source] std::io::Error),
    /// Encoding a JSON report failed.
    #[error("failed to encode json report")]
    Json(#[source] serde_json::Error),
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Self {
        Error::Io(source)
    }
}

impl From<serde_json::Error> for Error {
    fn from(source: serde_json::Error) -> Self {
        Error::Json(source)
    }
}

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
