//! One object fetched by a key the client chooses: `Model.objects.get(pk=...)`,
//! `get_object_or_404(Model, id=...)`, `.filter(pk=...).first()`, and the
//! expression around it (`.filter(owner=...)` further along the chain ties
//! the fetch to the user as well as an argument does).

use tree_sitter::Node;

use super::sources::Sources;
use super::ties;
use super::views::Handler;
use crate::analyze::python::arguments::Arguments;
use crate::analyze::python::{descendants, Module};

/// Functions that fetch one object of the model or queryset they are given.
const FETCH_FUNCTIONS: &[&str] = &["get_object_or_404", "aget_object_or_404", "get_object_or_None"];
/// Query methods that select by a lookup.
const QUERY_METHODS: &[&str] = &["get", "aget", "filter", "get_or_none"];
/// What a query's receiver says: it is a manager or a queryset.
const QUERYSETS: &[&str] = &["objects", "_set", "queryset", "qs", ".all()"];

pub(crate) struct Fetch<'t> {
    /// The whole expression the fetch is part of, as the finding shows it.
    pub(crate) chain: Node<'t>,
    /// The lookup the client picks (`pk`).
    pub(crate) key: String,
}

/// The fetches in `handler` by a client-chosen key that nothing in the
/// expression ties to the user.
pub(crate) fn unscoped<'t>(module: &Module, handler: &Handler<'t>, sources: &Sources) -> Vec<Fetch<'t>> {
    let assigned = |name: &str| {
        descendants(handler.function)
            .filter(|n| n.kind() == "assignment")
            .find(|n| {
                n.child_by_field_name("left")
                    .is_some_and(|left| module.text(left) == name)
            })
            .and_then(|n| n.child_by_field_name("right"))
            .map(|right| module.text(right))
    };
    let mut fetches = Vec::new();
    for call in descendants(handler.function).filter(|n| n.kind() == "call") {
        let Some(function) = call.child_by_field_name("function") else {
            continue;
        };
        let receiver = match function.kind() {
            "identifier" if FETCH_FUNCTIONS.contains(&module.text(function).as_str()) => None,
            "attribute" => {
                let method = function.child_by_field_name("attribute").map(|n| module.text(n));
                let Some(object) = function.child_by_field_name("object") else {
                    continue;
                };
                if !method.is_some_and(|m| QUERY_METHODS.contains(&m.as_str())) {
                    continue;
                }
                Some(module.text(object))
            }
            _ => continue,
        };
        let Some(arguments) = Arguments::of(module, call) else {
            continue;
        };
        let Some((key, _)) = arguments
            .keywords
            .iter()
            .find(|(key, value)| is_key(key) && sources.chosen(module, *value))
        else {
            continue;
        };
        // A queryset held in a local: judged by what it was assigned.
        let receiver_text = match &receiver {
            Some(text) if text.starts_with(|c: char| c.is_ascii_lowercase()) && !text.starts_with("self") => {
                let root = text.split(['.', '(']).next().unwrap_or(text);
                match assigned(root) {
                    Some(value) => format!("{value}{text}"),
                    // A parameter or a global: not ours to judge.
                    None if !text.contains("objects") => continue,
                    None => text.clone(),
                }
            }
            Some(text) if !QUERYSETS.iter().any(|q| text.contains(q)) => continue,
            _ => String::new(),
        };
        let chain = chain_of(call);
        if ties::mentions_user(&receiver_text) || ties::mentions_user(&module.text(chain)) {
            continue;
        }
        fetches.push(Fetch {
            chain,
            key: key.clone(),
        });
    }
    fetches
}

/// Lookups that pick one object by a key: `pk`, `id`, `slug`, `uuid`, `code`,
/// `order_id`, `order__pk`.
fn is_key(lookup: &str) -> bool {
    let lookup = lookup
        .strip_suffix("__exact")
        .or_else(|| lookup.strip_suffix("__iexact"))
        .unwrap_or(lookup);
    let last = lookup.rsplit("__").next().unwrap_or(lookup);
    matches!(last, "pk" | "id" | "slug" | "uuid" | "hashid" | "code")
        || ["_id", "_pk", "_uuid", "_slug"]
            .iter()
            .any(|suffix| last.ends_with(suffix))
}

/// The expression `call` starts: `X.objects.filter(pk=pk)` inside
/// `X.objects.filter(pk=pk).first()`, or the call itself.
fn chain_of(call: Node<'_>) -> Node<'_> {
    let mut top = call;
    while let Some(parent) = top.parent() {
        let continues = match parent.kind() {
            "attribute" => parent.child_by_field_name("object") == Some(top),
            "call" => parent.child_by_field_name("function") == Some(top),
            "await" => true,
            _ => false,
        };
        if !continues {
            break;
        }
        top = parent;
    }
    top
}
