//! Phone numbers as people write them: North American numbers (checked by the NANP rules),
//! international numbers after `+` or `00`, and national numbers, each validated against
//! libphonenumber's metadata (the `phonenumber` crate) rather than by counting digits.
//!
//! A national number has no country code, so it is tried in the configured default region
//! and then in the regions below. One with a trunk `0` (`030 1234567`, `020 7946 0958`,
//! `06 12 34 56 78`) is a phone when some region accepts it and it is written in groups or
//! stands near a phone word. One without (`612 34 56 78`, `22 250 48 60`, `(11) 91234-5678`)
//! is a phone near a phone word, when the default region accepts it, or when it is written
//! the way a region's plan writes its numbers: in the groups of one of the region's national
//! formats, or with its area code in brackets.

use std::sync::{LazyLock, OnceLock};

use phonenumber::country::Id;
use phonenumber::metadata::DATABASE;
use regex::Regex;

/// Regions a national number is tried in, after the default region: those of the
/// detector's contract (US and CA are covered by the NANP rules).
pub(super) const REGIONS: [Id; 18] = [
    Id::GB,
    Id::DE,
    Id::FR,
    Id::ES,
    Id::IT,
    Id::NL,
    Id::CH,
    Id::AT,
    Id::BE,
    Id::SE,
    Id::PL,
    Id::IE,
    Id::IN,
    Id::BR,
    Id::MX,
    Id::AU,
    Id::JP,
    Id::CN,
];

/// Compiled patterns of libphonenumber's metadata the `phonenumber` crate keeps: it keeps
/// 100 by default, fewer than validating a number in every listed region uses, so that a
/// scan recompiled patterns it had evicted (a sixth of a sparse-prose scan's time).
const METADATA_PATTERNS: usize = 2048;

/// Widens the `phonenumber` crate's cache of compiled metadata patterns to
/// [`METADATA_PATTERNS`], once, before the first candidate is classified (which loads the
/// metadata: a tenth of a second, not paid by a scan that meets no candidate).
fn widen_metadata_cache() {
    static WIDENED: std::sync::Once = std::sync::Once::new();
    WIDENED.call_once(|| {
        if let Ok(mut cache) = DATABASE.cache().lock() {
            *cache = regex_cache::RegexCache::new(METADATA_PATTERNS);
        }
    });
}

