//! Built-in recognizers: one regex per type, run over a window of the text, each candidate
//! checked by boundary rules and a validator before it becomes a [`PiiMatch`].

use std::sync::LazyLock;

use regex::Regex;

pub(super) use phonenumber::country::Id as Region;

use super::context::{self, numeric_boundary};
use super::phone;
use crate::pii_type::{PiiMatch, PiiType};
use crate::validate;

mod phones;

/// Bit of each built-in type in an enabled-set mask.
pub(super) const EMAIL: u32 = 1 << 0;
pub(super) const PHONE: u32 = 1 << 1;
pub(super) const SSN: u32 = 1 << 2;
pub(super) const CARD: u32 = 1 << 3;
pub(super) const IBAN: u32 = 1 << 4;
pub(super) const IP: u32 = 1 << 5;
pub(super) const URL: u32 = 1 << 6;
pub(super) const SECRET: u32 = 1 << 7;
/// The national ids, wallet and MAC addresses ([`super::national`]): bits 8 to 18.
pub(super) const NATIONAL: u32 = ((1 << 11) - 1) << 8;
pub(super) const ALL: u32 = EMAIL | PHONE | SSN | CARD | IBAN | IP | URL | SECRET | NATIONAL;

/// The bit of a built-in type; `0` for custom types.
pub(super) fn bit(pii_type: &PiiType) -> u32 {
    match pii_type {
        PiiType::Email => EMAIL,
        PiiType::Phone => PHONE,
        PiiType::Ssn => SSN,
        PiiType::CreditCard => CARD,
        PiiType::Iban => IBAN,
        PiiType::IpAddress => IP,
        PiiType::Url => URL,
        PiiType::Secret => SECRET,
        PiiType::UkNino => 1 << 8,
        PiiType::DeTaxId => 1 << 9,
        PiiType::FrNir => 1 << 10,
        PiiType::EsDni => 1 << 11,
        PiiType::ItFiscalCode => 1 << 12,
        PiiType::NlBsn => 1 << 13,
        PiiType::InAadhaar => 1 << 14,
        PiiType::CaSin => 1 << 15,
        PiiType::BrCpf => 1 << 16,
        PiiType::CryptoWallet => 1 << 17,
        PiiType::MacAddress => 1 << 18,
        PiiType::Custom(_) => 0,
    }
}

/// Bit of each recognizer (IP addresses have two) in a recognizer mask.
pub(super) const R_EMAIL: u16 = 1 << 0;
pub(super) const R_URL: u16 = 1 << 1;
pub(super) const R_IPV4: u16 = 1 << 2;
pub(super) const R_IPV6: u16 = 1 << 3;
pub(super) const R_SSN: u16 = 1 << 4;
pub(super) const R_PHONE: u16 = 1 << 5;
pub(super) const R_CARD: u16 = 1 << 6;
pub(super) const R_IBAN: u16 = 1 << 7;
pub(super) const R_NATIONAL: u16 = 1 << 8;
/// How many recognizer bits there are.
pub(super) const RECOGNIZERS: u32 = 9;

/// The recognizers that serve the enabled built-in types.
pub(super) fn recognizers(enabled: u32) -> u16 {
    let pairs = [
        (EMAIL, R_EMAIL),
        (URL, R_URL),
        (IP, R_IPV4 | R_IPV6),
        (SSN, R_SSN),
        (PHONE, R_PHONE),
        (CARD, R_CARD),
        (IBAN, R_IBAN),
        (NATIONAL, R_NATIONAL),
    ];
    pairs
        .into_iter()
        .filter(|&(bit, _)| enabled & bit != 0)
        .fold(0, |mask, (_, recognizer)| mask | recognizer)
}

// The local part may hold any letter or digit (RFC 6531: "jürgen@", "josé.garcía@").
const EMAIL_PATTERN: &str = r"[\p{L}\p{M}\p{N}._%+\-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}";
const URL_PATTERN: &str =
    r#"(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://[^\s<>"'`]+|[Ww][Ww][Ww]\.[^\s<>"'`]+"#;
const IPV4_PATTERN: &str = r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}";
const IPV6_PATTERN: &str =
    r"(?:[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{0,4}){1,7}(?:\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})?";
const SSN_PATTERN: &str = r"[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{9}";
const CARD_PATTERN: &str = concat!(
    r"[0-9]{4}(?:[ .\-][0-9]{4}){2,3}(?:[ .\-][0-9]{1,4})?",
    r"|[0-9]{4}[ .\-][0-9]{6}[ .\-][0-9]{4,5}",
    r"|[0-9]{13,19}",
);
const IBAN_PATTERN: &str = r"[A-Za-z]{2}[0-9]{2}";

