//! The checks, in Django's terms. `production` judges the effective
//! settings of a module that runs in production (where a value wins, even
//! in base.py); `own` judges what a module itself writes, whatever its
//! role.

use std::rc::Rc;

use super::modules::{EntryPoint, Role, SettingsModule};
use super::resolve::{Binding, Namespace};
use super::urls::{self, Route};
use crate::analyze::python::eval::paths;
use crate::analyze::python::eval::{Outcome, Py, SET_VALUE};
use crate::finding::place::LineIndex;
use crate::finding::{Finding, Severity};
use crate::rules::id::{django_settings as ids, RuleId};
use crate::rules::RuleSet;
use crate::source::workspace::Workspace;

/// Collects findings, taking each rule's text from the rule set; a rule
/// that is not loaded stays silent.
pub struct Sink<'a> {
    rules: &'a RuleSet,
    workspace: &'a dyn Workspace,
    pub findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(rules: &'a RuleSet, workspace: &'a dyn Workspace) -> Self {
        Sink {
            rules,
            workspace,
            findings: Vec::new(),
        }
    }

    /// Reports `binding`; `secret`, when given, is the part of the value
    /// the caret points at (and that is redacted).
    fn emit(
        &mut self,
        id: RuleId,
        severity: Severity,
        binding: &Binding,
        secret: Option<&str>,
        note: String,
    ) {
        let Some(rule) = self.rules.get(id.as_str()) else {
            return;
        };
        let mut place = (*binding.place).clone();
        let (start, end) = place.span;
        let shown = match secret {
            Some(secret) => {
                if let Some(offset) = place.text[start..end].find(secret) {
                    place.span = (start + offset, (start + offset + secret.len()).min(end));
                    place.column += offset as u32;
                }
                secret.to_string()
            }
            None => place.text[start..end].to_string(),
        };
        let mut finding = rule.finding(&binding.path, place, shown.as_bytes());
        finding.severity = rule.graded(severity);
        finding.note = Some(note);
        self.findings.push(finding);
    }

    /// Reports a setting that is missing: at the module's first line.
    fn emit_missing(&mut self, id: RuleId, module: &SettingsModule, note: String) {
        let Some(source) = self.workspace.read(&module.path) else {
            return;
        };
        let end = memchr::memchr(b'\n', &source).unwrap_or(source.len());
        if let Some(mut binding) = self.bind_range(&module.path, 0..end) {
            Rc::make_mut(&mut binding.place).span = (0, 0);
            self.emit(id, Severity::Warn, &binding, Some(""), note);
        }
    }

    /// A place in a file that is not a setting's value.
    fn bind_range(&self, path: &str, range: std::ops::Range<usize>) -> Option<Binding> {
        let source = self.workspace.read(path)?;
        Some(Binding {
            value: crate::analyze::python::eval::Evaluated::unknown(),
            path: path.to_string(),
            place: Rc::new(LineIndex::new(&source).locate(&source, range)),
            conditional: false,
        })
    }
}

/// wsgi/asgi default `DJANGO_SETTINGS_MODULE` to development settings: a
/// deploy that forgets the variable serves them. manage.py defaulting to
/// them is the usual development setup, and is fine.
pub fn settings_default(sink: &mut Sink<'_>, point: &EntryPoint) {
    if !point.serves() || !point.names_development() {
        return;
    }
    if let Some(binding) = sink.bind_range(&point.path, point.span.clone()) {
        let note = format!(
            "a deploy that does not set DJANGO_SETTINGS_MODULE runs {}",
            point.module
        );
        sink.emit(ids::DJANGO_SETTINGS_DEFAULT, Severity::Warn, &binding, None, note);
    }
}