/// The candidate pattern, one alternative per way of writing.
pub(super) const PATTERN: &str = concat!(
    // North American: optional +1 / 1- prefix, area code, exchange, line; separators required.
    r"(?:\+1[ .\-]?|1[ .\-])?(?:\([2-9][0-9]{2}\)[ .\-]?|[2-9][0-9]{2}[ .\-/])[2-9][0-9]{2}[ .\-][0-9]{4}",
    // International: + or 00, country code, then groups, optionally with a (0) trunk prefix.
    r"|(?:\+|00)[1-9][0-9]{0,3}(?:(?:[ .\-]|/ ?)?(?:\(0\)[ .\-]?)?\(?[0-9]{1,5}\)?){1,7}",
    // National with a trunk 0 written unbroken (`07911123456`), tried before the grouped
    // form, which would stop at the area code.
    r"|\(?0[1-9][0-9]{5,11}\)?",
    // National with a trunk 0, in groups or bare (a subscriber number of up to ten digits
    // written unbroken: `01 234567890` in Vienna).
    // A group in brackets after the area code is a Japanese way: `0276(25)2613`. The
    // area code may be in brackets with the number right after it (`(03)6681-3479`), the
    // trunk 0 apart in brackets (`(0)20 7993 8817`, without the country code) or in the
    // area code's brackets (`(0 30) 527 32 03`, `(0 41 31) 91 50 06`, DIN 5008's old
    // way), apart before it (`0 51 5448-8034`, Poland's old `0-52 740-99-13`), or with
    // Brazil's `xx` for the carrier code (`0xx47 98238-6220`, `(0XX54) 97645-1483`) or
    // the carrier code itself before a bracketed area code (`041 (31) 2781-1169`); a dash
    // or slash between spaces separates groups.
    r"|(?:\(0 ?[xX]{2} ?[1-9][0-9]\) ?[0-9]|0 ?[xX]{2} ?[1-9][0-9][ .\-]?[0-9]|(?-u:\b)0[ \-][1-9]|\(0[1-9][0-9]{0,4}\)[0-9]{2,10}|\(0\) ?[1-9]|\(0[ \-][1-9][0-9]{0,3}(?: [0-9]{1,4})?\) ?[0-9]|\(?0[1-9])[0-9]{0,4}\)?(?:(?:[ .\-]|/ ?| / | - )[0-9]{1,10}|\([0-9]{2,5}\)[0-9]{3,5}| \([1-9][0-9]\)){0,6}",
    // National without a trunk 0, in groups (ES, IT mobiles, PL, CN, IN, BR, MX); a Brazilian
    // mobile's leading 9 may stand alone: `(21) 9 9523-8570`; Italians write a mobile's
    // prefix with a slash (`328/2127174`).
    r"|(?:\([1-9][0-9]{1,4}\) ?|[1-9][0-9]{1,4}(?:[ .\-/]| - ))[0-9]{1,9}(?:(?:[ .\-]| - )[0-9]{2,6}){0,4}",
    // Bare digits without a trunk 0 (`612345678`, `13912345678`): a phone near a phone word;
    // ten of them a North American phone unless words around make it an identifier; twelve
    // or thirteen a country code before a national number (`5592985431773`).
    r"|[1-9][0-9]{7,12}",
    // A country code in brackets: `(+48) 733 874 789`; one without its `+` before an area
    // code in brackets: `48 (58) 227 66 19`.
    r"|\(\+[1-9][0-9]{0,3}\)(?:[ .\-/]?[0-9]{1,7}){1,6}",
    r"|[1-9][0-9]{1,2} \([1-9][0-9]{0,3}\)(?:[ .\-]?[0-9]{1,5}){1,6}",
);

/// An extension after a number: `ext. 123`, `x123`, `Durchwahl 12`, `poste 45`.
pub(super) const EXTENSION_PATTERN: &str =
    r"^,? ?(?:[Ee]xt\.?|[Ee]xtension|x|X|[Dd]urchwahl|DW|[Pp]oste|[Ii]nt\.?)[ .:]?[0-9]{1,6}";

/// How a candidate is written, which decides how it is validated and scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Matches the NANP rules.
    NorthAmerican,
    /// Starts with `+` or `00`: validated without a region.
    International,
    /// Starts with `+` or `00` and has a known country code, but its metadata does not
    /// list the range.
    Unlisted,
    /// Starts with a trunk `0`, in groups.
    TrunkGrouped,
    /// Starts with a trunk `0`, digits only.
    TrunkBare,
    /// Neither: a national number of a region without a trunk prefix.
    National,
    /// Bare digits with no phone word that are a number of a region whose plan sets such
    /// numbers apart by their length and leading digits ([`bare_number`]).
    Bare,
}

