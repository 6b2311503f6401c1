//! Context words near a candidate and the boundary rules around numeric candidates.

/// Bytes before a candidate searched for context words.
const BEFORE: usize = 48;
/// Bytes after a candidate searched for context words.
const AFTER: usize = 24;

pub(super) const SSN_WORDS: &[&str] =
    &["ssn", "social security", "ss#", "ss no", "social sec", "taxpayer"];
pub(super) const CARD_WORDS: &[&str] = &[
    "card",
    "visa",
    "mastercard",
    "amex",
    "credit",
    "debit",
    "cc",
    "carte",
    "tarjeta",
    "karte",
    "payment",
    "kreditkarte",
];
pub(super) const PHONE_WORDS: &[&str] = &[
    "phone",
    "tel",
    "call",
    "mobile",
    "cell",
    "fax",
    "ring",
    "whatsapp",
    "sms",
    "text me",
    "telefon",
    "téléphone",
    "teléfono",
    "tél",
    "móvil",
    "handy",
    "portable",
    "reach me",
    "contact",
];
pub(super) const IBAN_WORDS: &[&str] = &[
    "iban",
    "account",
    "konto",
    "compte",
    "cuenta",
    "bank",
    "sepa",
    "transfer",
    "überweisung",
    "virement",
    "rib",
];
pub(super) const IP_WORDS: &[&str] = &[
    "ip", "host", "server", "address", "addr", "gateway", "dns", "router", "subnet", "ping", "ssh",
    "proxy", "connect", "from", "client", "peer",
];
/// Words that make a dotted quad a version number rather than an address.
pub(super) const VERSION_WORDS: &[&str] =
    &["version", "ver.", "release", "build", "firmware", "v."];

/// Whether one of `words` (lower-case) starts a word within a few bytes before `start` or
/// after `end`, matched ASCII-case-insensitively.
pub(super) fn near(bytes: &[u8], start: usize, end: usize, words: &[&str]) -> bool {
    let before_from = start.saturating_sub(BEFORE);
    let after_to = end.saturating_add(AFTER).min(bytes.len());
    contains_word(bytes, before_from, start, words)
        || contains_word(bytes, end.min(after_to), after_to, words)
}

/// Whether one of `words` starts a word within the few bytes right before `start`.
pub(super) fn preceded_by(bytes: &[u8], start: usize, reach: usize, words: &[&str]) -> bool {
    contains_word(bytes, start.saturating_sub(reach), start, words)
}

/// Whether one of `words` starts at a word start in `bytes[from..to]` (and fits before `to`).
fn contains_word(bytes: &[u8], from: usize, to: usize, words: &[&str]) -> bool {
    let Some(haystack) = bytes.get(from..to) else {
        return false;
    };
    // Letters that start a word in the list, as a bit set over `a..=z`.
    let first_letters = words
        .iter()
        .filter_map(|word| word.bytes().next())
        .filter(u8::is_ascii_lowercase)
        .fold(0u32, |set, letter| set | 1 << (letter - b'a'));
    haystack.iter().enumerate().any(|(offset, &byte)| {
        let lower = byte.to_ascii_lowercase();
        if !lower.is_ascii_lowercase() || first_letters & (1 << (lower - b'a')) == 0 {
            return false;
        }
        let at = from + offset;
        let starts_word = at == 0 || !bytes[at - 1].is_ascii_alphabetic();
        starts_word
            && words.iter().any(|word| {
                let word = word.as_bytes();
                word.first().is_some_and(|first| first.eq_ignore_ascii_case(&byte))
                    && haystack
                        .get(offset..offset + word.len())
                        .is_some_and(|candidate| candidate.eq_ignore_ascii_case(word))
            })
    })
}

/// Whether a numeric candidate at `start..end` stands alone: no letter or digit touches it,
/// and it does not continue a longer number through `.`, `-`, `/` or `,`.
pub(super) fn numeric_boundary(bytes: &[u8], start: usize, end: usize) -> bool {
    if let Some(&prev) = start.checked_sub(1).and_then(|index| bytes.get(index)) {
        if prev.is_ascii_alphanumeric() || prev == b'_' || prev == b'+' {
            return false;
        }
        let before_prev = start.checked_sub(2).and_then(|index| bytes.get(index));
        if matches!(prev, b'.' | b'-' | b'/' | b',') && before_prev.is_some_and(u8::is_ascii_digit)
        {
            return false;
        }
    }
    if let Some(&next) = bytes.get(end) {
        if next.is_ascii_alphanumeric() || next == b'_' {
            return false;
        }
        let after_next = bytes.get(end + 1);
        if matches!(next, b'.' | b'-' | b'/' | b',') && after_next.is_some_and(u8::is_ascii_digit) {
            return false;
        }
    }
    true
}
