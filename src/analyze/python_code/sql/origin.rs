//! Where a value comes from, as far as one function shows: a little data
//! flow for the SQL rule. A name is followed to its assignments earlier in
//! the function (every branch that may have run), to the function's
//! parameters, to a `for` loop's iterable, or to the module's top level.

use tree_sitter::Node;

use crate::analyze::python::{ancestors, Module};

/// Ordered from harmless to dangerous: the worst of several values wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Literals, module constants, numbers, quoted identifiers, SQL that
    /// Django generated with its parameters kept apart.
    Constant,
    Unknown,
    /// A parameter of the function, or a value derived from one.
    Parameter,
    /// `request.*`, or a value derived from it.
    Request,
}

const MAX_DEPTH: u8 = 6;

/// Calls whose result cannot carry SQL: numbers, and the SQL Django
/// generates with its parameters kept apart.
const HARMLESS_CALLS: &[&str] = &["int", "float", "len", "bool", "sql_with_params"];
/// Calls whose result is their argument, as far as injection goes
/// (`quote_name` wraps a name in quotes but does not escape quotes in it).
const PASS_THROUGH: &[&str] = &["str", "repr", "quote_name"];
/// String methods whose result comes from the receiver and the arguments.
const STRING_METHODS: &[&str] = &[
    "join", "format", "lower", "upper", "strip", "lstrip", "rstrip", "replace", "title",
];

pub fn origin(module: &Module, node: Node<'_>, depth: u8) -> Origin {
    if depth > MAX_DEPTH {
        return Origin::Unknown;
    }
    let worst_of = |nodes: &mut dyn Iterator<Item = Node<'_>>| {
        nodes
            .filter(|n| n.kind() != "comment")
            .map(|n| origin(module, n, depth + 1))
            .max()
            .unwrap_or(Origin::Constant)
    };
    let mut cursor = node.walk();
    match node.kind() {
        "string" => worst_of(
            &mut node
                .named_children(&mut cursor)
                .filter(|n| n.kind() == "interpolation")
                .filter_map(|n| n.named_child(0)),
        ),
        "integer" | "float" | "true" | "false" | "none" => Origin::Constant,
        "concatenated_string"
        | "list"
        | "tuple"
        | "set"
        | "parenthesized_expression"
        | "binary_operator"
        | "boolean_operator"
        | "not_operator"
        | "comparison_operator"
        | "unary_operator"
        | "expression_list" => worst_of(&mut node.named_children(&mut cursor)),
        "dictionary" => worst_of(
            &mut node
                .named_children(&mut cursor)
                .filter_map(|pair| pair.child_by_field_name("value")),
        ),
        // `"a" if test else "b"`: the test picks, it is not interpolated.
        "conditional_expression" => {
            let parts: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
            [parts.first(), parts.get(2)]
                .into_iter()
                .flatten()
                .map(|part| origin(module, *part, depth + 1))
                .max()
                .unwrap_or(Origin::Unknown)
        }
        "list_comprehension" | "generator_expression" | "set_comprehension" => node
            .child_by_field_name("body")
            .map_or(Origin::Unknown, |body| origin(module, body, depth + 1)),
        "identifier" => name(module, node, depth),
        "attribute" => attribute(module, node, depth),
        "subscript" => node
            .child_by_field_name("value")
            .map_or(Origin::Unknown, |value| origin(module, value, depth + 1)),
        "call" => call(module, node, depth),
        _ => Origin::Unknown,
    }
}

fn attribute(module: &Module, node: Node<'_>, depth: u8) -> Origin {
    let text = module.text(node);
    // A model's table and column names, and settings, are the project's own;
    // primary and foreign keys (`user.id`, `request.user.pk`,
    // `order.customer_id`) are numbers or UUIDs.
    let last = text.rsplit('.').next().unwrap_or_default();
    if text.contains("_meta.")
        || text.starts_with("settings.")
        || matches!(last, "id" | "pk")
        || last.ends_with("_id")
    {
        return Origin::Constant;
    }
    if text.split('.').any(|part| part == "request") {
        return Origin::Request;
    }
    let mut root = node;
    while let Some(object) = root.child_by_field_name("object") {
        root = object;
    }
    match module.text(root).as_str() {
        "self" | "cls" => Origin::Unknown,
        _ if root.kind() == "identifier" => origin(module, root, depth + 1),
        _ => Origin::Unknown,
    }
}

