//! `keyward install`: writes a plain git pre-commit hook that runs the
//! staged scan. The only thing keyward ever writes into a repository, and
//! it never replaces a hook it did not write unless told to.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::source::open_repository;

/// The line that marks a hook as ours.
const MARKER: &str = "# keyward pre-commit hook";

/// Writes the hook; `force` replaces one keyward did not write. Returns
/// where it went.
pub(crate) fn install(force: bool) -> Result<PathBuf> {
    let repo = open_repository("run keyward install inside the repository to protect")?;
    let dir = hooks_dir(&repo)?;
    if dir.exists() && !dir.is_dir() {
        return Err(Error::new(format!(
            "the hooks folder {} is a file, not a folder; point core.hooksPath at a folder (`git config core.hooksPath .githooks`) or unset it (`git config --unset core.hooksPath`)",
            dir.display()
        )));
    }
    let hook = dir.join("pre-commit");
    if let Ok(target) = fs::read_link(&hook) {
        // Writing through a link would write wherever it points, if anywhere.
        let state = match hook.exists() {
            true => "",
            false => ", which does not exist",
        };
        return Err(Error::new(format!(
            "{} is a symbolic link to {}{state}; keyward does not write through links: remove it and run `keyward install` again, or add `keyward scan --staged` to the hook it points to",
            hook.display(),
            target.display()
        )));
    }
    if let Ok(existing) = fs::read_to_string(&hook) {
        if !existing.contains(MARKER) && !force {
            return Err(Error::new(format!(
                "{} already exists and was not written by keyward; add `keyward scan --staged` to it yourself, or run `keyward install --force` to replace it",
                hook.display()
            )));
        }
    }
    fs::create_dir_all(&dir).map_err(|err| Error::io("cannot create", &dir, err))?;
    fs::write(&hook, script()?).map_err(|err| Error::io("cannot write", &hook, err))?;
    make_executable(&hook)?;
    Ok(hook)
}

/// Where git looks for hooks: `core.hooksPath` (relative to the work tree)
/// or the `hooks` folder of the common git directory.
fn hooks_dir(repo: &git2::Repository) -> Result<PathBuf> {
    let config = repo
        .config()
        .map_err(|err| Error::git("cannot read the git config", err))?;
    match config.get_path("core.hooksPath") {
        Ok(path) if path.is_absolute() => Ok(path),
        Ok(path) => Ok(repo.workdir().unwrap_or_else(|| repo.path()).join(path)),
        Err(_) => Ok(repo.commondir().join("hooks")),
    }
}

/// The hook runs the binary that installed it, or `keyward` from PATH if
/// that one has moved.
fn script() -> Result<String> {
    let exe = std::env::current_exe()
        .map_err(|err| Error::new(format!("cannot find keyward's own path: {err}")))?;
    let exe = exe.display().to_string().replace('\'', r"'\''");
    Ok(format!(
        "#!/bin/sh\n{MARKER}: written by `keyward install`; delete this file to remove it.\nkeyward='{exe}'\n[ -x \"$keyward\" ] || keyward=keyward\nexec \"$keyward\" scan --staged\n"
    ))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .map_err(|err| Error::new(format!("cannot make {} executable: {err}", path.display())))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}
