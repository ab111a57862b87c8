//! The module-level statements that make up a settings module, in order:
//! assignments (plain, annotated, augmented, chained), star and named
//! imports, and list mutations (`ALLOWED_HOSTS.append("*")`). Function and
//! class bodies are not settings and are skipped; statements under `if`,
//! `for`, `while` and `except` run only sometimes and are marked
//! conditional; syntax errors are stepped into, so what parses still counts.
//! When every arm of an `if`/`else` or `try`/`except` that completes (does
//! not end in `raise`) assigns a name, a [`Statement::Join`] after them says
//! the name is set whichever arm ran.

use tree_sitter::Node;

use super::Module;

#[derive(Debug, Clone)]
pub enum Statement<'t> {
    Assign {
        target: String,
        value: Node<'t>,
        augmented: bool,
        conditional: bool,
    },
    /// `from MODULE import *`; MODULE keeps its leading dots.
    StarImport { module: String, conditional: bool },
    /// `from MODULE import NAME as ALIAS`.
    ImportNames {
        module: String,
        names: Vec<(String, String)>,
        conditional: bool,
    },
    /// After branches that all assign TARGET: its value is one of `arms`
    /// (one value per completing arm, in order), whichever arm ran.
    Join {
        target: String,
        arms: Vec<Node<'t>>,
        /// `try`/`except`: the first arm is the `try` body's, which is the
        /// one that runs unless it raises.
        tried: bool,
        conditional: bool,
    },
    /// `TARGET.append(x)`, `TARGET.extend([...])`, `TARGET.insert(i, x)`.
    Mutate {
        target: String,
        method: String,
        arguments: Node<'t>,
        conditional: bool,
    },
}

/// How many blocks deep statements are read: CPython refuses more than 100
/// levels of indentation, and a syntax error nests `ERROR` nodes no deeper
/// in a file anyone wrote; deeper ones are skipped rather than overflow
/// the stack.
const MAX_NESTING: u32 = 100;

pub fn statements(module: &Module) -> Vec<Statement<'_>> {
    let mut out = Vec::new();
    block(module, module.tree.root_node(), false, 0, &mut out);
    out
}

fn block<'t>(module: &Module, node: Node<'t>, conditional: bool, depth: u32, out: &mut Vec<Statement<'t>>) {
    if depth > MAX_NESTING {
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        statement(module, child, conditional, depth + 1, out);
    }
}

fn statement<'t>(
    module: &Module,
    node: Node<'t>,
    conditional: bool,
    depth: u32,
    out: &mut Vec<Statement<'t>>,
) {
    match node.kind() {
        "expression_statement" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                expression(module, child, conditional, out);
            }
        }
        "import_from_statement" => import_from(module, node, conditional, out),
        "if_statement" => {
            let mut arms = Vec::new();
            let mut exhaustive = false;
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                match child.kind() {
                    "block" => arms.push(child),
                    "elif_clause" | "else_clause" => {
                        exhaustive |= child.kind() == "else_clause";
                        arms.extend(blocks_of(child));
                    }
                    _ => {}
                }
            }
            branches(
                module,
                &arms,
                exhaustive.then_some(false),
                conditional,
                depth,
                out,
            );
        }
        "for_statement" | "while_statement" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                match child.kind() {
                    "block" => block(module, child, true, depth, out),
                    // A loop's or a try's `else` may not run.
                    "else_clause" => blocks_of(child)
                        .into_iter()
                        .for_each(|part| block(module, part, true, depth, out)),
                    _ => {}
                }
            }
        }
        "try_statement" => {
            // The body runs (unless it raises); `else` only after it, and
            // each `except` only instead of it.
            let mut handlers = Vec::new();
            let mut finally = Vec::new();
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                match child.kind() {
                    "block" => block(module, child, conditional, depth, out),
                    // A loop's or a try's `else` may not run.
                    "else_clause" => blocks_of(child)
                        .into_iter()
                        .for_each(|part| block(module, part, true, depth, out)),
                    "except_clause" | "except_group_clause" => handlers.extend(blocks_of(child)),
                    "finally_clause" => finally.extend(blocks_of(child)),
                    _ => {}
                }
            }
            if !handlers.is_empty() {
                let body = node.child_by_field_name("body");
                let arms: Vec<Node<'t>> = body.into_iter().chain(handlers).collect();
                // The body's statements are already out, unconditional.
                branches(module, &arms, Some(true), conditional, depth, out);
            }
            for part in finally {
                block(module, part, conditional, depth, out);
            }
        }
        "with_statement" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor).filter(|n| n.kind() == "block") {
                block(module, child, conditional, depth, out);
            }
        }
        // A syntax error: keep what parsed inside it.
        "ERROR" => block(module, node, conditional, depth, out),
        "assignment" | "augmented_assignment" | "call" => expression(module, node, conditional, out),
        _ => {}
    }
}

