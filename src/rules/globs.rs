//! A pattern's path globs. Each glob's text is read once into a [`Shape`]
//! that rules paths out cheaply; the glob set is compiled only when a path
//! passes and the shapes are not the whole answer. Most sets name files of
//! other kinds (`*.js`, `.env.*`): a hook would compile a dozen for
//! nothing, and a history scan asks every set of every woken pattern about
//! every blob.

use std::sync::OnceLock;

use globset::{GlobSet, GlobSetBuilder};

use super::{glob, Compiled};
use crate::error::{Error, Result};
use crate::finding::{Text, Texts};

/// The globs of a pattern's `paths` or `exclude_paths`.
#[derive(Debug)]
pub struct PathGlobs {
    shapes: OnceLock<Box<[Shape]>>,
    set: Compiled<Globs>,
}

/// The compiled set; none when each glob is a file-name glob, whose
/// [`Shape`] is its whole match.
struct Globs(Option<GlobSet>);

impl PathGlobs {
    pub fn new(source: Texts) -> PathGlobs {
        PathGlobs {
            shapes: OnceLock::new(),
            set: Compiled::new(source, build_globs),
        }
    }

    /// The globs as written.
    pub fn source(&self) -> &[Text] {
        &self.set.source
    }

    /// Compiles the set now, reporting what is wrong.
    pub fn check(&self) -> Result<()> {
        self.set.check()
    }

    /// Whether `path` matches one of the globs.
    pub fn is_match(&self, path: &str) -> bool {
        let shapes = self
            .shapes
            .get_or_init(|| self.source().iter().map(|glob| Shape::of(glob)).collect());
        // As globset reads a path: on Windows a backslash separates folders too.
        let separator = |byte: &u8| *byte == b'/' || (cfg!(windows) && *byte == b'\\');
        let bytes = path.as_bytes();
        let file = bytes.rsplit(separator).next().unwrap_or(bytes);
        shapes
            .iter()
            .any(|shape| shape.admits(|| bytes.split(separator), file))
            && self.set.get().0.as_ref().is_none_or(|set| set.is_match(path))
    }
}

/// What a glob's text says of the paths it can match: each folder it names
/// without a wildcard (`.envs` in `**/.envs/**`) must be one of the path's
/// parts, and the file name must begin with what the glob's last part has
/// before its first wildcard and end with what it has after its last
/// (`*.py`, `.env.*`, `Dockerfile`). A glob with classes, alternatives or
/// escapes could match any path.
#[derive(Debug)]
enum Shape {
    Any,
    Named {
        folders: Box<[Box<str>]>,
        /// `None`: any name (the last part is empty or `**`).
        name: Option<Name>,
    },
}

#[derive(Debug)]
enum Name {
    Exactly(Box<str>),
    Around { begin: Box<str>, end: Box<str> },
}

impl Shape {
    fn of(glob: &str) -> Shape {
        if glob.contains(['[', '{', '\\']) {
            return Shape::Any;
        }
        let wildcard = |c: char| matches!(c, '*' | '?');
        let (folders, last) = glob.rsplit_once('/').unwrap_or(("", glob));
        let folders = folders
            .split('/')
            .filter(|folder| !folder.is_empty() && !folder.contains(wildcard))
            .map(Box::from)
            .collect();
        let name = match (last.find(wildcard), last.rfind(wildcard)) {
            _ if last.is_empty() || last.contains("**") => None,
            (Some(first), Some(end)) => Some(Name::Around {
                begin: last[..first].into(),
                end: last[end + 1..].into(),
            }),
            _ => Some(Name::Exactly(last.into())),
        };
        Shape::Named { folders, name }
    }

    /// False only when the glob cannot match a path of these `parts`
    /// (folders, then the file name) and `file` name.
    fn admits<'p, I: Iterator<Item = &'p [u8]>>(&self, parts: impl Fn() -> I, file: &[u8]) -> bool {
        let Shape::Named { folders, name } = self else {
            return true;
        };
        if !folders
            .iter()
            .all(|folder| parts().any(|part| same(part, folder.as_bytes())))
        {
            return false;
        }
        match name {
            None => true,
            Some(Name::Exactly(name)) => same(file, name.as_bytes()),
            Some(Name::Around { begin, end }) => {
                file.len() >= begin.len() + end.len()
                    && same(&file[..begin.len()], begin.as_bytes())
                    && same(&file[file.len() - end.len()..], end.as_bytes())
            }
        }
    }
}

