//! The default output: one block per finding, shaped like a compiler
//! diagnostic (place, code frame with a caret under the redacted secret,
//! the fix and its link), then a closing line with counts.

use std::collections::BTreeMap;
use std::io::{self, Write};

use owo_colors::{OwoColorize, Style as Paint};

use super::{message, Style, Summary};
use crate::finding::shown::escape;
use crate::finding::{Finding, Origin, Severity};

/// Lines longer than this are cut around the secret.
const FRAME_WIDTH: usize = 120;

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, text: &str, paint: Paint) -> String {
        if self.color {
            text.style(paint).to_string()
        } else {
            text.to_string()
        }
    }
}

pub fn write(out: &mut impl Write, findings: &[Finding], summary: Summary, style: Style) -> io::Result<()> {
    let painter = Painter { color: style.color };
    // Old debt that does not block is one line per file, so that the
    // findings this commit brings stand out.
    let mut existing: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in findings {
        if finding.existing && finding.severity == Severity::Warn && !style.verbose {
            *existing.entry(&finding.path).or_default() += 1;
        } else {
            write_finding(out, finding, &painter, style.show_secrets)?;
        }
    }
    for (path, count) in &existing {
        let warnings = plural(*count, "existing warning");
        writeln!(
            out,
            "{} in {path}: keyward scan --staged -v shows them",
            painter.paint(&warnings, Paint::new().yellow().bold())
        )?;
    }
    if !existing.is_empty() {
        writeln!(out)?;
    }
    match style.quiet {
        true => Ok(()),
        false => write_summary(out, summary, style.color, style.verbose),
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn write_finding(
    out: &mut impl Write,
    finding: &Finding,
    painter: &Painter,
    show_secrets: bool,
) -> io::Result<()> {
    let label = finding.severity.label();
    let color = match finding.severity {
        Severity::Block => Paint::new().red().bold(),
        Severity::Warn => Paint::new().yellow().bold(),
    };
    let blue = Paint::new().blue().bold();
    let bold = Paint::new().bold();
    writeln!(
        out,
        "{}{}",
        painter.paint(&format!("{label}[{}]", finding.rule), color),
        painter.paint(&format!(": {}", message(finding)), bold)
    )?;
    let number = finding.line.to_string();
    let gutter = " ".repeat(number.len());
    writeln!(
        out,
        "{gutter}{} {}:{}:{}",
        painter.paint("-->", blue),
        finding.shown_path(),
        finding.line,
        finding.column
    )?;
    let (line, (start, end)) = finding.shown_line(show_secrets);
    let (line, start, end) = frame(&line, start, end);
    let bar = painter.paint("|", blue);
    writeln!(out, "{gutter} {bar}")?;
    writeln!(out, "{} {bar} {line}", painter.paint(&number, blue))?;
    let pad = line[..start].chars().count();
    let carets = line[start..end].chars().count().max(1);
    writeln!(
        out,
        "{gutter} {bar} {}{}",
        " ".repeat(pad),
        painter.paint(&"^".repeat(carets), color)
    )?;
    let mut remediation = finding.remediation.lines();
    if let Some(first) = remediation.next() {
        writeln!(
            out,
            "{gutter} {} {} {first}",
            painter.paint("=", blue),
            painter.paint("fix:", bold)
        )?;
        for rest in remediation {
            writeln!(out, "{gutter}        {rest}")?;
        }
    }
    if let Some(origin) = &finding.origin {
        writeln!(
            out,
            "{gutter} {} {} {}",
            painter.paint("=", blue),
            painter.paint("commit:", bold),
            escape(&origin_line(origin))
        )?;
    }
    if !finding.docs.is_empty() {
        writeln!(
            out,
            "{gutter} {} {} {}",
            painter.paint("=", blue),
            painter.paint("docs:", bold),
            finding.docs
        )?;
    }
    writeln!(out)
}

/// `abc1234 by Jane <j@x> on 2024-05-01, also in 12 other commits and 1 other path`
fn origin_line(origin: &Origin) -> String {
    let short = origin.commit.to_string();
    let date = origin.date.get(..10).unwrap_or(&origin.date);
    let mut line = format!(
        "{} by {} <{}> on {date}",
        &short[..short.len().min(7)],
        origin.author,
        origin.email
    );
    let also: Vec<String> = [
        (origin.commits.saturating_sub(1), "commit"),
        (origin.paths.len().saturating_sub(1), "path"),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, word)| format!("{count} other {word}{}", if count == 1 { "" } else { "s" }))
    .collect();
    if !also.is_empty() {
        line.push_str(&format!(", also in {}", also.join(" and ")));
    }
    line
}

/// Cuts a long line to a window around the secret and makes tabs single
/// spaces, so the caret lines up. Returns the text and the secret's span.
fn frame(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let tidy = |text: &str| text.replace('\t', " ");
    if line.len() <= FRAME_WIDTH {
        return (tidy(line), start, end);
    }
    let mut from = start.saturating_sub(40);
    while !line.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 40).min(line.len());
    while !line.is_char_boundary(to) {
        to += 1;
    }
    let head = if from > 0 { "…" } else { "" };
    let tail = if to < line.len() { "…" } else { "" };
    let text = format!("{head}{}{tail}", tidy(&line[from..to]));
    (text, start - from + head.len(), end - from + head.len())
}

pub fn write_summary(out: &mut impl Write, summary: Summary, color: bool, verbose: bool) -> io::Result<()> {
    let painter = Painter { color };
    let files = plural(summary.files_scanned, "file");
    let skipped = match (summary.files_skipped, verbose) {
        (0, _) => String::new(),
        (n, true) => format!(", {n} skipped"),
        (n, false) => format!(", {n} skipped (-v lists them)"),
    };
    let verdict = if summary.blocking > 0 {
        painter.paint(
            &format!(
                "{}, {}",
                plural(summary.blocking, "blocking finding"),
                plural(summary.warnings, "warning")
            ),
            Paint::new().red().bold(),
        )
    } else if summary.warnings > 0 {
        painter.paint(&plural(summary.warnings, "warning"), Paint::new().yellow().bold())
    } else {
        painter.paint("no findings", Paint::new().green().bold())
    };
    writeln!(out, "keyward: {verdict} in {files} scanned{skipped}")
}
