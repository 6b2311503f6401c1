//! National ids (UK NINO, German Steuer-IdNr, French NIR, Spanish DNI/NIE, Italian codice
//! fiscale, Dutch BSN, Aadhaar, Canadian SIN, Brazilian CPF), wallet addresses (Bitcoin,
//! Ethereum) and MAC addresses: one regex per shape over a window the prefilter found, each
//! candidate confirmed by its checksum ([`crate::validate`]).
//!
//! Shapes that checksums alone cannot tell from other numbers (nine, eleven or twelve bare
//! digits: BSN, SIN, Steuer-IdNr, Aadhaar, a CPF without its dots) need a context word of
//! their country; the rest (letters in fixed places, a mod-97 key over fifteen grouped
//! digits, base58check, bech32, EIP-55) stand on their own.

use std::sync::LazyLock;

use regex::Regex;

use super::context::{self, WordList};
use crate::pii_type::{PiiMatch, PiiType};
use crate::validate;

/// One shape: its pattern, the check that confirms it, and the context it needs.
struct Shape {
    pii_type: PiiType,
    regex: Regex,
    check: fn(&str) -> bool,
    /// Context words: required as `needs` says, else they only raise the score.
    words: Option<&'static LazyLock<WordList>>,
    needs: Needs,
}

/// When a shape needs a context word of its country.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Always: the window is skipped without one near it.
    Always,
    /// When written without spaces (a NIR: grouped, its shape and key suffice).
    WhenCompact,
    /// When written as bare digits (a CPF without its dots and dash).
    WhenBare,
    /// Never.
    Never,
}

use Needs::{Always, Never, WhenBare, WhenCompact};

impl Needs {
    fn applies(self, value: &str) -> bool {
        match self {
            Always => true,
            WhenCompact => !value.contains(' '),
            WhenBare => value.bytes().all(|byte| byte.is_ascii_digit()),
            Never => false,
        }
    }
}

static SHAPES: LazyLock<Vec<Shape>> = LazyLock::new(|| {
    let shape = |pii_type, pattern: &str, check, words, needs| Shape {
        pii_type,
        regex: Regex::new(pattern).expect("built-in pattern compiles"),
        check,
        words,
        needs,
    };
    vec![
        shape(
            PiiType::UkNino,
            r"[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]",
            validate::uk_nino,
            None,
            Never,
        ),
        shape(PiiType::EsDni, r"[XYZ]?-?[0-9]{7,8}[- ]?[A-Z]", validate::es_dni, None, Never),
        shape(
            PiiType::ItFiscalCode,
            r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]",
            validate::it_fiscal_code,
            None,
            Never,
        ),
        shape(
            PiiType::FrNir,
            r"[1-478] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}",
            validate::fr_nir,
            Some(&context::FR_NIR_WORDS),
            WhenCompact,
        ),
        shape(
            PiiType::BrCpf,
            r"[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}|[0-9]{11}",
            validate::br_cpf,
            Some(&context::BR_CPF_WORDS),
            WhenBare,
        ),
        shape(
            PiiType::DeTaxId,
            r"[0-9]{2} ?[0-9]{3} ?[0-9]{3} ?[0-9]{3}",
            validate::de_tax_id,
            Some(&context::DE_TAX_WORDS),
            Always,
        ),
        shape(
            PiiType::InAadhaar,
            r"[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}",
            validate::aadhaar,
            Some(&context::AADHAAR_WORDS),
            Always,
        ),
        shape(
            PiiType::NlBsn,
            r"[0-9]{4}\.[0-9]{2}\.[0-9]{3}|[0-9]{8,9}",
            validate::nl_bsn,
            Some(&context::NL_BSN_WORDS),
            Always,
        ),
        shape(
            PiiType::CaSin,
            r"[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}",
            validate::ca_sin,
            Some(&context::CA_SIN_WORDS),
            Always,
        ),
        shape(
            PiiType::CryptoWallet,
            r"[13][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}",
            validate::bitcoin,
            None,
            Never,
        ),
        shape(PiiType::CryptoWallet, r"0[xX][0-9a-fA-F]{40}", validate::ethereum, None, Never),
        shape(
            PiiType::MacAddress,
            r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}",
            validate::mac_address,
            None,
            Never,
        ),
    ]
});

/// Every word of the shapes that always need one: a single scan for them all tells that
/// none of those shapes can be in a window, as in most windows of prose.
static NEEDED_WORDS: LazyLock<WordList> = LazyLock::new(|| {
    WordList::union(
        SHAPES
            .iter()
            .filter(|shape| shape.needs == Always)
            .filter_map(|shape| shape.words.map(|words| &**words)),
    )
});

