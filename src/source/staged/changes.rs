//! What the index changes against HEAD, folder by folder. A folder whose
//! cache-tree entry (the index's TREE extension) is valid and names
//! HEAD's tree for it is skipped unread, so a two-file change in a large
//! repository reads only the trees on the two changed paths; where git
//! left the cache-tree invalid, that folder alone is compared entry by
//! entry. The walk keeps a stack of its own: a tree nested thousands of
//! folders deep costs time linear in its depth.

use std::collections::HashMap;
use std::ops::Range;

use git2::{Oid, Repository};
use gix_index::extension::Tree as CacheTree;

use crate::error::{Error, Result};
use crate::source::index::{Entry, FOLDER};

/// One version of a file: its blob (a link's target, a submodule's
/// commit) and its mode.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Version {
    pub id: Oid,
    pub mode: u32,
}

/// A path whose staged content differs from HEAD's.
#[derive(Debug)]
pub struct Change {
    pub path: String,
    /// What HEAD holds there, when a file.
    pub old: Option<Version>,
    /// What the index stages: nothing (deleted), one version, or during a
    /// conflict its "ours" and "theirs" versions (stages 2 and 3).
    pub new: Vec<Version>,
    pub unmerged: bool,
}

/// A folder to compare: its index entries, HEAD's tree and the cache-tree
/// entry for it.
struct Folder<'c> {
    /// The length of the folder's path with its `/` (0 at the root): a
    /// prefix of each of its entries' paths, so no path is copied per level.
    prefix: usize,
    entries: Range<usize>,
    head: Option<Oid>,
    cache: Option<&'c CacheTree>,
}

/// Every change of `entries` (the whole index, sorted) against `head`.
pub fn changes(
    repo: &Repository,
    entries: &[Entry<'_>],
    cache: Option<&CacheTree>,
    head: Option<Oid>,
) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    let mut stack = vec![Folder {
        prefix: 0,
        entries: 0..entries.len(),
        head,
        cache,
    }];
    while let Some(folder) = stack.pop() {
        if let (Some(cache), Some(head)) = (folder.cache, folder.head) {
            if cache.num_entries.is_some() && cache.id.as_bytes() == head.as_bytes() {
                continue;
            }
        }
        let mut in_head = match folder.head {
            Some(tree) => tree_entries(repo, tree)?,
            None => HashMap::new(),
        };
        let mut at = folder.entries.start;
        while at < folder.entries.end {
            let entry = entries[at];
            let rest = &entry.path[folder.prefix..];
            let group = &entries[at..folder.entries.end];
            match memchr::memchr(b'/', rest) {
                // A sparse folder (`dir/`): HEAD's tree there, unchanged.
                Some(slash) if slash + 1 == rest.len() && entry.is_sparse_folder() => {
                    in_head.remove(&rest[..slash]);
                    at += 1;
                }
                Some(slash) => {
                    let inner = &entry.path[..folder.prefix + slash + 1];
                    // The folder's entries all share its path: compare past it.
                    let end =
                        at + group.partition_point(|e| e.path[folder.prefix..].starts_with(&rest[..=slash]));
                    let name = &rest[..slash];
                    let head = match in_head.remove(name) {
                        Some(tree) if tree.mode == FOLDER => Some(tree.id),
                        // A file became a folder.
                        Some(file) => {
                            changes.push(deleted(&entry.path[..inner.len() - 1], file));
                            None
                        }
                        None => None,
                    };
                    let cache = folder.cache.and_then(|cache| {
                        let at = cache
                            .children
                            .binary_search_by(|child| child.name.as_slice().cmp(name));
                        at.ok().map(|at| &cache.children[at])
                    });
                    stack.push(Folder {
                        prefix: inner.len(),
                        entries: at..end,
                        head,
                        cache,
                    });
                    at = end;
                }
                None => {
                    let end = at + group.partition_point(|e| &e.path[folder.prefix..] == rest);
                    let old = match in_head.remove(rest) {
                        // A folder became a file.
                        Some(tree) if tree.mode == FOLDER => {
                            deleted_tree(repo, tree.id, entry.path, &mut changes)?;
                            None
                        }
                        old => old,
                    };
                    changes.extend(change(&entries[at..end], old));
                    at = end;
                }
            }
        }
        // What HEAD has and the index does not: deleted.
        let prefix = entries
            .get(folder.entries.start)
            .map_or(&b""[..], |entry| &entry.path[..folder.prefix]);
        for (name, version) in in_head {
            let path = [prefix, &name].concat();
            match version.mode {
                FOLDER => deleted_tree(repo, version.id, &path, &mut changes)?,
                _ => changes.push(deleted(&path, version)),
            }
        }
    }
    Ok(changes)
}

