//! Django settings, judged as Django would judge them in production, from
//! the files alone: find the settings modules and their roles
//! ([`modules`]), compute each production module's effective settings
//! through its star imports ([`resolve`]), and check them ([`checks`]),
//! with the URLconfs production routes through ([`urls`]).

mod checks;
mod modules;
mod outline;
mod resolve;
mod unnamed;
mod urls;

use std::collections::{BTreeMap, BTreeSet};

use super::{About, Analysis, Analyzer, Reads};
use crate::analyze::python::eval::{Outcome, Py};
use crate::finding::{Finding, Text};
use crate::rules::id::django_settings;
use crate::rules::RuleSet;
use crate::source::workspace::Workspace;
use modules::{discover, Role, SettingsModule};
use resolve::{Namespace, Resolver};

/// The `django-settings` analyser; its rules live in `patterns/django.toml`.
pub(crate) struct DjangoSettings;

impl Analyzer for DjangoSettings {
    fn about(&self) -> About {
        About::new(django_settings::RULES, Reads::Workspace)
    }

    /// Settings modules, entry points (`manage.py`, `wsgi.py`) and URLconfs.
    fn judges(&self, path: &str) -> bool {
        modules::is_relevant(path) || urls::is_urlconf(path)
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
    let mut production_judged = false;
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
                production_judged = true;
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
    serving(
        &mut sink,
        workspace,
        &mut resolver,
        &project.modules,
        focus,
        production_judged,
    );
    analysis.notes.append(&mut resolver.notes);
    analysis.findings = merge(sink.findings);
    analysis
}

/// Judges the URLconfs that production routes through: each production
/// module's ROOT_URLCONF, and every other `urls.py` of the project (an
/// app's, which the root may include). All of them once a production
/// module was judged (its DEBUG or ROOT_URLCONF may have changed), else
/// those in `focus`.
fn serving(
    sink: &mut checks::Sink<'_>,
    workspace: &dyn Workspace,
    resolver: &mut Resolver<'_>,
    settings: &[SettingsModule],
    focus: Option<&BTreeSet<String>>,
    production_judged: bool,
) {
    // Every route that serves files names a module of django's with
    // `static` in it (`django.views.static`, `django.conf.urls.static`).
    let routes_of = |path: &str| match workspace.read(path) {
        Some(source)
            if [b"static".as_slice(), b"django"]
                .iter()
                .all(|word| memchr::memmem::find(&source, word).is_some()) =>
        {
            urls::unguarded(&source)
        }
        _ => Vec::new(),
    };
    // Without a production module judged, only the focused files count:
    // read their routes first, and spare production's settings a change
    // that routes nothing.
    let mut focused: BTreeMap<&str, Vec<urls::Route>> = BTreeMap::new();
    if !production_judged {
        for path in focus.into_iter().flatten().filter(|path| path.ends_with(".py")) {
            let routes = routes_of(path);
            if !routes.is_empty() {
                focused.insert(path, routes);
            }
        }
        if focused.is_empty() {
            return;
        }
    }
    let mut production = Vec::new();
    for module in settings
        .iter()
        .filter(|m| matches!(m.role, Role::Production { .. }))
    {
        if let Some(names) = resolver.namespace(&module.path) {
            production.push((module, names));
        }
    }
    // An app's urls.py is judged by an explicit production module, if any.
    let Some((first, first_names)) = production
        .iter()
        .find(|(module, _)| module.role == (Role::Production { explicit: true }))
        .or(production.first())
    else {
        return; // No production settings known: nothing says what deploys.
    };
    let mut roots: BTreeMap<String, (&SettingsModule, &Namespace)> = BTreeMap::new();
    for (module, names) in &production {
        let root = names
            .get("ROOT_URLCONF")
            .filter(|binding| !binding.conditional)
            .and_then(|binding| match &binding.value.unset {
                Outcome::Value(Py::Str(dotted)) => modules::resolve_absolute(workspace, dotted),
                _ => None,
            });
        if let Some(root) = root {
            roots.entry(root).or_insert((module, names));
        }
    }
    // Every URLconf's path has `urls` in it; a root is any module.
    let judged: BTreeSet<&str> = workspace
        .containing("urls")
        .into_iter()
        .map(String::as_str)
        .filter(|path| urls::is_urlconf(path))
        .chain(roots.keys().map(String::as_str))
        .collect();
    for path in judged {
        let root = roots.get(path).copied();
        let routes = match production_judged {
            true => routes_of(path),
            false => focused.remove(path).unwrap_or_default(),
        };
        let (module, names) = root.unwrap_or((first, first_names));
        checks::serving(sink, path, &routes, module, names, root.is_some());
    }
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
    let mut merged: BTreeMap<(Text, String, u32, u32), Finding> = BTreeMap::new();
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
