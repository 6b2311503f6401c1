//! Unit tests of API key parsing, formatting and hashing.

use secrecy::ExposeSecret;

use super::*;

const ID: &str = "0123456789ab";

fn key_with(secret_hex: &str) -> String {
    format!("{API_KEY_PREFIX}{ID}_{secret_hex}")
}

#[test]
fn formatted_keys_parse_back() {
    let secret = [0xa5u8; SECRET_BYTES];
    let key = format_key(ID, &secret);
    assert_eq!(key.expose_secret().len(), API_KEY_LEN);
    let (id, parsed) = parse_key(key.expose_secret()).expect("well formed");
    assert_eq!(id, ID);
    assert_eq!(*parsed, secret);
}

#[test]
fn malformed_keys_do_not_parse() {
    let good_secret = "ab".repeat(SECRET_BYTES);
    assert!(parse_key(&key_with(&good_secret)).is_some());
    let upper = key_with(&"AB".repeat(SECRET_BYTES));
    let short = key_with(&"ab".repeat(SECRET_BYTES - 1));
    let long = key_with(&format!("{good_secret}00"));
    let wrong_prefix = format!("fabrik_{ID}_{good_secret}");
    let no_separator = format!("{API_KEY_PREFIX}{ID}-{good_secret}");
    let bad_id = format!("{API_KEY_PREFIX}0123456789aZ_{good_secret}");
    let extra_segment =
        format!("{API_KEY_PREFIX}{ID}_{}_{}", &good_secret[..31], &good_secret[..32]);
    // Same byte length as a real key, but a multi-byte character straddles the id boundary.
    let non_ascii = format!("{API_KEY_PREFIX}0123456789aé_{}", &good_secret[..63]);
    assert_eq!(non_ascii.len(), API_KEY_LEN);
    for token in [upper, short, long, wrong_prefix, no_separator, bad_id, extra_segment, non_ascii]
    {
        assert!(parse_key(&token).is_none(), "{token}");
    }
    assert!(parse_key("").is_none());
    assert!(parse_key(API_KEY_PREFIX).is_none());
}

#[test]
fn hash_binds_the_id() {
    let secret = [7u8; SECRET_BYTES];
    let hash = SecretHash::compute(ID, &secret);
    let same: bool = hash.ct_eq(&SecretHash::compute(ID, &secret)).into();
    let other_id: bool = hash.ct_eq(&SecretHash::compute("ba9876543210", &secret)).into();
    assert!(same);
    assert!(!other_id);
    assert_eq!(format!("{hash:?}"), "SecretHash(<redacted>)");
}
