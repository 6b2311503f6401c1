//! Edge cases of every validator.

use super::*;

#[test]
fn luhn_edges() {
    assert!(luhn("4111111111111111"));
    assert!(luhn("4111 1111 1111 1111"));
    assert!(luhn("79927398713"));
    assert!(!luhn("79927398710"));
    assert!(!luhn("4111111111111112"));
    assert!(luhn("00"));
    assert!(!luhn("0"));
    assert!(!luhn(""));
    assert!(!luhn("abc"));
    // Doubling 9 gives 18, counted as 9.
    assert!(luhn("59"));
    assert!(luhn("18"));
}

#[test]
fn mod97_and_iban_edges() {
    assert!(iban("DE89370400440532013000"));
    assert!(iban("DE89 3704 0044 0532 0130 00"));
    assert!(iban("GB82WEST12345698765432"));
    assert!(iban("FR1420041010050500013M02606"));
    assert!(iban("NO9386011117947"));
    assert!(iban("ES9121000418450200051332"));
    assert!(!iban("DE88370400440532013000"), "wrong check digits");
    assert!(!iban("DE8937040044053201300"), "one character short for DE");
    assert!(!iban("XX89370400440532013000"), "unknown country");
    assert!(!iban("de89370400440532013000"), "lower case");
    assert!(!iban("DE89-3704-0044-0532-0130-00"), "dashes");
    assert!(!iban(""));
    assert!(!iban("DE"));
    assert!(!mod97(b"DE89"));
    assert!(!mod97(b"de89370400440532013000"));
    assert!(mod97(b"GB82WEST12345698765432"));
    assert_eq!(iban_length(b"NO"), Some(15));
    assert_eq!(iban_length(b"LC"), Some(32));
    assert_eq!(iban_length(b"US"), None);
}

#[test]
fn ssn_ranges() {
    assert!(ssn("123-45-6789"));
    assert!(ssn("001-01-0001"));
    assert!(ssn("899-99-9999"));
    assert!(ssn("665 12 3456"));
    assert!(ssn("667-12-3456"));
    assert!(!ssn("000-12-3456"), "area 000");
    assert!(!ssn("666-12-3456"), "area 666");
    assert!(!ssn("900-12-3456"), "area 900");
    assert!(!ssn("999-12-3456"), "area 999");
    assert!(!ssn("123-00-4567"), "group 00");
    assert!(!ssn("123-45-0000"), "serial 0000");
    assert!(!ssn("078-05-1120"), "advertised number");
    assert!(!ssn("12-345-678"), "eight digits");
    assert!(!ssn("1234567890"), "ten digits");
}

#[test]
fn card_issuers() {
    assert!(card("4111 1111 1111 1111"));
    assert!(card("4111-1111-1111-1111"));
    assert!(card("5555555555554444"));
    assert!(card("2223003122003222"), "mastercard 2-series");
    assert!(card("378282246310005"), "amex");
    assert!(card("6011111111111117"), "discover");
    assert!(card("3530111333300000"), "jcb");
    assert!(card("3570 1234 5678 9019"), "jcb, grouped");
    assert!(card("2200700000000009"), "mir");
    assert!(card("2204 1234 5678 9015"), "mir, grouped");
    assert!(!card("2205123456789014"), "luhn valid, past mir's range");
    assert!(card("8100123456789017"), "unionpay 81");
    assert!(card("8171123456789012348"), "unionpay 81, 19 digits");
    assert!(card("30569309025904"), "diners 14");
    assert!(card("4222222222222"), "visa 13");
    assert!(!card("4111111111111112"), "luhn");
    assert!(!card("9111111111111111"), "unknown issuer");
    assert!(!card("1234567812345670"), "luhn valid, unknown issuer");
    assert!(!card("378282246310005 1"), "amex with extra digit");
    assert!(!card("41111111111"), "too short");
    assert!(card("4111.1111.1111.1111"), "dots separate groups too");
    assert!(!card("4111:1111:1111:1111"), "colons do not");
    assert!(!card_issuer(b"51000000000000000"), "mastercard must be 16 long");
}

#[test]
fn nanp_rules() {
    assert!(nanp("(415) 555-0132"));
    assert!(nanp("+1 415 555 0132"));
    assert!(nanp("1-800-555-0199"));
    assert!(!nanp("(115) 555-0132"), "area starts with 1");
    assert!(!nanp("(415) 155-0132"), "exchange starts with 1");
    assert!(!nanp("(911) 555-0132"), "n11 area");
    assert!(!nanp("2-415-555-0132"), "eleven digits without country code 1");
    assert!(!nanp("555-0132"));
}

