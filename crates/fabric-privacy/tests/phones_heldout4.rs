//! A fifth held-out set of phones (`tests/data/phones_heldout4.jsonl`, from
//! `tests/data/gen_phones_heldout4.py`), by an author who saw neither the detector nor the
//! other sets: per listed country, 25 numbers in national and 5 in international format in
//! notes an assistant keeps about its user, tool results, mail threads, forum posts, chat
//! logs, pasted spreadsheets, form data and vCards, half of them with no phone word; and 300
//! look-alikes (order, invoice, tracking and ticket numbers, national and tax ids, bank
//! accounts, amounts, dates, versions, ISBNs, serials, coordinates, addresses,
//! measurements). Run as it was written; its figures are gates, never a guide for changing
//! the detector, and its lines are never printed.

mod common;

const MIN_RECALL: f64 = 0.95;
/// The first run hit 21 of the 300 look-alikes (0.070); the rules worked out on
/// `phones_dev7` (labels of policies, transfers and social security numbers, a phone cut
/// from a longer grouped number) brought it to 19, those worked out on `phones_dev8`
/// (labels of tax, social and national numbers, tickets, tracking and serial numbers; a
/// date and time; a Brazilian postcode) to 11 (0.037).
const MAX_NEGATIVE_HITS: f64 = 0.05;
/// Formats under [`MIN_RECALL`], at their measured recall on the first run (500 national
/// numbers, 489 found; 99 of 100 international ones), which the rules worked out on
/// `phones_dev7` and `phones_dev8` did not change. Belgium, Italy, Poland and the US found 24 of 25 national
/// numbers.
const KNOWN_GAPS: [(&str, f64); 3] = [("BR", 0.88), ("IN", 0.88), ("IE international", 0.80)];

#[test]
fn held_out_phones_of_a_fifth_author_are_found_per_country_and_format() {
    common::gate_phones(
        include_str!("data/phones_heldout4.jsonl"),
        MIN_RECALL,
        &KNOWN_GAPS,
        MAX_NEGATIVE_HITS,
        common::Lines::Hidden,
    );
}
