//! The `django-authz` analyser: authorization in Django and DRF views,
//! where "logged in" is taken for "allowed". It finds the views of each
//! Python file that looks like views ([`views`]), what guards them
//! ([`guards`]), what they fetch by a client-chosen id ([`fetches`],
//! [`sources`]), what ties that to the user ([`ties`]), whether they write
//! ([`writes`]) and whether they are public on purpose ([`public`]), and
//! judges each ([`judge`]). The URLconfs say which arguments come from the
//! URL ([`urls`]); the production settings say DRF's default policy
//! ([`settings`]). Reads a workspace: URLconfs and settings live in other
//! files than the views. Its rules live in `patterns/django-authz.toml`.

mod fetches;
mod guards;
mod judge;
mod public;
mod settings;
mod sources;
mod ties;
mod urls;
mod views;
mod writes;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::{About, Analysis, Analyzer, Reads};
use crate::analyze::python::Module;
use crate::finding::place::LineIndex;
use crate::finding::Finding;
use crate::rules::id::{django_authz, RuleId};
use crate::rules::RuleSet;
use crate::source::workspace::Workspace;
use guards::Guard;
use urls::UrlConf;

pub(crate) struct DjangoAuthz;

impl Analyzer for DjangoAuthz {
    fn about(&self) -> About {
        About::new(django_authz::RULES, Reads::Workspace)
    }

    /// Views, URLconfs and settings are all Python.
    fn wakes_on(&self, path: &str) -> bool {
        path.ends_with(".py")
    }

