//! The store-time privacy policy (feature `privacy`): detect personal data, set the record's
//! privacy level and PII types, then allow, tag, redact or reject by level.

use fabric_crypto::MasterKey;
use fabric_privacy::{
    PiiDetector, PiiMatch, PiiType, PrivacyConfig, PseudonymKey, RedactionStrategy, Redactor,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use std::cell::RefCell;
use std::collections::HashMap;

use crate::{Error, NewRecord, PrivacyLevel, Record, Result};

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
        Texts::of(input).visit(&mut visit);
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
        self.redact_texts(Texts::of(input)).map(drop)
    }

    /// Redacts, for a reader without `reveal_pii`, every value the detector finds in a
    /// stored record's text-bearing fields (content, tags, `session_id`, `source`, metadata
    /// keys and values at any depth), whatever the store policy's levels say. A record with
    /// anything redacted loses its embedding too, which was computed from the clear text.
    pub(crate) fn conceal(&self, record: &mut Record) -> Result<Concealed> {
        let texts = Texts {
            content: &mut record.content,
            tags: &mut record.tags,
            session_id: &mut record.session_id,
            source: &mut record.source,
            metadata: &mut record.metadata,
        };
        let concealed = self.redact_texts(texts)?;
        if concealed.values > 0 {
            record.embedding = None;
        }
        Ok(concealed)
    }

    /// `text` with every detected value replaced by spaces (`None` when none is found): a
    /// query that cannot test for personal data.
    pub(crate) fn blank(&self, text: &str) -> Option<String> {
        let found = self.detector.scan(text);
        if found.is_empty() {
            return None;
        }
        let mut blanked = String::with_capacity(text.len());
        let mut at = 0;
        for found in &found {
            // A span that does not fit (never from the detector) blanks the whole query:
            // failing open would search for the value.
            let (Some(before), true) =
                (text.get(at..found.start), text.is_char_boundary(found.end.min(text.len())))
            else {
                return Some(String::new());
            };
            if found.start < at || found.end > text.len() {
                return Some(String::new());
            }
            blanked.push_str(before);
            blanked.push(' ');
            at = found.end;
        }
        blanked.push_str(text.get(at..).unwrap_or_default());
        Some(blanked)
    }

    /// Redacts every detected value in `texts`, and every other occurrence of such a value
    /// in any of them (a value found in the content is also redacted from a tag where,
    /// without its context, the detector would pass it); what was redacted, by type and
    /// count.
    fn redact_texts(&self, texts: Texts<'_>) -> Result<Concealed> {
        let mut known: Vec<(String, PiiType)> = Vec::new();
        // What the detector found in each text, so that no text is scanned twice; a text
        // missing here has no finding (the second pass visits the same texts).
        let mut scanned: HashMap<String, Vec<PiiMatch>> = HashMap::new();
        texts.visit(&mut |text| {
            let found = self.detector.scan(text);
            for found in &found {
                match found.value(text) {
                    Some(value)
                        if value.len() >= MIN_ECHO
                            && !known.iter().any(|(seen, _)| seen == value) =>
                    {
                        known.push((value.to_owned(), found.pii_type.clone()));
                    }
                    _ => {}
                }
            }
            if !found.is_empty() {
                scanned.insert(text.to_owned(), found);
            }
        });
        if known.is_empty() {
            return Ok(Concealed::default());
        }
        // Longest first: a value holding another is matched whole.
        known.sort_by_key(|(value, _)| std::cmp::Reverse(value.len()));
        let tally = RefCell::new(Concealed::default());
        let redact = |text: &str| -> Result<Option<String>> {
            let found = Self::matches_with(text, scanned.get(text), &known);
            if found.is_empty() {
                return Ok(None);
            }
            tally.borrow_mut().add(&found);
            self.redactor
                .redact(text, &found)
                .map(Some)
                .map_err(|error| Error::Config { reason: format!("redaction failed: {error}") })
        };
        let redact_in_place = |text: &mut String| -> Result<()> {
            if let Some(redacted) = redact(text)? {
                *text = redacted;
            }
            Ok(())
        };
        redact_in_place(texts.content)?;
        for tag in texts.tags.iter_mut() {
            redact_in_place(tag)?;
        }
        for text in [texts.session_id, texts.source].into_iter().flatten() {
            redact_in_place(text)?;
        }
        *texts.metadata = redact_map(std::mem::take(texts.metadata), &redact)?;
        Ok(tally.into_inner())
    }

    /// What the detector found in `text` (`scanned`), plus each occurrence of a `known` value that no
    /// finding covers, in text order without overlaps.
    fn matches_with(
        text: &str,
        scanned: Option<&Vec<PiiMatch>>,
        known: &[(String, PiiType)],
    ) -> Vec<PiiMatch> {
        let mut found = scanned.cloned().unwrap_or_default();
        for (value, pii_type) in known {
            for (start, _) in text.match_indices(value.as_str()) {
                let end = start + value.len();
                if found.iter().all(|other| end <= other.start || start >= other.end) {
                    let pii_type = pii_type.clone();
                    found.push(PiiMatch { pii_type, start, end, score: 1.0 });
                }
            }
        }
        found.sort_by_key(|found| found.start);
        found
    }
}

/// The shortest found value that is also redacted where it occurs without being found.
const MIN_ECHO: usize = 4;

/// The text-bearing fields of a record, new or stored.
struct Texts<'a> {
    content: &'a mut String,
    tags: &'a mut Vec<String>,
    session_id: &'a mut Option<String>,
    source: &'a mut Option<String>,
    metadata: &'a mut Map<String, Value>,
}

impl<'a> Texts<'a> {
    fn of(input: &'a mut NewRecord) -> Self {
        Texts {
            content: &mut input.content,
            tags: &mut input.tags,
            session_id: &mut input.session_id,
            source: &mut input.source,
            metadata: &mut input.metadata,
        }
    }

    /// Calls `visit` with every text-bearing field: content, tags, `session_id`, `source`,
    /// metadata keys and values (numbers as their JSON text) at any depth.
    fn visit(&self, visit: &mut impl FnMut(&str)) {
        visit(self.content);
        self.tags.iter().for_each(|tag| visit(tag));
        [&*self.session_id, &*self.source].into_iter().flatten().for_each(|text| visit(text));
        for (key, value) in self.metadata.iter() {
            visit(key);
            visit_value(value, visit);
        }
    }
}

/// What a redaction replaced: how many values, of which types (names, never values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Concealed {
    /// Values replaced.
    pub(crate) values: u64,
    /// Their types, sorted by name, each once.
    pub(crate) types: Vec<PiiType>,
}

impl Concealed {
    fn add(&mut self, found: &[PiiMatch]) {
        self.values += found.len() as u64;
        for found in found {
            if !self.types.contains(&found.pii_type) {
                self.types.push(found.pii_type.clone());
            }
        }
        self.types.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    }

    /// Adds what another redaction replaced.
    pub(crate) fn merge(&mut self, other: Concealed) {
        self.values += other.values;
        for pii_type in other.types {
            if !self.types.contains(&pii_type) {
                self.types.push(pii_type);
            }
        }
        self.types.sort_by(|a, b| a.as_str().cmp(b.as_str()));
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
