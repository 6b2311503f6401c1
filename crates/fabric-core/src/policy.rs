//! The store-time privacy policy (feature `privacy`): detect personal data, set the record's
//! privacy level and PII types, then allow, tag, redact or reject by level.

use fabric_crypto::MasterKey;
use fabric_privacy::{
    PiiDetector, PiiType, PrivacyConfig, PseudonymKey, RedactionStrategy, Redactor,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
/// the detector's configuration. The default tags, and changes nothing but credentials
/// (`secret`), which it redacts before sealing: a memory keeps a credential only where the
/// configuration says so (`secret = "tag"` or `"allow"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Action for records holding a credential (`secret`); `redact` unless set.
    pub secret: PrivacyAction,
    /// How `redact` rewrites what it finds (default `label`).
    pub strategy: RedactionStrategy,
    /// Recognizers, levels and custom patterns of the detector.
    pub detector: PrivacyConfig,
}

impl Default for PrivacyPolicy {
    fn default() -> Self {
        PrivacyPolicy {
            public: PrivacyAction::Tag,
            internal: PrivacyAction::Tag,
            sensitive: PrivacyAction::Tag,
            restricted: PrivacyAction::Tag,
            secret: PrivacyAction::Redact,
            strategy: RedactionStrategy::default(),
            detector: PrivacyConfig::default(),
        }
    }
}

impl PrivacyPolicy {
    /// The action for a level.
    pub fn action(&self, level: PrivacyLevel) -> PrivacyAction {
        match level {
            PrivacyLevel::Public => self.public,
            PrivacyLevel::Internal => self.internal,
            PrivacyLevel::Sensitive => self.sensitive,
            PrivacyLevel::Restricted => self.restricted,
            PrivacyLevel::Secret => self.secret,
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

    /// Whether the detector finds personal data in `text`.
    pub(crate) fn flags(&self, text: &str) -> bool {
        !self.detector.scan(text).is_empty()
    }

    /// Applies the policy to `input`; returns the PII types to record.
    ///
    /// Every text-bearing field is scanned: content, tags, `session_id`, `source`, and the
    /// metadata's keys and values at any depth, numbers included (as their JSON text). The
    /// owner and a caller's id, which are stored and audited in clear, are refused outright
    /// when the detector flags them.
    pub(crate) fn apply(&self, input: &mut NewRecord) -> Result<Vec<PiiType>> {
        for (field, value) in [("owner", Some(&input.owner)), ("id", input.id.as_ref())] {
            let Some(value) = value else { continue };
            let found = self.detector.scan(value);
            if !found.is_empty() {
                let mut names: Vec<&str> = found.iter().map(|m| m.pii_type.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                return Err(Error::invalid(
                    field,
                    format!(
                        "holds personal data ({}), and the {field} is stored and audited in clear",
                        names.join(", ")
                    ),
                ));
            }
        }
        let mut types: Vec<PiiType> = Vec::new();
        let mut level = PrivacyLevel::Public;
        let mut visit = |text: &str| {
            for found in self.detector.scan(text) {
                level = level.max(self.detector.level_of(&found.pii_type));
                if !types.contains(&found.pii_type) {
                    types.push(found.pii_type);
                }
            }
        };
        for_each_text(input, &mut visit);
        if types.is_empty() {
            level = self.detector.classify_matches(&[]);
        }
        let level = level.max(input.privacy_level);
        types.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        match self.policy.action(level) {
            PrivacyAction::Allow => return Ok(Vec::new()),
            PrivacyAction::Tag => {}
            PrivacyAction::Redact => self.redact(input)?,
            PrivacyAction::Reject => {
                return Err(Error::PolicyRejected { level, pii_types: types });
            }
        }
        input.privacy_level = level;
        Ok(types)
    }

    fn redact(&self, input: &mut NewRecord) -> Result<()> {
        let redact = |text: &str| -> Result<Option<String>> {
            if self.detector.scan(text).is_empty() {
                return Ok(None);
            }
            self.redactor
                .redact_text(&self.detector, text)
                .map(Some)
                .map_err(|error| Error::Config { reason: format!("redaction failed: {error}") })
        };
        let redact_in_place = |text: &mut String| -> Result<()> {
            if let Some(redacted) = redact(text)? {
                *text = redacted;
            }
            Ok(())
        };
        redact_in_place(&mut input.content)?;
        for tag in &mut input.tags {
            redact_in_place(tag)?;
        }
        for text in [&mut input.session_id, &mut input.source].into_iter().flatten() {
            redact_in_place(text)?;
        }
        input.metadata = redact_map(std::mem::take(&mut input.metadata), &redact)?;
        Ok(())
    }
}

/// Calls `visit` with every text-bearing field of `input`: content, tags, `session_id`,
/// `source`, metadata keys and values (numbers as their JSON text) at any depth.
fn for_each_text(input: &NewRecord, visit: &mut impl FnMut(&str)) {
    visit(&input.content);
    input.tags.iter().for_each(|tag| visit(tag));
    [&input.session_id, &input.source].into_iter().flatten().for_each(|text| visit(text));
    for (key, value) in &input.metadata {
        visit(key);
        visit_value(value, visit);
    }
}

fn visit_value(value: &Value, visit: &mut impl FnMut(&str)) {
    match value {
        Value::String(text) => visit(text),
        Value::Number(number) => visit(&number.to_string()),
        Value::Array(items) => items.iter().for_each(|item| visit_value(item, visit)),
        Value::Object(map) => {
            for (key, item) in map {
                visit(key);
                visit_value(item, visit);
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

type Redact<'a> = dyn Fn(&str) -> Result<Option<String>> + 'a;

/// Redacts keys and values of a metadata object; a redacted key that collides with another
/// key gets a `#2`, `#3`, ... suffix, so no value is lost.
fn redact_map(map: Map<String, Value>, redact: &Redact<'_>) -> Result<Map<String, Value>> {
    let mut redacted = Map::with_capacity(map.len());
    for (key, value) in map {
        let value = redact_value(value, redact)?;
        let mut key = redact(&key)?.unwrap_or(key);
        if redacted.contains_key(&key) {
            let base = key.clone();
            let mut suffix = 2;
            while redacted.contains_key(&key) {
                key = format!("{base}#{suffix}");
                suffix += 1;
            }
        }
        redacted.insert(key, value);
    }
    Ok(redacted)
}

/// Redacts a metadata value; a number holding personal data becomes its redacted text.
fn redact_value(value: Value, redact: &Redact<'_>) -> Result<Value> {
    Ok(match value {
        Value::String(text) => Value::String(redact(&text)?.unwrap_or(text)),
        Value::Number(number) => match redact(&number.to_string())? {
            Some(text) => Value::String(text),
            None => Value::Number(number),
        },
        Value::Array(items) => Value::Array(
            items.into_iter().map(|item| redact_value(item, redact)).collect::<Result<_>>()?,
        ),
        Value::Object(map) => Value::Object(redact_map(map, redact)?),
        other => other,
    })
}
