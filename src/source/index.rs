//! The index file, read through gitoxide's reader: libgit2 reads neither a
//! split index (`core.splitIndex`, whose entries live partly in a shared
//! index) nor a sparse one (`index.sparse`, where a whole folder outside
//! the sparse-checkout cone is one entry naming its tree). Objects are
//! still read through libgit2.
//!
//! Honours `GIT_INDEX_FILE`, which git sets for hooks during
//! `git commit -a` and `git commit PATH`.

use std::path::{Path, PathBuf};

use git2::{Oid, Repository};
use gix_index::entry::{Flags, Mode, Stage};
use gix_index::extension::Tree as CacheTree;

use crate::error::{Error, Result};

pub const LINK: u32 = 0o120000;
pub const GITLINK: u32 = 0o160000;
pub const FOLDER: u32 = 0o040000;

pub struct IndexFile {
    state: gix_index::File,
}

/// One entry, as the comparison with HEAD needs it.
#[derive(Clone, Copy)]
pub struct Entry<'i> {
    /// Repository-relative, `/`-separated; a sparse folder's ends with `/`.
    pub path: &'i [u8],
    pub id: Oid,
    pub mode: u32,
    /// 0 when merged; 1 (base), 2 (ours) or 3 (theirs) during a conflict.
    pub stage: u32,
    /// `git add -N`: the path is known, its content not staged yet.
    pub intent_to_add: bool,
}

impl Entry<'_> {
    /// A folder outside the sparse-checkout cone: by definition what HEAD has there.
    pub fn is_sparse_folder(&self) -> bool {
        self.mode == FOLDER
    }
}

impl IndexFile {
    /// The index that the next commit will hold. A repository without one
    /// yet (nothing ever staged) has an empty index.
    pub fn open(repo: &Repository) -> Result<IndexFile> {
        let (path, what) = match std::env::var_os("GIT_INDEX_FILE") {
            Some(file) => {
                let path = PathBuf::from(file);
                let what = format!("the index named by GIT_INDEX_FILE ({})", path.display());
                (path, what)
            }
            None => (
                repo.path().join("index"),
                format!("the index of {}", repo.path().display()),
            ),
        };
        let state = if path.exists() {
            read(&path).map_err(|cause| Error::new(format!("cannot read {what}: {cause}")))?
        } else {
            gix_index::File::from_state(gix_index::State::new(gix_index::hash::Kind::Sha1), path)
        };
        Ok(IndexFile { state })
    }

    /// Every entry, sorted by path then stage.
    pub fn entries(&self) -> Vec<Entry<'_>> {
        self.state
            .entries()
            .iter()
            .map(|entry| Entry {
                path: entry.path(&self.state),
                id: Oid::from_bytes(entry.id.as_bytes()).expect("a SHA-1 object id"),
                mode: entry.mode.bits(),
                stage: entry.flags.stage_raw(),
                intent_to_add: entry.flags.contains(Flags::INTENT_TO_ADD),
            })
            .collect()
    }

    /// The merged (stage 0) entry of one path.
    pub fn get(&self, path: &str) -> Option<Entry<'_>> {
        let at = self
            .state
            .entry_index_by_path_and_stage(path.as_bytes().into(), Stage::Unconflicted)?;
        let entry = &self.state.entries()[at];
        (entry.mode != Mode::DIR).then(|| Entry {
            path: entry.path(&self.state),
            id: Oid::from_bytes(entry.id.as_bytes()).expect("a SHA-1 object id"),
            mode: entry.mode.bits(),
            stage: 0,
            intent_to_add: entry.flags.contains(Flags::INTENT_TO_ADD),
        })
    }

    /// Whether some folders are single entries (see [`Entry::is_sparse_folder`]).
    pub fn is_sparse(&self) -> bool {
        self.state.is_sparse()
    }

    /// The cache-tree extension: the tree id of each folder as last
    /// written, where git has not invalidated it since.
    pub fn cache_tree(&self) -> Option<&CacheTree> {
        self.state.tree()
    }
}

/// Reads an index, and the shared index a split index links to; says in
/// git's terms why one cannot be read.
fn read(path: &Path) -> std::result::Result<gix_index::File, String> {
    // One thread: an index is read in a few milliseconds, a thread costs more.
    let options = gix_index::decode::Options {
        thread_limit: Some(1),
        ..Default::default()
    };
    // Like git, no checksum over the whole file (a fifth of a hook's time
    // in a 5,000-file repository); a damaged file still fails to decode.
    let skip_hash = true;
    let rebuild = "`git read-tree HEAD` rebuilds it from HEAD (staged changes are lost)";
    gix_index::File::at(path, gix_index::hash::Kind::Sha1, skip_hash, options).map_err(|err| match err {
        // The index itself exists: what is missing is the shared index it links to.
        gix_index::file::init::Error::Io(err) if err.kind() == std::io::ErrorKind::NotFound => {
            format!("it is a split index (core.splitIndex) and its shared index is missing ({err}); {rebuild}")
        }
        gix_index::file::init::Error::Io(err) => err.to_string(),
        gix_index::file::init::Error::LinkExtension(err) => {
            format!("it is a split index (core.splitIndex) and its shared index cannot be read ({err}); {rebuild}")
        }
        // gitoxide's reader misreads an entry whose path is 4,095 bytes or
        // longer; libgit2 reads those (and no split or sparse index).
        err if git2::Index::open(path).is_ok() => format!(
            "keyward's index reader cannot decode it, though git can ({err}); a path of 4,095 bytes or more is the known cause"
        ),
        err => format!(
            "the index file is damaged or truncated ({err}); `git status` shows what git makes of it, and {rebuild}"
        ),
    })
}
