//! The engine. One Aho-Corasick pass over each blob ([`prefilter`]) finds
//! which rules could match; only those rules' regexes run, and entropy and
//! allowlists confirm what they capture. [`parallel`] spreads blobs over
//! all cores. The blob analysers run here too, woken by the same
//! keywords ([`analyze::blob_hits`]).

mod credential_name;
mod entropy;
mod known;
mod pairs;
pub mod parallel;
mod pieces;
mod prefilter;
mod randomness;
mod required;
mod shape;
mod syntax;
mod window;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::analyze;
use crate::finding::place::LineIndex;
use crate::finding::shown::share_secrets;
use crate::finding::Finding;
use crate::rules::{PatternRegex, Rule, RuleSet};
use crate::source::Blob;
pub use entropy::shannon;
use prefilter::Prefilter;
use syntax::Syntax;

/// Runs a rule set over blobs. Cheap to share between threads.
pub struct Scanner<'r> {
    rules: &'r RuleSet,
    /// Built at the first blob: a hook with nothing to scan never pays for it.
    prefilter: OnceLock<Prefilter>,
    volume: bool,
    /// For each rule, each pattern: what its syntax tells, read when first
    /// woken.
    syntax: Vec<Vec<OnceLock<Syntax>>>,
    /// For a scan of volume, each pattern's regex with literal prefilters,
    /// built when first woken
    /// ([`crate::rules::Compiled::with_prefilters`]); empty
    /// otherwise.
    prefiltered: Vec<Vec<OnceLock<PatternRegex>>>,
}

/// One empty cell for each pattern of each rule.
fn per_pattern<T>(rules: &RuleSet) -> Vec<Vec<OnceLock<T>>> {
    rules
        .rules
        .iter()
        .map(|rule| rule.patterns.iter().map(|_| OnceLock::new()).collect())
        .collect()
}

impl<'r> Scanner<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        Self::build(rules, false)
    }

    /// For scans of many blobs (history): a costlier set-up that reads
    /// each blob faster.
    pub fn for_volume(rules: &'r RuleSet) -> Self {
        Self::build(rules, true)
    }

    fn build(rules: &'r RuleSet, volume: bool) -> Self {
        Scanner {
            prefilter: OnceLock::new(),
            volume,
            syntax: per_pattern(rules),
            prefiltered: match volume {
                true => per_pattern(rules),
                false => Vec::new(),
            },
            rules,
        }
    }

    /// Every match of every rule in the blob, in rule order.
    pub fn scan(&self, blob: &Blob) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut lines = None;
        let mut lower = None;
        let mut woken = Vec::new();
        let candidates = self
            .prefilter
            .get_or_init(|| Prefilter::new(&self.rules.rules, self.volume))
            .candidates(&blob.bytes);
        for (index, starts) in candidates.rules() {
            let rule = &self.rules.rules[index];
            if rule.analyzer.is_some() {
                woken.push(rule);
            }
            for (at, pattern) in rule.patterns.iter().enumerate() {
                if !pattern.applies_to(&blob.path) {
                    continue;
                }
                let syntax = self.syntax[index][at].get_or_init(|| known::syntax(pattern.regex.source()));
                let within = match starts {
                    Some(starts) if syntax.line_bound => window::lines(&blob.bytes, starts),
                    _ => std::iter::once(0..blob.bytes.len()).collect(),
                };
                let prefiltered = self.volume.then(|| &self.prefiltered[index][at]);
                let built = prefiltered.map_or(pattern.regex.is_built(), |regex| regex.get().is_some());
                // Only before it is compiled: after, the check would cost
                // each blob a lowercase copy to spare a quick search.
                if !built
                    && !syntax.required.found(
                        lower.get_or_insert_with(|| blob.bytes.to_ascii_lowercase()),
                        &within,
                    )
                {
                    continue;
                }
                if pattern
                    .unless
                    .as_ref()
                    .is_some_and(|unless| unless.get().is_match(&blob.bytes))
                {
                    continue;
                }
                let regex = match prefiltered {
                    Some(regex) => regex.get_or_init(|| pattern.regex.with_prefilters()),
                    None => pattern.regex.get(),
                };
                let found = within
                    .into_iter()
                    .flat_map(|within| window::captures(regex, &blob.bytes, within));
                for captures in found {
                    let group = |name: &str| captures.get_group_by_name(name).map(|span| span.range());
                    let Some(secret) = group("secret")
                        .or_else(|| captures.get_group(1).map(|span| span.range()))
                        .or_else(|| captures.get_group(0).map(|span| span.range()))
                    else {
                        continue;
                    };
                    let value = &blob.bytes[secret.clone()];
                    if value.is_empty()
                        || !confirmed(rule, value)
                        || group("name").is_some_and(|name| !names_a_credential(&blob.bytes, name))
                        || (rule.randomness
                            && credential_name::also_names_something(&blob.bytes, secret.clone()))
                        || group("user").is_some_and(|user| repeats(&blob.bytes[user], value))
                        || credential_name::shown_as_placeholder(&blob.bytes, secret.start)
                    {
                        continue;
                    }
                    let lines = lines.get_or_insert_with(|| LineIndex::new(&blob.bytes));
                    findings.push(finding(rule, blob, lines, secret));
                }
            }
        }
        if !woken.is_empty() {
            for (rule, hit) in analyze::blob_hits(&blob.path, &blob.bytes, &woken) {
                let lines = lines.get_or_insert_with(|| LineIndex::new(&blob.bytes));
                let mut finding = finding(rule, blob, lines, hit.range);
                finding.severity = rule.graded(hit.severity);
                finding.note = Some(hit.note);
                findings.push(finding);
            }
        }
        drop_shadowed(&mut findings, self.rules);
        // Before any filter drops one: a baselined secret still hides in
        // its neighbour's frame.
        share_secrets(&mut findings);
        findings
    }
}

