//! National ids, wallet addresses and MAC addresses: each check as its issuer publishes it
//! (HMRC for the NINO, the Bundeszentralamt für Steuern for the Steuer-IdNr, INSEE for the
//! NIR, the Spanish Ministerio del Interior for DNI/NIE letters, the Agenzia delle Entrate for
//! the codice fiscale, the Dutch BSN 11-proof, UIDAI's Verhoeff digit, the Canadian SIN's
//! Luhn, the Receita Federal's CPF digits; BIP-13/BIP-173/BIP-350 and EIP-55 for addresses).
//!
//! Each function takes any input, ignores the separators people write (spaces, dots,
//! dashes) where the format allows them, and answers `false` for anything malformed.

use sha3::Digest as _;

/// The ASCII digits of `value` as numbers, when it holds only digits and `separators`.
fn digits(value: &str, separators: &[u8]) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_digit() {
            out.push(u32::from(byte - b'0'));
        } else if !separators.contains(&byte) {
            return None;
        }
    }
    Some(out)
}

/// A UK National Insurance number: two prefix letters (not D, F, I, Q, U or V; the second
/// not O; not BG, GB, KN, NK, NT, TN or ZZ), six digits, and a suffix A to D.
pub fn uk_nino(value: &str) -> bool {
    let compact: Vec<u8> =
        value.bytes().filter(|byte| *byte != b' ').map(|byte| byte.to_ascii_uppercase()).collect();
    let [first, second, rest @ ..] = compact.as_slice() else { return false };
    let Some((suffix, number)) = rest.split_last() else { return false };
    number.len() == 6
        && number.iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(suffix)
        && first.is_ascii_uppercase()
        && second.is_ascii_uppercase()
        && !b"DFIQUV".contains(first)
        && !b"DFIOQUV".contains(second)
        && !matches!(&[*first, *second], b"BG" | b"GB" | b"KN" | b"NK" | b"NT" | b"TN" | b"ZZ")
}

