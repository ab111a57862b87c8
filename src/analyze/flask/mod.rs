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
use crate::analyze::python::{begins_a_name, occurrences, top_level, Module};
use crate::finding::place::line_start;
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

/// Whether `source` may set one of the settings this analyser judges:
/// `SECRET_KEY`, `DEBUG`, `secret_key` or `debug` followed by `=` (not
/// `==`), by an annotation with a value (`DEBUG: bool = True`), or quoted
/// and followed by `:` or `] =` (`{"DEBUG": True}`,
/// `app.config["SECRET_KEY"] = key`). A file that only reads them
/// (`settings.SECRET_KEY`, `if settings.DEBUG:`, `log.debug(...)`) is not
/// parsed: Django models and views read the key in every version. Nor is
/// one that sets them only in statements of its own at the top level,
/// unless it is a config module (`config_module`, asked only then): that
/// is a Django settings module, which the Django analyser reads, edited in
/// hundreds of commits of a history. Nor is a dict's key (Django's
/// `TEMPLATES` options hold `'debug': DEBUG`) in a file that passes no dict
/// to `config.update` or `config.from_mapping` (settings update their own
/// dicts: `DATABASES["default"].update({...})`).
fn may_set_a_setting(source: &[u8], config_module: impl FnOnce() -> bool) -> bool {
    let mut top_level = Vec::new();
    let passes_a_mapping = std::cell::OnceCell::new();
    for name in [b"SECRET_KEY".as_slice(), b"DEBUG", b"secret_key", b"debug"] {
        for (at, after) in occurrences(source, name) {
            // `TEMPLATE_DEBUG`, `is_debug`: another name.
            if !begins_a_name(source, at) {
                continue;
            }
            let before = at.checked_sub(1).map(|before| source[before]);
            match (binds(after), before) {
                (None, _) => {}
                (Some(Bound::Key), _) => {
                    if *passes_a_mapping.get_or_init(|| calls_with_a_mapping(source)) {
                        return true;
                    }
                }
                (Some(Bound::Assigned), None | Some(b'\n')) => top_level.push(at),
                (Some(Bound::Assigned), Some(_)) => return true,
            }
        }
    }
    if top_level.is_empty() {
        return false;
    }
    if config_module() {
        return true;
    }
    // A line that begins with the name may still continue a statement
    // (`app.config.update(\nDEBUG=True)`).
    let statements = top_level::split(source);
    top_level.iter().any(|at| {
        statements
            .binary_search_by_key(at, |statement| statement.range.start)
            .is_err()
    })
}

/// How a setting's name is bound.
enum Bound {
    /// By `=` or an annotation with a value, as a name or a subscript
    /// (`config["NAME"] =`).
    Assigned,
    /// As a quoted key before `:`: a pair of a dict literal.
    Key,
}

/// Whether `source` calls `config.update` or `config.from_mapping`
/// outside a comment line: the only calls whose dict literals' keys the
/// analyser reads as settings ([`app`]; the object is `config` or ends in
/// `.config`).
fn calls_with_a_mapping(source: &[u8]) -> bool {
    [b"config.update".as_slice(), b"config.from_mapping"]
        .iter()
        .any(|call| {
            occurrences(source, call).any(|(at, after)| {
                let first = source[line_start(source, at)..at]
                    .iter()
                    .find(|byte| !matches!(byte, b' ' | b'\t'));
                after.first() == Some(&b'(') && first != Some(&b'#')
            })
        })
}

