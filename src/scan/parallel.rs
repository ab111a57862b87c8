//! Scans blobs on every core. Each blob is loaded, scanned and filtered on
//! the same thread and dropped straight after, so memory holds findings,
//! not files. A change of a few small files is scanned on the calling
//! thread: starting the thread pool would cost more than the scan.

use rayon::prelude::*;

use super::Scanner;
use crate::error::Result;
use crate::finding::outcome::Outcome;
use crate::finding::Finding;
use crate::source::{Blob, Loaded};

/// Up to this many bytes in all, blobs already in memory are scanned
/// without the thread pool (a hook's usual change is well under it).
const ONE_THREAD_BYTES: usize = 256 * 1024;

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
        .map(|loaded| Ok(scan_one(loaded?, scanner, &filter)))
        .try_reduce(Outcome::default, |a, b| Ok(merge(a, b)))?;
    outcome.sort();
    Ok(outcome)
}

/// [`scan_all`] for blobs already read: on the calling thread when they
/// are few and small, so that the pool is never started for them.
pub fn scan_loaded<F>(blobs: Vec<Loaded>, scanner: &Scanner<'_>, filter: F) -> Result<Outcome>
where
    F: Fn(&Blob, Vec<Finding>) -> Vec<Finding> + Sync,
{
    let bytes: usize = blobs
        .iter()
        .map(|loaded| match loaded {
            Loaded::Blob(blob) => blob.bytes.len(),
            Loaded::Skipped(_) => 0,
        })
        .sum();
    if bytes > ONE_THREAD_BYTES {
        return scan_all(blobs.into_par_iter().map(Ok), scanner, filter);
    }
    let mut outcome = blobs
        .into_iter()
        .map(|loaded| scan_one(loaded, scanner, &filter))
        .fold(Outcome::default(), merge);
    outcome.sort();
    Ok(outcome)
}

fn scan_one<F>(loaded: Loaded, scanner: &Scanner<'_>, filter: &F) -> Outcome
where
    F: Fn(&Blob, Vec<Finding>) -> Vec<Finding>,
{
    let mut part = Outcome::default();
    match loaded {
        Loaded::Skipped(skipped) => part.skipped.push(skipped),
        Loaded::Blob(blob) => {
            part.scanned = 1;
            part.bytes = blob.bytes.len() as u64;
            part.findings = filter(&blob, scanner.scan(&blob));
        }
    }
    part
}

fn merge(mut a: Outcome, b: Outcome) -> Outcome {
    a.findings.extend(b.findings);
    a.skipped.extend(b.skipped);
    a.scanned += b.scanned;
    a.bytes += b.bytes;
    a
}
