//! `--format junit`: a JUnit XML test report, the format CI systems show
//! as test results (GitLab's `artifacts:reports:junit`, Jenkins, Azure).
//! Each finding is a test case named by its rule and place; a blocking
//! one fails, a warning passes with its text on `system-out`. The shape
//! follows the JUnit schema Jenkins' xUnit plugin publishes
//! (`junit-10.xsd`), which the tests validate against.

use std::io::{self, Write};

use super::{message, Summary};
use crate::finding::{Finding, Severity};

pub fn write(
    out: &mut impl Write,
    findings: &[Finding],
    summary: Summary,
    show_secrets: bool,
) -> io::Result<()> {
    let (tests, failures) = (findings.len(), summary.blocking);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="keyward" tests="{tests}" failures="{failures}" errors="0">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="keyward" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
    )?;
    for finding in findings {
        let place = format!("{}:{}:{}", finding.shown_path(), finding.line, finding.column);
        writeln!(
            out,
            r#"    <testcase name="{}" classname="{}">"#,
            xml(&format!("{} at {place}", finding.rule)),
            xml(&finding.shown_path()),
        )?;
        let mut text = format!(
            "{place}: {}\nsecret: {}\nfix: {}\ndocs: {}",
            message(finding),
            finding.shown_secret(show_secrets),
            finding.remediation.trim(),
            finding.docs
        );
        if let Some(origin) = &finding.origin {
            text.push_str(&format!(
                "\ncommit: {} ({}, {})",
                origin.commit, origin.author, origin.date
            ));
        }
        match finding.severity {
            Severity::Block => writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                xml(&finding.rule),
                xml(&message(finding)),
                xml(&text)
            )?,
            Severity::Warn => writeln!(out, "      <system-out>warning: {}</system-out>", xml(&text))?,
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Text fit for an attribute or element: markup escaped, and characters
/// XML 1.0 cannot hold at all replaced.
fn xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn escapes_markup_and_replaces_what_xml_cannot_hold() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}\n"
        );
    }
}
