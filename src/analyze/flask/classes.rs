//! Configuration classes (`class Config`, `class ProductionConfig(Config)`)
//! and plain config modules, with inheritance: a value is judged where it
//! is written, by the most exposed class that ends up using it. A literal
//! key in `Config` that `ProductionConfig` inherits blocks; one that every
//! production class overrides is a development key and warns.

use tree_sitter::Node;

use super::role::Role;
use super::value::{self, Debug};
use super::{File, DEBUG_CONFIG, DEBUG_FAIL_OPEN, PRODUCTION_DEBUG, SECRET_KEY};
use crate::analyze::python::eval::Scope;
use crate::analyze::python::statements::{statements, Statement};
use crate::analyze::python::Module;
use crate::analyze::Hit;
use crate::finding::Severity;

/// The settings this module judges.
const ATTRIBUTES: &[&str] = &["SECRET_KEY", "DEBUG"];

struct Class<'t> {
    name: String,
    role: Role,
    /// Names of base classes (the last dotted segment).
    bases: Vec<String>,
    /// The last assignment of each judged attribute in the class body.
    attributes: Vec<(&'static str, Node<'t>)>,
}

pub fn check(module: &Module, scope: &Scope, file: &File, hits: &mut Vec<Hit>) {
    let classes = classes(module, file.role);
    let production_exists = classes.iter().any(|class| class.role == Role::Production);
    for (index, class) in classes.iter().enumerate() {
        for &(attribute, value) in &class.attributes {
            // Who ends up with this very assignment.
            let users: Vec<&Class> = classes
                .iter()
                .filter(|user| lookup(&classes, user, attribute, 0) == Some(index))
                .collect();
            let exposure = users
                .iter()
                .map(|user| match user.role {
                    // A base class is what production runs unless a
                    // production class takes its place.
                    Role::Base if production_exists => Role::Development,
                    role => role,
                })
                .max()
                .unwrap_or(class.role);
            let inherited: Vec<&str> = users
                .iter()
                .filter(|user| user.name != class.name && user.role == exposure)
                .map(|user| user.name.as_str())
                .collect();
            let place = match inherited.as_slice() {
                [] => format!("in {}", class.name),
                names => format!("in {}, inherited by {}", class.name, names.join(", ")),
            };
            let used = Use { exposure, place };
            judge(module, scope, file, (attribute, value), &used, hits);
        }
    }
    if file.config_module {
        module_level(module, scope, file, hits);
    }
}

/// `SECRET_KEY = ...` and `DEBUG = ...` at the top of a config module: the
/// last unconditional assignment is what the app loads.
fn module_level(module: &Module, scope: &Scope, file: &File, hits: &mut Vec<Hit>) {
    let all = statements(module);
    for &attribute in ATTRIBUTES {
        let last = all.iter().rev().find_map(|statement| match statement {
            Statement::Assign {
                target,
                value,
                augmented: false,
                conditional: false,
            } if target == attribute => Some(*value),
            _ => None,
        });
        if let Some(value) = last {
            let used = Use {
                exposure: file.role,
                place: format!("in this {} module", file.role.describe()),
            };
            judge(module, scope, file, (attribute, value), &used, hits);
        }
    }
}

/// Where an assignment ends up: the most exposed role that uses it, and
/// words that say which classes those are.
struct Use {
    exposure: Role,
    place: String,
}

