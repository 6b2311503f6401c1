//! Secrets and credentials (`SECRET`): provider API keys and tokens, JWTs, PEM private keys,
//! passwords in assignments, sentences and connection strings, this project's own API keys,
//! and high-entropy tokens next to a key-like word.
//!
//! The rules follow the published detectors of gitleaks (`config/gitleaks.toml`: prefixes,
//! lengths and character sets of `aws-access-token`, `github-pat`, `github-fine-grained-pat`,
//! `gitlab-pat`, `slack-*-token`, `stripe-access-token`, `gcp-api-key`, `openai-api-key`,
//! `anthropic-api-key`, `huggingface-access-token`, `jwt`, `private-key`,
//! `generic-api-key` with its entropy threshold) and trufflehog's detectors of the same
//! services (the AWS secret key's 40 base64 characters next to its id's keyword). Every
//! rule's match is the credential itself, not the words around it; a rule with a validator
//! (a JWT's header must decode to JSON naming an `alg`; a generic token must look random)
//! drops what does not pass. Fast byte searches find the literals every match of a rule
//! holds (or the `=`/`:` it assigns with), and each rule runs only around them.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::pii_type::{PiiMatch, PiiType};

/// One rule: its pattern, the capture group that is the credential (0: the whole match),
/// an optional check, and the score of a match.
struct Rule {
    pattern: &'static str,
    group: usize,
    check: Option<fn(&str) -> bool>,
    score: f32,
    /// Literals one of which every match holds (exactly, case included): the rule's
    /// pattern runs only around them.
    literals: &'static [&'static str],
    /// Words (lower case) one of which stands in the [`LOOKBACK`] bytes before an `=` or
    /// `:` that a match assigns with: the rule also runs around such operators.
    words: &'static [&'static str],
    /// Bytes after a literal that a match may reach.
    after: usize,
}

/// Bytes before an `=` or `:` searched for a rule's words.
const LOOKBACK: usize = 48;

/// Bytes before a literal that a match may start at.
const BEFORE: usize = 64;
/// Bytes after a literal that most matches end within.
const AFTER: usize = 400;

/// Bytes a literal is found by, rarest in prose first: a `memchr` pass per byte finds the
/// literals that hold one.
const ANCHORS: &[u8] = b"_-J:VABP";

/// A literal, the offset of its anchor byte in it, and its rule.
type Anchored = (&'static [u8], usize, usize);

struct Compiled {
    /// For each anchor byte of [`ANCHORS`]: the literals it anchors.
    anchored: Vec<(u8, Vec<Anchored>)>,
    /// The literals that hold no anchor byte (the words for "password", `mysql`, `bearer`,
    /// CJK words), found together in one pass: a pass per anchor byte common in prose (`w`)
    /// or in CJK text (a lead byte) cost a tenth of a scan, and a `memmem` pass per
    /// literal about as much.
    unanchored: AhoCorasick,
    /// The literals of [`Compiled::unanchored`], each with its rule.
    unanchored_literals: Vec<(&'static [u8], usize)>,
    regexes: Vec<Regex>,
    /// Every rule's words, matched ASCII-case-insensitively.
    words: AhoCorasick,
    /// The rule of each word of [`Compiled::words`].
    word_rule: Vec<usize>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let mut anchored: Vec<(u8, Vec<Anchored>)> =
        ANCHORS.iter().map(|&anchor| (anchor, Vec::new())).collect();
    let mut unanchored = Vec::new();
    for (index, rule) in RULES.iter().enumerate() {
        for literal in rule.literals {
            let bytes = literal.as_bytes();
            let found = ANCHORS.iter().enumerate().find_map(|(slot, anchor)| {
                bytes.iter().position(|byte| byte == anchor).map(|offset| (slot, offset))
            });
            match found {
                Some((slot, offset)) => anchored[slot].1.push((bytes, offset, index)),
                None => {
                    unanchored.push((bytes, index));
                }
            }
        }
    }
    anchored.retain(|(_, literals)| !literals.is_empty());
    let (words, word_rule): (Vec<&str>, Vec<usize>) = RULES
        .iter()
        .enumerate()
        .flat_map(|(index, rule)| rule.words.iter().map(move |word| (*word, index)))
        .unzip();
    assert!(RULES.len() <= 64, "a rule set fits the bit mask of one assignment");
    Compiled {
        words: AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&words)
            .expect("built-in secret words compile"),
        word_rule,
        anchored,
        unanchored: AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(unanchored.iter().map(|&(literal, _)| literal))
            .expect("built-in secret literals compile"),
        unanchored_literals: unanchored,
        regexes: RULES
            .iter()
            .map(|rule| Regex::new(rule.pattern).expect("built-in secret patterns compile"))
            .collect(),
    }
});