/// The change one path's entries (one, or a conflict's stages) make to
/// HEAD's version of it, if any.
fn change(stages: &[Entry<'_>], old: Option<Version>) -> Option<Change> {
    let path = path_string(stages[0].path);
    match stages {
        // `git add -N`: the path is known, none of its content is staged.
        [entry] if entry.intent_to_add => None,
        [entry] if entry.stage == 0 => {
            let new = Version {
                id: entry.id,
                mode: entry.mode,
            };
            (old != Some(new)).then_some(Change {
                path,
                old,
                new: vec![new],
                unmerged: false,
            })
        }
        _ => {
            let mut new: Vec<Version> = stages
                .iter()
                .filter(|entry| entry.stage >= 2)
                .map(|entry| Version {
                    id: entry.id,
                    mode: entry.mode,
                })
                .collect();
            new.dedup();
            Some(Change {
                path,
                old,
                new,
                unmerged: true,
            })
        }
    }
}

fn deleted(path: &[u8], old: Version) -> Change {
    Change {
        path: path_string(path),
        old: Some(old),
        new: Vec::new(),
        unmerged: false,
    }
}

/// Every file under a tree HEAD has and the index does not, as deleted.
fn deleted_tree(repo: &Repository, tree: Oid, path: &[u8], changes: &mut Vec<Change>) -> Result<()> {
    tree_files(repo, tree, path, &mut |path, version| {
        changes.push(deleted(path, version))
    })
}

/// Calls `found` with the path and version of every file under `tree`
/// (whose own path is `path`). Depth first with a stack of its own and
/// one path buffer, so each level's name is copied once, not once per file.
pub fn tree_files(
    repo: &Repository,
    tree: Oid,
    path: &[u8],
    found: &mut dyn FnMut(&[u8], Version),
) -> Result<()> {
    let mut buffer = Vec::new();
    // A folder to list: its tree, the length of its parent's path in
    // `buffer` (still there when it is popped: depth first), its name.
    let mut stack = vec![(tree, 0, path.to_vec())];
    while let Some((tree, parent, name)) = stack.pop() {
        buffer.truncate(parent);
        join(&mut buffer, &name);
        let length = buffer.len();
        for (name, version) in tree_entries(repo, tree)? {
            match version.mode {
                FOLDER => stack.push((version.id, length, name)),
                _ => {
                    join(&mut buffer, &name);
                    found(&buffer, version);
                    buffer.truncate(length);
                }
            }
        }
    }
    Ok(())
}

fn join(path: &mut Vec<u8>, name: &[u8]) {
    if !path.is_empty() {
        path.push(b'/');
    }
    path.extend_from_slice(name);
}

/// A tree's entries by name.
fn tree_entries(repo: &Repository, id: Oid) -> Result<HashMap<Vec<u8>, Version>> {
    let tree = repo
        .find_tree(id)
        .map_err(|err| Error::git_fsck(format!("cannot read tree {id} of HEAD"), err))?;
    Ok(tree
        .iter()
        .map(|entry| {
            let version = Version {
                id: entry.id(),
                mode: entry.filemode() as u32,
            };
            (entry.name_bytes().to_vec(), version)
        })
        .collect())
}

/// An index path as keyward names files.
pub fn path_string(path: &[u8]) -> String {
    crate::source::RelativePath::new(&String::from_utf8_lossy(path)).into_string()
}
