//! The module-level statements that make up a settings module, in order:
//! assignments (plain, annotated, augmented, chained), star and named
//! imports, and list mutations (`ALLOWED_HOSTS.append("*")`). Function and
//! class bodies are not settings and are skipped; statements under `if`,
//! `for`, `while` and `except` run only sometimes and are marked
//! conditional; syntax errors are stepped into, so what parses still counts.

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
    /// `TARGET.append(x)`, `TARGET.extend([...])`, `TARGET.insert(i, x)`.
    Mutate {
        target: String,
        method: String,
        arguments: Node<'t>,
        conditional: bool,
    },
}

pub fn statements(module: &Module) -> Vec<Statement<'_>> {
    let mut out = Vec::new();
    block(module, module.tree.root_node(), false, &mut out);
    out
}

fn block<'t>(module: &Module, node: Node<'t>, conditional: bool, out: &mut Vec<Statement<'t>>) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        statement(module, child, conditional, out);
    }
}

fn statement<'t>(module: &Module, node: Node<'t>, conditional: bool, out: &mut Vec<Statement<'t>>) {
    match node.kind() {
        "expression_statement" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                expression(module, child, conditional, out);
            }
        }
        "import_from_statement" => import_from(module, node, conditional, out),
        "if_statement" | "for_statement" | "while_statement" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                match child.kind() {
                    "block" => block(module, child, true, out),
                    "elif_clause" | "else_clause" => {
                        let mut inner = child.walk();
                        for part in child.named_children(&mut inner).filter(|n| n.kind() == "block") {
                            block(module, part, true, out);
                        }
                    }
                    _ => {}
                }
            }
        }
        "try_statement" | "with_statement" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                match child.kind() {
                    "block" => block(module, child, conditional, out),
                    "finally_clause" => block_of(module, child, conditional, out),
                    "except_clause" | "except_group_clause" | "else_clause" => {
                        block_of(module, child, true, out)
                    }
                    _ => {}
                }
            }
        }
        // A syntax error: keep what parsed inside it.
        "ERROR" => block(module, node, conditional, out),
        "assignment" | "augmented_assignment" | "call" => expression(module, node, conditional, out),
        _ => {}
    }
}

fn block_of<'t>(module: &Module, clause: Node<'t>, conditional: bool, out: &mut Vec<Statement<'t>>) {
    let mut cursor = clause.walk();
    for part in clause.named_children(&mut cursor).filter(|n| n.kind() == "block") {
        block(module, part, conditional, out);
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
}
