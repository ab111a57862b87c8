//! Every rule proves itself: each example must produce a finding of the
//! rule, and no counterexample may. Examples go through every detector (the
//! rules engine and the analysers), as a file at the example's path. Run by
//! the test suite for the built-in packs, and whenever a user's rules load.

use crate::analyze;
use crate::finding::Text;
use crate::rules::{Example, Rule, RuleSet};
use crate::scan::Scanner;
use crate::source::workspace::MemoryFiles;
use crate::source::Blob;

/// One example that did not behave.
#[derive(Debug)]
pub struct Failure {
    pub rule: Text,
    pub origin: Text,
    pub example: Example,
    /// True when the text should have been found.
    pub expected: bool,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, verb) = match self.expected {
            true => ("example", "is not found"),
            false => ("counterexample", "is found"),
        };
        write!(
            f,
            "rule {} ({}): {kind} at {:?} {verb}: {}",
            self.rule,
            self.origin,
            self.example.path,
            shown(&self.example.text)
        )
    }
}

/// An example as an error may print it: examples are often real-looking
/// tokens, so only where it starts and how long it is.
fn shown(text: &str) -> String {
    format!(
        "{} ({} characters)",
        crate::finding::redact(text),
        text.chars().count()
    )
}

/// Scans the examples of the rules `which` picks (a user's rules when
/// their configuration loads) with the whole rule set, so fallback rules
/// are judged as they run, and lists what went wrong.
pub fn check_some(rules: &RuleSet, which: impl Fn(&Rule) -> bool) -> Vec<Failure> {
    let scanner = Scanner::new(rules);
    let mut failures = Vec::new();
    for rule in rules.rules.iter().filter(|rule| which(rule)) {
        let cases = rule
            .examples
            .iter()
            .map(|example| (example, true))
            .chain(rule.counterexamples.iter().map(|example| (example, false)));
        for (example, expected) in cases {
            let blob = Blob {
                path: example.path.to_string(),
                bytes: example.text.as_bytes().to_vec(),
                added_lines: None,
                object: None,
            };
            let workspace = MemoryFiles::beside(&blob.path, &blob.bytes, &example.beside);
            let mut findings = analyze::analyze_workspace(&workspace, rules, None).findings;
            findings.extend(scanner.scan(&blob));
            crate::scan::drop_shadowed(&mut findings, rules);
            let found = findings.iter().any(|finding| finding.rule == rule.id);
            if found != expected {
                failures.push(Failure {
                    rule: rule.id.clone(),
                    origin: rule.origin.clone(),
                    example: example.clone(),
                    expected,
                });
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::check_some;
    use crate::rules::RuleSet;

    #[test]
    fn every_builtin_rule_compiles() {
        let rules = RuleSet::builtin().expect("built-in packs load");
        for rule in &rules.rules {
            rule.check().unwrap_or_else(|err| panic!("{err}"));
        }
    }

    #[test]
    fn every_builtin_example_behaves() {
        let rules = RuleSet::builtin().expect("built-in packs load");
        let failures: Vec<String> = check_some(&rules, |_| true)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }
}
