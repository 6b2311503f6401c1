//! Phones on a second development set (`tests/data/phones_dev5.jsonl`, from
//! `tests/data/gen_phones_dev5.py`), written by another author who saw neither the detector
//! nor its other sets, for the three countries the held-out sets still found short: 60
//! national and 10 international numbers each from Brazil, Poland and Spain, written the
//! ways people there write them (carrier codes, the Polish `0` before an area code, pairs,
//! unbroken digits), more than half with no phone word; and 120 look-alikes (CPF, CNPJ,
//! NIP, PESEL, REGON, NRB, DNI, CCC, lottery draws). Its lines were read and general rules
//! mended where they missed.

mod common;

/// Recall per country and format. The first run found BR 43, ES 55 and PL 50 of 60
/// national numbers: Brazil's `0xx` carrier placeholder and trunk 0 apart (`0 51
/// 5448-8034`), nine digits after a bracketed area code, `Tlf.`, `dzwonić` and `dyżur` as
/// phone words, and two- or three-digit area codes before three and four digits (`95 431
/// 9183`, `81 641 8366`). The rules mended since find BR 60, ES 60 and PL 59: the last
/// were a carrier code before a bracketed area code (`041 (31) 2781-1169`), Poland's old
/// trunk `0-52` written apart, a country code written apart without its `+` (`55 47
/// 99863-1669`, `48 852 478 948`), "po" (after) taken for an order's label before an hour
/// (`Dzwonić po 16: 789692593`), and, from `phones_dev6`, Spanish landlines written bare
/// (`956608503`) and a Polish area code before seven digits (`77 2019622`). Still missed: a
/// Polish landline written bare after a name (`126740875`), and one in a WhatsApp URL,
/// which the URL match covers. (`wa.me/34620646445` is found: digits in a messaging link
/// are read as an international number.)
const MIN_RECALL: f64 = 0.9;
/// The first run hit 9 of the 120 negatives (a CEP in JSON, a Renavam, a boleto line, bank
/// and client numbers labelled in Polish and Spanish); none is hit since (the last to go,
/// `Protocolo de atendimento: 20256350 1122 292`, went with the rule that a number without
/// a trunk prefix has eight digits or more).
const MAX_NEGATIVE_HITS: f64 = 0.0;
const KNOWN_GAPS: [(&str, f64); 0] = [];

#[test]
fn phones_of_the_development_set_are_found_per_country_and_format() {
    common::gate_phones(
        include_str!("data/phones_dev5.jsonl"),
        MIN_RECALL,
        &KNOWN_GAPS,
        MAX_NEGATIVE_HITS,
        common::Lines::Shown,
    );
}
