//! A call's arguments, split into positional and keyword ones (comments
//! skipped): what the evaluator and the code analyser both read.

use tree_sitter::Node;

use super::Module;

pub(crate) struct Arguments<'t> {
    pub(crate) positional: Vec<Node<'t>>,
    pub(crate) keywords: Vec<(String, Node<'t>)>,
}

impl<'t> Arguments<'t> {
    /// The arguments of `call`; `None` when it has no argument list.
    pub(crate) fn of(module: &Module, call: Node<'t>) -> Option<Self> {
        let list = call.child_by_field_name("arguments")?;
        let mut positional = Vec::new();
        let mut keywords = Vec::new();
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
        Some(Arguments { positional, keywords })
    }

    pub(crate) fn positional(&self, index: usize) -> Option<Node<'t>> {
        self.positional.get(index).copied()
    }

    pub(crate) fn keyword(&self, name: &str) -> Option<Node<'t>> {
        self.keywords
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| *value)
    }
}
