//! The real `pre-commit` tool, with this repository as the hook repository
//! (`pre-commit try-repo` builds it with cargo, as users' machines do).

use std::path::Path;
use std::process::Command;

use crate::common::{isolated, python_tool, Repo, DJANGO_KEY};

/// Runs `pre-commit try-repo <this checkout> keyward [extra...]`.
fn try_repo(repo: &Repo, extra: &[&str]) -> (i32, String) {
    let pre_commit = python_tool("pre-commit", "pre-commit");
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let output = isolated(Command::new(pre_commit), repo.path())
        .args([
            "try-repo",
            env!("CARGO_MANIFEST_DIR"),
            "keyward",
            "--color",
            "never",
        ])
        .args(extra)
        .env("PRE_COMMIT_HOME", tmp.join("pre-commit-home"))
        // Reuse compiled dependencies between runs.
        .env("CARGO_TARGET_DIR", tmp.join("pre-commit-build"))
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
    let repo = Repo::new();
    repo.stage("README.md", "hello\n");
    let (code, out) = try_repo(&repo, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("keyward") && out.contains("Passed"), "{out}");

    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    let (code, out) = try_repo(&repo, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[django.secret-key]"), "{out}");
    assert!(out.contains("mysite/settings.py:1:15"), "{out}");
    assert!(!out.contains(DJANGO_KEY), "{out}");

    // --all-files: nothing is staged, every finding in the named files counts.
    repo.commit("leak");
    let (code, out) = try_repo(&repo, &["--all-files"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[django.secret-key]"), "{out}");
}
