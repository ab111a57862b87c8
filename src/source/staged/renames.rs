//! Which added file is a deleted one moved, so that a renamed file's old
//! lines are not counted as new: the same blob, or else, as git judges
//! by default, at least half of their content in common.

use std::collections::{BTreeMap, HashMap, HashSet};

use git2::{Oid, Repository};

use super::changes::Change;
use crate::error::Result;

/// Git's default similarity threshold (`-M50%`).
const SIMILAR_PERCENT: usize = 50;
/// Pairs compared by content at most (git's `diff.renameLimit` is about
/// 1,000 files on each side; past this, only exact renames are found).
const PAIRS_COMPARED: usize = 200 * 200;

/// Points each renamed file's `old` at the deleted file it came from;
/// returns new path to old path.
pub fn pair(repo: &Repository, changes: &mut [Change], max_size: u64) -> Result<BTreeMap<String, String>> {
    let is_file = |mode: u32| mode & 0o170000 == 0o100000;
    let added: Vec<usize> = (0..changes.len())
        .filter(|&at| {
            let change = &changes[at];
            change.old.is_none() && !change.unmerged && change.new.len() == 1 && is_file(change.new[0].mode)
        })
        .collect();
    let mut deleted: Vec<usize> = (0..changes.len())
        .filter(|&at| changes[at].new.is_empty() && changes[at].old.is_some_and(|old| is_file(old.mode)))
        .collect();
    let mut renamed = BTreeMap::new();
    if added.is_empty() || deleted.is_empty() {
        return Ok(renamed);
    }
    let mut by_id: HashMap<Oid, Vec<usize>> = HashMap::new();
    for &old in deleted.iter().rev() {
        by_id
            .entry(changes[old].old.expect("a deleted file").id)
            .or_default()
            .push(old);
    }
    let mut pairs = Vec::new();
    let mut inexact = Vec::new();
    for &new in &added {
        match by_id.get_mut(&changes[new].new[0].id).and_then(Vec::pop) {
            Some(old) => pairs.push((new, old)),
            None => inexact.push(new),
        }
    }
    let paired: HashSet<usize> = pairs.iter().map(|&(_, old)| old).collect();
    deleted.retain(|old| !paired.contains(old));
    if !inexact.is_empty() && !deleted.is_empty() && inexact.len() * deleted.len() <= PAIRS_COMPARED {
        let read = |id: Oid| -> Option<Vec<u8>> {
            let blob = repo.find_blob(id).ok()?;
            (blob.size() as u64 <= max_size).then(|| blob.content().to_vec())
        };
        let olds: Vec<Option<Vec<u8>>> = deleted
            .iter()
            .map(|&at| read(changes[at].old.expect("a deleted file").id))
            .collect();
        let mut taken = vec![false; deleted.len()];
        for new in inexact {
            let Some(text) = read(changes[new].new[0].id) else {
                continue;
            };
            let best = olds
                .iter()
                .enumerate()
                .filter(|(at, _)| !taken[*at])
                .filter_map(|(at, old)| Some((similarity(old.as_deref()?, &text), at)))
                .max();
            if let Some((_, at)) = best.filter(|(score, _)| *score >= SIMILAR_PERCENT) {
                taken[at] = true;
                pairs.push((new, deleted[at]));
            }
        }
    }
    for (new, old) in pairs {
        changes[new].old = changes[old].old;
        renamed.insert(changes[new].path.clone(), changes[old].path.clone());
    }
    Ok(renamed)
}

/// The share of the larger file, in percent of its bytes, made of lines
/// the other file has too.
fn similarity(old: &[u8], new: &[u8]) -> usize {
    let larger = old.len().max(new.len());
    if larger == 0 {
        return 0;
    }
    let mut lines: HashMap<&[u8], usize> = HashMap::new();
    for line in old.split_inclusive(|&byte| byte == b'\n') {
        *lines.entry(line).or_default() += 1;
    }
    let mut common = 0;
    for line in new.split_inclusive(|&byte| byte == b'\n') {
        if let Some(count) = lines.get_mut(line).filter(|count| **count > 0) {
            *count -= 1;
            common += line.len();
        }
    }
    common * 100 / larger
}
