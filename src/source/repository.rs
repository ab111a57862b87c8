//! Opening a git repository and naming the object at fault when one cannot
//! be read; shared by every source that reads git ([`super::staged`],
//! [`super::history`]).

use std::io::{ErrorKind, Read, Seek, SeekFrom};
use std::path::Path;

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

/// An error from reading objects, with its real cause when the object
/// store shows one (libgit2 reports a pack without its index, a truncated
/// pack or an unreadable file as "object not found").
pub fn explain(repo: &Repository, err: Error) -> Error {
    let object = match &err {
        Error::Object { id, .. } => Some(*id),
        Error::Git { .. } => None,
        _ => return err,
    };
    match (damage(repo, object), &err) {
        (Some(cause), Error::Object { id, path, .. }) => Error::new(format!("{cause} (object {id}, {path})")),
        (Some(cause), _) => Error::new(format!("{cause} ({err})")),
        (None, _) => err,
    }
}

/// What is wrong with the object store, if anything cheap to see is.
pub fn damage(repo: &Repository, object: Option<Oid>) -> Option<String> {
    let objects = repo.commondir().join("objects");
    let unreadable = |path: &Path, err: std::io::Error| {
        Some(format!(
            "{} cannot be read ({err}); check its owner and permissions",
            path.display()
        ))
    };
    if let Some(id) = object {
        let hex = id.to_string();
        let loose = objects.join(&hex[..2]).join(&hex[2..]);
        match std::fs::File::open(&loose) {
            Err(err) if err.kind() == ErrorKind::PermissionDenied => return unreadable(&loose, err),
            _ => {}
        }
    }
    let packs = objects.join("pack");
    let listing = match std::fs::read_dir(&packs) {
        Ok(listing) => listing,
        Err(err) if err.kind() == ErrorKind::NotFound => return None,
        Err(err) => return unreadable(&packs, err),
    };
    for pack in listing
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pack"))
    {
        let index = pack.with_extension("idx");
        if !index.exists() {
            return Some(format!(
                "pack {} has no index file (.idx); `git index-pack {}` rebuilds it",
                pack.display(),
                pack.display()
            ));
        }
        let (pack_end, index_end) = match (last_bytes(&pack, 20), last_bytes(&index, 40)) {
            (Ok(pack_end), Ok(index_end)) => (pack_end, index_end),
            (Err(err), _) => return unreadable(&pack, err),
            (_, Err(err)) => return unreadable(&index, err),
        };
        // An index ends with its pack's checksum, then its own.
        if pack_end.len() < 20 || index_end.len() < 40 || pack_end[..] != index_end[..20] {
            return Some(format!(
                "pack {} is truncated or damaged (its end does not match its index); fetch again or restore it from a backup, and `git fsck` lists what is lost",
                pack.display()
            ));
        }
    }
    None
}

fn last_bytes(path: &Path, count: u64) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    file.seek(SeekFrom::Start(size.saturating_sub(count)))?;
    let mut bytes = Vec::with_capacity(count as usize);
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}
