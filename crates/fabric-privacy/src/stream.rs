//! Line-by-line helpers for a command line tool: a JSON scan report and redacted output,
//! with memory bounded by the longest line.
//!
//! Each line is read into one reused buffer, so a multi-gigabyte input runs in flat memory
//! as long as it has line breaks. A line that is not valid UTF-8 is decoded lossily
//! (invalid bytes become U+FFFD) and counted in [`StreamStats::lossy_lines`]; its offsets
//! then refer to the decoded line.

use std::borrow::Cow;
use std::io::{BufRead, Write};

use serde::Serialize;

use crate::PrivacyLevel;
use crate::detector::PiiDetector;
use crate::error::Result;
use crate::pii_type::PiiMatch;
use crate::redact::Redactor;

/// Counts from one streaming run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamStats {
    /// Lines read.
    pub lines: u64,
    /// Lines with at least one match.
    pub lines_with_pii: u64,
    /// Matches found.
    pub matches: u64,
    /// Lines that were not valid UTF-8 and were decoded lossily.
    pub lossy_lines: u64,
    /// The highest level of any line (the default level for empty input).
    pub level: PrivacyLevel,
}

#[derive(Serialize)]
struct LineReport<'a> {
    line: u64,
    level: PrivacyLevel,
    matches: &'a [PiiMatch],
}

/// Scans each line of `reader` and writes one JSON object per line to `writer`:
/// `{"line":1,"level":"sensitive","matches":[{"type":"EMAIL","start":10,"end":27,"score":0.9}]}`.
///
/// Line numbers start at 1; offsets are bytes within the line, without its line break.
///
/// # Errors
///
/// [`crate::Error::Io`] when reading or writing fails, [`crate::Error::Json`] when encoding
/// fails. Lines already written stay written.
pub fn scan_lines(
    detector: &PiiDetector,
    reader: &mut dyn BufRead,
    writer: &mut dyn Write,
) -> Result<StreamStats> {
    each_line(detector, reader, |_line, _ending, matches, level, stats| {
        serde_json::to_writer(&mut *writer, &LineReport { line: stats.lines, level, matches })?;
        writer.write_all(b"\n")?;
        Ok(())
    })?
    .finish(writer)
}

/// Redacts each line of `reader` with `redactor` and writes it, with its original line
/// break, to `writer`.
///
/// # Errors
///
/// [`crate::Error::Io`] when reading or writing fails. Lines already written stay written.
pub fn redact_lines(
    detector: &PiiDetector,
    redactor: &Redactor,
    reader: &mut dyn BufRead,
    writer: &mut dyn Write,
) -> Result<StreamStats> {
    let mut redacted = String::with_capacity(8 * 1024);
    each_line(detector, reader, |line, ending, matches, _level, _stats| {
        redacted.clear();
        redactor.redact_into(line, matches, &mut redacted)?;
        writer.write_all(redacted.as_bytes())?;
        writer.write_all(ending)?;
        Ok(())
    })?
    .finish(writer)
}

impl StreamStats {
    fn finish(self, writer: &mut dyn Write) -> Result<StreamStats> {
        writer.flush()?;
        Ok(self)
    }
}

/// Scans each line of `reader` and hands it to `each` with its line break, its matches, its
/// level and the counts so far (this line included).
fn each_line(
    detector: &PiiDetector,
    reader: &mut dyn BufRead,
    mut each: impl FnMut(&str, &[u8], &[PiiMatch], PrivacyLevel, &StreamStats) -> Result<()>,
) -> Result<StreamStats> {
    let mut stats = StreamStats { level: detector.classify_matches(&[]), ..StreamStats::default() };
    let mut raw = Vec::with_capacity(8 * 1024);
    let mut matches = Vec::new();
    while let Some((line, ending)) = next_line(reader, &mut raw, &mut stats)? {
        detector.scan_into(&line, &mut matches);
        let level = detector.classify_matches(&matches);
        record(&mut stats, &matches, level);
        each(&line, ending, &matches, level, &stats)?;
    }
    Ok(stats)
}

fn record(stats: &mut StreamStats, matches: &[PiiMatch], level: PrivacyLevel) {
    stats.matches += matches.len() as u64;
    if !matches.is_empty() {
        stats.lines_with_pii += 1;
    }
    stats.level = stats.level.max(level);
}

/// Reads the next line into `raw`, returning it without its line break, and the break.
fn next_line<'a>(
    reader: &mut dyn BufRead,
    raw: &'a mut Vec<u8>,
    stats: &mut StreamStats,
) -> Result<Option<(Cow<'a, str>, &'static [u8])>> {
    raw.clear();
    if reader.read_until(b'\n', raw)? == 0 {
        return Ok(None);
    }
    stats.lines += 1;
    let ending: &'static [u8] = if raw.ends_with(b"\r\n") {
        b"\r\n"
    } else if raw.ends_with(b"\n") {
        b"\n"
    } else {
        b""
    };
    let content = &raw[..raw.len() - ending.len()];
    let line = String::from_utf8_lossy(content);
    if matches!(line, Cow::Owned(_)) {
        stats.lossy_lines += 1;
    }
    Ok(Some((line, ending)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::RedactionStrategy;

    #[test]
    fn scan_lines_writes_one_json_object_per_line() {
        let detector = PiiDetector::new();
        let mut reader: &[u8] =
            b"hello\nmail me at jane.doe@example.com\r\n\n\xffoops 123-45-6789\n";
        let mut bytes = Vec::new();
        let stats = scan_lines(&detector, &mut reader, &mut bytes).unwrap();
        let output = String::from_utf8(bytes).unwrap();
        let lines: Vec<serde_json::Value> =
            output.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["line"], 1);
        assert_eq!(lines[0]["level"], "internal");
        assert_eq!(lines[1]["matches"][0]["type"], "EMAIL");
        assert_eq!(lines[1]["matches"][0]["start"], 11);
        assert_eq!(lines[1]["matches"][0]["end"], 31);
        assert_eq!(lines[1]["level"], "sensitive");
        assert_eq!(lines[3]["level"], "restricted");
        assert_eq!(stats.lines, 4);
        assert_eq!(stats.lossy_lines, 1);
        assert_eq!(stats.level, PrivacyLevel::Restricted);
    }

    #[test]
    fn redact_lines_keeps_line_breaks() {
        let detector = PiiDetector::new();
        let redactor =
            Redactor::builder().default_strategy(RedactionStrategy::Label).build().unwrap();
        let mut reader = &b"a jane@example.com\r\nno pii\nSSN 123-45-6789"[..];
        let mut bytes = Vec::new();
        let stats = redact_lines(&detector, &redactor, &mut reader, &mut bytes).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "a [EMAIL]\r\nno pii\nSSN [SSN]");
        assert_eq!(stats.matches, 2);
        assert_eq!(stats.lines_with_pii, 2);
    }
}
