//! The error type: the scan could not run at all (exit code 2). Each
//! variant keeps what is at fault (a path, an object, a line and column)
//! and the error underneath, so a caller can tell them apart (go on past
//! an unreadable object, say); its message is a single line that names the
//! thing at fault and, where there is one, what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

use git2::Oid;

/// What `git fsck` advice says, for faults a damaged repository explains.
const FSCK: &str = "run `git fsck` to check the repository";

#[derive(Debug)]
pub(crate) enum Error {
    /// libgit2 could not do something: `{doing}: {git's message}`.
    Git {
        doing: String,
        source: git2::Error,
        /// Whether a damaged repository would explain it.
        fsck: bool,
    },
    /// git does not know a name the user gave:
    /// `{problem} ({git's message}); {advice}`.
    Unknown {
        problem: String,
        source: git2::Error,
        advice: Option<String>,
    },
    /// An object git should have and could not give.
    Object {
        id: Oid,
        path: String,
        source: git2::Error,
    },
    /// A file that could not be read, written or walked:
    /// `{doing} {path}: {error}`, and what to do when there is a hint.
    Io {
        doing: &'static str,
        path: PathBuf,
        source: std::io::Error,
        hint: Option<&'static str>,
    },
    /// A fault at a line and column of a file the user wrote.
    At {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A fault in one rule of a pack.
    Rule {
        id: String,
        origin: String,
        source: Box<Error>,
    },
    /// Anything else, as one line.
    Other(String),
}

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Error::Other(message.into())
    }

    /// libgit2 failed while `doing` something.
    pub(crate) fn git(doing: impl Into<String>, source: git2::Error) -> Self {
        Error::Git {
            doing: doing.into(),
            source,
            fsck: false,
        }
    }

    /// libgit2 failed where a damaged repository is the likely cause.
    pub(crate) fn git_fsck(doing: impl Into<String>, source: git2::Error) -> Self {
        Error::Git {
            doing: doing.into(),
            source,
            fsck: true,
        }
    }

    pub(crate) fn io(doing: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            doing,
            path: path.to_path_buf(),
            source,
            hint: None,
        }
    }

    /// A fault at byte `offset` of `text`, the content of `file`.
    pub(crate) fn at(file: &str, text: &str, offset: usize, message: impl fmt::Display) -> Self {
        let (line, column) = position(text, offset);
        Error::At {
            file: file.to_string(),
            line,
            column,
            message: message.to_string(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Git { doing, source, fsck } => {
                write!(f, "{doing}: {}", git_message(source))?;
                if *fsck {
                    write!(f, "; {FSCK}")?;
                }
                Ok(())
            }
            Error::Unknown {
                problem,
                source,
                advice,
            } => {
                write!(f, "{problem} ({})", git_message(source))?;
                match advice {
                    Some(advice) => write!(f, "; {advice}"),
                    None => Ok(()),
                }
            }
            Error::Object { id, path, source } => {
                write!(
                    f,
                    "cannot read object {id} ({path}): {}; {FSCK}",
                    git_message(source)
                )
            }
            Error::Io {
                doing,
                path,
                source,
                hint,
            } => {
                write!(f, "{doing} {}: {source}", path.display())?;
                match hint {
                    Some(hint) => write!(f, "; {hint}"),
                    None => Ok(()),
                }
            }
            Error::At {
                file,
                line,
                column,
                message,
            } => write!(f, "{file}:{line}:{column}: {message}"),
            Error::Rule { id, origin, source } => write!(f, "rule {id} ({origin}): {source}"),
            Error::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

/// libgit2 messages often end with a full stop or newline; keep one line.
pub(crate) fn git_message(err: &git2::Error) -> String {
    err.message().trim().trim_end_matches('.').replace('\n', " ")
}

/// 1-based line and column of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}