/// How the text after a setting's name binds it, if it does (see
/// [`may_set_a_setting`]).
fn binds(after: &[u8]) -> Option<Bound> {
    fn blanks(text: &[u8]) -> &[u8] {
        let skipped = text
            .iter()
            .take_while(|byte| matches!(byte, b' ' | b'\t'))
            .count();
        &text[skipped..]
    }
    // A quoted key alone (`"DEBUG":`), or subscripted (`["DEBUG"] =`).
    let (key, rest) = match after {
        [b'\'' | b'"', rest @ ..] => match blanks(rest).strip_prefix(b"]") {
            Some(rest) => (false, blanks(rest)),
            None => (true, blanks(rest)),
        },
        _ => (false, after),
    };
    match rest {
        [b'=', b'=', ..] => None,
        [b'=', ..] => Some(Bound::Assigned),
        [b':', ..] if key => Some(Bound::Key),
        [b':', line @ ..] => line
            .iter()
            .take_while(|byte| **byte != b'\n')
            .any(|byte| *byte == b'=')
            .then_some(Bound::Assigned),
        _ => None,
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
    // What the path and imports say is read once, when first needed.
    let file = std::cell::OnceCell::new();
    let file = || file.get_or_init(|| File::new(path, source));
    if !may_set_a_setting(source, || file().config_module) {
        return Vec::new();
    }
    let Some(module) = Module::parse_version(path, source) else {
        return Vec::new();
    };
    let file = file();
    let scope = value::module_scope(&module);
    let mut hits = Vec::new();
    classes::check(&module, &scope, file, &mut hits);
    app::check(&module, &scope, file, &mut hits);
    hits.retain(|hit| wanted.contains(&hit.rule));
    hits
}

#[cfg(test)]
mod tests {
    use super::may_set_a_setting;

    #[test]
    fn only_files_that_may_set_debug_or_the_key_are_parsed() {
        for setting in [
            "app.run(debug=True)",
            "app.run(host='0.0.0.0', debug = flag)",
            "app.debug = True",
            "app.debug \\\n    = True",
            "app.secret_key: str = 'x'",
            "DEBUG = True",
            "app.config['SECRET_KEY'] = key",
            "app.config.update(dict(DEBUG=True))",
            "app.config[ 'DEBUG' ] = True",
            "app.config.update({\"SECRET_KEY\": key})",
            "app.config.from_mapping(\n    {'DEBUG': True})",
            "app.config['DEBUG']: bool = True",
            "DEBUG: bool = True",
            "SECRET_KEY: str = \\\n    'x'",
        ] {
            assert!(may_set_a_setting(setting.as_bytes(), || true), "{setting}");
        }
        for reading in [
            "log.debug('start')",
            "logger.debug(msg)\n",
            "use_debugger = True",
            "if debug == 1: pass",
            "seed = str(self.code) + settings.SECRET_KEY",
            "if settings.DEBUG:\n    pass",
            "key = os.environ['SECRET_KEY']",
            "DEBUG: bool\n",
            "TEMPLATES = [{'OPTIONS': {'debug': DEBUG}}]\n",
            "# app.config.update(x)\nLOGGING = {'level': 'x', 'debug': True}\n",
            "DATABASE.update({'NAME': 'x'})\nTEMPLATES = [{'OPTIONS': {'debug': DEBUG}}]\n",
        ] {
            assert!(!may_set_a_setting(reading.as_bytes(), || true), "{reading}");
        }
    }

    #[test]
    fn a_top_level_setting_is_read_in_config_modules_only() {
        let settings =
            "import os\nDEBUG = False\nSECRET_KEY: str = os.environ['KEY']\nTEMPLATE_DEBUG = DEBUG\n";
        assert!(!may_set_a_setting(settings.as_bytes(), || false));
        assert!(may_set_a_setting(settings.as_bytes(), || true));
        for elsewhere in [
            "class Config:\n    DEBUG = True\n",
            "class Config: DEBUG = True\n",
            "x = 1; DEBUG = True\n",
            "app.config.update(\nDEBUG=True)\n",
            "app.config.update(dict(\nSECRET_KEY='x'))\n",
            "key = \\\nSECRET_KEY = 'x'\n",
        ] {
            assert!(may_set_a_setting(elsewhere.as_bytes(), || false), "{elsewhere}");
        }
    }
}