/// What a production module ends up with.
pub fn production(sink: &mut Sink<'_>, module: &SettingsModule, names: &Namespace) {
    let reach = |binding: &Binding| {
        if binding.path == module.path {
            format!("effective in production settings {}", module.path)
        } else {
            format!("set here, effective in production settings {}", module.path)
        }
    };
    let definite = |name: &str| names.get(name).filter(|b| !b.conditional);

    if let Some(debug) = definite("DEBUG") {
        if !debug.value.reads_env && debug.value.unset.truthy() == Some(true) {
            sink.emit(ids::DJANGO_DEBUG, Severity::Block, debug, None, reach(debug));
        }
    }

    if let Some(key) = definite("SECRET_KEY") {
        fallback(
            sink,
            key,
            format!("{}; a missing variable silently uses this key", reach(key)),
        );
    }

    let debug_off = names
        .get("DEBUG")
        .is_none_or(|debug| debug.value.unset.truthy() == Some(false));
    match names.get("ALLOWED_HOSTS") {
        Some(hosts) if !hosts.conditional => match &hosts.value.unset {
            Outcome::Value(Py::List(items)) if items.contains(&Py::Str(Rc::new("*".into()))) => {
                sink.emit(
                    ids::DJANGO_ALLOWED_HOSTS,
                    Severity::Block,
                    hosts,
                    Some("*"),
                    reach(hosts),
                );
            }
            Outcome::Value(Py::List(items)) if items.is_empty() && debug_off => {
                let note = format!(
                    "{}; it is empty with DEBUG off, so every request gets 400",
                    reach(hosts)
                );
                sink.emit(ids::DJANGO_ALLOWED_HOSTS, Severity::Warn, hosts, None, note);
            }
            _ => {}
        },
        _ => {}
    }

    if let Some(serializer) = definite("SESSION_SERIALIZER") {
        if matches!(&serializer.value.unset, Outcome::Value(Py::Str(s)) if s.ends_with("PickleSerializer")) {
            sink.emit(
                ids::DJANGO_DEPLOY_PICKLE_SERIALIZER,
                Severity::Block,
                serializer,
                None,
                reach(serializer),
            );
        }
    }

    media_root(sink, names, &reach);
    nosniff(sink, module, names, &reach);

    // The rest is what `check --deploy` warns about; a lone settings.py
    // that also serves development is spared it.
    if module.role != (Role::Production { explicit: true }) {
        return;
    }
    for (name, id) in [
        ("SECURE_SSL_REDIRECT", ids::DJANGO_DEPLOY_SSL_REDIRECT),
        ("SESSION_COOKIE_SECURE", ids::DJANGO_DEPLOY_SESSION_COOKIE_SECURE),
        ("CSRF_COOKIE_SECURE", ids::DJANGO_DEPLOY_CSRF_COOKIE_SECURE),
        ("SECURE_HSTS_SECONDS", ids::DJANGO_DEPLOY_HSTS),
    ] {
        match names.get(name) {
            None => sink.emit_missing(id, module, format!("{name} is not set in {}", module.path)),
            Some(binding) if !binding.conditional && binding.value.unset.truthy() == Some(false) => {
                sink.emit(id, Severity::Warn, binding, None, reach(binding));
            }
            _ => {}
        }
    }
    if let Some(frames) = definite("X_FRAME_OPTIONS") {
        if matches!(&frames.value.unset, Outcome::Value(Py::Str(s)) if !s.eq_ignore_ascii_case("DENY")) {
            sink.emit(
                ids::DJANGO_DEPLOY_X_FRAME_OPTIONS,
                Severity::Warn,
                frames,
                None,
                reach(frames),
            );
        }
    }
    if let Some(header) = definite("SECURE_PROXY_SSL_HEADER") {
        let well_formed = match &header.value.unset {
            Outcome::Value(Py::List(pair)) => matches!(
                pair.as_slice(),
                [Py::Str(name), Py::Str(value)] if name.starts_with("HTTP_") && value.as_str() == "https"
            ),
            Outcome::Value(Py::None) | Outcome::Unknown | Outcome::Raises => true,
            Outcome::Value(_) => false,
        };
        if !well_formed {
            sink.emit(
                ids::DJANGO_DEPLOY_PROXY_SSL_HEADER,
                Severity::Warn,
                header,
                None,
                reach(header),
            );
        }
    }
}

/// SECURE_CONTENT_TYPE_NOSNIFF turned off: `check --deploy` warns in
/// production settings; where uploads are served from the site's own
/// origin (a MEDIA_URL that is a path), an uploaded file the browser
/// sniffs as HTML runs as the site, so a lone settings.py is judged too.
fn nosniff(
    sink: &mut Sink<'_>,
    module: &SettingsModule,
    names: &Namespace,
    reach: &dyn Fn(&Binding) -> String,
) {
    let Some(nosniff) = names
        .get("SECURE_CONTENT_TYPE_NOSNIFF")
        .filter(|b| !b.conditional)
    else {
        return;
    };
    if nosniff.value.unset.truthy() != Some(false) {
        return;
    }
    let media_url = names
        .get("MEDIA_URL")
        .filter(|b| !b.conditional)
        .and_then(|b| match &b.value.unset {
            Outcome::Value(Py::Str(url)) if url.starts_with('/') && !url.starts_with("//") => {
                Some(url.to_string())
            }
            _ => None,
        });
    let note = match &media_url {
        Some(url) => format!(
            "{}; uploads under MEDIA_URL {url} come from the site's own origin, so an upload a browser takes for HTML runs as the site",
            reach(nosniff)
        ),
        None if module.role == (Role::Production { explicit: true }) => reach(nosniff),
        None => return,
    };
    sink.emit(
        ids::DJANGO_DEPLOY_CONTENT_TYPE_NOSNIFF,
        Severity::Warn,
        nosniff,
        None,
        note,
    );
}

