//! How keyward names a file: relative to the repository root (or to where
//! a disk scan started), with `/` separators and no leading `./`. Every
//! source names its blobs this way, so globs, fingerprints and reports
//! agree without trimming paths again.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

pub(crate) struct RelativePath(String);

impl RelativePath {
    pub(crate) fn new(text: &str) -> Self {
        // On Windows `\` separates folders; elsewhere it is part of a name,
        // as git allows (`back\slash.py`). Copied once: a hook names every
        // path of the index.
        let text = match cfg!(windows) {
            true => std::borrow::Cow::Owned(text.replace('\\', "/")),
            false => std::borrow::Cow::Borrowed(text),
        };
        let mut rest = &*text;
        while let Some(shorter) = rest.strip_prefix("./").filter(|shorter| !shorter.is_empty()) {
            rest = shorter;
        }
        RelativePath(rest.to_string())
    }

    pub(crate) fn of(path: &Path) -> Self {
        RelativePath::new(&path.to_string_lossy())
    }

    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

/// Names paths given relative to the current folder (as git pathspecs
/// are) relative to a root instead: the repository's, so that a scan run
/// from `pkg/` still says `pkg/app.py`, and baselines and allowlists match.
pub(crate) struct Base {
    root: PathBuf,
    cwd: PathBuf,
}

impl Base {
    pub(crate) fn new(root: &Path) -> Result<Base> {
        Ok(Base {
            root: normalize(&absolute(root)?),
            cwd: absolute(Path::new("."))?,
        })
    }

    /// The path relative to the root, or `None` when it lies outside.
    pub(crate) fn name(&self, path: &Path) -> Option<String> {
        let full = normalize(&self.cwd.join(path));
        full.strip_prefix(&self.root)
            .ok()
            .map(|relative| RelativePath::of(relative).into_string())
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    path.canonicalize()
        .map_err(|err| Error::io("cannot resolve", path, err))
}

/// Resolves `.` and `..` without touching the disk, so that a named file
/// that no longer exists in the working tree still maps into the index.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RelativePath;

    #[test]
    fn leading_dots_go_and_backslashes_are_separators_only_on_windows() {
        assert_eq!(
            RelativePath::new("./app/settings.py").into_string(),
            "app/settings.py"
        );
        if cfg!(windows) {
            assert_eq!(RelativePath::new(".\\app\\x.py").into_string(), "app/x.py");
        } else {
            assert_eq!(
                RelativePath::new("back\\slash.py").into_string(),
                "back\\slash.py"
            );
        }
        assert_eq!(RelativePath::new("./").into_string(), "./");
        assert_eq!(RelativePath::new(".env").into_string(), ".env");
    }
}
