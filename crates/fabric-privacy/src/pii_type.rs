//! One detection of personal data ([`PiiMatch`]); the kinds ([`PiiType`]) are
//! `fabric_types::PiiType`, shared with the audit log and the record.

use serde::{Deserialize, Serialize};

pub use fabric_types::PiiType;

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
    fn matches_serialize_with_the_type_name() {
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
