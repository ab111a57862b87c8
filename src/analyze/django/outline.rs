//! What a module's own statements say about its place among the settings:
//! which of Django's core settings it assigns, and which modules it
//! imports. Discovery asks it of every settings module and the import
//! chain of every production module, on each commit history analyses: it
//! is read once per file version ([`Module::fact`]), and remembered by
//! blob for the whole run ([`outline_at`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::unnamed::CORE;
use crate::analyze::python::statements::{statements, Statement};
use crate::analyze::python::Module;
use crate::source::workspace::Workspace;

thread_local! {
    /// Outlines by the blob of their file.
    static BY_BLOB: RefCell<HashMap<git2::Oid, Rc<Outline>>> = RefCell::default();
}

pub struct Outline {
    /// The core settings it assigns at module level, sorted, once each.
    pub core: Vec<String>,
    /// The modules it imports from (`from X import *`, `from X import Y`),
    /// in order, leading dots kept.
    pub imports: Vec<String>,
}

/// The outline of `path` as `workspace` holds it, from `parse` when its
/// blob was not outlined before on this thread: history's analysis asks
/// for the same settings modules at every commit it analyses, and a commit
/// that reads none of them lets their parses go. `None` when `parse`
/// gives nothing (then nothing is remembered).
pub fn outline_at(
    workspace: &dyn Workspace,
    path: &str,
    parse: impl FnOnce() -> Option<Rc<Module>>,
) -> Option<Rc<Outline>> {
    let blob = workspace.blob(path);
    if let Some(known) = blob.and_then(|blob| BY_BLOB.with_borrow(|known| known.get(&blob).cloned())) {
        return Some(known);
    }
    let outline = outline(&*parse()?);
    if let Some(blob) = blob {
        BY_BLOB.with_borrow_mut(|known| known.insert(blob, outline.clone()));
    }
    Some(outline)
}

fn outline(module: &Module) -> Rc<Outline> {
    module.fact(|module| {
        let mut core = Vec::new();
        let mut imports = Vec::new();
        for statement in statements(module) {
            match statement {
                Statement::Assign { target, .. } if CORE.contains(&target.as_str()) => core.push(target),
                Statement::StarImport { module: name, .. } | Statement::ImportNames { module: name, .. } => {
                    imports.push(name)
                }
                _ => {}
            }
        }
        core.sort();
        core.dedup();
        Outline { core, imports }
    })
}
