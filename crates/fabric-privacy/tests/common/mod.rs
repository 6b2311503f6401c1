//! Scoring a held-out set: texts with the values of one type they hold, and texts that hold
//! none, against the default detector.

#![allow(dead_code, reason = "each test file uses part of the helper")]
#![allow(clippy::print_stdout, reason = "a held-out gate prints its figures")]

use fabric_privacy::{PiiDetector, PiiType};

/// How a match must lie over an expected value to count as finding it.
#[derive(Clone, Copy)]
pub(crate) enum Cover {
    /// Any overlap.
    Overlap,
    /// The whole value.
    Whole,
}

/// Finds the values of `pii_type` in `cases` and in `negatives`, prints recall, precision,
/// what was missed and what was flagged wrongly, and fails below the two minimums.
pub(crate) fn gate(
    name: &str,
    pii_type: &PiiType,
    cases: &[(&str, &[&str])],
    negatives: &[&str],
    cover: Cover,
    (min_recall, min_precision): (f64, f64),
) {
    let detector = PiiDetector::new();
    let spans = |text: &str| -> Vec<(usize, usize)> {
        detector
            .scan(text)
            .into_iter()
            .filter(|found| found.pii_type == *pii_type)
            .map(|found| (found.start, found.end))
            .collect()
    };
    let (mut found, mut missed, mut false_positives) = (0, Vec::new(), Vec::new());
    for (text, values) in cases {
        let mut left = spans(text);
        for value in *values {
            let start = text.find(value).expect("the value is in its text");
            let end = start + value.len();
            let covers = |&(from, to): &(usize, usize)| match cover {
                Cover::Overlap => from < end && start < to,
                Cover::Whole => from <= start && end <= to,
            };
            match left.iter().position(covers) {
                Some(index) => {
                    left.swap_remove(index);
                    found += 1;
                }
                None => missed.push(*value),
            }
        }
        false_positives.extend(left.iter().map(|&(from, to)| text[from..to].to_owned()));
    }
    for text in negatives {
        false_positives.extend(spans(text).iter().map(|&(from, to)| text[from..to].to_owned()));
    }
    let total = found + missed.len();
    let recall = found as f64 / total as f64;
    let precision = found as f64 / (found + false_positives.len()) as f64;
    println!(
        "held-out {name}: {found} of {total} found (recall {recall:.3}), precision {precision:.3}"
    );
    println!("missed: {missed:?}");
    println!("false positives: {false_positives:?}");
    assert!(recall >= min_recall, "recall {recall:.3} below {min_recall}: missed {missed:?}");
    assert!(
        precision >= min_precision,
        "precision {precision:.3} below {min_precision}: {false_positives:?}"
    );
}

/// One line of a per-country phone set (`tests/data/phones_*.jsonl`).
#[derive(serde::Deserialize)]
struct PhoneLine {
    region: String,
    text: String,
    value: String,
    format: String,
}

/// Scores a per-country phone set: a number counts as found when a phone match covers its
/// digits (a bracket may be left out), a negative text as hit when any phone match lies in
/// it. Prints the misses, the hits and recall per region and format, and fails when a
/// region's recall in a format is under `min_recall` (or under its floor in `floors`, named
/// by the region for its national format, `"IE international"` for another) or when more
/// than `max_negative_hits` of the negative texts are hit.
pub(crate) fn gate_phones(
    jsonl: &str,
    min_recall: f64,
    floors: &[(&str, f64)],
    max_negative_hits: f64,
    lines: Lines,
) {
    use std::collections::BTreeMap;
    let detector = PiiDetector::new();
    // Per (region, format): numbers, numbers found.
    let mut counts: BTreeMap<(String, String), [usize; 2]> = BTreeMap::new();
    let (mut negatives, mut hits, mut missed) = (0, Vec::new(), Vec::new());
    for line in jsonl.lines() {
        let line: PhoneLine = serde_json::from_str(line).expect("a line is json");
        let phones: Vec<_> = detector
            .scan(&line.text)
            .into_iter()
            .filter(|found| found.pii_type == PiiType::Phone)
            .collect();
        if line.format == "negative" {
            negatives += 1;
            if let Some(found) = phones.first() {
                hits.push(format!("{:?} in {:?}", &line.text[found.start..found.end], line.text));
            }
            continue;
        }
        let start = line.text.find(&line.value).expect("the value is in its text");
        let end = start + line.value.len();
        let found = phones
            .iter()
            .any(|found| found.start <= start + 1 && found.end + 1 >= end && found.end > start);
        let entry = counts.entry((line.region.clone(), line.format.clone())).or_default();
        entry[0] += 1;
        if found {
            entry[1] += 1;
        } else {
            missed.push(format!("{} {}: {:?}", line.region, line.value, line.text));
        }
    }
    if lines == Lines::Shown {
        for line in &missed {
            println!("missed {line}");
        }
        for line in &hits {
            println!("negative hit {line}");
        }
    } else {
        println!(
            "{} numbers missed, {} negatives hit (held-out lines are not printed)",
            missed.len(),
            hits.len()
        );
    }
    let mut failures = Vec::new();
    println!("{:<7} {:<14} {:>7} {:>6} {:>7}", "region", "format", "numbers", "found", "recall");
    for ((region, format), [numbers, found]) in &counts {
        let recall = *found as f64 / *numbers as f64;
        println!("{region:<7} {format:<14} {numbers:>7} {found:>6} {recall:>7.3}");
        let floor = floors
            .iter()
            .find(|(gap, _)| {
                (format == "national" && gap == region) || *gap == format!("{region} {format}")
            })
            .map_or(min_recall, |(_, floor)| *floor);
        if recall < floor {
            failures.push(format!("{region} {format} {recall:.3}"));
        }
    }
    let hit_rate = hits.len() as f64 / negatives.max(1) as f64;
    println!("negatives {negatives}, with a phone match {} ({hit_rate:.3})", hits.len());
    let regions: std::collections::BTreeSet<&String> =
        counts.keys().map(|(region, _)| region).collect();
    assert!(regions.len() >= 3, "a set covers several countries");
    assert_eq!(counts.len(), 2 * regions.len(), "every country in both formats");
    assert!(failures.is_empty(), "recall under its floor: {failures:?}");
    assert!(hit_rate <= max_negative_hits, "negative hit rate {hit_rate:.3}");
}

