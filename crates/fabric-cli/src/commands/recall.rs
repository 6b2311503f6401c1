//! `fabric recall`: the memories of one owner ranked for a query.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::Args;
use fabric_core::{RecallHit, RecallQuery, RecallWeights};

use super::OwnerArg;
use super::records::FilterArgs;
use crate::output::{preview, print_each};
use crate::stack::{finish, open_fabric, warn_if_index_behind};

/// The arguments of `fabric recall`.
#[derive(Debug, Args)]
pub(super) struct RecallArgs {
    /// What to look for (words of the content, tags and metadata).
    query: Option<String>,
    /// How many memories, 1 to 100.
    #[arg(short, long, default_value_t = 5)]
    k: usize,
    /// A JSON file holding the query vector (an array of numbers), matched against the
    /// memories' embeddings.
    #[arg(long, value_name = "FILE")]
    vector_file: Option<PathBuf>,
    /// Weigh recency and importance beside relevance (the agent-memory score).
    #[arg(long)]
    agent: bool,
    #[command(flatten)]
    owner: OwnerArg,
    #[command(flatten)]
    filter: FilterArgs,
    /// One JSON object per line: score, signals and the record.
    #[arg(long)]
    json: bool,
}

/// `fabric recall`: prints the best memories, best first.
pub(super) async fn recall(home: &Path, backend: Option<&str>, args: RecallArgs) -> Result<()> {
    let vector = match &args.vector_file {
        Some(path) => Some(read_vector(path)?),
        None => None,
    };
    if args.query.is_none() && vector.is_none() {
        bail!("give a query text, --vector-file, or both");
    }
    let query = RecallQuery {
        text: args.query,
        vector,
        k: args.k,
        filter: args.filter.into_filter(Some(args.owner.owner), None),
        weights: if args.agent { RecallWeights::agent() } else { RecallWeights::default() },
    };
    let fabric = open_fabric(home, backend)?;
    warn_if_index_behind(&fabric).await;
    let outcome = fabric.recall(&query).await;
    finish(&fabric).await?;
    let hits = outcome?;
    print_each(&hits, args.json, hit_line)
}

fn read_vector(path: &Path) -> Result<Vec<f32>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the vector file {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a JSON array of numbers", path.display()))
}

/// `score  id  preview`, tab-separated.
fn hit_line(hit: &RecallHit) -> String {
    format!("{:.4}\t{}\t{}", hit.score, hit.record.id, preview(&hit.record.content))
}
