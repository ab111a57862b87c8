//! What is staged: the blobs in the index that differ from HEAD, read
//! through libgit2, never from the working tree.
//!
//! Honours `GIT_INDEX_FILE`, which git sets for hooks during
//! `git commit -a` and `git commit PATH` (the temporary index is what will
//! be committed). With no HEAD yet every staged line is new.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use git2::{Delta, DiffOptions, FileMode, Index, Oid, Patch, Repository, Tree};

use super::relative::Base;
use super::repository::{blob_size, unreadable};
use super::workspace::IndexWorkspace;
use super::{AddedLines, Loaded, RelativePath, SkipReason};
use crate::error::{Error, Result};

/// The index about to be committed, and the HEAD it is compared with.
pub struct Staged<'r> {
    pub repo: &'r Repository,
    pub index: Index,
    /// `None` before the first commit.
    pub head: Option<Tree<'r>>,
}

/// What a staged scan reads: the blobs, and every path the change touches
/// (with those named on the command line).
pub struct StagedBlobs {
    pub loaded: Vec<Loaded>,
    pub touched: BTreeSet<String>,
    /// New path to old path, for files the change renames.
    pub renamed: BTreeMap<String, String>,
    /// Named paths that match nothing in the index.
    pub unmatched: Vec<String>,
}

impl<'r> Staged<'r> {
    /// `None` for a bare repository, which has no index.
    pub fn open(repo: &'r Repository) -> Result<Option<Staged<'r>>> {
        if repo.is_bare() {
            return Ok(None);
        }
        let index = open_index(repo)?;
        let head = match repo.head() {
            Ok(head) => Some(
                head.peel_to_tree()
                    .map_err(|err| Error::git("cannot read the tree of HEAD", err))?,
            ),
            Err(err)
                if matches!(
                    err.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                None
            }
            Err(err) => return Err(Error::git("cannot read HEAD", err)),
        };
        Ok(Some(Staged { repo, index, head }))
    }

    /// Loads the staged blobs. `only`, when given, limits the scan to those
    /// paths (repository-relative); a named path that the change does not
    /// touch is read from the index whole, with every line counting, which
    /// is what `pre-commit run --all-files` asks for.
    pub fn load(&self, only: Option<&[String]>, max_size: u64) -> Result<StagedBlobs> {
        load(self.repo, &self.index, self.head.as_ref(), only, max_size)
    }

    /// The whole index, for analysers that read more than the changed files.
    pub fn workspace(&self) -> IndexWorkspace<'r> {
        IndexWorkspace::new(self.repo, &self.index)
    }
}

