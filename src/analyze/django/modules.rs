//! Which files are Django settings modules, and which of them run in
//! production. The module that `wsgi.py`/`asgi.py` name is what production
//! runs, whatever its file name, unless its name says development or test
//! while a production-named module exists: deployments set
//! `DJANGO_SETTINGS_MODULE`, and the default only serves whoever forgets
//! to. Otherwise names decide (prod, production, live, deploy, staging,
//! heroku; dev, local, development, test, ci); a lone `settings.py` serves
//! production too. Every decision carries its reason, for `-v`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::outline::read_outline;
use super::unnamed;
use crate::filter::context::shown_not_deployed;
use crate::finding::place::line_start;
use crate::source::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `explicit`: named production, or named by wsgi/asgi; otherwise a
    /// lone settings module that serves every environment.
    Production {
        explicit: bool,
    },
    /// Inherited by others (base.py, common.py); judged where it is effective.
    Base,
    Development,
    Test,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Production { .. } => "production",
            Role::Base => "base",
            Role::Development => "development",
            Role::Test => "test",
        })
    }
}

#[derive(Debug, Clone)]
pub struct SettingsModule {
    pub path: String,
    pub role: Role,
    pub reason: String,
}

const PRODUCTION_WORDS: &[&str] = &["prod", "production", "live", "deploy", "staging", "heroku"];
const DEVELOPMENT_WORDS: &[&str] = &["dev", "local", "development", "develop"];
/// Names of files meant to be copied.
const EXAMPLE_WORDS: &[&str] = &["example", "sample", "template", "dist"];
const TEST_WORDS: &[&str] = &["test", "tests", "testing", "ci"];
const BASE_WORDS: &[&str] = &[
    "base",
    "common",
    "defaults",
    "default",
    "shared",
    "core",
    "components",
];

/// The settings modules of a workspace, and the entry points that name them.
pub struct Project {
    pub modules: Vec<SettingsModule>,
    pub entry_points: Vec<EntryPoint>,
}

/// A `DJANGO_SETTINGS_MODULE` default in `wsgi.py`, `asgi.py` or `manage.py`.
#[derive(Debug, Clone)]
pub struct EntryPoint {
    pub path: String,
    /// The dotted module name it defaults to.
    pub module: String,
    /// That module's file, when the workspace holds it.
    pub target: Option<String>,
    /// The byte range of the module name in the entry point.
    pub span: Range<usize>,
}

impl EntryPoint {
    /// wsgi/asgi serve requests; manage.py runs commands, in development first.
    pub fn serves(&self) -> bool {
        !self.path.ends_with("manage.py")
    }

    /// The default names a development or test module (`settings.dev`).
    pub fn names_development(&self) -> bool {
        let stem = self.module.rsplit('.').next().unwrap_or(&self.module);
        let words = words(stem);
        words
            .iter()
            .any(|word| DEVELOPMENT_WORDS.contains(word) || TEST_WORDS.contains(word))
    }
}

