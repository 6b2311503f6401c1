//! The store-time privacy policy (feature `privacy`): detect personal data, set the record's
//! privacy level and PII types, then allow, tag, redact or reject by level.

use fabric_crypto::MasterKey;
use fabric_privacy::{
    PiiDetector, PiiType, PrivacyConfig, PseudonymKey, RedactionStrategy, Redactor,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Error, NewRecord, PrivacyLevel, Result};

/// What to do with a record whose privacy level (after detection) is at a given level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrivacyAction {
    /// Store it as given, without recording what was found.
    Allow,
    /// Store it unchanged, with its privacy level raised and the PII types recorded (default).
    #[default]
    Tag,
    /// Redact what was found (content, tags, metadata strings) before it is sealed, and tag.
    Redact,
    /// Refuse to store it; the error names the PII types found, never the values.
    Reject,
}

/// The policy applied on every store: an action per privacy level, a redaction strategy and
/// the detector's configuration. The default tags and changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyPolicy {
    /// Action for records at `public`.
    pub public: PrivacyAction,
    /// Action for records at `internal`.
    pub internal: PrivacyAction,
    /// Action for records at `sensitive`.
    pub sensitive: PrivacyAction,
    /// Action for records at `restricted`.
    pub restricted: PrivacyAction,
    /// How `redact` rewrites what it finds (default `label`).
    pub strategy: RedactionStrategy,
    /// Recognizers, levels and custom patterns of the detector.
    pub detector: PrivacyConfig,
}

impl PrivacyPolicy {
    /// The action for a level.
    pub fn action(&self, level: PrivacyLevel) -> PrivacyAction {
        match level {
            PrivacyLevel::Public => self.public,
            PrivacyLevel::Internal => self.internal,
            PrivacyLevel::Sensitive => self.sensitive,
            PrivacyLevel::Restricted => self.restricted,
        }
    }
}

/// The HKDF purpose of the pseudonym key: keyed pseudonyms never use the encryption key.
pub const PSEUDONYM_KEY_PURPOSE: &str = "memory-fabric pseudonym v1";

/// A redactor whose pseudonyms are keyed by a subkey of `key`.
///
/// # Errors
///
/// [`Error::Config`] when the redactor cannot be built.
pub fn redactor(strategy: RedactionStrategy, key: &MasterKey) -> Result<Redactor> {
    let subkey = key.derive(PSEUDONYM_KEY_PURPOSE);
    Redactor::builder()
        .default_strategy(strategy)
        .pseudonym_key(PseudonymKey::from_bytes(*subkey.expose_secret()))
        .build()
        .map_err(|error| Error::Config { reason: error.to_string() })
}

/// The detector, redactor and policy a fabric applies on store.
#[derive(Debug)]
pub(crate) struct PrivacyGuard {
    detector: PiiDetector,
    redactor: Redactor,
    policy: PrivacyPolicy,
}

impl PrivacyGuard {
    pub(crate) fn new(policy: PrivacyPolicy, key: &MasterKey) -> Result<PrivacyGuard> {
        let detector = PiiDetector::with_config(&policy.detector)
            .map_err(|error| Error::Config { reason: format!("privacy detector: {error}") })?;
        let redactor = redactor(policy.strategy, key)?;
        Ok(PrivacyGuard { detector, redactor, policy })
    }

    /// Applies the policy to `input`; returns the PII types to record.
    pub(crate) fn apply(&self, input: &mut NewRecord) -> Result<Vec<String>> {
        let mut types: Vec<PiiType> = Vec::new();
        let mut level = PrivacyLevel::Public;
        let mut visit = |text: &str| {
            for found in self.detector.scan(text) {
                level = level.max(from_privacy(self.detector.level_of(&found.pii_type)));
                if !types.contains(&found.pii_type) {
                    types.push(found.pii_type);
                }
            }
        };
        visit(&input.content);
        input.tags.iter().for_each(|tag| visit(tag));
        input.metadata.values().for_each(|value| visit_strings(value, &mut visit));
        if types.is_empty() {
            level = from_privacy(self.detector.classify_matches(&[]));
        }
        let level = level.max(input.privacy_level);
        let mut names: Vec<String> =
            types.iter().map(|pii_type| pii_type.as_str().to_owned()).collect();
        names.sort();
        match self.policy.action(level) {
            PrivacyAction::Allow => return Ok(Vec::new()),
            PrivacyAction::Tag => {}
            PrivacyAction::Redact => self.redact(input)?,
            PrivacyAction::Reject => {
                return Err(Error::PolicyRejected { level, pii_types: names });
            }
        }
        input.privacy_level = level;
        Ok(names)
    }

    fn redact(&self, input: &mut NewRecord) -> Result<()> {
        let redact = |text: &mut String| -> Result<()> {
            let redacted = self
                .redactor
                .redact_text(&self.detector, text)
                .map_err(|error| Error::Config { reason: format!("redaction failed: {error}") })?;
            *text = redacted;
            Ok(())
        };
        redact(&mut input.content)?;
        for tag in &mut input.tags {
            redact(tag)?;
        }
        for value in input.metadata.values_mut() {
            redact_strings(value, &redact)?;
        }
        Ok(())
    }
}

fn visit_strings(value: &Value, visit: &mut impl FnMut(&str)) {
    match value {
        Value::String(text) => visit(text),
        Value::Array(items) => items.iter().for_each(|item| visit_strings(item, visit)),
        Value::Object(map) => map.values().for_each(|item| visit_strings(item, visit)),
        _ => {}
    }
}

fn redact_strings(value: &mut Value, redact: &impl Fn(&mut String) -> Result<()>) -> Result<()> {
    match value {
        Value::String(text) => redact(text),
        Value::Array(items) => items.iter_mut().try_for_each(|item| redact_strings(item, redact)),
        Value::Object(map) => map.values_mut().try_for_each(|item| redact_strings(item, redact)),
        _ => Ok(()),
    }
}

/// The detector's levels are the record's levels.
pub(crate) fn from_privacy(level: fabric_privacy::PrivacyLevel) -> PrivacyLevel {
    match level {
        fabric_privacy::PrivacyLevel::Public => PrivacyLevel::Public,
        fabric_privacy::PrivacyLevel::Internal => PrivacyLevel::Internal,
        fabric_privacy::PrivacyLevel::Sensitive => PrivacyLevel::Sensitive,
        fabric_privacy::PrivacyLevel::Restricted => PrivacyLevel::Restricted,
    }
}