#[test]
fn ipv4_octets() {
    assert!(ipv4("192.0.2.1"));
    assert!(ipv4("0.0.0.0"));
    assert!(ipv4("255.255.255.255"));
    assert!(!ipv4("256.1.1.1"));
    assert!(!ipv4("1.2.3"));
    assert!(!ipv4("1.2.3.4.5"));
    assert!(!ipv4("01.2.3.4"), "leading zero");
    assert!(!ipv4("1.2.3.-4"));
    assert!(!ipv4(""));
}

#[test]
fn ipv6_forms() {
    assert!(ipv6("2001:db8::1"));
    assert!(ipv6("2001:0db8:0000:0000:0000:ff00:0042:8329"));
    assert!(ipv6("::1"));
    assert!(ipv6("::"));
    assert!(ipv6("fe80::"));
    assert!(ipv6("::ffff:192.0.2.128"));
    assert!(ipv6("2001:DB8:0:0:8:800:200C:417A"));
    assert!(!ipv6("2001:db8::1::2"), "two compressions");
    assert!(!ipv6("2001:db8:0:0:0:0:0:0:1"), "nine groups");
    assert!(!ipv6("12345::1"), "five hex digits");
    assert!(!ipv6("10:30:45"), "a time");
    assert!(!ipv6("00:1A:2B:3C:4D:5E"), "a MAC address");
    assert!(!ipv6("fe80::1%eth0"), "zone id");
    assert!(!ipv6("g::1"));
}

/// A validator.
type Check = fn(&str) -> bool;

#[test]
fn national_ids_pass_their_published_checks_and_a_changed_digit_fails() {
    let valid: [(Check, &str); 12] = [
        (uk_nino, "AB 12 34 56 C"),
        (de_tax_id, "86095742719"),
        (fr_nir, "1 84 12 76 451 089 46"),
        (es_dni, "12345678Z"),
        (es_dni, "X1234567L"),
        (it_fiscal_code, "RSSMRA85T10A562S"),
        (nl_bsn, "111222333"),
        (aadhaar, "2341 2341 2346"),
        (ca_sin, "046 454 286"),
        (br_cpf, "529.982.247-25"),
        (de_tax_id, "65929970489"),
        (nl_bsn, "123456782"),
    ];
    for (check, value) in valid {
        assert!(check(value), "{value}");
        // Any one digit changed fails the checksum (the NINO has none: its letters are
        // checked instead).
        if value.starts_with("AB") {
            continue;
        }
        let at = value.rfind(|c: char| c.is_ascii_digit()).unwrap();
        let digit = value.as_bytes()[at] - b'0';
        let changed = format!("{}{}{}", &value[..at], (digit + 1) % 10, &value[at + 1..]);
        assert!(!check(&changed), "{changed}");
    }
    for value in ["DA123456C", "GB123456A", "AB123456E", "AB12345C", "QQ123456C"] {
        assert!(!uk_nino(value), "{value}");
    }
    assert!(!de_tax_id("06095742719"), "leading zero");
    assert!(!de_tax_id("12345678903"), "no repeated digit");
    assert!(!br_cpf("111.111.111-11"), "all alike");
    assert!(!nl_bsn("000000000"));
    assert!(!ca_sin("846 454 286"), "starts with 8");
    assert!(!aadhaar("134123412346"), "starts with 1");
    assert!(!it_fiscal_code("RSSMRA85T10A562T"));
    assert!(!es_dni("12345678A"));
}

#[test]
fn wallet_and_mac_addresses() {
    for value in [
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
    ] {
        assert!(bitcoin(value), "{value}");
    }
    for value in [
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr",
        "BC1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "1111111111111111111114oLvT3",
    ] {
        assert!(!bitcoin(value), "{value}");
    }
    assert!(ethereum("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
    assert!(ethereum("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), "no checksum in one case");
    assert!(!ethereum("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"), "a wrong case");
    assert!(!ethereum("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea"), "too short");
    for value in ["00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e"] {
        assert!(mac_address(value), "{value}");
    }
    for value in ["00:00:00:00:00:00", "00:1A-2B:3C:4D:5E", "00:1A:2B:3C:4D", "0G:1A:2B:3C:4D:5E"] {
        assert!(!mac_address(value), "{value}");
    }
}

#[test]
fn national_checks_take_any_text_without_panicking() {
    let checks: [Check; 12] = [
        uk_nino,
        de_tax_id,
        fr_nir,
        es_dni,
        it_fiscal_code,
        nl_bsn,
        aadhaar,
        ca_sin,
        br_cpf,
        bitcoin,
        ethereum,
        mac_address,
    ];
    for text in ["", "é", "bcé1234567890", "Xé", "0xé", "1 84 12 2é 451 089 46", "ééééééééééééééé"]
    {
        for check in checks {
            assert!(!check(text), "{text}");
        }
    }
}
