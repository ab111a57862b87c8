//! `keyward install`: a plain git pre-commit hook that stops real commits.

use crate::common::{Repo, AWS_KEY, DJANGO_KEY};

#[test]
fn the_installed_hook_blocks_a_secret_and_lets_a_clean_commit_through() {
    let repo = Repo::new();
    let run = repo.keyward(&["install"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(run.stdout().contains(".git/hooks/pre-commit"), "{}", run.stdout());

    repo.stage("README.md", "hello\n");
    assert!(repo.git_output(&["commit", "-q", "-m", "clean"]).status.success());

    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    let blocked = repo.git_output(&["commit", "-q", "-m", "leak"]);
    assert!(!blocked.status.success());
    // git sends a hook's output to stderr.
    let out = String::from_utf8_lossy(&blocked.stderr);
    assert!(out.contains("error[django.secret-key]"), "{out}");
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn commit_all_is_judged_on_what_it_will_commit() {
    // `git commit -a` stages into a temporary index named by GIT_INDEX_FILE.
    let repo = Repo::new();
    repo.keyward(&["install"]);
    repo.stage("app.py", "print('hi')\n");
    repo.commit("start");
    repo.write("app.py", format!("print('hi')\nKEY = '{AWS_KEY}'\n"));
    let blocked = repo.git_output(&["commit", "-a", "-q", "-m", "leak"]);
    assert!(!blocked.status.success(), "git commit -a let a secret through");
    assert!(String::from_utf8_lossy(&blocked.stderr).contains("error[aws.access-key-id]"));
}

#[test]
fn install_refuses_a_foreign_hook_unless_forced() {
    let repo = Repo::new();
    repo.write(".git/hooks/pre-commit", "#!/bin/sh\necho mine\n");
    let run = repo.keyward(&["install"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("was not written by keyward"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("--force"), "{}", run.stderr());
    assert_eq!(repo.read(".git/hooks/pre-commit"), b"#!/bin/sh\necho mine\n");

    assert_eq!(repo.keyward(&["install", "--force"]).code(), 0);
    let hook = String::from_utf8(repo.read(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("scan --staged"), "{hook}");
    // Its own hook it may rewrite.
    assert_eq!(repo.keyward(&["install"]).code(), 0);
}

#[test]
fn install_respects_core_hooks_path() {
    let repo = Repo::new();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    assert_eq!(repo.keyward(&["install"]).code(), 0);
    assert!(repo.path().join(".githooks/pre-commit").is_file());
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
}
