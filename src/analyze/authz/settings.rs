//! DRF's project-wide permission policy, from the production settings:
//! `REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]`, which DRF leaves at
//! `AllowAny` when unset. It is both a finding (a DRF project whose
//! production default lets anyone in) and the guard of every DRF view that
//! sets no `permission_classes`.

use std::collections::BTreeSet;
use std::ops::Range;
use std::rc::Rc;

use tree_sitter::Node;

use super::guards::{self, Guard};
use crate::analyze::django;
use crate::analyze::python::{descendants, string_literal, Module};
use crate::source::workspace::Workspace;

/// A production default that lets anyone in.
pub(crate) struct OpenDefault {
    pub(crate) path: String,
    pub(crate) module: Rc<Module>,
    pub(crate) range: Range<usize>,
    pub(crate) note: String,
}

/// The weakest DRF default of the production settings (`Open` when unknown),
/// and the production modules whose default is open, when `focus` touches
/// their files.
pub(crate) fn drf_default(
    workspace: &dyn Workspace,
    focus: Option<&BTreeSet<String>>,
) -> (Guard, Vec<OpenDefault>) {
    let mut weakest: Option<Guard> = None;
    let mut open = Vec::new();
    for chain in django::production_chains(workspace) {
        // Only the modules whose text names what is looked for below are
        // parsed: a chain follows every import of the settings.
        let modules: Vec<(String, Rc<Module>)> = chain
            .iter()
            .filter_map(|path| {
                let source = workspace.read(path)?;
                let named = [
                    &b"rest_framework"[..],
                    b"DEFAULT_PERMISSION_CLASSES",
                    b"REST_FRAMEWORK",
                ]
                .iter()
                .any(|name| memchr::memmem::find(&source, name).is_some());
                named.then(|| Some((path.clone(), Module::parse_at(path, &source)?)))?
            })
            .collect();
        let Some((uses_drf_in, app)) = modules.iter().find_map(|(path, module)| {
            literal(module, "rest_framework").map(|node| (path.as_str(), node.byte_range()))
        }) else {
            continue;
        };
        // The module itself comes first in its chain, and wins.
        let policy = modules
            .iter()
            .find_map(|(path, module)| policy_value(module).map(|value| (path.as_str(), module, value)));
        let (guard, place) = match policy {
            Some((path, module, value)) => {
                let guard = guards::of_permission_classes(module, value);
                (
                    guard,
                    (guard == Guard::Open).then(|| {
                        (
                            path,
                            value.byte_range(),
                            "sets DEFAULT_PERMISSION_CLASSES to AllowAny",
                        )
                    }),
                )
            }
            None => {
                // At the REST_FRAMEWORK dict when there is one: where the key belongs.
                let (path, range) = modules
                    .iter()
                    .find_map(|(path, module)| {
                        assignment_to(module, "REST_FRAMEWORK").map(|node| (path.as_str(), node.byte_range()))
                    })
                    .unwrap_or((uses_drf_in, app));
                (
                    Guard::Open,
                    Some((
                        path,
                        range,
                        "uses DRF without DEFAULT_PERMISSION_CLASSES, so DRF's default, AllowAny, applies",
                    )),
                )
            }
        };
        weakest = Some(weakest.map_or(guard, |weakest| weakest.min(guard)));
        let touched = focus.is_none_or(|focus| chain.iter().any(|path| focus.contains(path)));
        if let (Some((path, range, what)), true) = (place, touched) {
            let settings = &chain[0];
            let note = format!(
                "production settings {settings} {what}: API views without their own permission_classes are open to anonymous writes"
            );
            if let Some(index) = modules.iter().position(|(p, _)| p == path) {
                let (path, module) = modules.into_iter().nth(index).expect("found above");
                open.push(OpenDefault {
                    path,
                    module,
                    range,
                    note,
                });
            }
        }
    }
    (weakest.unwrap_or(Guard::Open), open)
}

/// The first string literal equal to `value`.
fn literal<'t>(module: &'t Module, value: &str) -> Option<Node<'t>> {
    descendants(module.tree.root_node())
        .find(|node| node.kind() == "string" && string_literal(module, *node).as_deref() == Some(value))
}

/// The first assignment to the module-level name `name`.
fn assignment_to<'t>(module: &'t Module, name: &str) -> Option<Node<'t>> {
    descendants(module.tree.root_node()).find(|node| {
        node.kind() == "assignment"
            && node
                .child_by_field_name("left")
                .is_some_and(|left| left.kind() == "identifier" && module.text(left) == name)
    })
}

/// The value given to `DEFAULT_PERMISSION_CLASSES`: a dict entry, or an
/// assignment to `REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]`.
fn policy_value(module: &Module) -> Option<Node<'_>> {
    let key = literal(module, "DEFAULT_PERMISSION_CLASSES")?;
    let parent = key.parent()?;
    match parent.kind() {
        "pair" => parent.child_by_field_name("value"),
        "subscript" => {
            let assignment = parent.parent().filter(|n| n.kind() == "assignment")?;
            assignment.child_by_field_name("right")
        }
        _ => None,
    }
}
