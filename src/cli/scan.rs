//! `keyward scan`: wires a source, the scanner, the analysers, the filters
//! and a report. [`staged_outcome`] and [`disk_outcome`] are the two scans;
//! `keyward baseline` runs the first over the whole index.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::engine::{ConfigArgs, Engine, Place};
use super::output::OutputArgs;
use super::Verdict;
use crate::analyze::django;
use crate::error::Result;
use crate::finding::Finding;
use crate::scan::parallel::{self, Outcome};
use crate::scan::Scanner;
use crate::source::staged::{self, Staged};
use crate::source::workspace::DiskWorkspace;
use crate::source::{self, paths, Loaded};

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
    let staged_scan = args.staged || args.paths.is_empty();
    let repo = match staged_scan {
        true => Some(source::open_repository(
            "run keyward inside one, or name files to scan: keyward scan PATH",
        )?),
        false => None,
    };
    let mut engine = args.config.load(match &repo {
        Some(repo) => Place::Index(repo),
        None => Place::Disk,
    })?;
    engine.use_baseline()?;
    engine.filters.strict = args.strict;
    if !args.rules.is_empty() {
        engine.rules.retain_prefixes(&args.rules)?;
    }
    let outcome = match &repo {
        Some(repo) => {
            let only = match args.paths.is_empty() {
                true => None,
                false => Some(staged::repository_paths(repo, &args.paths)?),
            };
            staged_outcome(repo, only.as_deref(), &engine)?
        }
        None => disk_outcome(&args.paths, &engine)?,
    };
    args.output.finish(&outcome, &engine.rules)
}

/// Scans what is staged (only `only`, when given) and runs the settings
/// analysis when a Python file is among them.
pub fn staged_outcome(repo: &git2::Repository, only: Option<&[String]>, engine: &Engine) -> Result<Outcome> {
    let Some(change) = Staged::open(repo)? else {
        return Ok(Outcome::default()); // Bare: nothing is staged.
    };
    let (rules, filters) = (&engine.rules, &engine.filters);
    let scanner = Scanner::new(rules);
    let filter = |blob: &source::Blob, findings| filters.apply(blob, findings);
    let blobs = change.load(only, engine.max_file_size)?;
    // Named files the change does not touch are read whole: all their
    // findings count, even those HEAD already had (`--all-files`).
    let whole: BTreeSet<String> = blobs
        .loaded
        .iter()
        .filter_map(|loaded| match loaded {
            Loaded::Blob(blob) if blob.added_lines.is_none() => Some(blob.path.clone()),
            _ => None,
        })
        .collect();
    let mut outcome = parallel::scan_all(blobs.loaded.into_par_iter().map(Ok), &scanner, filter)?;
    if blobs.touched.iter().any(|path| path.ends_with(".py")) {
        let workspace = change.workspace();
        let analysis = django::analyze(&workspace, rules, Some(&blobs.touched));
        // A settings finding is old when HEAD already had it.
        let old: BTreeSet<String> = match &change.head {
            Some(tree) if !analysis.findings.is_empty() => django::analyze(
                &workspace.with_tree(tree, &blobs.renamed),
                rules,
                Some(&blobs.touched),
            )
            .findings
            .into_iter()
            .map(|finding| finding.fingerprint)
            .collect(),
            _ => BTreeSet::new(),
        };
        let findings = analysis
            .findings
            .into_iter()
            .map(|finding| {
                let is_old = old.contains(&finding.fingerprint) && !whole.contains(&finding.path);
                filters.grade(finding, is_old)
            })
            .collect();
        absorb(&mut outcome, findings, analysis.notes, engine);
    }
    Ok(outcome)
}

/// Scans files and folders on disk, with the settings analysis.
pub fn disk_outcome(roots: &[PathBuf], engine: &Engine) -> Result<Outcome> {
    let (rules, filters) = (&engine.rules, &engine.filters);
    let scanner = Scanner::new(rules);
    let filter = |blob: &source::Blob, findings| filters.apply(blob, findings);
    let entries = paths::walk(roots)?;
    let mut outcome = parallel::scan_all(
        entries
            .par_iter()
            .map(|entry| paths::load(entry, engine.max_file_size)),
        &scanner,
        filter,
    )?;
    let workspace = DiskWorkspace::new(entries.iter().filter_map(paths::Entry::file));
    let analysis = django::analyze(&workspace, rules, None);
    absorb(&mut outcome, analysis.findings, analysis.notes, engine);
    Ok(outcome)
}

/// Adds the analysers' findings, then silences: a settings finding that is
/// allowed or baselined must still shadow the generic rule's report of the
/// same place, or it would come back under another name.
pub fn absorb(outcome: &mut Outcome, findings: Vec<Finding>, notes: Vec<String>, engine: &Engine) {
    outcome.absorb(findings, notes, &engine.rules);
    outcome
        .findings
        .retain(|finding| !engine.filters.silences(finding));
}
