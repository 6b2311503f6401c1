//! [`PiiDetector`]: the one-pass scan, custom recognizers, overlap resolution and
//! classification.
//!
//! The built-in scan is one pass over the bytes with a prefilter (see `trigger`); custom
//! recognizers run behind one `RegexSet` pass.

use std::collections::HashMap;
use std::sync::Arc;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::PrivacyLevel;
use crate::config::{PrivacyConfig, ValidatorKind, builtin_level};
use crate::error::{Error, Result};
use crate::pii_type::{PiiMatch, PiiType};
use crate::validate;
use fabric_types::NameRule;

mod builtin;
mod context;
mod fullwidth;
mod label;
mod national;
mod phone;
mod secrets;
#[cfg(test)]
mod tests;
mod trigger;

use builtin::Builtins;

/// Size limit of a compiled custom pattern.
const CUSTOM_SIZE_LIMIT: usize = 2 << 20;

/// Finds personal data in text.
///
/// Built from [`PrivacyConfig`] (or [`PiiDetector::new`] for the built-in defaults), it is
/// immutable, cheap to clone, and can be shared across threads.
///
/// ```
/// use fabric_privacy::{PiiDetector, PiiType};
///
/// let detector = PiiDetector::new();
/// let found = detector.scan("card 4111 1111 1111 1111, call (415) 555-0132");
/// let types: Vec<_> = found.iter().map(|m| m.pii_type.as_str()).collect();
/// assert_eq!(types, ["CREDIT_CARD", "PHONE"]);
/// ```
#[derive(Debug, Clone)]
pub struct PiiDetector {
    enabled: u32,
    min_score: f32,
    default_level: PrivacyLevel,
    levels: HashMap<PiiType, PrivacyLevel>,
    custom: Vec<CustomRecognizer>,
    custom_set: Option<RegexSet>,
    phone_region: Option<builtin::Region>,
}

#[derive(Debug, Clone)]
struct CustomRecognizer {
    pii_type: PiiType,
    regex: Regex,
    validator: ValidatorKind,
    score: f32,
    context: context::WordList,
}

impl Default for PiiDetector {
    fn default() -> Self {
        PiiDetector::new()
    }
}

impl PiiDetector {
    /// A detector with every built-in recognizer and the default level mapping.
    pub fn new() -> Self {
        let levels = PiiType::BUILTIN
            .into_iter()
            .map(|pii_type| {
                let level = builtin_level(&pii_type);
                (pii_type, level)
            })
            .collect();
        PiiDetector {
            enabled: builtin::ALL,
            min_score: 0.0,
            default_level: PrivacyLevel::Internal,
            levels,
            custom: Vec::new(),
            custom_set: None,
            phone_region: None,
        }
    }