/// What a candidate is, if it is a phone number: `None` when no metadata accepts it.
/// `region` is the configured default region; `has_context` whether a phone word is near
/// (regions are tried for a number without a trunk prefix only then).
pub(super) fn classify(value: &str, region: Option<Id>, has_context: bool) -> Option<Shape> {
    widen_metadata_cache();
    // Brazil's `0xx` (`xx` standing for a carrier code) is a trunk prefix.
    if let Some(at) = value.find(['x', 'X']) {
        let plain: String = value[..at].trim_end().to_owned()
            + value[at..].trim_start_matches(['x', 'X']).trim_start();
        return classify(&plain, region, has_context);
    }
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=17).contains(&digits) || !balanced(value) {
        return None;
    }
    if let Some((code, rest)) = value.strip_prefix("(+").and_then(|rest| rest.split_once(')')) {
        return international(&format!("+{code}{rest}"));
    }
    if let Some(rest) = value.strip_prefix("00") {
        return international(&format!("+{rest}"));
    }
    if value.starts_with('+') {
        if value.starts_with("+1") {
            return crate::validate::nanp(value).then_some(Shape::NorthAmerican);
        }
        return international(value);
    }
    let trunk = value.trim_start_matches('(').starts_with('0');
    // Without a trunk prefix the listed regions' numbers have eight digits or more (and the
    // scan opens no window for fewer).
    if !trunk && digits < 8 {
        return None;
    }
    if !trunk && crate::validate::nanp(value) && north_american_groups(value) {
        return Some(Shape::NorthAmerican);
    }
    if looks_like_date_or_ssn(value) {
        return None;
    }
    let grouped = value.bytes().any(|byte| !byte.is_ascii_digit());
    if !trunk && code_apart(value, has_context) {
        return Some(Shape::International);
    }
    // Bare digits beyond eleven are a number only after a country code.
    if !trunk && !grouped && digits > 11 {
        return None;
    }
    // Numbers drawn as lottery results (`08 - 15 - 18 - 26 - 31 - 43`).
    if value.contains(" - ") && digit_groups(value).all(|group| group.len() <= 2) {
        return None;
    }
    let shape = match (trunk, grouped) {
        (true, true) => Shape::TrunkGrouped,
        (true, false) => Shape::TrunkBare,
        (false, true) if has_context || region.is_some() => Shape::National,
        // Validated in the regions whose plan it is written by.
        (false, true) if written_as_planned(value) || br_national_use(value) => {
            return Some(Shape::National);
        }
        (false, false) if has_context => Shape::National,
        (false, false) if bare_number(value) => return Some(Shape::Bare),
        _ => return None,
    };
    let regions: &[Id] = if trunk || has_context { &REGIONS } else { &[] };
    (region.into_iter().chain(regions.iter().copied()).any(|region| valid_in(region, value))
        || old_polish_trunk(value).is_some_and(|rest| valid_in(Id::PL, &rest)))
    .then_some(shape)
}

/// A Polish number after the trunk `0` Poland dropped in 2005, which people still write
/// apart before the area code (`0-52 740-99-13`, `(0-22) 628 14 37`, `0 12 345 67 89`):
/// the number without it, which libphonenumber reads as Polish.
fn old_polish_trunk(value: &str) -> Option<String> {
    let (bracketed, inner) = match value.strip_prefix('(') {
        Some(inner) => (true, inner),
        None => (false, value),
    };
    let rest = inner.strip_prefix("0-").or_else(|| inner.strip_prefix("0 "))?;
    Some(if bracketed { rest.replacen(')', "", 1) } else { rest.to_owned() })
}

/// Whether a number starts with a listed region's country code without its `+`, written
/// apart (`55 47 99863-1669`, `48 852 478 948`, `48 578927219`) or, before a bare mobile,
/// not (`5592985431773`), and the rest is a valid number of that region, near a phone word,
/// written as that region's plan writes its numbers, or a mobile written bare. libphonenumber
/// reads a number this way too, when the whole is not valid in its region.
fn code_apart(value: &str, has_context: bool) -> bool {
    let (code, rest) = match value.split_once([' ', '.', '-']) {
        Some((code, rest)) => (code, rest.trim_start()),
        None if value.len() >= 12 => match (value.get(..2), value.get(2..)) {
            (Some(code), Some(rest)) => (code, rest),
            _ => return false,
        },
        None => return false,
    };
    let Ok(code) = code.parse::<u16>() else { return false };
    let bare = rest.bytes().all(|byte| byte.is_ascii_digit());
    let as_written = if bare { bare_number(rest) } else { written_as_planned(rest) };
    (has_context || as_written)
        && REGIONS.iter().any(|&region| {
            DATABASE.by_id(region.as_ref()).is_some_and(|meta| meta.country_code() == code)
                && valid_in(region, rest)
        })
}

