//! A read-only view of a whole tree, for analysers that must read files
//! beyond the one being scanned (a production settings module and the
//! `base.py` it star-imports). The index, a commit's tree and a folder on
//! disk each provide one, so the analysis sees the same version of every
//! file as the scan.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use git2::{Index, Repository, Tree};

pub trait Workspace {
    /// Every file path in the tree, repository-relative with `/`, sorted.
    fn paths(&self) -> &[String];
    /// A file's content, or `None` when the tree does not hold it (or it
    /// cannot be read: analysis then works with what it has).
    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>>;
}

/// Sorted paths, each with where its content is found.
struct Listing<T> {
    paths: Vec<String>,
    places: Vec<T>,
}

impl<T> Listing<T> {
    fn new(entries: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut entries: Vec<(String, T)> = entries.into_iter().collect();
        // A path listed twice (conflict stages in the index): the last wins.
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        let (paths, places) = entries.into_iter().unzip();
        Listing { paths, places }
    }

    fn get(&self, path: &str) -> Option<&T> {
        let at = self
            .paths
            .binary_search_by(|known| known.as_str().cmp(path))
            .ok()?;
        Some(&self.places[at])
    }
}

/// What the index holds: what the commit will contain.
pub struct IndexWorkspace<'r> {
    repo: &'r Repository,
    listing: Listing<git2::Oid>,
}

impl<'r> IndexWorkspace<'r> {
    pub fn new(repo: &'r Repository, index: &Index) -> Self {
        let listing = Listing::new(
            index
                .iter()
                .filter(|entry| entry.mode & 0o170000 == 0o100000)
                .map(|entry| (String::from_utf8_lossy(&entry.path).into_owned(), entry.id)),
        );
        IndexWorkspace { repo, listing }
    }

    /// The same paths, read from another tree (HEAD), to tell new findings
    /// from old ones; a renamed file is read at its old path.
    pub fn with_tree<'t>(
        &'t self,
        tree: &'t Tree<'r>,
        renamed: &'t BTreeMap<String, String>,
    ) -> TreeWorkspace<'t, 'r> {
        TreeWorkspace::new(self.repo, tree, &self.listing.paths, renamed)
    }
}

impl Workspace for IndexWorkspace<'_> {
    fn paths(&self) -> &[String] {
        &self.listing.paths
    }

    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        let oid = self.listing.get(path)?;
        let blob = self.repo.find_blob(*oid).ok()?;
        Some(Cow::Owned(blob.content().to_vec()))
    }
}

/// A commit's tree, listed by the paths of another workspace (reading a
/// path the tree lacks gives `None`), so that no tree has to be walked to
/// be listed.
pub struct TreeWorkspace<'t, 'r> {
    repo: &'r Repository,
    tree: &'t Tree<'r>,
    paths: &'t [String],
    renamed: &'t BTreeMap<String, String>,
}

impl<'t, 'r> TreeWorkspace<'t, 'r> {
    /// `paths` must be sorted; `renamed` maps a listed path to where the tree holds it.
    pub fn new(
        repo: &'r Repository,
        tree: &'t Tree<'r>,
        paths: &'t [String],
        renamed: &'t BTreeMap<String, String>,
    ) -> Self {
        TreeWorkspace {
            repo,
            tree,
            paths,
            renamed,
        }
    }
}

impl Workspace for TreeWorkspace<'_, '_> {
    fn paths(&self) -> &[String] {
        self.paths
    }

    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        let path = self.renamed.get(path).map_or(path, String::as_str);
        let entry = self.tree.get_path(std::path::Path::new(path)).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        Some(Cow::Owned(blob.content().to_vec()))
    }
}

/// Files on disk, as a folder walk found them.
pub struct DiskWorkspace {
    listing: Listing<PathBuf>,
}

impl DiskWorkspace {
    /// `files` maps each display path to where it lives on disk.
    pub fn new(files: impl IntoIterator<Item = (String, PathBuf)>) -> Self {
        DiskWorkspace {
            listing: Listing::new(files),
        }
    }
}

impl Workspace for DiskWorkspace {
    fn paths(&self) -> &[String] {
        &self.listing.paths
    }

    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        std::fs::read(self.listing.get(path)?).ok().map(Cow::Owned)
    }
}

/// A single file: a rule's self-test example, or what was piped to
/// `keyward scan -`.
pub struct SingleFile {
    paths: Vec<String>,
    text: Vec<u8>,
}

impl SingleFile {
    pub fn new(path: &str, text: &[u8]) -> Self {
        SingleFile {
            paths: vec![path.to_string()],
            text: text.to_vec(),
        }
    }
}

impl Workspace for SingleFile {
    fn paths(&self) -> &[String] {
        &self.paths
    }

    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        (path == self.paths[0]).then_some(Cow::Borrowed(&self.text))
    }
}
