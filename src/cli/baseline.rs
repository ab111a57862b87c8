//! `keyward baseline`: records every current finding in the baseline file
//! so later scans skip them. It scans every file in the index whole (what
//! the next commit would contain, tracked files only), with the
//! configuration's rules and allowlists but not the old baseline, and keeps
//! the old entries unless `--prune` drops those nothing matches any more.

use std::collections::BTreeSet;

use clap::Args;

use super::engine::{ConfigArgs, Place};
use super::scan::staged_outcome;
use super::Verdict;
use crate::error::{Error, Result};
use crate::filter::baseline::{self, Baseline, Entry};
use crate::source::staged;

#[derive(Args)]
pub struct BaselineArgs {
    /// Drop the entries that no longer match any finding.
    #[arg(long)]
    prune: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

pub fn run(args: BaselineArgs) -> Result<Verdict> {
    let repo = crate::source::open_repository("run keyward baseline inside the repository to record")?;
    let engine = args.config.load(Place::Index(&repo))?;
    let path = engine
        .baseline
        .clone()
        .unwrap_or_else(|| engine.root.join(baseline::FILE_NAME));
    let old = match path.exists() {
        true => Baseline::load(&path)?,
        false => Baseline::default(),
    };

    let every = staged::index_paths(&repo)?;
    let outcome = staged_outcome(&repo, Some(&every), &engine)?;

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
    let dropped = if args.prune { stale.len() } else { 0 };
    let kept_stale = if args.prune { Vec::new() } else { stale };
    let new = Baseline::new(found.into_iter().chain(kept_stale));
    std::fs::write(&path, new.to_json())
        .map_err(|err| Error::new(format!("cannot write the baseline {}: {err}", path.display())))?;
    println!(
        "keyward: wrote {} with {} finding{} ({added} new, {dropped} pruned)",
        path.display(),
        new.findings.len(),
        if new.findings.len() == 1 { "" } else { "s" },
    );
    Ok(Verdict::Clean)
}
