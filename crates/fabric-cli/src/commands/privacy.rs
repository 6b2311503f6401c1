//! `fabric scan` and `fabric redact`: personal data in text, found or redacted line by line.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result};
use fabric_core::fabric_privacy::{PiiDetector, RedactionStrategy, Redactor, stream};

use crate::config::Home;

/// Redaction strategies, as the command line spells them.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum Strategy {
    Label,
    Mask,
    Pseudonym,
    Drop,
}

impl From<Strategy> for RedactionStrategy {
    fn from(strategy: Strategy) -> RedactionStrategy {
        match strategy {
            Strategy::Label => RedactionStrategy::Label,
            Strategy::Mask => RedactionStrategy::Mask,
            Strategy::Pseudonym => RedactionStrategy::Pseudonym,
            Strategy::Drop => RedactionStrategy::Drop,
        }
    }
}

/// `fabric scan`: one JSON object per input line, naming the personal data found in it.
pub(super) fn scan(home: &Path, file: Option<&Path>) -> Result<()> {
    let detector = detector(home)?;
    let mut input = open_input(file)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    stream::scan_lines(&detector, &mut input, &mut out)?;
    out.flush()?;
    Ok(())
}

/// `fabric redact`: the input, line by line, with the personal data rewritten by `strategy`.
pub(super) fn redact(home_dir: &Path, file: Option<&Path>, strategy: Strategy) -> Result<()> {
    let detector = detector(home_dir)?;
    let strategy = RedactionStrategy::from(strategy);
    let redactor = if matches!(strategy, RedactionStrategy::Pseudonym) {
        // Pseudonyms are keyed by a subkey of the home's key, so they are stable.
        let home = Home::open_or_create(home_dir)?;
        let keyring = home.keyring()?;
        fabric_core::redactor(strategy, keyring.first().1)?
    } else {
        Redactor::builder().default_strategy(strategy).build()?
    };
    let mut input = open_input(file)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    stream::redact_lines(&detector, &redactor, &mut input, &mut out)?;
    out.flush()?;
    Ok(())
}

/// The detector configured in the home, or the default one when there is no home.
fn detector(home: &Path) -> Result<PiiDetector> {
    let config =
        Home::open_existing(home)?.map(|home| home.config.privacy.detector).unwrap_or_default();
    Ok(PiiDetector::with_config(&config)?)
}

fn open_input(file: Option<&Path>) -> Result<Box<dyn std::io::BufRead>> {
    Ok(match file {
        Some(path) => Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        )),
        None => Box::new(std::io::stdin().lock()),
    })
}
