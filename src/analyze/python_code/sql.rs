//! `django.sql-interpolation`: raw SQL whose text is built with an
//! f-string, `%`, `.format()` or `+`, in `.raw()`, `.extra()`, `RawSQL()`
//! and `cursor.execute()`/`executemany()`. Parameters passed separately
//! (`cursor.execute("... %s", [value])`) are what to do instead, and are
//! fine. What decides is where the interpolated values come from
//! ([`origin`]): from outside the function (a parameter, the request, or a
//! value derived from them) blocks; literals, module constants and SQL that
//! Django generated with its parameters kept apart are fine; anything else
//! warns.

mod origin;

use tree_sitter::Node;

use crate::analyze::python::arguments::Arguments;
use crate::analyze::python::{begins_a_name, is_interpolated, occurrences, string_literal, Module};
use crate::analyze::Hit;
use crate::finding::Severity;
use crate::rules::id::{python_code, RuleId};
use origin::{assignments, origin, Origin};

pub(crate) const RULE: RuleId = python_code::DJANGO_SQL_INTERPOLATION;

/// The functions whose SQL argument [`check`] reads: text the function of
/// every call it judges holds, so the call is found from it.
pub const RUNNERS: &[&str] = &["raw", "execute", "executemany", "RawSQL", "extra"];

/// Whether `source` may call one of [`RUNNERS`]: its name as a whole
/// identifier, then `(` after any blanks.
pub fn may_call(source: &[u8]) -> bool {
    RUNNERS.iter().any(|name| {
        occurrences(source, name.as_bytes())
            .any(|(at, after)| begins_a_name(source, at) && after.first() == Some(&b'('))
    })
}

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
    // Parameters passed apart: the data already goes through placeholders,
    // so what a parameter adds to the text is most likely SQL (a wrapper
    // that runs EXPLAIN on the SQL it is given).
    let params_apart = positional.len() > 1
        || keywords
            .iter()
            .any(|(key, _)| matches!(key.as_str(), "params" | "select_params" | "args"));
    // A migration's helpers are called by the migration itself, with
    // literal table names.
    let internal = params_apart || is_migration(module);
    candidates.into_iter().find_map(|sql| {
        let (how, from) = built(module, sql, 0)?;
        let (severity, source) = match from {
            Origin::Constant => return None,
            Origin::Unknown => (Severity::Warn, "keyward cannot trace where a value comes from"),
            Origin::Parameter if internal => (
                Severity::Warn,
                "a value comes from a parameter, in a migration or a call that passes its parameters apart",
            ),
            Origin::Parameter => (Severity::Block, "a value comes from a parameter of the function"),
            Origin::Request => (Severity::Block, "a value comes from the request"),
        };
        Some(Hit {
            rule: RULE,
            range: sql.byte_range(),
            severity,
            note: format!("the SQL passed to {name}() is built with {how}, and {source}"),
        })
    })
}

