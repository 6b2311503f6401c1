//! PII detection, privacy levels and redaction for memory-fabric.
//!
//! The main type is [`PiiDetector`]: it finds personal data (emails, phone numbers, US social
//! security numbers, payment cards, IBANs, IP addresses, URLs and custom recognizers from
//! configuration) in one pass over a text and reports each [`PiiMatch`] with its type, byte
//! span and score.
//! [`PiiDetector::classify`] maps a text to a [`PrivacyLevel`], and a [`Redactor`] rewrites
//! the matched spans with a [`RedactionStrategy`] per type (label, mask, keyed pseudonym, drop).
//!
//! ```
//! use fabric_privacy::{PiiDetector, PiiType, PrivacyLevel, RedactionStrategy, Redactor};
//!
//! let detector = PiiDetector::new();
//! let text = "mail jane.doe@example.com, SSN 123-45-6789";
//! let matches = detector.scan(text);
//! assert_eq!(matches[0].pii_type, PiiType::Email);
//! assert_eq!(&text[matches[1].start..matches[1].end], "123-45-6789");
//! assert_eq!(detector.classify(text), PrivacyLevel::Restricted);
//!
//! let redactor = Redactor::builder()
//!     .default_strategy(RedactionStrategy::Label)
//!     .strategy(PiiType::Ssn, RedactionStrategy::Mask)
//!     .build()?;
//! assert_eq!(redactor.redact(text, &matches)?, "mail [EMAIL], SSN ***-**-6789");
//! # Ok::<(), fabric_privacy::Error>(())
//! ```
//!
//! Streaming helpers for a command line tool live in [`stream`].
//! This crate has no cargo features and depends on no other fabric crate.

mod config;
mod detector;
mod error;
mod pii_type;
mod redact;
pub mod stream;
pub mod validate;

#[doc(hidden)]
pub mod bench_support;

pub use config::{CustomRecognizerConfig, PrivacyConfig, ValidatorKind};
pub use detector::PiiDetector;
pub use error::{Error, Result};
pub use fabric_types::PrivacyLevel;
pub use pii_type::{PiiMatch, PiiType};
pub use redact::{PseudonymKey, RedactionStrategy, Redactor, RedactorBuilder};
