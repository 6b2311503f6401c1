//! Phones in text written apart from the detector, by another author who never saw it or its
//! corpus (`tests/data/phones_fresh.jsonl`, from `tests/data/gen_phones_fresh.py`): per
//! country, numbers in national and international format in memos, signatures and chats of
//! that country's language, every one valid for libphonenumber; and look-alikes that are not
//! phones (tax ids, dates, amounts, references).
//!
//! Its first run found gaps the other sets had not (numbers written unbroken with a trunk 0,
//! Chinese and Japanese groupings, `(+48)`, Italian mobiles' seven-digit groups, short Vienna
//! numbers), which were
//! mended by general rules, not for its lines; so it is no longer held out, and a new set
//! by another author is the next held-out check. Gates: recall at least 0.95 per country
//! and format, but for the gaps below at their measured recall; phone matches in at most
//! 10% of the negative texts (some are hard: libphonenumber's own matcher finds a number in
//! about 20 of the 150).
//!
//! Its second run (numbers written as their country's plan writes them, "number" and
//! "calling" in each language, register numbers refused) brought Spain and Brazil to 1.0 and
//! Poland from 0.5 to 0.9, with no negative hit.

mod common;

const MIN_RECALL: f64 = 0.95;
const MAX_NEGATIVE_HITS: f64 = 0.10;
/// National formats still under [`MIN_RECALL`], with their measured recall: Polish mobiles
/// written unbroken with no phone word within reach.
const KNOWN_GAPS: [(&str, f64); 1] = [("PL", 0.90)];

#[test]
fn phones_written_apart_are_found_per_country_and_format() {
    common::gate_phones(
        include_str!("data/phones_fresh.jsonl"),
        MIN_RECALL,
        &KNOWN_GAPS,
        MAX_NEGATIVE_HITS,
        common::Lines::Shown,
    );
}
