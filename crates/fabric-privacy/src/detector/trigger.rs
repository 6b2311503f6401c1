//! The one-pass prefilter: finds trigger bytes, builds tight windows around them and runs
//! only the recognizers a window can satisfy.
//!
//! Triggers are ASCII digits, `@`, `:` and the literal `www.` in any case. The byte scan checks eight
//! bytes per step with a SWAR range test for `0x30..=0x40` (digits, `:`, `@` and a few
//! punctuation bytes that are then ignored), so prose without triggers costs about one
//! operation per byte. Around a trigger, a window covers only what a recognizer could
//! match there:
//!
//! - digits: the numeric cluster (digit groups joined by up to two of ` -.()/`, with a
//!   leading `+` or `(`); its digit and dot counts pick the recognizers (IPv4 needs three
//!   dots, SSN nine digits, phone eight, card thirteen); two letters of one
//!   case right before the first digit start a direct IBAN check without any regex;
//! - `@`: the local part and domain characters around it;
//! - `://` and `www.`: the scheme letters before it up to the next whitespace;
//! - `:` between hex digits: the run of hex digits, colons and dots, if it has two colons.
//!
//! Overlapping windows merge, and each window runs its recognizers' regexes once.

use super::builtin::{
    self, Builtins, R_CARD, R_EMAIL, R_IBAN, R_IPV4, R_IPV6, R_NATIONAL, R_PHONE, R_SSN, R_URL,
};
use super::national;
use crate::pii_type::PiiMatch;

/// Longest local part of an email address.
const MAX_LOCAL: usize = 64;
/// Longest domain of an email address.
const MAX_DOMAIN: usize = 255;
/// Longest URL window.
const MAX_URL: usize = 4096;
/// Longest scheme before `://`.
const MAX_SCHEME: usize = 5;
/// Longest run around a `:` considered for IPv6 (with an embedded IPv4 tail).
const MAX_IPV6_RUN: usize = 48;

#[derive(Debug, Clone, Copy)]
struct Window {
    start: usize,
    end: usize,
    wanted: u16,
}

/// Scans `text` for built-in PII with the recognizers in the mask `recognizers`.
/// `region` is the default region of national phone numbers.
pub(super) fn scan(
    text: &str,
    recognizers: u16,
    region: Option<builtin::Region>,
    out: &mut Vec<PiiMatch>,
) {
    if recognizers == 0 {
        return;
    }
    let builtins = Builtins::get();
    let bytes = text.as_bytes();
    let mut scanner = Scanner { text, builtins, recognizers, region, current: None };
    let mut next_www = if recognizers & R_URL != 0 { builtins.next_www(text, 0) } else { None };
    let mut pos = 0;
    loop {
        let trigger = next_trigger(bytes, pos);
        match (trigger, next_www) {
            (_, Some(www)) if trigger.is_none_or(|at| www < at) => {
                let end = extend_to_space(text, www, MAX_URL);
                scanner.add(Window { start: www, end, wanted: R_URL }, out);
                next_www = builtins.next_www(text, www + 4);
            }
            (Some(at), _) => pos = scanner.trigger(at, out),
            (None, _) => break,
        }
    }
    if let Some(window) = scanner.current.take() {
        scanner.run(window, out);
    }
}

struct Scanner<'a> {
    text: &'a str,
    builtins: &'static Builtins,
    recognizers: u16,
    region: Option<builtin::Region>,
    current: Option<Window>,
}

