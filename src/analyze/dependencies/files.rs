//! Which files pin Python dependencies, in which format, and the files a
//! requirements file brings in with `-r`/`-c`, whatever their names.

use std::collections::BTreeMap;

use super::pin::Pin;
use super::{locks, pipfile, pyproject, requirements};
use crate::source::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `requirements*.txt`, `constraints*.txt`, `requirements/*.txt`.
    Requirements,
    PipfileLock,
    /// `poetry.lock`, `uv.lock`, `pdm.lock`.
    Lock,
    Pyproject,
}

impl Format {
    /// The format of the file at `path`, known by its name.
    pub(crate) fn of(path: &str) -> Option<Format> {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let folder = folder.rsplit('/').next().unwrap_or(folder);
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "pipfile.lock" => Some(Format::PipfileLock),
            "poetry.lock" | "uv.lock" | "pdm.lock" => Some(Format::Lock),
            "pyproject.toml" => Some(Format::Pyproject),
            _ if lower.ends_with(".txt")
                && (lower.starts_with("requirements")
                    || lower.starts_with("constraints")
                    || folder.to_ascii_lowercase().starts_with("requirements")) =>
            {
                Some(Format::Requirements)
            }
            _ => None,
        }
    }

    pub(crate) fn pins(self, text: &str) -> Vec<Pin> {
        match self {
            Format::Requirements => requirements::read(text).pins,
            Format::PipfileLock => pipfile::read(text),
            Format::Lock => locks::read(text),
            Format::Pyproject => pyproject::read(text),
        }
    }
}

/// Every dependency file of `workspace`, with the files requirements
/// files include.
pub(crate) fn find(workspace: &dyn Workspace) -> BTreeMap<String, Format> {
    let mut found: BTreeMap<String, Format> = workspace
        .paths()
        .iter()
        .filter_map(|path| Some((path.clone(), Format::of(path)?)))
        .collect();
    let mut queue: Vec<String> = found
        .iter()
        .filter(|(_, format)| **format == Format::Requirements)
        .map(|(path, _)| path.clone())
        .collect();
    while let Some(path) = queue.pop() {
        let Some(bytes) = workspace.read(&path) else {
            continue;
        };
        for include in requirements::read(&String::from_utf8_lossy(&bytes)).includes {
            let Some(included) = requirements::beside(&path, &include) else {
                continue;
            };
            let known = workspace.paths().binary_search(&included).is_ok();
            if known && !found.contains_key(&included) {
                found.insert(included.clone(), Format::Requirements);
                queue.push(included);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_dependency_files_by_name() {
        for (path, format) in [
            ("requirements.txt", Some(Format::Requirements)),
            ("requirements-dev.txt", Some(Format::Requirements)),
            ("deploy/constraints.txt", Some(Format::Requirements)),
            ("requirements/production.txt", Some(Format::Requirements)),
            ("requirements/production.in", None),
            ("docs/notes.txt", None),
            ("Pipfile.lock", Some(Format::PipfileLock)),
            ("Pipfile", None),
            ("backend/poetry.lock", Some(Format::Lock)),
            ("uv.lock", Some(Format::Lock)),
            ("pdm.lock", Some(Format::Lock)),
            ("pyproject.toml", Some(Format::Pyproject)),
            ("package-lock.json", None),
        ] {
            assert_eq!(Format::of(path), format, "{path}");
        }
    }
}
