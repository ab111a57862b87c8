//! Prints findings: for people ([`human`]) or for programs ([`json`]).
//! Secrets are redacted everywhere unless the user asked to see them.

mod human;
mod json;

use std::io::{self, Write};

use crate::finding::{Finding, Severity};
use crate::scan::parallel::Outcome;

/// Output format, as `--format` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// How a report should look.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub format: Format,
    pub color: bool,
    pub show_secrets: bool,
    pub verbose: bool,
}

/// Counts for the closing line and the JSON summary.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Summary {
    pub blocking: usize,
    pub warnings: usize,
    pub files_scanned: usize,
    pub files_skipped: usize,
}

impl Summary {
    pub fn of(outcome: &Outcome) -> Self {
        let blocking = outcome
            .findings
            .iter()
            .filter(|finding| finding.severity == Severity::Block)
            .count();
        Summary {
            blocking,
            warnings: outcome.findings.len() - blocking,
            files_scanned: outcome.scanned,
            files_skipped: outcome.skipped.len(),
        }
    }
}

/// Writes the report to stdout and verbose notes to stderr.
pub fn print(outcome: &Outcome, style: Style) -> io::Result<()> {
    let summary = Summary::of(outcome);
    if style.verbose {
        let mut err = io::stderr().lock();
        for note in &outcome.notes {
            writeln!(err, "note: {note}")?;
        }
        for skipped in &outcome.skipped {
            writeln!(err, "note: skipped {}: {}", skipped.path, skipped.reason)?;
        }
    }
    let mut out = io::stdout().lock();
    match style.format {
        Format::Human => human::write(&mut out, &outcome.findings, summary, style),
        Format::Json => json::write(&mut out, &outcome.findings, summary, style.show_secrets),
    }?;
    out.flush()
}

/// The text after `message` in every format: what is wrong, and why it
/// does not block when a filter said so.
fn message(finding: &Finding) -> String {
    match &finding.note {
        Some(note) => format!("{} ({note})", finding.title),
        None => finding.title.clone(),
    }
}
