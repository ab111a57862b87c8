//! `keyward scan`: wires a source, the scanner, the filters and a report.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::output::OutputArgs;
use super::size::parse_size;
use super::Verdict;
use crate::analyze::django;
use crate::error::Result;
use crate::filter::Filters;
use crate::rules::RuleSet;
use crate::scan::parallel::{self, Outcome};
use crate::scan::Scanner;
use crate::source::staged::{self, Staged};
use crate::source::workspace::DiskWorkspace;
use crate::source::{self, paths, DEFAULT_MAX_FILE_SIZE};

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
    #[command(flatten)]
    output: OutputArgs,
    /// Files or folders to scan from disk; with --staged, staged paths to limit the scan to.
    paths: Vec<PathBuf>,
}

pub fn run(args: ScanArgs) -> Result<Verdict> {
    let rules = RuleSet::builtin()?;
    let scanner = Scanner::new(&rules);
    let filters = Filters { strict: args.strict };
    let filter = |blob: &source::Blob, findings| filters.apply(blob, findings);

    let outcome = if args.staged || args.paths.is_empty() {
        let repo =
            source::open_repository("run keyward inside one, or name files to scan: keyward scan PATH")?;
        let Some(change) = Staged::open(&repo)? else {
            return args.output.finish(&Outcome::default()); // Bare: nothing is staged.
        };
        let only = match args.paths.is_empty() {
            true => None,
            false => Some(staged::repository_paths(&repo, &args.paths)?),
        };
        let blobs = change.load(only.as_deref(), args.max_file_size)?;
        let mut outcome = parallel::scan_all(blobs.loaded.into_par_iter().map(Ok), &scanner, filter)?;
        if blobs.touched.iter().any(|path| path.ends_with(".py")) {
            let workspace = change.workspace();
            let analysis = django::analyze(&workspace, &rules, Some(&blobs.touched));
            // A settings finding is old when HEAD already had it.
            let old: BTreeSet<String> = match &change.head {
                Some(tree) if !analysis.findings.is_empty() => django::analyze(
                    &workspace.with_tree(tree, &blobs.renamed),
                    &rules,
                    Some(&blobs.touched),
                )
                .findings
                .into_iter()
                .map(|finding| finding.fingerprint)
                .collect(),
                _ => BTreeSet::new(),
            };
            let findings =
                filters.apply_with(analysis.findings, |finding| old.contains(&finding.fingerprint));
            outcome.absorb(findings, analysis.notes, &rules);
        }
        outcome
    } else {
        let entries = paths::walk(&args.paths)?;
        let mut outcome = parallel::scan_all(
            entries
                .par_iter()
                .map(|entry| paths::load(entry, args.max_file_size)),
            &scanner,
            filter,
        )?;
        let workspace = DiskWorkspace::new(entries.iter().filter_map(paths::Entry::file));
        let analysis = django::analyze(&workspace, &rules, None);
        let findings = filters.apply_with(analysis.findings, |_| false);
        outcome.absorb(findings, analysis.notes, &rules);
        outcome
    };
    args.output.finish(&outcome)
}
