//! Redaction: [`Redactor`] rewrites matched spans with a [`RedactionStrategy`] per type, and
//! [`PseudonymKey`] keys the stable pseudonyms.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::detector::PiiDetector;
use crate::error::{Error, Result};
use crate::pii_type::{PiiMatch, PiiType};

#[cfg(test)]
mod tests;

/// How a matched value is rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum RedactionStrategy {
    /// Replace with the type's name in brackets: `[EMAIL]`.
    #[default]
    Label,
    /// Keep the shape, hide the value:
    /// numbers keep their separators and the last four letters or digits (`***-**-6789`,
    /// `**** **** **** 1111`; values with fewer than eight keep half of them);
    /// emails keep the first character of the local part and the domain (`j***@example.com`);
    /// IP addresses keep the last group (`***.*.*.146`);
    /// URLs keep the scheme (`https://***`).
    Mask,
    /// Replace with a keyed, stable token: `[EMAIL:3f2a9c1d]`, the first 8 hex digits of
    /// HMAC-SHA-256 under the redactor's [`PseudonymKey`] of the type name and the normalized
    /// value (lower-case email, digits only for phone numbers, SSNs and cards, upper-case
    /// letters and digits for IBANs, canonical text for IP addresses).
    /// Equal values give equal tokens under one key; 32 bits can collide in large sets.
    Pseudonym,
    /// Remove the value.
    Drop,
}

/// The 32-byte key of pseudonym tokens.
///
/// Wiped from memory on drop; its `Debug` output never shows the bytes.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct PseudonymKey([u8; 32]);

impl PseudonymKey {
    /// A key from 32 bytes (generate them randomly and keep them secret).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        PseudonymKey(bytes)
    }

    /// A key from a slice, which must be exactly 32 bytes long.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKeyLength`] for any other length.
    pub fn try_from_slice(bytes: &[u8]) -> Result<Self> {
        let array: [u8; 32] =
            bytes.try_into().map_err(|_| Error::InvalidKeyLength { len: bytes.len() })?;
        Ok(PseudonymKey(array))
    }

    /// The key bytes; the only way to read them.
    pub fn expose_secret(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PseudonymKey(<redacted>)")
    }
}

/// Builds a [`Redactor`].
#[derive(Debug, Default)]
pub struct RedactorBuilder {
    default_strategy: RedactionStrategy,
    strategies: HashMap<PiiType, RedactionStrategy>,
    key: Option<PseudonymKey>,
}

impl RedactorBuilder {
    /// The strategy for types without their own; [`RedactionStrategy::Label`] unless set.
    pub fn default_strategy(mut self, strategy: RedactionStrategy) -> Self {
        self.default_strategy = strategy;
        self
    }

    /// The strategy for one type.
    pub fn strategy(mut self, pii_type: PiiType, strategy: RedactionStrategy) -> Self {
        self.strategies.insert(pii_type, strategy);
        self
    }

    /// The key of [`RedactionStrategy::Pseudonym`] tokens.
    pub fn pseudonym_key(mut self, key: PseudonymKey) -> Self {
        self.key = Some(key);
        self
    }

    /// The redactor.
    ///
    /// # Errors
    ///
    /// [`Error::MissingPseudonymKey`] when a strategy is `Pseudonym` but no key was given.
    pub fn build(self) -> Result<Redactor> {
        let uses_pseudonym = self.default_strategy == RedactionStrategy::Pseudonym
            || self.strategies.values().any(|&strategy| strategy == RedactionStrategy::Pseudonym);
        if uses_pseudonym && self.key.is_none() {
            return Err(Error::MissingPseudonymKey);
        }
        Ok(Redactor {
            default_strategy: self.default_strategy,
            strategies: self.strategies,
            key: self.key,
        })
    }
}

/// Rewrites the matched spans of a text, each with the strategy of its type.
///
/// ```
/// use fabric_privacy::{PiiDetector, PiiType, PseudonymKey, RedactionStrategy, Redactor};
///
/// let redactor = Redactor::builder()
///     .default_strategy(RedactionStrategy::Pseudonym)
///     .strategy(PiiType::CreditCard, RedactionStrategy::Mask)
///     .pseudonym_key(PseudonymKey::from_bytes([7; 32]))
///     .build()?;
/// let detector = PiiDetector::new();
/// let out = redactor.redact_text(&detector, "ann@example.com paid with 4111-1111-1111-1111")?;
/// assert!(out.starts_with("[EMAIL:"));
/// assert!(out.ends_with("paid with ****-****-****-1111"));
/// # Ok::<(), fabric_privacy::Error>(())
/// ```
#[derive(Debug)]
pub struct Redactor {
    default_strategy: RedactionStrategy,
    strategies: HashMap<PiiType, RedactionStrategy>,
    key: Option<PseudonymKey>,
}

impl Redactor {
    /// A builder; its defaults label every type.
    pub fn builder() -> RedactorBuilder {
        RedactorBuilder::default()
    }

    /// The strategy applied to `pii_type`.
    pub fn strategy_for(&self, pii_type: &PiiType) -> RedactionStrategy {
        self.strategies.get(pii_type).copied().unwrap_or(self.default_strategy)
    }

    /// `text` with every match rewritten.
    ///
    /// `matches` must be sorted by start and non-overlapping, as [`PiiDetector::scan`]
    /// returns them.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSpan`] when a span is out of bounds, not on char boundaries, or
    /// overlaps the one before it.
    pub fn redact(&self, text: &str, matches: &[PiiMatch]) -> Result<String> {
        let mut out = String::with_capacity(text.len());
        self.redact_into(text, matches, &mut out)?;
        Ok(out)
    }

