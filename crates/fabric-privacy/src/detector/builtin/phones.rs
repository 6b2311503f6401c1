//! The phone recognizer's scan of a window: candidates by shape, each cut to the part
//! that validates, weighed by the words around it.

use super::{Builtins, Region, longest_valid_prefix};
use crate::detector::context::{self, numeric_boundary};
use crate::detector::label;
use crate::detector::phone::{self, Shape};
use crate::pii_type::{PiiMatch, PiiType};

impl Builtins {
    /// Phone numbers in `text[from..to]`, into `out`.
    pub(in crate::detector) fn phone(
        &self,
        text: &str,
        from: usize,
        to: usize,
        region: Option<Region>,
        out: &mut Vec<PiiMatch>,
    ) {
        let Some(window) = text.get(from..to) else { return };
        let bytes = text.as_bytes();
        // Each search resumes where the last number found ended: a candidate that runs on
        // into the next number (`0412 345 678 / 02 9876 5432`) is cut to the prefix that
        // validates, and the rest is searched again. A refused candidate is passed whole.
        let mut at = 0;
        while let Some(found) = self.phone.find_at(window, at) {
            at = found.end();
            let (mut start, mut value) = (from + found.start(), found.as_str());
            // A number in brackets whole (`Lea Zimmermann (0711 288483)`, `(041 (31)
            // 2781-1169)`) is the number: its bracket closes none of its own.
            let opens_own = |inner: &str| match (inner.find('('), inner.find(')')) {
                (_, None) => true,
                (Some(open), Some(close)) => open < close,
                (None, Some(_)) => false,
            };
            if let Some(inner) = value.strip_prefix('(').filter(|inner| opens_own(inner)) {
                (start, value) = (start + 1, inner);
            }
            // A serial in groups of four is not cut down to a prefix that would pass.
            if phone::looks_like_date_or_ssn(value) {
                continue;
            }
            // Context is looked for around the whole candidate: a prefix that validates is
            // at most a few bytes shorter.
            let has_context = context::near(bytes, start, start + value.len(), &context::PHONE_WORDS)
                    // A table's header matters to a number without a trunk prefix only.
                    || (value.starts_with(|c: char| c.is_ascii_digit() && c != '0')
                        && context::column_header(bytes, start, &context::PHONE_WORDS))
                    // So does a person's name right before digits written bare.
                    || (value.bytes().all(|byte| byte.is_ascii_digit())
                        && label::after_a_name(text, start));
            // Digits in a messaging link are an international number without its `+`
            // (`wa.me/34620646445`, `api.whatsapp.com/send?phone=5591996926454`).
            let linked = phone::in_link(&text[..start]);
            let mut shape = None;
            let mut valid = |prefix: &str| {
                shape = if linked {
                    phone::classify(&format!("+{prefix}"), None, true)
                } else {
                    phone::classify(prefix, region, has_context)
                };
                shape.is_some()
            };
            // Before a spaced ` / ` or ` - ` a number that stands on its own is the number:
            // what follows is another (`0412 345 678 / 02 9876 5432`).
            let own = [" / ", " - "].iter().filter_map(|joint| value.find(joint)).min();
            let Some(length) = own
                .and_then(|own| longest_valid_prefix(&value[..own], &mut valid))
                .or_else(|| longest_valid_prefix(value, &mut valid))
            else {
                continue;
            };
            let Some(shape) = shape else { continue };
            // A prefix cut from a longer number written in groups (`83 1020 2892` of a bank
            // account's `83 1020 2892 0372 0652 ...`) is none: what follows the cut is one
            // more group of three digits or more.
            if value[length..]
                .strip_prefix([' ', '.', '-'])
                .is_some_and(|rest| rest.bytes().take_while(u8::is_ascii_digit).count() >= 3)
            {
                continue;
            }
            let mut end = start + length;
            // A number labelled as an identifier (`Factuurnummer 06-90100364`, `KvK-nummer
            // 57774016`, `订单编号：192 6390 6164`) is none.
            // Nor is an amount (`R$ 353.532.468,54`), or the tail of a longer number in
            // groups (`4 509 958 998 zł`).
            if !numeric_boundary(bytes, start, end)
                || context::code_tail(bytes, start)
                || (!value.starts_with('+')
                    && (label::labelled_as_id(text, start)
                        || context::amount(bytes, start, end)
                        || context::continues_groups(bytes, start, end)))
            {
                continue;
            }
            let bare = value[..length].bytes().all(|byte| byte.is_ascii_digit());
            let score = match (shape, bare, has_context) {
                // Ten bare digits that pass the NANP rules: a phone, unless an identifier
                // word (order, invoice, ticket, #, ...) stands right before it.
                (Shape::NorthAmerican, true, false)
                    if context::labels(bytes, start, 24, &context::ID_WORDS) =>
                {
                    continue;
                }
                (Shape::NorthAmerican, true, false) => 0.6,
                // `0044123456789` after "order", "invoice", "#": an identifier.
                (Shape::International | Shape::Unlisted, _, false)
                    if value.starts_with("00")
                        && context::labels(bytes, start, 24, &context::ID_WORDS) =>
                {
                    continue;
                }
                (Shape::NorthAmerican, true, true) => 0.7,
                // A trunk-0 number written unbroken without a phone word: valid in a listed
                // region's plan, unless an identifier word stands right before it.
                (Shape::TrunkBare, _, false)
                    if context::labels(bytes, start, 24, &context::ID_WORDS) =>
                {
                    continue;
                }
                (Shape::TrunkBare, _, false) => 0.5,
                // Bare digits without a trunk 0 after an identifier word (`member 263853289`)
                // are the identifier, whatever phone word stands further away.
                (Shape::National, true, true)
                    if context::labels(bytes, start, 24, &context::NAMED_ID_WORDS) =>
                {
                    continue;
                }
                // A region's number written bare, without a phone word: not after an
                // identifier word, nor in a column an identifier word heads (a count,
                // `605111187 rows`, is an amount, refused above).
                (Shape::Bare, ..)
                    if context::labels(bytes, start, 24, &context::ID_WORDS)
                        || context::column_header(bytes, start, &context::ID_WORDS) =>
                {
                    continue;
                }
                (Shape::Bare, ..) => 0.5,
                (Shape::TrunkBare | Shape::National, ..) => 0.7,
                (Shape::Unlisted, _, true) => 0.8,
                (Shape::Unlisted, _, false) => 0.6,
                (_, _, true) => 0.9,
                (Shape::TrunkGrouped, _, false) => 0.65,
                (_, _, false) => 0.75,
            };
            if let Some(extended) = phone::extension_end(&self.phone_extension, text, end) {
                end = extended;
            }
            // (An extension may reach past the window.)
            at = (end - from).min(window.len());
            out.push(PiiMatch { pii_type: PiiType::Phone, start, end, score });
        }
    }
}
