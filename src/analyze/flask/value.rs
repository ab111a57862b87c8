//! What a configuration value amounts to, through the Python evaluator:
//! a literal session key (written out, or the fallback of an environment
//! lookup), and whether DEBUG ends up on, by itself or through an
//! environment lookup that fails open.

use std::ops::Range;

use tree_sitter::Node;

use crate::analyze::python::eval::{Evaluated, Outcome, Py, Scope, SET_VALUE};
use crate::analyze::python::{descendants, string_literal, Module};

/// A key written in the repository.
pub struct LiteralKey {
    /// The string literal that holds it (its text, without quotes, when
    /// it is a plain one-piece literal).
    pub range: Range<usize>,
    /// It only applies when an environment variable is missing.
    pub fallback: bool,
}

/// The key a value gives the app when no environment variable is set, if
/// that key is a literal. Templates (`<your-key>`, `{{ key }}`, `${KEY}`)
/// and empty strings (Flask refuses to sign with them) are not keys. Weak
/// and well-known keys are: they sign sessions all the same.
pub fn literal_key(module: &Module, scope: &Scope, value: Node<'_>) -> Option<LiteralKey> {
    let evaluated = scope.eval(module, value);
    let Outcome::Value(Py::Str(key)) = &evaluated.unset else {
        return None;
    };
    let trimmed = key.trim();
    if trimmed.is_empty()
        || trimmed.contains("{{")
        || trimmed.starts_with("${")
        || (trimmed.starts_with('<') && trimmed.ends_with('>'))
    {
        return None;
    }
    let node = find_literal(module, value, key).unwrap_or(value);
    Some(LiteralKey {
        range: content_range(node),
        fallback: evaluated.reads_env,
    })
}

/// Whether DEBUG is on.
pub enum Debug {
    Off,
    /// On as written (`True`, or a constant that is truthy).
    On,
    /// Read from the environment in a way that turns it on without anyone
    /// asking; the text says how.
    FailOpen(String),
}

pub fn debug(module: &Module, scope: &Scope, value: Node<'_>) -> Debug {
    judge_debug(&scope.eval(module, value))
}

pub fn judge_debug(evaluated: &Evaluated) -> Debug {
    if !evaluated.reads_env {
        return match evaluated.unset.truthy() {
            Some(true) => Debug::On,
            _ => Debug::Off,
        };
    }
    match (evaluated.unset.truthy(), evaluated.set.truthy()) {
        (Some(true), Some(true)) => Debug::FailOpen(format!(
            "on whether the variable is unset or set to \"{SET_VALUE}\": only one exact value turns it off"
        )),
        (Some(true), _) => Debug::FailOpen("on whenever the variable is missing".to_string()),
        (_, Some(true)) => Debug::FailOpen(format!(
            "the value is never parsed: \"{SET_VALUE}\" is a non-empty string, so debug is on"
        )),
        _ => Debug::Off,
    }
}

/// The string literal inside `value` whose text is `key`.
fn find_literal<'t>(module: &Module, value: Node<'t>, key: &str) -> Option<Node<'t>> {
    descendants(value).find(|node| {
        matches!(node.kind(), "string" | "concatenated_string")
            && string_literal(module, *node).as_deref() == Some(key)
    })
}

/// A one-piece string's content without its quotes and prefix, so the
/// finding shows (and redacts) the key itself.
fn content_range(node: Node<'_>) -> Range<usize> {
    let mut cursor = node.walk();
    let contents: Vec<Node<'_>> = node
        .children(&mut cursor)
        .filter(|child| child.kind() == "string_content")
        .collect();
    match (node.kind(), contents.as_slice()) {
        ("string", [only]) => only.byte_range(),
        _ => node.byte_range(),
    }
}

/// The module's top-level names, evaluated in order, so that
/// `app.run(debug=DEBUG)` and `SECRET_KEY = KEY` see their values. A name
/// assigned under a condition is unknown.
pub fn module_scope(module: &Module) -> Scope {
    use crate::analyze::python::statements::{statements, Statement};
    let mut scope = Scope::default();
    for statement in statements(module) {
        if let Statement::Assign {
            target,
            value,
            augmented: false,
            conditional,
        } = statement
        {
            scope.learn(module, &target, value);
            let evaluated = match conditional {
                true => Evaluated::unknown(),
                false => scope.eval(module, value),
            };
            scope.names.insert(target, evaluated);
        }
    }
    scope
}
