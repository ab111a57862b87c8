//! Where bytes come from: the git index ([`staged`]), files on disk
//! ([`paths`]) or every commit of a repository ([`history`]). A source
//! yields [`Blob`]s, or says why it skipped a file; it knows nothing of
//! rules.

mod encoding;
pub mod history;
mod index;
mod modules;
pub mod paths;
mod relative;
mod repository;
pub mod staged;
pub mod workspace;

use std::fmt;

use git2::Oid;

pub use index::IndexFile;
pub(crate) use relative::RelativePath;
pub use repository::{damage, explain, open_repository};

/// One file's content, ready to scan.
#[derive(Debug)]
pub struct Blob {
    /// Repository-relative with `/` separators (staged), or as walked (disk).
    pub path: String,
    pub bytes: Vec<u8>,
    /// The lines this change adds; `None` when every line counts.
    pub added_lines: Option<AddedLines>,
    /// The git object the bytes came from, when a report needs to trace
    /// a finding back to it (history).
    pub object: Option<Oid>,
}

/// A sorted set of 1-based line numbers.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AddedLines(Vec<u32>);

impl AddedLines {
    pub fn new(mut lines: Vec<u32>) -> Self {
        lines.sort_unstable();
        lines.dedup();
        AddedLines(lines)
    }

    pub fn contains(&self, line: u32) -> bool {
        self.0.binary_search(&line).is_ok()
    }
}

/// A file that was not scanned, and why. Never an error: reported in
/// verbose output.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
}

#[derive(Debug, Clone)]
pub enum SkipReason {
    Binary,
    TooLarge {
        size: u64,
        limit: u64,
    },
    Submodule,
    Symlink,
    /// An object the repository should hold and could not give.
    Unreadable {
        id: git2::Oid,
        /// Absent (not found), as in a partial clone, rather than damaged.
        missing: bool,
        why: String,
    },
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Binary => f.write_str("binary (a NUL byte in the first 8 KiB)"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "{size} bytes, above --max-file-size {limit}")
            }
            SkipReason::Submodule => f.write_str("submodule"),
            SkipReason::Symlink => f.write_str("symbolic link"),
            SkipReason::Unreadable { id, why, .. } => write!(f, "object {id} cannot be read: {why}"),
        }
    }
}

/// What a source made of one file.
#[derive(Debug)]
pub enum Loaded {
    Blob(Blob),
    Skipped(Skipped),
}

impl Loaded {
    /// Admits bytes as a blob, decoded when they are UTF-16 or UTF-32
    /// with a byte-order mark, unless they look binary.
    pub fn admit(path: String, bytes: Vec<u8>, added_lines: Option<AddedLines>) -> Loaded {
        let bytes = encoding::decode(&bytes).unwrap_or(bytes);
        if looks_binary(&bytes) {
            Loaded::skip(path, SkipReason::Binary)
        } else {
            Loaded::Blob(Blob {
                path,
                bytes,
                added_lines,
                object: None,
            })
        }
    }

    /// Records which git object a blob was read from.
    pub fn with_object(self, id: Oid) -> Loaded {
        match self {
            Loaded::Blob(blob) => Loaded::Blob(Blob {
                object: Some(id),
                ..blob
            }),
            skipped => skipped,
        }
    }

    pub fn skip(path: String, reason: SkipReason) -> Loaded {
        Loaded::Skipped(Skipped { path, reason })
    }
}

/// Git's own test: a NUL byte in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

/// The default `--max-file-size`.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;