    /// A detector configured by `config`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRecognizerName`], [`Error::DuplicateRecognizer`] or
    /// [`Error::InvalidPattern`] for a bad custom recognizer, [`Error::UnknownPiiType`] when
    /// `levels` or `disabled` names a type nothing produces, [`Error::InvalidScore`] for a
    /// score outside `0.0..=1.0`.
    pub fn with_config(config: &PrivacyConfig) -> Result<Self> {
        let mut detector = PiiDetector::new();
        detector.default_level = config.default_level;
        detector.min_score = checked_score(config.min_score)?;
        if let Some(region) = &config.phone_region {
            let parsed = region.to_ascii_uppercase().parse::<builtin::Region>();
            detector.phone_region =
                Some(parsed.map_err(|_| Error::UnknownRegion { region: region.clone() })?);
        }
        for name in &config.disabled {
            let pii_type = PiiType::builtin(name)
                .ok_or_else(|| Error::UnknownPiiType { name: name.clone() })?;
            detector.enabled &= !builtin::bit(&pii_type);
        }
        let mut patterns = Vec::with_capacity(config.custom.len());
        for custom in &config.custom {
            check_name(&custom.name)?;
            let pii_type = PiiType::Custom(Arc::from(custom.name.as_str()));
            if detector.levels.contains_key(&pii_type) || PiiType::builtin(&custom.name).is_some() {
                return Err(Error::DuplicateRecognizer { name: custom.name.clone() });
            }
            let regex = RegexBuilder::new(&custom.pattern)
                .size_limit(CUSTOM_SIZE_LIMIT)
                .build()
                .map_err(|source| Error::InvalidPattern { name: custom.name.clone(), source })?;
            detector.levels.insert(pii_type.clone(), custom.level);
            detector.custom.push(CustomRecognizer {
                pii_type,
                regex,
                validator: custom.validator,
                score: checked_score(custom.score.unwrap_or(0.6))?,
                context: context::WordList::new(custom.context.iter().map(String::as_str)),
            });
            patterns.push(custom.pattern.as_str());
        }
        if !patterns.is_empty() {
            let set = RegexSetBuilder::new(&patterns)
                .size_limit(CUSTOM_SIZE_LIMIT.saturating_mul(patterns.len()))
                .build()
                .map_err(|source| Error::InvalidPattern {
                    name: "custom set".to_owned(),
                    source,
                })?;
            detector.custom_set = Some(set);
        }
        for (name, level) in &config.levels {
            let slot =
                PiiType::parse(name).ok().and_then(|pii_type| detector.levels.get_mut(&pii_type));
            match slot {
                Some(slot) => *slot = *level,
                None => return Err(Error::UnknownPiiType { name: name.to_string() }),
            }
        }
        Ok(detector)
    }

    /// Every match in `text`, sorted by start, non-overlapping.
    ///
    /// Overlapping candidates resolve to the higher score, then the longer span.
    pub fn scan(&self, text: &str) -> Vec<PiiMatch> {
        let mut matches = Vec::new();
        self.scan_into(text, &mut matches);
        matches
    }

    /// Like [`PiiDetector::scan`], but clears and fills `matches`, so that a caller scanning
    /// many texts reuses one buffer.
    pub fn scan_into(&self, text: &str, matches: &mut Vec<PiiMatch>) {
        matches.clear();
        trigger::scan(text, builtin::recognizers(self.enabled), self.phone_region, matches);
        if self.enabled & builtin::PHONE != 0 {
            fullwidth::phones(text, self.phone_region, matches);
        }
        self.drop_disabled(matches);
        if self.enabled & builtin::SECRET != 0 {
            secrets::find(text, matches);
        }
        self.scan_custom(text, matches);
        self.finish(matches);
    }

    /// The privacy level of `text`: the highest level among its matches, or the default
    /// level when there is none.
    pub fn classify(&self, text: &str) -> PrivacyLevel {
        self.classify_matches(&self.scan(text))
    }

    /// The privacy level of a text with these matches.
    pub fn classify_matches(&self, matches: &[PiiMatch]) -> PrivacyLevel {
        matches
            .iter()
            .map(|found| self.level_of(&found.pii_type))
            .max()
            .unwrap_or(self.default_level)
    }

    /// The level a match of `pii_type` gives a text (the default level for an unknown type).
    pub fn level_of(&self, pii_type: &PiiType) -> PrivacyLevel {
        self.levels.get(pii_type).copied().unwrap_or(self.default_level)
    }

    /// The types this detector can report.
    pub fn types(&self) -> Vec<PiiType> {
        let builtins = PiiType::BUILTIN
            .into_iter()
            .filter(|pii_type| self.enabled & builtin::bit(pii_type) != 0);
        builtins.chain(self.custom.iter().map(|custom| custom.pii_type.clone())).collect()
    }

    /// The naive strategy, kept as a benchmark baseline and a cross-check: one full regex
    /// scan per type with the same validators.
    pub(crate) fn scan_naive(&self, text: &str) -> Vec<PiiMatch> {
        let mut matches = Vec::new();
        let builtins = Builtins::get();
        let recognizers = builtin::recognizers(self.enabled);
        for bit in (0..builtin::RECOGNIZERS).map(|shift| 1u16 << shift) {
            builtins.find(recognizers & bit, text, 0, text.len(), self.phone_region, &mut matches);
        }
        if self.enabled & builtin::PHONE != 0 {
            fullwidth::phones(text, self.phone_region, &mut matches);
        }
        self.drop_disabled(&mut matches);
        if self.enabled & builtin::SECRET != 0 {
            secrets::find(text, &mut matches);
        }
        for custom in &self.custom {
            custom.find(text, &mut matches);
        }
        self.finish(&mut matches);
        matches
    }

