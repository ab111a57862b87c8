//! `keyward scan`: what is staged, or files and folders on disk
//! ([`crate::pipeline::scan`]).

use std::path::PathBuf;

use clap::Args;

use super::args::ConfigArgs;
use super::output::OutputArgs;
use super::Verdict;
use crate::error::Result;
use crate::pipeline::{self, ScanRequest};

#[derive(Args)]
pub(crate) struct ScanArgs {
    /// Scan the staged blobs in the index (the default when no PATH is
    /// given). With PATHs, only those staged files.
    #[arg(long)]
    staged: bool,
    /// Let findings already in HEAD block too, not only those on lines the
    /// change adds.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    config: ConfigArgs,
    /// Run only the rules whose id starts with one of these prefixes
    /// (comma-separated, e.g. `aws,github.token,django`).
    #[arg(long, value_name = "PREFIXES", value_delimiter = ',')]
    rules: Vec<String>,
    #[command(flatten)]
    output: OutputArgs,
    /// Files or folders to scan from disk; with --staged, staged paths to limit the scan to.
    paths: Vec<PathBuf>,
}

pub(crate) fn run(args: ScanArgs) -> Result<Verdict> {
    let (outcome, engine) = pipeline::scan(&ScanRequest {
        staged: args.staged || args.paths.is_empty(),
        strict: args.strict,
        rules: args.rules,
        paths: args.paths,
        setup: args.config.setup(),
    })?;
    args.output.finish(&outcome, &engine.rules)
}