    /// Scans `text` with `detector` and redacts what it finds.
    ///
    /// # Errors
    ///
    /// None in practice; see [`Redactor::redact`].
    pub fn redact_text(&self, detector: &PiiDetector, text: &str) -> Result<String> {
        self.redact(text, &detector.scan(text))
    }

    /// Like [`Redactor::redact`], appending to `out`; on error `out` is left unchanged.
    ///
    /// # Errors
    ///
    /// See [`Redactor::redact`].
    pub fn redact_into(&self, text: &str, matches: &[PiiMatch], out: &mut String) -> Result<()> {
        let mut previous_end = 0;
        for found in matches {
            let valid = found.start >= previous_end
                && found.start <= found.end
                && text.is_char_boundary(found.start)
                && text.is_char_boundary(found.end);
            if !valid {
                return Err(Error::InvalidSpan { start: found.start, end: found.end });
            }
            previous_end = found.end;
        }
        let mut copied_to = 0;
        for found in matches {
            out.push_str(&text[copied_to..found.start]);
            self.write_replacement(&found.pii_type, &text[found.start..found.end], out);
            copied_to = found.end;
        }
        out.push_str(&text[copied_to..]);
        Ok(())
    }

    fn write_replacement(&self, pii_type: &PiiType, value: &str, out: &mut String) {
        if value.is_empty() {
            return;
        }
        match self.strategy_for(pii_type) {
            RedactionStrategy::Label => write_label(pii_type, out),
            RedactionStrategy::Drop => {}
            RedactionStrategy::Mask => {
                if !write_mask(pii_type, value, out) {
                    write_label(pii_type, out);
                }
            }
            RedactionStrategy::Pseudonym => {
                match self.key.as_ref().and_then(|key| pseudonym(key, pii_type, value)) {
                    Some(token) => {
                        out.push('[');
                        out.push_str(pii_type.as_str());
                        out.push(':');
                        out.push_str(&token);
                        out.push(']');
                    }
                    None => write_label(pii_type, out),
                }
            }
        }
    }
}

fn write_label(pii_type: &PiiType, out: &mut String) {
    out.push('[');
    out.push_str(pii_type.as_str());
    out.push(']');
}

/// Writes the masked form of `value`; `false` (writing nothing) when masking would hide
/// nothing, so the caller labels instead.
fn write_mask(pii_type: &PiiType, value: &str, out: &mut String) -> bool {
    match pii_type {
        // No part of a credential is kept: its label stands for it.
        PiiType::Secret => false,
        PiiType::Email => {
            let Some((local, domain)) = value.split_once('@') else { return false };
            let Some(first) = local.chars().next() else { return false };
            out.push(first);
            out.push_str("***@");
            out.push_str(domain);
            true
        }
        PiiType::Url => {
            match value.find("://") {
                Some(index) => out.push_str(&value[..index + 3]),
                None => out.push_str("www."),
            }
            out.push_str("***");
            true
        }
        PiiType::IpAddress => {
            let Some(last_separator) = value.rfind(['.', ':']) else { return false };
            let (head, tail) = value.split_at(last_separator);
            for character in head.chars() {
                out.push(if character.is_ascii_alphanumeric() { '*' } else { character });
            }
            out.push_str(tail);
            true
        }
        _ => {
            let n_alnum = value.chars().filter(char::is_ascii_alphanumeric).count();
            if n_alnum == 0 {
                return false;
            }
            let keep = if n_alnum >= 8 { 4 } else { n_alnum / 2 };
            let mut seen = 0;
            for character in value.chars() {
                if character.is_ascii_alphanumeric() {
                    seen += 1;
                    out.push(if seen > n_alnum - keep { character } else { '*' });
                } else {
                    out.push(character);
                }
            }
            true
        }
    }
}

/// The normalized form of a value that pseudonyms are computed from.
fn normalize(pii_type: &PiiType, value: &str) -> String {
    match pii_type {
        PiiType::Email | PiiType::Url => value.to_lowercase(),
        PiiType::Phone | PiiType::Ssn | PiiType::CreditCard => {
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            // A North American number reads the same with or without its country code 1.
            match digits.strip_prefix('1') {
                Some(national) if *pii_type == PiiType::Phone && national.len() == 10 => {
                    national.to_owned()
                }
                _ => digits,
            }
        }
        PiiType::Iban
        | PiiType::UkNino
        | PiiType::DeTaxId
        | PiiType::FrNir
        | PiiType::EsDni
        | PiiType::ItFiscalCode
        | PiiType::NlBsn
        | PiiType::InAadhaar
        | PiiType::CaSin
        | PiiType::BrCpf => upper_alphanumeric(value),
        PiiType::MacAddress => {
            value.chars().filter(char::is_ascii_hexdigit).map(|c| c.to_ascii_lowercase()).collect()
        }
        PiiType::IpAddress => value
            .parse::<IpAddr>()
            .map(|address| address.to_string())
            .unwrap_or_else(|_| value.to_lowercase()),
        // Ethereum addresses are one address in any case; base58 is case-sensitive.
        PiiType::CryptoWallet if value.starts_with("0x") => value.to_lowercase(),
        PiiType::Secret | PiiType::CryptoWallet | PiiType::Custom(_) => value.to_owned(),
    }
}

/// The letters and digits of `value`, upper case.
fn upper_alphanumeric(value: &str) -> String {
    value.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

fn pseudonym(key: &PseudonymKey, pii_type: &PiiType, value: &str) -> Option<String> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.expose_secret()).ok()?;
    mac.update(pii_type.as_str().as_bytes());
    mac.update(&[0x1f]);
    mac.update(normalize(pii_type, value).as_bytes());
    let digest = mac.finalize().into_bytes();
    Some(hex::encode(digest.get(..4)?))
}