    fn scan_custom(&self, text: &str, out: &mut Vec<PiiMatch>) {
        let Some(set) = &self.custom_set else { return };
        for index in set.matches(text).iter() {
            if let Some(custom) = self.custom.get(index) {
                custom.find(text, out);
            }
        }
    }

    /// Drops the matches of disabled national types (one recognizer serves them all).
    fn drop_disabled(&self, matches: &mut Vec<PiiMatch>) {
        if self.enabled & builtin::NATIONAL != builtin::NATIONAL {
            matches.retain(|found| {
                let bit = builtin::bit(&found.pii_type);
                bit & builtin::NATIONAL == 0 || self.enabled & bit != 0
            });
        }
    }

    fn finish(&self, matches: &mut Vec<PiiMatch>) {
        if self.min_score > 0.0 {
            matches.retain(|found| found.score >= self.min_score);
        }
        resolve_overlaps(matches);
    }
}

impl CustomRecognizer {
    fn find(&self, text: &str, out: &mut Vec<PiiMatch>) {
        let bytes = text.as_bytes();
        for found in self.regex.find_iter(text) {
            if found.is_empty() {
                continue;
            }
            let value = found.as_str();
            let valid = match self.validator {
                ValidatorKind::None => true,
                ValidatorKind::Luhn => validate::luhn(value),
                ValidatorKind::Mod97 => {
                    let chars: Vec<u8> = value
                        .bytes()
                        .filter(u8::is_ascii_alphanumeric)
                        .map(|byte| byte.to_ascii_uppercase())
                        .collect();
                    validate::mod97(&chars)
                }
                ValidatorKind::Ssn => validate::ssn(value),
            };
            if !valid {
                continue;
            }
            let has_context = !self.context.is_empty()
                && context::near(bytes, found.start(), found.end(), &self.context);
            let score = if has_context { (self.score + 0.3).min(1.0) } else { self.score };
            out.push(PiiMatch {
                pii_type: self.pii_type.clone(),
                start: found.start(),
                end: found.end(),
                score,
            });
        }
    }
}

fn checked_score(score: f32) -> Result<f32> {
    if score.is_finite() && (0.0..=1.0).contains(&score) {
        Ok(score)
    } else {
        Err(Error::InvalidScore)
    }
}

/// A custom recognizer's name names a kind of PII: it meets [`NameRule::PII_TYPE`].
fn check_name(name: &str) -> Result<()> {
    NameRule::PII_TYPE.check(name).map_err(|_| Error::InvalidRecognizerName)
}

/// Orders matches by start and keeps, within each group of overlapping candidates, the best
/// ones: higher score first, then longer span, then earlier start.
fn resolve_overlaps(matches: &mut Vec<PiiMatch>) {
    matches.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let total = matches.len();
    let mut write = 0;
    let mut index = 0;
    while index < total {
        let mut group_end = matches[index].end;
        let mut next = index + 1;
        while next < total && matches[next].start < group_end {
            group_end = group_end.max(matches[next].end);
            next += 1;
        }
        if next - index == 1 {
            matches.swap(write, index);
            write += 1;
        } else {
            let mut group: Vec<PiiMatch> = matches[index..next].to_vec();
            group.sort_by(|a, b| {
                b.score.total_cmp(&a.score).then(b.len().cmp(&a.len())).then(a.start.cmp(&b.start))
            });
            let mut kept: Vec<PiiMatch> = Vec::with_capacity(group.len());
            for candidate in group {
                if kept
                    .iter()
                    .all(|other| candidate.end <= other.start || other.end <= candidate.start)
                {
                    kept.push(candidate);
                }
            }
            kept.sort_by_key(|found| found.start);
            for found in kept {
                matches[write] = found;
                write += 1;
            }
        }
        index = next;
    }
    matches.truncate(write);
}