impl Scanner<'_> {
    /// Handles the trigger byte at `at`; returns where the byte scan continues.
    fn trigger(&mut self, at: usize, out: &mut Vec<PiiMatch>) -> usize {
        let bytes = self.text.as_bytes();
        match bytes[at] {
            b'0'..=b'9' => self.numeric(at, out),
            b'@' if self.recognizers & R_EMAIL != 0 => {
                let start = run_start(bytes, at, MAX_LOCAL, is_local_byte);
                let end = run_end(bytes, at + 1, MAX_DOMAIN, is_domain_byte);
                if start < at && end > at + 1 {
                    self.add(Window { start, end, wanted: R_EMAIL }, out);
                }
                at + 1
            }
            b':' if bytes[at + 1..].starts_with(b"//") => {
                if self.recognizers & R_URL != 0 {
                    let start = run_start(bytes, at, MAX_SCHEME, |byte| byte.is_ascii_alphabetic());
                    let end = extend_to_space(self.text, at, MAX_URL);
                    self.add(Window { start, end, wanted: R_URL }, out);
                }
                at + 3
            }
            b':' if self.recognizers & (R_IPV6 | R_NATIONAL) != 0 => {
                let start = run_start(bytes, at, MAX_IPV6_RUN, is_ipv6_byte);
                let end = run_end(bytes, at + 1, MAX_IPV6_RUN, is_ipv6_byte);
                let n_colons = bytes[start..end].iter().filter(|&&byte| byte == b':').count();
                if n_colons >= 2 {
                    // Six pairs joined by five colons may be a MAC address too.
                    let mac = if n_colons == 5 && end - start >= 17 { R_NATIONAL } else { 0 };
                    let wanted = (R_IPV6 | mac) & self.recognizers;
                    self.add(Window { start, end, wanted }, out);
                }
                at + 1
            }
            _ => at + 1,
        }
    }

    /// Handles a digit run starting at `at`: an IBAN check when two capitals precede it,
    /// then the numeric cluster.
    fn numeric(&mut self, at: usize, out: &mut Vec<PiiMatch>) -> usize {
        let bytes = self.text.as_bytes();
        if self.recognizers & R_IBAN != 0
            && at >= 2
            && bytes[at - 2].is_ascii_alphabetic()
            && bytes[at - 1].is_ascii_alphabetic()
            && let Some(end) = builtin::iban_at(bytes, at - 2, out)
        {
            return end;
        }
        if self.recognizers & R_NATIONAL != 0 {
            // A national id or an address written as one token of letters and digits.
            let token_start = run_start(bytes, at, 40, |byte| byte.is_ascii_alphanumeric());
            let token_end = run_end(bytes, at, 80, |byte| byte.is_ascii_alphanumeric());
            let token = &bytes[token_start..token_end];
            if token.iter().any(u8::is_ascii_alphabetic) && national::token_candidate(token) {
                self.add(Window { start: token_start, end: token_end, wanted: R_NATIONAL }, out);
                // A Brazilian trunk prefix with its carrier placeholder (`0xx47...`) starts a
                // phone number too: its digits are read on.
                if !(token.starts_with(b"0xx") || token.starts_with(b"0XX")) {
                    return token_end;
                }
            }
            if let Some(mac) = national::mac_around(bytes, at) {
                self.add(Window { start: mac, end: mac + 17, wanted: R_NATIONAL }, out);
            }
        }
        let start = match at.checked_sub(1).map(|before| bytes[before]) {
            // A country code in brackets: `(+48) 733 874 789`.
            Some(b'+') if at > 1 && bytes[at - 2] == b'(' => at - 2,
            Some(b'+' | b'(') => at - 1,
            _ => carrier_prefix(bytes, at).unwrap_or(at),
        };
        // A carrier prefix's trunk 0 is one of the number's digits.
        let trunk = bytes[start..=at].iter().find(|byte| byte.is_ascii_digit()) == Some(&b'0');
        let prefix_digits = usize::from(trunk && start < at && bytes[at] != b'0');
        let (mut pos, mut n_digits, mut n_dots) = (at, prefix_digits, 0usize);
        let end = loop {
            while pos < bytes.len() && bytes[pos].is_ascii_digit() {
                n_digits += 1;
                pos += 1;
            }
            let group_end = pos;
            let mut look = pos;
            while look < bytes.len()
                && look - pos < 2
                && matches!(bytes[look], b' ' | b'-' | b'.' | b'(' | b')' | b'/')
            {
                look += 1;
            }
            // A dash or slash between spaces joins groups too (`040 / 431 217 51`).
            if bytes.get(pos..pos + 3).is_some_and(|joint| matches!(joint, b" - " | b" / ")) {
                look = pos + 3;
            }
            if look > pos && look < bytes.len() && bytes[look].is_ascii_digit() {
                n_dots += bytes[pos..look].iter().filter(|&&byte| byte == b'.').count();
                pos = look;
            } else if bytes.get(group_end) == Some(&b')') {
                // A closing bracket belongs to the number (`+44 (0) 20 ... (5)`).
                break group_end + 1;
            } else {
                break group_end;
            }
        };
        let mut wanted = 0;
        if n_dots >= 3 && n_digits >= 4 {
            wanted |= R_IPV4;
        }
        if n_digits >= 9 {
            wanted |= R_SSN;
        }
        // National numbers have as few as seven digits after a trunk 0 (`01 5880 0` in
        // Vienna), and eight or nine written bare (`612345678` in Spain, which only a phone
        // word nearby makes a phone).
        if n_digits >= 8 || (n_digits >= 7 && trunk) {
            wanted |= R_PHONE;
        }
        if n_digits >= 13 {
            wanted |= R_CARD;
        }
        wanted &= self.recognizers;
        if wanted != 0 {
            self.add(Window { start, end, wanted }, out);
        }
        if self.recognizers & R_NATIONAL != 0
            && national::cluster_candidate(bytes, start, end, n_digits)
        {
            // Room for the letters of a NINO (`AB 12 34 56 C`) or a DNI/NIE (`X-1234567-L`).
            let before = run_start(bytes, start, 3, |byte| {
                byte.is_ascii_alphanumeric() || b" -".contains(&byte)
            });
            let after = run_end(bytes, end, 2, |byte| {
                byte.is_ascii_alphanumeric() || b" -".contains(&byte)
            });
            self.add(Window { start: before, end: after, wanted: R_NATIONAL }, out);
        }
        end
    }

    /// Merges `window` into the current one, or runs the current one and starts anew.
    fn add(&mut self, window: Window, out: &mut Vec<PiiMatch>) {
        match self.current.as_mut() {
            Some(current) if window.start < current.end => {
                current.start = current.start.min(window.start);
                current.end = current.end.max(window.end);
                current.wanted |= window.wanted;
            }
            _ => {
                if let Some(previous) = self.current.replace(window) {
                    self.run(previous, out);
                }
            }
        }
    }

    fn run(&self, window: Window, out: &mut Vec<PiiMatch>) {
        let mut start = window.start;
        // A window starts where a run of digits and their groups does, as the naive scan
        // meets it: one that started inside it (`...9783 312-555-0137`, or inside an IBAN's
        // last groups before a phone) would read a candidate from the middle of the run,
        // refuse it, and pass over the number after it. (A run longer than any number is
        // not walked back further.)
        let bytes = self.text.as_bytes();
        let floor = start.saturating_sub(MAX_RUN_BACK);
        while start > floor {
            let joins = |at: usize| {
                b" .-/".contains(&bytes[at]) && at > 0 && bytes[at - 1].is_ascii_digit()
            };
            if bytes[start - 1].is_ascii_digit() || joins(start - 1) {
                start -= 1;
            } else {
                break;
            }
        }
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = window.end.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        self.builtins.find(window.wanted, self.text, start, end, self.region, out);
    }
}

