//! `django.sql-interpolation`: raw SQL whose text is built with an
//! f-string, `%`, `.format()` or `+`, in `.raw()`, `.extra()`, `RawSQL()`
//! and `cursor.execute()`/`executemany()`. Parameters passed separately
//! (`cursor.execute("... %s", [value])`) are what to do instead, and are
//! fine. A variable is followed back to its assignment in the same block.

use tree_sitter::Node;

use crate::analyze::python::arguments::Arguments;
use crate::analyze::python::{is_interpolated, string_literal, Module};
use crate::analyze::Hit;
use crate::finding::Severity;
use crate::rules::id::{python_code, RuleId};

pub(crate) const RULE: RuleId = python_code::DJANGO_SQL_INTERPOLATION;

pub fn check(module: &Module, call: Node<'_>) -> Option<Hit> {
    let function = call.child_by_field_name("function")?;
    let name = match function.kind() {
        "attribute" => module.text(function.child_by_field_name("attribute")?),
        "identifier" => module.text(function),
        _ => return None,
    };
    let Arguments { positional, keywords } = Arguments::of(module, call)?;
    let candidates: Vec<Node<'_>> = match name.as_str() {
        "raw" | "execute" | "executemany" | "RawSQL" => positional
            .first()
            .copied()
            .into_iter()
            .chain(
                keywords
                    .iter()
                    .filter(|(key, _)| matches!(key.as_str(), "sql" | "raw_query" | "query"))
                    .map(|(_, value)| *value),
            )
            .collect(),
        "extra" => keywords
            .iter()
            .filter(|(key, _)| matches!(key.as_str(), "where" | "select" | "tables" | "order_by"))
            .flat_map(|(_, value)| elements(*value))
            .collect(),
        _ => return None,
    };
    candidates.into_iter().find_map(|sql| {
        let how = built_how(module, sql, call, 0)?;
        Some(Hit {
            rule: RULE,
            range: sql.byte_range(),
            severity: Severity::Block,
            note: format!("the SQL passed to {name}() is built with {how}"),
        })
    })
}

/// The items of a list, tuple or dict (its values), or the node itself.
fn elements(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    match node.kind() {
        "list" | "tuple" => node.named_children(&mut cursor).collect(),
        "dictionary" => node
            .named_children(&mut cursor)
            .filter_map(|pair| pair.child_by_field_name("value"))
            .collect(),
        _ => vec![node],
    }
}

/// How an expression builds a string from values, if it does.
fn built_how(module: &Module, node: Node<'_>, call: Node<'_>, depth: u8) -> Option<&'static str> {
    match node.kind() {
        "string" if is_interpolated(node) => Some("an f-string"),
        "binary_operator" => {
            let operator = module.text(node.child_by_field_name("operator")?);
            let left = node.child_by_field_name("left")?;
            let right = node.child_by_field_name("right")?;
            match operator.as_str() {
                "%" if is_text(module, left) => Some("% formatting"),
                "+" if !(is_text(module, left) && is_text(module, right)) => Some("+ concatenation"),
                _ => None,
            }
        }
        "call" => {
            let function = node.child_by_field_name("function")?;
            let method = function.child_by_field_name("attribute").map(|m| module.text(m));
            (function.kind() == "attribute" && method.as_deref() == Some("format")).then_some(".format()")
        }
        "parenthesized_expression" => built_how(module, node.named_child(0)?, call, depth),
        "identifier" if depth == 0 => {
            let value = assignment_before(module, &module.text(node), call)?;
            built_how(module, value, call, depth + 1)
        }
        _ => None,
    }
}

/// A string literal (or an f-string): the text side of `%` and `+`.
fn is_text(module: &Module, node: Node<'_>) -> bool {
    string_literal(module, node).is_some() || (node.kind() == "string" && is_interpolated(node))
}

/// The value last assigned to `name` before `call`, in the block that holds it.
fn assignment_before<'t>(module: &Module, name: &str, call: Node<'t>) -> Option<Node<'t>> {
    let mut statement = call;
    while let Some(parent) = statement.parent() {
        if matches!(parent.kind(), "block" | "module") {
            break;
        }
        statement = parent;
    }
    let mut found = None;
    let mut sibling = statement.prev_named_sibling();
    while let Some(current) = sibling {
        if current.kind() == "expression_statement" {
            if let Some(assignment) = current.named_child(0).filter(|n| n.kind() == "assignment") {
                let target = assignment
                    .child_by_field_name("left")
                    .map(|left| module.text(left));
                if target.as_deref() == Some(name) {
                    found = assignment.child_by_field_name("right");
                    break;
                }
            }
        }
        sibling = current.prev_named_sibling();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::found;

    fn notes(source: &str) -> Vec<String> {
        found(source, super::RULE, |hit| hit.note)
    }

    #[test]
    fn formatted_sql_is_found() {
        assert_eq!(
            notes("User.objects.raw(f\"SELECT * FROM u WHERE name = '{name}'\")"),
            ["the SQL passed to raw() is built with an f-string"]
        );
        assert_eq!(
            notes("cursor.execute(\"SELECT * FROM u WHERE id = %s\" % uid)"),
            ["the SQL passed to execute() is built with % formatting"]
        );
        assert_eq!(
            notes("def f(c, t):\n    sql = 'SELECT * FROM ' + t\n    c.execute(sql)\n"),
            ["the SQL passed to execute() is built with + concatenation"]
        );
        assert_eq!(
            notes("qs.extra(where=['id = {}'.format(x)])"),
            ["the SQL passed to extra() is built with .format()"]
        );
    }

    #[test]
    fn parameters_passed_apart_are_fine() {
        assert!(notes("cursor.execute('SELECT * FROM u WHERE id = %s', [uid])").is_empty());
        assert!(notes("User.objects.raw('SELECT * FROM u WHERE id = %s', [uid])").is_empty());
        assert!(notes("cursor.execute('SELECT ' 'x')").is_empty());
        assert!(notes("sql = 'SELECT 1'\ncursor.execute(sql)").is_empty());
    }
}
