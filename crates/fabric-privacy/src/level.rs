//! Ordered privacy levels.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How sensitive a text is; ordered `Public < Internal < Sensitive < Restricted`.
///
/// Serialized in lowercase (`"sensitive"`).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_and_lowercase() {
        assert!(PrivacyLevel::Public < PrivacyLevel::Internal);
        assert!(PrivacyLevel::Internal < PrivacyLevel::Sensitive);
        assert!(PrivacyLevel::Sensitive < PrivacyLevel::Restricted);
        let json = serde_json::to_string(&PrivacyLevel::Restricted).unwrap();
        assert_eq!(json, "\"restricted\"");
        let back: PrivacyLevel = serde_json::from_str("\"public\"").unwrap();
        assert_eq!(back, PrivacyLevel::Public);
        assert!(serde_json::from_str::<PrivacyLevel>("\"secret\"").is_err());
    }
}
