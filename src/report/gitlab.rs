//! `--format gitlab`: GitLab's secret detection report (the JSON a job
//! hands over as `artifacts:reports:secret_detection`), schema version
//! 15.x as GitLab documents it: a `scan` naming keyward as analyser and
//! scanner, and one vulnerability per finding with its rule as identifier,
//! its place, and the commit (`0000000` outside a history scan, as GitLab's
//! own analyser writes for files not read from git). Secrets stay
//! redacted.

use std::io::{self, Write};

use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::message;
use crate::finding::{Finding, Severity};

/// The report schema version written.
const SCHEMA_VERSION: &str = "15.2.1";

pub fn write(out: &mut impl Write, findings: &[Finding], show_secrets: bool) -> io::Result<()> {
    // The scan is over when the report is written; GitLab's times carry
    // no zone and are read as UTC.
    let now = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let tool = json!({
        "id": "keyward",
        "name": "keyward",
        "version": env!("CARGO_PKG_VERSION"),
        "url": env!("CARGO_PKG_HOMEPAGE"),
        "vendor": { "name": "keyward" },
    });
    let report = Report {
        version: SCHEMA_VERSION,
        scan: json!({
            "analyzer": tool,
            "scanner": tool,
            "type": "secret_detection",
            "start_time": now,
            "end_time": now,
            "status": "success",
        }),
        vulnerabilities: Vulnerabilities {
            findings,
            show_secrets,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

#[derive(Serialize)]
struct Report<'a> {
    version: &'static str,
    scan: serde_json::Value,
    vulnerabilities: Vulnerabilities<'a>,
}

/// Each vulnerability made when its turn comes, as the SARIF report does.
struct Vulnerabilities<'a> {
    findings: &'a [Finding],
    show_secrets: bool,
}

impl Serialize for Vulnerabilities<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.findings.len()))?;
        for finding in self.findings {
            seq.serialize_element(&vulnerability(finding, self.show_secrets))?;
        }
        seq.end()
    }
}

fn vulnerability(finding: &Finding, show_secrets: bool) -> serde_json::Value {
    let commit = match &finding.origin {
        Some(origin) => json!({
            "sha": origin.commit.to_string(),
            "author": origin.author,
            "date": origin.date,
        }),
        None => json!({ "sha": "0000000" }),
    };
    json!({
        "id": id(finding),
        "name": finding.title,
        "description": message(finding),
        "severity": match finding.severity {
            Severity::Block => "Critical",
            Severity::Warn => "Medium",
        },
        "solution": finding.remediation.trim(),
        "location": {
            "file": finding.shown_path(),
            "start_line": finding.line,
            "end_line": finding.line,
            "commit": commit,
        },
        "identifiers": [{
            "type": "keyward_rule_id",
            "name": format!("keyward rule {}", finding.rule),
            "value": finding.rule,
            "url": finding.docs,
        }],
        "raw_source_code_extract": finding.shown_secret(show_secrets),
    })
}

/// A UUID-shaped id that stays the same from run to run for the same
/// finding in the same place (GitLab tracks vulnerabilities by it).
fn id(finding: &Finding) -> String {
    let mut hash = Sha256::new();
    hash.update(finding.fingerprint.as_bytes());
    hash.update(format!("\0{}\0{}", finding.line, finding.column).as_bytes());
    if let Some(origin) = &finding.origin {
        hash.update(origin.commit.as_bytes());
    }
    let hex: String = hash.finalize()[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}
