//! Where a blob entered history and how far it spread: the first commit
//! and path come from the walk; the commits and paths that carry the blob
//! take a second pass, done only for blobs with findings, that reads again
//! only the trees the walk's [`Graph`](super::graph::Graph) says hold them.

use std::collections::{BTreeSet, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use git2::{Oid, Repository};

use super::fast_hash::{Key, OidMap, OidSet};
use super::graph::Holding;
use super::walk::History;
use crate::error::{Error, Result};
use crate::source::repository::unreadable;

/// The commit that brought a blob into history, and how far it spread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Position of the commit in the walk, oldest first: smaller is earlier.
    pub order: u32,
    pub commit: Oid,
    /// The blob that holds the finding in that commit.
    pub blob: Oid,
    pub author: String,
    pub email: String,
    /// ISO 8601 with the author's offset, as git records it.
    pub date: String,
    /// Where the blob sits in that commit.
    pub path: String,
    /// Every commit that holds the blob (this one included).
    pub commits: usize,
    /// Every path the blob was seen at (this one included), sorted.
    pub paths: Vec<String>,
}

/// The origins [`origins`] found, by blob.
pub struct Origins(OidMap<Arc<Origin>>);

impl Origins {
    pub fn of(&self, blob: Oid) -> Option<Arc<Origin>> {
        self.0.get(&Key(blob)).cloned()
    }
}

/// The origin of each of the `targets` blobs.
pub fn origins(
    repo: &Repository,
    history: &History,
    targets: impl IntoIterator<Item = Oid>,
) -> Result<Origins> {
    let targets: &OidSet = &targets.into_iter().map(Key).collect();
    let mut origins = OidMap::default();
    if targets.is_empty() {
        return Ok(Origins(origins));
    }
    let mut carriers = carriers(repo, history, targets)?;
    for unique in history
        .blobs
        .iter()
        .filter(|unique| targets.contains(&Key(unique.id)))
    {
        let id = history.commits[unique.commit as usize];
        let commit = repo
            .find_commit(id)
            .map_err(|err| unreadable(id, "commit", err))?;
        let author = commit.author();
        let (commits, paths) = carriers.remove(&Key(unique.id)).unwrap_or_default();
        origins.insert(
            Key(unique.id),
            Arc::new(Origin {
                order: unique.commit,
                commit: id,
                blob: unique.id,
                author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
                date: iso_date(author.when()),
                path: unique.path.clone(),
                commits,
                paths: paths.into_iter().collect(),
            }),
        );
    }
    Ok(Origins(origins))
}

/// The commits that carry a blob, and the paths they carry it at.
type Carried = (usize, BTreeSet<String>);

/// How many commits carry each target blob, and at which paths. The
/// commits are cut into one run per core, read at once, each run with its
/// own handle to the repository: each commit has a root tree of its own to
/// read, and on the Django bench this pass took 0.75 s on one core.
fn carriers(repo: &Repository, history: &History, targets: &OidSet) -> Result<OidMap<Carried>> {
    let holding = &history.graph.holding(targets);
    let size = history.trees.len().div_ceil(rayon::current_num_threads()).max(1);
    let git_dir = repo.path();
    let runs: Vec<Result<OidMap<Carried>>> = std::thread::scope(|scope| {
        let others: Vec<_> = history
            .trees
            .chunks(size)
            .skip(1)
            .map(|roots| {
                scope.spawn(move || {
                    let repo = Repository::open(git_dir)
                        .map_err(|err| Error::git("cannot open the repository a second time", err))?;
                    carried(&repo, roots, targets, holding)
                })
            })
            .collect();
        let first = history.trees.chunks(size).next().unwrap_or_default();
        std::iter::once(carried(repo, first, targets, holding))
            .chain(
                others
                    .into_iter()
                    .map(|other| other.join().expect("provenance does not panic")),
            )
            .collect()
    });
    let mut all: OidMap<Carried> = OidMap::default();
    for run in runs {
        for (blob, (commits, paths)) in run? {
            let entry = all.entry(blob).or_default();
            entry.0 += commits;
            entry.1.extend(paths);
        }
    }
    Ok(all)
}

