//! A read-only view of a whole tree, for analysers that must read files
//! beyond the one being scanned (a production settings module and the
//! `base.py` it star-imports). The index, a commit's tree and a folder on
//! disk each provide one, so the analysis sees the same version of every
//! file as the scan.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use git2::{Repository, Tree};

use super::modules::ModuleIndex;
use crate::finding::Text;

pub trait Workspace {
    /// The tree's paths, with their indexes.
    fn listed(&self) -> &Paths;
    /// A file's content, or `None` when the tree does not hold it (or it
    /// cannot be read: analysis then works with what it has).
    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>>;
    /// The blob that holds `path`, in a workspace read from git: it names
    /// the file's content, so an analysis can remember what it found in
    /// the file by it. `None` on disk and for a path the tree lacks.
    fn blob(&self, _path: &str) -> Option<git2::Oid> {
        None
    }

    /// Every file path in the tree, repository-relative with `/`, sorted.
    fn paths(&self) -> &[String] {
        &self.listed().list
    }
    /// The file of a dotted Python module name among [`Workspace::paths`].
    fn module(&self, dotted: &str) -> Option<&String> {
        self.listed().module(dotted)
    }
    /// The paths that contain `needle`, sorted. History asks the same
    /// of every commit it analyses, over every path its history holds:
    /// the answer is kept.
    fn containing(&self, needle: &'static str) -> Vec<&String> {
        self.listed().containing(needle)
    }
    /// Those of `wanted` among [`Workspace::paths`], sorted: a look-up
    /// each, where history's workspaces list every path the history holds.
    fn present(&self, wanted: &BTreeSet<String>) -> Vec<&String> {
        let paths = self.paths();
        wanted
            .iter()
            .filter_map(|path| paths.binary_search(path).ok().map(|at| &paths[at]))
            .collect()
    }
}

/// Sorted paths, and the Python modules among them, indexed on first use.
pub struct Paths {
    list: Vec<String>,
    modules: OnceLock<ModuleIndex>,
    /// [`Paths::containing`]: by needle, where in `list` it occurs.
    containing: Mutex<HashMap<&'static str, Arc<[usize]>>>,
}

impl Paths {
    /// `list` must be sorted.
    pub fn new(list: Vec<String>) -> Self {
        Paths {
            list,
            modules: OnceLock::new(),
            containing: Mutex::default(),
        }
    }

    fn containing(&self, needle: &'static str) -> Vec<&String> {
        let found = self
            .containing
            .lock()
            .expect("no lock holder panics")
            .entry(needle)
            .or_insert_with(|| {
                let finder = memchr::memmem::Finder::new(needle);
                (0..self.list.len())
                    .filter(|&at| finder.find(self.list[at].as_bytes()).is_some())
                    .collect()
            })
            .clone();
        found.iter().map(|&at| &self.list[at]).collect()
    }

    fn module(&self, dotted: &str) -> Option<&String> {
        self.modules
            .get_or_init(|| ModuleIndex::new(&self.list))
            .find(&self.list, dotted)
    }
}

/// Sorted paths, each with where its content is found.
struct Listing<T> {
    paths: Paths,
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
        Listing {
            paths: Paths::new(paths),
            places,
        }
    }

    fn get(&self, path: &str) -> Option<&T> {
        let at = self
            .paths
            .list
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
    /// `files`: each regular file of the index and its blob.
    pub fn new(repo: &'r Repository, files: impl IntoIterator<Item = (String, git2::Oid)>) -> Self {
        IndexWorkspace {
            repo,
            listing: Listing::new(files),
        }
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
    fn listed(&self) -> &Paths {
        &self.listing.paths
    }

    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        let blob = self.repo.find_blob(self.blob(path)?).ok()?;
        Some(Cow::Owned(blob.content().to_vec()))
    }

    fn blob(&self, path: &str) -> Option<git2::Oid> {
        self.listing.get(path).copied()
    }
}

/// A commit's tree, listed by the paths of another workspace (reading a
/// path the tree lacks gives `None`), so that no tree has to be walked to
/// be listed.
pub struct TreeWorkspace<'t, 'r> {
    repo: &'r Repository,
    tree: &'t Tree<'r>,
    paths: &'t Paths,
    renamed: &'t BTreeMap<String, String>,
}

impl<'t, 'r> TreeWorkspace<'t, 'r> {
    /// `renamed` maps a listed path to where the tree holds it.
    pub fn new(
        repo: &'r Repository,
        tree: &'t Tree<'r>,
        paths: &'t Paths,
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
    fn listed(&self) -> &Paths {
        self.paths
    }

    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        let blob = self.repo.find_blob(self.blob(path)?).ok()?;
        Some(Cow::Owned(blob.content().to_vec()))
    }

    fn blob(&self, path: &str) -> Option<git2::Oid> {
        let path = self.renamed.get(path).map_or(path, String::as_str);
        let entry = self.tree.get_path(std::path::Path::new(path)).ok()?;
        (entry.kind() == Some(git2::ObjectType::Blob)).then(|| entry.id())
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
    fn listed(&self) -> &Paths {
        &self.listing.paths
    }

    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        std::fs::read(self.listing.get(path)?).ok().map(Cow::Owned)
    }
}

/// Files held in memory: a rule's self-test example (one file, with any
/// files of its project beside it), what was piped to `keyward scan -`,
/// or a fuzz input.
pub struct MemoryFiles {
    paths: Paths,
    texts: Vec<Vec<u8>>,
}

impl MemoryFiles {
    /// The files, in any order; of a path given twice, the first counts.
    pub fn new(mut files: Vec<(String, Vec<u8>)>) -> Self {
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        let (paths, texts) = files.into_iter().unzip();
        MemoryFiles {
            paths: Paths::new(paths),
            texts,
        }
    }

    /// One file, with other files of its project beside it.
    pub fn beside(path: &str, text: &[u8], others: &[(Text, Text)]) -> Self {
        let first = (path.to_string(), text.to_vec());
        let others = others
            .iter()
            .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()));
        MemoryFiles::new(std::iter::once(first).chain(others).collect())
    }
}

impl Workspace for MemoryFiles {
    fn listed(&self) -> &Paths {
        &self.paths
    }

    fn read(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        let at = self
            .paths
            .list
            .binary_search_by(|known| known.as_str().cmp(path))
            .ok()?;
        Some(Cow::Borrowed(&self.texts[at]))
    }
}
