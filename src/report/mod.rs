//! Prints findings: for people ([`human`]), for programs ([`json`], also
//! as JSON lines), for code scanning ([`sarif`]), for GitHub Actions
//! ([`github`]), for GitLab's security dashboard ([`gitlab`]) and for CI
//! test reports ([`junit`]); also a
//! rule explained ([`explain`]) and the list of rules ([`rules`]). Secrets
//! are redacted everywhere unless the user asked to see them.

mod explain;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod rules;
mod sarif;

use std::io::{self, Write};

use crate::finding::outcome::Outcome;
use crate::finding::shown::escape;
use crate::finding::{Finding, Severity};
use crate::rules::RuleSet;
pub(crate) use explain::explain;
pub(crate) use rules::{write_rules, RulesFormat};

/// Output format, as `--format` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// One JSON finding a line, for streaming.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// Workflow commands that GitHub Actions shows as annotations.
    Github,
    /// GitLab's secret detection report (`artifacts:reports:secret_detection`).
    Gitlab,
    /// JUnit XML, which CI systems show as test results.
    Junit,
}

/// How a report should look.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub format: Format,
    pub color: bool,
    pub show_secrets: bool,
    pub verbose: bool,
    /// No closing summary line.
    pub quiet: bool,
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

/// Writes the report. `rules` describes the rules the scan ran (SARIF
/// lists them).
pub fn write(out: &mut impl Write, outcome: &Outcome, rules: &RuleSet, style: Style) -> io::Result<()> {
    let summary = Summary::of(outcome);
    match style.format {
        Format::Human => human::write(out, &outcome.findings, summary, style),
        Format::Json => json::write(out, &outcome.findings, summary, style.show_secrets),
        Format::Sarif => sarif::write(out, &outcome.findings, rules, style.show_secrets),
        Format::Github => github::write(out, &outcome.findings, style.show_secrets),
        Format::Jsonl => json::write_lines(out, &outcome.findings, style.show_secrets),
        Format::Gitlab => gitlab::write(out, &outcome.findings, style.show_secrets),
        Format::Junit => junit::write(out, &outcome.findings, summary, style.show_secrets),
    }
}

/// The closing line of the human report, on its own.
pub fn write_summary(out: &mut impl Write, summary: Summary, color: bool, verbose: bool) -> io::Result<()> {
    human::write_summary(out, summary, color, verbose)
}

/// Verbose output: how analysers decided, and one note per skipped file.
pub fn write_notes(out: &mut impl Write, outcome: &Outcome) -> io::Result<()> {
    for note in &outcome.notes {
        writeln!(out, "note: {}", escape(note))?;
    }
    for skipped in &outcome.skipped {
        writeln!(
            out,
            "note: skipped {}",
            escape(&format!("{}: {}", skipped.path, skipped.reason))
        )?;
    }
    Ok(())
}

/// The text after `message` in every format: what is wrong, and why it
/// does not block when a filter said so.
fn message(finding: &Finding) -> String {
    match &finding.note {
        Some(note) => format!("{} ({note})", finding.title),
        None => finding.title.to_string(),
    }
}
