//! `keyward history`: every unique blob reachable from the refs (or a
//! range of commits), scanned once, each finding traced back to the commit
//! that brought it in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use clap::Args;
use git2::Repository;
use rayon::prelude::*;

use super::engine::{ConfigArgs, Place};
use super::output::OutputArgs;
use super::progress::Progress;
use super::scan::absorb;
use super::Verdict;
use crate::analyze::django::{self, modules};
use crate::error::{git_message, Error, Result};
use crate::filter::keep_earliest;
use crate::finding::Finding;
use crate::rules::RuleSet;
use crate::scan::{parallel, Scanner};
use crate::source;
use crate::source::history::{self, provenance, History, Selection};
use crate::source::workspace::TreeWorkspace;

#[derive(Args)]
pub struct HistoryArgs {
    /// Scan only what is reachable from this branch, tag or commit.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["all", "range"])]
    branch: Option<String>,
    /// Scan everything reachable from every branch, tag and remote-tracking ref (the default).
    #[arg(long, conflicts_with = "range")]
    all: bool,
    /// No progress bar and no notes on stderr.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Only the blobs that the commits in A..B introduce (for CI on a pull request).
    #[arg(value_name = "A..B")]
    range: Option<String>,
}

pub fn run(args: HistoryArgs) -> Result<Verdict> {
    let repo = source::open_repository("run keyward history inside the repository to scan")?;
    let selection = match (args.branch, args.range) {
        (Some(name), _) => Selection::Branch(name),
        (None, Some(spec)) => Selection::Range(spec),
        (None, None) => Selection::All,
    };
    let walked = history::walk(&repo, &selection)?;
    let note = |text: String| {
        if !args.quiet {
            eprintln!("keyward: note: {text}");
        }
    };
    if walked.commits.is_empty() {
        note(match selection {
            Selection::Range(spec) => format!("{spec} holds no commits; nothing to scan"),
            _ => "the repository has no commits yet; nothing to scan".into(),
        });
    }
    if repo.is_shallow() {
        note(format!(
            "shallow clone: scanned the {} commits present, not the history before them; `git fetch --unshallow` fetches it",
            walked.commits.len()
        ));
    }

    let mut engine = args.config.load(Place::Disk)?;
    engine.use_baseline()?;
    let (rules, filters) = (&engine.rules, &engine.filters);
    let scanner = Scanner::new(rules);
    let progress = Progress::new(walked.blobs.len(), args.quiet);
    let blobs = history::read(repo.path(), &walked.blobs, engine.max_file_size)
        .inspect(|loaded| progress.advance(loaded));
    let mut outcome = parallel::scan_all(blobs, &scanner, |blob, findings| filters.apply(blob, findings))?;
    progress.finish();
    outcome.skipped.extend(walked.skipped.iter().cloned());
    let analysis = settings_as_committed(&repo, &walked, rules)?;
    absorb(&mut outcome, analysis, Vec::new(), &engine);

    let targets = outcome
        .findings
        .iter()
        .filter_map(|finding| finding.object)
        .collect();
    let origins = provenance::origins(&repo, &walked, &targets)?;
    for finding in &mut outcome.findings {
        finding.origin = finding.object.and_then(|id| origins.get(&id).cloned());
    }
    outcome.findings = keep_earliest(std::mem::take(&mut outcome.findings));
    args.output.finish(&outcome, rules)
}

/// Runs the settings analysis for every commit that first brought in a
/// settings module or entry point, on that commit's tree, so that
/// `from .base import *` resolves as it did then. The tree is listed by the
/// paths the walk saw, so no tree is walked twice.
fn settings_as_committed(repo: &Repository, walked: &History, rules: &RuleSet) -> Result<Vec<Finding>> {
    let mut by_commit: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for blob in walked
        .blobs
        .iter()
        .filter(|blob| modules::is_relevant(&blob.path))
    {
        by_commit
            .entry(blob.commit)
            .or_default()
            .insert(blob.path.clone());
    }
    if by_commit.is_empty() {
        return Ok(Vec::new());
    }
    let mut paths: Vec<String> = walked.blobs.iter().map(|blob| blob.path.clone()).collect();
    paths.sort_unstable();
    paths.dedup();
    let no_renames = BTreeMap::new();
    let mut findings = Vec::new();
    for (commit, focus) in by_commit {
        let id = walked.commits[commit as usize];
        let tree = repo
            .find_commit(id)
            .and_then(|commit| commit.tree())
            .map_err(|err| {
                Error::new(format!(
                    "cannot read the tree of commit {id}: {}",
                    git_message(&err)
                ))
            })?;
        let workspace = TreeWorkspace::new(repo, &tree, &paths, &no_renames);
        for mut finding in django::analyze(&workspace, rules, Some(&focus)).findings {
            finding.object = tree
                .get_path(Path::new(&finding.path))
                .ok()
                .map(|entry| entry.id());
            findings.push(finding);
        }
    }
    Ok(findings)
}
