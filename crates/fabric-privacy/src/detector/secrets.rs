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

const RULES: &[Rule] = &[
    // AWS access key ids (gitleaks aws-access-token).
    Rule {
        pattern: r"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        group: 1,
        check: None,
        score: 0.95,
        literals: &["A3T", "AKIA", "ASIA", "ABIA", "ACCA"],
        words: &[],
        after: AFTER,
    },
    // AWS secret access keys next to an access key id, whatever names them (trufflehog's AWS
    // detector pairs every id with the 40-character secrets of the same chunk): 40 base64
    // characters, upper and lower case and digits mixed.
    Rule {
        pattern: r"(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])",
        group: 1,
        check: Some(aws_secret_shape),
        score: 0.9,
        literals: &["AKIA", "ASIA"],
        words: &[],
        after: AFTER,
    },
    // AWS secret access keys: 40 base64 characters after a keyword naming them.
    Rule {
        pattern: r#"(?i)aws.{0,20}?(?:secret|sk).{0,20}?["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9/+=]{40})\b"#,
        group: 1,
        check: None,
        score: 0.95,
        literals: &[],
        words: &["aws"],
        after: AFTER,
    },
    // GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens.
    Rule {
        pattern: r"\b(gh[pousr]_[A-Za-z0-9]{36,255})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        words: &[],
        after: AFTER,
    },
    Rule {
        pattern: r"\b(github_pat_[A-Za-z0-9_]{82})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["github_pat_"],
        words: &[],
        after: AFTER,
    },
    // GitLab personal access tokens.
    Rule {
        pattern: r"\b(glpat-[A-Za-z0-9_\-]{20,})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["glpat-"],
        words: &[],
        after: AFTER,
    },
    // Slack bot, user, app and configuration tokens, and incoming webhooks.
    Rule {
        pattern: r"\b(xox[baprse]-[A-Za-z0-9-]{10,250})",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-", "xoxe-"],
        words: &[],
        after: AFTER,
    },
    Rule {
        pattern: r"(https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,})",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["://"],
        words: &[],
        after: AFTER,
    },
    // Stripe secret and restricted keys.
    Rule {
        pattern: r"\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,99})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
        words: &[],
        after: AFTER,
    },
    // Google API keys.
    Rule {
        pattern: r"\b(AIza[0-9A-Za-z_\-]{35})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["AIza"],
        words: &[],
        after: AFTER,
    },
    // OpenAI (project, service account, admin and legacy keys), Anthropic, Hugging Face.
    Rule {
        pattern: r"\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["sk-"],
        words: &[],
        after: AFTER,
    },
    Rule {
        pattern: r"\b(sk-ant-(?:api03|admin01)-[A-Za-z0-9_\-]{80,120})",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["sk-"],
        words: &[],
        after: AFTER,
    },
    Rule {
        pattern: r"\b(hf_[A-Za-z]{34})\b",
        group: 1,
        check: None,
        score: 0.95,
        literals: &["hf_"],
        words: &[],
        after: AFTER,
    },
    // This project's own API keys.
    Rule {
        pattern: r"\b(fabric_[0-9a-f]{12}_[0-9a-f]{64})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["fabric_"],
        words: &[],
        after: AFTER,
    },
    // JWTs: three base64url parts, the first a JSON header naming an `alg`.
    Rule {
        pattern: r"\b(eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,})",
        group: 1,
        check: Some(jwt_header_names_alg),
        score: 0.95,
        literals: &["eyJ"],
        words: &[],
        after: AFTER * 4,
    },
    // PEM private keys (RSA, EC, DSA, OpenSSH, PKCS #8, encrypted, PGP blocks).
    Rule {
        pattern: r"(-----BEGIN[A-Z ]{0,20} PRIVATE KEY(?: BLOCK)?-----[\s\S]{16,}?-----END[A-Z ]{0,20} PRIVATE KEY(?: BLOCK)?-----)",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["PRIVATE KEY"],
        words: &[],
        after: 16 * 1024,
    },
    // A password in a connection string: `scheme://user:PASSWORD@host`.
    Rule {
        pattern: r"\b[A-Za-z][A-Za-z0-9+.\-]{1,20}://[^\s:/@]{1,64}:([^\s@/]{1,128})@[A-Za-z0-9.\-\[]",
        group: 1,
        check: None,
        score: 1.0,
        literals: &["://"],
        words: &[],
        after: AFTER,
    },
    // A password assigned: `password=...`, `passwd: ...`, `"pwd" => ...`.
    Rule {
        pattern: r#"(?i)\b(?:password|passwd|passwort|passphrase|passcode|pwd|mot de passe|mdp|contraseña|contrasena|kennwort|senha|hasło|haslo|wachtwoord|lösenord|losenord|salasana|密码|密碼|パスワード|пароль|비밀번호)["']?\s*(?:[:=]|=>)\s*["']?([^\s"'`,;]{4,128})"#,
        group: 1,
        check: Some(not_a_placeholder),
        score: 0.9,
        literals: &[],
        words: &[
            "pass",
            "pwd",
            "mot de passe",
            "mdp",
            "contrase",
            "kennwort",
            "senha",
            "hasło",
            "haslo",
            "wachtwoord",
            "senord",
            "salasana",
            "密码",
            "密碼",
            "パスワード",
            "пароль",
            "비밀번호",
        ],
        after: AFTER,
    },
    // A password told: "my password is ...", "das Passwort ist ...". The value needs a
    // digit, a capital or a symbol: "the password is required" is prose.
    Rule {
        pattern: r#"(?i)\b(?:password|passwort|passphrase|passcode|mot de passe|contraseña|kennwort|wachtwoord)\s+(?:is|was|ist|est|es|é|è|jest|är)\s*:?\s*["']?([^\s"'`,;]{4,128})"#,
        group: 1,
        check: Some(told_password),
        score: 0.85,
        literals: &["passwor", "Passwor", "PASSWOR", "ennwort", "achtwoord"],
        words: &[],
        after: AFTER,
    },
    // A password on a command line: `--password Sup3r`, `--pass 'x'` (the `=` form is an
    // assignment).
    Rule {
        pattern: r#"--pass(?:word)?\s+["']?([^\s"'`\-][^\s"'`]{3,127})"#,
        group: 1,
        check: Some(not_a_placeholder),
        score: 0.9,
        literals: &["--pass"],
        words: &[],
        after: AFTER,
    },
    // A password in SQL: `CREATE USER ... IDENTIFIED BY 'x'`, `ALTER ROLE ... PASSWORD 'x'`.
    Rule {
        pattern: r"(?i)(?:\bidentified\s+by|\bpassword)\s+'([^'\s]{4,128})'",
        group: 1,
        check: Some(not_a_placeholder),
        score: 0.9,
        literals: &["IDENTIFIED BY", "PASSWORD '", "password '", "Password '"],
        words: &[],
        after: AFTER,
    },
    // A password told in the other languages of the detector's regions, whose words carry
    // a non-ASCII byte the scan anchors on: "a senha é ...", "hasło to ...", "lösenordet
    // är ...", "密码是 ...", "パスワードは ...".
    Rule {
        pattern: r#"(?i)(?:senha\s+é|hasło\s+(?:to|jest)|lösenord(?:et)?\s+är|密[码碼]\s*(?:是|为|為|:|：)|パスワード\s*(?:は|:|：))\s*:?\s*["'「]?([^\s"'`,;」。]{4,128})"#,
        group: 1,
        check: Some(told_password),
        score: 0.85,
        literals: &[
            "senha é",
            "Senha é",
            "hasło",
            "Hasło",
            "lösenord",
            "Lösenord",
            "密码",
            "密碼",
            "パスワード",
        ],
        words: &[],
        after: AFTER,
    },
    // A bearer token.
    Rule {
        pattern: r"(?i)\bbearer\s+([A-Za-z0-9_\-.=+/]{20,})",
        group: 1,
        check: Some(looks_random),
        score: 0.9,
        literals: &["Bearer", "BEARER"],
        words: &[],
        after: AFTER,
    },
    // HTTP basic credentials: base64 of `user:password` (RFC 7617).
    Rule {
        pattern: r"(?i)\bbasic\s+([A-Za-z0-9+/]{8,}={0,2})",
        group: 1,
        check: Some(basic_credentials),
        score: 0.9,
        literals: &["Basic", "BASIC"],
        words: &[],
        after: AFTER,
    },
    // A random-looking value assigned to a key-like name (gitleaks generic-api-key).
    Rule {
        pattern: r#"(?i)\b[\w.\-]{0,24}(?:secret|token|api[_\-]?key|apikey|access[_\-]?key|auth(?:[_\-]?(?:token|key)|orization)|credential|private[_\-]?key)[\w.\-]{0,24}["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9_\-+/=.~]{16,256})"#,
        group: 1,
        check: Some(looks_random),
        score: 0.8,
        literals: &[],
        words: &[
            "secret",
            "token",
            "api_key",
            "api-key",
            "apikey",
            "access_key",
            "access-key",
            "auth",
            "credential",
            "private_key",
            "private-key",
        ],
        after: AFTER,
    },
];