/// The blocks of a clause (`else:`, `except E:`, `elif c:`).
pub fn blocks_of<'t>(clause: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = clause.walk();
    let blocks = clause
        .named_children(&mut cursor)
        .filter(|n| n.kind() == "block")
        .collect();
    blocks
}

/// The arms of an `if` (`tried` is `Some(false)` when it has an `else`,
/// `None` when it does not) or the body and handlers of a `try`
/// (`Some(true)`; the body's statements are already out): each arm's
/// statements, conditional, then a join for each name every completing arm
/// assigns.
fn branches<'t>(
    module: &Module,
    arms: &[Node<'t>],
    tried: Option<bool>,
    conditional: bool,
    depth: u32,
    out: &mut Vec<Statement<'t>>,
) {
    let mut assigned: Vec<Vec<(String, Node<'t>)>> = Vec::new();
    for (index, arm) in arms.iter().enumerate() {
        let mut inside = Vec::new();
        block(module, *arm, false, depth, &mut inside);
        if !ends_in_raise(*arm) {
            assigned.push(straight_assignments(&inside));
        }
        let already_out = tried == Some(true) && index == 0;
        if !already_out {
            out.extend(inside.into_iter().map(|mut statement| {
                statement.set_conditional();
                statement
            }));
        }
    }
    let Some(tried) = tried else {
        return;
    };
    let Some((first, rest)) = assigned.split_first() else {
        return;
    };
    for (target, value) in first {
        let mut values = vec![*value];
        for other in rest {
            match other.iter().find(|(name, _)| name == target) {
                Some((_, value)) => values.push(*value),
                None => break,
            }
        }
        if values.len() == assigned.len() {
            out.push(Statement::Join {
                target: target.clone(),
                arms: values,
                tried,
                conditional,
            });
        }
    }
}

/// The names an arm assigns outright, each with its last value.
fn straight_assignments<'t>(statements: &[Statement<'t>]) -> Vec<(String, Node<'t>)> {
    let mut assigned: Vec<(String, Node<'t>)> = Vec::new();
    for statement in statements {
        let Statement::Assign {
            target,
            value,
            augmented,
            conditional: false,
        } = statement
        else {
            continue;
        };
        assigned.retain(|(name, _)| name != target);
        if !augmented {
            assigned.push((target.clone(), *value));
        }
    }
    assigned
}

fn ends_in_raise(arm: Node<'_>) -> bool {
    let mut cursor = arm.walk();
    let last = arm
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .last();
    last.is_some_and(|n| n.kind() == "raise_statement")
}

impl Statement<'_> {
    fn set_conditional(&mut self) {
        match self {
            Statement::Assign { conditional, .. }
            | Statement::StarImport { conditional, .. }
            | Statement::ImportNames { conditional, .. }
            | Statement::Join { conditional, .. }
            | Statement::Mutate { conditional, .. } => *conditional = true,
        }
    }
}

fn expression<'t>(module: &Module, node: Node<'t>, conditional: bool, out: &mut Vec<Statement<'t>>) {
    match node.kind() {
        "assignment" => {
            // `A = B = value`: the right side nests further assignments.
            let mut targets = Vec::new();
            let mut current = node;
            loop {
                if let Some(left) = current.child_by_field_name("left") {
                    if left.kind() == "identifier" {
                        targets.push(module.text(left));
                    }
                }
                match current.child_by_field_name("right") {
                    Some(right) if right.kind() == "assignment" => current = right,
                    Some(value) => {
                        for target in targets {
                            out.push(Statement::Assign {
                                target,
                                value,
                                augmented: false,
                                conditional,
                            });
                        }
                        return;
                    }
                    None => return, // `DEBUG: bool` without a value.
                }
            }
        }
        "augmented_assignment" => {
            let (Some(left), Some(value)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return;
            };
            let operator = node.child_by_field_name("operator").map(|op| module.text(op));
            if left.kind() == "identifier" && operator.as_deref() == Some("+=") {
                out.push(Statement::Assign {
                    target: module.text(left),
                    value,
                    augmented: true,
                    conditional,
                });
            }
        }
        "call" => {
            let Some(function) = node.child_by_field_name("function") else {
                return;
            };
            let (Some(object), Some(method), Some(arguments)) = (
                function.child_by_field_name("object"),
                function.child_by_field_name("attribute"),
                node.child_by_field_name("arguments"),
            ) else {
                return;
            };
            let method = module.text(method);
            if object.kind() == "identifier" && matches!(method.as_str(), "append" | "extend" | "insert") {
                out.push(Statement::Mutate {
                    target: module.text(object),
                    method,
                    arguments,
                    conditional,
                });
            }
        }
        _ => {}
    }
}