fn load(
    repo: &Repository,
    index: &Index,
    head_tree: Option<&Tree<'_>>,
    only: Option<&[String]>,
    max_size: u64,
) -> Result<StagedBlobs> {
    // The root (`keyward scan --staged .` there) names the whole change.
    let only = only.filter(|paths| !paths.iter().any(String::is_empty));
    let mut options = DiffOptions::new();
    options.context_lines(0).include_typechange(true);
    if let Some(paths) = only {
        options.disable_pathspec_match(true);
        for path in paths {
            options.pathspec(path);
        }
    }
    let mut diff = repo
        .diff_tree_to_index(head_tree, Some(index), Some(&mut options))
        .map_err(|err| Error::git("cannot diff the index against HEAD", err))?;
    // A renamed file's old lines are not new: let renames keep their history.
    diff.find_similar(None)
        .map_err(|err| Error::git("cannot detect renames", err))?;

    let odb = repo
        .odb()
        .map_err(|err| Error::git("cannot open the object database", err))?;
    let mut loaded = Vec::new();
    let mut seen = BTreeSet::new();
    let mut renamed = BTreeMap::new();
    for (position, delta) in diff.deltas().enumerate() {
        seen.extend(delta.old_file().path().map(|path| path_string(Some(path))));
        if matches!(delta.status(), Delta::Deleted | Delta::Unmodified) {
            continue;
        }
        let file = delta.new_file();
        let path = path_string(file.path());
        if delta.status() == Delta::Renamed {
            renamed.insert(path.clone(), path_string(delta.old_file().path()));
        }
        seen.insert(path.clone());
        if delta.status() == Delta::Conflicted {
            loaded.push(Loaded::skip(path, SkipReason::Unmerged));
            continue;
        }
        let Some(oid) = blob_to_read(&path, file.mode(), file.id(), &odb, max_size, &mut loaded)? else {
            continue;
        };
        let raw = read_blob(repo, oid, &path)?;
        let cannot_diff = |err| Error::git(format!("cannot diff {path}"), err);
        let (bytes, added) = match super::encoding::decode(&raw) {
            // UTF-16 and UTF-32 are binary to git: diff the decoded texts.
            Some(text) => {
                let old = match delta.old_file().id() {
                    id if id.is_zero() => Vec::new(),
                    id => super::encoding::decode(&read_blob(repo, id, &path)?).unwrap_or_default(),
                };
                let added = added_between(&old, &text).map_err(cannot_diff)?;
                (text, added)
            }
            None => {
                let patch = Patch::from_diff(&diff, position).map_err(cannot_diff)?;
                (raw, added_lines(patch.as_ref()))
            }
        };
        if super::looks_binary(&bytes) {
            loaded.push(Loaded::skip(path, SkipReason::Binary));
            continue;
        }
        loaded.push(Loaded::Blob(super::Blob {
            path,
            bytes,
            added_lines: added,
            object: None,
        }));
    }

    let mut unmatched = Vec::new();
    for path in only.unwrap_or_default() {
        if seen.contains(path) {
            continue;
        }
        let Some(entry) = index.get_path(Path::new(path), 0) else {
            // Deleted, never added, or a folder.
            let folder = format!("{path}/");
            let in_folder = |name: &[u8]| name.starts_with(folder.as_bytes());
            if !seen.iter().any(|seen| in_folder(seen.as_bytes()))
                && !index.iter().any(|entry| in_folder(&entry.path))
            {
                unmatched.push(path.clone());
            }
            continue;
        };
        let mode = match entry.mode {
            0o120000 => FileMode::Link,
            0o160000 => FileMode::Commit,
            _ => FileMode::Blob,
        };
        let Some(oid) = blob_to_read(path, mode, entry.id, &odb, max_size, &mut loaded)? else {
            continue;
        };
        let bytes = read_blob(repo, oid, path)?;
        loaded.push(Loaded::admit(path.clone(), bytes, None));
    }
    seen.extend(only.unwrap_or_default().iter().cloned());
    Ok(StagedBlobs {
        loaded,
        touched: seen,
        renamed,
        unmatched,
    })
}

/// Decides from the entry alone whether its blob is worth reading; pushes
/// a skip note when it is not.
fn blob_to_read(
    path: &str,
    mode: FileMode,
    oid: Oid,
    odb: &git2::Odb<'_>,
    max_size: u64,
    loaded: &mut Vec<Loaded>,
) -> Result<Option<Oid>> {
    let reason = match mode {
        FileMode::Link => Some(SkipReason::Symlink),
        FileMode::Commit => Some(SkipReason::Submodule),
        _ => {
            let size = blob_size(odb, oid, path)?;
            (size > max_size).then_some(SkipReason::TooLarge {
                size,
                limit: max_size,
            })
        }
    };
    match reason {
        Some(reason) => {
            loaded.push(Loaded::skip(path.to_string(), reason));
            Ok(None)
        }
        None => Ok(Some(oid)),
    }
}

fn read_blob(repo: &Repository, oid: Oid, path: &str) -> Result<Vec<u8>> {
    let blob = repo.find_blob(oid).map_err(|err| unreadable(oid, path, err))?;
    Ok(blob.content().to_vec())
}

/// The lines `new` adds to `old`, diffed as git would (the decoded text of
/// a UTF-16 file, which git itself diffs as binary).
pub fn added_between(old: &[u8], new: &[u8]) -> Result<Option<AddedLines>, git2::Error> {
    let patch = Patch::from_buffers(old, None, new, None, None)?;
    Ok(added_lines(Some(&patch)))
}

