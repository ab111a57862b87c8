//! Enumerates the commits to scan, oldest first, and the unique blobs
//! their trees hold. A tree already walked is not walked again, so an
//! unchanged folder costs one set look-up per commit, and a blob already
//! seen is not recorded again: the first sighting, being the oldest, is
//! where the blob entered history.

use git2::{FileMode, Oid, Repository, Sort};

use super::fast_hash::{Key, OidSet};
use super::graph::Graph;
use crate::error::{Error, Result};
use crate::source::repository::unreadable;
use crate::source::{SkipReason, Skipped};

/// Which commits to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Everything reachable from every ref and from HEAD.
    All,
    /// Everything reachable from one branch, tag or commit.
    Branch(String),
    /// `A..B`: only what the commits reachable from B and not from A
    /// introduce. A single revision is read like `--branch`.
    Range(String),
}

/// One blob to scan, as first seen.
#[derive(Debug, Clone)]
pub struct Unique {
    pub id: Oid,
    pub path: String,
    /// Index into [`History::commits`] of the first commit holding it.
    pub commit: u32,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct History {
    /// The selected commits, oldest first (parents before children).
    pub commits: Vec<Oid>,
    /// The root tree of each of them: later passes need not read the
    /// commits again.
    pub trees: Vec<Oid>,
    pub blobs: Vec<Unique>,
    /// Symbolic links and submodules, once each.
    pub skipped: Vec<Skipped>,
    /// What every walked tree holds.
    pub graph: Graph,
}

/// Walks the selected commits and their trees.
pub fn walk(repo: &Repository, selection: &Selection) -> Result<History> {
    // libgit2 re-hashes every object it reads (collision-detecting SHA-1,
    // a fifth of a history scan); git itself trusts its object store on
    // reads, and so do we. `git fsck` is the tool that checks.
    git2::opts::strict_hash_verification(false);
    // Each tree is read once and each blob once: libgit2's object cache
    // (up to 256 MB per handle) would only hold memory.
    git2::opts::enable_caching(false);
    let (commits, boundary) = commits(repo, selection)?;
    let mut walker = Walker {
        repo,
        history: History::default(),
        path: String::new(),
    };
    // What the range's base already has is not new in the range.
    for tree in boundary {
        walker.tree(tree, None)?;
    }
    for (index, &id) in commits.iter().enumerate() {
        let commit = repo
            .find_commit(id)
            .map_err(|err| unreadable(id, "commit", err))?;
        walker.tree(commit.tree_id(), Some(index as u32))?;
        walker.history.trees.push(commit.tree_id());
    }
    walker.history.commits = commits;
    // Versions of one file are stored as deltas of each other: read them
    // one after another, so each version's base is still in the delta
    // cache (stable, so oldest first within a path).
    walker.history.blobs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(walker.history)
}

/// The commits to scan, oldest first, and for a range the trees of the
/// commits just outside it.
fn commits(repo: &Repository, selection: &Selection) -> Result<(Vec<Oid>, Vec<Oid>)> {
    let mut revwalk = repo
        .revwalk()
        .map_err(|err| Error::git("cannot walk the commits", err))?;
    revwalk
        .set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(|err| Error::git("cannot sort the commits", err))?;
    let mut ranged = false;
    match selection {
        Selection::All => {
            revwalk
                .push_glob("*")
                .map_err(|err| Error::git_fsck("cannot read the refs", err))?;
            // A detached HEAD is reachable from no ref; an unborn one is nothing.
            let _ = revwalk.push_head();
        }
        Selection::Branch(name) => revwalk
            .push(resolve(repo, name)?)
            .map_err(|err| walk_error(name, err))?,
        Selection::Range(spec) => {
            let revspec = repo.revparse(spec).map_err(|source| Error::Unknown {
                problem: format!("{spec} is not a revision range git knows"),
                source,
                advice: Some("write A..B with two existing commits".into()),
            })?;
            if revspec.mode().contains(git2::RevparseMode::MERGE_BASE) {
                return Err(Error::new(format!(
                    "{spec}: symmetric ranges (A...B) are not supported; write A..B"
                )));
            }
            let peel = |object: Option<&git2::Object<'_>>| -> Result<Option<Oid>> {
                object
                    .map(|object| {
                        object
                            .peel_to_commit()
                            .map(|commit| commit.id())
                            .map_err(|source| Error::Unknown {
                                problem: format!("{spec}: {} does not name a commit", object.id()),
                                source,
                                advice: None,
                            })
                    })
                    .transpose()
            };
            let (from, to) = (peel(revspec.from())?, peel(revspec.to())?);
            match (revspec.mode().contains(git2::RevparseMode::RANGE), from, to) {
                (true, Some(from), Some(to)) => {
                    revwalk.push(to).map_err(|err| walk_error(spec, err))?;
                    revwalk.hide(from).map_err(|err| walk_error(spec, err))?;
                    ranged = true;
                }
                (_, Some(single), _) => revwalk.push(single).map_err(|err| walk_error(spec, err))?,
                _ => return Err(Error::new(format!("{spec} names no commit; write A..B"))),
            }
        }
    }
    let commits = revwalk
        .collect::<Result<Vec<Oid>, _>>()
        .map_err(|err| Error::git_fsck("cannot walk the commits", err))?;
    let boundary = if ranged {
        boundary(repo, &commits)?
    } else {
        Vec::new()
    };
    Ok((commits, boundary))
}

