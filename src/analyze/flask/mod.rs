//! Flask configuration, and Python config modules in general, read through
//! the syntax tree and the evaluator rather than matched as text: config
//! classes and their inheritance ([`classes`]), settings made on the app
//! object and the development server's debugger ([`app`]), judged by what
//! their values amount to ([`value`]) and where they run ([`role`]).
//! Run per file by the scanner, for the rules whose keywords the file holds.

mod app;
mod classes;
mod role;
mod value;

use super::{About, Analyzer, Hit, Reads};
use crate::analyze::python::Module;
use crate::rules::id::flask::{
    FLASK_DEBUG_CONFIG as DEBUG_CONFIG, FLASK_DEBUG_FAIL_OPEN as DEBUG_FAIL_OPEN,
    FLASK_DEBUG_RUN as DEBUG_RUN, FLASK_PRODUCTION_CONFIG_DEBUG as PRODUCTION_DEBUG,
    FLASK_SECRET_KEY as SECRET_KEY, RULES,
};
use crate::rules::id::RuleId;
use role::Role;

/// The `flask` analyser; its rules live in patterns/flask.toml.
pub(crate) struct Flask;

impl Analyzer for Flask {
    fn about(&self) -> About {
        About::new(RULES, Reads::Blob)
    }

    fn wakes_on(&self, path: &str) -> bool {
        path.ends_with(".py")
    }

    fn blob(&self, path: &str, bytes: &[u8], wanted: &[RuleId]) -> Vec<Hit> {
        check(path, bytes, wanted)
    }
}

/// What the file's path and imports say about it.
struct File {
    role: Role,
    test: bool,
    stem: String,
    /// Module-level `SECRET_KEY = ...` / `DEBUG = ...` are configuration
    /// here: the file imports Flask or is named like a config module, and
    /// is not Django's (the Django analyser reads settings modules).
    config_module: bool,
    /// The module's config loader calls, found when first asked for.
    loaders: std::cell::OnceCell<app::Loaders>,
}

impl File {
    fn new(path: &str, source: &[u8]) -> File {
        let role = Role::of_path(path);
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.strip_suffix(".py").unwrap_or(name).to_string();
        let text = String::from_utf8_lossy(source);
        let flask = text.contains("from flask") || text.contains("import flask");
        let django = text.contains("django") || text.contains("INSTALLED_APPS") || path.contains("settings");
        File {
            role,
            test: role == Role::Testing,
            config_module: !django && (flask || stem.to_ascii_lowercase().contains("config")),
            stem,
            loaders: std::cell::OnceCell::new(),
        }
    }
}

/// Checks a Python file for the rules named in `wanted`.
fn check(path: &str, source: &[u8], wanted: &[RuleId]) -> Vec<Hit> {
    let Some(module) = Module::parse_version(path, source) else {
        return Vec::new();
    };
    let file = File::new(path, source);
    let scope = value::module_scope(&module);
    let mut hits = Vec::new();
    classes::check(&module, &scope, &file, &mut hits);
    app::check(&module, &scope, &file, &mut hits);
    hits.retain(|hit| wanted.contains(&hit.rule));
    hits
}
