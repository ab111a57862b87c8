//! Settings modules that are not named like settings: `environments.py` or
//! `prj_secrets.py`, imported by a settings module, and any module that
//! assigns two or more of Django's core settings at module level.

use std::collections::BTreeMap;

use super::modules::locate;
use super::outline::{outline_at, read_outline};
use crate::analyze::python::Module;
use crate::source::workspace::Workspace;

pub const CORE: &[&str] = &["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASES"];
/// Flask configs assign DEBUG and SECRET_KEY too; these two are Django's own.
const DJANGO_ONLY: &[&str] = &["ALLOWED_HOSTS", "DATABASES"];

/// Every module that `known` settings modules import and that sets one of
/// Django's core settings, with the settings modules that import it. Only
/// importers that set a core setting count (an app's own `settings.py`
/// imports app code), and not transitively.
pub fn imported(workspace: &dyn Workspace, known: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for importer in known {
        let Some(outline) = read_outline(workspace, importer) else {
            continue;
        };
        if outline.core.is_empty() {
            continue;
        }
        for name in &outline.imports {
            let Some(path) = locate(workspace, importer, name) else {
                continue;
            };
            // Only what a module itself sets is judged in it (production
            // reads imported values wherever they live): app code that sets
            // no core setting is not settings.
            if known.contains(&path) || core_assigned(workspace, &path, 1).is_empty() {
                continue;
            }
            let importers = found.entry(path).or_default();
            if !importers.contains(importer) {
                importers.push(importer.clone());
            }
        }
    }
    found
}

/// Whether a module assigns two or more of DEBUG, SECRET_KEY, ALLOWED_HOSTS
/// and DATABASES at module level; in a project that no entry point marks
/// as Django (`django_project`), one of them must be Django's own.
pub fn assigns_settings(workspace: &dyn Workspace, path: &str, django_project: bool) -> bool {
    let assigned = core_assigned(workspace, path, 2);
    assigned.len() >= 2
        && (django_project || assigned.iter().any(|name| DJANGO_ONLY.contains(&name.as_str())))
}

/// The core settings a module assigns at module level, when it assigns at
/// least `least` of them. A file whose text names fewer is not parsed:
/// most files name none.
fn core_assigned(workspace: &dyn Workspace, path: &str, least: usize) -> Vec<String> {
    let outline = outline_at(workspace, path, || {
        let source = workspace.read(path)?;
        let named = CORE
            .iter()
            .filter(|name| memchr::memmem::find(&source, name.as_bytes()).is_some())
            .count();
        (named >= least).then(|| Module::parse_at(path, &source))?
    });
    outline
        .map(|outline| outline.core.clone())
        .filter(|core| core.len() >= least)
        .unwrap_or_default()
}