/// The compiled built-in regexes, shared by every detector.
#[derive(Debug)]
pub(super) struct Builtins {
    email: Regex,
    url: Regex,
    ipv4: Regex,
    ipv6: Regex,
    phone: Regex,
    phone_extension: Regex,
    ssn: Regex,
    card: Regex,
    iban: Regex,
    www: regex::bytes::Regex,
}

static BUILTINS: LazyLock<Builtins> = LazyLock::new(|| {
    let compile = |pattern: &str| Regex::new(pattern).expect("built-in pattern compiles");
    Builtins {
        email: compile(EMAIL_PATTERN),
        url: compile(URL_PATTERN),
        ipv4: compile(IPV4_PATTERN),
        ipv6: compile(IPV6_PATTERN),
        phone: compile(phone::PATTERN),
        phone_extension: compile(phone::EXTENSION_PATTERN),
        ssn: compile(SSN_PATTERN),
        card: compile(CARD_PATTERN),
        iban: compile(IBAN_PATTERN),
        www: regex::bytes::Regex::new(r"(?i:www)\.").expect("built-in pattern compiles"),
    }
});

impl Builtins {
    pub(super) fn get() -> &'static Builtins {
        &BUILTINS
    }

    /// Runs the recognizers in the mask `wanted` over `text[from..to]` and pushes what
    /// validates; `region` is the default region of national phone numbers.
    pub(super) fn find(
        &self,
        wanted: u16,
        text: &str,
        from: usize,
        to: usize,
        region: Option<Region>,
        out: &mut Vec<PiiMatch>,
    ) {
        if wanted & R_EMAIL != 0 {
            self.email(text, from, to, out);
        }
        if wanted & R_URL != 0 {
            self.url(text, from, to, out);
        }
        if wanted & R_IPV4 != 0 {
            self.ipv4(text, from, to, out);
        }
        if wanted & R_IPV6 != 0 {
            self.ipv6(text, from, to, out);
        }
        if wanted & R_SSN != 0 {
            self.ssn(text, from, to, out);
        }
        if wanted & R_PHONE != 0 {
            self.phone(text, from, to, region, out);
        }
        if wanted & R_CARD != 0 {
            self.card(text, from, to, out);
        }
        if wanted & R_IBAN != 0 {
            self.iban(text, from, to, out);
        }
        if wanted & R_NATIONAL != 0 {
            super::national::find(text, from, to, out);
        }
    }

    /// The next `www.`, in any case, at or after `from`.
    pub(super) fn next_www(&self, text: &str, from: usize) -> Option<usize> {
        self.www.find_at(text.as_bytes(), from).map(|found| found.start())
    }

    pub(super) fn email(&self, text: &str, from: usize, to: usize, out: &mut Vec<PiiMatch>) {
        let Some(window) = text.get(from..to) else { return };
        let bytes = text.as_bytes();
        for found in self.email.find_iter(window) {
            let (start, end) = (from + found.start(), from + found.end());
            let Some((local, _domain)) = found.as_str().split_once('@') else { continue };
            if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
                continue;
            }
            let prev = text.get(..start).and_then(|before| before.chars().next_back());
            if prev.is_some_and(|c| c.is_alphanumeric() || "._%+-@".contains(c)) {
                continue;
            }
            let next = bytes.get(end);
            if next.is_some_and(|&byte| byte.is_ascii_alphanumeric() || b"_-@".contains(&byte)) {
                continue;
            }
            out.push(PiiMatch { pii_type: PiiType::Email, start, end, score: 0.9 });
        }
    }

    pub(super) fn url(&self, text: &str, from: usize, to: usize, out: &mut Vec<PiiMatch>) {
        let Some(window) = text.get(from..to) else { return };
        let bytes = text.as_bytes();
        for found in self.url.find_iter(window) {
            let start = from + found.start();
            if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
                continue;
            }
            let value = csv_cell(trim_url(found.as_str()), start > 0 && bytes[start - 1] == b',');
            let (host_from, min_dots) = match value.find("://") {
                Some(index) => (index + 3, 1),
                None => (0, 2),
            };
            let rest = &value[host_from..];
            let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let host = rest[..host_end].rsplit('@').next().unwrap_or_default();
            let host_ok = !host.is_empty()
                && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
                && (host.matches('.').count() >= min_dots
                    || host.starts_with('[')
                    || host.starts_with("localhost"))
                && !host.starts_with('.');
            if !host_ok {
                continue;
            }
            out.push(PiiMatch {
                pii_type: PiiType::Url,
                start,
                end: start + value.len(),
                score: 0.9,
            });
        }
    }

    pub(super) fn ipv4(&self, text: &str, from: usize, to: usize, out: &mut Vec<PiiMatch>) {
        let Some(window) = text.get(from..to) else { return };
        let bytes = text.as_bytes();
        for found in self.ipv4.find_iter(window) {
            let (start, end) = (from + found.start(), from + found.end());
            let prev = start.checked_sub(1).and_then(|index| bytes.get(index));
            if prev.is_some_and(|&byte| byte.is_ascii_alphanumeric() || b"._-".contains(&byte)) {
                continue;
            }
            if !numeric_boundary(bytes, start, end) || !validate::ipv4(found.as_str()) {
                continue;
            }
            if context::preceded_by(bytes, start, 24, &context::VERSION_WORDS)
                || context::after_country_code(bytes, start)
            {
                continue;
            }
            let score =
                if context::near(bytes, start, end, &context::IP_WORDS) { 0.9 } else { 0.8 };
            out.push(PiiMatch { pii_type: PiiType::IpAddress, start, end, score });
        }
    }

    pub(super) fn ipv6(&self, text: &str, from: usize, to: usize, out: &mut Vec<PiiMatch>) {
        let Some(window) = text.get(from..to) else { return };
        let bytes = text.as_bytes();
        for found in self.ipv6.find_iter(window) {
            let start = from + found.start();
            let mut value = found.as_str();
            if value.ends_with(':') && !value.ends_with("::") {
                value = &value[..value.len() - 1];
            }
            let end = start + value.len();
            let prev = start.checked_sub(1).and_then(|index| bytes.get(index));
            if prev.is_some_and(|&byte| byte.is_ascii_alphanumeric() || b"_.:".contains(&byte)) {
                continue;
            }
            let next = bytes.get(found.end() + from);
            if next.is_some_and(|&byte| byte.is_ascii_alphanumeric() || byte == b'_') {
                continue;
            }
            let n_hex = value.bytes().filter(u8::is_ascii_hexdigit).count();
            if (n_hex < 4 && value != "::1") || !validate::ipv6(value) {
                continue;
            }
            let score =
                if context::near(bytes, start, end, &context::IP_WORDS) { 0.9 } else { 0.85 };
            out.push(PiiMatch { pii_type: PiiType::IpAddress, start, end, score });
        }
    }

    pub(super) fn ssn(&self, text: &str, from: usize, to: usize, out: &mut Vec<PiiMatch>) {
        let Some(window) = text.get(from..to) else { return };
        let bytes = text.as_bytes();
        for found in self.ssn.find_iter(window) {
            let (start, end) = (from + found.start(), from + found.end());
            // Spaced groups that run on into more digits (`014 34 4118 7554`) are some
            // other number.
            let runs_on = found.as_str().contains(' ') && context::spaced_run(bytes, start, end);
            if !numeric_boundary(bytes, start, end) || runs_on || !validate::ssn(found.as_str()) {
                continue;
            }
            let bare = found.len() == 9;
            let has_context = context::near(bytes, start, end, &context::SSN_WORDS);
            let score = match (bare, has_context) {
                (true, false) => continue,
                (true, true) => 0.8,
                (false, true) => 0.95,
                (false, false) => 0.85,
            };
            out.push(PiiMatch { pii_type: PiiType::Ssn, start, end, score });
        }
    }

    pub(super) fn card(&self, text: &str, from: usize, to: usize, out: &mut Vec<PiiMatch>) {
        let Some(window) = text.get(from..to) else { return };
        let bytes = text.as_bytes();
        // As for phones, the search resumes after each card found: two cards written one
        // after the other (`6011 5199 4782 1172 3528 0067 8034 8698`) are both found.
        let mut at = 0;
        while let Some(found) = self.card.find_at(window, at) {
            at = found.end();
            let start = from + found.start();
            let Some(length) = longest_valid_prefix(found.as_str(), card_valid) else { continue };
            let end = start + length;
            if !numeric_boundary(bytes, start, end) {
                continue;
            }
            at = end - from;
            let score =
                if context::near(bytes, start, end, &context::CARD_WORDS) { 0.99 } else { 0.9 };
            out.push(PiiMatch { pii_type: PiiType::CreditCard, start, end, score });
        }
    }

    pub(super) fn iban(&self, text: &str, from: usize, to: usize, out: &mut Vec<PiiMatch>) {
        let Some(window) = text.get(from..to) else { return };
        let bytes = text.as_bytes();
        let mut covered_to = 0;
        for found in self.iban.find_iter(window) {
            let start = from + found.start();
            if start < covered_to {
                continue;
            }
            let Some(end) = iban_at(bytes, start, out) else { continue };
            covered_to = end;
        }
    }
}