/// The trees of the parents of range commits that are not in the range.
fn boundary(repo: &Repository, commits: &[Oid]) -> Result<Vec<Oid>> {
    let inside: OidSet = commits.iter().copied().map(Key).collect();
    let mut trees = Vec::new();
    for &id in commits {
        let commit = repo
            .find_commit(id)
            .map_err(|err| unreadable(id, "commit", err))?;
        for parent in commit
            .parent_ids()
            .filter(|parent| !inside.contains(&Key(*parent)))
        {
            let parent = repo
                .find_commit(parent)
                .map_err(|err| unreadable(parent, "parent commit", err))?;
            trees.push(parent.tree_id());
        }
    }
    Ok(trees)
}

fn resolve(repo: &Repository, name: &str) -> Result<Oid> {
    let object = repo.revparse_single(name).map_err(|source| Error::Unknown {
        problem: format!("no branch, tag or commit named {name}"),
        source,
        advice: Some("list them with `git branch -a` and `git tag`".into()),
    })?;
    object
        .peel_to_commit()
        .map(|commit| commit.id())
        .map_err(|source| Error::Unknown {
            problem: format!("{name} does not name a commit"),
            source,
            advice: None,
        })
}

fn walk_error(name: &str, err: git2::Error) -> Error {
    Error::git_fsck(format!("cannot walk the commits of {name}"), err)
}

struct Walker<'r> {
    repo: &'r Repository,
    history: History,
    /// The folder being walked, with a trailing `/`; reused to save allocations.
    path: String,
}

/// A tree being walked: its entries before `next` are done.
struct Frame<'r> {
    id: Oid,
    tree: git2::Tree<'r>,
    next: usize,
    edges: Vec<u32>,
    /// The length of [`Walker::path`] before this tree's folder was added.
    parent_path: usize,
}

impl<'r> Walker<'r> {
    /// Records the tree's new blobs as first seen in `commit`; with no
    /// commit, only marks them seen. Depth first, with a stack of its
    /// own: a tree can nest folders tens of thousands deep.
    fn tree(&mut self, root: Oid, commit: Option<u32>) -> Result<()> {
        let mut stack = Vec::new();
        if self.history.graph.begin_tree(root).is_none() {
            stack.push(self.open(root, 0)?);
        }
        while let Some(frame) = stack.last_mut() {
            let entry = frame
                .tree
                .get(frame.next)
                .map(|entry| (entry.id(), entry.filemode()));
            let Some((id, mode)) = entry else {
                let done = stack.pop().expect("a frame is on the stack");
                let edge = self.history.graph.end_tree(done.id, &done.edges);
                self.path.truncate(done.parent_path);
                if let Some(parent) = stack.last_mut() {
                    parent.edges.push(edge);
                }
                continue;
            };
            let at = frame.next;
            frame.next += 1;
            // Read only for a new folder (appended to the path in place)
            // or a new file: most entries were walked before.
            let append_name = |path: &mut String, tree: &git2::Tree<'_>| {
                let entry = tree.get(at).expect("the entry just read");
                path.push_str(&String::from_utf8_lossy(entry.name_bytes()));
            };
            if mode == i32::from(FileMode::Tree) {
                // Walked before: only the edge.
                if let Some(edge) = self.history.graph.begin_tree(id) {
                    frame.edges.push(edge);
                    continue;
                }
                let length = self.path.len();
                append_name(&mut self.path, &frame.tree);
                self.path.push('/');
                let child = self.open(id, length)?;
                stack.push(child);
                continue;
            }
            // Gitlinks name commits of another repository: seen once, never read.
            let (edge, fresh) = self.history.graph.blob(id);
            frame.edges.push(edge);
            if !fresh {
                continue;
            }
            let Some(commit) = commit else {
                continue;
            };
            let mut path = self.path.clone();
            append_name(&mut path, &frame.tree);
            let skip = |reason| Skipped {
                path: path.clone(),
                reason,
            };
            if mode == i32::from(FileMode::Commit) {
                self.history.skipped.push(skip(SkipReason::Submodule));
            } else if mode == i32::from(FileMode::Link) {
                self.history.skipped.push(skip(SkipReason::Symlink));
            } else {
                self.history.blobs.push(Unique { id, path, commit });
            }
        }
        Ok(())
    }

    /// Starts walking tree `id`, new to the graph, at [`Walker::path`].
    fn open(&self, id: Oid, parent_path: usize) -> Result<Frame<'r>> {
        let tree = self.repo.find_tree(id).map_err(|err| {
            let place = if self.path.is_empty() {
                "root tree"
            } else {
                &self.path
            };
            unreadable(id, place, err)
        })?;
        Ok(Frame {
            id,
            edges: Vec::with_capacity(tree.len()),
            tree,
            next: 0,
            parent_path,
        })
    }
}
