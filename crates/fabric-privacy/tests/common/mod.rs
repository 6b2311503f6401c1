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
