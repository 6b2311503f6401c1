//! Redaction strategies, pseudonyms and key hygiene.

use super::*;

fn key() -> PseudonymKey {
    PseudonymKey::from_bytes([42; 32])
}

fn redact_with(strategy: RedactionStrategy, text: &str) -> String {
    let redactor =
        Redactor::builder().default_strategy(strategy).pseudonym_key(key()).build().unwrap();
    redactor.redact_text(&PiiDetector::new(), text).unwrap()
}

#[test]
fn label_mask_drop() {
    let text = "ssn 123-45-6789 card 4111 1111 1111 1111 mail john.smith@example.com";
    assert_eq!(
        redact_with(RedactionStrategy::Label, text),
        "ssn [SSN] card [CREDIT_CARD] mail [EMAIL]"
    );
    assert_eq!(
        redact_with(RedactionStrategy::Mask, text),
        "ssn ***-**-6789 card **** **** **** 1111 mail j***@example.com"
    );
    assert_eq!(redact_with(RedactionStrategy::Drop, text), "ssn  card  mail ");
    assert_eq!(
        redact_with(RedactionStrategy::Mask, "from 192.0.2.146 now"),
        "from ***.*.*.146 now"
    );
    assert_eq!(
        redact_with(RedactionStrategy::Mask, "see https://example.com/a?b=c"),
        "see https://***"
    );
    assert_eq!(
        redact_with(RedactionStrategy::Mask, "IBAN DE89 3704 0044 0532 0130 00"),
        "IBAN **** **** **** **** **30 00"
    );
}

#[test]
fn pseudonyms_are_stable_and_normalized() {
    let first = redact_with(RedactionStrategy::Pseudonym, "Jane.Doe@Example.com");
    let second = redact_with(RedactionStrategy::Pseudonym, "jane.doe@example.com");
    assert_eq!(first, second);
    assert!(first.starts_with("[EMAIL:") && first.len() == "[EMAIL:12345678]".len(), "{first}");
    let other = redact_with(RedactionStrategy::Pseudonym, "john.doe@example.com");
    assert_ne!(first, other);
    let dashed = redact_with(RedactionStrategy::Pseudonym, "call (415) 555-0132");
    let spaced = redact_with(RedactionStrategy::Pseudonym, "call +1 415 555 0132");
    assert_eq!(dashed, spaced);
    let other_key = Redactor::builder()
        .default_strategy(RedactionStrategy::Pseudonym)
        .pseudonym_key(PseudonymKey::from_bytes([1; 32]))
        .build()
        .unwrap()
        .redact_text(&PiiDetector::new(), "jane.doe@example.com")
        .unwrap();
    assert_ne!(other_key, first);
}

#[test]
fn per_type_overrides() {
    let redactor = Redactor::builder()
        .default_strategy(RedactionStrategy::Drop)
        .strategy(PiiType::Ssn, RedactionStrategy::Mask)
        .build()
        .unwrap();
    assert_eq!(redactor.strategy_for(&PiiType::Email), RedactionStrategy::Drop);
    let out = redactor.redact_text(&PiiDetector::new(), "a@example.com 123-45-6789").unwrap();
    assert_eq!(out, " ***-**-6789");
}

#[test]
fn pseudonym_without_key_is_an_error() {
    let result = Redactor::builder().strategy(PiiType::Email, RedactionStrategy::Pseudonym).build();
    assert!(matches!(result, Err(Error::MissingPseudonymKey)));
}

#[test]
fn bad_spans_are_errors_not_panics() {
    let redactor = Redactor::builder().build().unwrap();
    let at = |start, end| PiiMatch { pii_type: PiiType::Email, start, end, score: 0.5 };
    assert!(matches!(
        redactor.redact("héllo", &[at(2, 3)]),
        Err(Error::InvalidSpan { start: 2, end: 3 })
    ));
    assert!(redactor.redact("hello", &[at(2, 9)]).is_err());
    assert!(redactor.redact("hello", &[at(3, 2)]).is_err());
    assert!(redactor.redact("hello", &[at(1, 3), at(2, 4)]).is_err());
    let mut out = String::from("kept");
    assert!(redactor.redact_into("hello", &[at(0, 1), at(9, 10)], &mut out).is_err());
    assert_eq!(out, "kept");
    assert_eq!(redactor.redact("hello", &[at(0, 5)]).unwrap(), "[EMAIL]");
}

#[test]
fn key_never_prints() {
    let key = PseudonymKey::from_bytes([0xAB; 32]);
    let debug = format!("{key:?}");
    assert_eq!(debug, "PseudonymKey(<redacted>)");
    let redactor = Redactor::builder().pseudonym_key(key).build().unwrap();
    let debug = format!("{redactor:?}");
    assert!(!debug.contains("171"), "{debug}");
    let error = PseudonymKey::try_from_slice(&[0xAB; 31]).unwrap_err();
    assert_eq!(error.to_string(), "pseudonym key must be 32 bytes, got 31");
    assert_eq!(PseudonymKey::try_from_slice(&[7; 32]).unwrap().expose_secret(), &[7; 32]);
}