/// Bytes a window's start is moved back over to where its run of digits starts.
const MAX_RUN_BACK: usize = 64;

/// Where Brazil's trunk prefix with a carrier placeholder (`0xx`, `0 XX `, `(0xx`) starts,
/// when it stands right before `at`.
fn carrier_prefix(bytes: &[u8], at: usize) -> Option<usize> {
    let mut start = at;
    let mut back = |wanted: fn(u8) -> bool| {
        let found = start.checked_sub(1).filter(|&before| wanted(bytes[before]))?;
        start = found;
        Some(())
    };
    let _ = back(|byte| byte == b' ');
    back(|byte| byte == b'x' || byte == b'X')?;
    back(|byte| byte == b'x' || byte == b'X')?;
    let _ = back(|byte| byte == b' ');
    back(|byte| byte == b'0')?;
    let _ = back(|byte| byte == b'(');
    Some(start)
}

/// The first byte at or after `pos` that may be a trigger (`0x30..=0x40` or beyond: the
/// caller ignores non-triggers in that range).
fn next_trigger(bytes: &[u8], mut pos: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const LOW7: u64 = ONES * 127;
    const HIGH: u64 = ONES * 128;
    // The byte-wise test "0x2f < byte < 0x41" (bit hack "hasbetween").
    const ABOVE: u64 = ONES * (127 + 0x41);
    const BELOW: u64 = ONES * (127 - 0x2f);
    while let Some(chunk) = bytes.get(pos..pos + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let hits = (ABOVE - (x & LOW7)) & !x & ((x & LOW7) + BELOW) & HIGH;
        if hits != 0
            && let Some(offset) = chunk.iter().position(|&byte| is_trigger(byte))
        {
            return Some(pos + offset);
        }
        pos += 8;
    }
    let rest = bytes.get(pos..)?;
    rest.iter().position(|&byte| is_trigger(byte)).map(|offset| pos + offset)
}

fn is_trigger(byte: u8) -> bool {
    byte.is_ascii_digit() || byte == b'@' || byte == b':'
}

/// A byte of an email's local part: ASCII letters, digits and `._%+-`, or any byte of a
/// non-ASCII character (the regex then keeps only letters, marks and digits).
fn is_local_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"._%+-".contains(&byte) || byte >= 0x80
}

fn is_domain_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'.' || byte == b'-'
}

fn is_ipv6_byte(byte: u8) -> bool {
    byte.is_ascii_hexdigit() || byte == b':' || byte == b'.'
}

/// Start of the run of `accept` bytes ending at `at` (exclusive), at most `limit` long.
fn run_start(bytes: &[u8], at: usize, limit: usize, accept: impl Fn(u8) -> bool) -> usize {
    let mut start = at;
    while start > 0 && at - start < limit && accept(bytes[start - 1]) {
        start -= 1;
    }
    start
}

/// End of the run of `accept` bytes starting at `from`, at most `limit` long.
fn run_end(bytes: &[u8], from: usize, limit: usize, accept: impl Fn(u8) -> bool) -> usize {
    let mut end = from;
    while end < bytes.len() && end - from < limit && accept(bytes[end]) {
        end += 1;
    }
    end
}

/// The first whitespace at or after `from`, at most `limit` bytes on.
fn extend_to_space(text: &str, from: usize, limit: usize) -> usize {
    run_end(text.as_bytes(), from, limit, |byte| !byte.is_ascii_whitespace())
}
