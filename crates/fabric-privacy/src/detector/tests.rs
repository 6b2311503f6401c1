//! Detector behaviour on positives, hard negatives, configuration and overlaps.

use super::*;

fn found(text: &str) -> Vec<(String, String)> {
    PiiDetector::new()
        .scan(text)
        .into_iter()
        .map(|m| (m.pii_type.as_str().to_owned(), text[m.start..m.end].to_owned()))
        .collect()
}

fn one(text: &str, pii_type: &str, value: &str) {
    assert_eq!(found(text), vec![(pii_type.to_owned(), value.to_owned())], "in {text:?}");
}

/// The misses an attack run found in `fabric redact`.
#[test]
fn finds_what_people_type_outside_the_canonical_forms() {
    // Lower-case IBANs.
    one("iban de89 3704 0044 0532 0130 00 thanks", "IBAN", "de89 3704 0044 0532 0130 00");
    one("to gb82west12345698765432.", "IBAN", "gb82west12345698765432");
    assert!(found("to Gb82WEST12345698765432.").is_empty(), "mixed case is no IBAN");
    // E-mail addresses with non-ASCII local parts.
    one("schreib an jürgen.müller@example.de bitte", "EMAIL", "jürgen.müller@example.de");
    one("José: josé.garcía@example.es", "EMAIL", "josé.garcía@example.es");
    one("写信给 李雷@example.com", "EMAIL", "李雷@example.com");
    // Ten digits without separators, no context word.
    one("reach Ana at 4155550132 tomorrow", "PHONE", "4155550132");
    assert!(found("Order 4155550132 shipped").is_empty(), "an order number is no phone");
    assert!(found("PO 4512345678 approved").is_empty(), "a purchase order is no phone");
    // Card numbers with dots.
    one("card 4111.1111.1111.1111 exp", "CREDIT_CARD", "4111.1111.1111.1111");
    one("paid with 5555.5555.5555.4444", "CREDIT_CARD", "5555.5555.5555.4444");
}

#[test]
fn finds_each_builtin_type() {
    one("write to jane.doe+x@mail.example.co.uk.", "EMAIL", "jane.doe+x@mail.example.co.uk");
    one("call (415) 555-0132 today", "PHONE", "(415) 555-0132");
    one("tel: +44 20 7946 0958", "PHONE", "+44 20 7946 0958");
    one("ring +33 1 23 45 67 89 please", "PHONE", "+33 1 23 45 67 89");
    one("ruf an: +49 30 901820", "PHONE", "+49 30 901820");
    one("phone 4155550132", "PHONE", "4155550132");
    one("SSN: 123-45-6789", "SSN", "123-45-6789");
    one("ssn 123 45 6789", "SSN", "123 45 6789");
    one("my ssn is 123456789", "SSN", "123456789");
    one("card 4111-1111-1111-1111 exp 12/27", "CREDIT_CARD", "4111-1111-1111-1111");
    one("amex 3782 822463 10005", "CREDIT_CARD", "3782 822463 10005");
    one("paid 5555555555554444 ok", "CREDIT_CARD", "5555555555554444");
    one("IBAN DE89 3704 0044 0532 0130 00 thanks", "IBAN", "DE89 3704 0044 0532 0130 00");
    one("to GB82WEST12345698765432.", "IBAN", "GB82WEST12345698765432");
    one("host 192.0.2.146:8080 down", "IP_ADDRESS", "192.0.2.146");
    one("via 2001:db8::8a2e:370:7334 now", "IP_ADDRESS", "2001:db8::8a2e:370:7334");
    one("loopback ::1 and", "IP_ADDRESS", "::1");
    one("mapped ::ffff:192.0.2.128 ok", "IP_ADDRESS", "::ffff:192.0.2.128");
    one("see https://example.com/a_(b)?q=1.", "URL", "https://example.com/a_(b)?q=1");
    one("(www.example.org/path)", "URL", "www.example.org/path");
}