/// Finds and classifies every settings module in the workspace. Modules not
/// named like settings are read for what they assign only when in `focus`
/// (every module without one), so a staged scan reads little.
pub fn discover(workspace: &dyn Workspace, focus: Option<&BTreeSet<String>>) -> Project {
    let entry_points = entry_points(workspace);
    let named_like_settings: Vec<&String> = workspace
        .containing("settings")
        .into_iter()
        .filter(|path| path.ends_with(".py") && looks_like_settings(path) && !vendored(path))
        .collect();
    let production_named: Vec<&String> = named_like_settings
        .iter()
        .copied()
        .filter(|path| matches!(by_name(path), Some(Role::Production { .. })))
        .collect();
    // Beside a production-named module, a default that names development,
    // or a module that picks one (`try: from .dev import *` / `except:
    // from .prod import *`), names nothing that deploys: deployments set
    // DJANGO_SETTINGS_MODULE.
    let naming: Vec<(&str, &str)> = entry_points
        .iter()
        .filter_map(|point| Some((point.path.as_str(), point.target.as_deref()?, point)))
        .filter(|(_, target, point)| {
            production_named.is_empty() || !(point.names_development() || chooses(workspace, target))
        })
        .map(|(path, target, _)| (path, target))
        .collect();
    let wsgi_exists = naming.iter().any(|(point, _)| !point.ends_with("manage.py"));
    let django_project = !entry_points.is_empty();
    // Without a focus, any Python file may be settings by what it assigns.
    // With one, only a file named like settings, one an entry point names,
    // or one in focus: history asks on each commit it analyses, and should
    // pay for the settings, not for every path its history holds.
    let candidates: Vec<&String> = match focus {
        None => workspace.paths().iter().collect(),
        Some(focus) => {
            let mut candidates: Vec<&String> = named_like_settings
                .iter()
                .copied()
                .chain(entry_points.iter().filter_map(|point| point.target.as_ref()))
                .chain(workspace.present(focus))
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            candidates
        }
    };
    let mut modules = BTreeMap::new();
    for path in candidates {
        if !path.ends_with(".py") || vendored(path) {
            continue;
        }
        let mut defaulted = entry_points
            .iter()
            .filter(|point| point.target.as_deref() == Some(path.as_str()));
        let by_content = || {
            focus.is_none_or(|focus| focus.contains(path))
                && unnamed::assigns_settings(workspace, path, django_project)
        };
        if !(defaulted.clone().next().is_some() || looks_like_settings(path) || by_content()) {
            continue;
        }
        let named_by: Vec<&str> = naming
            .iter()
            .filter(|(_, target)| target == path)
            .map(|(point, _)| *point)
            .collect();
        let (role, mut reason) = classify(path, &named_by, wsgi_exists, production_named.is_empty());
        if let (Some(point), Some(production)) = (
            defaulted.find(|point| named_by.is_empty() && point.serves()),
            production_named.first(),
        ) {
            reason.push_str(&format!(
                ", though {} defaults to it: {production} exists, so deployments set DJANGO_SETTINGS_MODULE",
                point.path
            ));
        }
        modules.insert(
            path.clone(),
            SettingsModule {
                path: path.clone(),
                role,
                reason,
            },
        );
    }
    // What settings import is settings too, but production only by its own
    // settings-like name or an entry point: `from .prod_secrets import *`
    // is judged where production inherits it.
    let known: Vec<String> = modules.keys().cloned().collect();
    for (path, importers) in unnamed::imported(workspace, &known) {
        if vendored(&path) {
            continue;
        }
        let importer = importers.join(", ");
        let roles: Vec<Role> = importers
            .iter()
            .filter_map(|importer| modules.get(importer).map(|module: &SettingsModule| module.role))
            .collect();
        let importer_role = roles
            .first()
            .copied()
            .filter(|first| roles.iter().all(|role| role == first));
        let (role, reason) = match (by_name(&path), importer_role) {
            (Some(role @ (Role::Development | Role::Test)), _) => (
                role,
                format!("{path} is {role} settings (its name), imported by {importer}"),
            ),
            // What only development (or only test) imports is theirs.
            (_, Some(role @ (Role::Development | Role::Test))) => (
                role,
                format!("{path} is imported by {role} settings {importer}, judged as {role}"),
            ),
            _ => (
                Role::Base,
                format!("{path} is imported by settings module {importer}, judged as base"),
            ),
        };
        modules.insert(path.clone(), SettingsModule { path, role, reason });
    }
    Project {
        modules: modules.into_values().collect(),
        entry_points,
    }
}

/// Whether the module at `path` picks between settings modules rather than
/// being one (see [`super::outline::Outline::chooses`]).
fn chooses(workspace: &dyn Workspace, path: &str) -> bool {
    read_outline(workspace, path).is_some_and(|outline| outline.chooses)
}

fn vendored(path: &str) -> bool {
    path.split('/')
        .any(|part| matches!(part, "site-packages" | "node_modules" | "venv" | ".venv" | ".tox"))
}

/// Vendored code, tests and examples: files that never run in the
/// project's production.
pub fn outside_production(path: &str) -> bool {
    let (folder, _) = folder_and_stem(path);
    vendored(path) || is_example(path) || folder.split('/').any(|part| matches!(part, "tests" | "test"))
}

/// Whether a change to this file can change a settings verdict: a settings
/// module or an entry point that names one.
pub fn is_relevant(path: &str) -> bool {
    path.ends_with(".py") && (looks_like_settings(path) || is_entry_point(path))
}

/// `wsgi.py`, `asgi.py` or `manage.py`: a file that names the settings module.
pub fn is_entry_point(path: &str) -> bool {
    matches!(path.rsplit('/').next(), Some("wsgi.py" | "asgi.py" | "manage.py"))
}