/// Whether the text before a number ends in a messaging link's place for an international
/// number written without its `+`.
pub(super) fn in_link(before: &str) -> bool {
    let tail = &before.as_bytes()[before.len().saturating_sub(8)..];
    [&b"wa.me/"[..], b"phone=", b"/send/"].iter().any(|link| tail.ends_with(link))
}

/// Whether bare digits are a number of a region whose numbers people write unbroken and
/// whose plan sets them apart by their length and leading digits, so that the digits alone
/// tell: mobiles of Spain (nine digits from 6 or 7), Poland (nine), Italy (ten from 3),
/// India (ten from 6 to 9), China (eleven from 1) and Brazil (eleven, an area code and a
/// 9, that are not a CPF's check digits), and Spain's landlines (nine from 8 or 9).
fn bare_number(value: &str) -> bool {
    use phonenumber::Type::{FixedLine, Mobile};
    let is = |region: Id, kind: phonenumber::Type| type_in(region, value) == Some(kind);
    let bytes = value.as_bytes();
    match (bytes.len(), bytes.first()) {
        (9, Some(b'6' | b'7')) => is(Id::ES, Mobile) || is(Id::PL, Mobile),
        (9, Some(b'4' | b'5')) => is(Id::PL, Mobile),
        (9, Some(b'8')) => is(Id::PL, Mobile) || is(Id::ES, FixedLine),
        (9, Some(b'9')) => is(Id::ES, FixedLine),
        (10, Some(b'3')) => is(Id::IT, Mobile),
        (10, Some(b'6'..=b'9')) => is(Id::IN, Mobile),
        (11, Some(&first)) => {
            (first == b'1' && is(Id::CN, Mobile))
                || (bytes[2] == b'9' && !crate::validate::br_cpf(value) && is(Id::BR, Mobile))
        }
        _ => false,
    }
}

/// Whether a number is one of Brazil's national-use numbers, which have no area code and
/// are written in two fours (`4003-3097`, `4004 0001`): eight digits Brazil's plan accepts.
fn br_national_use(value: &str) -> bool {
    let lengths: Vec<usize> = digit_groups(value).map(str::len).collect();
    lengths == [4, 4] && valid_in(Id::BR, value)
}

/// Whether ten or eleven digits that pass the NANP rules are grouped as North Americans
/// write them (`312 720 1727`, `1-312-720-1727`, or unbroken), not as a register number of
/// another country (`NIP 894-858-31-26`).
fn north_american_groups(value: &str) -> bool {
    let lengths: Vec<usize> = digit_groups(value).map(str::len).collect();
    matches!(lengths.as_slice(), [10 | 11] | [3, 3, 4] | [1, 3, 3, 4] | [3, 7] | [1, 3, 7])
}

/// The runs of digits of `value`, whatever separates them.
fn digit_groups(value: &str) -> impl Iterator<Item = &str> {
    value.split(|c: char| !c.is_ascii_digit()).filter(|group| !group.is_empty())
}

fn balanced(value: &str) -> bool {
    let opens = value.bytes().filter(|&byte| byte == b'(').count();
    let closes = value.bytes().filter(|&byte| byte == b')').count();
    opens == closes && !value.ends_with(['(', ' ', '-', '.', '/'])
}

/// An international number: valid for its country's metadata, or (example and newly
/// assigned ranges, such as the UK's `7700 900` drama numbers, are not in it) a number of
/// a known country code with 8 to 15 digits.
fn international(value: &str) -> Option<Shape> {
    // libphonenumber reads `+44 (0)20` with the trunk 0 as part of the number.
    let value = value.replace("(0)", "");
    // Parsing without a region fails on an unknown country code.
    let number = phonenumber::parse(None, &value).ok()?;
    if phonenumber::is_valid(&number) {
        return Some(Shape::International);
    }
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    (8..=15).contains(&digits).then_some(Shape::Unlisted)
}

