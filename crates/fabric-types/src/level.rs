//! [`PrivacyLevel`]: how sensitive a text is, ordered.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How sensitive a text is; ordered `Public < Internal < Sensitive < Restricted`.
///
/// Serialized in lowercase (`"sensitive"`); parsed from any case. The order of
/// [`PrivacyLevel::ALL`] is part of the record frame format (its index is stored).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum PrivacyLevel {
    /// May be shown to anyone.
    Public,
    /// The default for text without detected PII.
    #[default]
    Internal,
    /// Contact data and network identifiers (email, phone, IP address, URL).
    Sensitive,
    /// Government ids and financial data (SSN, payment card, IBAN).
    Restricted,
}

impl PrivacyLevel {
    /// Every level, in order.
    pub const ALL: &'static [PrivacyLevel] = &[
        PrivacyLevel::Public,
        PrivacyLevel::Internal,
        PrivacyLevel::Sensitive,
        PrivacyLevel::Restricted,
    ];

    /// The lowercase name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            PrivacyLevel::Public => "public",
            PrivacyLevel::Internal => "internal",
            PrivacyLevel::Sensitive => "sensitive",
            PrivacyLevel::Restricted => "restricted",
        }
    }
}

impl fmt::Display for PrivacyLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no privacy level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownLevel;

impl fmt::Display for UnknownLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected one of: public, internal, sensitive, restricted")
    }
}

impl std::error::Error for UnknownLevel {}

impl FromStr for PrivacyLevel {
    type Err = UnknownLevel;

    fn from_str(text: &str) -> Result<Self, UnknownLevel> {
        PrivacyLevel::ALL
            .iter()
            .copied()
            .find(|level| level.as_str().eq_ignore_ascii_case(text))
            .ok_or(UnknownLevel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_lowercase_and_parse_in_any_case() {
        assert!(PrivacyLevel::ALL.windows(2).all(|pair| pair[0] < pair[1]));
        let json = serde_json::to_string(&PrivacyLevel::Restricted).unwrap();
        assert_eq!(json, "\"restricted\"");
        let back: PrivacyLevel = serde_json::from_str("\"public\"").unwrap();
        assert_eq!(back, PrivacyLevel::Public);
        assert!(serde_json::from_str::<PrivacyLevel>("\"secret\"").is_err());
        assert_eq!("Sensitive".parse(), Ok(PrivacyLevel::Sensitive));
        assert_eq!("secret".parse::<PrivacyLevel>(), Err(UnknownLevel));
    }
}