/// Entropy floor, randomness test and allowlist.
fn confirmed(rule: &Rule, secret: &[u8]) -> bool {
    rule.entropy.is_none_or(|floor| shannon(secret) >= floor)
        && (!rule.randomness || randomness::looks_random(secret))
        && !rule.allow.is_match(secret)
}

/// `user:user@`, `ctfduser:ctfd@`, `shop:shop-dev@`: a password and a user
/// name that repeat each other are a development default.
fn repeats(user: &[u8], password: &[u8]) -> bool {
    let within = |outer: &[u8], inner: &[u8]| memchr::memmem::find(outer, inner).is_some();
    within(user, password) || (user.len() >= 3 && within(password, user))
}

/// A pattern that captures the `name` a value is assigned to confirms it
/// names a credential, and is not one target of a tuple assignment.
fn names_a_credential(bytes: &[u8], name: std::ops::Range<usize>) -> bool {
    credential_name::is_credential(&bytes[name.clone()])
        && !credential_name::in_tuple(credential_name::line_before(bytes, name.start))
}

fn finding(rule: &Rule, blob: &Blob, lines: &LineIndex, range: std::ops::Range<usize>) -> Finding {
    let place = lines.locate(&blob.bytes, range.clone());
    let mut finding = rule.finding(&blob.path, place, &blob.bytes[range]);
    finding.object = blob.object;
    finding
}

/// One report per place: a rule that matched the same secret twice (two of
/// its patterns, or a pattern and an analyser) reports it once, and a
/// fallback rule (the generic ones) stays silent where a specific rule
/// already reported the same place. Earlier findings win.
pub fn drop_shadowed(findings: &mut Vec<Finding>, rules: &RuleSet) {
    let is_fallback = |finding: &Finding| rules.get(&finding.rule).is_some_and(|rule| rule.fallback);
    // Specific findings first (a stable sort keeps the order among them).
    findings.sort_by_key(|finding| is_fallback(finding));
    // A place is a line of one version of a file: in history the same path
    // holds many blobs.
    let mut kept_at: HashMap<(String, Option<git2::Oid>, u32), Vec<usize>> = HashMap::new();
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        let place = (finding.path.clone(), finding.object, finding.line);
        let shadowed = kept_at.get(&place).is_some_and(|indices| {
            indices.iter().any(|&i| {
                overlaps(&kept[i], &finding) && (kept[i].rule == finding.rule || is_fallback(&finding))
            })
        });
        if !shadowed {
            kept_at.entry(place).or_default().push(kept.len());
            kept.push(finding);
        }
    }
    *findings = kept;
}

fn overlaps(a: &Finding, b: &Finding) -> bool {
    let end = |f: &Finding| f.column as usize + f.secret.len().max(1);
    (a.column as usize) < end(b) && (b.column as usize) < end(a)
}
