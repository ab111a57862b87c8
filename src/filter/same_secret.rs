//! In history the same secret at the same path usually sits in many blobs
//! (every edit of a settings file makes a new one). One finding per
//! fingerprint is kept: the one that entered history first, carrying the
//! commits and paths of all of them.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use crate::finding::Finding;

pub fn keep_earliest(findings: Vec<Finding>) -> Vec<Finding> {
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut by_fingerprint: BTreeMap<String, usize> = BTreeMap::new();
    for finding in findings {
        let Some(origin) = &finding.origin else {
            kept.push(finding);
            continue;
        };
        match by_fingerprint.entry(finding.fingerprint.clone()) {
            Entry::Vacant(vacant) => {
                vacant.insert(kept.len());
                kept.push(finding);
            }
            Entry::Occupied(occupied) => {
                let other = &mut kept[*occupied.get()];
                let Some(other_origin) = &other.origin else {
                    continue;
                };
                let mut merged = if (origin.order, finding.line) < (other_origin.order, other.line) {
                    finding.clone()
                } else {
                    other.clone()
                };
                let (a, b) = (origin, other_origin);
                if let Some(into) = merged.origin.as_mut().map(std::sync::Arc::make_mut) {
                    into.commits = a.commits + b.commits;
                    let mut paths = a.paths.clone();
                    paths.extend(b.paths.iter().cloned());
                    paths.sort();
                    paths.dedup();
                    into.paths = paths;
                }
                *other = merged;
            }
        }
    }
    kept
}
