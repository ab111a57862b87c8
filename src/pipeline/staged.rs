//! A staged scan: the blobs the index changes against HEAD (or the named
//! ones), and the workspace analysers over the whole index, whose findings
//! are old when the same analysis of HEAD finds them too.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashSet};

use super::{absorb, Engine};
use crate::analyze::{self, Analysis};
use crate::error::Result;
use crate::finding::outcome::Outcome;
use crate::scan::{parallel, Scanner};
use crate::source::staged::Staged;
use crate::source::{Blob, Loaded};

/// Scans what is staged in `repo` (only `only`, when given) and runs the
/// workspace analysers when the change wakes one; `change` is `None` in a
/// bare repository.
pub(super) fn outcome(
    repo: &git2::Repository,
    change: Option<&Staged>,
    only: Option<&[String]>,
    engine: &Engine,
) -> Result<Outcome> {
    let Some(change) = change else {
        let mut outcome = Outcome::default();
        outcome.notices.push(format!(
            "{} is a bare repository: it has no index, so nothing is staged; `keyward history` scans its commits",
            repo.path().display()
        ));
        return Ok(outcome);
    };
    let (rules, filters) = (&engine.rules, &engine.filters);
    let scanner = Scanner::new(rules);
    let filter = |blob: &Blob, findings| filters.apply(blob, findings);
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
    let mut outcome = parallel::scan_loaded(blobs.loaded, &scanner, filter)?;
    outcome.notices.extend(blobs.unmatched.iter().map(|path| {
        format!("{path} matches nothing in the index (not staged, or deleted); nothing of it was scanned")
    }));
    outcome.notices.extend(blobs.unmerged.iter().map(|path| {
        format!("{path} is unmerged (a merge in progress): both sides of the conflict (ours and theirs) were scanned against HEAD")
    }));
    once_per_unmerged_file(&mut outcome, &blobs.unmerged);
    if analyze::wakes_on(rules, blobs.touched.iter()) {
        let workspace = change.workspace()?;
        let analysis = analyze::analyze_workspace(&workspace, rules, Some(&blobs.touched));
        // A workspace finding is old when HEAD already had it.
        let old: BTreeSet<String> = match &change.head {
            Some(tree) if !analysis.findings.is_empty() => analyze::analyze_workspace(
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
        let analysis = Analysis {
            findings,
            notes: analysis.notes,
            notices: analysis.notices,
        };
        absorb(&mut outcome, analysis, engine);
    }
    Ok(outcome)
}

/// Both sides of a conflict are scanned as blobs of one path, and often
/// share a finding: report it once, blocking if either side blocks.
fn once_per_unmerged_file(outcome: &mut Outcome, unmerged: &[String]) {
    if unmerged.is_empty() {
        return;
    }
    // Blocking findings first (the sort is stable), so the one kept blocks.
    outcome.findings.sort_by_key(|finding| Reverse(finding.severity));
    let mut seen = HashSet::new();
    outcome.findings.retain(|finding| {
        unmerged.binary_search(&finding.path).is_err()
            || seen.insert((finding.path.clone(), finding.fingerprint.clone()))
    });
    outcome.sort();
}
