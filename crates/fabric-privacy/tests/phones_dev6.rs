//! Phones on a third development set for Brazil, Poland and Spain
//! (`tests/data/phones_dev6.jsonl`, from `tests/data/gen_phones_dev6.py`), written by
//! another author who saw neither the detector nor its other sets: 80 national and 15
//! international numbers each, as people there write them in chats, signatures, address
//! blocks, tables and tool outputs, more than half with no phone word; and 150 look-alikes
//! (CPF, CNPJ, CEP, PESEL, REGON, NIP, NRB, DNI, CIF, amounts, dates, codes).

mod common;

/// Recall per country and format. The first run (on the rules of `phones_dev5`) found BR
/// 68, ES 78 and PL 77 of 80 national numbers, and 13, 15 and 13 of 15 international ones.
/// Its lines showed what was missing: Brazil's national-use numbers (`4003-3097`, no area
/// code), an area code before a mobile's nine digits unbroken (`31 978838548`) or a
/// Polish one before seven (`41 4849251`), a carrier code after the trunk 0 (`014 34 4118
/// 7554`, which the SSN rule had taken in part), Brazilian mobiles of eleven digits and
/// Spanish landlines written bare, a country code before a bare mobile (`48 578927219`,
/// `5592985431773`), `fixo` and `oddzwonienie` as phone words, and `nr` after a phone word
/// read as an identifier's label. All of them are found since.
const MIN_RECALL: f64 = 1.0;
/// The first run hit 8 of the 150 negatives: amounts (`R$ 353.532.468,54`, `4 509 958 998
/// zł`), the tail of an access key in fours, lottery numbers (`08 - 15 - 18 - 26`), and ten
/// digits after "número de referencia es". One is hit since: `Nosso número: 9797056025`, a
/// boleto's number that passes the North American rules after a word for "number".
const MAX_NEGATIVE_HITS: f64 = 0.007;
const KNOWN_GAPS: [(&str, f64); 0] = [];

#[test]
fn phones_of_the_third_development_set_are_found_per_country_and_format() {
    common::gate_phones(
        include_str!("data/phones_dev6.jsonl"),
        MIN_RECALL,
        &KNOWN_GAPS,
        MAX_NEGATIVE_HITS,
        common::Lines::Shown,
    );
}
