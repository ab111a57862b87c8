//! What is staged: the blobs in the index that differ from HEAD, never
//! read from the working tree. The index is read by [`super::index`] (any
//! format git writes: split, sparse), compared with HEAD by [`changes`]
//! (only the folders whose cache-tree says they changed) and paired into
//! renames by [`renames`]; blobs and their diffs come through libgit2.
//! With no HEAD yet every staged line is new.

mod changes;
mod renames;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use git2::{Oid, Patch, Repository, Tree};

use self::changes::{path_string, Change, Version};
use super::index::{IndexFile, GITLINK, LINK};
use super::relative::Base;
use super::repository::{blob_size, unreadable};
use super::workspace::IndexWorkspace;
use super::{AddedLines, Loaded, SkipReason};
use crate::error::{Error, Result};

/// The index about to be committed, and the HEAD it is compared with.
pub struct Staged<'r> {
    pub repo: &'r Repository,
    pub index: IndexFile,
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
    /// Paths with a conflict not yet resolved, whose "ours" and "theirs"
    /// versions were both loaded (as two blobs of the same path).
    pub unmerged: Vec<String>,
}

impl<'r> Staged<'r> {
    /// `None` for a bare repository, which has no index.
    pub fn open(repo: &'r Repository) -> Result<Option<Staged<'r>>> {
        if repo.is_bare() {
            return Ok(None);
        }
        let index = IndexFile::open(repo)?;
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
        // The root (`keyward scan --staged .` there) names the whole change.
        let only = only.filter(|paths| !paths.iter().any(String::is_empty));
        let repo = self.repo;
        let entries = self.index.entries();
        let mut changes = changes::changes(
            repo,
            &entries,
            self.index.cache_tree(),
            self.head.as_ref().map(Tree::id),
        )?;
        if let Some(paths) = only {
            let named: HashSet<&str> = paths.iter().map(String::as_str).collect();
            changes.retain(|change| is_named(&named, &change.path));
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        let renamed = renames::pair(repo, &mut changes, max_size)?;

        let odb = repo
            .odb()
            .map_err(|err| Error::git("cannot open the object database", err))?;
        let mut loaded = Vec::new();
        let mut unmerged = Vec::new();
        for change in &changes {
            if change.unmerged {
                unmerged.push(change.path.clone());
            }
            for &new in &change.new {
                let Some(oid) = blob_to_read(&change.path, new, &odb, max_size, &mut loaded)? else {
                    continue;
                };
                loaded.push(load_changed(repo, change, oid)?);
            }
        }
        let mut seen: BTreeSet<String> = changes.into_iter().map(|change| change.path).collect();

        let mut unmatched = Vec::new();
        let mut files = None;
        for path in only.unwrap_or_default() {
            if seen.contains(path) {
                continue;
            }
            let entry = match self.index.get(path) {
                Some(entry) => Some(Version {
                    id: entry.id,
                    mode: entry.mode,
                }),
                // Under a sparse folder, a file is HEAD's.
                None if self.index.is_sparse() => {
                    let files = match &mut files {
                        Some(files) => files,
                        None => files.insert(file_map(repo, &self.index)?),
                    };
                    files.get(path.as_str()).copied()
                }
                None => None,
            };
            let Some(entry) = entry else {
                // Deleted, never added, or a folder.
                let folder = format!("{path}/");
                let in_folder = |name: &[u8]| name.starts_with(folder.as_bytes());
                if !seen.iter().any(|seen| in_folder(seen.as_bytes()))
                    && !entries.iter().any(|entry| in_folder(entry.path))
                {
                    unmatched.push(path.clone());
                }
                continue;
            };
            let Some(oid) = blob_to_read(path, entry, &odb, max_size, &mut loaded)? else {
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
            unmerged,
        })
    }

    /// The whole index, for analysers that read more than the changed files.
    pub fn workspace(&self) -> Result<IndexWorkspace<'r>> {
        let files = index_files(self.repo, &self.index)?
            .into_iter()
            .filter(|(_, version, _)| version.mode & 0o170000 == 0o100000)
            .map(|(path, version, _)| (path, version.id));
        Ok(IndexWorkspace::new(self.repo, files))
    }
}

/// Whether a changed path is one of the named paths, or inside a named folder.
fn is_named(named: &HashSet<&str>, path: &str) -> bool {
    named.contains(path)
        || memchr::memchr_iter(b'/', path.as_bytes()).any(|slash| named.contains(&path[..slash]))
}

/// A changed file's staged version, with the lines it adds to HEAD's
/// (or to the file it was renamed from).
fn load_changed(repo: &Repository, change: &Change, oid: Oid) -> Result<Loaded> {
    let path = &change.path;
    let new = read_blob(repo, oid, path)?;
    let old = match change.old {
        Some(old) if old.mode & 0o170000 == 0o100000 => read_blob(repo, old.id, path)?,
        _ => Vec::new(),
    };
    // UTF-16 and UTF-32 are binary to git: diff the decoded texts.
    let new = super::encoding::decode(&new).unwrap_or(new);
    let old = super::encoding::decode(&old).unwrap_or(old);
    if super::looks_binary(&new) {
        return Ok(Loaded::skip(path.clone(), SkipReason::Binary));
    }
    let added = added_between(&old, &new).map_err(|err| Error::git(format!("cannot diff {path}"), err))?;
    Ok(Loaded::Blob(super::Blob {
        path: path.clone(),
        bytes: new,
        added_lines: added,
        object: None,
    }))
}

/// Every file the index holds, with its stage: a sparse folder stands
/// for every file of its tree (HEAD's, outside the sparse-checkout cone).
fn index_files(repo: &Repository, index: &IndexFile) -> Result<Vec<(String, Version, u32)>> {
    let entries = index.entries();
    let mut files = Vec::with_capacity(entries.len());
    for entry in entries {
        let version = Version {
            id: entry.id,
            mode: entry.mode,
        };
        if entry.is_sparse_folder() {
            let folder = entry.path.strip_suffix(b"/").unwrap_or(entry.path);
            changes::tree_files(repo, entry.id, folder, &mut |path, version| {
                files.push((path_string(path), version, 0));
            })?;
        } else {
            files.push((path_string(entry.path), version, entry.stage));
        }
    }
    Ok(files)
}

/// The merged files of the index by path.
fn file_map(repo: &Repository, index: &IndexFile) -> Result<HashMap<String, Version>> {
    Ok(index_files(repo, index)?
        .into_iter()
        .filter(|(_, _, stage)| *stage == 0)
        .map(|(path, version, _)| (path, version))
        .collect())
}

/// Decides from the entry alone whether its blob is worth reading; pushes
/// a skip note when it is not.
fn blob_to_read(
    path: &str,
    version: Version,
    odb: &git2::Odb<'_>,
    max_size: u64,
    loaded: &mut Vec<Loaded>,
) -> Result<Option<Oid>> {
    let reason = match version.mode {
        LINK => Some(SkipReason::Symlink),
        GITLINK => Some(SkipReason::Submodule),
        _ => {
            let size = blob_size(odb, version.id, path)?;
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
        None => Ok(Some(version.id)),
    }
}

fn read_blob(repo: &Repository, oid: Oid, path: &str) -> Result<Vec<u8>> {
    let blob = repo.find_blob(oid).map_err(|err| unreadable(oid, path, err))?;
    Ok(blob.content().to_vec())
}

/// The lines `new` adds to `old`, diffed as git would (the decoded text of
/// a UTF-16 file, which git itself diffs as binary).
pub fn added_between(old: &[u8], new: &[u8]) -> std::result::Result<Option<AddedLines>, git2::Error> {
    let patch = Patch::from_buffers(old, None, new, None, None)?;
    Ok(added_lines(&patch))
}

/// The new-side line numbers of the lines a patch adds, or `None` (every
/// line counts) when git has no lines to compare: a side it takes for
/// binary (a binary file replaced by text) would otherwise make every
/// line of the new text look old.
fn added_lines(patch: &Patch<'_>) -> Option<AddedLines> {
    if patch.delta().flags().is_binary() {
        return None;
    }
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

/// The staged content of one repository-relative path, if `index` holds
/// it (how a staged scan reads its configuration).
pub fn staged_file(repo: &Repository, index: &IndexFile, path: &str) -> Result<Option<Vec<u8>>> {
    match index.get(path) {
        Some(entry) if entry.mode == LINK => Err(Error::new(format!(
            "{path} is staged as a symbolic link; keyward reads only a regular file: stage the file itself, or name it with --config"
        ))),
        Some(entry) => read_blob(repo, entry.id, path).map(Some),
        None => Ok(None),
    }
}

impl Staged<'_> {
    /// Every path in the index (what `keyward baseline` scans whole).
    pub fn paths(&self) -> Result<Vec<String>> {
        let mut paths: Vec<String> = file_map(self.repo, &self.index)?.into_keys().collect();
        paths.sort_unstable();
        Ok(paths)
    }
}