/// Dates (`03/11/2021`, `09.01.2022`, `2020-04-08`), US social security numbers
/// (`666-85-2028`) and serials in groups of four (`4729 9599 9406`), which some region's
/// numbering plan would accept as phone numbers.
pub(super) fn looks_like_date_or_ssn(value: &str) -> bool {
    // An ISO date, whatever follows it (`2023-07-31 15:00`).
    let bytes = value.as_bytes();
    let number = |from: usize| -> Option<u32> { value.get(from..from + 2)?.parse().ok() };
    if bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && number(5).is_some_and(|month| (1..=12).contains(&month))
        && number(8).is_some_and(|day| (1..=31).contains(&day))
        && bytes.get(10).is_none_or(|byte| !byte.is_ascii_digit())
    {
        return true;
    }
    // A date and what follows it (`03/05/2024 05:34`); a Brazilian postcode (`01316-941`).
    let date = |at: usize| bytes.get(at).is_some_and(|&byte| b"/.-".contains(&byte));
    if bytes.len() >= 10
        && date(2)
        && date(5)
        && [0, 1, 3, 4, 6, 7, 8, 9].iter().all(|&at| bytes[at].is_ascii_digit())
    {
        return true;
    }
    if bytes.len() == 9 && bytes[5] == b'-' && value.bytes().filter(u8::is_ascii_digit).count() == 8
    {
        return true;
    }
    let groups: Vec<&str> = value.split(['/', '.', '-', ' ']).collect();
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    let all_digits = groups.iter().all(|group| group.bytes().all(|byte| byte.is_ascii_digit()));
    all_digits
        && (matches!(lengths.as_slice(), [1 | 2, 1 | 2, 2 | 4] | [4, 2, 2])
            // An SSN never starts with 0; a trunk-0 number may be grouped 3-2-4.
            || (lengths.as_slice() == [3, 2, 4] && !value.starts_with('0'))
            // A number with a trunk 0 may be grouped in fours (`0571-8618 1407`).
            || (lengths.len() >= 3
                && lengths.iter().all(|&length| length == 4)
                && !value.starts_with('0')))
}

/// Whether a national number without a trunk `0` is written as its region writes numbers:
/// its area code in brackets (`(22) 987 41 60`), or its groups those of one of the region's
/// national formats for numbers of its length, whatever their leading digits (`694 70 61 98`
/// and `643 488 171` in Spain, `22 250 48 60` in Poland, `11 91004-1577` in Brazil). A
/// format whose region writes a trunk prefix before it does not count: `30 12345678` is not
/// how Berlin writes its numbers. Only regions whose plan accepts the number are asked.
fn written_as_planned(value: &str) -> bool {
    let groups: Vec<&str> = digit_groups(value).collect();
    // The listed regions' numbers without a trunk prefix have 9 to 11 digits, in groups of
    // at most nine: anything else is not looked up.
    let digit_count: usize = groups.iter().map(|group| group.len()).sum();
    if !(2..=5).contains(&groups.len())
        || !(9..=11).contains(&digit_count)
        || groups.iter().any(|group| group.len() > 9)
    {
        return false;
    }
    let bracketed = value.starts_with('(');
    let digits = groups.concat();
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    PLANS.iter().any(|(region, formats)| {
        (bracketed
            || local_groups(*region).contains(&lengths.as_slice())
            || formats.iter().any(|format| {
                format.captures_len() == groups.len() + 1
                    && format.is_match(&digits)
                    && same_groups(format.captures(&digits), &groups)
            }))
            && valid_in(*region, value)
    })
}

