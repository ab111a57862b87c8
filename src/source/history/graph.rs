//! Which trees hold which trees and blobs, by small indices, recorded
//! while walking. Provenance asks it which trees can hold a blob with a
//! finding, so that it reads only those again, not every tree.

use super::fast_hash::{OidMap, OidSet};
use git2::Oid;

/// Marks an edge to a tree; without it, an edge names a blob.
const TREE: u32 = 1 << 31;

#[derive(Debug, Default)]
pub struct Graph {
    /// Tree id to its index. Indices are given when a tree's walk ends,
    /// so a tree's subtrees always have smaller indices than it has.
    trees: OidMap<u32>,
    /// Blob (or symlink, or gitlink) id to its ordinal.
    blobs: OidMap<u32>,
    /// Where each tree's edges start in `edges`.
    starts: Vec<u32>,
    edges: Vec<u32>,
}

impl Graph {
    /// Starts a tree; false when it was walked before.
    pub fn begin_tree(&mut self, id: Oid) -> bool {
        let fresh = !self.trees.contains_key(&id);
        if fresh {
            self.trees.insert(id, u32::MAX);
        }
        fresh
    }

    /// Ends a tree's walk with the edges to what it holds.
    pub fn end_tree(&mut self, id: Oid, edges: &[u32]) {
        let index = self.starts.len() as u32;
        self.starts.push(self.edges.len() as u32);
        self.edges.extend_from_slice(edges);
        self.trees.insert(id, index);
    }

    /// The edge to a tree already walked.
    pub fn tree_edge(&self, id: Oid) -> u32 {
        self.trees.get(&id).map_or(u32::MAX, |index| TREE | index)
    }

    /// The edge to a blob, and whether the blob is new.
    pub fn blob(&mut self, id: Oid) -> (u32, bool) {
        let next = self.blobs.len() as u32;
        let ordinal = *self.blobs.entry(id).or_insert(next);
        (ordinal, ordinal == next)
    }

    /// Adds what `other` (the graph of a later run of commits) holds and
    /// this one does not. Its trees are taken in the order their walks
    /// ended, so a tree's subtrees are placed before it.
    pub fn absorb(&mut self, other: Graph) {
        if self.starts.is_empty() && self.blobs.is_empty() {
            *self = other;
            return;
        }
        // In the order they were seen, as one walk would number them.
        let mut seen = vec![Oid::ZERO_SHA1; other.blobs.len()];
        for (&id, &ordinal) in &other.blobs {
            seen[ordinal as usize] = id;
        }
        let blobs: Vec<u32> = seen.into_iter().map(|id| self.blob(id).0).collect();
        let mut ended = vec![None; other.starts.len()];
        for (&id, &index) in &other.trees {
            if let Some(slot) = ended.get_mut(index as usize) {
                *slot = Some(id);
            }
        }
        let mut trees = vec![u32::MAX; other.starts.len()];
        let mut edges = Vec::new();
        for (index, id) in ended.into_iter().enumerate() {
            let Some(id) = id else { continue };
            if let Some(&known) = self.trees.get(&id).filter(|&&known| known != u32::MAX) {
                trees[index] = known;
                continue;
            }
            edges.clear();
            edges.extend(other.edges(index).iter().map(|&edge| match edge {
                u32::MAX => u32::MAX,
                tree if tree & TREE != 0 => match trees[(tree & !TREE) as usize] {
                    u32::MAX => u32::MAX,
                    index => TREE | index,
                },
                blob => blobs[blob as usize],
            }));
            self.end_tree(id, &edges);
            trees[index] = self.trees[&id];
        }
    }

    /// The edges of the tree at `index`.
    fn edges(&self, index: usize) -> &[u32] {
        let start = self.starts[index] as usize;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.edges.len(), |&end| end as usize);
        &self.edges[start..end]
    }

    /// For each tree, whether it holds one of `targets`, however deep.
    pub fn holding(&self, targets: &OidSet) -> Holding<'_> {
        let mut is_target = vec![false; self.blobs.len()];
        for id in targets {
            if let Some(&ordinal) = self.blobs.get(id) {
                is_target[ordinal as usize] = true;
            }
        }
        let mut holds = vec![false; self.starts.len()];
        for index in 0..self.starts.len() {
            holds[index] = self.edges(index).iter().any(|&edge| {
                if edge == u32::MAX {
                    false
                } else if edge & TREE != 0 {
                    holds[(edge & !TREE) as usize]
                } else {
                    is_target[edge as usize]
                }
            });
        }
        Holding { graph: self, holds }
    }
}

/// The answer of [`Graph::holding`].
pub struct Holding<'g> {
    graph: &'g Graph,
    holds: Vec<bool>,
}

impl Holding<'_> {
    /// False only when the tree surely holds none of the targets.
    pub fn may_hold(&self, tree: Oid) -> bool {
        self.graph
            .trees
            .get(&tree)
            .and_then(|&index| self.holds.get(index as usize))
            .copied()
            .unwrap_or(true)
    }
}
