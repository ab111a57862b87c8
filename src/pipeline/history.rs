//! A history scan: every unique blob reachable from the refs (or a range
//! of commits), scanned once; the workspace analysers run on the tree of
//! each commit that brought in a file they judge; each finding is traced
//! back to the commit that brought it in, and the same secret in many
//! blobs is one finding.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use git2::Repository;
use rayon::prelude::*;

use super::{absorb, Engine, Place, Setup};
use crate::analyze::{self, python, Analysis};
use crate::error::{Error, Result};
use crate::filter::keep_earliest;
use crate::finding::outcome::Outcome;
use crate::rules::RuleSet;
use crate::scan::{parallel, Scanner};
use crate::source::history::{self, provenance, History, Selection};
use crate::source::workspace::{Paths, TreeWorkspace};
use crate::source::{self, Loaded, SkipReason};

/// Who watches a long scan: notes about what it could not do, and progress.
pub(crate) trait Watch: Sync {
    fn note(&self, text: String);
    /// The commits are being walked; how many files that yields is not
    /// known yet.
    fn walk(&self);
    /// The walk is done: `files` unique blobs are to be read (the summary's
    /// "files scanned" counts them, less those skipped).
    fn start(&self, files: usize);
    fn advance(&self, loaded: &Result<Loaded>);
    fn finish(&self);
}

/// Runs `keyward history`; the outcome and the engine it ran with.
pub(crate) fn scan(
    repo: &Repository,
    selection: &Selection,
    setup: &Setup,
    rules: &[String],
    watch: &dyn Watch,
) -> Result<(Outcome, Engine)> {
    watch.walk();
    let walked = history::walk(repo, selection).map_err(|err| source::explain(repo, err))?;
    if walked.commits.is_empty() {
        watch.note(match selection {
            Selection::Range(spec) => format!("{spec} holds no commits; nothing to scan"),
            _ => "the repository has no commits yet; nothing to scan".into(),
        });
    }
    if repo.is_shallow() {
        watch.note(format!(
            "shallow clone: scanned the {} commits present, not the history before them; `git fetch --unshallow` fetches it",
            walked.commits.len()
        ));
    }

    let mut engine = setup.load(Place::Disk)?;
    engine.use_baseline()?;
    if !rules.is_empty() {
        engine.rules.retain_prefixes(rules)?;
    }
    let (rules, filters) = (&engine.rules, &engine.filters);
    let scanner = Scanner::for_volume(rules);
    watch.start(walked.blobs.len());
    let blobs = history::read(repo.path(), &walked.blobs, engine.max_file_size)
        .inspect(|loaded| watch.advance(loaded));
    // The settings analysis of each commit runs beside the blob scan, on
    // threads of its own: neither waits for the other.
    let git_dir = repo.path();
    let (scanned, analysis) = std::thread::scope(|scope| {
        let analysis = scope.spawn(|| as_committed(git_dir, &walked, rules));
        let scanned = parallel::scan_all(blobs, &scanner, |blob, findings| filters.apply(blob, findings));
        (
            scanned,
            analysis.join().expect("the settings analysis does not panic"),
        )
    });
    let mut outcome = scanned?;
    watch.finish();
    account_for_gaps(repo, &mut outcome);
    outcome.skipped.extend(walked.skipped.iter().cloned());
    absorb(&mut outcome, analysis?, &engine);

    let targets = outcome.findings.iter().filter_map(|finding| finding.object);
    let origins = provenance::origins(repo, &walked, targets).map_err(|err| source::explain(repo, err))?;
    for finding in &mut outcome.findings {
        finding.origin = finding.object.and_then(|id| origins.of(id));
    }
    outcome.findings = keep_earliest(std::mem::take(&mut outcome.findings));
    Ok((outcome, engine))
}

/// Blobs that could not be read were skipped so that everything else is
/// reported. In a partial clone, absent blobs are by design: a notice says
/// how many and how to fetch them. Anywhere else each one is a fault, and
/// the scan exits 2 after its report.
fn account_for_gaps(repo: &Repository, outcome: &mut Outcome) {
    let gaps: Vec<(&str, bool)> = outcome
        .skipped
        .iter()
        .filter_map(|skipped| match &skipped.reason {
            SkipReason::Unreadable { missing, .. } => Some((skipped.path.as_str(), *missing)),
            _ => None,
        })
        .collect();
    if gaps.is_empty() {
        return;
    }
    let promisor = promisor_remote(repo);
    if let Some(remote) = promisor
        .as_deref()
        .filter(|_| gaps.iter().all(|(_, missing)| *missing))
    {
        let first: Vec<&str> = gaps.iter().take(3).map(|(path, _)| *path).collect();
        let more = match gaps.len() > first.len() {
            true => ", ...",
            false => "",
        };
        outcome.notices.push(format!(
            "partial clone: {} not fetched, so not scanned ({}{more}); `git backfill` (git 2.49+) or `git fetch --refetch {remote}` after removing its filter (`git config --unset remote.{remote}.partialclonefilter`) fetches them",
            match gaps.len() {
                1 => "1 blob is".to_string(),
                n => format!("{n} blobs are"),
            },
            first.join(", ")
        ));
        return;
    }
    outcome.faults = outcome
        .skipped
        .iter()
        .filter_map(|skipped| match skipped.reason {
            SkipReason::Unreadable { id, .. } => Some(match source::damage(repo, Some(id)) {
                Some(cause) => format!("{}: {} ({cause})", skipped.path, skipped.reason),
                None => format!("{}: {}", skipped.path, skipped.reason),
            }),
            _ => None,
        })
        .collect();
}

