//! Tests of `event`.

use super::*;

#[test]
fn codes_round_trip() {
    for operation in Operation::ALL {
        assert_eq!(Operation::from_name(operation.as_str()), Some(*operation));
    }
    for field in FieldName::ALL {
        let reason = Reason::InvalidInput { field: *field };
        assert_eq!(Reason::from_code(reason.code()), Some(reason));
        assert_eq!(reason.code(), format!("invalid_input:{}", field.as_str()));
    }
    assert_eq!(Reason::from_code("not_found"), Some(Reason::NotFound));
    assert_eq!(Reason::from_code("invalid_input:nope"), None);
    assert_eq!(serde_json::to_string(&Operation::RotateKeys).unwrap(), "\"rotate_keys\"");
}

#[test]
fn details_stay_sorted_and_bounded() {
    let mut event = AuditEvent::new(Operation::Recall, Status::Success)
        .detail(DetailName::RESULTS, Detail::Count(3))
        .detail(DetailName::KEY_ID, Detail::KeyId(KeyName::parse("k1").unwrap()))
        .detail(DetailName::RESULTS, Detail::Count(4));
    let names: Vec<_> = event.details.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["key_id", "results"]);
    assert_eq!(event.details.get(&DetailName::RESULTS), Some(&Detail::Count(4)));
    assert!(event.validate().is_ok());
    for index in 0..20 {
        let name = DetailName::parse(&format!("n{index}")).unwrap();
        event = event.detail(name, Detail::Flag(true));
    }
    assert!(matches!(event.validate(), Err(Error::InvalidEvent { .. })));
}

#[test]
fn a_custom_pii_type_that_is_no_name_is_refused() {
    let free_text = PiiType::Custom("jane@example.com called".into());
    let event = AuditEvent::new(Operation::Store, Status::Success)
        .detail(DetailName::PII_TYPES, Detail::PiiTypes(vec![PiiType::Email, free_text]));
    assert!(matches!(event.validate(), Err(Error::InvalidEvent { .. })));
    let named = AuditEvent::new(Operation::Store, Status::Success)
        .detail(DetailName::PII_TYPES, Detail::PiiTypes(vec![PiiType::Custom("emp-id".into())]));
    assert!(named.validate().is_ok());
}