/// Checks for an IBAN starting at `start` and pushes it; returns where it ends.
pub(super) fn iban_at(bytes: &[u8], start: usize, out: &mut Vec<PiiMatch>) -> Option<usize> {
    let prev = start.checked_sub(1).and_then(|index| bytes.get(index));
    if prev.is_some_and(|&byte| byte.is_ascii_alphanumeric() || byte >= 0x80) {
        return None;
    }
    let end = iban_end(bytes, start)?;
    if bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let score = if context::near(bytes, start, end, &context::IBAN_WORDS) { 0.99 } else { 0.95 };
    out.push(PiiMatch { pii_type: PiiType::Iban, start, end, score });
    Some(end)
}

/// A URL that is a cell of a CSV row ends at the next comma: where it follows one
/// (`88123,https://host/path,404`), or where what follows its last comma is a number
/// (`https://host/path,404`, `https://host/a,12.50`).
fn csv_cell(value: &str, after_comma: bool) -> &str {
    let after_host = value.find("://").map_or(0, |at| at + 3);
    if after_comma && let Some(at) = value[after_host..].find(',') {
        return &value[..after_host + at];
    }
    match value.rfind(',') {
        Some(at)
            if at > after_host
                && value[at + 1..].bytes().any(|byte| byte.is_ascii_digit())
                && value[at + 1..].bytes().all(|byte| byte.is_ascii_digit() || byte == b'.') =>
        {
            &value[..at]
        }
        _ => value,
    }
}

