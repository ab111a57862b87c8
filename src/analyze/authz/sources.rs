//! Which values the client chooses: the view's URL arguments (those the
//! URLconf captures, when it is readable), `self.kwargs`, the query string
//! and the body, and the local names assigned from them.

use std::collections::HashSet;

use tree_sitter::Node;

use super::views::Handler;
use crate::analyze::python::{descendants, Module};

/// Text that reads what the client sent.
const REQUEST_READS: &[&str] = &[
    "kwargs[",
    "kwargs.get(",
    "request.GET",
    "request.POST",
    "request.data",
    "request.query_params",
    "request.body",
];

pub(crate) struct Sources {
    names: HashSet<String>,
}

impl Sources {
    /// `from_url` says whether the URLconf can pass an argument of that name.
    pub(crate) fn of(module: &Module, handler: &Handler<'_>, from_url: impl Fn(&str) -> bool) -> Sources {
        let mut sources = Sources {
            names: handler
                .url_parameters
                .iter()
                .filter(|name| from_url(name))
                .cloned()
                .collect(),
        };
        // In source order, so `pk = int(pk_str)` after `pk_str = ...` is known.
        for assignment in descendants(handler.function).filter(|n| n.kind() == "assignment") {
            let (Some(left), Some(right)) = (
                assignment.child_by_field_name("left"),
                assignment.child_by_field_name("right"),
            ) else {
                continue;
            };
            if left.kind() == "identifier" && sources.chosen(module, right) {
                sources.names.insert(module.text(left));
            }
        }
        sources
    }

    /// Whether the client chooses `value`.
    pub(crate) fn chosen(&self, module: &Module, value: Node<'_>) -> bool {
        let text = module.text(value);
        REQUEST_READS.iter().any(|read| text.contains(read))
            || descendants(value).any(|node| {
                node.kind() == "identifier"
                    && !is_attribute_name(node)
                    && self.names.contains(&module.text(node))
            })
    }
}

/// `pk` in `order.pk` is not the local `pk`.
fn is_attribute_name(node: Node<'_>) -> bool {
    node.parent().is_some_and(|parent| {
        parent.kind() == "attribute" && parent.child_by_field_name("attribute") == Some(node)
    })
}