fn judge(
    module: &Module,
    scope: &Scope,
    file: &File,
    (attribute, value): (&str, Node<'_>),
    used: &Use,
    hits: &mut Vec<Hit>,
) {
    let Use { exposure, place } = used;
    let exposure = *exposure;
    let exposed = exposure >= Role::Base;
    if attribute == "SECRET_KEY" {
        if let Some(key) = value::literal_key(module, scope, value) {
            let what = if key.fallback {
                "a literal fallback key"
            } else {
                "a literal key"
            };
            hits.push(Hit {
                rule: SECRET_KEY,
                range: key.range,
                severity: if exposed && !file.test {
                    Severity::Block
                } else {
                    Severity::Warn
                },
                note: format!("{what} {place}"),
            });
        }
        return;
    }
    if file.test || !exposed {
        return; // Debug is what development and test configuration are for.
    }
    let (rule, note) = match value::debug(module, scope, value) {
        Debug::Off => return,
        Debug::On if exposure == Role::Production => (PRODUCTION_DEBUG, format!("DEBUG on {place}")),
        Debug::On => (
            DEBUG_CONFIG,
            format!("DEBUG on {place}, which production uses unless something overrides it"),
        ),
        Debug::FailOpen(how) => (DEBUG_FAIL_OPEN, format!("DEBUG {place}: {how}")),
    };
    hits.push(Hit {
        rule,
        range: value.byte_range(),
        severity: if rule == DEBUG_CONFIG {
            Severity::Warn
        } else {
            Severity::Block
        },
        note,
    });
}

/// The class whose own assignment `class` sees for `attribute`, following
/// bases defined in this module (depth-first, as single inheritance does).
fn lookup(classes: &[Class], class: &Class, attribute: &str, depth: usize) -> Option<usize> {
    if depth > 16 {
        return None; // A cycle written by mistake.
    }
    if class.attributes.iter().any(|(name, _)| *name == attribute) {
        return classes.iter().position(|other| std::ptr::eq(other, class));
    }
    class.bases.iter().find_map(|base| {
        let parent = classes.iter().find(|other| &other.name == base)?;
        lookup(classes, parent, attribute, depth + 1)
    })
}

/// Top-level classes. A class whose name says nothing takes the file's role
/// (`Config` in config/production.py is production).
fn classes<'t>(module: &'t Module, file_role: Role) -> Vec<Class<'t>> {
    let root = module.tree.root_node();
    let mut cursor = root.walk();
    let mut out = Vec::new();
    for node in root.named_children(&mut cursor) {
        let node = match node.kind() {
            "decorated_definition" => match node.child_by_field_name("definition") {
                Some(definition) => definition,
                None => continue,
            },
            _ => node,
        };
        if node.kind() != "class_definition" {
            continue;
        }
        let (Some(name), Some(body)) = (node.child_by_field_name("name"), node.child_by_field_name("body"))
        else {
            continue;
        };
        let name = module.text(name);
        let role = match Role::of_name(&name) {
            Role::Base => file_role,
            role => role,
        };
        let bases = node
            .child_by_field_name("superclasses")
            .map(|list| {
                let mut inner = list.walk();
                let names: Vec<String> = list
                    .named_children(&mut inner)
                    .filter(|base| matches!(base.kind(), "identifier" | "attribute"))
                    .map(|base| {
                        let text = module.text(base);
                        text.rsplit('.').next().unwrap_or_default().to_string()
                    })
                    .collect();
                names
            })
            .unwrap_or_default();
        out.push(Class {
            name,
            role,
            bases,
            attributes: attributes(module, body),
        });
    }
    out
}

/// `NAME = value` and `NAME: type = value` directly in a class body.
fn attributes<'t>(module: &Module, body: Node<'t>) -> Vec<(&'static str, Node<'t>)> {
    let mut found: Vec<(&'static str, Node<'t>)> = Vec::new();
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        if statement.kind() != "expression_statement" {
            continue;
        }
        let Some(assignment) = statement.named_child(0).filter(|n| n.kind() == "assignment") else {
            continue;
        };
        let (Some(left), Some(right)) = (
            assignment.child_by_field_name("left"),
            assignment.child_by_field_name("right"),
        ) else {
            continue;
        };
        let target = module.text(left);
        if let Some(&attribute) = ATTRIBUTES.iter().find(|name| **name == target) {
            found.retain(|(name, _)| *name != attribute);
            found.push((attribute, right));
        }
    }
    found
}