/// Groupings in which people of a region write its numbers without a trunk prefix that
/// none of libphonenumber's formats has: Madrid's and Barcelona's two-digit area codes
/// (`91 397 77 63`, `93 1533806`), Italian mobiles' prefix apart (`328 2127174`), Polish
/// mobiles in pairs after the prefix, Mexican numbers in pairs (`477-348-16-51`, `81 41 23
/// 47 76`), a Brazilian mobile's 9 apart (`51 9 9009-8615`), Australian `1300 962937`,
/// Chinese mobiles and area codes before eight or seven digits, a Polish area code before
/// seven digits (`41 4849251`), and a Brazilian area code before a mobile's nine digits
/// (`31 978838548`).
fn local_groups(region: Id) -> &'static [&'static [usize]] {
    match region {
        Id::ES => &[&[2, 3, 2, 2], &[2, 7], &[3, 6], &[2, 3, 4]],
        Id::IT => &[&[3, 7], &[3, 6], &[3, 3, 4], &[3, 2, 2, 3]],
        Id::PL => &[&[3, 2, 2, 2], &[2, 3, 4], &[2, 7]],
        Id::MX => &[&[3, 3, 2, 2], &[2, 2, 2, 2, 2], &[2, 8], &[3, 7]],
        Id::BR => &[&[2, 1, 4, 4], &[2, 9]],
        Id::AU => &[&[4, 6]],
        Id::CN => &[&[3, 8], &[4, 7]],
        _ => &[],
    }
}

/// Per listed region, its national formats that write no trunk prefix, anchored to a whole
/// number: compiled once, as the metadata's own patterns sit behind a shared cache.
static PLANS: LazyLock<Vec<(Id, Vec<Regex>)>> = LazyLock::new(|| {
    REGIONS
        .iter()
        .filter_map(|&region| {
            let metadata = DATABASE.by_id(region.as_ref())?;
            let formats = metadata
                .formats()
                .iter()
                .filter(|format| {
                    !format.national_prefix().is_some_and(|rule| {
                        rule.contains("$NP") && !format.is_national_prefix_optional()
                    })
                })
                .filter_map(|format| {
                    Regex::new(&format!("^(?:{})$", format.pattern().as_str())).ok()
                })
                .collect();
            Some((region, formats))
        })
        .collect()
});

/// Whether a format's `captures` of a number's digits are, group by group, `groups`.
fn same_groups(captures: Option<regex::Captures<'_>>, groups: &[&str]) -> bool {
    captures.is_some_and(|captures| {
        captures.iter().skip(1).flatten().map(|found| found.as_str()).eq(groups.iter().copied())
    })
}

fn valid_in(region: Id, value: &str) -> bool {
    type_in(region, value).is_some()
}

/// What kind of number `value` is in `region`'s plan, if the plan accepts it. The
/// `phonenumber` crate parses the number (its national prefix, carrier codes), but its own
/// check takes a number whose start matches a pattern as matching it (Poland's `30`
/// followed by five digits accepts `301234567`); here a pattern must match the whole
/// number, as in libphonenumber.
fn type_in(region: Id, value: &str) -> Option<phonenumber::Type> {
    let number = phonenumber::parse(Some(region), value).ok()?;
    let Some(patterns) = patterns(region) else {
        // A default region outside the listed ones is checked by the crate alone.
        return phonenumber::is_valid(&number).then(|| number.number_type(&DATABASE));
    };
    let national = number.national().to_string();
    let code = number.code().value();
    patterns
        .iter()
        .find(|(_, country, pattern)| *country == code && pattern.is_match(&national))
        .map(|(kind, ..)| *kind)
}

/// Per listed region (in the order of [`REGIONS`]), its numbers' kinds with its country
/// code and national number pattern, anchored to a whole number: each region's compiled
/// when a number is first tried in it (all at once took a fifth of a second).
static PATTERNS: [OnceLock<Vec<(phonenumber::Type, u16, Regex)>>; REGIONS.len()] =
    [const { OnceLock::new() }; REGIONS.len()];