fn call(module: &Module, node: Node<'_>, depth: u8) -> Origin {
    let Some(function) = node.child_by_field_name("function") else {
        return Origin::Unknown;
    };
    let arguments = node.child_by_field_name("arguments");
    let args = arguments.map_or(Origin::Constant, |list| {
        let mut cursor = list.walk();
        list.named_children(&mut cursor)
            .filter(|n| n.kind() != "comment")
            .map(|n| match n.kind() {
                "keyword_argument" => n
                    .child_by_field_name("value")
                    .map_or(Origin::Unknown, |v| origin(module, v, depth + 1)),
                _ => origin(module, n, depth + 1),
            })
            .max()
            .unwrap_or(Origin::Constant)
    });
    let (receiver, method) = match function.kind() {
        "attribute" => (
            function.child_by_field_name("object"),
            function
                .child_by_field_name("attribute")
                .map(|m| module.text(m))
                .unwrap_or_default(),
        ),
        _ => (None, module.text(function)),
    };
    if HARMLESS_CALLS.contains(&method.as_str()) {
        return Origin::Constant;
    }
    if PASS_THROUGH.contains(&method.as_str()) {
        return args;
    }
    if let (Some(receiver), true) = (receiver, STRING_METHODS.contains(&method.as_str())) {
        return origin(module, receiver, depth + 1).max(args);
    }
    // What another function makes of a parameter is its business (it may
    // look a name up, or quote it); what it makes of the request is still
    // the request's.
    let inputs = receiver.map_or(args, |receiver| args.max(origin(module, receiver, depth + 1)));
    match inputs {
        Origin::Request => Origin::Request,
        _ => Origin::Unknown,
    }
}

fn name(module: &Module, node: Node<'_>, depth: u8) -> Origin {
    let name = module.text(node);
    if name == "request" {
        return Origin::Request;
    }
    if let Some(iterable) = comprehension_source(module, &name, node) {
        return origin(module, iterable, depth + 1);
    }
    match assignments(module, &name, node) {
        Some(values) if !values.is_empty() => values
            .iter()
            .map(|(value, _)| origin(module, *value, depth + 1))
            .max()
            .unwrap_or(Origin::Unknown),
        Some(_) => Origin::Unknown,
        // Bound outside every function, or a parameter.
        None => binding_outside(module, &name, node),
    }
}

/// The iterable a comprehension draws `name` from, when `node` is inside one.
fn comprehension_source<'t>(module: &'t Module, name: &str, node: Node<'t>) -> Option<Node<'t>> {
    for ancestor in ancestors(module, node).into_iter().rev() {
        if matches!(
            ancestor.kind(),
            "list_comprehension" | "generator_expression" | "set_comprehension" | "dictionary_comprehension"
        ) {
            let mut cursor = ancestor.walk();
            for clause in ancestor.named_children(&mut cursor) {
                if clause.kind() == "for_in_clause"
                    && clause
                        .child_by_field_name("left")
                        .is_some_and(|left| binds(module, left, name))
                {
                    return clause.child_by_field_name("right");
                }
            }
        }
        if matches!(ancestor.kind(), "function_definition" | "module") {
            return None;
        }
    }
    None
}

/// A name no assignment in its function binds: a parameter comes from
/// outside; a module-level name is a constant; anything else is unknown.
fn binding_outside(module: &Module, name: &str, node: Node<'_>) -> Origin {
    for ancestor in ancestors(module, node).into_iter().rev() {
        if matches!(ancestor.kind(), "function_definition" | "lambda")
            && parameters(module, ancestor).iter().any(|p| p == name)
        {
            return match name {
                "self" | "cls" => Origin::Unknown,
                _ => Origin::Parameter,
            };
        }
    }
    if module_binds(module, module.tree.root_node(), name) {
        Origin::Constant
    } else {
        Origin::Unknown
    }
}

fn parameters(module: &Module, function: Node<'_>) -> Vec<String> {
    let Some(list) = function.child_by_field_name("parameters") else {
        return Vec::new();
    };
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter_map(|parameter| match parameter.kind() {
            "identifier" => Some(parameter),
            "default_parameter" | "typed_default_parameter" => parameter.child_by_field_name("name"),
            _ => parameter.named_child(0),
        })
        .map(|n| module.text(n))
        .collect()
}

/// Whether the module's top level assigns or imports `name`.
fn module_binds(module: &Module, top: Node<'_>, name: &str) -> bool {
    let mut cursor = top.walk();
    let found = top
        .named_children(&mut cursor)
        .any(|statement| match statement.kind() {
            "expression_statement" => statement
                .named_child(0)
                .filter(|n| n.kind() == "assignment")
                .and_then(|n| n.child_by_field_name("left"))
                .is_some_and(|left| binds(module, left, name)),
            "import_from_statement" | "import_statement" => {
                let text = module.text(statement);
                text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|word| word == name)
            }
            _ => false,
        });
    found
}

