//! URLconfs that make Django serve files itself in production.
//! `django.views.static.serve` serves its document root whatever DEBUG
//! says, and Django's docs call it unfit for production; the
//! `django.conf.urls.static.static()` helper routes to it only while DEBUG
//! is on and its prefix is a local path (it returns `[]` otherwise), so it
//! matters only where production DEBUG is on. A use under `if`, in a
//! conditional expression or `and`/`or`, or inside a function or class is
//! guarded, or no route, and is not reported.

use std::ops::Range;

use super::resolve::Namespace;
use crate::analyze::python::eval::{Outcome, Py};
use crate::analyze::python::statements::{statements, Statement};
use crate::analyze::python::{ancestors, descendants, string_literal, Module};

const SERVE: &str = "django.views.static.serve";

/// The functions that make a route of a view: `path`, `re_path`, `url`
/// (as themselves or `django.urls.path`). `serve` passed to anything else
/// (`login_required(serve)`) is not routed as it is.
const ROUTES: &[&str] = &["path", "re_path", "url"];

/// Enclosing nodes that make a route conditional, or no route at all
/// (`if` is judged by [`guards`]).
const GUARDS: &[&str] = &[
    "conditional_expression",
    "boolean_operator",
    "function_definition",
    "class_definition",
    "lambda",
];

/// Whether `path` is named like a URLconf (`urls.py`, a module of a
/// `urls/` package) in code that runs in production.
pub fn is_urlconf(path: &str) -> bool {
    let named = path == "urls.py" || path.ends_with("/urls.py") || path.contains("/urls/");
    named && path.ends_with(".py") && !super::modules::outside_production(path)
}

/// An unguarded route that serves files.
#[derive(Debug, PartialEq)]
pub enum Route {
    /// `serve` passed as a view: the byte range of the reference.
    Serve(Range<usize>),
    /// A `static(prefix, ...)` call: its range, and its prefix.
    Helper(Range<usize>, Prefix),
}

/// The first argument of `static()`.
#[derive(Debug, PartialEq)]
pub enum Prefix {
    Literal(String),
    /// `settings.MEDIA_URL`: the setting's name.
    Setting(String),
    Unknown,
}

/// The unguarded file-serving routes of the URLconf `source`.
pub fn unguarded(source: &[u8]) -> Vec<Route> {
    let Some(module) = Module::parse(source) else {
        return Vec::new();
    };
    let mut serve = vec![SERVE.to_string()];
    let mut helper = Vec::new();
    for statement in statements(&module) {
        let Statement::ImportNames {
            module: from, names, ..
        } = statement
        else {
            continue;
        };
        for (name, alias) in names {
            match (from.as_str(), name.as_str()) {
                ("django.views.static", "serve") => serve.push(alias),
                ("django.views", "static") => serve.push(format!("{alias}.serve")),
                ("django.conf.urls.static", "static") => helper.push(alias),
                _ => {}
            }
        }
    }
    let mut routes = Vec::new();
    for node in descendants(module.tree.root_node()) {
        let route = match node.kind() {
            // The name first: whether a node is routed costs a climb.
            "identifier" | "attribute" | "string" => {
                let named = match node.kind() {
                    "string" => string_literal(&module, node),
                    _ => Some(module.text(node)),
                };
                named
                    .filter(|name| serve.contains(name) && routed(&module, node))
                    .map(|_| Route::Serve(node.byte_range()))
            }
            "call" => node
                .child_by_field_name("function")
                .filter(|function| helper.contains(&module.text(*function)))
                .map(|_| {
                    let argument = node
                        .child_by_field_name("arguments")
                        .and_then(|args| args.named_child(0));
                    let prefix = match argument {
                        Some(arg) => match (string_literal(&module, arg), module.text(arg)) {
                            (Some(literal), _) => Prefix::Literal(literal),
                            (None, text) => match text.strip_prefix("settings.") {
                                Some(name) => Prefix::Setting(name.to_string()),
                                None => Prefix::Unknown,
                            },
                        },
                        None => Prefix::Unknown,
                    };
                    Route::Helper(node.byte_range(), prefix)
                }),
            _ => None,
        };
        let Some(route) = route else { continue };
        if !ancestors(&module, node)
            .iter()
            .any(|outer| guards(&module, *outer, node))
        {
            routes.push(route);
        }
    }
    routes
}

/// Whether `outer` keeps the route at `node` out of production: any
/// enclosing node of [`GUARDS`], and any `if` but the branch that runs
/// when DEBUG is off (`else:` after `if settings.DEBUG:`, the body of
/// `if not settings.DEBUG:`), which routes in production for certain.
fn guards(module: &Module, outer: tree_sitter::Node<'_>, node: tree_sitter::Node<'_>) -> bool {
    if outer.kind() != "if_statement" {
        return GUARDS.contains(&outer.kind());
    }
    let condition = outer.child_by_field_name("condition").map(|condition| {
        module
            .text(condition)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    });
    let debug_on = match condition.as_deref() {
        Some("settings.DEBUG" | "DEBUG") => true,
        Some("not settings.DEBUG" | "not DEBUG") => false,
        _ => return true,
    };
    let holds = |branch: tree_sitter::Node<'_>| {
        branch.start_byte() <= node.start_byte() && node.end_byte() <= branch.end_byte()
    };
    let in_body = outer.child_by_field_name("consequence").is_some_and(holds);
    let mut cursor = outer.walk();
    let in_else = outer
        .children_by_field_name("alternative", &mut cursor)
        .any(|branch| branch.kind() == "else_clause" && holds(branch));
    // Production runs the body of `if not DEBUG` and the else of `if DEBUG`.
    !(in_body && !debug_on || in_else && debug_on)
}