/// Strips trailing punctuation a URL in prose is usually followed by, keeping a closing
/// bracket that closes one opened inside the URL.
fn trim_url(mut value: &str) -> &str {
    loop {
        let Some(last) = value.bytes().last() else { return value };
        let unbalanced = |open: u8, close: u8| {
            let count = |wanted: u8| value.bytes().filter(|&byte| byte == wanted).count();
            last == close && count(close) > count(open)
        };
        let trim = matches!(last, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'*')
            || unbalanced(b'(', b')')
            || unbalanced(b'[', b']')
            || unbalanced(b'{', b'}');
        if !trim {
            return value;
        }
        value = &value[..value.len() - 1];
    }
}

/// The length of the longest prefix of `value`, cut at a separator between digit groups,
/// that `valid` accepts; a greedy regex may have swallowed a following number.
fn longest_valid_prefix(value: &str, mut valid: impl FnMut(&str) -> bool) -> Option<usize> {
    if valid(value) {
        return Some(value.len());
    }
    let bytes = value.as_bytes();
    (1..bytes.len())
        .rev()
        .filter(|&cut| bytes[cut - 1].is_ascii_digit() && !bytes[cut].is_ascii_digit())
        .find(|&cut| valid(&value[..cut]))
}

fn card_valid(value: &str) -> bool {
    let mut separators = value.bytes().filter(|byte| !byte.is_ascii_digit());
    let consistent = match separators.next() {
        Some(first) => separators.all(|byte| byte == first),
        None => true,
    };
    consistent && validate::card(value)
}

/// Where an IBAN starting at `start` ends: the country's length of letters and digits,
/// single spaces allowed between them; `None` when it does not validate. Letters may be of
/// either case (people type `de89 3704 ...`), but not mixed within the value.
fn iban_end(bytes: &[u8], start: usize) -> Option<usize> {
    let head = bytes.get(start..start + 4)?;
    let lower = head[0].is_ascii_lowercase();
    let letter = |byte: u8| {
        if lower { byte.is_ascii_lowercase() } else { byte.is_ascii_uppercase() }
    };
    if !letter(head[0]) || !letter(head[1]) {
        return None;
    }
    let country = [head[0].to_ascii_uppercase(), head[1].to_ascii_uppercase()];
    let expected = validate::iban_length(&country)?;
    let mut chars = [0u8; 34];
    chars.get_mut(..4)?.copy_from_slice(head);
    chars[..2].copy_from_slice(&country);
    let mut n_chars = 4;
    let mut at = start + 4;
    while n_chars < expected {
        match bytes.get(at) {
            Some(&byte) if byte.is_ascii_digit() || letter(byte) => {
                *chars.get_mut(n_chars)? = byte.to_ascii_uppercase();
                n_chars += 1;
                at += 1;
            }
            Some(b' ')
                if bytes.get(at + 1).is_some_and(|&next| next.is_ascii_digit() || letter(next))
                    && bytes.get(at - 1).is_some_and(u8::is_ascii_alphanumeric) =>
            {
                at += 1;
            }
            _ => return None,
        }
    }
    validate::mod97(&chars[..n_chars]).then_some(at)
}
