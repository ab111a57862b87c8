//! Every blob reachable from a repository's refs, each read once however
//! many commits hold it.
//!
//! [`walk`] enumerates the commits oldest first and their trees (each tree
//! once), and keeps one entry per unique blob: its id, the first path and
//! the first commit it was seen in. [`read`] then reads those blobs on
//! every core, streamed straight into the scanner. [`provenance`] works out,
//! only for the blobs that had findings, how many commits and paths carry
//! them. The first commit of each blob is kept so that a later analyser
//! can open that commit's tree (`from .base import *` as it was then).

mod fast_hash;
mod graph;
pub mod provenance;
mod read;
mod walk;

pub use read::read;
pub use walk::{walk, History, Selection};
