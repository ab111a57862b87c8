//! The `python-code` analyser: Python code patterns that need the syntax
//! tree, not a regex: SQL built by string formatting ([`sql`]) and
//! deserialisation of untrusted data ([`deserialize`]). Reads one blob,
//! woken by its rules' keywords in a `.py` file; its rules live in
//! `patterns/python.toml`.

mod deserialize;
mod excerpt;
mod sql;

use super::{About, Analyzer, Hit, Reads};
use tree_sitter::Node;

use crate::analyze::python::Module;
use crate::rules::id::{python_code, RuleId};

pub(crate) struct PythonCode;

impl Analyzer for PythonCode {
    fn about(&self) -> About {
        About::new(python_code::RULES, Reads::Blob)
    }

    fn wakes_on(&self, path: &str) -> bool {
        path.ends_with(".py")
    }

    fn blob(&self, path: &str, bytes: &[u8], wanted: &[RuleId]) -> Vec<Hit> {
        check(path, bytes, wanted)
    }
}

/// Checks a Python file for the rules named in `wanted`. Their keywords
/// are loose (`execute` wakes on prose too), so the file is parsed only
/// when its text holds a call one of them acts on, and then only the
/// statements that hold one ([`excerpt`]).
fn check(path: &str, source: &[u8], wanted: &[RuleId]) -> Vec<Hit> {
    let rules = Rules {
        sql: wanted.contains(&sql::RULE) && sql::may_call(source),
        deserialize: wanted.contains(&deserialize::RULE) && deserialize::may_call(source),
    };
    if !(rules.sql || rules.deserialize) {
        return Vec::new();
    }
    let judge = |module: &Module| judge(module, rules);
    excerpt::hits(path, source, rules, judge).unwrap_or_else(|| {
        Module::parse_version(path, source)
            .map(|module| judge(&module))
            .unwrap_or_default()
    })
}

/// Which of the rules a file is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rules {
    sql: bool,
    deserialize: bool,
}

impl Rules {
    /// Text that the function of every call these rules judge holds.
    fn needles(self) -> impl Iterator<Item = &'static str> {
        (self
            .sql
            .then_some(sql::RUNNERS.iter().copied())
            .into_iter()
            .flatten())
        .chain(self.deserialize.then(deserialize::names).into_iter().flatten())
    }
}

/// The hits of `rules` in a parsed module (a whole file or an excerpt).
fn judge(module: &Module, rules: Rules) -> Vec<Hit> {
    let mut hits = Vec::new();
    for call in calls_naming(module, rules.needles()) {
        if rules.sql {
            hits.extend(sql::check(module, call));
        }
        if rules.deserialize {
            hits.extend(deserialize::check(module, call));
        }
    }
    hits
}

/// The calls whose function holds one of `needles` as written, in source
/// order (an outer call before the calls inside it), each once: a check
/// judges a call by its function's text, so no other call can be judged,
/// and the tree need not be walked whole (that walk was a tenth of a
/// Django history's scan). A needle found elsewhere (`draw(`, a comment)
/// only yields a call the checks pass over.
fn calls_naming<'t>(module: &'t Module, needles: impl Iterator<Item = &'static str>) -> Vec<Node<'t>> {
    let root = module.tree.root_node();
    let mut calls: Vec<Node<'t>> = Vec::new();
    for needle in needles {
        for at in memchr::memmem::find_iter(&module.source, needle.as_bytes()) {
            let mut node = root.descendant_for_byte_range(at, at + needle.len());
            while let Some(found) = node.filter(|found| found.kind() != "call") {
                node = found.parent();
            }
            calls.extend(node);
        }
    }
    calls.sort_by_key(|call| (call.start_byte(), std::cmp::Reverse(call.end_byte())));
    calls.dedup_by_key(|call| call.id());
    calls
}

/// What `check` finds in `source` for `rule`, as `what` picks from each hit.
#[cfg(test)]
fn found<T>(source: &str, rule: RuleId, what: impl Fn(Hit) -> T) -> Vec<T> {
    check("views.py", source.as_bytes(), &[rule])
        .into_iter()
        .map(what)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_found_from_their_names_in_source_order_each_once() {
        let source = "def view(request, name):\n    # cursor.execute() in a comment\n    draw(request)\n    cursor.execute(\"SELECT %s\" % name, pickle.loads(request.body))\n    cursor.execute(q)\n";
        let module = Module::parse(source.as_bytes()).expect("parses");
        let calls = calls_naming(&module, ["execute", "raw", "pickle.loads"].into_iter());
        let texts: Vec<String> = calls.iter().map(|call| module.text(*call)).collect();
        assert_eq!(
            texts,
            [
                "draw(request)",
                "cursor.execute(\"SELECT %s\" % name, pickle.loads(request.body))",
                "pickle.loads(request.body)",
                "cursor.execute(q)",
            ]
        );
    }
}
