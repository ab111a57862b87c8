//! Django settings, judged as Django would judge them in production, from
//! the files alone: find the settings modules and their roles
//! ([`modules`]), compute each production module's effective settings
//! through its star imports ([`resolve`]), and check them ([`checks`]).

mod checks;
mod modules;
mod resolve;
mod unnamed;

use std::collections::{BTreeMap, BTreeSet};

use super::{About, Analysis, Analyzer, Reads};
use crate::finding::Finding;
use crate::rules::id::django_settings;
use crate::rules::RuleSet;
use crate::source::workspace::Workspace;
use modules::{discover, Role, SettingsModule};
use resolve::Resolver;

/// The `django-settings` analyser; its rules live in `patterns/django.toml`.
pub(crate) struct DjangoSettings;

impl Analyzer for DjangoSettings {
    fn about(&self) -> About {
        About::new(django_settings::RULES, Reads::Workspace)
    }

    /// Settings modules and entry points (`manage.py`, `wsgi.py`).
    fn judges(&self, path: &str) -> bool {
        modules::is_relevant(path)
    }

    /// Any Python file: a production module's import chain can reach it.
    fn wakes_on(&self, path: &str) -> bool {
        path.ends_with(".py")
    }

    fn workspace(
        &self,
        workspace: &dyn Workspace,
        rules: &RuleSet,
        focus: Option<&BTreeSet<String>>,
    ) -> Analysis {
        analyze(workspace, rules, focus)
    }
}

/// Analyses the settings modules of `workspace`. With `focus` (the paths a
/// staged change touches), only modules in it, and production modules
/// whose import chain reaches into it, are judged.
fn analyze(workspace: &dyn Workspace, rules: &RuleSet, focus: Option<&BTreeSet<String>>) -> Analysis {
    let mut analysis = Analysis::default();
    let project = discover(workspace, focus);
    let entry_point_touched =
        focus.is_some_and(|focus| focus.iter().any(|path| modules::is_entry_point(path)));
    let in_focus = |path: &str| focus.is_none_or(|focus| focus.contains(path));
    let mut resolver = Resolver::new(workspace);
    let mut sink = checks::Sink::new(rules, workspace);
    for point in &project.entry_points {
        if in_focus(&point.path) {
            checks::settings_default(&mut sink, point);
        }
    }
    for module in &project.modules {
        let own_chain = in_focus(&module.path) || entry_point_touched;
        if let Role::Production { .. } = module.role {
            // The import chain matters only when the module itself is not in focus.
            if !own_chain && !resolver.chain(&module.path).iter().any(|path| in_focus(path)) {
                continue;
            }
            analysis.notes.push(module.reason.clone());
            if let Some(namespace) = resolver.namespace(&module.path) {
                checks::production(&mut sink, module, &namespace);
            }
        } else if own_chain {
            analysis.notes.push(module.reason.clone());
        }
        if in_focus(&module.path) {
            let overriders = match module.role {
                Role::Base => overriders(&mut resolver, &project.modules, &module.path, "SECRET_KEY"),
                _ => Vec::new(),
            };
            if let Some(namespace) = resolver.namespace(&module.path) {
                checks::own(&mut sink, module, &namespace, &overriders);
            }
        }
    }
    analysis.notes.append(&mut resolver.notes);
    analysis.findings = merge(sink.findings);
    analysis
}

/// The production modules that inherit `base` when each of them sets `name`
/// itself, on every path; empty when one of them keeps `base`'s value, or
/// none inherits it (the base may then reach production unseen).
fn overriders(
    resolver: &mut Resolver<'_>,
    modules: &[SettingsModule],
    base: &str,
    name: &str,
) -> Vec<String> {
    let mut overriders = Vec::new();
    for module in modules
        .iter()
        .filter(|m| matches!(m.role, Role::Production { .. }))
    {
        if !resolver.chain(&module.path).iter().any(|path| path == base) {
            continue;
        }
        let Some(namespace) = resolver.namespace(&module.path) else {
            return Vec::new();
        };
        match namespace.get(name) {
            Some(binding) if binding.path != base && !binding.conditional => {
                overriders.push(module.path.clone());
            }
            _ => return Vec::new(),
        }
    }
    overriders
}

/// The files each production settings module's values come from (itself
/// first, then what it imports), for analysers that judge a setting this
/// one does not (DRF's permission policy). Only modules named like
/// settings: finding the others means reading every Python file, which
/// this analyser already pays for once.
pub(crate) fn production_chains(workspace: &dyn Workspace) -> Vec<std::rc::Rc<Vec<String>>> {
    let mut resolver = Resolver::new(workspace);
    discover(workspace, Some(&BTreeSet::new()))
        .modules
        .iter()
        .filter(|module| matches!(module.role, Role::Production { .. }))
        .map(|module| resolver.chain(&module.path))
        .collect()
}

/// One finding per place and rule: a base.py line effective in two
/// production modules is reported once, naming both.
fn merge(findings: Vec<Finding>) -> Vec<Finding> {
    let mut merged: BTreeMap<(String, String, u32, u32), Finding> = BTreeMap::new();
    for finding in findings {
        let key = (
            finding.rule.clone(),
            finding.path.clone(),
            finding.line,
            finding.column,
        );
        match merged.get_mut(&key) {
            Some(existing) => {
                if let (Some(mine), Some(theirs)) = (&mut existing.note, &finding.note) {
                    if !mine.contains(theirs.as_str()) {
                        mine.push_str("; ");
                        mine.push_str(theirs);
                    }
                }
            }
            None => {
                merged.insert(key, finding);
            }
        }
    }
    merged.into_values().collect()
}
