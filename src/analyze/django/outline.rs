//! What a module's own statements say about its place among the settings:
//! which of Django's core settings it assigns, and which modules it
//! imports. Discovery asks it of every settings module and the import
//! chain of every production module, on each commit history analyses: as
//! a [`Module::fact`], it is read once per file version.

use std::rc::Rc;

use super::unnamed::CORE;
use crate::analyze::python::statements::{statements, Statement};
use crate::analyze::python::Module;

pub struct Outline {
    /// The core settings it assigns at module level, sorted, once each.
    pub core: Vec<String>,
    /// The modules it imports from (`from X import *`, `from X import Y`),
    /// in order, leading dots kept.
    pub imports: Vec<String>,
}

pub fn outline(module: &Module) -> Rc<Outline> {
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
