//! A held-out set of phones by a third author who saw neither the detector nor the other
//! sets (`tests/data/phones_heldout2.jsonl`, from `tests/data/gen_phones_heldout2.py`): per
//! country, numbers in national and international format inside lists, key-value blocks,
//! JSON, tables, forwarded mails, transcripts and addresses, beside dates, amounts and
//! postcodes; a third of them with no phone word; and 200 look-alikes. Run once as it was
//! written; its figures are gates, never a guide for changing the detector.

mod common;

const MIN_RECALL: f64 = 0.95;
const MAX_NEGATIVE_HITS: f64 = 0.05;
/// National formats under [`MIN_RECALL`], at their measured recall. On the first run (300
/// national numbers, 271 found; every international one found) these were BR 0.666, CN 0.866,
/// DE 0.933, ES 0.733, IN 0.933, IT 0.8, MX 0.866 and PL 0.6, mostly numbers without a trunk 0
/// and without a phone word, in table cells and JSON values. After the detector learnt, from
/// other sets, the groupings each country's plan writes its numbers in (its figures only were
/// read, never its lines) and to read a table's column header as context, they rose to BR
/// 0.866, CN 0.933, DE 0.933, ES 0.933, IN 0.933, IT 0.866 and PL 0.733, Mexico to 1.0; and
/// after the rules worked out on `phones_dev4` (groupings people write beyond the plans',
/// numbers bracketed whole or with their area code, labels that name an identifier, a
/// region's mobiles written bare) to BR 0.933 and PL 0.80, China, Germany, India, Italy and
/// Spain to 1.0. The rules worked out on `phones_dev5` and `phones_dev6` (a country code
/// written without its `+`, Poland's old trunk `0-`, Brazil's carrier codes, area codes
/// before unbroken digits, Spanish landlines and Brazilian mobiles written bare) brought
/// every country to 1.0, after one change was withdrawn because this gate caught it: an
/// identifier word also vetoing a bare North American number near a phone word cost Italy
/// one number (an Italian mobile's ten digits pass the North American rules). Later, while
/// working on `phones_dev8`, taking `TFN` (an Australian tax file number) as a label cost
/// Sweden two numbers here (Swedes write `Tfn` for their phone), and was withdrawn too.
const KNOWN_GAPS: [(&str, f64); 0] = [];

#[test]
fn held_out_phones_are_found_per_country_and_format() {
    common::gate_phones(
        include_str!("data/phones_heldout2.jsonl"),
        MIN_RECALL,
        &KNOWN_GAPS,
        MAX_NEGATIVE_HITS,
        common::Lines::Hidden,
    );
}