/// A Django migration: a module that defines `class Migration`.
fn is_migration(module: &Module) -> bool {
    let root = module.tree.root_node();
    let mut cursor = root.walk();
    let found = root.named_children(&mut cursor).any(|node| {
        node.kind() == "class_definition"
            && node
                .child_by_field_name("name")
                .is_some_and(|name| module.text(name) == "Migration")
    });
    found
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

/// How an expression builds a string from values, if it does, and where
/// the worst of those values comes from.
fn built(module: &Module, node: Node<'_>, depth: u8) -> Option<(&'static str, Origin)> {
    match node.kind() {
        "string" if is_interpolated(node) => Some(("an f-string", origin(module, node, 0))),
        "binary_operator" => {
            let operator = module.text(node.child_by_field_name("operator")?);
            let left = node.child_by_field_name("left")?;
            let right = node.child_by_field_name("right")?;
            let how = match operator.as_str() {
                // `%d` and its kin format numbers, which cannot carry SQL.
                "%" if string_literal(module, left).is_some_and(|text| formats_only_numbers(&text)) => {
                    return None
                }
                "%" if is_text(module, left) => "% formatting",
                "+" if !(is_text(module, left) && is_text(module, right)) => "+ concatenation",
                _ => return None,
            };
            Some((how, origin(module, node, 0)))
        }
        "call" => {
            let function = node.child_by_field_name("function")?;
            let method = function.child_by_field_name("attribute").map(|m| module.text(m));
            (function.kind() == "attribute" && method.as_deref() == Some("format"))
                .then(|| (".format()", origin(module, node, 0)))
        }
        "parenthesized_expression" => {
            let mut inner = node.named_child(0)?;
            while inner.kind() == "parenthesized_expression" {
                inner = inner.named_child(0)?;
            }
            built(module, inner, depth)
        }
        // The SQL is a variable: how its assignments built it.
        "identifier" if depth < 3 => {
            let mut found: Option<(&'static str, Origin)> = None;
            for (value, augmented) in assignments(module, &module.text(node), node)? {
                let step = match built(module, value, depth + 1) {
                    Some(step) => Some(step),
                    None if augmented && !is_text(module, value) => {
                        Some(("+= concatenation", origin(module, value, 0)))
                    }
                    None => None,
                };
                if let Some((how, from)) = step {
                    found = Some(match found {
                        Some((first, worst)) => (first, worst.max(from)),
                        None => (how, from),
                    });
                }
            }
            found
        }
        _ => None,
    }
}

/// Whether every `%` conversion in a printf-style format is numeric
/// (`"KILL %d"`, `"LIMIT %(n)i"`); `%%` is a literal percent sign.
fn formats_only_numbers(format: &str) -> bool {
    let mut conversions = 0;
    let mut rest = format;
    while let Some(at) = rest.find('%') {
        let mut spec = &rest[at + 1..];
        // An optional `(name)`, then flags, width, precision and length.
        if let Some(named) = spec.strip_prefix('(') {
            let Some((_, after)) = named.split_once(')') else {
                return false;
            };
            spec = after;
        }
        let spec = spec.trim_start_matches(|c: char| "#0- +*.hlL".contains(c) || c.is_ascii_digit());
        let Some(conversion) = spec.chars().next() else {
            return false;
        };
        match conversion {
            '%' => {}
            c if "diouxXeEfFgG".contains(c) => conversions += 1,
            _ => return false,
        }
        rest = &spec[conversion.len_utf8()..];
    }
    conversions > 0
}

/// A string literal (or an f-string): the text side of `%` and `+`.
fn is_text(module: &Module, node: Node<'_>) -> bool {
    string_literal(module, node).is_some() || (node.kind() == "string" && is_interpolated(node))
}

#[cfg(test)]
mod tests {
    use super::super::found as hits;
    use crate::finding::Severity;

    fn found(source: &str) -> Vec<(Severity, String)> {
        hits(source, super::RULE, |hit| (hit.severity, hit.note))
    }

    #[test]
    fn only_text_that_calls_a_runner_is_parsed() {
        for source in ["cursor.execute (sql)", "qs.extra \\\n(where=w)", "raw(q)"] {
            assert!(super::may_call(source.as_bytes()), "{source}");
        }
        for source in ["# execute the plan", "draw(x)", "executed(x)", "qs.raw"] {
            assert!(!super::may_call(source.as_bytes()), "{source}");
        }
    }

    fn severities(source: &str) -> Vec<Severity> {
        found(source).into_iter().map(|(severity, _)| severity).collect()
    }

    #[test]
    fn values_from_outside_the_function_block() {
        assert_eq!(
            found("def search(request):\n    return User.objects.raw(f\"SELECT * FROM u WHERE name = '{request.GET['q']}'\")\n"),
            [(
                Severity::Block,
                "the SQL passed to raw() is built with an f-string, and a value comes from the request".to_string()
            )]
        );
        assert_eq!(
            severities(
                "def delete(cursor, uid):\n    cursor.execute(\"DELETE FROM u WHERE id = %s\" % uid)\n"
            ),
            [Severity::Block]
        );
        assert_eq!(
            severities("def f(c, t):\n    sql = 'SELECT * FROM ' + t\n    c.execute(sql)\n"),
            [Severity::Block]
        );
        assert_eq!(
            severities("def f(qs, x):\n    return qs.extra(where=['id = {}'.format(x)])\n"),
            [Severity::Block]
        );
        // Derived: through a local variable, a method and a branch.
        assert_eq!(
            severities("def search(request, c):\n    q = request.GET.get('q', '')\n    if q:\n        term = q.strip()\n    else:\n        term = 'all'\n    c.execute(f\"SELECT * FROM t WHERE name = '{term}'\")\n"),
            [Severity::Block]
        );
        assert_eq!(
            severities("def find(c, name):\n    sql = 'SELECT * FROM t WHERE 1=1'\n    sql += f\" AND name = '{name}'\"\n    c.execute(sql)\n"),
            [Severity::Block]
        );
        assert_eq!(
            severities("def find(c, ids):\n    c.execute('SELECT * FROM t WHERE id IN (%s)' % ','.join(str(i) for i in ids))\n"),
            [Severity::Block]
        );
        assert_eq!(
            severities("def f(request, c):\n    c.execute('SELECT * FROM t WHERE name = ' + escape(request.GET['q']))\n"),
            [Severity::Block]
        );
    }

    #[test]
    fn literals_constants_and_django_generated_sql_are_fine() {
        assert!(found("DEFAULT_TABLE_NAME = 'cache'\ndef drop(c):\n    c.execute(\"DROP TABLE IF EXISTS \" + DEFAULT_TABLE_NAME)\n").is_empty());
        assert!(
            found("from .constants import TABLE\ndef drop(c):\n    c.execute(f'DROP TABLE {TABLE}')\n")
                .is_empty()
        );
        assert!(found("def set_mode(c, strict):\n    mode = 'TRADITIONAL' if strict else 'ANSI'\n    c.execute(f'SET SESSION sql_mode = {mode};')\n").is_empty());
        assert!(found("def set_mode(c, strict):\n    if strict:\n        mode = 'TRADITIONAL'\n    else:\n        mode = 'ANSI'\n    c.execute(f'SET SESSION sql_mode = {mode};')\n").is_empty());
        assert!(found("def count(qs):\n    sql, params = qs.query.sql_with_params()\n    with connection.cursor() as c:\n        c.execute(f\"SELECT COUNT(*) FROM ({sql}) t\", params)\n").is_empty());
        assert!(found("def find(c, ids):\n    marks = ', '.join(['%s'] * len(ids))\n    c.execute(f'SELECT * FROM t WHERE id IN ({marks})', ids)\n").is_empty());
        assert!(found("def page(c, n):\n    c.execute('SELECT * FROM t LIMIT %d' % int(n))\n").is_empty());
        // Numeric conversions cannot carry SQL, whatever the value.
        assert!(found(
            "def cancel(c, thread_id):\n    query = 'KILL %d' % (thread_id)\n    c.execute(query)\n"
        )
        .is_empty());
        assert!(found("def page(c, n, m):\n    c.execute('SELECT 100%% LIMIT %(n)05d OFFSET %.0f' % {'n': n, 'm': m})\n").is_empty());
        assert_eq!(
            severities("def f(c, t):\n    c.execute('SELECT %d, %s' % (1, t))\n"),
            [Severity::Block]
        );
        assert!(found("def f(model, c):\n    c.execute('TRUNCATE ' + model._meta.db_table)\n").is_empty());
        assert!(found("def mine(request, qs):\n    return qs.extra(select={'mine': 'SELECT 1 WHERE user_id = {}'.format(request.user.id)})\n").is_empty());
        assert!(found("def voted(qs, user):\n    sql = 'SELECT 1 WHERE user_id = {uid}'.format(uid=user.id)\n    return qs.extra(select={'voted': sql})\n").is_empty());
    }

    #[test]
    fn values_it_cannot_trace_warn() {
        assert_eq!(
            severities("def constraints(table_name):\n    connection.cursor().execute(\"SELECT 1 WHERE relname = '{}'\".format(table_name))\n\nclass Migration(migrations.Migration):\n    operations = []\n"),
            [Severity::Warn]
        );
        assert_eq!(
            severities("def f(c, retries):\n    c.execute(trace(retries) + 'SELECT 1')\n"),
            [Severity::Warn]
        );
        assert_eq!(
            severities(
                "def explain(cursor, sql, params):\n    cursor.execute(f'EXPLAIN ANALYZE {sql}', params)\n"
            ),
            [Severity::Warn]
        );
        assert_eq!(
            severities("def f(request, cursor, y):\n    cursor.execute(f\"SELECT 1 WHERE a = '{request.GET['a']}' AND b = %s\", [y])\n"),
            [Severity::Block]
        );
        assert_eq!(
            found(
                "class Report:\n    def rows(self, c):\n        c.execute(f'SELECT * FROM {self.table}')\n"
            ),
            [(
                Severity::Warn,
                "the SQL passed to execute() is built with an f-string, and keyward cannot trace where a value comes from"
                    .to_string()
            )]
        );
        assert_eq!(
            severities("def f(c):\n    c.execute('SELECT * FROM ' + table_for_today())\n"),
            [Severity::Warn]
        );
    }

    #[test]
    fn parameters_passed_apart_are_fine() {
        assert!(found("cursor.execute('SELECT * FROM u WHERE id = %s', [uid])").is_empty());
        assert!(found("User.objects.raw('SELECT * FROM u WHERE id = %s', [uid])").is_empty());
        assert!(found("cursor.execute('SELECT ' 'x')").is_empty());
        assert!(found("sql = 'SELECT 1'\ncursor.execute(sql)").is_empty());
        assert!(found("def run(cursor, sql, params):\n    cursor.execute(sql, params)\n").is_empty());
    }
}