/// What a literal is found by, rarest in prose first: every literal holds one. A pass per
/// anchor stops at each of its occurrences, so none is a byte common in prose: the words
/// for "password" are found by a few letters of them (a pass over `w` cost a tenth of a scan
/// of prose). The non-ASCII ones (lead bytes of `é` and `ö`, `ł`, `パ`, `密`) never occur in
/// ASCII text, so their passes cost little there.
const ANCHORS: &[&[u8]] = &[
    b"_", b"-", b"J", b":", b"V", b"A", b"B", b"P", b"sswor", b"nnwort", b"twoord", b"\xC3",
    b"\xC5", b"\xE3", b"\xE5",
];

/// A literal, the offset of its anchor in it, and its rule.
type Anchored = (&'static [u8], usize, usize);

struct Compiled {
    /// For each anchor of [`ANCHORS`]: its finder and the literals it anchors.
    anchored: Vec<(memchr::memmem::Finder<'static>, Vec<Anchored>)>,
    regexes: Vec<Regex>,
    /// Every rule's words, matched ASCII-case-insensitively.
    words: AhoCorasick,
    /// The rule of each word of [`Compiled::words`].
    word_rule: Vec<usize>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let mut anchored: Vec<_> =
        ANCHORS.iter().map(|anchor| (memchr::memmem::Finder::new(*anchor), Vec::new())).collect();
    for (index, rule) in RULES.iter().enumerate() {
        for literal in rule.literals {
            let bytes = literal.as_bytes();
            let found = ANCHORS.iter().enumerate().find_map(|(slot, anchor)| {
                memchr::memmem::find(bytes, anchor).map(|offset| (slot, offset))
            });
            let (slot, offset) = found.expect("every built-in secret literal holds an anchor");
            anchored[slot].1.push((bytes, offset, index));
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
        regexes: RULES
            .iter()
            .map(|rule| Regex::new(rule.pattern).expect("built-in secret patterns compile"))
            .collect(),
    }
});

/// Pushes every secret of `text` onto `out`. A `memmem` pass per anchor finds the
/// rules' literals (a multi-pattern automaton over every byte cost half the scan), and one
/// over `=` and `:` the assignments; each rule then runs only around them, in merged
/// windows.
pub(super) fn find(text: &str, out: &mut Vec<PiiMatch>) {
    let compiled = &*COMPILED;
    let bytes = text.as_bytes();
    let mut windows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); RULES.len()];
    for (anchor, literals) in &compiled.anchored {
        for at in anchor.find_iter(bytes) {
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
/// anchors start no literal, and a `memcmp` call for each cost 7% of a scan of prose.
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
        let Some(found) = captures.get(rule.group) else { continue };
        if found.is_empty()
            || rule.check.is_some_and(|check| !check(found.as_str()))
            || placeholder_token(found.as_str())
        {
            continue;
        }
        // A credential that a more specific rule found already (the generic rule sees
        // `AWS_ACCESS_KEY_ID=AKIA...` too).
        let span = (from + found.start(), from + found.end());
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
#[cfg(test)]
mod tests;

use checks::{
    aws_secret_shape, basic_credentials, jwt_header_names_alg, looks_random, not_a_placeholder,
    placeholder_token, told_password,
};