/// Byte equality, compared in line: the names compared are a few bytes
/// long, where a call to `memcmp` was most of the cost, and a history scan
/// asks about every blob.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether a glob's [`Shape`] is all it means: `**/` and a file name with
/// at most one `*` (`**/*.py`, `**/.env`, `**/.env.*`).
fn is_name_glob(glob: &str) -> bool {
    glob.strip_prefix("**/").is_some_and(|name| {
        !name.is_empty() && !name.contains(['/', '?', '[', '{', '\\']) && name.matches('*').count() <= 1
    })
}

fn build_globs(source: &[Text]) -> Result<Globs> {
    match source.iter().all(|glob| is_name_glob(glob)) {
        true => Ok(Globs(None)),
        false => build_glob_set(source).map(|set| Globs(Some(set))),
    }
}

fn build_glob_set(source: &[Text]) -> Result<GlobSet> {
    let mut set = GlobSetBuilder::new();
    for glob in source {
        let glob = self::glob(glob).map_err(|err| Error::new(format!("invalid path glob: {err}")))?;
        set.add(glob);
    }
    set.build()
        .map_err(|err| Error::new(format!("invalid path globs: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    /// [`Shape::admits`] as [`PathGlobs::is_match`] asks it.
    fn admits(glob: &str, path: &str) -> bool {
        let file = path.rsplit('/').next().unwrap_or(path);
        Shape::of(glob).admits(|| path.split('/').map(str::as_bytes), file.as_bytes())
    }

    #[test]
    fn a_path_is_ruled_out_by_the_literal_folders_and_ends_of_a_glob() {
        assert!(admits("**/*.py", "app/settings.py"));
        assert!(!admits("**/*.py", "app/settings.pyc"));
        assert!(admits("**/.env.*", ".env.local"));
        assert!(!admits("**/.env.*", "app/.env"));
        assert!(admits("**/config/master.key", "config/master.key"));
        assert!(!admits("**/config/master.key", "config/master.key.bak"));
        assert!(!admits("**/config/master.key", "app/master.key"));
        assert!(!admits("**/a*a", "x/a"));
        assert!(admits("**/a?b", "a/axb"));
        assert!(admits("**/tests/**", "app/tests/unit/test_views.py"));
        assert!(!admits("**/tests/**", "app/views.py"));
        assert!(admits("**/.envs/.production/*", ".envs/.production/.django"));
        assert!(!admits("**/.envs/.production/*", ".envs/.local/.django"));
        // Classes, alternatives and escapes are not read.
        for glob in ["**/*.[ch]", "**/*.{js,ts}", "**/\\*.py", "**/{tests,docs}/**"] {
            assert!(admits(glob, "src/readme.md"), "{glob}");
        }
        assert!(is_name_glob("**/*.py") && is_name_glob("**/.env") && is_name_glob("**/.env.*"));
        for glob in ["*.py", "**/a/*.py", "**/*.*", "**/a?.py", "**/*.[ch]", "**/"] {
            assert!(!is_name_glob(glob), "{glob}");
        }
    }

    /// Every path a built-in glob matches passes the check, and the check
    /// is the whole match for a name glob: on the paths of every example,
    /// and three made from each glob.
    #[test]
    fn every_path_a_builtin_glob_matches_its_shape_admits_and_name_globs_are_read_exactly() {
        let rules = RuleSet::builtin().unwrap().rules;
        let globs: Vec<&Text> = rules
            .iter()
            .flat_map(|rule| &rule.patterns)
            .flat_map(|pattern| [&pattern.paths, &pattern.exclude_paths])
            .flatten()
            .flat_map(|set| set.source().iter())
            .collect();
        let mut paths: Vec<String> = rules
            .iter()
            .flat_map(|rule| rule.examples.iter().chain(rule.counterexamples.iter()))
            .flat_map(|example| {
                std::iter::once(&example.path).chain(example.beside.iter().map(|(path, _)| path))
            })
            .map(|path| path.to_string())
            .collect();
        paths.extend(globs.iter().flat_map(|glob| {
            ["", "x", "x.y"].map(|fill| glob.replace("**", "a/b").replace(['*', '?'], fill))
        }));
        let (mut matched, mut named) = (0, 0);
        for glob in &globs {
            let set = build_glob_set(std::slice::from_ref(*glob)).unwrap();
            for path in &paths {
                let matches = set.is_match(path.as_str());
                if matches {
                    assert!(admits(glob, path), "{glob} {path}");
                    matched += 1;
                }
                if is_name_glob(glob) {
                    assert_eq!(admits(glob, path), matches, "{glob} {path}");
                    named += 1;
                }
            }
        }
        assert!(matched > 200 && named > 10_000, "{matched} {named}");
    }
}
