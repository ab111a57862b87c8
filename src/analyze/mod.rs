//! Detectors that must understand a file, not just match it. Each is one
//! [`Analyzer`], listed once in [`REGISTRY`] and run from here: per blob
//! by the scanner ([`blob_hits`]), per workspace by the pipeline
//! ([`analyze_workspace`]). Their rules' text, examples and docs live in
//! `patterns/` under `analyzer = "NAME"`; they report those rules by the
//! typed ids `build.rs` generates ([`crate::rules::id`]).
//!
//! - [`django`]: Django settings resolved the way Django resolves them.
//! - [`authz`]: authorization in Django and DRF views.
//! - [`flask`]: Flask configuration: config classes, the app object, `app.run`.
//! - [`python_code`]: Python call patterns that need the syntax tree.
//! - [`python`]: the fault-tolerant Python reader both use.
//! - [`dependencies`]: Python pins at versions with published advisories.

pub(crate) mod authz;
pub(crate) mod dependencies;
pub(crate) mod django;
pub(crate) mod flask;
pub(crate) mod python;
pub(crate) mod python_code;

use std::collections::BTreeSet;
use std::ops::Range;

use crate::finding::{Finding, Severity};
use crate::rules::id::{AnalyzerRules, RuleId};
use crate::rules::{Rule, RuleSet};
use crate::source::workspace::Workspace;

/// What an analyser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reads {
    /// One blob at a time, run by the scanner when the blob holds a
    /// keyword of one of the analyser's rules.
    Blob,
    /// A whole tree (the index, a commit's tree, the disk), run once per
    /// scan when the scan touches a path the analyser wakes on.
    Workspace,
}

/// What an analyser is: the rules it reports (its name and every id, a
/// test checks each has examples) and what it reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct About {
    pub(crate) rules: AnalyzerRules,
    pub(crate) reads: Reads,
}

impl About {
    pub(crate) fn new(rules: AnalyzerRules, reads: Reads) -> Self {
        About { rules, reads }
    }
}

/// A detector that understands files.
pub(crate) trait Analyzer: Sync {
    fn about(&self) -> About;
    /// Whether a change to `path` can change what it reports.
    fn wakes_on(&self, path: &str) -> bool;
    /// Whether it judges the file at `path` itself (not only reads it):
    /// history runs it again on each commit that brings such a file in.
    fn judges(&self, path: &str) -> bool {
        self.wakes_on(path)
    }
    /// [`Reads::Blob`]: the places in `bytes` where the `wanted` rules match.
    fn blob(&self, _path: &str, _bytes: &[u8], _wanted: &[RuleId]) -> Vec<Hit> {
        Vec::new()
    }
    /// [`Reads::Workspace`]: the findings in `workspace`; with `focus` (the
    /// paths a change touches), only those the change can affect.
    fn workspace(
        &self,
        _workspace: &dyn Workspace,
        _rules: &RuleSet,
        _focus: Option<&BTreeSet<String>>,
    ) -> Analysis {
        Analysis::default()
    }
}

/// Every analyser keyward has: adding one is a line here.
pub(crate) const REGISTRY: &[&dyn Analyzer] = &[
    &django::DjangoSettings,
    &authz::DjangoAuthz,
    &python_code::PythonCode,
    &flask::Flask,
    &dependencies::Dependencies,
];

/// One place a blob analyser's rule matched.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub(crate) rule: RuleId,
    /// Byte range of the offending expression.
    pub(crate) range: Range<usize>,
    pub(crate) severity: Severity,
    pub(crate) note: String,
}

/// What a workspace analysis found, and how it decided (for `-v`).
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    pub(crate) findings: Vec<Finding>,
    pub(crate) notes: Vec<String>,
    /// What the user must hear even without `-v` (stale advisory data),
    /// once per run.
    pub(crate) notices: Vec<String>,
}

