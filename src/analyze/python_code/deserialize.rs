//! `python.pickle-load`: pickle (and cPickle, dill, shelve, jsonpickle)
//! turn bytes into objects by running code the bytes choose, so loading
//! anything an attacker can write runs the attacker's code. A warning
//! wherever it happens; blocking when the data visibly comes from the
//! request. `yaml.load` without a safe loader is the same trap.

use tree_sitter::Node;

use crate::analyze::python::arguments::Arguments;
use crate::analyze::python::Module;
use crate::analyze::Hit;
use crate::finding::Severity;
use crate::rules::id::{python_code, RuleId};

pub(crate) const RULE: RuleId = python_code::PYTHON_PICKLE_LOAD;

const UNPICKLERS: &[&str] = &[
    "pickle.load",
    "pickle.loads",
    "pickle.Unpickler",
    "cPickle.load",
    "cPickle.loads",
    "_pickle.load",
    "_pickle.loads",
    "dill.load",
    "dill.loads",
    "shelve.open",
    "jsonpickle.decode",
    "yaml.unsafe_load",
];

const SAFE_LOADERS: &[&str] = &["SafeLoader", "CSafeLoader", "yaml.SafeLoader", "yaml.CSafeLoader"];

/// Whether `source` names one of the functions [`check`] judges: its
/// name must appear as written for the call to match.
pub fn may_call(source: &[u8]) -> bool {
    names().any(|name| memchr::memmem::find(source, name.as_bytes()).is_some())
}

/// Text that the function of every call [`check`] judges holds, as
/// written: the call is found from it.
pub fn names() -> impl Iterator<Item = &'static str> {
    UNPICKLERS.iter().chain(&["yaml.load"]).copied()
}

pub fn check(module: &Module, call: Node<'_>) -> Option<Hit> {
    let function = module.text(call.child_by_field_name("function")?);
    let arguments = Arguments::of(module, call)?;
    let argument = arguments
        .positional(0)
        .map(|node| module.text(node))
        .unwrap_or_default();
    let note = if UNPICKLERS.contains(&function.as_str()) {
        format!("{function}() runs code chosen by whoever wrote the data")
    } else if matches!(function.as_str(), "yaml.load" | "yaml.load_all") {
        let loader = arguments
            .keyword("Loader")
            .or_else(|| arguments.positional(1))
            .map(|node| module.text(node));
        if loader.is_some_and(|loader| SAFE_LOADERS.contains(&loader.as_str())) {
            return None;
        }
        format!("{function}() without Loader=yaml.SafeLoader can build arbitrary objects")
    } else {
        return None;
    };
    let from_request = argument.contains("request.");
    Some(Hit {
        rule: RULE,
        range: call.byte_range(),
        severity: if from_request {
            Severity::Block
        } else {
            Severity::Warn
        },
        note: if from_request {
            format!("{note}, and the data comes from the request")
        } else {
            note
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::found;
    use super::RULE;
    use crate::finding::Severity;

    #[test]
    fn request_data_blocks_and_other_data_warns() {
        for (source, severity) in [
            ("obj = pickle.loads(request.body)", Severity::Block),
            ("obj = pickle.load(open(path, 'rb'))", Severity::Warn),
            ("data = yaml.load(text)", Severity::Warn),
        ] {
            assert_eq!(found(source, RULE, |hit| hit.severity), [severity], "{source}");
        }
    }

    #[test]
    fn safe_loaders_are_fine() {
        for source in [
            "data = yaml.load(text, Loader=yaml.SafeLoader)",
            "data = yaml.safe_load(text)",
            "data = json.loads(request.body)",
        ] {
            assert!(found(source, RULE, |hit| hit.note).is_empty(), "{source}");
        }
    }
}
