//! Files and folders on disk, walked the way ripgrep walks them: hidden
//! files included (`.env` matters), `.gitignore` honoured, `.git` skipped,
//! symbolic links noted and not followed. Every line of every file counts.
//! Files are named relative to the repository root (or, outside one, the
//! current folder), wherever the scan was started.

use std::fs;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::relative::Base;
use super::{Loaded, RelativePath, SkipReason};
use crate::error::{Error, Result};

/// A file found by the walk, or a link that was not followed.
pub struct Entry {
    /// Where it is, as walked from the current folder.
    path: PathBuf,
    /// What reports call it.
    name: String,
    link: bool,
}

impl Entry {
    fn new(path: PathBuf, base: &Base, link: bool) -> Entry {
        let name = base
            .name(&path)
            .unwrap_or_else(|| RelativePath::of(&path).into_string());
        Entry { path, name, link }
    }

    /// A regular file's display path and location, for a workspace.
    pub fn file(&self) -> Option<(String, PathBuf)> {
        (!self.link).then(|| (self.name.clone(), self.path.clone()))
    }
}

/// Walks every given path (relative to the current folder); names what it
/// finds relative to `root`. A path that does not exist is an error.
pub fn walk(roots: &[PathBuf], root: &Path) -> Result<Vec<Entry>> {
    let base = Base::new(root)?;
    let mut entries = Vec::new();
    for root in roots {
        let meta = fs::symlink_metadata(root).map_err(|err| Error::io("cannot read", root, err))?;
        if meta.file_type().is_symlink() {
            entries.push(Entry::new(root.clone(), &base, true));
            continue;
        }
        let walker = WalkBuilder::new(root)
            .hidden(false)
            .follow_links(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build();
        for entry in walker {
            let entry = entry.map_err(|err| Error::new(format!("cannot walk {}: {err}", root.display())))?;
            let Some(kind) = entry.file_type() else {
                continue; // stdin
            };
            if kind.is_symlink() || kind.is_file() {
                entries.push(Entry::new(entry.into_path(), &base, kind.is_symlink()));
            }
        }
    }
    Ok(entries)
}

/// Reads one walked entry.
pub fn load(entry: &Entry, max_size: u64) -> Result<Loaded> {
    let (path, name) = (&entry.path, entry.name.clone());
    if entry.link {
        return Ok(Loaded::skip(name, SkipReason::Symlink));
    }
    let unreadable = |err: std::io::Error| Error::io("cannot read", path, err);
    let size = fs::metadata(path).map_err(unreadable)?.len();
    if size > max_size {
        return Ok(Loaded::skip(
            name,
            SkipReason::TooLarge {
                size,
                limit: max_size,
            },
        ));
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    Ok(Loaded::admit(name, bytes, None))
}
