//! Whether a view changes data: a writing generic view or DRF base, a
//! handler for a writing method, or a body that saves, deletes, updates or
//! creates, or branches on a writing HTTP method.

use std::sync::LazyLock;

use regex::Regex;
use tree_sitter::Node;

use super::ties;
use super::views::{Handler, View};
use crate::analyze::python::{descendants, Module};

/// Bases whose default handlers write (`ReadOnlyModelViewSet` does not).
const WRITING_BASES: &[&str] = &[
    "UpdateView",
    "DeleteView",
    "CreateView",
    "ModelViewSet",
    "CreateAPIView",
    "UpdateAPIView",
    "DestroyAPIView",
    "ListCreateAPIView",
    "RetrieveUpdateAPIView",
    "RetrieveDestroyAPIView",
    "RetrieveUpdateDestroyAPIView",
    "CreateModelMixin",
    "UpdateModelMixin",
    "DestroyModelMixin",
];

/// Handlers that run for writing requests.
const WRITING_HANDLERS: &[&str] = &[
    "post",
    "put",
    "patch",
    "delete",
    "create",
    "update",
    "partial_update",
    "destroy",
    "perform_create",
    "perform_update",
    "perform_destroy",
    "form_valid",
];

static WRITING_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\.save\(|\.delete\(|\)\.update\(|\.create\(|bulk_create\(|get_or_create\(|update_or_create\(|require_POST|require_http_methods|['\x22](?:POST|PUT|PATCH|DELETE)['\x22]")
        .expect("valid regex")
});

/// Whether a base or a handler of the class writes.
pub(crate) fn class_writes(module: &Module, view: &View<'_>) -> bool {
    view.has_base(|base| {
        WRITING_BASES.iter().any(|writing| base.ends_with(writing)) && !base.starts_with("ReadOnly")
    }) || view
        .handlers
        .iter()
        .any(|handler| handler_writes(module, handler))
}

/// Whether `handler` writes: by its name, its decorators or its code.
pub(crate) fn handler_writes(module: &Module, handler: &Handler<'_>) -> bool {
    WRITING_HANDLERS.contains(&handler.name.as_str())
        || handler
            .decorators
            .iter()
            .any(|decorator| WRITING_CODE.is_match(&module.text(decorator.node)))
        || WRITING_CODE.is_match(&module.text(handler.function))
}

/// Whether the view, or a decorator on it, writes.
pub(crate) fn view_writes(module: &Module, view: &View<'_>) -> bool {
    view.decorators
        .iter()
        .any(|decorator| WRITING_CODE.is_match(&module.text(decorator.node)))
        || class_writes(module, view)
}

/// What a handler does with an object it fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Use {
    /// Shown, or used in a way the code does not say.
    Read,
    /// Only handed to something of the user's (`profile.favorite(article)`,
    /// `Cart.objects.create(user=request.user, item=item)`): the user acts
    /// on their own data, the object is a reference.
    Referenced,
    /// Saved, deleted, updated, or bound to a form or serializer.
    Written,
}

/// Methods that change the object they are called on.
const WRITING_METHODS: &[&str] = &["save", "delete", "update", "asave", "adelete"];

/// What `handler` does with the object `chain` fetches.
pub(crate) fn object_use(module: &Module, handler: &Handler<'_>, chain: Node<'_>) -> Use {
    let text = module.text(chain);
    if [").update(", ").delete(", ").aupdate(", ").adelete("]
        .iter()
        .any(|write| text.contains(write))
    {
        return Use::Written;
    }
    // The local the object is bound to, if any.
    let Some(name) = chain
        .parent()
        .filter(|parent| parent.kind() == "assignment")
        .and_then(|assignment| assignment.child_by_field_name("left"))
        .filter(|left| left.kind() == "identifier")
        .map(|left| module.text(left))
    else {
        return Use::Read;
    };
    let is_object = |node: Option<Node<'_>>| node.is_some_and(|node| module.text(node) == name);
    let mut found = Use::Read;
    for node in descendants(handler.function) {
        let this = match node.kind() {
            "attribute" if is_object(node.child_by_field_name("object")) => {
                let method = node.child_by_field_name("attribute").map(|n| module.text(n));
                let assigned = node.parent().is_some_and(|parent| {
                    parent.kind() == "assignment" && parent.child_by_field_name("left") == Some(node)
                });
                let called = method.is_some_and(|m| WRITING_METHODS.contains(&m.as_str()));
                if assigned || called {
                    Use::Written
                } else {
                    Use::Read
                }
            }
            "call" => {
                let Some(arguments) = node.child_by_field_name("arguments") else {
                    continue;
                };
                let mut cursor = arguments.walk();
                let passed: Vec<Node<'_>> = arguments.named_children(&mut cursor).collect();
                let holds = passed.iter().any(|argument| {
                    is_object(Some(*argument))
                        || (argument.kind() == "keyword_argument"
                            && is_object(argument.child_by_field_name("value")))
                });
                if !holds {
                    continue;
                }
                let function = node
                    .child_by_field_name("function")
                    .map(|n| module.text(n))
                    .unwrap_or_default();
                let bound = passed.iter().any(|argument| {
                    argument.kind() == "keyword_argument"
                        && argument
                            .child_by_field_name("name")
                            .is_some_and(|key| module.text(key) == "instance")
                }) || (function.to_ascii_lowercase().contains("serializer")
                    || function.ends_with("Form"))
                    && module.text(arguments).contains("data");
                if bound {
                    Use::Written
                } else if ties::mentions_user(&module.text(node)) {
                    Use::Referenced
                } else {
                    Use::Read
                }
            }
            _ => continue,
        };
        found = found.max(this);
    }
    found
}
