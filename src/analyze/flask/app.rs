//! Configuration set on the app object: `app.secret_key = ...`,
//! `app.config["SECRET_KEY"] = ...`, `app.config.update(...)`,
//! `app.config.from_mapping(...)`, `app.debug = True`, and the development
//! server started with the debugger, `app.run(debug=True)`.

use tree_sitter::Node;

use super::role::Role;
use super::value::{self, Debug};
use super::{File, DEBUG_CONFIG, DEBUG_FAIL_OPEN, DEBUG_RUN, SECRET_KEY};
use crate::analyze::python::arguments::Arguments;
use crate::analyze::python::eval::{Outcome, Py, Scope};
use crate::analyze::python::{ancestors, descendants, string_literal, Module};
use crate::analyze::Hit;
use crate::finding::Severity;

/// Config loaders that, called after a literal key, replace it in a real
/// deployment (the Flask tutorial's `from_pyfile("config.py", silent=True)`).
const LOADERS: &[&str] = &[
    "from_pyfile",
    "from_envvar",
    "from_prefixed_env",
    "from_object",
    "from_file",
];

/// Hosts other machines reach.
const OPEN_HOSTS: &[&str] = &["0.0.0.0", "::", "[::]"];

/// Hosts only this machine reaches.
const LOOPBACK_HOSTS: &[&str] = &["127.0.0.1", "localhost", "::1"];

/// Files a production server imports (so module-level code runs there).
const ENTRY_POINTS: &[&str] = &["wsgi", "asgi", "passenger_wsgi"];

pub fn check(module: &Module, scope: &Scope, file: &File, hits: &mut Vec<Hit>) {
    for node in descendants(module.tree.root_node()) {
        match node.kind() {
            "assignment" => assignment(module, scope, file, node, hits),
            "call" => call(module, scope, file, node, hits),
            _ => {}
        }
    }
}

/// `x.secret_key = v`, `x.config["SECRET_KEY"] = v`, `x.debug = v`,
/// `x.config["DEBUG"] = v`.
fn assignment(module: &Module, scope: &Scope, file: &File, node: Node<'_>, hits: &mut Vec<Hit>) {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    let setting = match left.kind() {
        "attribute" => {
            let object = left.child_by_field_name("object").map(|o| module.text(o));
            let name = left.child_by_field_name("attribute").map(|a| module.text(a));
            match (object.as_deref(), name.as_deref()) {
                (Some("self" | "cls"), _) | (None, _) => return,
                (_, Some("secret_key")) => "SECRET_KEY",
                (_, Some("debug")) => "DEBUG",
                _ => return,
            }
        }
        "subscript" => {
            let object = left.child_by_field_name("value").map(|o| module.text(o));
            if !object.is_some_and(|o| o == "config" || o.ends_with(".config")) {
                return;
            }
            match left
                .child_by_field_name("subscript")
                .and_then(|key| string_literal(module, key))
                .as_deref()
            {
                Some("SECRET_KEY") => "SECRET_KEY",
                Some("DEBUG") => "DEBUG",
                _ => return,
            }
        }
        _ => return,
    };
    setting_value(module, scope, file, node, setting, right, hits);
}

/// `x.config.update(...)`, `x.config.from_mapping(...)` and `x.run(...)`.
fn call(module: &Module, scope: &Scope, file: &File, node: Node<'_>, hits: &mut Vec<Hit>) {
    let Some(function) = node.child_by_field_name("function") else {
        return;
    };
    let name = module.text(function);
    let Some((object, method)) = name.rsplit_once('.') else {
        return;
    };
    let Some(Arguments { positional, keywords }) = Arguments::of(module, node) else {
        return;
    };
    if (object == "config" || object.ends_with(".config")) && matches!(method, "update" | "from_mapping") {
        for (key, value) in settings(module, &positional, keywords) {
            setting_value(module, scope, file, node, &key, value, hits);
        }
    } else if method == "run" {
        run(module, scope, file, node, &positional, &keywords, hits);
    }
}

