//! The `python-code` analyser: Python code patterns that need the syntax
//! tree, not a regex: SQL built by string formatting ([`sql`]) and
//! deserialisation of untrusted data ([`deserialize`]). Reads one blob,
//! woken by its rules' keywords in a `.py` file; its rules live in
//! `patterns/python.toml`.

mod deserialize;
mod sql;

use super::{About, Analyzer, Hit, Reads};
use crate::analyze::python::{descendants, Module};
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
/// when its text holds a call one of them acts on.
fn check(path: &str, source: &[u8], wanted: &[RuleId]) -> Vec<Hit> {
    let sql = wanted.contains(&sql::RULE) && sql::may_call(source);
    let deserialize = wanted.contains(&deserialize::RULE) && deserialize::may_call(source);
    if !(sql || deserialize) {
        return Vec::new();
    }
    let Some(module) = Module::parse_version(path, source) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    let calls = descendants(module.tree.root_node()).filter(|node| node.kind() == "call");
    for call in calls {
        if sql {
            hits.extend(sql::check(&module, call));
        }
        if deserialize {
            hits.extend(deserialize::check(&module, call));
        }
    }
    hits
}

/// What `check` finds in `source` for `rule`, as `what` picks from each hit.
#[cfg(test)]
fn found<T>(source: &str, rule: RuleId, what: impl Fn(Hit) -> T) -> Vec<T> {
    check("views.py", source.as_bytes(), &[rule])
        .into_iter()
        .map(what)
        .collect()
}
