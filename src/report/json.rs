//! `--format json`: one document with every finding and a summary;
//! `--format jsonl`: the same findings, one JSON object a line, for
//! streaming (the summary goes to stderr).

use std::io::{self, Write};

use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

use super::{message, Summary};
use crate::finding::{Finding, Severity};

#[derive(Serialize)]
struct Report<'a> {
    findings: Findings<'a>,
    summary: Summary,
}

/// The findings, each converted when its turn comes to be written, so that
/// the report costs no memory per finding.
struct Findings<'a> {
    findings: &'a [Finding],
    show_secrets: bool,
}

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.findings.len()))?;
        for finding in self.findings {
            seq.serialize_element(&JsonFinding::new(finding, self.show_secrets))?;
        }
        seq.end()
    }
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
        findings: Findings {
            findings,
            show_secrets,
        },
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// One finding a line.
pub fn write_lines(out: &mut impl Write, findings: &[Finding], show_secrets: bool) -> io::Result<()> {
    for finding in findings {
        serde_json::to_writer(&mut *out, &JsonFinding::new(finding, show_secrets))?;
        writeln!(out)?;
    }
    Ok(())
}

impl<'a> JsonFinding<'a> {
    fn new(finding: &'a Finding, show_secrets: bool) -> Self {
        JsonFinding {
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
        }
    }
}