fn looks_like_settings(path: &str) -> bool {
    if !path.contains("settings") {
        return false;
    }
    let (folder, stem) = folder_and_stem(path);
    // `0033_appextension_settings.py` changes a model, not settings.
    if folder.split('/').any(|part| part == "migrations") {
        return false;
    }
    stem == "settings"
        || stem.starts_with("settings_")
        || stem.ends_with("_settings")
        || folder.split('/').any(|part| part == "settings")
}

fn folder_and_stem(path: &str) -> (&str, &str) {
    let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
    (folder, file.trim_end_matches(".py"))
}

fn words(stem: &str) -> Vec<&str> {
    stem.split(['_', '-', '.']).collect()
}

/// The role a module's name alone gives it, if it says one.
fn by_name(path: &str) -> Option<Role> {
    let (folder, stem) = folder_and_stem(path);
    let stem = if stem == "__init__" {
        folder.rsplit('/').next().unwrap_or(stem)
    } else {
        stem
    };
    let words = words(stem);
    let has = |list: &[&str]| words.iter().any(|word| list.contains(word));
    if folder.split('/').any(|part| matches!(part, "tests" | "test")) || has(TEST_WORDS) {
        Some(Role::Test)
    } else if is_example(path) {
        Some(Role::Development)
    } else if has(PRODUCTION_WORDS) {
        Some(Role::Production { explicit: true })
    } else if has(DEVELOPMENT_WORDS) {
        Some(Role::Development)
    } else if has(BASE_WORDS) || folder.ends_with("/components") {
        Some(Role::Base)
    } else {
        None
    }
}

/// A module of a demo project (`examples/`, `sandbox/`, `docs/`) or a file
/// meant to be copied (`configuration_example.py`): not what deploys, even
/// when the demo's own wsgi.py names it.
fn is_example(path: &str) -> bool {
    let (_, stem) = folder_and_stem(path);
    shown_not_deployed(path) || words(stem).iter().any(|word| EXAMPLE_WORDS.contains(word))
}

/// `alone`: no module is named for production, so a `settings.py` serves
/// every environment, even when wsgi names it (as startproject's does).
fn classify(path: &str, named_by: &[&str], wsgi_exists: bool, alone: bool) -> (Role, String) {
    let named = by_name(path);
    if named == Some(Role::Test) {
        return (Role::Test, format!("{path} is test settings (its name)"));
    }
    if is_example(path) {
        return (
            Role::Development,
            format!("{path} belongs to an example project or is a template to copy, judged as development"),
        );
    }
    if let Some(point) = named_by.iter().find(|point| !point.ends_with("manage.py")) {
        let explicit = !(alone && folder_and_stem(path).1 == "settings");
        return (
            Role::Production { explicit },
            format!("{path} is production settings: {point} names it"),
        );
    }
    match named {
        Some(Role::Production { .. }) => {
            return (
                Role::Production { explicit: true },
                format!("{path} is production settings (its name)"),
            )
        }
        Some(Role::Development) => {
            return (
                Role::Development,
                format!("{path} is development settings (its name)"),
            )
        }
        _ => {}
    }
    if let Some(point) = named_by.first().filter(|_| wsgi_exists) {
        return (
            Role::Development,
            format!("{path} is development settings: {point} names it and wsgi/asgi name another"),
        );
    }
    if named == Some(Role::Base) {
        return (
            Role::Base,
            format!("{path} is base settings, judged where it is inherited"),
        );
    }
    if folder_and_stem(path).1 == "settings" {
        return (
            Role::Production { explicit: false },
            format!("{path} is the project's settings module and serves production"),
        );
    }
    (
        Role::Base,
        format!("{path} is a settings module of unknown environment, judged as base"),
    )
}

/// Every `DJANGO_SETTINGS_MODULE` default in `wsgi.py`, `asgi.py` and `manage.py`.
fn entry_points(workspace: &dyn Workspace) -> Vec<EntryPoint> {
    // Compiled once: history discovers the modules of many commits.
    static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"DJANGO_SETTINGS_MODULE["']\s*(?:,|\]\s*=)\s*(?:f?["'])([\w.]+)["']"#)
            .expect("a valid pattern")
    });
    let mut named: Vec<&String> = ["wsgi.py", "asgi.py", "manage.py"]
        .into_iter()
        .flat_map(|name| workspace.containing(name))
        .collect();
    named.sort_unstable();
    named.dedup();
    let mut found = Vec::new();
    for path in named {
        if !is_entry_point(path) || vendored(path) {
            continue;
        }
        let Some(bytes) = workspace.read(path) else {
            continue;
        };
        // Its Unicode classes take half a millisecond to compile: not for
        // a file that cannot match (a Flask app's wsgi.py, in a hook).
        if memchr::memmem::find(&bytes, b"DJANGO_SETTINGS_MODULE").is_none() {
            continue;
        }
        // Matched on the bytes, so that the span is a place in them even
        // where invalid UTF-8 precedes it.
        for captures in PATTERN.captures_iter(&bytes) {
            let module = captures.get(1).expect("the pattern has one group");
            let line = line_start(&bytes, module.start());
            if memchr::memchr(b'#', &bytes[line..module.start()]).is_some() {
                continue; // Commented out.
            }
            let name = String::from_utf8_lossy(module.as_bytes()).into_owned();
            found.push(EntryPoint {
                path: path.clone(),
                target: resolve_absolute(workspace, &name),
                module: name,
                span: module.range(),
            });
        }
    }
    found
}

