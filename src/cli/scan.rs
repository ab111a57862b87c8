//! `keyward scan`: wires a source, the scanner, the filters and a report.

use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::engine::{ConfigArgs, Place};
use super::output::OutputArgs;
use super::Verdict;
use crate::error::Result;
use crate::scan::{parallel, Scanner};
use crate::source::{self, paths, staged};

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
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Files or folders to scan from disk; with --staged, staged paths to limit the scan to.
    paths: Vec<PathBuf>,
}

pub fn run(args: ScanArgs) -> Result<Verdict> {
    let staged_scan = args.staged || args.paths.is_empty();
    let repo = match staged_scan {
        true => Some(staged::open_repository()?),
        false => None,
    };
    let mut engine = args.config.load(match &repo {
        Some(repo) => Place::Index(repo),
        None => Place::Disk,
    })?;
    engine.use_baseline()?;
    engine.filters.strict = args.strict;
    let scanner = Scanner::new(&engine.rules);
    let filters = &engine.filters;
    let filter = |blob: &source::Blob, findings| filters.apply(blob, findings);

    let outcome = match &repo {
        Some(repo) => {
            let only = match args.paths.is_empty() {
                true => None,
                false => Some(staged::repository_paths(repo, &args.paths)?),
            };
            let loaded = staged::load(repo, only.as_deref(), engine.max_file_size)?;
            parallel::scan_all(loaded.into_par_iter().map(Ok), &scanner, filter)?
        }
        None => {
            let entries = paths::walk(&args.paths)?;
            parallel::scan_all(
                entries
                    .par_iter()
                    .map(|entry| paths::load(entry, engine.max_file_size)),
                &scanner,
                filter,
            )?
        }
    };
    args.output.finish(&outcome, &engine.rules)
}