/// Runs every shape over `text[from..to]` and pushes what validates.
pub(super) fn find(text: &str, from: usize, to: usize, out: &mut Vec<PiiMatch>) {
    let Some(window) = text.get(from..to) else { return };
    let bytes = text.as_bytes();
    // (`to, to`: a word that the window's start cuts is still seen whole.)
    let word_near = |words: &WordList| {
        context::near(bytes, to, to, words) || context::near(bytes, from, to, words)
    };
    let any_needed_word = word_near(&NEEDED_WORDS);
    for shape in SHAPES.iter() {
        // A shape that always needs its word is not looked for where the word is not near.
        if shape.needs == Always
            && !(any_needed_word && shape.words.is_some_and(|words| word_near(words)))
        {
            continue;
        }
        for found in shape.regex.find_iter(window) {
            let (start, end) = (from + found.start(), from + found.end());
            let value = found.as_str();
            let touches = |index: Option<&u8>| {
                index.is_some_and(|&byte| byte.is_ascii_alphanumeric() || byte == b'_')
            };
            // Nor a part of a longer dotted or dashed token (`4111.1111.1111.1111`).
            let joined = |separator: Option<&u8>, beyond: Option<&u8>| {
                separator.is_some_and(|byte| b".-:/".contains(byte))
                    && beyond.is_some_and(u8::is_ascii_alphanumeric)
            };
            let before = |back: usize| start.checked_sub(back).and_then(|index| bytes.get(index));
            if touches(before(1))
                || touches(bytes.get(end))
                || joined(before(1), before(2))
                || joined(bytes.get(end), bytes.get(end + 1))
                || !(shape.check)(value)
            {
                continue;
            }
            let has_context =
                shape.words.is_some_and(|words| context::near(bytes, start, end, words));
            if !has_context && shape.needs.applies(value) {
                continue;
            }
            let score = if has_context { 0.95 } else { 0.85 };
            out.push(PiiMatch { pii_type: shape.pii_type.clone(), start, end, score });
        }
    }
}

/// Whether an alphanumeric token (letters and digits, no separator) may be a national id
/// or an address written whole: a NINO, DNI or NIE (9), a codice fiscale (16), a base58
/// (26 to 35, from `1` or `3`), bech32 (`bc1`, 14 to 74) or Ethereum (`0x`, 42) address.
pub(super) fn token_candidate(token: &[u8]) -> bool {
    match token.len() {
        9 | 16 => true,
        42 if token.starts_with(b"0x") || token.starts_with(b"0X") => true,
        length if (14..=74).contains(&length) && token[..3].eq_ignore_ascii_case(b"bc1") => true,
        26..=35 => matches!(token[0], b'1' | b'3'),
        _ => false,
    }
}

/// Whether the numeric cluster `bytes[start..end]` of `n_digits` digits may be (part of) a
/// national id: a spaced NINO (six digits after two capitals), a DNI or NIE (seven or eight
/// digits, then a letter), a BSN or SIN (nine), a Steuer-IdNr or CPF (eleven), an Aadhaar
/// (twelve) or a NIR (fifteen). Dates, times and amounts mostly fail the first two.
pub(super) fn cluster_candidate(bytes: &[u8], start: usize, end: usize, n_digits: usize) -> bool {
    let letter_after = || {
        let next = bytes.get(end..).unwrap_or_default();
        match next {
            [letter, ..] if letter.is_ascii_uppercase() => true,
            [b'-' | b' ', letter, ..] => letter.is_ascii_uppercase(),
            _ => false,
        }
    };
    match n_digits {
        6 => start >= 3 && bytes[start - 3..start - 1].iter().all(u8::is_ascii_uppercase),
        7 | 8 => letter_after(),
        9 | 11 | 12 | 15 => true,
        _ => false,
    }
}

/// The start of a MAC address written with `-` or `.` through the hex group at `at` (those
/// with `:` come through the IPv6 trigger), if there is one.
pub(super) fn mac_around(bytes: &[u8], at: usize) -> Option<usize> {
    let mut group_start = at;
    while group_start > 0 && at - group_start < 4 && bytes[group_start - 1].is_ascii_hexdigit() {
        group_start -= 1;
    }
    let mut group_end = at;
    while group_end < bytes.len()
        && group_end - group_start < 5
        && bytes[group_end].is_ascii_hexdigit()
    {
        group_end += 1;
    }
    // Pairs joined by dashes, or groups of four joined by dots: the address starts up to
    // five pairs (or two groups) before this one.
    let (step, length, count) = match (group_end - group_start, bytes.get(group_end)) {
        (2, Some(b'-')) | (2, None) => (3, 17, 6),
        (2, Some(_)) if group_start >= 1 && bytes[group_start - 1] == b'-' => (3, 17, 6),
        (4, _)
            if bytes.get(group_end) == Some(&b'.')
                || (group_start >= 1 && bytes[group_start - 1] == b'.') =>
        {
            (5, 14, 3)
        }
        _ => return None,
    };
    (0..count).filter_map(|k| group_start.checked_sub(k * step)).find(|&candidate| {
        bytes
            .get(candidate..candidate + length)
            .and_then(|slice| std::str::from_utf8(slice).ok())
            .is_some_and(validate::mac_address)
    })
}
