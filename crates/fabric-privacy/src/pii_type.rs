//! The kinds of personal data detected ([`PiiType`]) and one detection ([`PiiMatch`]).

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A kind of personal data.
///
/// Serialized as its upper-case name ([`PiiType::as_str`]); any name that is not a built-in
/// one deserializes to [`PiiType::Custom`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PiiType {
    /// An email address (`EMAIL`).
    Email,
    /// A phone number: North American or international with a `+` prefix (`PHONE`).
    Phone,
    /// A US social security number (`SSN`).
    Ssn,
    /// A payment card number (`CREDIT_CARD`).
    CreditCard,
    /// An international bank account number (`IBAN`).
    Iban,
    /// An IPv4 or IPv6 address (`IP_ADDRESS`).
    IpAddress,
    /// A `http`, `https` or `ftp` URL, or a `www.` address (`URL`).
    Url,
    /// A custom recognizer from [`crate::PrivacyConfig`], by name.
    Custom(Arc<str>),
}

impl PiiType {
    /// Every built-in type, in a fixed order.
    pub const BUILTIN: [PiiType; 7] = [
        PiiType::Email,
        PiiType::Phone,
        PiiType::Ssn,
        PiiType::CreditCard,
        PiiType::Iban,
        PiiType::IpAddress,
        PiiType::Url,
    ];

    /// The type's name: `EMAIL`, `PHONE`, `SSN`, `CREDIT_CARD`, `IBAN`, `IP_ADDRESS`, `URL`,
    /// or the custom recognizer's name.
    pub fn as_str(&self) -> &str {
        match self {
            PiiType::Email => "EMAIL",
            PiiType::Phone => "PHONE",
            PiiType::Ssn => "SSN",
            PiiType::CreditCard => "CREDIT_CARD",
            PiiType::Iban => "IBAN",
            PiiType::IpAddress => "IP_ADDRESS",
            PiiType::Url => "URL",
            PiiType::Custom(name) => name,
        }
    }

    /// The built-in type with this name (exact, upper case), if any.
    pub fn builtin(name: &str) -> Option<PiiType> {
        PiiType::BUILTIN.into_iter().find(|pii_type| pii_type.as_str() == name)
    }

    /// The built-in type with this name, or a custom type of that name.
    pub fn from_name(name: &str) -> PiiType {
        PiiType::builtin(name).unwrap_or_else(|| PiiType::Custom(Arc::from(name)))
    }
}

impl fmt::Display for PiiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PiiType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PiiType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(PiiType::from_name(&name))
    }
}

/// One detected piece of personal data.
///
/// `start..end` is a byte span into the scanned text and always falls on char boundaries.
/// Serialized as `{"type": "EMAIL", "start": 10, "end": 27, "score": 0.9}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PiiMatch {
    /// What was found.
    #[serde(rename = "type")]
    pub pii_type: PiiType,
    /// Byte offset of the first byte of the value.
    pub start: usize,
    /// Byte offset one past the last byte of the value.
    pub end: usize,
    /// Confidence in `0.0..=1.0`: higher when a checksum validated the value or a context
    /// word ("ssn", "card", "phone", ...) stands near it.
    pub score: f32,
}

impl PiiMatch {
    /// The matched value within `text`, or `None` when the span does not fit `text`.
    pub fn value<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    /// Length of the span in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span is empty (never true for matches the detector reports).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for pii_type in PiiType::BUILTIN {
            assert_eq!(PiiType::from_name(pii_type.as_str()), pii_type);
        }
        assert_eq!(PiiType::from_name("EMPLOYEE_ID").as_str(), "EMPLOYEE_ID");
        let json = serde_json::to_string(&PiiMatch {
            pii_type: PiiType::Email,
            start: 10,
            end: 27,
            score: 0.9,
        })
        .unwrap();
        assert_eq!(json, r#"{"type":"EMAIL","start":10,"end":27,"score":0.9}"#);
    }
}