/// Pushes every secret of `text` onto `out`. A `memchr` pass per anchor byte and one
/// automaton pass find the rules' literals, and a pass over `=` and `:` the assignments; each rule then runs only around them, in merged
/// windows.
pub(super) fn find(text: &str, out: &mut Vec<PiiMatch>) {
    let compiled = &*COMPILED;
    let bytes = text.as_bytes();
    let mut windows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); RULES.len()];
    // One search finds where a literal starts; every literal that starts there counts
    // (`password '` as well as `passwor`).
    for found in compiled.unanchored.find_iter(bytes) {
        let start = found.start();
        for &(literal, index) in &compiled.unanchored_literals {
            if holds_at(bytes, start, literal) {
                let from = start.saturating_sub(BEFORE);
                add_window(
                    &mut windows[index],
                    from,
                    start + literal.len() + RULES[index].after,
                    text,
                );
            }
        }
    }
    for (anchor, literals) in &compiled.anchored {
        for at in memchr::memchr_iter(*anchor, bytes) {
            for &(literal, offset, index) in literals {
                let Some(start) = at.checked_sub(offset) else { continue };
                if holds_at(bytes, start, literal) {
                    let from = start.saturating_sub(BEFORE);
                    let to = start + literal.len() + RULES[index].after;
                    add_window(&mut windows[index], from, to, text);
                }
            }
        }
    }
    // Assignments: an `=` or `:` with a rule's word shortly before it, found by one
    // automaton over every rule's words.
    for at in memchr::memchr2_iter(b'=', b':', bytes) {
        let from = at.saturating_sub(LOOKBACK);
        let mut rules = 0_u64;
        for found in compiled.words.find_overlapping_iter(&bytes[from..at]) {
            rules |= 1 << compiled.word_rule[found.pattern().as_usize()];
        }
        for (index, rule) in RULES.iter().enumerate() {
            if rules & (1 << index) != 0 {
                add_window(&mut windows[index], at.saturating_sub(BEFORE), at + rule.after, text);
            }
        }
    }
    for list in &mut windows {
        list.sort_unstable();
    }
    let first = out.len();
    for ((rule, regex), windows) in RULES.iter().zip(&compiled.regexes).zip(windows) {
        for (from, to) in windows {
            find_in(text, snap(text, from, false), snap(text, to, true), rule, regex, first, out);
        }
    }
}

/// Whether `bytes` holds `literal` at `start`. The first byte is compared inline: most
/// anchor bytes start no literal, and a `memcmp` call for each cost 7% of a scan of prose.
fn holds_at(bytes: &[u8], start: usize, literal: &[u8]) -> bool {
    bytes.get(start) == literal.first()
        && bytes.get(start..start + literal.len()).is_some_and(|held| held == literal)
}

/// Adds `from..to` (clamped to `text`) to `windows`, merged with the last one where they
/// meet. Windows may come out of order (literals, then operators): overlapping ones that
/// are not merged only cost a second search, and their matches are deduplicated.
fn add_window(windows: &mut Vec<(usize, usize)>, from: usize, to: usize, text: &str) {
    let to = to.min(text.len());
    match windows.last_mut() {
        Some(last) if from <= last.1 && to >= last.0 => {
            last.0 = last.0.min(from);
            last.1 = last.1.max(to);
        }
        _ => windows.push((from, to)),
    }
}

/// `at` moved to a char boundary of `text` (forward or back).
fn snap(text: &str, mut at: usize, forward: bool) -> usize {
    while !text.is_char_boundary(at) {
        if forward { at += 1 } else { at -= 1 }
    }
    at
}

/// The matches of one rule within `text[from..to]`.
fn find_in(
    text: &str,
    from: usize,
    to: usize,
    rule: &Rule,
    regex: &Regex,
    first: usize,
    out: &mut Vec<PiiMatch>,
) {
    let Some(window) = text.get(from..to) else { return };
    for captures in regex.captures_iter(window) {
        let (Some(whole), Some(found)) = (captures.get(0), captures.get(rule.group)) else {
            continue;
        };
        // A value in a URL's query ends before the next parameter (`?password=x&ssl=true`).
        let value = &found.as_str()[..query_value_end(found.as_str())];
        if value.is_empty()
            || value.starts_with('=')
            || rule.check.is_some_and(|check| !check(value))
            || placeholder_token(value)
            || assigns_to_an_id(&window[whole.start()..found.start()])
        {
            continue;
        }
        // A credential that a more specific rule found already (the generic rule sees
        // `AWS_ACCESS_KEY_ID=AKIA...` too).
        let span = (from + found.start(), from + found.start() + value.len());
        if out[first..].iter().any(|earlier| (earlier.start, earlier.end) == span) {
            continue;
        }
        out.push(PiiMatch {
            pii_type: PiiType::Secret,
            start: span.0,
            end: span.1,
            score: rule.score,
        });
    }
}

mod checks;
mod rules;
#[cfg(test)]
mod tests;

use rules::RULES;

use checks::{assigns_to_an_id, placeholder_token, query_value_end};
