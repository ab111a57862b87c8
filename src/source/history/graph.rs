//! Which trees hold which trees and blobs, by small indices, recorded
//! while walking. Provenance asks it which trees can hold a blob with a
//! finding, so that it reads only those again, not every tree.

use std::collections::hash_map::Entry;

use git2::Oid;

use super::fast_hash::{Key, OidMap, OidSet};

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
    /// Starts a tree: `None` when it is new, else the edge to it, walked
    /// before (one look-up: a history's folders are mostly walked before).
    pub fn begin_tree(&mut self, id: Oid) -> Option<u32> {
        match self.trees.entry(Key(id)) {
            Entry::Occupied(walked) => Some(TREE | walked.get()),
            Entry::Vacant(new) => {
                new.insert(u32::MAX);
                None
            }
        }
    }

    /// Ends a tree's walk with the edges to what it holds; the edge to it.
    pub fn end_tree(&mut self, id: Oid, edges: &[u32]) -> u32 {
        let index = self.starts.len() as u32;
        self.starts.push(self.edges.len() as u32);
        self.edges.extend_from_slice(edges);
        self.trees.insert(Key(id), index);
        TREE | index
    }

    /// The edge to a blob, and whether the blob is new.
    pub fn blob(&mut self, id: Oid) -> (u32, bool) {
        let next = self.blobs.len() as u32;
        let ordinal = *self.blobs.entry(Key(id)).or_insert(next);
        (ordinal, ordinal == next)
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
            let start = self.starts[index] as usize;
            let end = self
                .starts
                .get(index + 1)
                .map_or(self.edges.len(), |&end| end as usize);
            holds[index] = self.edges[start..end].iter().any(|&edge| {
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
    /// The tree's index among the walked trees, and whether it holds one
    /// of the targets; `None` for a tree the walk did not see.
    pub fn tree(&self, tree: Oid) -> Option<(usize, bool)> {
        let index = *self.graph.trees.get(&Key(tree))? as usize;
        self.holds.get(index).map(|&holds| (index, holds))
    }

    /// How many trees were walked.
    pub fn trees(&self) -> usize {
        self.holds.len()
    }
}
