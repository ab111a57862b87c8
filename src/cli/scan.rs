//! `keyward scan`: wires a source, the scanner, the filters and a report.

use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::output::OutputArgs;
use super::size::parse_size;
use super::Verdict;
use crate::error::Result;
use crate::filter::Filters;
use crate::rules::RuleSet;
use crate::scan::{parallel, Scanner};
use crate::source::{self, paths, staged, DEFAULT_MAX_FILE_SIZE};

#[derive(Args)]
pub struct ScanArgs {
    /// Scan the staged blobs in the index (the default when no PATH is
    /// given). With PATHs, only those staged files.
    #[arg(long)]
    staged: bool,
    /// Let findings already in HEAD block too, not only those on lines the
    /// change adds.
    #[arg(long)]
    strict: bool,
    /// Skip files larger than this (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value_t = DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Run only the rules whose id starts with one of these prefixes
    /// (comma-separated, e.g. `aws,github.token,django`).
    #[arg(long, value_name = "PREFIXES", value_delimiter = ',')]
    rules: Vec<String>,
    #[command(flatten)]
    output: OutputArgs,
    /// Files or folders to scan from disk; with --staged, staged paths to limit the scan to.
    paths: Vec<PathBuf>,
}

pub fn run(args: ScanArgs) -> Result<Verdict> {
    let mut rules = RuleSet::builtin()?;
    if !args.rules.is_empty() {
        rules.retain_prefixes(&args.rules)?;
    }
    let scanner = Scanner::new(&rules);
    let filters = Filters { strict: args.strict };
    let filter = |blob: &source::Blob, findings| filters.apply(blob, findings);

    let outcome = if args.staged || args.paths.is_empty() {
        let repo = staged::open_repository()?;
        let only = match args.paths.is_empty() {
            true => None,
            false => Some(staged::repository_paths(&repo, &args.paths)?),
        };
        let loaded = staged::load(&repo, only.as_deref(), args.max_file_size)?;
        parallel::scan_all(loaded.into_par_iter().map(Ok), &scanner, filter)?
    } else {
        let entries = paths::walk(&args.paths)?;
        parallel::scan_all(
            entries
                .par_iter()
                .map(|entry| paths::load(entry, args.max_file_size)),
            &scanner,
            filter,
        )?
    };
    args.output.finish(&outcome)
}