/// The new-side line numbers of the lines a patch adds, or `None` (every
/// line counts) when git has no lines to compare: a side it takes for
/// binary (a binary file replaced by text, a `-diff` attribute) would
/// otherwise make every line of the new text look old.
fn added_lines(patch: Option<&Patch<'_>>) -> Option<AddedLines> {
    let patch = patch.filter(|patch| !patch.delta().flags().is_binary())?;
    let mut lines = Vec::new();
    for hunk in 0..patch.num_hunks() {
        let count = patch.num_lines_in_hunk(hunk).unwrap_or(0);
        for index in 0..count {
            if let Ok(line) = patch.line_in_hunk(hunk, index) {
                if line.origin() == '+' {
                    lines.extend(line.new_lineno());
                }
            }
        }
    }
    Some(AddedLines::new(lines))
}

fn open_index(repo: &Repository) -> Result<Index> {
    match std::env::var_os("GIT_INDEX_FILE") {
        Some(file) => Index::open(Path::new(&file)).map_err(|err| {
            index_fault(
                format!(
                    "cannot read the index named by GIT_INDEX_FILE ({})",
                    Path::new(&file).display()
                ),
                err,
            )
        }),
        None => repo
            .index()
            .map_err(|err| index_fault(format!("cannot read the index of {}", repo.path().display()), err)),
    }
}

/// Why an index cannot be read, in git's terms: the two index formats
/// libgit2 does not read and the git setting that turns each off, or a
/// damaged file (libgit2 says "no longer exists" of a bad checksum).
fn index_fault(doing: String, err: git2::Error) -> Error {
    let cause = match err.message() {
        message if message.contains("extension: 'link'") => {
            "it is a split index (core.splitIndex), which keyward's git library cannot read; `git config core.splitIndex false && git update-index --no-split-index` turns it off"
        }
        message if message.contains("extension: 'sdir'") => {
            "it is a sparse index (index.sparse), which keyward's git library cannot read; `git sparse-checkout set --no-sparse-index <patterns>` (`git sparse-checkout list` shows them) turns it off"
        }
        _ if err.class() == git2::ErrorClass::Index => {
            "the index file is damaged or truncated; `git status` shows what git makes of it, and `git read-tree HEAD` rebuilds it from HEAD (staged changes are lost)"
        }
        _ => return Error::git(doing, err),
    };
    Error::new(format!("{doing}: {cause} ({})", crate::error::git_message(&err)))
}

fn path_string(path: Option<&Path>) -> String {
    path.map(|p| RelativePath::of(p).into_string())
        .unwrap_or_default()
}

/// Turns paths given on the command line (relative to the current
/// directory) into repository-relative paths.
pub fn repository_paths(repo: &Repository, given: &[PathBuf]) -> Result<Vec<String>> {
    let workdir = repo
        .workdir()
        .ok_or_else(|| Error::new("a bare repository has no staged files to name"))?;
    let base = Base::new(workdir)?;
    given
        .iter()
        .map(|path| {
            base.name(path).ok_or_else(|| {
                Error::new(format!(
                    "{} is outside the repository at {}",
                    path.display(),
                    base.root().display()
                ))
            })
        })
        .collect()
}

/// The staged content of one repository-relative path, if the index holds
/// it (how a staged scan reads its configuration).
pub fn staged_file(repo: &Repository, path: &str) -> Result<Option<Vec<u8>>> {
    if repo.is_bare() {
        return Ok(None);
    }
    let index = open_index(repo)?;
    match index.get_path(Path::new(path), 0) {
        Some(entry) if entry.mode == 0o120000 => Err(Error::new(format!(
            "{path} is staged as a symbolic link; keyward reads only a regular file: stage the file itself, or name it with --config"
        ))),
        Some(entry) => read_blob(repo, entry.id, path).map(Some),
        None => Ok(None),
    }
}

/// Every path in the index (what `keyward baseline` scans whole).
pub fn index_paths(repo: &Repository) -> Result<Vec<String>> {
    if repo.is_bare() {
        return Ok(Vec::new());
    }
    let index = open_index(repo)?;
    Ok(index
        .iter()
        .filter(|entry| (entry.flags >> 12) & 0x3 == 0)
        .map(|entry| RelativePath::new(&String::from_utf8_lossy(&entry.path)).into_string())
        .collect())
}