/// The remote a partial clone fetches missing objects from, if this is one
/// (`extensions.partialClone`, or a remote marked `promisor`).
fn promisor_remote(repo: &Repository) -> Option<String> {
    let config = repo.config().ok()?.snapshot().ok()?;
    if let Ok(remote) = config.get_string("extensions.partialclone") {
        return Some(remote);
    }
    let remotes = repo.remotes().ok()?;
    (0..remotes.len())
        .filter_map(|index| remotes.get(index).ok().flatten())
        .find(|name| {
            config
                .get_bool(&format!("remote.{name}.promisor"))
                .unwrap_or(false)
        })
        .map(str::to_string)
}

/// How many runs of commits [`as_committed`] cuts for each thread: later
/// commits have more files and cost more, so runs are handed out as
/// threads come free, and each run starts with nothing parsed.
const RUNS_PER_THREAD: usize = 4;

/// Runs the workspace analysers for every commit that first brought in a
/// file they judge, on that commit's tree, so that `from .base import *`
/// resolves as it did then. The tree is listed by the paths the walk saw,
/// so no tree is walked twice. Also what the analysers must tell the user.
/// (Their `-v` notes are left out: per commit, they would repeat.)
///
/// The commits are cut into runs, analysed on one thread per core: once
/// the blob scan is done the analysis has every core (on saleor it is most
/// of the work). Each commit's findings depend on its tree alone, so the
/// runs' findings, put back in order, are what one run finds.
fn as_committed(git_dir: &Path, walked: &History, rules: &RuleSet) -> Result<Analysis> {
    let mut by_commit: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for blob in walked
        .blobs
        .iter()
        .filter(|blob| analyze::judges(rules, &blob.path))
    {
        by_commit
            .entry(blob.commit)
            .or_default()
            .insert(blob.path.clone());
    }
    if by_commit.is_empty() {
        return Ok(Analysis::default());
    }
    let mut paths: Vec<String> = walked.blobs.iter().map(|blob| blob.path.clone()).collect();
    paths.sort_unstable();
    paths.dedup();
    let paths = Paths::new(paths);
    let commits: Vec<(u32, BTreeSet<String>)> = by_commit.into_iter().collect();
    let threads = rayon::current_num_threads();
    let runs: Vec<&[(u32, BTreeSet<String>)]> = commits
        .chunks(commits.len().div_ceil(threads * RUNS_PER_THREAD))
        .collect();
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Analysis)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(runs.len()))
            .map(|_| {
                scope.spawn(|| {
                    // Its own pool, one thread: an analyser's parallel
                    // loop (authorization's, over the views) would
                    // otherwise queue behind the blob scan in the global
                    // pool (on a loaded machine it waited for all of it,
                    // then ran alone).
                    let own = rayon::ThreadPoolBuilder::new()
                        .num_threads(1)
                        .use_current_thread()
                        .build()
                        .map_err(|err| {
                            Error::new(format!("cannot start a settings analysis thread: {err}"))
                        })?;
                    own.install(|| {
                        // A handle to the repository is not shared between threads.
                        let repo = Repository::open(git_dir)
                            .map_err(|err| Error::git("cannot open the repository a second time", err))?;
                        let mut done = Vec::new();
                        // The latest runs first: they cost the most, and
                        // the last to be handed out should be short.
                        loop {
                            let taken = next.fetch_add(1, Ordering::Relaxed);
                            let Some(at) = runs.len().checked_sub(taken + 1) else {
                                return Ok(done);
                            };
                            done.push((at, analyse_run(&repo, walked, &paths, runs[at], rules)?));
                        }
                    })
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("the settings analysis does not panic"))
            .collect::<Result<Vec<Vec<_>>>>()
    })?
    .into_iter()
    .flatten()
    .collect();
    done.sort_unstable_by_key(|(at, _)| *at);
    let mut analysis = Analysis::default();
    for (_, run) in done {
        analysis.findings.extend(run.findings);
        analysis.notices.extend(run.notices);
    }
    Ok(analysis)
}

/// [`as_committed`] for one run of commits.
fn analyse_run(
    repo: &Repository,
    walked: &History,
    paths: &Paths,
    commits: &[(u32, BTreeSet<String>)],
    rules: &RuleSet,
) -> Result<Analysis> {
    let no_renames = BTreeMap::new();
    let mut findings = Vec::new();
    let mut notices = Vec::new();
    // A commit shares most of its settings files with the one analysed
    // before it: their parses are kept from one commit to the next.
    let kept = python::Kept::new();
    for (commit, focus) in commits {
        kept.next_generation();
        let id = walked.commits[*commit as usize];
        let tree = repo
            .find_tree(walked.trees[*commit as usize])
            .map_err(|err| Error::git(format!("cannot read the tree of commit {id}"), err))?;
        let workspace = TreeWorkspace::new(repo, &tree, paths, &no_renames);
        let analysis = analyze::analyze_workspace(&workspace, rules, Some(focus));
        notices.extend(analysis.notices);
        for mut finding in analysis.findings {
            finding.object = tree
                .get_path(Path::new(&finding.path))
                .ok()
                .map(|entry| entry.id());
            findings.push(finding);
        }
    }
    Ok(Analysis {
        findings,
        notes: Vec::new(),
        notices,
    })
}
