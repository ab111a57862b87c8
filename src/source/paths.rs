//! Files and folders on disk, walked the way ripgrep walks them: hidden
//! files included (`.env` matters), `.gitignore` honoured, `.git` skipped,
//! symbolic links noted and not followed. Every line of every file counts.

use std::fs;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::{Loaded, RelativePath, SkipReason};
use crate::error::{Error, Result};

/// A file found by the walk, or a link that was not followed.
pub enum Entry {
    File(PathBuf),
    Symlink(PathBuf),
}

impl Entry {
    /// A regular file's display path and location, for a workspace.
    pub fn file(&self) -> Option<(String, PathBuf)> {
        match self {
            Entry::File(path) => Some((display(path), path.clone())),
            Entry::Symlink(_) => None,
        }
    }
}

/// Walks every given path. A path that does not exist is an error.
pub fn walk(roots: &[PathBuf]) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for root in roots {
        let meta = fs::symlink_metadata(root).map_err(|err| Error::io("cannot read", root, err))?;
        if meta.file_type().is_symlink() {
            entries.push(Entry::Symlink(root.clone()));
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
            if kind.is_symlink() {
                entries.push(Entry::Symlink(entry.into_path()));
            } else if kind.is_file() {
                entries.push(Entry::File(entry.into_path()));
            }
        }
    }
    Ok(entries)
}

/// Reads one walked entry.
pub fn load(entry: &Entry, max_size: u64) -> Result<Loaded> {
    match entry {
        Entry::Symlink(path) => Ok(Loaded::skip(display(path), SkipReason::Symlink)),
        Entry::File(path) => {
            let unreadable = |err: std::io::Error| Error::io("cannot read", path, err);
            let size = fs::metadata(path).map_err(unreadable)?.len();
            if size > max_size {
                return Ok(Loaded::skip(
                    display(path),
                    SkipReason::TooLarge {
                        size,
                        limit: max_size,
                    },
                ));
            }
            let bytes = fs::read(path).map_err(unreadable)?;
            Ok(Loaded::admit(display(path), bytes, None))
        }
    }
}

fn display(path: &Path) -> String {
    RelativePath::of(path).into_string()
}
