//! The verdict on one view, from its guard, its fetches, its ties to the
//! user and its writes. One finding per rule and handler at most: the
//! first place a reviewer should look.

use std::ops::Range;

use tree_sitter::Node;

use super::fetches;
use super::guards::{self, Guard};
use super::public;
use super::sources::Sources;
use super::ties;
use super::urls::UrlConf;
use super::views::{Decorator, View};
use super::writes::{self, Use};
use crate::analyze::python::Module;
use crate::rules::id::{django_authz as ids, RuleId};

/// What a view deserves, before it becomes a finding.
pub(crate) struct Verdict {
    pub(crate) rule: RuleId,
    pub(crate) range: Range<usize>,
    pub(crate) note: String,
}

/// Generic bases whose default `get_object` fetches by the URL's pk or slug.
const DETAIL_BASES: &[&str] = &[
    "DetailView",
    "UpdateView",
    "DeleteView",
    "ModelViewSet",
    "RetrieveAPIView",
    "UpdateAPIView",
    "DestroyAPIView",
    "RetrieveUpdateAPIView",
    "RetrieveDestroyAPIView",
    "RetrieveUpdateDestroyAPIView",
    "RetrieveModelMixin",
    "UpdateModelMixin",
    "DestroyModelMixin",
];

pub(crate) fn view(module: &Module, view: &View<'_>, urls: &UrlConf, drf_default: Guard) -> Vec<Verdict> {
    let code = module.text(view.node);
    if public::on_purpose(&view.name, &code) {
        return Vec::new();
    }
    let mut verdicts = Vec::new();
    let guard = guards::of(module, view, urls.wrapped(&view.name), drf_default);
    if guard == Guard::Authenticated && !(view.is_class() && ties::class_tied(module, view)) {
        verdicts.extend(unscoped(module, view, urls));
    }
    verdicts.extend(allow_any_write(module, view));
    verdicts.extend(csrf_exempt(module, view));
    verdicts
}

/// `object-not-scoped` or, when the view writes, `login-only`.
fn unscoped(module: &Module, view: &View<'_>, urls: &UrlConf) -> Vec<Verdict> {
    let guard_name = authentication_name(module, view);
    let reads_public = guards::reads_public(module, view);
    let mut verdicts = Vec::new();
    for handler in &view.handlers {
        if ties::checks(module, handler.function) {
            continue;
        }
        // DRF routers build their routes: what they capture is not written anywhere.
        let routed = guards::is_drf(module, view);
        let sources = Sources::of(module, handler, |name| routed || urls.captures(name));
        let judged = fetches::unscoped(module, handler, &sources)
            .into_iter()
            .map(|fetch| (writes::object_use(module, handler, fetch.chain), fetch))
            .find(|(used, _)| *used != Use::Referenced);
        let Some((used, fetch)) = judged else {
            continue;
        };
        let writes = used == Use::Written;
        if !writes && reads_public {
            continue;
        }
        let fetched = first_line(module, fetch.chain);
        verdicts.push(Verdict {
            rule: if writes {
                ids::DJANGO_AUTHZ_LOGIN_ONLY
            } else {
                ids::DJANGO_AUTHZ_OBJECT_NOT_SCOPED
            },
            range: fetch.chain.byte_range(),
            note: format!(
                "{fetched} takes {} from the client and {}; {guard_name} is the only guard: add an ownership or permission check",
                fetch.key,
                if writes {
                    "the view changes the object"
                } else {
                    "nothing ties the object to the user"
                },
            ),
        });
    }
    // A generic view's own get_object: `queryset`/`model` picked by the URL's pk.
    let default_fetch = view.has_base(|base| DETAIL_BASES.iter().any(|detail| base.ends_with(detail)))
        && view.method("get_object").is_none()
        && view.method("get_queryset").is_none();
    if verdicts.is_empty() && default_fetch {
        let value = ["queryset", "model"]
            .iter()
            .find_map(|name| view.attribute(name))
            // The user model itself: profiles, which logged-in users see by design.
            .filter(|value| !ties::mentions_user(&module.text(*value)));
        if let Some(value) = value {
            let writes = writes::class_writes(module, view);
            if !writes && reads_public {
                return verdicts;
            }
            verdicts.push(Verdict {
                rule: if writes {
                    ids::DJANGO_AUTHZ_LOGIN_ONLY
                } else {
                    ids::DJANGO_AUTHZ_OBJECT_NOT_SCOPED
                },
                range: value.byte_range(),
                note: format!(
                    "{} fetches any {} by the id in the URL{}; {guard_name} is the only guard: override get_queryset to filter by the user, or add a permission check",
                    view.name,
                    first_line(module, value),
                    if writes { " and changes it" } else { "" },
                ),
            });
        }
    }
    verdicts
}

