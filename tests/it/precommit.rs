//! The real `pre-commit` tool, used as its users use it: a
//! `.pre-commit-config.yaml` names this checkout as the hook repository
//! and runs its three hooks (`.pre-commit-hooks.yaml`) in one run:
//! `keyward` (`language: rust`: pre-commit builds it with `cargo install`,
//! as users' machines do), `keyward-system` (the keyward on PATH: here the
//! test build) and `keyward-python` (pre-commit pip-installs the root
//! package, which depends on the wheel; `additional_dependencies` names the
//! wheel this test run built, as PyPI would serve it once published).
//! The first run of each installing hook is timed and printed.
//!
//! pre-commit's `cargo install` is the expensive part. `try-repo` would
//! install into a new temporary store on every call, so the test writes the
//! configuration itself and keeps pre-commit's store and cargo folder under
//! target/: keyward is built once per revision of this checkout, with the
//! cheap release profile and target folder the wheel build uses too
//! ([`crate::common::release_target`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::common::{isolated, keyward_binary, python_tool, release_target, Repo, CHEAP_RELEASE, DJANGO_KEY};
use crate::wheel::wheel;

/// The hooks of `.pre-commit-hooks.yaml`, as pre-commit names them.
const HOOKS: [&str; 3] = ["keyward", "keyward-system", "keyward-python"];

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

/// The pre-commit configuration that names the hook repository and its
/// three hooks.
fn config() -> PathBuf {
    let (repository, rev) = hook_repository();
    let path = workdir().join("pre-commit-config.yaml");
    fs::write(
        &path,
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: keyward\n      - id: keyward-system\n      - id: keyward-python\n        additional_dependencies: [\"{}\"]\n",
            repository.display(),
            wheel().display()
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
        .env("CARGO_TARGET_DIR", release_target())
        .envs(CHEAP_RELEASE)
        // `keyward-system` runs the keyward on PATH: the one under test.
        .env("PATH", path_with_keyward())
        .output()
        .expect("pre-commit runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

/// PATH with the test build of keyward first.
fn path_with_keyward() -> String {
    format!(
        "{}:{}",
        keyward_binary().parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// The result line pre-commit prints for `hook` (`<name>....Passed`).
fn result_line<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|line| line.starts_with(&format!("{name}.")))
        .unwrap_or_else(|| panic!("no result line for {name}: {out}"))
}

#[test]
fn the_pre_commit_framework_blocks_a_staged_secret_and_passes_a_clean_change() {
    let config = config();
    let repo = Repo::new();
    repo.stage("README.md", "hello\n");
    // Each installing hook on its own first, timed: the first run installs
    // its environment (unless an earlier test run of this revision did).
    // pre-commit itself is installed before the clock starts.
    python_tool("pre-commit", "pre-commit");
    for hook in ["keyward-python", "keyward"] {
        let started = Instant::now();
        let (code, out) = pre_commit_run(&repo, &config, &[hook]);
        let installed = out.contains("Installing environment");
        // cargo reuses what the shared release target already compiled, so
        // the cargo hook's time here is a floor, not a new user's.
        eprintln!(
            "pre-commit first run of {hook}: {:.1} s ({})",
            started.elapsed().as_secs_f64(),
            match installed {
                true => "installed its environment",
                false => "environment already installed by an earlier run of this revision",
            }
        );
        assert_eq!(code, 0, "{out}");
    }
    let (code, out) = pre_commit_run(&repo, &config, &[]);
    assert_eq!(code, 0, "{out}");
    for name in ["keyward", "keyward (system)", "keyward (wheel)"] {
        assert!(result_line(&out, name).ends_with("Passed"), "{out}");
    }
    assert_eq!(out.matches("Passed").count(), HOOKS.len(), "{out}");

    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    let (code, out) = pre_commit_run(&repo, &config, &[]);
    assert_eq!(code, 1, "{out}");
    // Every hook blocks, each with the finding.
    assert_eq!(out.matches("Failed").count(), HOOKS.len(), "{out}");
    assert_eq!(
        out.matches("error[django.secret-key]").count(),
        HOOKS.len(),
        "{out}"
    );
    assert_eq!(
        out.matches("mysite/settings.py:1:15").count(),
        HOOKS.len(),
        "{out}"
    );
    assert!(!out.contains(DJANGO_KEY), "{out}");

    // --all-files: nothing is staged, every finding in the named files counts.
    repo.commit("leak");
    let (code, out) = pre_commit_run(&repo, &config, &["--all-files"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[django.secret-key]"), "{out}");
}
