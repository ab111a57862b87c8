//! The one place that wires the stages for each entry point:
//! source → scan and analyse → filter → [`Outcome`]. Each command line
//! subcommand parses its arguments, calls one function here and reports
//! the outcome:
//!
//! - [`scan`]: what is staged ([`staged`]), files on disk ([`disk`]) or
//!   standard input ([`stdin`]);
//! - [`history::scan`]: every blob of a repository's history;
//! - [`baseline::record`]: every finding of the index, into the baseline;
//! - [`install::install`]: the git hook that runs the staged scan.
//!
//! [`Engine`] is what they all set up first: the configuration, the rules
//! and filters it yields, the size limit and the baseline.

pub(crate) mod baseline;
mod disk;
mod engine;
pub(crate) mod explain;
pub(crate) mod history;
pub(crate) mod install;
mod staged;
mod stdin;

use std::path::PathBuf;

pub(crate) use engine::{Engine, Place, Setup};

use crate::analyze::{python, Analysis};
use crate::error::Result;
use crate::finding::outcome::Outcome;
use crate::finding::shown::share_secrets;
use crate::scan::drop_shadowed;
use crate::source;
use crate::source::staged::{repository_paths, Staged};

/// What `keyward scan` was asked to do.
pub(crate) struct ScanRequest {
    /// Scan the index (with `paths`, only those staged files); otherwise
    /// `paths` on disk.
    pub(crate) staged: bool,
    /// Findings already in HEAD block too.
    pub(crate) strict: bool,
    /// Rule id prefixes to keep (none: every rule).
    pub(crate) rules: Vec<String>,
    pub(crate) paths: Vec<PathBuf>,
    /// Scan standard input as one file of this name, instead of `paths`.
    pub(crate) stdin: Option<String>,
    pub(crate) setup: Setup,
}

/// Runs `keyward scan`; the outcome and the engine it ran with.
pub(crate) fn scan(request: &ScanRequest) -> Result<(Outcome, Engine)> {
    let repo = match request.staged {
        true => Some(source::open_repository(
            "run keyward inside one, or name files to scan: keyward scan PATH",
        )?),
        false => None,
    };
    // The index is read once, for the configuration and for the scan. A
    // scan is its process's one job, and the exit frees the index: its
    // cache-tree is thousands of small allocations, freed one by one in 3%
    // of a hook's time in a large repository.
    let change = match &repo {
        Some(repo) => Staged::open(repo).map_err(|err| source::explain(repo, err))?,
        None => None,
    };
    let change = std::mem::ManuallyDrop::new(change);
    let mut engine = request.setup.load(match &repo {
        Some(repo) => Place::Index(repo, change.as_ref().map(|change| &change.index)),
        None => Place::Disk,
    })?;
    engine.use_baseline()?;
    engine.filters.strict = request.strict;
    if !request.rules.is_empty() {
        engine.rules.retain_prefixes(&request.rules)?;
    }
    // The analysers that run on this thread (all of them, for a hook's
    // change) parse each file once between them.
    let _parses = python::Kept::new();
    let outcome = match &repo {
        Some(repo) => {
            let only = match request.paths.is_empty() {
                true => None,
                false => Some(repository_paths(repo, &request.paths)?),
            };
            staged::outcome(repo, change.as_ref(), only.as_deref(), &engine)
                .map_err(|err| source::explain(repo, err))?
        }
        None => match &request.stdin {
            Some(name) => stdin::outcome(name, &engine)?,
            None => disk::outcome(&request.paths, &engine)?,
        },
    };
    Ok((outcome, engine))
}

/// Adds what the analysers found: their findings, one report per place
/// across detectors (the analysers' first: they know the context), then
/// silences (a settings finding that is allowed or baselined must still
/// shadow the generic rule's report of the same place, or it would come
/// back under another name); their `-v` notes; and what they must tell the
/// user, each once per run (history runs them on many trees).
fn absorb(outcome: &mut Outcome, analysis: Analysis, engine: &Engine) {
    let Analysis {
        mut findings,
        notes,
        notices,
    } = analysis;
    findings.append(&mut outcome.findings);
    share_secrets(&mut findings);
    drop_shadowed(&mut findings, &engine.rules);
    findings.retain(|finding| !engine.filters.silences(finding));
    outcome.findings = findings;
    outcome.notes.extend(notes);
    for notice in notices {
        if !outcome.notices.contains(&notice) {
            outcome.notices.push(notice);
        }
    }
    outcome.sort();
}
