//! What happens to findings after detection: where the file sits grades a
//! generic finding ([`context`]); inline `keyward:allow` comments (and
//! other tools' markers for the same risk), the configuration's allowlists
//! and the baseline silence them; in a staged scan a finding that was
//! already in HEAD is old debt, graded down to a warning; in history, the same secret in many blobs is one
//! finding ([`keep_earliest`]).

mod allowlist;
pub mod baseline;
pub mod context;
mod inline_allow;
mod same_secret;

use std::collections::BTreeSet;

use crate::finding::{Finding, Severity};
use crate::source::Blob;
pub use allowlist::{Allowlist, Allowlists};
use context::Context;
pub use inline_allow::allows;
pub use same_secret::keep_earliest;

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
    /// Filters one blob's findings: the file's context grades generic ones,
    /// and those on lines the change does not add are old.
    pub fn apply(&self, blob: &Blob, findings: Vec<Finding>) -> Vec<Finding> {
        let context = match findings.iter().any(|finding| finding.generic) {
            true => Context::of(&blob.path, &blob.bytes),
            false => None,
        };
        findings
            .into_iter()
            .filter_map(|finding| Context::grade(context, finding))
            .filter(|finding| !self.silences(finding))
            .map(|finding| {
                let old = blob
                    .added_lines
                    .as_ref()
                    .is_some_and(|added| !added.contains(finding.line));
                self.grade(finding, old)
            })
            .collect()
    }

    /// An allow comment on its line, an allowlist or the baseline drops it.
    pub fn silences(&self, finding: &Finding) -> bool {
        allows(&finding.line_text, &finding.rule, finding.sensitive)
            || self.allowlists.allows(finding)
            || self.baseline.contains(&finding.fingerprint)
    }

    /// A blocking finding that was already in HEAD (`old`) only warns,
    /// unless the scan is strict.
    pub fn grade(&self, mut finding: Finding, old: bool) -> Finding {
        finding.existing = old;
        if old && !self.strict && finding.severity == Severity::Block {
            finding.severity = Severity::Warn;
            let old = "already in HEAD, so it does not block this commit (--strict makes it block)";
            finding.note = Some(match finding.note.take() {
                Some(note) => format!("{note}; {old}"),
                None => old.to_string(),
            });
        }
        finding
    }
}
