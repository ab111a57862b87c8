//! Opening a git repository and naming the object at fault when one cannot
//! be read; shared by every source that reads git ([`super::staged`],
//! [`super::history`]).

use git2::{ErrorClass, ErrorCode, ObjectType, Odb, Oid, Repository};

use crate::error::{Error, Result};

/// Opens the repository the way git does: `GIT_DIR` and friends first,
/// then discovery upwards from the current directory. `otherwise` tells
/// the user what to do outside a repository.
pub fn open_repository(otherwise: &str) -> Result<Repository> {
    Repository::open_from_env().map_err(|err| {
        let here = std::env::current_dir()
            .map(|dir| dir.display().to_string())
            .unwrap_or_else(|_| ".".into());
        // Only "not found" means there is no repository; anything else is
        // a repository (or configuration) git will not open, and why.
        let (problem, advice) = match (err.code(), err.class()) {
            (ErrorCode::NotFound, _) => (
                format!("{here} is not inside a git repository"),
                otherwise.to_string(),
            ),
            (ErrorCode::Owner, _) => (
                format!("the repository around {here} belongs to another user, and git opens it only if it is listed in safe.directory"),
                "if you trust it: git config --global --add safe.directory <its path>".to_string(),
            ),
            (_, ErrorClass::Config) => (
                "cannot read git's configuration".to_string(),
                "check that ~/.gitconfig and the repository's .git/config are readable and valid".to_string(),
            ),
            _ => (
                format!("cannot open the git repository around {here}"),
                "check that its .git folder is readable; `git status` shows what git makes of it".to_string(),
            ),
        };
        Error::Unknown {
            problem,
            source: err,
            advice: Some(advice),
        }
    })
}

/// An object that git should have and could not give.
pub fn unreadable(oid: Oid, path: &str, err: git2::Error) -> Error {
    Error::Object {
        id: oid,
        path: path.to_string(),
        source: err,
    }
}

/// The size of a blob, from its header alone (nothing is inflated), so a
/// blob too large to scan is never read.
pub fn blob_size(odb: &Odb<'_>, oid: Oid, path: &str) -> Result<u64> {
    let (size, kind) = odb.read_header(oid).map_err(|err| unreadable(oid, path, err))?;
    if kind != ObjectType::Blob {
        return Err(Error::new(format!(
            "object {oid} ({path}) is a {kind}, not a blob; run `git fsck` to check the repository"
        )));
    }
    Ok(size as u64)
}