/// The settings a `config.update(...)`/`from_mapping(...)` call passes: its
/// keyword arguments, the pairs of a dict literal, and the keywords of a
/// `dict(...)` call (the early Flask tutorial's `update(dict(SECRET_KEY=...))`).
fn settings<'t>(
    module: &Module,
    positional: &[Node<'t>],
    keywords: Vec<(String, Node<'t>)>,
) -> Vec<(String, Node<'t>)> {
    let mut out = keywords;
    for &mapping in positional {
        match mapping.kind() {
            "dictionary" => {
                let mut cursor = mapping.walk();
                for pair in mapping.named_children(&mut cursor).filter(|p| p.kind() == "pair") {
                    if let (Some(key), Some(value)) =
                        (pair.child_by_field_name("key"), pair.child_by_field_name("value"))
                    {
                        if let Some(key) = string_literal(module, key) {
                            out.push((key, value));
                        }
                    }
                }
            }
            "call"
                if mapping
                    .child_by_field_name("function")
                    .is_some_and(|f| module.text(f) == "dict") =>
            {
                out.extend(
                    Arguments::of(module, mapping)
                        .into_iter()
                        .flat_map(|call| call.keywords),
                );
            }
            _ => {}
        }
    }
    out
}

fn setting_value(
    module: &Module,
    scope: &Scope,
    file: &File,
    statement: Node<'_>,
    setting: &str,
    value: Node<'_>,
    hits: &mut Vec<Hit>,
) {
    match setting {
        "SECRET_KEY" => {
            let Some(key) = value::literal_key(module, scope, value) else {
                return;
            };
            let loader = later_loader(module, file, statement);
            let what = if key.fallback {
                "a literal fallback key"
            } else {
                "a literal key"
            };
            let (severity, note) = match (&loader, file.test || file.role < Role::Base) {
                (_, true) => (Severity::Warn, format!("{what} in {} code", file.role.describe())),
                (Some(loader), false) => (
                    Severity::Warn,
                    format!("{what}, replaced when {loader}() below finds a config; check that deployments provide one"),
                ),
                (None, false) => (Severity::Block, format!("{what} set on the app")),
            };
            hits.push(Hit {
                rule: SECRET_KEY,
                range: key.range,
                severity,
                note,
            });
        }
        "DEBUG" if !file.test && file.role >= Role::Base => {
            let (rule, severity, note) = match value::debug(module, scope, value) {
                Debug::Off => return,
                Debug::On => (
                    DEBUG_CONFIG,
                    Severity::Warn,
                    "debug switched on in code".to_string(),
                ),
                Debug::FailOpen(how) => (DEBUG_FAIL_OPEN, Severity::Block, format!("debug {how}")),
            };
            hits.push(Hit {
                rule,
                range: value.byte_range(),
                severity,
                note,
            });
        }
        _ => {}
    }
}

/// `app.run(debug=...)`: the Werkzeug debugger runs whatever Python a
/// visitor types. Blocks where others reach it (an open host) or where any
/// import starts it (module level, without a `__main__` guard, so a wsgi
/// server importing the module runs it too) unless the call pins a loopback
/// host; otherwise, and in development code (an example app, a dev
/// script), it is a local convenience and warns.
fn run(
    module: &Module,
    scope: &Scope,
    file: &File,
    node: Node<'_>,
    positional: &[Node<'_>],
    keywords: &[(String, Node<'_>)],
    hits: &mut Vec<Hit>,
) {
    if file.test {
        return;
    }
    let Some(&(_, debug)) = keywords.iter().find(|(key, _)| key == "debug") else {
        return;
    };
    let how = match value::debug(module, scope, debug) {
        Debug::Off => return,
        Debug::On => "debug=True".to_string(),
        Debug::FailOpen(how) => format!("debug {how}"),
    };
    let host = keywords
        .iter()
        .find(|(key, _)| key == "host")
        .map(|(_, node)| *node)
        .or_else(|| positional.first().copied().filter(|node| node.kind() == "string"))
        .and_then(|node| match scope.eval(module, node).unset {
            Outcome::Value(Py::Str(host)) => Some(host.to_string()),
            _ => None,
        });
    let open = host.as_deref().is_some_and(|host| OPEN_HOSTS.contains(&host));
    let loopback = host.as_deref().is_some_and(|host| LOOPBACK_HOSTS.contains(&host));
    let guarded = ancestors(module, node).into_iter().rev().any(|ancestor| {
        ancestor.kind() == "function_definition"
            || (ancestor.kind() == "if_statement"
                && ancestor
                    .child_by_field_name("condition")
                    .is_some_and(|c| module.text(c).contains("__main__")))
    });
    let (severity, note) = if file.role < Role::Base {
        // An example's or a dev script's server runs on a developer's machine.
        (Severity::Warn, format!("{how} in {} code", file.role.describe()))
    } else if open {
        let host = host.unwrap_or_default();
        (
            Severity::Block,
            format!("{how} on {host}: other machines reach the debugger"),
        )
    } else if !guarded && !loopback {
        let importer = match ENTRY_POINTS.contains(&file.stem.as_str()) {
            true => "the wsgi server",
            false => "any import",
        };
        (
            Severity::Block,
            format!("{how} at module level: {importer} starts the debugger"),
        )
    } else {
        (Severity::Warn, format!("{how} on localhost, for local runs only"))
    };
    hits.push(Hit {
        rule: DEBUG_RUN,
        range: debug.byte_range(),
        severity,
        note,
    });
}

/// A config loader called after `statement`, in the same function (or at
/// module level), that would replace the key it sets.
fn later_loader(module: &Module, file: &File, statement: Node<'_>) -> Option<String> {
    file.loaders.get_or_init(|| Loaders::new(module)).after(statement)
}

/// Where a module calls config loaders and where its functions are, found
/// in one walk: searching the scope again for each key took quadratic time
/// in a file that sets many.
pub(super) struct Loaders {
    /// Each loader call's start, and its method, in source order.
    calls: Vec<(usize, String)>,
    functions: Vec<std::ops::Range<usize>>,
}

impl Loaders {
    fn new(module: &Module) -> Self {
        let mut loaders = Loaders {
            calls: Vec::new(),
            functions: Vec::new(),
        };
        for node in descendants(module.tree.root_node()) {
            match node.kind() {
                "function_definition" => loaders.functions.push(node.byte_range()),
                "call" => {
                    let method = node
                        .child_by_field_name("function")
                        .map(|function| module.text(function))
                        .and_then(|text| text.rsplit_once('.').map(|(_, method)| method.to_string()));
                    if let Some(method) = method.filter(|method| LOADERS.contains(&method.as_str())) {
                        loaders.calls.push((node.start_byte(), method));
                    }
                }
                _ => {}
            }
        }
        loaders
    }

    /// The first loader called after `statement` inside its innermost function.
    fn after(&self, statement: Node<'_>) -> Option<String> {
        let scope_end = self
            .functions
            .iter()
            .filter(|f| f.start <= statement.start_byte() && statement.end_byte() <= f.end)
            .map(|f| f.end)
            .min()
            .unwrap_or(usize::MAX);
        let next = self
            .calls
            .partition_point(|(start, _)| *start <= statement.end_byte());
        self.calls
            .get(next)
            .filter(|(start, _)| *start < scope_end)
            .map(|(_, method)| method.clone())
    }
}
