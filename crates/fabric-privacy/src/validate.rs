//! Checksums and range rules that confirm a candidate: Luhn, IBAN mod-97, SSN ranges, card
//! issuer prefixes, North American numbering, IP address parsing, national ids, wallet
//! addresses and MAC addresses.
//!
//! Each function takes any input and answers `false` for anything malformed; none panics.

use std::net::{Ipv4Addr, Ipv6Addr};

mod national;
#[cfg(test)]
mod tests;

pub use national::{
    aadhaar, bitcoin, br_cpf, ca_sin, de_tax_id, es_dni, ethereum, fr_nir, it_fiscal_code,
    mac_address, nl_bsn, uk_nino,
};

/// The Luhn check over the ASCII digits of `value`, ignoring every other character.
///
/// Fewer than two digits never pass.
pub fn luhn(value: &str) -> bool {
    let mut sum = 0u32;
    let mut n_digits = 0usize;
    for byte in value.bytes().rev().filter(u8::is_ascii_digit) {
        let mut digit = u32::from(byte - b'0');
        if n_digits % 2 == 1 {
            digit *= 2;
            if digit > 9 {
                digit -= 9;
            }
        }
        sum += digit;
        n_digits += 1;
    }
    n_digits >= 2 && sum.is_multiple_of(10)
}

/// ISO 7064 mod 97-10 over `chars`, which must be ASCII digits and upper-case letters only,
/// with the first four characters (country and check digits) moved to the end first.
///
/// This is the IBAN checksum without the country length rule; see [`iban`].
pub fn mod97(chars: &[u8]) -> bool {
    if chars.len() < 5 {
        return false;
    }
    let mut remainder = 0u32;
    for &byte in chars[4..].iter().chain(&chars[..4]) {
        remainder = match byte {
            b'0'..=b'9' => (remainder * 10 + u32::from(byte - b'0')) % 97,
            b'A'..=b'Z' => (remainder * 100 + u32::from(byte - b'A') + 10) % 97,
            _ => return false,
        };
    }
    remainder == 1
}

/// The IBAN length of a country (ISO 3166 alpha-2, upper case), if the country uses IBANs.
pub fn iban_length(country: &[u8]) -> Option<usize> {
    #[rustfmt::skip]
    const TABLE: &[(&[u8; 2], usize)] = &[
        (b"AD", 24), (b"AE", 23), (b"AL", 28), (b"AT", 20), (b"AZ", 28), (b"BA", 20),
        (b"BE", 16), (b"BG", 22), (b"BH", 22), (b"BR", 29), (b"BY", 28), (b"CH", 21),
        (b"CR", 22), (b"CY", 28), (b"CZ", 24), (b"DE", 22), (b"DK", 18), (b"DO", 28),
        (b"EE", 20), (b"EG", 29), (b"ES", 24), (b"FI", 18), (b"FO", 18), (b"FR", 27),
        (b"GB", 22), (b"GE", 22), (b"GI", 23), (b"GL", 18), (b"GR", 27), (b"GT", 28),
        (b"HR", 21), (b"HU", 28), (b"IE", 22), (b"IL", 23), (b"IQ", 23), (b"IS", 26),
        (b"IT", 27), (b"JO", 30), (b"KW", 30), (b"KZ", 20), (b"LB", 28), (b"LC", 32),
        (b"LI", 21), (b"LT", 20), (b"LU", 20), (b"LV", 21), (b"MC", 27), (b"MD", 24),
        (b"ME", 22), (b"MK", 19), (b"MR", 27), (b"MT", 31), (b"MU", 30), (b"NL", 18),
        (b"NO", 15), (b"PK", 24), (b"PL", 28), (b"PS", 29), (b"PT", 25), (b"QA", 29),
        (b"RO", 24), (b"RS", 22), (b"SA", 24), (b"SC", 31), (b"SE", 24), (b"SI", 19),
        (b"SK", 24), (b"SM", 27), (b"ST", 25), (b"SV", 28), (b"TL", 23), (b"TN", 24),
        (b"TR", 26), (b"UA", 29), (b"VA", 22), (b"VG", 24), (b"XK", 20),
    ];
    TABLE.iter().find(|(code, _)| code.as_slice() == country).map(|&(_, length)| length)
}

