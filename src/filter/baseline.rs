//! The baseline: findings a team has accepted, recorded by fingerprint in
//! `.keyward-baseline.json` and skipped by later scans. A finding's
//! fingerprint is its rule, path and a hash of the secret, not its line, so
//! entries survive edits above the secret and the file changes only when
//! the set of accepted findings does. No timestamps, no secrets, entries
//! sorted: two branches that record the same finding write the same bytes.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finding::Finding;

/// The file `keyward baseline` writes by default, at the repository root.
pub const FILE_NAME: &str = ".keyward-baseline.json";

/// The file's format version; bumped if its meaning ever changes.
const VERSION: u32 = 1;

/// What to do with a baseline keyward cannot read; `keyward baseline`
/// itself refuses to overwrite one, since its stale entries would be lost.
const REPAIR: &str = "fix it (a merge can leave conflict markers in it), or delete it and run `keyward baseline` to record today's findings again";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    version: u32,
    pub findings: Vec<Entry>,
}

/// One accepted finding. Only the fingerprint matters to keyward; the rest
/// is for people reading the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub line: u32,
    pub rule: String,
    pub fingerprint: String,
}

impl Entry {
    pub fn of(finding: &Finding) -> Entry {
        Entry {
            path: finding.path.clone(),
            line: finding.line,
            rule: finding.rule.to_string(),
            fingerprint: finding.fingerprint.clone(),
        }
    }
}

impl Baseline {
    /// Sorted, one entry per fingerprint.
    pub fn new(entries: impl IntoIterator<Item = Entry>) -> Baseline {
        let mut seen = BTreeSet::new();
        let mut findings: Vec<Entry> = entries.into_iter().collect();
        findings.sort();
        findings.retain(|entry| seen.insert(entry.fingerprint.clone()));
        Baseline {
            version: VERSION,
            findings,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            doing: "cannot read the baseline",
            path: path.to_path_buf(),
            source,
            hint: Some("create it with `keyward baseline`"),
        })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|err| Error::At {
            file: path.display().to_string(),
            line: err.line(),
            column: err.column(),
            message: format!(
                "not a keyward baseline ({}); {REPAIR}",
                err.to_string().split(" at line").next().unwrap_or_default()
            ),
        })?;
        if baseline.version != VERSION {
            return Err(Error::new(format!(
                "{}: baseline version {} is not {VERSION}; {REPAIR}",
                path.display(),
                baseline.version
            )));
        }
        Ok(baseline)
    }

    /// The accepted fingerprints, for [`super::Filters`].
    pub fn fingerprints(&self) -> BTreeSet<String> {
        self.findings
            .iter()
            .map(|entry| entry.fingerprint.clone())
            .collect()
    }

    /// The file's text: pretty JSON ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a baseline serializes");
        text.push('\n');
        text
    }
}