/// [`carriers`] for the commits whose root trees are `roots`.
fn carried(
    repo: &Repository,
    roots: &[Oid],
    targets: &OidSet,
    holding: &Holding<'_>,
) -> Result<OidMap<Carried>> {
    let mut carriers: OidMap<Carried> = OidMap::default();
    let mut trees = Trees {
        repo,
        targets,
        holding,
        memo: vec![None; holding.trees()],
        empty: Rc::default(),
        names: HashSet::new(),
    };
    for &root in roots {
        let held = trees.held(root)?;
        let mut counted = OidSet::default();
        held.each(|blob, path| {
            let entry = carriers.entry(Key(blob)).or_default();
            if counted.insert(Key(blob)) {
                entry.0 += 1;
            }
            if !entry.1.contains(path) {
                entry.1.insert(path.to_string());
            }
        });
    }
    Ok(carriers)
}

/// The target blobs a tree holds: those it names itself, and the subtrees
/// that hold any. Subtrees are shared, not flattened into each parent, so
/// memory holds each distinct tree's own entries once, however many
/// commits carry it (flattened, every commit's root kept a copy of every
/// target path: about 900 MB on a history full of findings).
#[derive(Default)]
struct Held {
    blobs: Vec<(Oid, Name)>,
    trees: Vec<(Name, Rc<Held>)>,
}

/// An entry's name, shared by every tree version that has it: a history
/// repeats `views.py` and `app0` in thousands of trees.
type Name = Rc<str>;

impl Held {
    fn is_empty(&self) -> bool {
        self.blobs.is_empty() && self.trees.is_empty()
    }

    /// Calls `each` with every target blob under this tree and its path.
    /// Depth first with a stack of its own and one path buffer: trees can
    /// nest folders tens of thousands deep.
    fn each(&self, mut each: impl FnMut(Oid, &str)) {
        let mut path = String::new();
        self.each_blob(&mut path, &mut each);
        // Each frame: a tree, its next subtree, the length of its path.
        let mut stack = vec![(self, 0, 0)];
        while let Some(top) = stack.last_mut() {
            let (tree, next, length) = *top;
            path.truncate(length);
            let Some((name, child)) = tree.trees.get(next) else {
                stack.pop();
                continue;
            };
            top.1 += 1;
            join(&mut path, name);
            child.each_blob(&mut path, &mut each);
            stack.push((child, 0, path.len()));
        }
    }

    /// `each` for the blobs this tree names itself, under `path`.
    fn each_blob(&self, path: &mut String, each: &mut impl FnMut(Oid, &str)) {
        let length = path.len();
        for (blob, name) in &self.blobs {
            join(path, name);
            each(*blob, path);
            path.truncate(length);
        }
    }
}

/// Drops a chain of subtrees with a stack of its own: the default drop
/// recurses once per level, and trees nest tens of thousands deep.
impl Drop for Held {
    fn drop(&mut self) {
        let mut stack: Vec<Rc<Held>> = self.trees.drain(..).map(|(_, tree)| tree).collect();
        while let Some(tree) = stack.pop() {
            // The last owner takes the subtree's children before it goes.
            if let Ok(mut held) = Rc::try_unwrap(tree) {
                stack.extend(held.trees.drain(..).map(|(_, tree)| tree));
            }
        }
    }
}

fn join(path: &mut String, name: &str) {
    if !path.is_empty() {
        path.push('/');
    }
    path.push_str(name);
}

type Shared = Rc<Held>;

/// Which target blobs a tree holds, and at which paths; each tree is read
/// once and remembered.
struct Trees<'a> {
    repo: &'a Repository,
    targets: &'a OidSet,
    holding: &'a Holding<'a>,
    /// What each walked tree holds, by its index, once read.
    memo: Vec<Option<Shared>>,
    empty: Shared,
    names: HashSet<Name>,
}

/// A tree being read: its entries before `next` are done.
struct Frame<'r> {
    /// Its index among the walked trees, if the walk saw it.
    index: Option<usize>,
    tree: git2::Tree<'r>,
    next: usize,
    held: Held,
    /// Its name in the tree that holds it.
    name: Name,
}

