//! Phones on a development set (`tests/data/phones_dev4.jsonl`, from
//! `tests/data/gen_phones_dev4.py`), written by an author who saw neither the detector nor
//! its other sets: per country, 30 national numbers written the many ways people of that
//! country write them (more than half of them with no phone word in the line) and 8
//! international ones, every one valid for libphonenumber; and 200 look-alikes, a third of
//! them hard. Its lines were read and general rules mended where they missed, so it is a
//! development set, not a held-out one: the held-out checks are `phones_heldout2.rs` and
//! `phones_heldout3.rs`.

mod common;

const MIN_RECALL: f64 = 0.95;
/// The first run hit 38 of the 200 negatives (identifiers labelled as such, in the groups
/// phones are written in); one is hit since (`N° de sécurité sociale : 1 03 03 08 ...`, a
/// NIR whose key does not check, read from its second group on).
const MAX_NEGATIVE_HITS: f64 = 0.005;
/// The first run found 533 of the 600 national numbers: numbers bracketed whole (`Lea
/// Zimmermann (0711 288483)`), area codes in brackets before the number (`(03)6681-3479`),
/// full-width brackets, `(0)20 ...`, `(0 30) 527 32 03`, slashes (`512/617-1635`,
/// `328/2127174`), ` - ` and ` / ` between groups, groupings beyond libphonenumber's
/// formats (`91 397 77 63`, `477-348-16-51`, `1300 962937`), eleven bare digits, Polish and
/// Spanish mobiles written bare, and a Swiss number read as an IP address. The rules mended
/// since find 597; still missed are one Polish and one Spanish number written bare with no
/// phone word (a landline), a bare Mexican number, and `0 70410 96156` (its trunk 0 apart).
const KNOWN_GAPS: [(&str, f64); 0] = [];

#[test]
fn phones_of_the_development_set_are_found_per_country_and_format() {
    common::gate_phones(
        include_str!("data/phones_dev4.jsonl"),
        MIN_RECALL,
        &KNOWN_GAPS,
        MAX_NEGATIVE_HITS,
        common::Lines::Shown,
    );
}
