//! A held-out set of phones by a fourth author who saw neither the detector nor the other
//! sets (`tests/data/phones_heldout3.jsonl`, from `tests/data/gen_phones_heldout3.py`): per
//! country, 20 national and 10 international numbers, mobile and fixed, in chat threads, CSV
//! exports, vCards and YAML, calendar invites, business cards, tickets and transcripts, half
//! of them with no phone word anywhere; and 200 look-alikes (tax ids, amounts, dates,
//! coordinates, ISBNs, orders). Run once as it was written; its figures are gates, never a
//! guide for changing the detector.

mod common;

const MIN_RECALL: f64 = 0.95;
const MAX_NEGATIVE_HITS: f64 = 0.05;
/// National formats under [`MIN_RECALL`], at their measured recall. The first run (400
/// national numbers, 373 found; every international one found; 3 of the 200 negatives hit)
/// gave BR 0.75, ES 0.80, IT 0.90, JP 0.75, MX 0.90 and PL 0.85; reading a table's column
/// header as context (worked out on unit cases) then brought Italy to 0.95 and Poland to 0.90,
/// and reading full-width digits (`０３－１２３４－５６７８`) Japan to 0.90. The rules worked
/// out on `phones_dev4` brought Brazil to 0.90, Spain to 0.90, Japan to 0.95, Germany and
/// Mexico to 1.0, with 2 negatives hit. (Their first version lost one number each in
/// Australia, Britain and Sweden, to identifier words that also name a department's line,
/// "Orders", "Accounts", Swedish "kund"; those were taken out of the label rule.) The rules
/// worked out on `phones_dev5` to `phones_dev8` brought Brazil to 0.95 and the negatives hit
/// to 1; Spain and Poland stay at 0.90.
const KNOWN_GAPS: [(&str, f64); 2] = [("ES", 0.90), ("PL", 0.90)];

#[test]
fn held_out_phones_of_a_fourth_author_are_found_per_country_and_format() {
    common::gate_phones(
        include_str!("data/phones_heldout3.jsonl"),
        MIN_RECALL,
        &KNOWN_GAPS,
        MAX_NEGATIVE_HITS,
        common::Lines::Hidden,
    );
}
