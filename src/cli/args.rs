//! The configuration flags every scanning command flattens into its own,
//! and the rule selection of `scan` and `history`.

use std::path::PathBuf;

use clap::Args;

use crate::config::size::parse_size;
use crate::pipeline::Setup;

#[derive(Args)]
pub(crate) struct ConfigArgs {
    /// Read the configuration from FILE (also: $KEYWARD_CONFIG) instead of
    /// `.keyward.toml` or the `[tool.keyward]` table of `pyproject.toml` at
    /// the repository root (which a staged scan reads from the index).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The baseline file (default: the configuration's `baseline`, else
    /// `.keyward-baseline.json` at the repository root when it exists).
    /// Scans skip the findings recorded in it; `keyward baseline` writes it.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Skip files larger than this (bytes, or with a K, M or G suffix; default 5M).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_file_size: Option<u64>,
}

#[derive(Args)]
pub(crate) struct RuleSelection {
    /// Run only the rules whose id starts with one of these prefixes
    /// (comma-separated, e.g. `aws,github.token,django`).
    #[arg(long = "rules", value_name = "PREFIXES", value_delimiter = ',')]
    pub(crate) prefixes: Vec<String>,
}

impl ConfigArgs {
    pub(crate) fn setup(&self) -> Setup {
        Setup {
            config: self.config.clone(),
            baseline: self.baseline.clone(),
            max_file_size: self.max_file_size,
        }
    }
}
