//! `--format sarif`: a SARIF 2.1.0 log with one run, as GitHub code
//! scanning ingests it. Every rule the scan ran is described (with its fix
//! as help text and its documentation as help URI); every finding is a
//! result with its place and our fingerprint. Secrets stay redacted.

use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Value};

use super::message;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleSet};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key our fingerprint goes under in `partialFingerprints`.
const FINGERPRINT_KEY: &str = "keyward/v1";

pub fn write(
    out: &mut impl Write,
    findings: &[Finding],
    rules: &RuleSet,
    show_secrets: bool,
) -> io::Result<()> {
    let driver = json!({
        "name": "keyward",
        "version": env!("CARGO_PKG_VERSION"),
        "informationUri": env!("CARGO_PKG_HOMEPAGE"),
        "rules": rules.rules.iter().map(rule).collect::<Vec<_>>(),
    });
    let log = Log {
        tool: json!({ "driver": driver }),
        results: Results {
            findings,
            rules,
            show_secrets,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// The log, written as it is serialised: each result is made when its turn
/// comes, so memory does not grow with the findings (a `Value` of 100,000
/// results took a gigabyte). Keys in the order `json!` sorts them.
struct Log<'a> {
    tool: Value,
    results: Results<'a>,
}

struct Results<'a> {
    findings: &'a [Finding],
    rules: &'a RuleSet,
    show_secrets: bool,
}

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// The one run.
        struct Run<'r, 'a>(&'r Log<'a>);
        impl Serialize for Run<'_, '_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut run = serializer.serialize_map(Some(2))?;
                run.serialize_entry("results", &self.0.results)?;
                run.serialize_entry("tool", &self.0.tool)?;
                run.end()
            }
        }
        let mut log = serializer.serialize_map(Some(3))?;
        log.serialize_entry("$schema", SCHEMA)?;
        log.serialize_entry("runs", &[Run(self)])?;
        log.serialize_entry("version", "2.1.0")?;
        log.end()
    }
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut results = serializer.serialize_seq(Some(self.findings.len()))?;
        for finding in self.findings {
            results.serialize_element(&result(finding, self.rules, self.show_secrets))?;
        }
        results.end()
    }
}

fn rule(rule: &Rule) -> Value {
    let description = rule.description.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut value = json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": { "text": rule.title },
        "fullDescription": { "text": description },
        "help": {
            "text": rule.remediation,
            "markdown": format!("**{}**\n\n{}\n\n**Fix**\n\n{}", rule.title, description, rule.remediation),
        },
        "defaultConfiguration": { "level": rule.severity.label() },
        // GitHub ranks security alerts by this score (7.0 and up is "high").
        "properties": {
            "tags": ["security"],
            "security-severity": match rule.severity {
                Severity::Block => "8.0",
                Severity::Warn => "5.0",
            },
        },
    });
    if !rule.docs.is_empty() {
        value["helpUri"] = Value::from(&*rule.docs);
    }
    value
}

fn result(finding: &Finding, rules: &RuleSet, show_secrets: bool) -> Value {
    let (start, end) = finding.secret_span;
    let mut value = json!({
        "ruleId": finding.rule,
        "level": finding.severity.label(),
        "message": { "text": format!("{}: {}", message(finding), finding.shown_secret(show_secrets)) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&finding.path) },
                "region": {
                    "startLine": finding.line,
                    "startColumn": utf16_column(&finding.line_text, start),
                    "endColumn": utf16_column(&finding.line_text, end),
                },
            },
        }],
        "partialFingerprints": { FINGERPRINT_KEY: finding.fingerprint },
    });
    if let Some(index) = rules.rules.iter().position(|rule| rule.id == finding.rule) {
        value["ruleIndex"] = Value::from(index);
    }
    value
}

/// SARIF counts columns in UTF-16 code units by default (as editors do);
/// `byte` is an offset into `line`.
fn utf16_column(line: &str, byte: usize) -> usize {
    line.get(..byte)
        .map_or(byte, |before| before.encode_utf16().count())
        + 1
}

/// A relative URI reference for a path: `/` kept, anything outside the
/// unreserved characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{uri, utf16_column};

    #[test]
    fn columns_count_utf16_code_units() {
        assert_eq!(utf16_column("K = 'x'", 5), 6);
        assert_eq!(utf16_column("é = '😀x'", 10), 8);
    }

    #[test]
    fn paths_become_relative_uris() {
        assert_eq!(uri("my site/settings.py"), "my%20site/settings.py");
        assert_eq!(uri("a/ü.py"), "a/%C3%BC.py");
    }
}