/// A German Steuer-IdNr: eleven digits, not starting with 0; among the first ten one digit
/// appears twice or three times and every other at most once; the last is the ISO 7064
/// MOD 11,10 check digit.
pub fn de_tax_id(value: &str) -> bool {
    let Some(digits) = digits(value, b" /") else { return false };
    if digits.len() != 11 || digits[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &digit in &digits[..10] {
        counts[digit as usize] += 1;
    }
    let repeated = counts.iter().filter(|&&count| count >= 2).count();
    if repeated != 1 || counts.iter().any(|&count| count > 3) {
        return false;
    }
    let mut product = 10;
    for &digit in &digits[..10] {
        let mut sum = (digit + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = (11 - product) % 10;
    check == digits[10]
}

/// A French NIR: sex (1, 2, 3, 4, 7 or 8), year, month (01 to 12, or 20 to 42 and 50 to 99
/// for unknown or provisional ones), department (two digits, or 2A/2B for Corsica),
/// commune, order, and the key: 97 minus the first thirteen digits modulo 97 (Corsica's
/// 2A and 2B counted as 19 and 18).
pub fn fr_nir(value: &str) -> bool {
    let compact: Vec<u8> = value.bytes().filter(|byte| *byte != b' ' && *byte != b'.').collect();
    if compact.len() != 15 || !b"123478".contains(&compact[0]) {
        return false;
    }
    let mut body: Vec<u8> = compact[..13].to_vec();
    match (body[5], body[6].to_ascii_uppercase()) {
        (b'2', b'A') => body[5..7].copy_from_slice(b"19"),
        (b'2', b'B') => body[5..7].copy_from_slice(b"18"),
        _ => {}
    }
    if !body.iter().chain(&compact[13..]).all(u8::is_ascii_digit) {
        return false;
    }
    let month = u32::from(body[3] - b'0') * 10 + u32::from(body[4] - b'0');
    if !(1..=12).contains(&month) && !(20..=42).contains(&month) && month < 50 {
        return false;
    }
    let number = body.iter().fold(0u64, |number, byte| number * 10 + u64::from(byte - b'0'));
    let key = u64::from(compact[13] - b'0') * 10 + u64::from(compact[14] - b'0');
    97 - number % 97 == key
}

/// The letter of a DNI (eight digits) or NIE (X, Y or Z for 0, 1 or 2, then seven digits):
/// the number modulo 23 indexes `TRWAGMYFPDXBNJZSQVHLCKE`.
pub fn es_dni(value: &str) -> bool {
    let compact: Vec<u8> = value.bytes().filter(|byte| *byte != b'-' && *byte != b' ').collect();
    let Some((letter, body)) = compact.split_last() else { return false };
    let (prefix, number) = match body.first() {
        Some(b'X' | b'x') => (0, &body[1..]),
        Some(b'Y' | b'y') => (1, &body[1..]),
        Some(b'Z' | b'z') => (2, &body[1..]),
        _ => (0, body),
    };
    let wanted = if number.len() + 1 == body.len() { 7 } else { 8 };
    if number.len() != wanted || !number.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let value = number.iter().fold(prefix, |value, byte| value * 10 + u32::from(byte - b'0'));
    b"TRWAGMYFPDXBNJZSQVHLCKE"[(value % 23) as usize] == letter.to_ascii_uppercase()
}

/// An Italian codice fiscale: six letters, year, month letter, day, municipality, and the
/// check letter from the odd/even position tables. Digits may be replaced by the letters
/// `LMNPQRSTUV` (omocodia).
pub fn it_fiscal_code(value: &str) -> bool {
    const ODD: [u32; 36] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23, // A-Z
    ];
    let code: Vec<u8> = value.bytes().map(|byte| byte.to_ascii_uppercase()).collect();
    if code.len() != 16 {
        return false;
    }
    let is_digit_place = |index: usize| matches!(index, 6 | 7 | 9 | 10 | 12 | 13 | 14);
    for (index, byte) in code.iter().enumerate() {
        let ok = if is_digit_place(index) {
            byte.is_ascii_digit() || b"LMNPQRSTUV".contains(byte)
        } else if index == 8 {
            b"ABCDEHLMPRST".contains(byte)
        } else {
            byte.is_ascii_uppercase()
        };
        if !ok {
            return false;
        }
    }
    let index_of = |byte: u8| -> usize {
        if byte.is_ascii_digit() { usize::from(byte - b'0') } else { usize::from(byte - b'A') + 10 }
    };
    let mut sum = 0u32;
    for (position, &byte) in code[..15].iter().enumerate() {
        let index = index_of(byte);
        sum += if position % 2 == 0 {
            ODD[index]
        } else if index < 10 {
            index as u32
        } else {
            (index - 10) as u32
        };
    }
    u32::from(code[15] - b'A') == sum % 26
}

/// A Dutch BSN: nine digits (or eight, read with a leading zero) passing the 11-proof,
/// `9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11)`, not all zero.
pub fn nl_bsn(value: &str) -> bool {
    let Some(mut digits) = digits(value, b" .") else { return false };
    if digits.len() == 8 {
        digits.insert(0, 0);
    }
    if digits.len() != 9 || digits.iter().all(|&digit| digit == 0) {
        return false;
    }
    let weighted: i64 = digits[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(&digit, weight)| i64::from(digit) * weight)
        .sum::<i64>()
        - i64::from(digits[8]);
    weighted % 11 == 0
}

/// An Aadhaar number: twelve digits, the first 2 to 9, the last a Verhoeff check digit.
pub fn aadhaar(value: &str) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let Some(digits) = digits(value, b" -") else { return false };
    if digits.len() != 12 || digits[0] < 2 {
        return false;
    }
    let mut check = 0u8;
    for (position, &digit) in digits.iter().rev().enumerate() {
        check = D[usize::from(check)][usize::from(P[position % 8][digit as usize])];
    }
    check == 0
}

/// A Canadian SIN: nine digits passing Luhn, not starting with 8 (no province's; 0 is kept
/// for the fictitious numbers of forms and examples, which people copy).
pub fn ca_sin(value: &str) -> bool {
    let Some(digits) = digits(value, b" -") else { return false };
    digits.len() == 9 && digits[0] != 8 && super::luhn(value)
}

/// A Brazilian CPF: eleven digits, not all alike, the last two the Receita Federal's mod-11
/// check digits.
pub fn br_cpf(value: &str) -> bool {
    let Some(digits) = digits(value, b".- ") else { return false };
    if digits.len() != 11 || digits.iter().all(|&digit| digit == digits[0]) {
        return false;
    }
    let check = |count: usize| -> u32 {
        let sum: u32 = digits[..count]
            .iter()
            .zip((2..=count as u32 + 1).rev())
            .map(|(digit, weight)| digit * weight)
            .sum();
        (sum * 10 % 11) % 10
    };
    check(9) == digits[9] && check(10) == digits[10]
}

/// A Bitcoin address: base58check with version 0 (`1…`) or 5 (`3…`) and a 20-byte hash, or
/// a segwit address `bc1…` with a valid bech32 (version 0) or bech32m (versions 1 to 16)
/// checksum.
pub fn bitcoin(value: &str) -> bool {
    if value.len() > 3 && value.get(..3).is_some_and(|prefix| prefix.eq_ignore_ascii_case("bc1")) {
        return bech32_address(value);
    }
    match bs58::decode(value).with_check(None).into_vec() {
        Ok(payload) => payload.len() == 21 && matches!(payload[0], 0 | 5),
        Err(_) => false,
    }
}

/// BIP-173 and BIP-350: the checksum of a `bc` segwit address.
fn bech32_address(value: &str) -> bool {
    const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    const GENERATOR: [u32; 5] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3];
    if value.bytes().any(|byte| byte.is_ascii_lowercase())
        && value.bytes().any(|byte| byte.is_ascii_uppercase())
    {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    let Some(data) = lower.strip_prefix("bc1") else { return false };
    if !(14..=74).contains(&lower.len()) {
        return false;
    }
    let mut values = Vec::with_capacity(data.len());
    for byte in data.bytes() {
        match CHARSET.iter().position(|&c| c == byte) {
            Some(index) => values.push(index as u32),
            None => return false,
        }
    }
    let mut checksum = 1u32;
    let hrp_expanded = [3u32, 3, 0, 2, 3];
    for &value in hrp_expanded.iter().chain(&values) {
        let top = checksum >> 25;
        checksum = ((checksum & 0x01ff_ffff) << 5) ^ value;
        for (bit, generator) in GENERATOR.iter().enumerate() {
            if (top >> bit) & 1 == 1 {
                checksum ^= generator;
            }
        }
    }
    match values.first() {
        Some(0) => checksum == 1,
        Some(1..=16) => checksum == 0x2bc8_30a3,
        _ => false,
    }
}

/// An Ethereum address: `0x` and forty hex digits; in mixed case, the EIP-55 checksum
/// (a letter is upper case exactly where the Keccak-256 of the lower-case address has a
/// nibble of 8 or more).
pub fn ethereum(value: &str) -> bool {
    let Some(hex) = value.strip_prefix("0x").or_else(|| value.strip_prefix("0X")) else {
        return false;
    };
    if hex.len() != 40 || !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return false;
    }
    let has_lower = hex.bytes().any(|byte| byte.is_ascii_lowercase());
    let has_upper = hex.bytes().any(|byte| byte.is_ascii_uppercase());
    if !(has_lower && has_upper) {
        return true;
    }
    let hash = sha3::Keccak256::digest(hex.to_ascii_lowercase().as_bytes());
    hex.bytes().enumerate().all(|(index, byte)| {
        let nibble = (hash[index / 2] >> (if index % 2 == 0 { 4 } else { 0 })) & 0x0f;
        !byte.is_ascii_alphabetic() || byte.is_ascii_uppercase() == (nibble >= 8)
    })
}

/// A MAC address: six pairs of hex digits joined by one kind of separator (`:` or `-`),
/// or three groups of four joined by dots; not all zero.
pub fn mac_address(value: &str) -> bool {
    let bytes = value.as_bytes();
    let shape = match bytes.len() {
        17 => {
            let separator = bytes[2];
            (separator == b':' || separator == b'-')
                && bytes.iter().enumerate().all(|(index, &byte)| {
                    if index % 3 == 2 { byte == separator } else { byte.is_ascii_hexdigit() }
                })
        }
        14 => bytes.iter().enumerate().all(|(index, &byte)| {
            if index % 5 == 4 { byte == b'.' } else { byte.is_ascii_hexdigit() }
        }),
        _ => false,
    };
    shape && bytes.iter().any(|&byte| byte.is_ascii_hexdigit() && byte != b'0')
}