fn import_from<'t>(module: &Module, node: Node<'t>, conditional: bool, out: &mut Vec<Statement<'t>>) {
    let Some(source) = node.child_by_field_name("module_name") else {
        return;
    };
    let source = module.text(source);
    let mut cursor = node.walk();
    if node
        .named_children(&mut cursor)
        .any(|child| child.kind() == "wildcard_import")
    {
        out.push(Statement::StarImport {
            module: source,
            conditional,
        });
        return;
    }
    let mut names = Vec::new();
    let mut cursor = node.walk();
    for name in node.children_by_field_name("name", &mut cursor) {
        match name.kind() {
            "dotted_name" => {
                let text = module.text(name);
                names.push((text.clone(), text));
            }
            "aliased_import" => {
                if let (Some(original), Some(alias)) = (
                    name.child_by_field_name("name"),
                    name.child_by_field_name("alias"),
                ) {
                    names.push((module.text(original), module.text(alias)));
                }
            }
            _ => {}
        }
    }
    out.push(Statement::ImportNames {
        module: source,
        names,
        conditional,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(source: &str) -> Vec<String> {
        let module = Module::parse(source.as_bytes()).unwrap();
        statements(&module)
            .iter()
            .map(|statement| match statement {
                Statement::Assign {
                    target,
                    value,
                    augmented,
                    conditional,
                } => format!(
                    "{target}{}{}{}",
                    if *augmented { "+=" } else { "=" },
                    module.text(*value),
                    if *conditional { " (if)" } else { "" }
                ),
                Statement::StarImport { module, .. } => format!("* from {module}"),
                Statement::ImportNames { module, names, .. } => format!("{names:?} from {module}"),
                Statement::Mutate { target, method, .. } => format!("{target}.{method}"),
                Statement::Join {
                    target, arms, tried, ..
                } => format!(
                    "{target} joins {}{}",
                    arms.iter()
                        .map(|arm| module.text(*arm))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    if *tried { " (try)" } else { "" }
                ),
            })
            .collect()
    }

    #[test]
    fn reads_module_level_settings_in_order() {
        let source = r#"
"""DEBUG = True in a docstring is not a setting."""
from .base import *
from mysite.settings.common import DEBUG as BASE_DEBUG
DEBUG: bool = True  # a comment
A = B = 1
ALLOWED_HOSTS = [
    "*",
]
ALLOWED_HOSTS += ["x"]
ALLOWED_HOSTS.append("y")
def f():
    DEBUG = False
if LOCAL:
    DEBUG = False
"#;
        assert_eq!(
            summary(source),
            vec![
                "* from .base",
                "[(\"DEBUG\", \"BASE_DEBUG\")] from mysite.settings.common",
                "DEBUG=True",
                "A=1",
                "B=1",
                "ALLOWED_HOSTS=[\n    \"*\",\n]",
                "ALLOWED_HOSTS+=[\"x\"]",
                "ALLOWED_HOSTS.append",
                "DEBUG=False (if)",
            ]
        );
    }

    #[test]
    fn a_syntax_error_keeps_what_parses() {
        let source = "DEBUG = True\nSECRET_KEY = os.environ[\nALLOWED_HOSTS = ['*']\n";
        let found = summary(source);
        assert!(found.contains(&"DEBUG=True".to_string()), "{found:?}");
    }

    #[test]
    fn branches_that_all_assign_join() {
        let source = r#"
if PROD:
    DEBUG = False
    KEY = "a"
elif STAGING:
    DEBUG = False
else:
    raise ImproperlyConfigured("set PROD")
if X:
    HOSTS = ["a"]
try:
    SECRET_KEY = os.environ["SECRET_KEY"]
except KeyError:
    SECRET_KEY = "dev"
finally:
    DONE = True
try:
    from .local import *
except ImportError:
    pass
"#;
        assert_eq!(
            summary(source),
            vec![
                "DEBUG=False (if)",
                "KEY=\"a\" (if)",
                "DEBUG=False (if)",
                "DEBUG joins False | False",
                "HOSTS=[\"a\"] (if)",
                "SECRET_KEY=os.environ[\"SECRET_KEY\"]",
                "SECRET_KEY=\"dev\" (if)",
                "SECRET_KEY joins os.environ[\"SECRET_KEY\"] | \"dev\" (try)",
                "DONE=True",
                "* from .local",
            ]
        );
    }
}
