//! `keyward scan`: what is staged, or files and folders on disk
//! ([`crate::pipeline::scan`]).

use std::path::PathBuf;

use clap::Args;

use super::args::{ConfigArgs, RuleSelection};
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
    #[command(flatten)]
    rules: RuleSelection,
    #[command(flatten)]
    output: OutputArgs,
    /// Files or folders to scan from disk; with --staged, staged paths to limit the scan to.
    paths: Vec<PathBuf>,
}

pub(crate) fn run(args: ScanArgs, quiet: bool) -> Result<Verdict> {
    let (outcome, engine) = pipeline::scan(&ScanRequest {
        staged: args.staged || args.paths.is_empty(),
        strict: args.strict,
        rules: args.rules.prefixes,
        paths: args.paths,
        setup: args.config.setup(),
    })?;
    args.output.finish(&outcome, &engine.rules, quiet)
}