/// Whether `node` is the view of a route whose URL picks the file:
/// `re_path(r"^media/(?P<path>.*)$", serve)`. A pattern without a `path`
/// part (`path("robots.txt", serve, {"path": "robots.txt", ...})`) serves
/// one file the URLconf names, not whatever a visitor asks for.
fn routed(module: &Module, node: tree_sitter::Node<'_>) -> bool {
    let Some(list) = node.parent().filter(|list| list.kind() == "argument_list") else {
        return false;
    };
    let Some(function) = list
        .parent()
        .and_then(|call| call.child_by_field_name("function"))
    else {
        return false;
    };
    let name = module.text(function);
    if !ROUTES.contains(&name.rsplit('.').next().unwrap_or(&name)) {
        return false;
    }
    let pattern = list
        .named_child(0)
        .and_then(|first| string_literal(module, first));
    pattern.is_none_or(|pattern| pattern.contains("path>"))
}

/// Whether `static(prefix)` can route anything under `settings`: a
/// prefix that is a full URL (`https://cdn.example.com/`, `//cdn/`) makes
/// it a no-op, DEBUG or not. An unknown prefix counts as local.
pub fn local_prefix(prefix: &Prefix, settings: &Namespace) -> bool {
    let url = match prefix {
        Prefix::Literal(url) => Some(url.clone()),
        Prefix::Setting(name) => settings
            .get(name)
            .filter(|binding| !binding.conditional)
            .and_then(|binding| match &binding.value.unset {
                Outcome::Value(Py::Str(text)) => Some(text.to_string()),
                _ => None,
            }),
        Prefix::Unknown => None,
    };
    url.is_none_or(|url| !(url.starts_with("//") || url.contains("://")))
}

#[cfg(test)]
mod tests {
    use super::{unguarded, Route};

    fn kinds(source: &str) -> Vec<&'static str> {
        unguarded(source.as_bytes())
            .iter()
            .map(|route| match route {
                Route::Serve(_) => "serve",
                Route::Helper(..) => "static",
            })
            .collect()
    }

    #[test]
    fn routes_found_by_what_the_file_imports() {
        let source =
            "from django.views.static import serve as media\nfrom django.conf.urls.static import static\n\
                      urlpatterns = [re_path(r'^m/(?P<path>.*)$', media, {'document_root': '/srv'})]\n\
                      urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n";
        assert_eq!(kinds(source), ["serve", "static"]);
        assert_eq!(
            kinds("urlpatterns = [url(r'^m/(?P<path>.*)$', 'django.views.static.serve')]"),
            ["serve"]
        );
        assert_eq!(
            kinds("from django.views import static\nurlpatterns = [path('m/<path:path>', static.serve)]"),
            ["serve"]
        );
    }

    #[test]
    fn the_branch_production_runs_is_no_guard() {
        let route = "urlpatterns += [path('m/<path:path>', serve)]";
        let import = "from django.views.static import serve";
        assert_eq!(
            kinds(&format!(
                "{import}\nif settings.DEBUG:\n    pass\nelse:\n    {route}"
            )),
            ["serve"]
        );
        assert_eq!(
            kinds(&format!("{import}\nif not settings.DEBUG:\n    {route}")),
            ["serve"]
        );
        assert!(kinds(&format!(
            "{import}\nif not settings.DEBUG:\n    pass\nelse:\n    {route}"
        ))
        .is_empty());
        assert!(kinds(&format!(
            "{import}\nif settings.DEBUG:\n    pass\nelif settings.MEDIA_LOCAL:\n    {route}"
        ))
        .is_empty());
    }

    #[test]
    fn guarded_or_unrelated_routes_are_not() {
        assert!(kinds("from django.views.static import serve\nif settings.DEBUG:\n    urlpatterns += [path('m/<path:path>', serve)]").is_empty());
        assert!(kinds("from django.views.static import serve\nif settings.USE_S3:\n    pass\nelse:\n    urlpatterns += [path('m/<path:path>', serve)]").is_empty());
        assert!(kinds("from django.conf.urls.static import static\nurlpatterns += static('/m/') if settings.DEBUG else []").is_empty());
        assert!(kinds("from django.views.static import serve\ndef media(request, path):\n    return serve(request, path, '/srv')").is_empty());
        assert!(kinds("from django.contrib.staticfiles.views import serve\nurlpatterns = [path('s/<path:path>', serve)]").is_empty());
        assert!(kinds("from django.views.static import serve\nurlpatterns = [path('robots.txt', serve, {'path': 'robots.txt', 'document_root': '/srv'})]").is_empty());
        assert!(kinds("from django.views.static import serve\nprivate = login_required(serve)\nurlpatterns = [path('m/<path:path>', private)]").is_empty());
    }
}
