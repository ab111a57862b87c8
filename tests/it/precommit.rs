//! The real `pre-commit` tool, used as its users use it: a
//! `.pre-commit-config.yaml` names this checkout as the hook repository, and
//! pre-commit builds keyward from its `.pre-commit-hooks.yaml`
//! (`language: rust`, so `cargo install`), as users' machines do.
//!
//! pre-commit's `cargo install` is the expensive part. `try-repo` would
//! install into a new temporary store on every call, so the test writes the
//! configuration itself and keeps pre-commit's store and cargo folder under
//! target/: keyward is built once per revision of this checkout, with a
//! cheap release profile (no optimisation, LTO or debug info). That build
//! cannot take the dependencies the test build compiled: cargo records a
//! crate with a build script by a path inside its profile folder
//! (target/debug, not target/release) and would compile it again in place.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{isolated, python_tool, Repo, DJANGO_KEY};

/// Release profile settings for the hook's `cargo install`: what is under
/// test is how pre-commit installs and calls keyward, not the optimiser.
const CHEAP_RELEASE: [(&str, &str); 5] = [
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
    ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256"),
    ("CARGO_PROFILE_RELEASE_INCREMENTAL", "false"),
];

/// Where this test keeps pre-commit's store and its cargo build.
fn workdir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit")
}

/// Runs git in `dir` and returns its output, failing the test if git fails.
fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
    let mut child = isolated(Command::new("git"), dir)
        .args(args)
        // A fixed date: the same uncommitted changes give the same revision.
        .env("GIT_AUTHOR_DATE", "2000-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2000-01-01T00:00:00Z")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("git runs");
    if let Some(input) = input {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A clone of this checkout with its uncommitted changes to tracked files
/// committed (what `pre-commit try-repo` does), and that commit's id.
fn hook_repository() -> (PathBuf, String) {
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    let clone = workdir().join("hook-repository");
    if clone.exists() {
        fs::remove_dir_all(&clone).unwrap();
    }
    let clone_arg = clone.to_str().unwrap();
    git(checkout, &["clone", "-q", "--shared", ".", clone_arg], None);
    let head = String::from_utf8(git(checkout, &["rev-parse", "HEAD"], None)).unwrap();
    git(&clone, &["checkout", "-q", "-B", "hook", head.trim()], None);
    let changes = git(checkout, &["diff", "HEAD", "--binary"], None);
    if !changes.is_empty() {
        git(&clone, &["apply", "--index"], Some(&changes));
        git(
            &clone,
            &["commit", "-q", "--no-verify", "-m", "uncommitted changes"],
            None,
        );
    }
    let rev = String::from_utf8(git(&clone, &["rev-parse", "HEAD"], None)).unwrap();
    (clone, rev.trim().to_string())
}

/// The pre-commit configuration that names the hook repository.
fn config() -> PathBuf {
    let (repository, rev) = hook_repository();
    let path = workdir().join("pre-commit-config.yaml");
    fs::write(
        &path,
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: keyward\n",
            repository.display()
        ),
    )
    .unwrap();
    path
}

/// Runs `pre-commit run [extra...]` in `repo` and returns its exit code and
/// everything it printed.
fn pre_commit_run(repo: &Repo, config: &Path, extra: &[&str]) -> (i32, String) {
    let pre_commit = python_tool("pre-commit", "pre-commit");
    let output = isolated(Command::new(pre_commit), repo.path())
        .args(["run", "--config"])
        .arg(config)
        .args(["--color", "never"])
        .args(extra)
        .env("PRE_COMMIT_HOME", workdir().join("home"))
        .env("CARGO_TARGET_DIR", workdir().join("target"))
        .envs(CHEAP_RELEASE)
        .output()
        .expect("pre-commit runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn the_pre_commit_framework_blocks_a_staged_secret_and_passes_a_clean_change() {
    let config = config();
    let repo = Repo::new();
    repo.stage("README.md", "hello\n");
    let (code, out) = pre_commit_run(&repo, &config, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("keyward") && out.contains("Passed"), "{out}");

    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    let (code, out) = pre_commit_run(&repo, &config, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[django.secret-key]"), "{out}");
    assert!(out.contains("mysite/settings.py:1:15"), "{out}");
    assert!(!out.contains(DJANGO_KEY), "{out}");

    // --all-files: nothing is staged, every finding in the named files counts.
    repo.commit("leak");
    let (code, out) = pre_commit_run(&repo, &config, &["--all-files"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[django.secret-key]"), "{out}");
}