/// The file an import in `importer` names, relative (`.base`) or absolute.
pub fn locate(workspace: &dyn Workspace, importer: &str, module: &str) -> Option<String> {
    if module.starts_with('.') {
        resolve_relative(workspace, importer, module)
    } else {
        resolve_absolute(workspace, module)
    }
}

/// The file of a dotted module name: `a/b/c.py` or `a/b/c/__init__.py`,
/// wherever the project root is (the shortest path that ends with it).
pub fn resolve_absolute(workspace: &dyn Workspace, dotted: &str) -> Option<String> {
    workspace.module(dotted).cloned()
}

/// The file a relative import (`.base`, `..common`) names from `importer`.
pub fn resolve_relative(workspace: &dyn Workspace, importer: &str, module: &str) -> Option<String> {
    let dots = module.chars().take_while(|&c| c == '.').count();
    let name = &module[dots..];
    let mut package: Vec<&str> = importer.split('/').collect();
    package.pop(); // The file itself: its folder is the package.
    for _ in 1..dots {
        package.pop()?;
    }
    let mut base = package.join("/");
    if !name.is_empty() {
        if !base.is_empty() {
            base.push('/');
        }
        base.push_str(&name.replace('.', "/"));
    }
    let paths = workspace.paths();
    [format!("{base}.py"), format!("{base}/__init__.py")]
        .into_iter()
        .find(|candidate| paths.binary_search(candidate).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::workspace::DiskWorkspace;

    fn workspace(paths: &[&str]) -> DiskWorkspace {
        DiskWorkspace::new(
            paths
                .iter()
                .map(|p| (p.to_string(), std::path::PathBuf::from("/nonexistent"))),
        )
    }

    fn roles(paths: &[&str]) -> Vec<(String, Role)> {
        discover(&workspace(paths), None)
            .modules
            .into_iter()
            .map(|m| (m.path, m.role))
            .collect()
    }

    #[test]
    fn names_decide_without_entry_points() {
        let found = roles(&[
            "config/settings/base.py",
            "config/settings/local.py",
            "config/settings/production.py",
            "config/settings/test.py",
            "mysite/settings.py",
            "shop/settings_prod.py",
            "app/views.py",
            "app/migrations/0033_extension_settings.py",
        ]);
        assert_eq!(
            found,
            vec![
                ("config/settings/base.py".into(), Role::Base),
                ("config/settings/local.py".into(), Role::Development),
                (
                    "config/settings/production.py".into(),
                    Role::Production { explicit: true }
                ),
                ("config/settings/test.py".into(), Role::Test),
                ("mysite/settings.py".into(), Role::Production { explicit: false }),
                (
                    "shop/settings_prod.py".into(),
                    Role::Production { explicit: true }
                ),
            ]
        );
    }

    #[test]
    fn relative_imports_resolve_from_the_package() {
        let ws = workspace(&["a/settings/__init__.py", "a/settings/base.py", "a/common.py"]);
        assert_eq!(
            resolve_relative(&ws, "a/settings/prod.py", ".base").as_deref(),
            Some("a/settings/base.py")
        );
        assert_eq!(
            resolve_relative(&ws, "a/settings/prod.py", "..common").as_deref(),
            Some("a/common.py")
        );
        assert_eq!(
            resolve_relative(&ws, "a/settings/__init__.py", ".base").as_deref(),
            Some("a/settings/base.py")
        );
        assert_eq!(
            resolve_absolute(&ws, "a.settings").as_deref(),
            Some("a/settings/__init__.py")
        );
        assert_eq!(resolve_relative(&ws, "a/settings/prod.py", ".missing"), None);
    }
}
