//! `--format json`: one document with every finding and a summary.

use std::io::{self, Write};

use serde::Serialize;

use super::{message, Summary};
use crate::finding::{Finding, Severity};

#[derive(Serialize)]
struct Report<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    path: &'a str,
    line: u32,
    column: u32,
    message: String,
    secret: String,
    fingerprint: &'a str,
    remediation: &'a str,
    docs: &'a str,
    /// Where the finding entered history; history scans only.
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<JsonCommit<'a>>,
}

#[derive(Serialize)]
struct JsonCommit<'a> {
    id: String,
    author: &'a str,
    email: &'a str,
    date: &'a str,
    path: &'a str,
    blob: String,
    other_commits: usize,
    other_paths: usize,
}

pub fn write(
    out: &mut impl Write,
    findings: &[Finding],
    summary: Summary,
    show_secrets: bool,
) -> io::Result<()> {
    let report = Report {
        findings: findings
            .iter()
            .map(|finding| JsonFinding {
                rule: &finding.rule,
                severity: finding.severity,
                path: &finding.path,
                line: finding.line,
                column: finding.column,
                message: message(finding),
                secret: finding.shown_secret(show_secrets),
                fingerprint: &finding.fingerprint,
                remediation: &finding.remediation,
                docs: &finding.docs,
                commit: finding.origin.as_ref().map(|origin| JsonCommit {
                    id: origin.commit.to_string(),
                    author: &origin.author,
                    email: &origin.email,
                    date: &origin.date,
                    path: &origin.path,
                    blob: origin.blob.to_string(),
                    other_commits: origin.commits.saturating_sub(1),
                    other_paths: origin.paths.len().saturating_sub(1),
                }),
            })
            .collect(),
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