impl<'a> Trees<'a> {
    /// Depth first, with a stack of its own.
    fn held(&mut self, root: Oid) -> Result<Shared> {
        let (index, known) = self.known(root);
        if let Some(known) = known {
            return Ok(known);
        }
        let mut stack = vec![self.open(root, index, Name::from(""))?];
        loop {
            let frame = stack.last_mut().expect("a frame is on the stack");
            let Some((id, mode)) = frame
                .tree
                .get(frame.next)
                .map(|entry| (entry.id(), entry.filemode()))
            else {
                let mut done = stack.pop().expect("a frame is on the stack");
                let held = match done.held.is_empty() {
                    true => self.empty.clone(),
                    false => {
                        done.held.blobs.shrink_to_fit();
                        done.held.trees.shrink_to_fit();
                        Rc::new(std::mem::take(&mut done.held))
                    }
                };
                if let Some(index) = done.index {
                    self.memo[index] = Some(held.clone());
                }
                match stack.last_mut() {
                    Some(parent) if !held.is_empty() => parent.held.trees.push((done.name, held)),
                    Some(_) => {}
                    None => return Ok(held),
                }
                continue;
            };
            let at = frame.next;
            frame.next += 1;
            // A blob is kept when it is a target; a subtree when it may hold one.
            let subtree = (mode == i32::from(git2::FileMode::Tree)).then(|| self.known(id));
            let kept = match &subtree {
                None => self.targets.contains(&Key(id)),
                Some((_, known)) => known.as_ref().is_none_or(|known| !known.is_empty()),
            };
            if !kept {
                continue;
            }
            let name = self.name(&frame.tree, at);
            match subtree {
                None => frame.held.blobs.push((id, name)),
                Some((_, Some(known))) => frame.held.trees.push((name, known)),
                Some((index, None)) => {
                    let child = self.open(id, index, name)?;
                    stack.push(child);
                }
            }
        }
    }

    /// The name of entry `at` of `tree`, shared.
    fn name(&mut self, tree: &git2::Tree<'_>, at: usize) -> Name {
        let entry = tree.get(at).expect("the entry was just read");
        let name = String::from_utf8_lossy(entry.name_bytes());
        if let Some(known) = self.names.get(name.as_ref()) {
            return known.clone();
        }
        let name: Name = Name::from(name.as_ref());
        self.names.insert(name.clone());
        name
    }

    /// What a tree holds without reading it (nothing, or what it held
    /// before), and its index to remember it by once read; a tree the walk
    /// did not see is read each time.
    fn known(&self, id: Oid) -> (Option<usize>, Option<Shared>) {
        match self.holding.tree(id) {
            Some((_, false)) => (None, Some(self.empty.clone())),
            Some((index, true)) => (Some(index), self.memo[index].clone()),
            None => (None, None),
        }
    }

    fn open(&self, id: Oid, index: Option<usize>, name: Name) -> Result<Frame<'a>> {
        let tree = self
            .repo
            .find_tree(id)
            .map_err(|err| unreadable(id, "tree", err))?;
        Ok(Frame {
            index,
            tree,
            next: 0,
            held: Held::default(),
            name,
        })
    }
}

/// `2024-05-01T12:00:00+02:00`, in the author's own offset.
fn iso_date(when: git2::Time) -> String {
    let offset = jiff::tz::Offset::from_seconds(when.offset_minutes() * 60).unwrap_or(jiff::tz::Offset::UTC);
    match jiff::Timestamp::from_second(when.seconds()) {
        Ok(time) => time.display_with_offset(offset).to_string(),
        Err(_) => when.seconds().to_string(), // Beyond year 9999: git allows it.
    }
}

#[cfg(test)]
mod tests {
    use super::iso_date;

    #[test]
    fn dates_keep_the_authors_offset() {
        assert_eq!(iso_date(git2::Time::new(0, 0)), "1970-01-01T00:00:00+00:00");
        assert_eq!(
            iso_date(git2::Time::new(1_714_564_800, 120)),
            "2024-05-01T14:00:00+02:00"
        );
        assert_eq!(
            iso_date(git2::Time::new(951_782_400, -330)),
            "2000-02-28T18:30:00-05:30"
        );
    }
}