/// The patterns of `region`'s number kinds, anchored to a whole number.
fn patterns(region: Id) -> Option<&'static [(phonenumber::Type, u16, Regex)]> {
    use phonenumber::Type;
    const KINDS: [Type; 10] = [
        Type::FixedLine,
        Type::Mobile,
        Type::TollFree,
        Type::PremiumRate,
        Type::SharedCost,
        Type::PersonalNumber,
        Type::Voip,
        Type::Pager,
        Type::Uan,
        Type::Voicemail,
    ];
    let index = REGIONS.iter().position(|&listed| listed == region)?;
    let compiled = PATTERNS[index].get_or_init(|| {
        let Some(metadata) = DATABASE.by_id(region.as_ref()) else { return Vec::new() };
        let code = metadata.country_code();
        KINDS
            .iter()
            .filter_map(|&kind| {
                let pattern = metadata.descriptors().get(kind)?.national_number().as_str();
                let anchored = Regex::new(&format!("(?x)^(?:{pattern})$")).ok()?;
                Some((kind, code, anchored))
            })
            .collect()
    });
    Some(compiled)
}

/// Where an extension right after `end` ends, if one follows.
pub(super) fn extension_end(extension: &Regex, text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?;
    extension.find(rest).map(|found| end + found.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers_of_the_listed_regions_validate() {
        for (value, context) in [
            ("030 12345678", false),
            ("0171/1234567", false),
            ("020 7946 0958", false),
            ("06 12 34 56 78", false),
            ("0049 30 12345678", false),
            ("+44 (0)20 7946 0958", false),
            ("612 34 56 78", true),
            ("347 123 4567", true),
            ("(11) 91234-5678", true),
            ("03-1234-5678", false),
            ("0412 345 678", false),
            ("030 12 3456", false),
            ("01711234567", true),
        ] {
            assert!(classify(value, None, context).is_some(), "{value}");
        }
    }

    #[test]
    fn numbers_no_region_accepts_or_without_cues_are_not_phones() {
        for (value, region, context) in [
            ("612 3456 78", None, false),
            ("312345678", None, false),
            ("0000 000000", None, true),
            ("+99 1234 5678", None, true),
            ("2024 01 15", Some(Id::GB), false),
            ("03/11/2021", None, true),
            ("09.01.2022", None, true),
            ("2020-04-08", None, true),
            ("666-85-2028", None, true),
            ("4729 9599 9406", None, true),
        ] {
            assert_eq!(classify(value, region, context), None, "{value}");
        }
    }

    #[test]
    fn numbers_written_as_their_plan_writes_them_need_no_phone_word() {
        for value in
            ["694 70 61 98", "643 488 171", "22 250 48 60", "11 91004-1577", "(22) 987 41 60"]
        {
            assert_eq!(classify(value, None, false), Some(Shape::National), "{value}");
        }
        for value in ["30 1234567", "612 3456 78", "1234 5678"] {
            assert_eq!(classify(value, None, false), None, "{value}");
        }
    }

    #[test]
    fn a_country_code_written_apart_without_its_plus_leads_a_valid_number() {
        for value in ["55 47 99863-1669", "48 852 478 948", "34 612 34 56 78"] {
            assert_eq!(classify(value, None, false), Some(Shape::International), "{value}");
        }
        // The rest must be valid in that country, and written as planned or near a word.
        for value in ["48 85 24 789 48", "55 12 3456", "99 612 34 56 78"] {
            assert_eq!(classify(value, None, false), None, "{value}");
        }
    }

    #[test]
    fn the_old_polish_trunk_zero_written_apart_is_read_past() {
        for value in ["0-52 740-99-13", "(0-22) 628 14 37", "0 12 345 67 89"] {
            assert!(classify(value, None, false).is_some(), "{value}");
        }
        assert_eq!(old_polish_trunk("(0-22) 628 14 37").as_deref(), Some("22 628 14 37"));
        assert_eq!(old_polish_trunk("022 628 14 37"), None);
    }

    #[test]
    fn the_default_region_admits_national_numbers_without_a_phone_word() {
        assert_eq!(classify("612 34 56 78", Some(Id::ES), false), Some(Shape::National));
    }
}
