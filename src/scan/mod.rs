//! The engine. One Aho-Corasick pass over each blob ([`prefilter`]) finds
//! which rules could match; only those rules' regexes run, and entropy and
//! allowlists confirm what they capture. [`parallel`] spreads blobs over
//! all cores.

mod entropy;
mod lines;
pub mod parallel;
mod prefilter;
mod randomness;
pub mod selftest;

use crate::finding::{fingerprint, Finding};
use crate::rules::{Rule, RuleSet};
use crate::source::Blob;
pub use entropy::shannon;
use lines::LineIndex;
use prefilter::Prefilter;

/// Runs a rule set over blobs. Cheap to share between threads.
pub struct Scanner<'r> {
    rules: &'r RuleSet,
    prefilter: Prefilter,
}

impl<'r> Scanner<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        Scanner {
            prefilter: Prefilter::new(&rules.rules),
            rules,
        }
    }

    /// Every match of every rule in the blob, in rule order.
    pub fn scan(&self, blob: &Blob) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut lines = None;
        for index in self.prefilter.candidates(&blob.bytes) {
            let rule = &self.rules.rules[index];
            for pattern in rule.patterns.iter().filter(|p| p.applies_to(&blob.path)) {
                if pattern
                    .unless
                    .as_ref()
                    .is_some_and(|unless| unless.get().is_match(&blob.bytes))
                {
                    continue;
                }
                for captures in pattern.regex.get().captures_iter(&blob.bytes) {
                    let Some(secret) = captures
                        .name("secret")
                        .or_else(|| captures.get(1))
                        .or_else(|| captures.get(0))
                    else {
                        continue;
                    };
                    if secret.is_empty() || !confirmed(rule, secret.as_bytes()) {
                        continue;
                    }
                    let lines = lines.get_or_insert_with(|| LineIndex::new(&blob.bytes));
                    findings.push(finding(rule, blob, lines, secret.range()));
                }
            }
        }
        drop_shadowed(&mut findings, self.rules);
        findings
    }
}

/// Entropy floor, randomness test and allowlist.
fn confirmed(rule: &Rule, secret: &[u8]) -> bool {
    rule.entropy.is_none_or(|floor| shannon(secret) >= floor)
        && (!rule.randomness || randomness::looks_random(secret))
        && !rule.allow.get().is_match(secret)
}

fn finding(rule: &Rule, blob: &Blob, lines: &LineIndex, range: std::ops::Range<usize>) -> Finding {
    let place = lines.locate(&blob.bytes, range.clone());
    let secret = &blob.bytes[range];
    Finding {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        severity: rule.severity,
        path: blob.path.clone(),
        line: place.line,
        column: place.column,
        line_text: place.text,
        secret_span: place.span,
        secret: String::from_utf8_lossy(secret).into_owned(),
        sensitive: rule.sensitive,
        fingerprint: fingerprint(&rule.id, &blob.path, secret),
        remediation: rule.remediation.clone(),
        docs: rule.docs.clone(),
        note: None,
    }
}

/// One report per place: a rule that matched the same secret twice (two of
/// its patterns) reports it once, and a fallback rule (the generic ones)
/// stays silent where a specific rule already reported the same place.
fn drop_shadowed(findings: &mut Vec<Finding>, rules: &RuleSet) {
    let is_fallback = |finding: &Finding| rules.get(&finding.rule).is_some_and(|rule| rule.fallback);
    // Specific findings first, so they win against fallbacks.
    findings.sort_by_key(|finding| is_fallback(finding));
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        let shadowed = kept
            .iter()
            .any(|other| overlaps(other, &finding) && (other.rule == finding.rule || is_fallback(&finding)));
        if !shadowed {
            kept.push(finding);
        }
    }
    *findings = kept;
}

fn overlaps(a: &Finding, b: &Finding) -> bool {
    let end = |f: &Finding| f.column as usize + f.secret.len();
    a.line == b.line && (a.column as usize) < end(b) && (b.column as usize) < end(a)
}
