//! Detector and classification policy ([`PrivacyConfig`]), deserializable with serde.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::PrivacyLevel;
use crate::pii_type::PiiType;

/// Configuration of a [`crate::PiiDetector`]: which built-in recognizers run, custom
/// recognizers, and the privacy level each type maps to.
///
/// Every field has a default, so an empty table is a valid configuration. In TOML:
///
/// ```toml
/// min_score = 0.5
/// disabled = ["URL"]
///
/// [levels]
/// EMAIL = "internal"
///
/// [[custom]]
/// name = "EMPLOYEE_ID"
/// pattern = "EMP-[0-9]{6}"
/// level = "restricted"
/// context = ["employee"]
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Level of a text with no match; `internal` unless set.
    pub default_level: PrivacyLevel,
    /// Level per type name, overriding the built-in mapping (email, phone, IP address, URL:
    /// sensitive; SSN, payment card, IBAN: restricted).
    pub levels: BTreeMap<String, PrivacyLevel>,
    /// Built-in types not to detect, by name (`"URL"`).
    pub disabled: Vec<String>,
    /// Matches scoring below this are dropped; `0.0` unless set.
    pub min_score: f32,
    /// Extra recognizers.
    pub custom: Vec<CustomRecognizerConfig>,
    /// The region (ISO 3166 code, `"DE"`) national phone numbers are read in first: a
    /// number in its national format is then a phone without a phone word near it. Numbers
    /// with `+` or `00` need none; unset, national numbers are tried in the detector's
    /// regions.
    pub phone_region: Option<String>,
}

impl Default for PrivacyConfig {
    fn default() -> Self {
        PrivacyConfig {
            default_level: PrivacyLevel::Internal,
            levels: BTreeMap::new(),
            disabled: Vec::new(),
            min_score: 0.0,
            custom: Vec::new(),
            phone_region: None,
        }
    }
}

/// A recognizer defined by configuration: a regex, an optional checksum validator, and the
/// level its matches carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRecognizerConfig {
    /// Type name reported for matches (`[A-Za-z0-9_-]`, at most 64 bytes, not a built-in name).
    pub name: String,
    /// Regex syntax of the `regex` crate; matching runs in linear time.
    pub pattern: String,
    /// Checksum a candidate must pass; `none` unless set.
    #[serde(default)]
    pub validator: ValidatorKind,
    /// Level of a text holding a match; `sensitive` unless set.
    #[serde(default = "default_custom_level")]
    pub level: PrivacyLevel,
    /// Score of a match; `0.6` unless set, plus `0.3` when a context word stands near.
    #[serde(default)]
    pub score: Option<f32>,
    /// Words (matched case-insensitively) that raise the score when they precede the value.
    #[serde(default)]
    pub context: Vec<String>,
}

fn default_custom_level() -> PrivacyLevel {
    PrivacyLevel::Sensitive
}

/// A named checksum a custom recognizer can require.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ValidatorKind {
    /// Accept every regex match.
    #[default]
    None,
    /// The Luhn check over the match's ASCII digits.
    Luhn,
    /// ISO 7064 mod 97-10 over the match's letters and digits (the IBAN check).
    Mod97,
    /// US social security number ranges over the match's nine digits.
    Ssn,
}

/// The built-in level of a type.
pub(crate) fn builtin_level(pii_type: &PiiType) -> PrivacyLevel {
    match pii_type {
        PiiType::Ssn | PiiType::CreditCard | PiiType::Iban => PrivacyLevel::Restricted,
        national if national.is_national_id() => PrivacyLevel::Restricted,
        PiiType::Secret => PrivacyLevel::Secret,
        _ => PrivacyLevel::Sensitive,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deserializes_from_a_toml_like_structure() {
        let value = serde_json::json!({
            "levels": {"EMAIL": "internal"},
            "disabled": ["URL"],
            "custom": [{"name": "EMPLOYEE_ID", "pattern": "EMP-[0-9]{6}", "validator": "luhn"}]
        });
        let config: PrivacyConfig = serde_json::from_value(value).unwrap();
        assert_eq!(config.levels["EMAIL"], PrivacyLevel::Internal);
        assert_eq!(config.default_level, PrivacyLevel::Internal);
        assert_eq!(config.custom[0].validator, ValidatorKind::Luhn);
        assert_eq!(config.custom[0].level, PrivacyLevel::Sensitive);
        let unknown = serde_json::json!({"levelz": {}});
        assert!(serde_json::from_value::<PrivacyConfig>(unknown).is_err());
    }
}
