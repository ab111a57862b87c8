//! Reads the unique blobs on every core. A `git2::Repository` must not be
//! shared between threads, so each worker thread opens its own handle once
//! and keeps it for the whole scan.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use git2::Repository;
use rayon::prelude::*;

use super::walk::Unique;
use crate::error::{git_message, Error, Result};
use crate::source::repository::{blob_size, unreadable};
use crate::source::{Loaded, SkipReason};

thread_local! {
    /// This thread's handle, and the repository it is for.
    static HANDLE: RefCell<Option<(PathBuf, Repository)>> = const { RefCell::new(None) };
}

/// Each blob, read on some worker thread, as it is needed: nothing is
/// collected, so memory holds the blobs being scanned, not the history.
/// Blobs go in path order, oldest version first, and each thread takes a
/// run of them: a file's versions meet on one thread one after another,
/// where a parse can start from the version before (`Module::parse_version`).
pub fn read<'a>(
    git_dir: &'a Path,
    blobs: &'a [Unique],
    max_size: u64,
) -> impl IndexedParallelIterator<Item = Result<Loaded>> + 'a {
    let mut by_path: Vec<&Unique> = blobs.iter().collect();
    by_path.sort_by(|a, b| a.path.cmp(&b.path));
    by_path
        .into_par_iter()
        .map(move |unique| with_repository(git_dir, |repo| load(repo, unique, max_size)))
}

/// One blob; one that cannot be read is skipped with its reason, so the
/// scan goes on and the pipeline decides what the gaps mean.
fn load(repo: &Repository, unique: &Unique, max_size: u64) -> Result<Loaded> {
    match read_blob(repo, unique, max_size) {
        Err(Error::Object { id, source, .. }) => Ok(Loaded::skip(
            unique.path.clone(),
            SkipReason::Unreadable {
                id,
                missing: source.code() == git2::ErrorCode::NotFound,
                why: git_message(&source),
            },
        )),
        other => other,
    }
}

fn read_blob(repo: &Repository, unique: &Unique, max_size: u64) -> Result<Loaded> {
    let odb = repo
        .odb()
        .map_err(|err| Error::git("cannot open the object database", err))?;
    let size = blob_size(&odb, unique.id, &unique.path)?;
    if size > max_size {
        let reason = SkipReason::TooLarge {
            size,
            limit: max_size,
        };
        return Ok(Loaded::skip(unique.path.clone(), reason));
    }
    let object = odb
        .read(unique.id)
        .map_err(|err| unreadable(unique.id, &unique.path, err))?;
    Ok(Loaded::admit(unique.path.clone(), object.data().to_vec(), None).with_object(unique.id))
}

fn with_repository<T>(git_dir: &Path, work: impl FnOnce(&Repository) -> Result<T>) -> Result<T> {
    HANDLE.with(|handle| {
        let mut handle = handle.borrow_mut();
        if let Some((dir, repo)) = handle.as_ref() {
            if dir == git_dir {
                return work(repo);
            }
        }
        let repo = Repository::open(git_dir)
            .map_err(|err| Error::git(format!("cannot open {}", git_dir.display()), err))?;
        let result = work(&repo);
        *handle = Some((git_dir.to_path_buf(), repo));
        result
    })
}