/// Whether an assignment target (a name, or a tuple of names) binds `name`.
fn binds(module: &Module, target: Node<'_>, name: &str) -> bool {
    // A stack, not recursion: patterns can nest thousands deep.
    let mut stack = vec![target];
    while let Some(target) = stack.pop() {
        match target.kind() {
            "identifier" if module.text(target) == name => return true,
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" => {
                let mut cursor = target.walk();
                stack.extend(target.named_children(&mut cursor));
            }
            _ => {}
        }
    }
    false
}

/// The values `name` may hold at `at`, inside its function: the last plain
/// assignment before it in each enclosing block, every assignment inside
/// branches between, `+=` additions (each with `true`), and a `for` loop's
/// iterable. `None` when the function never binds the name (a parameter, or
/// a name from the module's top level).
pub fn assignments<'t>(module: &'t Module, name: &str, at: Node<'t>) -> Option<Vec<(Node<'t>, bool)>> {
    let mut values = Vec::new();
    let mut statement = at;
    let ancestors = ancestors(module, at);
    let scope = ancestors
        .iter()
        .rev()
        .find(|node| matches!(node.kind(), "function_definition" | "module"));
    if scope.is_some_and(|scope| !module.targets(*scope).contains(name)) {
        return None;
    }
    for parent in ancestors.into_iter().rev() {
        match parent.kind() {
            "block" => {
                let mut sibling = statement.prev_named_sibling();
                while let Some(current) = sibling {
                    if straight(module, current, name, &mut values) {
                        return Some(values);
                    }
                    nested(module, current, name, &mut values);
                    sibling = current.prev_named_sibling();
                }
            }
            "for_statement" | "for_in_clause"
                if parent
                    .child_by_field_name("left")
                    .is_some_and(|left| binds(module, left, name)) =>
            {
                values.extend(parent.child_by_field_name("right").map(|right| (right, false)));
                return Some(values);
            }
            "function_definition" | "module" => break,
            _ => {}
        }
        statement = parent;
    }
    (!values.is_empty()).then_some(values)
}

/// An assignment statement to `name`: a plain one ends the search (true),
/// an augmented one adds its value.
fn straight<'t>(
    module: &Module,
    statement: Node<'t>,
    name: &str,
    values: &mut Vec<(Node<'t>, bool)>,
) -> bool {
    if statement.kind() != "expression_statement" {
        return false;
    }
    let Some(expression) = statement.named_child(0) else {
        return false;
    };
    let (Some(left), Some(right)) = (
        expression.child_by_field_name("left"),
        expression.child_by_field_name("right"),
    ) else {
        return false;
    };
    match expression.kind() {
        "assignment" if binds(module, left, name) => {
            values.push((unpacked(module, left, right, name), false));
            true
        }
        "augmented_assignment" if binds(module, left, name) => {
            values.push((right, true));
            false
        }
        _ => false,
    }
}

/// Assignments to `name` anywhere inside a compound statement (`if`, `for`,
/// `try`, `with`): any of them may have run.
fn nested<'t>(module: &Module, node: Node<'t>, name: &str, values: &mut Vec<(Node<'t>, bool)>) {
    // Source order, with a stack rather than recursion: code can nest
    // thousands deep.
    let mut stack = vec![(node, true)];
    while let Some((node, root)) = stack.pop() {
        if matches!(node.kind(), "function_definition" | "class_definition") {
            continue;
        }
        if !root && node.kind() == "expression_statement" {
            straight(module, node, name, values);
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev().map(|child| (child, false)));
    }
}

/// `a, b = x, y`: the element of the right side that `name` receives, when
/// both sides are written out; otherwise the whole right side
/// (`sql, params = qs.query.sql_with_params()` keeps the call).
fn unpacked<'t>(module: &Module, left: Node<'t>, right: Node<'t>, name: &str) -> Node<'t> {
    if left.kind() == "identifier" {
        return right;
    }
    let mut cursor = left.walk();
    let position = left
        .named_children(&mut cursor)
        .position(|part| part.kind() == "identifier" && module.text(part) == name);
    let mut cursor = right.walk();
    let items: Vec<Node<'t>> = match right.kind() {
        "expression_list" | "tuple" | "list" => right.named_children(&mut cursor).collect(),
        _ => Vec::new(),
    };
    position.and_then(|at| items.get(at).copied()).unwrap_or(right)
}