/// A full IBAN check on `value` with spaces allowed: known country, the country's length,
/// digits in the check position, and mod-97.
pub fn iban(value: &str) -> bool {
    let mut chars = Vec::with_capacity(34);
    for byte in value.bytes() {
        match byte {
            b' ' => {}
            b'0'..=b'9' | b'A'..=b'Z' if chars.len() < 34 => chars.push(byte),
            _ => return false,
        }
    }
    let (Some(country), Some(check)) = (chars.get(..2), chars.get(2..4)) else {
        return false;
    };
    country.iter().all(u8::is_ascii_uppercase)
        && check.iter().all(u8::is_ascii_digit)
        && iban_length(country) == Some(chars.len())
        && mod97(&chars)
}

/// US social security number rules over the nine digits of `value` (any other characters
/// are ignored): area not 000, 666 or 900-999, group not 00, serial not 0000, and not one of
/// the numbers famously printed in advertising.
pub fn ssn(value: &str) -> bool {
    let mut digits = [0u8; 9];
    let mut n_digits = 0usize;
    for byte in value.bytes().filter(u8::is_ascii_digit) {
        let Some(slot) = digits.get_mut(n_digits) else {
            return false;
        };
        *slot = byte - b'0';
        n_digits += 1;
    }
    if n_digits != 9 {
        return false;
    }
    let number = |range: std::ops::Range<usize>| {
        digits[range].iter().fold(0u32, |acc, &digit| acc * 10 + u32::from(digit))
    };
    let (area, group, serial) = (number(0..3), number(3..5), number(5..9));
    let famous = matches!((area, group, serial), (78, 5, 1120) | (219, 9, 9999));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 && !famous
}

/// Whether the ASCII `digits` (13 to 19 of them, no separators) start with a known issuer
/// prefix valid for that length: Visa, Mastercard, American Express, Discover, JCB, Diners
/// Club, UnionPay (62, and 8100-8171), Maestro and Mir (2200-2204). Ranges and lengths as
/// the networks publish them (ISO/IEC 7812 issuer identification numbers, summarised in
/// Wikipedia's "Payment card number" table).
pub fn card_issuer(digits: &[u8]) -> bool {
    let length = digits.len();
    if !(13..=19).contains(&length) || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let prefix = |n: usize| digits[..n].iter().fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
    let (p1, p2, p3, p4) = (prefix(1), prefix(2), prefix(3), prefix(4));
    let visa = p1 == 4 && matches!(length, 13 | 16 | 19);
    let mastercard = ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && length == 16;
    let amex = matches!(p2, 34 | 37) && length == 15;
    let discover = (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65) && length >= 16;
    let jcb = (3528..=3589).contains(&p4) && length >= 16;
    let diners = ((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39)) && length >= 14;
    let unionpay = (p2 == 62 || (8100..=8171).contains(&p4)) && length >= 16;
    let mir = (2200..=2204).contains(&p4) && length >= 16;
    let maestro = matches!(p2, 50 | 56..=58 | 63 | 67) && length >= 13;
    visa || mastercard || amex || discover || jcb || diners || unionpay || maestro || mir
}

/// A full payment card check on `value`: 13 to 19 digits once spaces, dashes and dots are
/// removed, a known issuer prefix, and Luhn.
pub fn card(value: &str) -> bool {
    let mut digits = Vec::with_capacity(19);
    for byte in value.bytes() {
        match byte {
            b'0'..=b'9' if digits.len() < 19 => digits.push(byte),
            b' ' | b'-' | b'.' => {}
            _ => return false,
        }
    }
    card_issuer(&digits) && luhn(value)
}

/// North American Numbering Plan rules over the ten digits of `value` after an optional
/// leading country code 1: area code and exchange start with 2-9, and the area code is not
/// an N11 service code.
pub fn nanp(value: &str) -> bool {
    let mut digits = [0u8; 11];
    let mut n_digits = 0usize;
    for byte in value.bytes().filter(u8::is_ascii_digit) {
        let Some(slot) = digits.get_mut(n_digits) else {
            return false;
        };
        *slot = byte - b'0';
        n_digits += 1;
    }
    let number = match n_digits {
        10 => &digits[..10],
        11 if digits[0] == 1 => &digits[1..11],
        _ => return false,
    };
    number[0] >= 2 && number[3] >= 2 && !(number[1] == 1 && number[2] == 1)
}

/// Whether `value` is a dotted-quad IPv4 address with octets 0-255 and no leading zeros.
pub fn ipv4(value: &str) -> bool {
    value.parse::<Ipv4Addr>().is_ok()
}

/// Whether `value` is an IPv6 address in any textual form `std::net` accepts (full,
/// compressed with `::`, or with an embedded IPv4 tail); zone ids are not accepted.
pub fn ipv6(value: &str) -> bool {
    value.parse::<Ipv6Addr>().is_ok()
}