/// MEDIA_ROOT strictly inside a folder whose files are served as static
/// files or read as templates: an upload then becomes one. Only paths both
/// known (see `paths`) are compared; an environment value is unknown.
fn media_root(sink: &mut Sink<'_>, names: &Namespace, reach: &dyn Fn(&Binding) -> String) {
    let known = |binding: &Binding| match &binding.value.unset {
        Outcome::Value(value) if !binding.conditional && !binding.value.reads_env => Some(value.clone()),
        _ => None,
    };
    let Some(media) = names.get("MEDIA_ROOT").filter(|b| known(b).is_some()) else {
        return;
    };
    let Some(media_path) = known(media).as_ref().and_then(paths::text).map(str::to_string) else {
        return;
    };
    if media_path.is_empty() {
        return; // Django's default: uploads are not configured.
    }
    // Each folder, what names it, and what an upload there becomes.
    let mut folders: Vec<(String, &str, &str)> = Vec::new();
    if let Some(Py::Str(root) | Py::Path(root)) = names.get("STATIC_ROOT").and_then(known) {
        folders.push((
            root.to_string(),
            "STATIC_ROOT",
            "a static file the web server serves",
        ));
    }
    if let Some(Py::List(dirs)) = names.get("STATICFILES_DIRS").and_then(known) {
        for dir in dirs.iter() {
            // An entry is a path, or a (prefix, path) pair.
            let dir = match dir {
                Py::List(pair) => pair.get(1),
                other => Some(other),
            };
            if let Some(dir) = dir.and_then(paths::text) {
                folders.push((
                    dir.to_string(),
                    "STATICFILES_DIRS",
                    "a static file collectstatic publishes",
                ));
            }
        }
    }
    if let Some(Py::List(engines)) = names.get("TEMPLATES").and_then(known) {
        for engine in engines.iter() {
            let Py::Dict(entries) = engine else { continue };
            let dirs = entries.iter().find_map(|(key, value)| match (key, value) {
                (Py::Str(key), Py::List(dirs)) if key.as_str() == "DIRS" => Some(dirs),
                _ => None,
            });
            for dir in dirs
                .into_iter()
                .flat_map(|dirs| dirs.iter())
                .filter_map(paths::text)
            {
                folders.push((dir.to_string(), "TEMPLATES DIRS", "a template Django can render"));
            }
        }
    }
    if let Some((folder, name, becomes)) = folders
        .iter()
        // An empty folder setting is unset, not the working directory.
        .find(|(folder, ..)| !folder.is_empty() && paths::strictly_inside(&media_path, folder))
    {
        let note = format!(
            "{}; MEDIA_ROOT {} is inside {name} {}: each upload becomes {becomes}",
            reach(media),
            shown(&media_path),
            shown(folder),
        );
        sink.emit(ids::DJANGO_DEPLOY_MEDIA_ROOT, Severity::Warn, media, None, note);
    }
}

/// A path as the user knows it: relative to the repository (the
/// evaluator's `/`).
fn shown(path: &str) -> String {
    match path.strip_prefix('/') {
        Some(inside) if !inside.is_empty() => format!("<repository>/{inside}"),
        _ => path.to_string(),
    }
}

/// Routes in the URLconf at `path` that make Django serve files, judged
/// with the production `settings` that load it; `root`: it is their
/// ROOT_URLCONF (an app's urls.py may not be included at all).
pub fn serving(
    sink: &mut Sink<'_>,
    path: &str,
    routes: &[Route],
    module: &SettingsModule,
    settings: &Namespace,
    root: bool,
) {
    let explicit = module.role == (Role::Production { explicit: true });
    let debug = settings.get("DEBUG").filter(|b| !b.conditional);
    // On, or on when the variable holds a value nobody parses.
    let debug_on = debug.is_some_and(|debug| {
        debug.value.unset.truthy() == Some(true)
            || debug.value.reads_env && debug.value.set.truthy() == Some(true)
    });
    for route in routes {
        let (id, severity, range, note) = match route {
            Route::Serve(range) => {
                let severity = if root && explicit {
                    Severity::Block
                } else {
                    Severity::Warn
                };
                let whose = if root {
                    format!("the ROOT_URLCONF of production settings {}", module.path)
                } else {
                    format!(
                        "a URLconf of a project whose production settings are {}",
                        module.path
                    )
                };
                let note = format!("django.views.static.serve routed with no DEBUG guard, in {whose}");
                (ids::DJANGO_DEPLOY_SERVE_VIEW, severity, range, note)
            }
            Route::Helper(range, prefix) if debug_on && urls::local_prefix(prefix, settings) => {
                let note = format!(
                    "static() routes files only while DEBUG is on, and DEBUG is on in production settings {}",
                    module.path
                );
                (ids::DJANGO_DEPLOY_STATIC_HELPER, Severity::Warn, range, note)
            }
            Route::Helper(..) => continue,
        };
        if let Some(binding) = sink.bind_range(path, range.clone()) {
            sink.emit(id, severity, &binding, None, note);
        }
    }
}