    /// Nothing for `history`: an old commit's authorization is no leak,
    /// and re-running view analysis on every commit that touched Python
    /// would cost a history scan most of its time.
    fn judges(&self, _path: &str) -> bool {
        false
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

fn analyze(workspace: &dyn Workspace, rules: &RuleSet, focus: Option<&BTreeSet<String>>) -> Analysis {
    let mut analysis = Analysis::default();
    // DRF's policy takes reading the settings: a staged change pays for it
    // only when it touches settings or a file that uses DRF.
    let needs_policy = focus.is_none_or(|focus| {
        focus.iter().any(|path| {
            path.ends_with(".py")
                && (path.contains("settings")
                    || workspace
                        .read(path)
                        .is_some_and(|source| memchr::memmem::find(&source, b"rest_framework").is_some()))
        })
    });
    let (drf_default, open_defaults) = match needs_policy {
        true => settings::drf_default(workspace, focus),
        false => (Guard::Open, Vec::new()),
    };
    let pending = !open_defaults.is_empty();
    let in_focus = |path: &str| focus.is_none_or(|focus| focus.contains(path));
    // An open default matters through the writing API views that rely on
    // it: with one pending, every view file is read to find them. Files
    // are read here, one at a time (a workspace is not shared between
    // threads), and parsed in parallel: parsing is most of the cost.
    // Without one, only the files in focus: a look-up each, not a pass
    // over every path (in history, every path the history holds).
    let candidates = match focus {
        Some(focus) if !pending => workspace.present(focus),
        _ => workspace.paths().iter().collect(),
    };
    // What a file read only for its views relying on the open default
    // holds is remembered by its blob: history analyses commit after
    // commit that hold the same views.
    let blob_to_remember = |path: &str| {
        (pending && !in_focus(path))
            .then(|| workspace.blob(path))
            .flatten()
    };
    let mut files: Vec<File> = Vec::new();
    for path in candidates.into_iter().filter(|path| may_hold_views(path)) {
        let blob = blob_to_remember(path);
        if let Some(names) = blob.and_then(|blob| RELYING.with_borrow(|known| known.get(&blob).cloned())) {
            files.push(File::Known(path, names));
            continue;
        }
        let Some(source) = workspace.read(path) else {
            continue;
        };
        match looks_like_views(&source) {
            true => files.push(File::Unjudged(path, source.into_owned(), blob)),
            false => {
                if let Some(blob) = blob {
                    RELYING.with_borrow_mut(|known| known.insert(blob, Arc::from([])));
                }
            }
        }
    }
    let urls = match files
        .iter()
        .any(|file| matches!(file, File::Unjudged(path, ..) if in_focus(path)))
    {
        true => UrlConf::read(workspace),
        false => UrlConf::default(),
    };
    let judge = |path: &str, source: &[u8]| -> (Vec<Finding>, Arc<[String]>) {
        let Some(module) = Module::parse(source) else {
            return (Vec::new(), Arc::from([]));
        };
        let views = views::discover(&module);
        let relying: Arc<[String]> = match pending {
            false => Arc::from([]),
            true => views
                .iter()
                .filter(|view| judge::relies_on_open_default(&module, view))
                .map(|view| view.name.clone())
                .collect(),
        };
        let mut findings = Vec::new();
        if in_focus(path) {
            for view in &views {
                for verdict in judge::view(&module, view, &urls, drf_default) {
                    findings.extend(finding(
                        rules,
                        path,
                        source,
                        verdict.rule,
                        verdict.range,
                        verdict.note,
                    ));
                }
            }
        }
        (findings, relying)
    };
    // A hook's one or two view files are parsed on the calling thread:
    // starting the thread pool would cost more than it saves.
    let unjudged = files
        .iter()
        .filter(|file| matches!(file, File::Unjudged(..)))
        .count();
    let judge_file = |file: &File| match file {
        File::Known(_, names) => (Vec::new(), names.clone()),
        File::Unjudged(path, source, _) => judge(path, source),
    };
    let judged: Vec<(Vec<Finding>, Arc<[String]>)> = match unjudged > 2 {
        true => files.par_iter().map(judge_file).collect(),
        false => files.iter().map(judge_file).collect(),
    };
    let mut relying: Vec<String> = Vec::new();
    for (file, (findings, names)) in files.iter().zip(judged) {
        if let File::Unjudged(_, _, Some(blob)) = file {
            RELYING.with_borrow_mut(|known| known.insert(*blob, names.clone()));
        }
        analysis.findings.extend(findings);
        relying.extend(names.iter().map(|name| format!("{name} ({})", file.path())));
    }
    if let Some(first) = relying.first() {
        let others = match relying.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        for open in open_defaults {
            let note = format!(
                "{}; {first}{others} write with no permission_classes of their own",
                open.note
            );
            analysis.findings.extend(finding(
                rules,
                &open.path,
                &open.module.source,
                django_authz::DJANGO_AUTHZ_ALLOW_ANY_WRITE,
                open.range,
                note,
            ));
        }
    }
    analysis
}

thread_local! {
    /// The views that rely on an open DRF default, by the blob of their
    /// file, for the files read only to find them.
    static RELYING: RefCell<HashMap<git2::Oid, Arc<[String]>>> = RefCell::default();
}

/// A file that may hold views.
enum File<'p> {
    /// Its views that rely on the open default are remembered.
    Known(&'p String, Arc<[String]>),
    /// Read, to be parsed and judged; with its blob when what it holds is
    /// to be remembered.
    Unjudged(&'p String, Vec<u8>, Option<git2::Oid>),
}

impl File<'_> {
    fn path(&self) -> &str {
        match self {
            File::Known(path, _) | File::Unjudged(path, ..) => path,
        }
    }
}

/// Application code, not tests, migrations or settings.
fn may_hold_views(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.ends_with(".py")
        && !name.starts_with("test")
        && !name.ends_with("_tests.py")
        && !path
            .split('/')
            .rev()
            .skip(1)
            .any(|folder| matches!(folder, "tests" | "test" | "migrations" | "settings"))
}

/// A cheap look before parsing (which costs most of the analysis): a
/// function whose first parameter is the request, or a class on a view.
fn looks_like_views(source: &[u8]) -> bool {
    [
        &b"(request"[..],
        b"(self, request",
        b"View)",
        b"View,",
        b"ViewSet",
    ]
    .iter()
    .any(|marker| memchr::memmem::find(source, marker).is_some())
}

/// A finding of `rule` at `range` in the file, unless the rule is not loaded.
fn finding(
    rules: &RuleSet,
    path: &str,
    source: &[u8],
    rule: RuleId,
    range: Range<usize>,
    note: String,
) -> Option<Finding> {
    let rule = rules.get(rule.as_str())?;
    let place = LineIndex::new(source).locate(source, range);
    let shown = place.text[place.span.0..place.span.1].to_string();
    let mut finding = rule.finding(path, place, shown.as_bytes());
    finding.note = Some(note);
    Some(finding)
}

#[cfg(test)]
mod tests {
    use super::may_hold_views;

    #[test]
    fn views_are_looked_for_outside_tests_migrations_and_settings_folders() {
        for path in [
            "views.py",
            "shop/views.py",
            "mytests/views.py",
            "app/testing_views/api.py",
        ] {
            assert!(may_hold_views(path), "{path}");
        }
        for path in [
            "app/tests.py",
            "tests/views.py",
            "app/tests/views.py",
            "app/test/api.py",
            "app/migrations/0001_initial.py",
            "project/settings/base.py",
            "app/test_views.py",
            "app/view_tests.py",
            "app/views.txt",
        ] {
            assert!(!may_hold_views(path), "{path}");
        }
    }
}
