//! What happens to findings after detection: inline `keyward:allow`
//! comments silence them, and in a staged scan a finding that was already
//! in HEAD is old debt, graded down to a warning; in history, the same
//! secret in many blobs is one finding ([`keep_earliest`]).

mod inline_allow;
mod same_secret;

use crate::finding::{Finding, Severity};
use crate::source::Blob;
pub use inline_allow::allows;
pub use same_secret::keep_earliest;

/// The filters a scan runs, as the user configured them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters {
    /// Old findings block too.
    pub strict: bool,
}

impl Filters {
    /// Filters one blob's findings: those on lines the change does not add are old.
    pub fn apply(&self, blob: &Blob, findings: Vec<Finding>) -> Vec<Finding> {
        self.apply_with(findings, |finding| {
            blob.added_lines
                .as_ref()
                .is_some_and(|added| !added.contains(finding.line))
        })
    }

    /// Filters findings, `is_old` telling those already in HEAD.
    pub fn apply_with(&self, findings: Vec<Finding>, is_old: impl Fn(&Finding) -> bool) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|finding| !allows(&finding.line_text, &finding.rule))
            .map(|mut finding| {
                if is_old(&finding) && !self.strict && finding.severity == Severity::Block {
                    finding.severity = Severity::Warn;
                    let old = "already in HEAD, so it does not block this commit (--strict makes it block)";
                    finding.note = Some(match finding.note.take() {
                        Some(note) => format!("{note}; {old}"),
                        None => old.to_string(),
                    });
                }
                finding
            })
            .collect()
    }
}
