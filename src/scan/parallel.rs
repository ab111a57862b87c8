//! Scans blobs on every core. Each blob is loaded, scanned and filtered on
//! the same thread and dropped straight after, so memory holds findings,
//! not files.

use rayon::prelude::*;

use super::{drop_shadowed, Scanner};
use crate::error::Result;
use crate::finding::Finding;
use crate::rules::RuleSet;
use crate::source::{Blob, Loaded, Skipped};

/// What a whole scan produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
    /// Blobs actually scanned.
    pub scanned: usize,
    pub bytes: u64,
    /// How analysers decided (which settings module is production, and why).
    pub notes: Vec<String>,
}

impl Outcome {
    /// Adds what the analysers found; one report per place across detectors,
    /// the analysers' first (they know the context).
    pub fn absorb(&mut self, mut findings: Vec<Finding>, notes: Vec<String>, rules: &RuleSet) {
        findings.append(&mut self.findings);
        drop_shadowed(&mut findings, rules);
        self.findings = findings;
        self.notes.extend(notes);
        self.sort();
    }

    fn sort(&mut self) {
        self.findings
            .sort_by(|a, b| (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule)));
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    }
}

/// Scans every loaded blob; `filter` grades and silences each blob's
/// findings while the blob is still at hand. Findings come back sorted by
/// place.
pub fn scan_all<F>(
    blobs: impl ParallelIterator<Item = Result<Loaded>>,
    scanner: &Scanner<'_>,
    filter: F,
) -> Result<Outcome>
where
    F: Fn(&Blob, Vec<Finding>) -> Vec<Finding> + Sync,
{
    let mut outcome = blobs
        .map(|loaded| {
            let mut part = Outcome::default();
            match loaded? {
                Loaded::Skipped(skipped) => part.skipped.push(skipped),
                Loaded::Blob(blob) => {
                    part.scanned = 1;
                    part.bytes = blob.bytes.len() as u64;
                    part.findings = filter(&blob, scanner.scan(&blob));
                }
            }
            Ok(part)
        })
        .try_reduce(Outcome::default, |mut a, b| {
            a.findings.extend(b.findings);
            a.skipped.extend(b.skipped);
            a.scanned += b.scanned;
            a.bytes += b.bytes;
            Ok(a)
        })?;
    outcome.sort();
    Ok(outcome)
}
