//! What guards a view before its body runs: nothing, authentication alone
//! (`login_required`, `LoginRequiredMixin`, `IsAuthenticated`), or a check
//! that says more about the user (a permission, a test, staff, an object
//! permission class). Read from decorators, base classes, DRF
//! `permission_classes`, the URLconf's wrappers and the project's DRF default.

use tree_sitter::Node;

use super::views::View;
use crate::analyze::python::{descendants, string_literal, Module};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Guard {
    Open,
    Authenticated,
    /// Something beyond "logged in": a reviewer has nothing to add.
    Permitted,
}

/// Words in a decorator or mixin name that promise more than a login.
const PERMISSION_WORDS: &[&str] = &[
    "permission",
    "passes_test",
    "passestest",
    "staff",
    "superuser",
    "admin",
    "owner",
    "perm_required",
    "role",
];

/// DRF permission classes that check only authentication.
const AUTHENTICATION_CLASSES: &[&str] = &["IsAuthenticated", "IsAuthenticatedOrReadOnly"];

/// What DRF's `permission_classes` (a list or a decorator's argument) grant.
pub(crate) fn of_permission_classes(module: &Module, value: Node<'_>) -> Guard {
    let mut guard = None;
    for name in class_names(module, value) {
        let this = if name == "AllowAny" {
            Guard::Open
        } else if AUTHENTICATION_CLASSES.contains(&name.as_str()) {
            Guard::Authenticated
        } else {
            Guard::Permitted
        };
        guard = guard.max(Some(this));
    }
    // An empty list lets every request through.
    guard.unwrap_or(Guard::Open)
}

/// The last segment of every class a `permission_classes` value names, as
/// a name (`permissions.AllowAny`) or, in settings, a dotted string.
pub(crate) fn class_names(module: &Module, value: Node<'_>) -> Vec<String> {
    descendants(value)
        .filter_map(|node| match node.kind() {
            "identifier" | "attribute" => Some(module.text(node)),
            "string" => string_literal(module, node),
            _ => None,
        })
        .map(|text| text.rsplit('.').next().unwrap_or(&text).to_string())
        .filter(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
        .collect()
}

/// Whether the view's permission classes let anyone read
/// (`IsAuthenticatedOrReadOnly`): reading its objects is public on purpose.
pub(crate) fn reads_public(module: &Module, view: &View<'_>) -> bool {
    view.attribute("permission_classes").is_some_and(|value| {
        let names = class_names(module, value);
        names.iter().any(|name| name == "IsAuthenticatedOrReadOnly")
            && names
                .iter()
                .all(|name| matches!(name.as_str(), "IsAuthenticatedOrReadOnly" | "AllowAny"))
    })
}

/// Whether `value` (a `permission_classes` value) names `AllowAny`, or is empty.
pub(crate) fn allows_any(module: &Module, value: Node<'_>) -> bool {
    let names = class_names(module, value);
    names.is_empty() || names.iter().any(|name| name == "AllowAny")
}

/// The view's guard. `wrapped`: what the URLconf wraps it in;
/// `drf_default`: the project's `DEFAULT_PERMISSION_CLASSES`, for DRF
/// views that set none.
pub(crate) fn of(module: &Module, view: &View<'_>, wrapped: Guard, drf_default: Guard) -> Guard {
    let mut guard = wrapped;
    for decorator in view.all_decorators(module) {
        guard = guard.max(of_name(&decorator));
    }
    for base in &view.bases {
        guard = guard.max(of_name(base));
    }
    match view.attribute("permission_classes") {
        Some(value) => guard = guard.max(of_permission_classes(module, value)),
        None if is_drf(module, view) => guard = guard.max(drf_default),
        None => {}
    }
    if let Some(decorator) = view
        .decorators
        .iter()
        .find(|d| module.text(d.node).starts_with("permission_classes"))
    {
        if let Some(arguments) = decorator.node.child_by_field_name("arguments") {
            guard = guard.max(of_permission_classes(module, arguments));
        }
    }
    if view
        .handlers
        .iter()
        .any(|handler| refuses_anonymous(module, handler.function))
    {
        guard = guard.max(Guard::Authenticated);
    }
    guard
}

/// A check in the body that turns anonymous users away:
/// `if not request.user.is_authenticated: return redirect(...)`.
fn refuses_anonymous(module: &Module, function: Node<'_>) -> bool {
    descendants(function)
        .filter(|node| node.kind() == "if_statement")
        .any(|node| {
            let condition = node
                .child_by_field_name("condition")
                .map(|c| module.text(c))
                .unwrap_or_default();
            let anonymous = (condition.starts_with("not ") && condition.contains("user.is_authenticated"))
                || condition.contains("user.is_anonymous");
            anonymous
                && node.child_by_field_name("consequence").is_some_and(|block| {
                    descendants(block).any(|n| matches!(n.kind(), "return_statement" | "raise_statement"))
                })
        })
}

/// A decorator, mixin or wrapper name's promise.
pub(crate) fn of_name(name: &str) -> Guard {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("permission_classes") || lower.starts_with("api_view") {
        // Read as permission classes, or no guard at all.
        return Guard::Open;
    }
    if PERMISSION_WORDS.iter().any(|word| lower.contains(word)) {
        Guard::Permitted
    } else if lower.contains("login_required") || lower.contains("loginrequired") {
        Guard::Authenticated
    } else {
        Guard::Open
    }
}

/// Built on DRF's views, where `DEFAULT_PERMISSION_CLASSES` applies
/// (Wagtail and others have their own `ModelViewSet`: the module must
/// import DRF).
pub(crate) fn is_drf(module: &Module, view: &View<'_>) -> bool {
    let imports_drf = memchr::memmem::find(&module.source, b"rest_framework").is_some();
    imports_drf
        && (view
            .decorators
            .iter()
            .any(|decorator| module.text(decorator.node).starts_with("api_view"))
            || view.has_base(|base| base.contains("APIView") || base.contains("ViewSet"))
            || view.bases.iter().any(|base| base.starts_with("generics.")))
}
