//! The one error type: the scan could not run at all (exit code 2). Its
//! message is a single line that names the thing at fault and, where there
//! is one, what to do about it.

use std::fmt;

#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// libgit2 messages often end with a full stop or newline; keep one line.
pub fn git_message(err: &git2::Error) -> String {
    err.message().trim().trim_end_matches('.').replace('\n', " ")
}