/// `allow-any-write`: AllowAny (or no class at all) on a view that writes.
fn allow_any_write(module: &Module, view: &View<'_>) -> Option<Verdict> {
    let value = view.attribute("permission_classes").or_else(|| {
        view.decorators
            .iter()
            .find(|d| module.text(d.node).starts_with("permission_classes"))
            .and_then(|d| d.node.child_by_field_name("arguments"))
    })?;
    if !guards::allows_any(module, value) || !writes::view_writes(module, view) {
        return None;
    }
    Some(Verdict {
        rule: ids::DJANGO_AUTHZ_ALLOW_ANY_WRITE,
        range: value.byte_range(),
        note: format!("{} writes and lets anyone call it, logged in or not", view.name),
    })
}

/// A DRF view that writes and leaves its permissions to the project default.
pub(crate) fn relies_on_open_default(module: &Module, view: &View<'_>) -> bool {
    guards::is_drf(module, view)
        && view.attribute("permission_classes").is_none()
        && !view
            .all_decorators(module)
            .any(|decorator| decorator.starts_with("permission_classes"))
        && writes::view_writes(module, view)
        && !public::on_purpose(&view.name, &module.text(view.node))
}

/// `csrf-exempt`: the exemption on a view that reads the session user.
fn csrf_exempt<'t>(module: &Module, view: &View<'t>) -> Option<Verdict> {
    let exempt = |decorators: &[Decorator<'t>]| {
        decorators
            .iter()
            .find(|decorator| module.text(decorator.node).contains("csrf_exempt"))
            .copied()
    };
    // The view's own exemption covers every handler; a method's, that method.
    let (decorator, covered) = match exempt(&view.decorators) {
        Some(decorator) => (decorator, view.handlers.iter().collect::<Vec<_>>()),
        None => view
            .handlers
            .iter()
            .find_map(|handler| exempt(&handler.decorators).map(|d| (d, vec![handler])))?,
    };
    let code: Vec<String> = covered
        .iter()
        .map(|handler| ties::without_authentication_checks(&module.text(handler.function)).into_owned())
        .collect();
    // A view that enforces CSRF itself (`_enforce_csrf(request)`).
    if code.iter().any(|code| code.contains("csrf")) {
        return None;
    }
    let reads = ["request.user", "request.session"]
        .into_iter()
        .find(|read| code.iter().any(|code| code.contains(read)))?;
    Some(Verdict {
        rule: ids::DJANGO_AUTHZ_CSRF_EXEMPT,
        range: decorator.node.byte_range(),
        note: format!(
            "{} is exempt from CSRF checks and uses {reads}: another site can make a logged-in browser call it",
            view.name
        ),
    })
}

/// How the view requires a login, for the note.
fn authentication_name(module: &Module, view: &View<'_>) -> String {
    let decorators: Vec<String> = view.all_decorators(module).collect();
    let named = decorators
        .iter()
        .chain(&view.bases)
        .find(|name| guards::of_name(name) == Guard::Authenticated);
    match named {
        Some(name) => name.clone(),
        None => match view.attribute("permission_classes") {
            Some(value) => format!("permission_classes = {}", first_line(module, value)),
            None => "authentication".to_string(),
        },
    }
}

fn first_line(module: &Module, node: Node<'_>) -> String {
    let text = module.text(node);
    let line = text.lines().next().unwrap_or_default();
    if line.len() < text.len() {
        format!("{line}...")
    } else {
        line.to_string()
    }
}
