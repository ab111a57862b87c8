//! Whether a view changes data: a writing generic view or DRF base, a
//! handler for a writing method, or a body that saves, deletes, updates or
//! creates, or branches on a writing HTTP method.

use std::sync::LazyLock;

use regex::Regex;

use super::views::{Handler, View};
use crate::analyze::python::Module;

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
