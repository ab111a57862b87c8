//! Python code patterns that need the syntax tree, not a regex: SQL built
//! by string formatting ([`sql`]) and deserialisation of untrusted data
//! ([`deserialize`]). Run per file by the scanner, for the rules whose
//! keywords the file contains.

mod deserialize;
mod sql;

use std::ops::Range;

use tree_sitter::Node;

use crate::analyze::python::Module;
use crate::finding::Severity;

/// The rules this analysis reports; their text lives in patterns/.
pub const ANALYZER: &str = "python-code";

/// One place a rule matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub rule: &'static str,
    /// Byte range of the offending expression.
    pub range: Range<usize>,
    pub severity: Severity,
    pub note: String,
}

/// Checks a Python file for the rules named in `wanted`.
pub fn check(source: &[u8], wanted: &[&str]) -> Vec<Hit> {
    let Some(module) = Module::parse(source) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    let mut calls = Vec::new();
    collect_calls(module.tree.root_node(), &mut calls);
    for call in calls {
        if wanted.contains(&sql::RULE) {
            hits.extend(sql::check(&module, call));
        }
        if wanted.contains(&deserialize::RULE) {
            hits.extend(deserialize::check(&module, call));
        }
    }
    hits
}

fn collect_calls<'t>(node: Node<'t>, calls: &mut Vec<Node<'t>>) {
    if node.kind() == "call" {
        calls.push(node);
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        collect_calls(child, calls);
    }
}

/// A call's positional arguments and keyword arguments.
pub fn arguments<'t>(module: &Module, call: Node<'t>) -> (Vec<Node<'t>>, Vec<(String, Node<'t>)>) {
    let mut positional = Vec::new();
    let mut keywords = Vec::new();
    if let Some(list) = call.child_by_field_name("arguments") {
        let mut cursor = list.walk();
        for argument in list.named_children(&mut cursor) {
            match argument.kind() {
                "keyword_argument" => {
                    if let (Some(name), Some(value)) = (
                        argument.child_by_field_name("name"),
                        argument.child_by_field_name("value"),
                    ) {
                        keywords.push((module.text(name), value));
                    }
                }
                "comment" => {}
                _ => positional.push(argument),
            }
        }
    }
    (positional, keywords)
}
