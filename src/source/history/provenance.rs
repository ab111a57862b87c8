//! Where a blob entered history and how far it spread: the first commit
//! and path come from the walk; the commits and paths that carry the blob
//! take a second pass, done only for blobs with findings, that reads again
//! only the trees the walk's [`Graph`](super::graph::Graph) says hold them.

use std::collections::BTreeSet;
use std::rc::Rc;

use git2::{Oid, Repository};

use super::fast_hash::{OidMap, OidSet};
use super::graph::Holding;
use super::walk::History;
use crate::error::Result;
use crate::finding::Origin;
use crate::source::repository::unreadable;

/// The origin of each of the `targets` blobs.
pub fn origins(repo: &Repository, history: &History, targets: &OidSet) -> Result<OidMap<Origin>> {
    let mut origins = OidMap::default();
    if targets.is_empty() {
        return Ok(origins);
    }
    let mut carriers: OidMap<(usize, BTreeSet<String>)> = OidMap::default();
    let mut trees = Trees {
        repo,
        targets,
        holding: history.graph.holding(targets),
        memo: OidMap::default(),
        empty: Rc::default(),
    };
    for &id in &history.commits {
        let commit = repo
            .find_commit(id)
            .map_err(|err| unreadable(id, "commit", err))?;
        let held = trees.held(commit.tree_id())?;
        let mut counted = OidSet::default();
        for (blob, path) in held.iter() {
            let entry = carriers.entry(*blob).or_default();
            if counted.insert(*blob) {
                entry.0 += 1;
            }
            entry.1.insert(path.clone());
        }
    }
    for unique in history.blobs.iter().filter(|unique| targets.contains(&unique.id)) {
        let id = history.commits[unique.commit as usize];
        let commit = repo
            .find_commit(id)
            .map_err(|err| unreadable(id, "commit", err))?;
        let author = commit.author();
        let (commits, paths) = carriers.remove(&unique.id).unwrap_or_default();
        origins.insert(
            unique.id,
            Origin {
                order: unique.commit,
                commit: id,
                blob: unique.id,
                author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
                date: iso_date(author.when()),
                path: unique.path.clone(),
                commits,
                paths: paths.into_iter().collect(),
            },
        );
    }
    Ok(origins)
}

/// Which target blobs a tree holds, and at which paths; each tree is read
/// once and remembered.
struct Trees<'a> {
    repo: &'a Repository,
    targets: &'a OidSet,
    holding: Holding<'a>,
    memo: OidMap<Rc<Vec<(Oid, String)>>>,
    empty: Rc<Vec<(Oid, String)>>,
}

impl Trees<'_> {
    fn held(&mut self, id: Oid) -> Result<Rc<Vec<(Oid, String)>>> {
        if !self.holding.may_hold(id) {
            return Ok(self.empty.clone());
        }
        if let Some(held) = self.memo.get(&id) {
            return Ok(held.clone());
        }
        let tree = self
            .repo
            .find_tree(id)
            .map_err(|err| unreadable(id, "tree", err))?;
        let mut held = Vec::new();
        for entry in tree.iter() {
            let name = String::from_utf8_lossy(entry.name_bytes());
            if entry.filemode() == i32::from(git2::FileMode::Tree) {
                for (blob, path) in self.held(entry.id())?.iter() {
                    held.push((*blob, format!("{name}/{path}")));
                }
            } else if self.targets.contains(&entry.id()) {
                held.push((entry.id(), name.into_owned()));
            }
        }
        let held = Rc::new(held);
        self.memo.insert(id, held.clone());
        Ok(held)
    }
}

/// `2024-05-01T12:00:00+02:00`, in the author's own offset.
fn iso_date(when: git2::Time) -> String {
    let offset = i64::from(when.offset_minutes());
    let local = when.seconds() + offset * 60;
    let (days, seconds) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (year, month, day) = civil(days);
    let sign = if offset < 0 { '-' } else { '+' };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        offset.abs() / 60,
        offset.abs() % 60
    )
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