/// What a module writes itself, judged by its role: production and base
/// modules block, development and test modules warn. A base module's
/// SECRET_KEY that every production module inheriting it replaces
/// (`overriders`) is a development key, and warns.
pub fn own(sink: &mut Sink<'_>, module: &SettingsModule, names: &Namespace, overriders: &[String]) {
    let severity = match module.role {
        Role::Production { .. } | Role::Base => Severity::Block,
        Role::Development | Role::Test => Severity::Warn,
    };
    let key_severity = if overriders.is_empty() {
        severity
    } else {
        Severity::Warn
    };
    let mine = |name: &str| {
        names
            .get(name)
            .filter(|b| b.path == module.path && !b.conditional)
    };

    if let Some(debug) = mine("DEBUG").filter(|debug| debug.value.reads_env) {
        let note = if debug.value.unset.truthy() == Some(true) {
            Some(format!(
                "DEBUG is on when the variable is unset ({} settings)",
                module.role
            ))
        } else if debug.value.set.truthy() == Some(true) {
            Some(format!(
                "the value is never parsed: \"{SET_VALUE}\" is a non-empty string, so DEBUG is on, in {} settings",
                module.role
            ))
        } else {
            None
        };
        if let Some(note) = note {
            sink.emit(ids::DJANGO_DEBUG_FAIL_OPEN, severity, debug, None, note);
        }
    }

    if let Some(key) = mine("SECRET_KEY") {
        match &key.value.unset {
            // An empty key fails closed: Django refuses to start without one.
            Outcome::Value(Py::Str(literal)) if key.value.literal && literal.trim().is_empty() => {}
            Outcome::Value(Py::Str(literal)) if key.value.literal => {
                let note = if overriders.is_empty() {
                    format!("a literal key in {} settings", module.role)
                } else {
                    format!(
                        "a literal key in {} settings, replaced in production by {}: a development key",
                        module.role,
                        overriders.join(", ")
                    )
                };
                sink.emit(ids::DJANGO_SECRET_KEY, key_severity, key, Some(literal), note);
                if key_severity == Severity::Block {
                    weak_key(sink, key, literal);
                }
            }
            // A base module may reach production through imports this
            // workspace cannot see; production modules are judged on what
            // wins (see `production`); development and test fallbacks are
            // what a fallback is for.
            _ if module.role == Role::Base && overriders.is_empty() => {
                fallback(sink, key, "a literal fallback key in base settings".to_string());
            }
            _ => {}
        }
    }
}

/// A SECRET_KEY read from the environment with a literal default: the
/// default is what runs when the variable is missing.
fn fallback(sink: &mut Sink<'_>, key: &Binding, note: String) {
    // An empty default fails closed: Django refuses to start without a key.
    let default = key.value.env_default.as_deref().filter(|d| !d.trim().is_empty());
    if let Some(default) = default.filter(|_| key.value.reads_env) {
        sink.emit(
            ids::DJANGO_SECRET_KEY_FALLBACK,
            Severity::Block,
            key,
            Some(default),
            note,
        );
        weak_key(sink, key, default);
    }
}

/// Django's own test (security.W009): at least 50 characters, at least 5
/// distinct ones, and not a key `startproject` generated.
fn weak_key(sink: &mut Sink<'_>, binding: &Binding, key: &str) {
    let distinct = key.chars().collect::<std::collections::BTreeSet<_>>().len();
    let reason = if key.starts_with("django-insecure-") {
        "it starts with django-insecure-, the prefix of keys startproject generates"
    } else if key.chars().count() < 50 {
        "it is shorter than 50 characters"
    } else if distinct < 5 {
        "it has fewer than 5 distinct characters"
    } else {
        return;
    };
    sink.emit(
        ids::DJANGO_SECRET_KEY_WEAK,
        Severity::Warn,
        binding,
        Some(key),
        reason.to_string(),
    );
}
