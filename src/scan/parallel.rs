//! Scans blobs on every core. Each blob is loaded, scanned and filtered on
//! the same thread and dropped straight after, so memory holds findings,
//! not files.

use rayon::prelude::*;

use super::Scanner;
use crate::error::Result;
use crate::finding::outcome::Outcome;
use crate::finding::Finding;
use crate::source::{Blob, Loaded};

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
