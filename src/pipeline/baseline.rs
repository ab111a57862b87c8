//! `keyward baseline`: every finding of the index, scanned whole (what the
//! next commit would contain, tracked files only), with the configuration's
//! rules and allowlists but not the old baseline, recorded in the baseline
//! file. Old entries stay unless `prune` drops those nothing matches any
//! more.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{staged, Place, Setup};
use crate::error::{Error, Result};
use crate::filter::baseline::{self, Baseline, Entry};
use crate::source::{self, staged::Staged};

/// What was written.
pub(crate) struct Recorded {
    pub(crate) path: PathBuf,
    pub(crate) entries: usize,
    pub(crate) added: usize,
    pub(crate) dropped: usize,
    /// Written where scans find it by themselves (`.keyward-baseline.json`
    /// at the root), rather than where only the configuration or
    /// `--baseline` can point them.
    pub(crate) found_by_itself: bool,
}

pub(crate) fn record(setup: &Setup, prune: bool) -> Result<Recorded> {
    let repo = source::open_repository("run keyward baseline inside the repository to record")?;
    let change = Staged::open(&repo).map_err(|err| source::explain(&repo, err))?;
    let engine = setup.load(Place::Index(&repo, change.as_ref().map(|change| &change.index)))?;
    let path = engine
        .baseline
        .clone()
        .unwrap_or_else(|| engine.root.join(baseline::FILE_NAME));
    let old = match path.exists() {
        true => Baseline::load(&path)?,
        false => Baseline::default(),
    };

    let every = match &change {
        Some(change) => change.paths()?,
        None => Vec::new(),
    };
    let outcome = staged::outcome(&repo, change.as_ref(), Some(&every), &engine)
        .map_err(|err| source::explain(&repo, err))?;

    let found: Vec<Entry> = outcome.findings.iter().map(Entry::of).collect();
    let current: BTreeSet<&str> = found.iter().map(|entry| entry.fingerprint.as_str()).collect();
    let known = old.fingerprints();
    let added = current.iter().filter(|print| !known.contains(**print)).count();
    let stale: Vec<Entry> = old
        .findings
        .iter()
        .filter(|entry| !current.contains(entry.fingerprint.as_str()))
        .cloned()
        .collect();
    let dropped = if prune { stale.len() } else { 0 };
    let kept_stale = if prune { Vec::new() } else { stale };
    let new = Baseline::new(found.into_iter().chain(kept_stale));
    std::fs::write(&path, new.to_json()).map_err(|err| Error::io("cannot write the baseline", &path, err))?;
    Ok(Recorded {
        found_by_itself: path == engine.root.join(baseline::FILE_NAME),
        path,
        entries: new.findings.len(),
        added,
        dropped,
    })
}
