//! What ties a fetched object to the user: the user (or an owner, a
//! member, a tenant) in the query, or a check after it (a condition about
//! the user, a permission call). Generous on purpose: any sign of a tie
//! silences, because a warning a reviewer dismisses costs trust.

use std::sync::LazyLock;

use regex::Regex;
use tree_sitter::Node;

use super::views::View;
use crate::analyze::python::{descendants, Module};

/// The current user, or what stands for them: `request.user`, a local
/// `user` or `profile`, a membership. Whole words: a lookup such as
/// `author__user__username=name` filters by what the client sent, not by
/// who is asking.
static USER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)request\.(?:user|auth|profile)|\b(?:user|current_user|profile|member|membership|owner|tenant|organi[sz]ation|team|account)\b")
        .expect("valid regex")
});

/// Calls that check access.
static CHECK_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)perm|check|can_|allowed|access|authori[sz]|owns|belongs|is_owner|for_user|visible|viewable|editable|restrict|test_func")
        .expect("valid regex")
});

/// Authentication checks are not ties: `request.user.is_authenticated`.
static AUTHENTICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:self\.)?(?:request\.)?user\.is_(?:authenticated|anonymous|active)").expect("valid regex")
});

/// Whether `text` names the user or an owner.
pub(crate) fn mentions_user(text: &str) -> bool {
    USER.is_match(&without_authentication_checks(text))
}

/// `text` without its `user.is_authenticated`-style checks.
pub(crate) fn without_authentication_checks(text: &str) -> std::borrow::Cow<'_, str> {
    AUTHENTICATION.replace_all(text, "")
}

/// Whether `scope` checks access: a condition about the user or a
/// permission, or a call that checks.
pub(crate) fn checks(module: &Module, scope: Node<'_>) -> bool {
    descendants(scope).any(|node| match node.kind() {
        "if_statement"
        | "elif_clause"
        | "while_statement"
        | "assert_statement"
        | "conditional_expression" => {
            let condition = match node.kind() {
                "assert_statement" => node.named_child(0),
                "conditional_expression" => node.named_child(1),
                _ => node.child_by_field_name("condition"),
            };
            condition.is_some_and(|condition| {
                let text = module.text(condition);
                mentions_user(&text)
                    || text.contains("perm")
                    || text.contains("is_staff")
                    || text.contains("is_superuser")
            })
        }
        "call" => node
            .child_by_field_name("function")
            .is_some_and(|function| CHECK_CALL.is_match(&module.text(function))),
        _ => false,
    })
}

/// Methods through which a class-based view picks or admits its object.
const SCOPING_METHODS: &[&str] = &[
    "get_queryset",
    "get_object",
    "dispatch",
    "test_func",
    "has_permission",
    "get_permission_object",
    "check_object_permissions",
    "initial",
];

/// Whether a class-based view ties its objects to the user for every
/// handler: through its queryset, `get_queryset`/`get_object`, or a check
/// in `dispatch`.
pub(crate) fn class_tied(module: &Module, view: &View<'_>) -> bool {
    view.attribute("queryset")
        .is_some_and(|queryset| mentions_user(&module.text(queryset)))
        || view
            .handlers
            .iter()
            .filter(|handler| SCOPING_METHODS.contains(&handler.name.as_str()))
            .any(|handler| mentions_user(&module.text(handler.function)) || checks(module, handler.function))
}