/// Whether a gate prints the lines it got wrong: a development set's are read to mend the
/// detector, a held-out set's never are (only its figures).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lines {
    Shown,
    Hidden,
}

/// One line of a labelled held-out set (`tests/data/heldout*.jsonl`).
#[derive(serde::Deserialize)]
struct Labelled {
    text: String,
    entities: Vec<LabelledValue>,
    kind: String,
}

#[derive(serde::Deserialize)]
struct LabelledValue {
    #[serde(rename = "type")]
    pii_type: String,
    value: String,
}

/// Scores a labelled set (JSON lines `{"text", "entities", "kind"}`, `kind` "positive" or
/// the kind of hard negative) on the types `scored` says: a value counts as found when a
/// match of its type spans exactly it. Prints precision, recall and F1 per type and the hit
/// rate of each negative kind, and fails when a type's F1 is under `min_f1(type)` or a
/// negative kind is hit in more than `max_hits(kind)` of its texts. Returns how many types
/// and negative kinds it saw.
pub(crate) fn gate_labelled(
    data: &str,
    scored: impl Fn(&PiiType) -> bool,
    min_f1: impl Fn(&str) -> f64,
    max_hits: impl Fn(&str) -> f64,
    lines: Lines,
) -> (usize, usize) {
    use std::collections::BTreeMap;
    let detector = PiiDetector::new();
    // Per type: true positives, false positives, false negatives.
    let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    // Per negative kind: texts, texts with a hit.
    let mut negatives: BTreeMap<String, [usize; 2]> = BTreeMap::new();
    let mut mistakes = Vec::new();
    for line in data.lines() {
        let record: Labelled = serde_json::from_str(line).expect("held-out line is json");
        let found: Vec<(String, String)> = detector
            .scan(&record.text)
            .into_iter()
            .filter(|found| scored(&found.pii_type))
            .map(|found| {
                (found.pii_type.as_str().to_owned(), record.text[found.start..found.end].to_owned())
            })
            .collect();
        if record.kind != "positive" {
            let entry = negatives.entry(record.kind.clone()).or_default();
            entry[0] += 1;
            if !found.is_empty() {
                entry[1] += 1;
                mistakes.push(format!("{}: flagged {found:?} in {:?}", record.kind, record.text));
            }
            continue;
        }
        let mut expected: Vec<(String, String)> =
            record.entities.into_iter().map(|entity| (entity.pii_type, entity.value)).collect();
        for item in found {
            match expected.iter().position(|wanted| *wanted == item) {
                Some(index) => {
                    expected.swap_remove(index);
                    counts.entry(item.0).or_default()[0] += 1;
                }
                None => {
                    mistakes.push(format!("false positive {item:?} in {:?}", record.text));
                    counts.entry(item.0).or_default()[1] += 1;
                }
            }
        }
        for item in expected {
            mistakes.push(format!("missed {item:?} in {:?}", record.text));
            counts.entry(item.0).or_default()[2] += 1;
        }
    }
    if lines == Lines::Shown {
        for mistake in mistakes.iter().take(40) {
            println!("{mistake}");
        }
    } else {
        println!("{} mistakes (held-out lines are not printed)", mistakes.len());
    }
    println!(
        "{:<15} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}",
        "type", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    let ratio =
        |part: usize, whole: usize| if whole == 0 { 0.0 } else { part as f64 / whole as f64 };
    let mut failures = Vec::new();
    for (pii_type, [tp, fp, fn_]) in &counts {
        let precision = ratio(*tp, tp + fp);
        let recall = ratio(*tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        println!(
            "{pii_type:<15} {tp:>4} {fp:>4} {fn_:>4} {precision:>9.3} {recall:>7.3} {f1:>6.3}"
        );
        if f1 < min_f1(pii_type) {
            failures.push(format!("{pii_type} F1 {f1:.3}"));
        }
    }
    println!("{:<17} {:>6} {:>5} {:>9}", "negative kind", "texts", "hits", "hit rate");
    for (kind, [texts, hits]) in &negatives {
        let rate = ratio(*hits, *texts);
        println!("{kind:<17} {texts:>6} {hits:>5} {rate:>9.4}");
        if rate > max_hits(kind) {
            failures.push(format!("{kind} hit rate {rate:.4}"));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
    (counts.len(), negatives.len())
}
