//! Benchmark and test support: deterministic generators of valid PII values and of sample
//! texts, the naive one-regex-scan-per-type baseline, and a throughput comparison.
//!
//! Public so that other crates' benchmark harnesses can call it; not a stable API.

use std::hint::black_box;
use std::time::Instant;

use crate::detector::PiiDetector;
use crate::pii_type::{PiiMatch, PiiType};

/// A small deterministic generator (SplitMix64); not for secrets.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed; equal seeds give equal sequences.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`0` when `bound` is `0`).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 { 0 } else { (self.next_u64() % bound as u64) as usize }
    }

    /// One element of a non-empty slice (`None` for an empty one).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    fn digits(&mut self, count: usize, out: &mut String) {
        for _ in 0..count {
            out.push(char::from(b'0' + (self.below(10) as u8)));
        }
    }

    fn word(&mut self, items: &[&'static str]) -> &'static str {
        self.pick(items).copied().unwrap_or("")
    }
}

/// A Luhn-valid payment card number with a real issuer prefix, plain or grouped.
pub fn card_number(rng: &mut Rng) -> String {
    const ISSUERS: &[(&str, usize)] = &[
        ("4", 16),
        ("51", 16),
        ("55", 16),
        ("2221", 16),
        ("34", 15),
        ("37", 15),
        ("6011", 16),
        ("3528", 16),
        ("62", 16),
    ];
    let &(prefix, length) = rng.pick(ISSUERS).unwrap_or(&("4", 16));
    let mut digits = prefix.to_owned();
    rng.digits(length - prefix.len() - 1, &mut digits);
    let check = luhn_check_digit(&digits);
    digits.push(check);
    match (rng.below(3), length) {
        (0, _) => digits,
        (separator, 15) => {
            let sep = if separator == 1 { ' ' } else { '-' };
            format!("{}{sep}{}{sep}{}", &digits[..4], &digits[4..10], &digits[10..])
        }
        (separator, _) => group(&digits, if separator == 1 { ' ' } else { '-' }),
    }
}

fn luhn_check_digit(payload: &str) -> char {
    let sum: u32 = payload
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| {
            let digit = u32::from(byte - b'0');
            if index % 2 == 0 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

fn group(chars: &str, separator: char) -> String {
    let mut out = String::with_capacity(chars.len() + chars.len() / 4);
    for (index, character) in chars.chars().enumerate() {
        if index > 0 && index % 4 == 0 {
            out.push(separator);
        }
        out.push(character);
    }
    out
}

/// An IBAN with correct check digits for one of several countries, grouped by four or not.
pub fn iban(rng: &mut Rng) -> String {
    // Country, then the BBAN layout: 'n' digit, 'a' capital letter.
    const LAYOUTS: &[(&str, &str)] = &[
        ("DE", "nnnnnnnnnnnnnnnnnn"),
        ("GB", "aaaannnnnnnnnnnnnn"),
        ("FR", "nnnnnnnnnnnnnnnnnnnnnnn"),
        ("ES", "nnnnnnnnnnnnnnnnnnnn"),
        ("NL", "aaaannnnnnnnnn"),
        ("IT", "annnnnnnnnnnnnnnnnnnnnn"),
        ("BE", "nnnnnnnnnnnn"),
        ("CH", "nnnnnnnnnnnnnnnnn"),
        ("AT", "nnnnnnnnnnnnnnnn"),
    ];
    let &(country, layout) = rng.pick(LAYOUTS).unwrap_or(&("DE", "nnnnnnnnnnnnnnnnnn"));
    let mut bban = String::with_capacity(layout.len());
    for kind in layout.bytes() {
        if kind == b'a' {
            bban.push(char::from(b'A' + rng.below(26) as u8));
        } else {
            rng.digits(1, &mut bban);
        }
    }
    let mut remainder = 0u32;
    for byte in bban.bytes().chain(country.bytes()).chain(*b"00") {
        remainder = match byte {
            b'0'..=b'9' => (remainder * 10 + u32::from(byte - b'0')) % 97,
            _ => (remainder * 100 + u32::from(byte - b'A') + 10) % 97,
        };
    }
    let plain = format!("{country}{:02}{bban}", 98 - remainder);
    if rng.below(2) == 0 { plain } else { group(&plain, ' ') }
}

/// A valid US social security number, dashed or spaced.
pub fn ssn(rng: &mut Rng) -> String {
    let area = loop {
        let area = 1 + rng.below(899);
        if area != 666 {
            break area;
        }
    };
    let group_number = 1 + rng.below(99);
    let serial = 1 + rng.below(9999);
    let separator = if rng.below(4) == 0 { ' ' } else { '-' };
    format!("{area:03}{separator}{group_number:02}{separator}{serial:04}")
}

/// A phone number: North American (fictional 555-01xx lines) or international with `+`.
pub fn phone(rng: &mut Rng) -> String {
    let area = rng.word(&["212", "415", "206", "312", "617", "303", "512", "646"]);
    let line = 100 + rng.below(100);
    match rng.below(6) {
        0 => format!("({area}) 555-0{line}"),
        1 => format!("{area}-555-0{line}"),
        2 => format!("+1 {area} 555 0{line}"),
        3 => format!("+44 20 7946 0{}", 100 + rng.below(900)),
        4 => format!("+49 30 {}{}", 1000 + rng.below(9000), 10 + rng.below(90)),
        _ => format!(
            "+33 1 {} {} {} {}",
            10 + rng.below(90),
            10 + rng.below(90),
            10 + rng.below(90),
            10 + rng.below(90)
        ),
    }
}

/// An email address at a reserved example domain.
pub fn email(rng: &mut Rng) -> String {
    let first = rng.word(&["jane", "john", "maria", "li", "oliver", "amelie", "jose", "priya"]);
    let last = rng.word(&["doe", "smith", "garcia", "mueller", "dupont", "chen", "kaur", "okafor"]);
    let domain = rng.word(&["example.com", "example.org", "example.net", "mail.example.co.uk"]);
    match rng.below(3) {
        0 => format!("{first}.{last}@{domain}"),
        1 => format!("{first}{}@{domain}", rng.below(100)),
        _ => format!("{first}_{last}+notes@{domain}"),
    }
}

/// An IPv4 address from the documentation ranges (RFC 5737) or private ranges.
pub fn ipv4(rng: &mut Rng) -> String {
    let prefix =
        rng.word(&["192.0.2", "198.51.100", "203.0.113", "10.12.4", "172.16.30", "192.168.1"]);
    format!("{prefix}.{}", 1 + rng.below(254))
}

/// An IPv6 address from the documentation range (RFC 3849), full or compressed.
pub fn ipv6(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!("2001:db8::{:x}", 1 + rng.below(0xfffe)),
        1 => format!(
            "2001:db8:{:x}:{:x}::{:x}",
            rng.below(0xffff),
            rng.below(0xffff),
            1 + rng.below(0xfff)
        ),
        _ => format!(
            "2001:0db8:{:04x}:{:04x}:{:04x}:{:04x}:{:04x}:{:04x}",
            rng.below(0xffff),
            rng.below(0xffff),
            rng.below(0xffff),
            rng.below(0xffff),
            rng.below(0xffff),
            rng.below(0xffff)
        ),
    }
}

/// A URL at a reserved example domain.
pub fn url(rng: &mut Rng) -> String {
    let path = rng.word(&[
        "docs/setup",
        "tickets/4821",
        "wiki/Onboarding",
        "share?id=a81f",
        "reset-password",
    ]);
    match rng.below(3) {
        0 => format!("https://example.com/{path}"),
        1 => format!("http://intranet.example.org/{path}"),
        _ => format!("www.example.net/{path}"),
    }
}

/// One random value of a random built-in type.
pub fn pii_value(rng: &mut Rng) -> (PiiType, String) {
    match rng.below(8) {
        0 => (PiiType::Email, email(rng)),
        1 => (PiiType::Phone, phone(rng)),
        2 => (PiiType::Ssn, ssn(rng)),
        3 => (PiiType::CreditCard, card_number(rng)),
        4 => (PiiType::Iban, iban(rng)),
        5 => (PiiType::IpAddress, ipv4(rng)),
        6 => (PiiType::IpAddress, ipv6(rng)),
        _ => (PiiType::Url, url(rng)),
    }
}

/// A sentence of plain English prose with the occasional harmless number (years, counts,
/// times, prices, versions, dates, ZIP codes).
fn prose_sentence(rng: &mut Rng, out: &mut String) {
    const SUBJECTS: &[&str] = &[
        "The team",
        "Our customer",
        "The agent",
        "My manager",
        "The support desk",
        "Everyone on the call",
        "The new intern",
        "The vendor",
    ];
    const VERBS: &[&str] = &[
        "reviewed",
        "discussed",
        "postponed",
        "summarized",
        "approved",
        "questioned",
        "rewrote",
        "shared",
    ];
    const OBJECTS: &[&str] = &[
        "the quarterly roadmap",
        "a draft of the migration plan",
        "the onboarding checklist",
        "the notes from the offsite",
        "the budget for next year",
        "several open tickets",
        "the release schedule",
        "a proposal for the new dashboard",
    ];
    const TAILS: &[&str] = &[
        "before lunch",
        "and asked for more detail",
        "without much debate",
        "while waiting for feedback from legal",
        "in the weekly sync",
        "after a long discussion about priorities",
        "and everyone seemed happy with the outcome",
        "but nobody remembered the decision",
    ];
    out.push_str(rng.word(SUBJECTS));
    out.push(' ');
    out.push_str(rng.word(VERBS));
    out.push(' ');
    out.push_str(rng.word(OBJECTS));
    out.push(' ');
    match rng.below(12) {
        0 => out.push_str(&format!("in {}", 2015 + rng.below(10))),
        1 => out.push_str(&format!("at {}:{:02}", 8 + rng.below(10), rng.below(60))),
        2 => out.push_str(&format!(
            "for ${},{:03}.{:02}",
            1 + rng.below(9),
            rng.below(1000),
            rng.below(100)
        )),
        3 => out.push_str(&format!(
            "for version {}.{}.{}",
            rng.below(5),
            rng.below(20),
            rng.below(10)
        )),
        4 => out.push_str(&format!("with {} people", 2 + rng.below(40))),
        5 => out.push_str(&format!(
            "on {}-{:02}-{:02}",
            2020 + rng.below(6),
            1 + rng.below(12),
            1 + rng.below(28)
        )),
        _ => out.push_str(rng.word(TAILS)),
    }
    out.push_str(". ");
    if rng.below(9) == 0 {
        out.push('\n');
    }
}

/// About `target_len` bytes of English prose with one PII value every ~2 KB.
pub fn sparse_prose(target_len: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(target_len + 256);
    let mut next_pii = 2048;
    while out.len() < target_len {
        prose_sentence(&mut rng, &mut out);
        if out.len() >= next_pii {
            let (_, value) = pii_value(&mut rng);
            out.push_str("Please note the details: ");
            out.push_str(&value);
            out.push_str(" for the record. ");
            next_pii = out.len() + 1536 + rng.below(1024);
        }
    }
    out
}

/// About `target_len` bytes of short notes, each with one or two PII values.
pub fn dense_pii(target_len: usize, seed: u64) -> String {
    const LEADS: &[&str] = &[
        "Contact",
        "Customer wrote from",
        "Refund to",
        "Logged in from",
        "Call back",
        "Updated record:",
        "Ticket 4471:",
        "Noted",
    ];
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(target_len + 256);
    while out.len() < target_len {
        out.push_str(rng.word(LEADS));
        out.push(' ');
        out.push_str(&pii_value(&mut rng).1);
        if rng.below(2) == 0 {
            out.push_str(" and ");
            out.push_str(&pii_value(&mut rng).1);
        }
        out.push_str(" today.\n");
    }
    out
}

/// The naive baseline: one full `Regex::find_iter` scan of `text` per built-in type (and per
/// custom recognizer), with the same validators and overlap resolution as
/// [`PiiDetector::scan`].
pub fn naive_scan(detector: &PiiDetector, text: &str) -> Vec<PiiMatch> {
    detector.scan_naive(text)
}

/// Throughput of `scan` over `text` in MB/s (10^6 bytes per second): the best of `rounds`
/// timed runs after one warm-up run.
pub fn throughput_mb_s(text: &str, rounds: usize, mut scan: impl FnMut(&str) -> usize) -> f64 {
    black_box(scan(black_box(text)));
    let mut best = f64::INFINITY;
    for _ in 0..rounds.max(1) {
        let started = Instant::now();
        black_box(scan(black_box(text)));
        best = best.min(started.elapsed().as_secs_f64());
    }
    text.len() as f64 / best.max(1e-9) / 1e6
}

/// One row of [`compare`].
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Which input: `"sparse prose"` or `"dense pii"`.
    pub input: &'static str,
    /// Input size in bytes.
    pub bytes: usize,
    /// Throughput of [`PiiDetector::scan`].
    pub fast_mb_s: f64,
    /// Throughput of [`naive_scan`].
    pub naive_mb_s: f64,
    /// Matches found by the fast scan.
    pub fast_matches: usize,
    /// Matches found by the naive scan.
    pub naive_matches: usize,
}

impl Comparison {
    /// How many times faster the fast scan is.
    pub fn ratio(&self) -> f64 {
        self.fast_mb_s / self.naive_mb_s.max(1e-9)
    }
}

/// Measures the default detector against the naive baseline on sparse prose and on dense
/// PII text of about `target_len` bytes each, single-threaded.
pub fn compare(target_len: usize, rounds: usize) -> Vec<Comparison> {
    let detector = PiiDetector::new();
    let inputs =
        [("sparse prose", sparse_prose(target_len, 7)), ("dense pii", dense_pii(target_len, 11))];
    inputs
        .into_iter()
        .map(|(input, text)| Comparison {
            input,
            bytes: text.len(),
            fast_mb_s: throughput_mb_s(&text, rounds, |text| detector.scan(text).len()),
            naive_mb_s: throughput_mb_s(&text, rounds, |text| naive_scan(&detector, text).len()),
            fast_matches: detector.scan(&text).len(),
            naive_matches: naive_scan(&detector, &text).len(),
        })
        .collect()
}