#[test]
fn finds_national_ids_wallets_and_mac_addresses_in_text() {
    for (text, kind, value) in [
        ("NI number AB 12 34 56 C on file", "UK_NINO", "AB 12 34 56 C"),
        ("NINO: AB123456C.", "UK_NINO", "AB123456C"),
        ("Steuer-ID 86 095 742 719", "DE_TAX_ID", "86 095 742 719"),
        ("n° de sécurité sociale 1 84 12 76 451 089 46", "FR_NIR", "1 84 12 76 451 089 46"),
        ("NIR 1 84 12 76 451 089 46 ok", "FR_NIR", "1 84 12 76 451 089 46"),
        ("DNI 12345678Z y NIE", "ES_DNI", "12345678Z"),
        ("NIE: X-1234567-L", "ES_DNI", "X-1234567-L"),
        ("codice fiscale RSSMRA85T10A562S", "IT_FISCAL_CODE", "RSSMRA85T10A562S"),
        ("mijn BSN is 111222333", "NL_BSN", "111222333"),
        ("Aadhaar 2341 2341 2346", "IN_AADHAAR", "2341 2341 2346"),
        ("SIN: 046 454 286", "CA_SIN", "046 454 286"),
        ("CPF 529.982.247-25", "BR_CPF", "529.982.247-25"),
        ("seu CPF: 52998224725", "BR_CPF", "52998224725"),
        (
            "send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 now",
            "CRYPTO_WALLET",
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
        ),
        (
            "btc bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq.",
            "CRYPTO_WALLET",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ),
        (
            "eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "CRYPTO_WALLET",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        ),
        ("MAC 00:1A:2B:3C:4D:5E", "MAC_ADDRESS", "00:1A:2B:3C:4D:5E"),
        ("mac 00-1a-2b-3c-4d-5e here", "MAC_ADDRESS", "00-1a-2b-3c-4d-5e"),
        ("cisco 001a.2b3c.4d5e", "MAC_ADDRESS", "001a.2b3c.4d5e"),
    ] {
        assert_eq!(found(text), vec![(kind.to_owned(), value.to_owned())], "in {text:?}");
    }
    // Bare digits with a valid checksum need their country's word.
    for text in ["ref 111222333 sent", "code 86095742719", "id 234123412346", "no 046454286"] {
        assert_eq!(found(text), vec![], "in {text:?}");
    }
}

#[test]
fn jcb_cards_of_every_length_and_grouping_are_found() {
    // JCB: 3528-3589, 16 to 19 digits, Luhn (the test numbers of card processors, and
    // numbers made here with their check digit).
    for value in [
        "3530111333300000",
        "3566002020360505",
        "3528 1111 2222 3334",
        "3528-1111-2222-3334",
        "3589123456789012346",
        "3589 1234 5678 9012 346",
    ] {
        let text = format!("paid with JCB {value} yesterday");
        assert_eq!(found(&text), vec![("CREDIT_CARD".to_owned(), value.to_owned())], "{text}");
    }
}

#[test]
fn ignores_hard_negatives() {
    for text in [
        "meeting on 2024-03-15 at 10:30:45",
        "released 1.2.3 and v10.0.19041 and version 4.3.2.1",
        "order #100234987 shipped, order 4471923",
        "ZIP 12345 or 12345-6789",
        "total $1,234.56 or 1 234 567,89 EUR",
        "number 4111111111111112 fails luhn",
        "ratio 16:9 and 12:30:45:00 and 00:00:00:00:00:00",
        "std::vector and fabric::Error and Note: yes",
        "the id is 123456789 here",
        "count 1234567890123 of them",
        "DE89 3704 0044 0532 0130 01 wrong check",
        "ip 256.1.1.1 and 1.2.3.4.5",
        "666-12-3456 and 000-12-3456 and 123-00-4567",
        "call 555-0132",
        "",
    ] {
        assert_eq!(found(text), vec![], "in {text:?}");
    }
}

#[test]
fn national_numbers_as_written_in_memos_are_found() {
    for (text, value) in [
        ("Proszę o kontakt pod numerem (+48) 733 874 789.", "(+48) 733 874 789"),
        ("asked us to ring them at 07862764121.", "07862764121"),
        ("电话0571-8618 1407，上午联系为佳。", "0571-8618 1407"),
        ("携帯 090(7165)3947", "090(7165)3947"),
        ("Cell. 339 0865105", "339 0865105"),
        ("tel. 883548797", "883548797"),
    ] {
        one(text, "PHONE", value);
    }
}

#[test]
fn values_in_the_cells_of_a_csv_row_are_found() {
    one("88123,4496-8072-2940-6252,149.90", "CREDIT_CARD", "4496-8072-2940-6252");
    one("id,ssn\n10442,536-22-5230,ok", "SSN", "536-22-5230");
    one("2025-03-01,4111111111111111,12.50", "CREDIT_CARD", "4111111111111111");
    one("88123,https://shop.example.com/a/b,404,ok", "URL", "https://shop.example.com/a/b");
    one("https://shop.example.com/a/b,404", "URL", "https://shop.example.com/a/b");
    one(
        "see https://api.example.com/v1/items?fields=a,b today",
        "URL",
        "https://api.example.com/v1/items?fields=a,b",
    );
    // Thousands separators still join one number.
    assert!(found("paid 1,234,567,890 in total").is_empty());
    assert!(found("total 415,555,0132").is_empty());
}

#[test]
fn numbers_written_as_their_country_writes_them_are_phones_without_a_phone_word() {
    one("Carmen López, 616-58-86-37", "PHONE", "616-58-86-37");
    one("Kancelaria Zielińscy, recepcja 22 250 48 60.", "PHONE", "22 250 48 60");
    one("Lucas (Padaria) – (31) 97847-6510", "PHONE", "(31) 97847-6510");
    one("Pedro | Padaria | (21) 9 9523-8570", "PHONE", "(21) 9 9523-8570");
    // A register number in the same groups is not.
    assert!(found("Faktura FV/11/2020/4, NIP 894-858-31-26.").is_empty());
    assert!(found("SKU WQ-0538-9185 is out of stock").is_empty());
}

#[test]
fn a_column_headed_by_a_phone_word_makes_its_cells_phones() {
    one("name,telefon,city\nAgnieszka,603050742,Kraków\n", "PHONE", "603050742");
    one("Nombre;Móvil;Ciudad\nCarmen;643488171;Madrid", "PHONE", "643488171");
    one(
        "| Name | Tel. | City |\n|---|---|---|\n| Ana | 612345678 | Madrid |",
        "PHONE",
        "612345678",
    );
    // Far down a long table.
    let mut table = String::from("id\tphone\tcity\n");
    for row in 0..200 {
        table.push_str(&format!("{row}\t\tMadrid\n"));
    }
    table.push_str("201\t612345678\tMadrid\n");
    one(&table, "PHONE", "612345678");
    // Another column is not (rows in between keep the header out of the phone word's reach).
    let filler = "Agnieszka Wiśniewska-Kowalska,,\n".repeat(3);
    assert!(found(&format!("name,telefon,member\n{filler}Agnieszka,,603050742\n")).is_empty());
}

#[test]
fn the_groups_of_a_uuid_are_not_numbers() {
    // A record id the fabric generated, whose middle groups read as a grouped phone.
    assert_eq!(found("019a3f2c-0234-7123-a123-456789abcdef"), vec![]);
    assert_eq!(
        found("ids 0199e2a0-1234-7567-8901-234567890123, 01234567-0234-7123-8123-0456789abcde"),
        vec![]
    );
    // Beside a UUID, a number is still found.
    one("019a3f2c-0234-7123-a123-456789abcdef call 020 7946 0958", "PHONE", "020 7946 0958");
}

proptest::proptest! {
    /// No UUID is taken for personal data, whatever its digits (UUIDv7 ids have a
    /// millisecond clock in front and random groups after): each group is hex digits or,
    /// by `digit_groups`, decimal digits only, the shape that reads as a number.
    #[test]
    fn no_uuid_is_personal_data(nibbles in proptest::collection::vec(0u8..16, 32), digit_groups in 0u8..32) {
        let mut uuid = String::new();
        for (group, (from, to)) in [(0, 8), (8, 12), (12, 16), (16, 20), (20, 32)].into_iter().enumerate() {
            if group > 0 {
                uuid.push('-');
            }
            for nibble in &nibbles[from..to] {
                let value = if digit_groups & (1 << group) != 0 { nibble % 10 } else { *nibble };
                uuid.push(char::from_digit(u32::from(value), 16).unwrap_or('0'));
            }
        }
        proptest::prop_assert_eq!(found(&uuid), vec![], "{}", uuid);
    }
}

#[test]
fn overlaps_resolve_to_best_then_longest() {
    let text = "open http://192.0.2.1/admin?u=jane@example.com now";
    assert_eq!(
        found(text),
        vec![("URL".into(), "http://192.0.2.1/admin?u=jane@example.com".into())]
    );
    let mut matches = vec![
        PiiMatch { pii_type: PiiType::Phone, start: 0, end: 10, score: 0.7 },
        PiiMatch { pii_type: PiiType::Ssn, start: 2, end: 8, score: 0.9 },
        PiiMatch { pii_type: PiiType::Email, start: 12, end: 20, score: 0.5 },
    ];
    resolve_overlaps(&mut matches);
    let kept: Vec<_> = matches.iter().map(|m| m.pii_type.clone()).collect();
    assert_eq!(kept, [PiiType::Ssn, PiiType::Email]);
}

#[test]
fn context_raises_scores() {
    let detector = PiiDetector::new();
    let plain = detector.scan("x 123-45-6789")[0].score;
    let with_context = detector.scan("SSN 123-45-6789")[0].score;
    assert!(with_context > plain);
}

#[test]
fn classification_uses_the_highest_level() {
    let detector = PiiDetector::new();
    assert_eq!(detector.classify("nothing here"), PrivacyLevel::Internal);
    assert_eq!(detector.classify("a@example.com"), PrivacyLevel::Sensitive);
    assert_eq!(detector.classify("a@example.com 4111 1111 1111 1111"), PrivacyLevel::Restricted);
}

#[test]
fn config_customizes_detection() {
    let config: PrivacyConfig = serde_json::from_value(serde_json::json!({
        "default_level": "public",
        "levels": {"EMAIL": "internal", "EMPLOYEE_ID": "restricted"},
        "disabled": ["URL"],
        "custom": [
            {"name": "EMPLOYEE_ID", "pattern": "EMP-[0-9]{6}", "context": ["employee"]},
            {"name": "ACCOUNT", "pattern": "ACC[0-9]{10}", "validator": "luhn", "score": 0.5}
        ]
    }))
    .unwrap();
    let detector = PiiDetector::with_config(&config).unwrap();
    assert_eq!(detector.classify("hi"), PrivacyLevel::Public);
    assert_eq!(detector.classify("a@example.com"), PrivacyLevel::Internal);
    assert!(detector.scan("https://example.com/").is_empty());
    let matches = detector.scan("employee EMP-004211; later, in a different paragraph of the note: EMP-000001, ACC0000000018 ACC0000000019");
    let names: Vec<_> = matches.iter().map(|m| (m.pii_type.as_str(), m.score)).collect();
    assert_eq!(names, [("EMPLOYEE_ID", 0.90000004), ("EMPLOYEE_ID", 0.6), ("ACCOUNT", 0.5)]);
    assert_eq!(detector.classify("EMP-123456"), PrivacyLevel::Restricted);
}

#[test]
fn bad_config_is_an_error() {
    let custom = |name: &str, pattern: &str| serde_json::json!({"custom": [{"name": name, "pattern": pattern}]});
    let build = |value: serde_json::Value| {
        PiiDetector::with_config(&serde_json::from_value::<PrivacyConfig>(value).unwrap())
    };
    assert!(matches!(build(custom("X", "(")), Err(Error::InvalidPattern { .. })));
    assert!(matches!(build(custom("EMAIL", "x")), Err(Error::DuplicateRecognizer { .. })));
    assert!(matches!(build(custom("bad name", "x")), Err(Error::InvalidRecognizerName)));
    assert!(matches!(build(custom("", "x")), Err(Error::InvalidRecognizerName)));
    assert!(matches!(
        build(serde_json::json!({"phone_region": "Atlantis"})),
        Err(Error::UnknownRegion { .. })
    ));
    // A known region, in either case, is accepted and reads national numbers.
    let german = build(serde_json::json!({"phone_region": "de"})).unwrap();
    assert_eq!(german.scan("Festnetz 030 23125400").len(), 1);
    assert!(matches!(
        build(serde_json::json!({"levels": {"NOPE": "public"}})),
        Err(Error::UnknownPiiType { .. })
    ));
    assert!(matches!(
        build(serde_json::json!({"disabled": ["NOPE"]})),
        Err(Error::UnknownPiiType { .. })
    ));
    assert!(matches!(build(serde_json::json!({"min_score": 2.0})), Err(Error::InvalidScore)));
    let twice = serde_json::json!({"custom": [{"name": "A", "pattern": "a"}, {"name": "A", "pattern": "b"}]});
    assert!(matches!(build(twice), Err(Error::DuplicateRecognizer { .. })));
}

#[test]
fn fast_and_naive_agree_on_generated_text() {
    let detector = PiiDetector::new();
    for text in
        [crate::bench_support::dense_pii(20_000, 3), crate::bench_support::sparse_prose(40_000, 5)]
    {
        assert_eq!(detector.scan(&text), detector.scan_naive(&text));
    }
}

#[test]
fn fast_and_naive_agree_on_mixed_case_www_and_a_bracket_after_a_number() {
    let detector = PiiDetector::new();
    for text in ["see Www.example.com now", "call +44 20 7946 0123 (5) today", "wWw.a.b.c"] {
        assert_eq!(detector.scan(text), detector.scan_naive(text), "{text}");
    }
    assert_eq!(
        found("see Www.example.com now"),
        [("URL".to_owned(), "Www.example.com".to_owned())]
    );
}

fn phones(text: &str) -> Vec<String> {
    found(text).into_iter().filter(|(kind, _)| kind == "PHONE").map(|(_, value)| value).collect()
}

#[test]
fn numbers_bracketed_slashed_and_grouped_as_people_write_them_are_found() {
    for (text, value) in [
        ("Teilnehmende: Lea Zimmermann (0711 288483), Lukas", "0711 288483"),
        ("Sie erreichen mich unter (0 30) 527 32 03.", "(0 30) 527 32 03"),
        ("Rückrufnummer: 040 / 431 217 51", "040 / 431 217 51"),
        ("Contact number: (0)20 7993 8817", "(0)20 7993 8817"),
        ("Ph: (07)5250 8044", "(07)5250 8044"),
        ("便签：吴芳 （024）26933776 报价的事", "（024）26933776"),
        ("Left a voicemail, call back on 512/617-1635", "512/617-1635"),
        ("Promemoria: Chiara 328/2127174 per il preventivo", "328/2127174"),
        ("Notitie: Anouk 010 - 500 18 54 ivm offerte", "010 - 500 18 54"),
        ("[07:10] Javier: 93 260 75 25 por si el portal está cerrado", "93 260 75 25"),
        ("Nota: Alejandra 442 201 88 29 presupuesto pendiente", "442 201 88 29"),
        ("Portineria: Noah Frei, +41 32.249.30.83", "+41 32.249.30.83"),
        ("Phone: 71973973407", "71973973407"),
        ("Vid vattenläcka: 0380 285 39", "0380 285 39"),
        ("Kundenservice: 0800 1234567", "0800 1234567"),
        ("Michał - 605111187 - re: quote, before Friday", "605111187"),
        ("Chiara, 3331234567, per il preventivo", "3331234567"),
    ] {
        assert_eq!(phones(text), [value], "in {text:?}");
    }
    // A number after a run of digits the scan opened its window inside.
    assert_eq!(phones("NL37GNDA9168429783 312-555-0137 0"), ["312-555-0137"]);
    // A candidate that runs into the next number is cut, and the next one found too.
    assert_eq!(phones("Mob 0412 345 678 / 02 9876 5432"), ["0412 345 678", "02 9876 5432"]);
}

#[test]
fn numbers_labelled_as_identifiers_are_not_phones() {
    for text in [
        "Factuurnummer 06-90100364 d.d. 12-11-2021",
        "KvK-nummer 57774016, btw-id NL696356668B01",
        "IBAN NL31 INGB 0328 4923 50, t.n.v. Stichting De Linde",
        "订单编号：192 6390 6164，请在售后时提供。",
        "Numer zamówienia 640 809 282, prosimy podać go w tytule przelewu.",
        "Geschäftszahl 0919/449628-2025, Bezirkshauptmannschaft Graz-Umgebung",
        "Póliza nº 683 94 78 17, renovación anual el 18/10/2019.",
        "Ondernemingsnummer 0428.105.040, RPR Antwerpen",
        "Codice pratica 392 2257195, da allegare alla domanda",
        "Order 605111187 shipped",
        "Su número de referencia es 7958782518. Consérvelo para futuras gestiones.",
        "Total 605111187 rows scanned",
    ] {
        assert!(phones(text).is_empty(), "in {text:?}: {:?}", phones(text));
    }
    // "po" is Polish for "after", not a purchase order.
    assert_eq!(phones("odezwij się po 17, (71) 206 35 47"), ["(71) 206 35 47"]);
}

#[test]
fn brazilian_carrier_placeholders_and_labels_of_two_words_are_read() {
    for (text, value) in [
        ("Segue o da Dra. Pereira: 0xx47 98238-6220.", "0xx47 98238-6220"),
        ("Tratar (0XX54) 97645-1483 (Renata)", "(0XX54) 97645-1483"),
        ("Fone residencial: 0 51 5448-8034", "0 51 5448-8034"),
        ("me chama no (92) 983817766", "(92) 983817766"),
        ("Reparto a domicilio: 95 431 9183 (de 13 a 16h)", "95 431 9183"),
        ("Escríbenos: wa.me/34620646445", "34620646445"),
        ("Ana (041 (31) 2781-1169) sobre o contrato", "041 (31) 2781-1169"),
        ("dyżur: '0-52 740-99-13'", "0-52 740-99-13"),
        ("Renata Rocha: pipoca, 55 47 99863-1669", "55 47 99863-1669"),
        // An identifier word labels the first number after it, not the next one.
        ("Dzwonić po 16: 789692593", "789692593"),
        ("Sobre el pedido 79631, llámenos al 912 34 56 78", "912 34 56 78"),
    ] {
        assert_eq!(phones(text), [value], "in {text:?}");
    }
    for text in [
        "Nº Seguridad Social: 08/17955647/64",
        "{\"pedido\": \"368359\", \"cep\": \"01310-200\", \"valor\": \"462,39\"}",
        "Nr klienta: 098 082 1059 — prosimy podawać w tytule przelewu",
    ] {
        assert!(phones(text).is_empty(), "in {text:?}: {:?}", phones(text));
    }
}

#[test]
fn numbers_as_brazil_poland_and_spain_write_them_bare_or_with_codes_are_found() {
    for (text, value) in [
        ("Campinas - SP, CEP 47826-551\n4003-3097", "4003-3097"),
        ("Encomendas de bolos pelo direct ou 31 978838548", "31 978838548"),
        ("Znalazcę proszę o info: 41 4849251", "41 4849251"),
        ("Renata Rocha\n014 34 4118 7554\nrenata@empresa.com.br", "014 34 4118 7554"),
        ("Eduarda Silva · 71967644383", "71967644383"),
        ("Avisar antes en el 965140024.", "965140024"),
        ("klient Joanna Pawłowska (48 578927219)", "48 578927219"),
        ("Falar com Diego: 5592985431773 (Manaus)", "5592985431773"),
        ("klient prosi o oddzwonienie na nr 852013579.", "852013579"),
        ("- Michał Lewandowski 588358868\n- alergie: brak", "588358868"),
        ("Odbiór osobisty Łódź. Tomasz, 426053648", "426053648"),
        ("prosimy zgłaszać pod nr tel. 48 (58) 227 66 19 (pn.-pt.)", "48 (58) 227 66 19"),
        ("Chiamare il (+39) 371/3109556 dopo le 18.", "(+39) 371/3109556"),
        ("Federica 389 06 76 353 ore serali", "389 06 76 353"),
        ("bhai 9200391401 pe location bhej dena", "9200391401"),
    ] {
        assert_eq!(phones(text), [value], "in {text:?}");
    }
    for text in [
        "Saldo devedor atualizado: R$ 353.532.468,54 (posição em 20/03/2025).",
        "Przychód netto za 2023 r.: 4 509 958 998 zł",
        "Chave de acesso: 6446 7697 3657 6375 1493 4822 0899 5818 0327 4750 0925",
        "Resultado da Mega-Sena, concurso 79447: 08 - 15 - 18 - 26 - 31 - 43",
        "Proszę o przelew na rachunek 83 1020 2892 0372 0652 1597 7356, tytułem: 1712/2024",
        "Polisa OC nr 839/6129068 ważna do 20.01.2024.",
        "Bonifico CRO 9269778231 del 30/10/2024, importo € 1.170,04",
        "NSS (IMSS): 07250530040",
        "Póliza de auto 0938517760 vigente hasta 30/11/2023",
        "Company details for the invoice template: EIN 12-9922029.",
        "Für den Antrag braucht der Nutzer seine AHV-Nummer 756.6968.7746.97.",
        "User: Flight booked, e-ticket 014-4157040067, seat 14C.",
        "Vol réservé, billet électronique 057-0740711882, siège 14C.",
        "Numéro de suivi 0196 4522 5315 : le colis est arrivé au centre de tri.",
        "Reklamacja laptopa, numer seryjny 92 792 62 54.",
        "Backup completed on 03/05/2024 05:34 PM without errors.",
        "Endereço de entrega: Rua Augusta, 1751, 01316-941 São Paulo - SP.",
        "Caricamento completato: 142.107.798 byte trasferiti.",
        "ノートPCの保証修理、製造番号 826-6983-1711",
        // A word in title case that is no name.
        "Saldo 588358868",
        // Eleven digits with a mobile's 9 that are a CPF with its check digits.
        "Eduarda Silva · 11944477756",
    ] {
        assert!(phones(text).is_empty(), "in {text:?}: {:?}", phones(text));
    }
    // Spaced groups that run on into more digits are no social security number.
    assert!(found("ref 014 34 4118 7554").iter().all(|(kind, _)| kind != "SSN"));
}
