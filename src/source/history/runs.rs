//! Work over a history's commits cut into runs of consecutive commits, one
//! per core, done at once and handed back in order. A libgit2 handle is not
//! shared between threads: the first run uses the caller's, each other run
//! opens its own.

use std::path::Path;

use git2::Repository;

use crate::error::{Error, Result};

/// `work(repo, start, run)` for each run of `items` (`start`: the index of
/// the run's first item), in order.
pub fn in_runs<I: Sync, T: Send>(
    repo: &Repository,
    items: &[I],
    runs: usize,
    work: impl Fn(&Repository, usize, &[I]) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let size = items.len().div_ceil(runs.max(1)).max(1);
    let git_dir: &Path = repo.path();
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = items
            .chunks(size)
            .enumerate()
            .skip(1)
            .map(|(at, run)| {
                scope.spawn(move || {
                    let repo = Repository::open(git_dir)
                        .map_err(|err| Error::git("cannot open the repository a second time", err))?;
                    work(&repo, at * size, run)
                })
            })
            .collect();
        let first = work(repo, 0, items.chunks(size).next().unwrap_or_default());
        std::iter::once(first)
            .chain(
                others
                    .into_iter()
                    .map(|other| other.join().expect("a run of the history does not panic")),
            )
            .collect()
    })
}