/// Runs the blob analysers that `woken` (the rules whose keywords the blob
/// holds) names, on a blob at `path`; each hit with its rule.
pub(crate) fn blob_hits<'r>(path: &str, bytes: &[u8], woken: &[&'r Rule]) -> Vec<(&'r Rule, Hit)> {
    let mut hits = Vec::new();
    for analyzer in REGISTRY
        .iter()
        .filter(|analyzer| analyzer.about().reads == Reads::Blob && analyzer.wakes_on(path))
    {
        let about = analyzer.about();
        let mine: Vec<&Rule> = woken
            .iter()
            .copied()
            .filter(|rule| rule.analyzer.as_deref() == Some(about.rules.name))
            .collect();
        let wanted: Vec<RuleId> = about
            .rules
            .ids
            .iter()
            .copied()
            .filter(|id| mine.iter().any(|rule| rule.id == id.as_str()))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        for hit in analyzer.blob(path, bytes, &wanted) {
            if let Some(rule) = mine.iter().find(|rule| rule.id == hit.rule.as_str()) {
                hits.push((*rule, hit));
            }
        }
    }
    hits
}

/// Runs every workspace analyser that has a rule loaded in `rules` and,
/// with `focus`, wakes on one of its paths: a staged requirements.txt
/// does not make the settings analysis read the project.
pub(crate) fn analyze_workspace(
    workspace: &dyn Workspace,
    rules: &RuleSet,
    focus: Option<&BTreeSet<String>>,
) -> Analysis {
    let mut all = Analysis::default();
    let woken =
        |analyzer: &&dyn Analyzer| focus.is_none_or(|focus| focus.iter().any(|path| analyzer.wakes_on(path)));
    for analyzer in workspace_analyzers(rules).filter(woken) {
        let analysis = analyzer.workspace(workspace, rules, focus);
        all.findings.extend(analysis.findings);
        all.notes.extend(analysis.notes);
        all.notices.extend(analysis.notices);
    }
    all
}

/// Whether a change touching `paths` wakes a workspace analyser.
pub(crate) fn wakes_on(rules: &RuleSet, mut paths: impl Iterator<Item = impl AsRef<str>>) -> bool {
    let analyzers: Vec<_> = workspace_analyzers(rules).collect();
    paths.any(|path| analyzers.iter().any(|analyzer| analyzer.wakes_on(path.as_ref())))
}

/// Whether a workspace analyser judges the file at `path`.
pub(crate) fn judges(rules: &RuleSet, path: &str) -> bool {
    workspace_analyzers(rules).any(|analyzer| analyzer.judges(path))
}

/// The workspace analysers with at least one rule loaded: a scan with
/// `--rules aws` reads no settings.
fn workspace_analyzers(rules: &RuleSet) -> impl Iterator<Item = &'static dyn Analyzer> + '_ {
    REGISTRY.iter().copied().filter(|analyzer| {
        let about = analyzer.about();
        about.reads == Reads::Workspace
            && rules
                .rules
                .iter()
                .any(|rule| rule.analyzer.as_deref() == Some(about.rules.name))
    })
}

#[cfg(test)]
mod tests {
    use super::REGISTRY;
    use crate::rules::id::ANALYZER_NAMES;
    use crate::rules::RuleSet;

    /// An analyser that reported an id missing from `patterns/` would have
    /// its finding dropped; one without examples would prove nothing.
    #[test]
    fn every_rule_an_analyser_emits_is_a_builtin_rule_with_examples() {
        let rules = RuleSet::builtin().expect("built-in packs load");
        for analyzer in REGISTRY {
            let emits = analyzer.about().rules;
            assert!(!emits.ids.is_empty(), "{} emits nothing", emits.name);
            for id in emits.ids {
                let rule = rules
                    .get(id.as_str())
                    .unwrap_or_else(|| panic!("{} emits {id:?}, which patterns/ lacks", emits.name));
                assert_eq!(rule.analyzer.as_deref(), Some(emits.name), "{}", rule.id);
                assert!(
                    !rule.examples.is_empty() && !rule.counterexamples.is_empty(),
                    "{} has no examples",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn every_analyser_the_packs_name_is_registered_once() {
        let mut names: Vec<&str> = REGISTRY
            .iter()
            .map(|analyzer| analyzer.about().rules.name)
            .collect();
        names.sort_unstable();
        assert_eq!(names, ANALYZER_NAMES);
    }
}
