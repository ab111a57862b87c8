//! What happens to findings after detection: inline `keyward:allow`
//! comments, the configuration's allowlists and the baseline silence them,
//! and in a staged scan a finding on a line the change does not add is old
//! debt, graded down to a warning.

mod allowlist;
pub mod baseline;
mod inline_allow;

use std::collections::BTreeSet;

use crate::finding::{Finding, Severity};
use crate::source::Blob;
pub use allowlist::{Allowlist, Allowlists};
pub use inline_allow::allows;

/// The filters a scan runs, as the user configured them.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Old findings block too.
    pub strict: bool,
    pub allowlists: Allowlists,
    /// Fingerprints of the baseline's accepted findings.
    pub baseline: BTreeSet<String>,
}

impl Filters {
    pub fn apply(&self, blob: &Blob, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|finding| {
                !allows(&finding.line_text, &finding.rule)
                    && !self.allowlists.allows(finding)
                    && !self.baseline.contains(&finding.fingerprint)
            })
            .map(|mut finding| {
                let old = blob
                    .added_lines
                    .as_ref()
                    .is_some_and(|added| !added.contains(finding.line));
                if old && !self.strict && finding.severity == Severity::Block {
                    finding.severity = Severity::Warn;
                    finding.note = Some(
                        "already in HEAD, so it does not block this commit (--strict makes it block)".into(),
                    );
                }
                finding
            })
            .collect()
    }
}
