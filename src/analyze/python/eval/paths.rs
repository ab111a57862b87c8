//! Filesystem paths as settings build them: `Path(__file__).resolve().parent`,
//! `BASE_DIR / "media"`, `os.path.join(BASE_DIR, "static")`,
//! `os.path.dirname(os.path.abspath(__file__))`. The repository root stands
//! for `/` (the resolver gives `__file__` as `/` + the file's path), so a
//! path that climbs above it is unknown. A relative path stays relative:
//! two of them are comparable, both being relative to the same directory.

use std::rc::Rc;

use super::{Evaluated, Outcome, Py, Scope};
use crate::analyze::python::arguments::Arguments;
use crate::analyze::python::Module;

/// `os.path` functions, `pathlib.Path` and `str()` called on paths; `None`
/// when `name` is none of them.
pub(super) fn call(scope: &Scope, module: &Module, name: &str, args: &Arguments<'_>) -> Option<Evaluated> {
    let evaluated: Vec<Evaluated> = args
        .positional
        .iter()
        .map(|arg| scope.eval(module, *arg))
        .collect();
    let outcome: fn(&[&str]) -> Option<Py> = match name {
        "Path" | "pathlib.Path" | "PurePath" | "PosixPath" => |parts: &[&str]| {
            let joined = parts.iter().fold(String::new(), |base, part| join(&base, part));
            normalize(&joined).map(|path| Py::Path(Rc::new(path)))
        },
        "os.path.join" | "path.join" => |parts: &[&str]| {
            let (first, rest) = parts.split_first()?;
            let joined = rest
                .iter()
                .fold(first.to_string(), |base, part| join(&base, part));
            normalize(&joined).map(|path| Py::Str(Rc::new(path)))
        },
        "str" => |parts: &[&str]| match parts {
            [path] => Some(Py::Str(Rc::new(path.to_string()))),
            _ => None,
        },
        "os.path.dirname" | "path.dirname" => |parts: &[&str]| match parts {
            [path] => parent(path).map(|path| Py::Str(Rc::new(path))),
            _ => None,
        },
        // Absolute already (the root is the repository): no working
        // directory to resolve against; a relative one would need it.
        "os.path.abspath" | "os.path.realpath" | "os.path.normpath" | "path.abspath" | "path.realpath" => {
            |parts: &[&str]| match parts {
                [path] if path.starts_with('/') => normalize(path).map(|path| Py::Str(Rc::new(path))),
                _ => None,
            }
        }
        _ => return None,
    };
    Some(combine(&evaluated, outcome))
}

/// Methods of a `Path`: `.resolve()`, `.absolute()`, `.joinpath(...)`.
pub(super) fn method(
    scope: &Scope,
    module: &Module,
    receiver: Evaluated,
    method: &str,
    args: &Arguments<'_>,
) -> Option<Evaluated> {
    let mut parts = vec![receiver];
    parts.extend(args.positional.iter().map(|arg| scope.eval(module, *arg)));
    let outcome: fn(&[&str]) -> Option<Py> = match method {
        "resolve" | "absolute" => |parts: &[&str]| match parts {
            [path] if path.starts_with('/') => Some(Py::Path(Rc::new(path.to_string()))),
            _ => None,
        },
        "joinpath" => |parts: &[&str]| {
            let (first, rest) = parts.split_first()?;
            let joined = rest
                .iter()
                .fold(first.to_string(), |base, part| join(&base, part));
            normalize(&joined).map(|path| Py::Path(Rc::new(path)))
        },
        _ => return None,
    };
    // Only a Path has these methods (a string's would mean something else).
    match &parts[0].unset {
        Outcome::Value(Py::Path(_)) => Some(combine(&parts, outcome)),
        _ => None,
    }
}

/// `path.parent`.
pub(super) fn parent_of(receiver: Evaluated) -> Evaluated {
    receiver.then(|value| match value {
        Py::Path(path) => parent(&path).map_or(Outcome::Unknown, |p| Outcome::Value(Py::Path(Rc::new(p)))),
        _ => Outcome::Unknown,
    })
}

/// `left / right`, where one side is a `Path`.
pub(super) fn divide(left: Evaluated, right: Evaluated) -> Evaluated {
    let either_path = |outcome: &Outcome| matches!(outcome, Outcome::Value(Py::Path(_)));
    if !either_path(&left.unset) && !either_path(&right.unset) {
        return Evaluated::unknown();
    }
    combine(&[left, right], |parts: &[&str]| match parts {
        [base, part] => normalize(&join(base, part)).map(|path| Py::Path(Rc::new(path))),
        _ => None,
    })
}

/// The text of a path or string value.
pub fn text(value: &Py) -> Option<&str> {
    match value {
        Py::Str(text) | Py::Path(text) => Some(text.as_str()),
        _ => None,
    }
}

/// Whether `inner` lies strictly below `outer`; both must be absolute or
/// both relative, else nothing is known.
pub fn strictly_inside(inner: &str, outer: &str) -> bool {
    if inner.starts_with('/') != outer.starts_with('/') || inner == outer {
        return false;
    }
    let outer = outer.trim_end_matches('/');
    outer.is_empty() && !inner.starts_with('/') || inner.starts_with(&format!("{outer}/"))
}

/// Applies `f` to the texts of `parts` in both worlds.
fn combine(parts: &[Evaluated], f: impl Fn(&[&str]) -> Option<Py>) -> Evaluated {
    let world = |pick: fn(&Evaluated) -> &Outcome| -> Outcome {
        let mut texts = Vec::new();
        for part in parts {
            match pick(part) {
                Outcome::Value(value) => match text(value) {
                    Some(text) => texts.push(text),
                    None => return Outcome::Unknown,
                },
                other => return other.clone(),
            }
        }
        f(&texts).map_or(Outcome::Unknown, Outcome::Value)
    };
    Evaluated {
        unset: world(|e| &e.unset),
        set: world(|e| &e.set),
        reads_env: parts.iter().any(|part| part.reads_env),
        literal: false,
        env_default: None,
    }
}

/// Python's join: an absolute part replaces what came before.
fn join(base: &str, part: &str) -> String {
    if part.starts_with('/') || base.is_empty() {
        part.to_string()
    } else {
        format!("{}/{part}", base.trim_end_matches('/'))
    }
}

/// Drops `.` and empty parts and applies `..`; `None` when `..` climbs
/// above the root (or above the start of a relative path).
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    Some(if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    })
}

/// The folder holding `path`; `None` above the root.
fn parent(path: &str) -> Option<String> {
    let path = normalize(path)?;
    match path.rsplit_once('/') {
        Some(("", "")) => None,
        Some(("", _)) => Some("/".to_string()),
        Some((folder, _)) => Some(folder.to_string()),
        None if path.is_empty() => None,
        None => Some(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::{normalize, parent, strictly_inside};

    #[test]
    fn parents_stop_at_the_root() {
        assert_eq!(
            parent("/config/settings/base.py").as_deref(),
            Some("/config/settings")
        );
        assert_eq!(parent("/config").as_deref(), Some("/"));
        assert_eq!(parent("/"), None);
        assert_eq!(normalize("/a/./b/../c").as_deref(), Some("/a/c"));
        assert_eq!(normalize("/a/../.."), None);
    }

    #[test]
    fn inside_means_strictly_below_on_the_same_footing() {
        assert!(strictly_inside("/static/media", "/static"));
        assert!(!strictly_inside("/static", "/static"));
        assert!(!strictly_inside("/staticfiles", "/static"));
        assert!(!strictly_inside("static/media", "/static"));
        assert!(strictly_inside("static/media", "static"));
    }
}
