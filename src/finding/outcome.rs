//! What a whole scan produced: the findings, the files it skipped and how
//! its analysers decided. Built by the scanner and the pipeline, read by
//! the reports; it lives here so that neither has to know the other.

use super::Finding;
use crate::source::Skipped;

#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub(crate) findings: Vec<Finding>,
    pub(crate) skipped: Vec<Skipped>,
    /// Blobs actually scanned.
    pub(crate) scanned: usize,
    pub(crate) bytes: u64,
    /// How analysers decided (which settings module is production, and why).
    pub(crate) notes: Vec<String>,
    /// What the user asked for and did not get (a named path that matches
    /// nothing): printed even without `-v`, never a silent success.
    pub(crate) notices: Vec<String>,
    /// Faults found on the way (objects a complete repository could not
    /// give): listed after the report, and the scan exits 2.
    pub(crate) faults: Vec<String>,
}

impl Outcome {
    /// Findings by place, skipped files by path.
    pub(crate) fn sort(&mut self) {
        self.findings
            .sort_by(|a, b| (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule)));
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    }
}
