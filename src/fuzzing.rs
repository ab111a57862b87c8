//! The entry points of the fuzz targets in `fuzz/`, and the only public
//! surface of the library besides [`crate::run`]. cargo-fuzz links a target
//! against a library, while keyward's modules are private (so that the
//! compiler reports unused code); each function here takes raw input and
//! runs one reader the way a scan would, so that a target is a few lines
//! and the modules stay private. A finding is no failure: the functions
//! return what a target asserts on, and a panic, hang or leak is the bug.

use std::ops::Range;
use std::sync::OnceLock;

use crate::analyze;
use crate::config::{self, Config};
use crate::finding::outcome::Outcome;
use crate::finding::place::LineIndex;
use crate::finding::shown::share_secrets;
use crate::report::{self, Format, Style};
use crate::rules::RuleSet;
use crate::scan::Scanner;
use crate::source::workspace::MemoryFiles;
use crate::source::{staged, Loaded};

/// The built-in rules, loaded once per fuzzing process.
fn builtin() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in packs load"))
}

fn scanner() -> &'static Scanner<'static> {
    static SCANNER: OnceLock<Scanner<'static>> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::new(builtin()))
}

/// Python files at the given paths, analysed as a whole tree (the Django
/// settings analyser follows their star imports) and each scanned as a
/// blob (the analysers of Python code). Returns how many findings.
pub fn python_tree(files: &[(&str, &[u8])]) -> usize {
    let mut files: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    let mut found = 0;
    for (path, bytes) in &files {
        found += scan(path, bytes);
    }
    found
        + analyze::analyze_workspace(&MemoryFiles::new(files), builtin(), None)
            .findings
            .len()
}

/// One file admitted as a source admits it (decoded, or skipped as
/// binary) and scanned by the engine with the built-in rules: every regex
/// rule (dotenv, YAML, PHP, Ruby...) and the blob analysers its path wakes.
/// Returns how many findings.
pub fn scan(path: &str, bytes: &[u8]) -> usize {
    match Loaded::admit(path.to_string(), bytes.to_vec(), None) {
        Loaded::Blob(blob) => scanner().scan(&blob).len(),
        Loaded::Skipped(_) => 0,
    }
}

/// `text` read as a `.keyward.toml` and applied (custom rules compiled
/// and proven by their examples). Returns whether the configuration loaded.
pub fn configuration(text: &str) -> bool {
    match Config::parse(config::FILE_NAME, text) {
        Ok(mut parsed) => config::apply::apply(Some(&mut parsed)).is_ok(),
        Err(_) => false,
    }
}

/// The 1-based lines `new` adds to `old`, as a staged scan computes them
/// for a decoded file (`None`: every line counts); asked up to one past
/// `new`'s last line, so that a target sees a line number that does not
/// exist.
pub fn added_lines(old: &[u8], new: &[u8]) -> Option<Vec<u32>> {
    let added = staged::added_between(old, new).expect("diffing two buffers cannot fail")?;
    Some(
        (1..=new.split(|&b| b == b'\n').count() as u32 + 1)
            .filter(|&line| added.contains(line))
            .collect(),
    )
}

/// Every report format (human without colour, JSON, SARIF, GitHub) of a
/// file at `path` in which each of `secrets` (byte ranges of `bytes`) is a
/// finding of a sensitive built-in rule, as the scanner makes them.
pub fn reports(path: &str, bytes: &[u8], secrets: &[Range<usize>]) -> Vec<(&'static str, String)> {
    let rule = builtin()
        .rules
        .iter()
        .find(|rule| rule.sensitive)
        .expect("a built-in rule is sensitive");
    let lines = LineIndex::new(bytes);
    let mut findings: Vec<_> = secrets
        .iter()
        .map(|range| rule.finding(path, lines.locate(bytes, range.clone()), &bytes[range.clone()]))
        .collect();
    share_secrets(&mut findings);
    let outcome = Outcome {
        findings,
        scanned: 1,
        ..Outcome::default()
    };
    [
        ("human", Format::Human),
        ("json", Format::Json),
        ("jsonl", Format::Jsonl),
        ("sarif", Format::Sarif),
        ("github", Format::Github),
        ("gitlab", Format::Gitlab),
        ("junit", Format::Junit),
    ]
    .into_iter()
    .map(|(name, format)| {
        let style = Style {
            format,
            color: false,
            show_secrets: false,
            verbose: true,
            quiet: false,
        };
        let mut out = Vec::new();
        report::write(&mut out, &outcome, &RuleSet::default(), style).expect("writing to memory");
        (name, String::from_utf8(out).expect("reports are UTF-8"))
    })
    .collect()
}
