//! Phone numbers written in full-width forms (`０３－１２３４－５６７８`, `（０３）１２３４`),
//! as Japanese and Chinese text often has them. The digits and the signs around them are
//! read as their ASCII forms in a copy of the text, the phone recognizer runs on the copy,
//! and each match is mapped back to the bytes it covers in the text.

use super::builtin::{Builtins, Region};
use crate::pii_type::PiiMatch;

/// Pushes the phone numbers of `text` that hold a full-width character onto `out` (the
/// others the ordinary scan finds).
pub(super) fn phones(text: &str, region: Option<Region>, out: &mut Vec<PiiMatch>) {
    if !has_fullwidth_number(text.as_bytes()) {
        return;
    }
    let (ascii, origin) = fold(text);
    let mut found = Vec::new();
    Builtins::get().phone(&ascii, 0, ascii.len(), region, &mut found);
    for phone in found {
        let (Some(&start), Some(&end)) = (origin.get(phone.start), origin.get(phone.end)) else {
            continue;
        };
        if text.get(start..end).is_some_and(|span| !span.is_ascii()) {
            out.push(PiiMatch { start, end, ..phone });
        }
    }
}

/// Whether `bytes` hold a full-width digit (U+FF10 to U+FF19: `EF BC 90` to `EF BC 99`), or
/// a full-width bracket (`（`, `）`: `EF BC 88`, `EF BC 89`) beside an ASCII digit
/// (`（024）26933776`).
fn has_fullwidth_number(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xEF, bytes).any(|at| {
        bytes.get(at + 1) == Some(&0xBC)
            && bytes.get(at + 2).is_some_and(|&third| {
                (0x90..=0x99).contains(&third)
                    || (third == 0x88 && bytes.get(at + 3).is_some_and(u8::is_ascii_digit))
                    || (third == 0x89
                        && at
                            .checked_sub(1)
                            .and_then(|before| bytes.get(before))
                            .is_some_and(u8::is_ascii_digit))
            })
    })
}

/// `text` with full-width digits, dashes, brackets, plus, dot, slash and the ideographic
/// space as ASCII, and for each byte of it (and its end) the offset in `text` it comes from.
fn fold(text: &str) -> (String, Vec<usize>) {
    let mut ascii = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (at, character) in text.char_indices() {
        let folded = match character {
            '０'..='９' => char::from_u32(u32::from(character) - 0xFF10 + u32::from('0')),
            '－' | 'ー' | '‐' | '−' => Some('-'),
            '（' => Some('('),
            '）' => Some(')'),
            '＋' => Some('+'),
            '．' => Some('.'),
            '／' => Some('/'),
            '　' => Some(' '),
            _ => None,
        };
        match folded {
            Some(folded) => {
                ascii.push(folded);
                origin.push(at);
            }
            None => {
                ascii.push(character);
                origin.extend(at..at + character.len_utf8());
            }
        }
    }
    origin.push(text.len());
    (ascii, origin)
}

#[cfg(test)]
mod tests {
    use crate::{PiiDetector, PiiType};

    fn phones(text: &str) -> Vec<&str> {
        PiiDetector::new()
            .scan(text)
            .into_iter()
            .filter(|found| found.pii_type == PiiType::Phone)
            .map(|found| &text[found.start..found.end])
            .collect()
    }

    #[test]
    fn full_width_numbers_are_found_as_written() {
        assert_eq!(phones("電話：０３－１２３４－５６７８まで"), ["０３－１２３４－５６７８"]);
        assert_eq!(phones("携帯 ０９０－１２３４－５６７８ です"), ["０９０－１２３４－５６７８"]);
        assert_eq!(phones("手机：１３９１２３４５６７８"), ["１３９１２３４５６７８"]);
        assert_eq!(phones("Tel ＋８１ ３－１２３４－５６７８"), ["＋８１ ３－１２３４－５６７８"]);
        // Mixed with ASCII numbers, each found once.
        assert_eq!(
            phones("電話 03-1234-5678 と ０３－１２３４－５６７９"),
            ["03-1234-5678", "０３－１２３４－５６７９"]
        );
        // Full-width figures that are no phone.
        assert!(phones("２０２４年１２月３日").is_empty());
    }
}
