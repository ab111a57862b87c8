//! Repositories keyward cannot fully read: it reads what it can, reports
//! every finding, and names the real cause of what it could not.

use std::process::Command;

use crate::common::{finding, Repo, AWS_KEY};

const GITHUB_TOKEN: &str = "ghp_4Qwb8DwkNhFdnXsiVpzz63FfkCzJr4i0B3Jr";

/// An old commit with an AWS key in `old.py` (deleted since) and HEAD with
/// a GitHub token in `new.py`; returns the id of the old blob.
fn two_secrets_in_history(repo: &Repo) -> String {
    repo.stage("old.py", format!("k = '{AWS_KEY}'\n"));
    repo.commit("old");
    repo.git(&["rm", "-q", "old.py"]);
    repo.stage("new.py", format!("k = '{GITHUB_TOKEN}'\n"));
    repo.commit("new");
    repo.git(&["rev-parse", "HEAD~1:old.py"]).trim().to_string()
}

#[test]
fn history_reports_past_a_missing_blob_then_names_it_and_exits_2() {
    let repo = Repo::new();
    let old = two_secrets_in_history(&repo);
    std::fs::remove_file(repo.path().join(".git/objects").join(&old[..2]).join(&old[2..])).unwrap();
    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert_eq!(run.findings(), [finding("github.token", "new.py", 1, "block")]);
    let stderr = run.stderr();
    assert!(
        stderr.contains(&format!(
            "keyward: error: old.py: object {old} cannot be read: object not found"
        )),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("keyward: error: 1 object could not be read (listed above); everything else was scanned and reported; run `git fsck` to check the repository\n"),
        "{stderr}"
    );
}

#[test]
fn a_partial_clone_says_what_it_lacks_and_how_to_fetch_it() {
    let origin = Repo::new();
    two_secrets_in_history(&origin);
    origin.git(&["config", "uploadpack.allowFilter", "true"]);
    let clone = Repo::empty_dir();
    let url = format!("file://{}", origin.path().display());
    clone.git(&["clone", "-q", "--filter=blob:none", &url, "c"]);
    let run = clone.keyward_in(&clone.path().join("c"), &["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [finding("github.token", "new.py", 1, "block")]);
    assert!(
        run.stderr().contains(
            "keyward: note: partial clone: 1 blob is not fetched, so not scanned (old.py); `git backfill` (git 2.49+) or `git fetch --refetch origin` after removing its filter"
        ),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_bare_repository_scan_says_it_is_bare() {
    let repo = Repo::empty_dir();
    repo.git(&["init", "-q", "--bare", "b.git"]);
    let run = repo.keyward_in(&repo.path().join("b.git"), &["scan"]);
    assert_eq!(run.code(), 0);
    assert!(
        run.stderr().contains("is a bare repository: it has no index, so nothing is staged; `keyward history` scans its commits"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_corrupt_baseline_is_not_advised_away_with_the_command_that_fails_on_it() {
    let repo = Repo::new();
    repo.stage("a.py", "x = 1\n");
    repo.write(".keyward-baseline.json", "<<<<<<< HEAD\n");
    for args in [
        &["baseline"][..],
        &["scan", "--baseline", ".keyward-baseline.json"],
    ] {
        let run = repo.keyward(args);
        assert_eq!(run.code(), 2, "{args:?}");
        let stderr = run.stderr();
        assert!(stderr.contains("not a keyward baseline"), "{stderr}");
        assert!(
            stderr.contains(
                "fix it (a merge can leave conflict markers in it), or delete it and run `keyward baseline`"
            ),
            "{stderr}"
        );
    }
}

#[test]
fn a_repository_of_another_user_names_safe_directory() {
    let repo = Repo::new();
    let chown = Command::new("chown")
        .args(["-R", "nobody"])
        .arg(repo.path())
        .status();
    if !chown.is_ok_and(|status| status.success()) {
        eprintln!("skipped: only root can give the repository to another user");
        return;
    }
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 2);
    let stderr = run.stderr();
    assert!(stderr.contains("belongs to another user"), "{stderr}");
    assert!(
        stderr.contains("git config --global --add safe.directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("not inside a git repository"), "{stderr}");
}

#[test]
fn a_damaged_index_names_the_cause() {
    let repo = Repo::new();
    repo.stage("a.py", "x = 1\n");
    repo.commit("start");
    let index = repo.path().join(".git/index");
    let bytes = std::fs::read(&index).unwrap();
    std::fs::write(&index, &bytes[..bytes.len() - 30]).unwrap();
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("the index file is damaged or truncated"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("no longer exists;"), "{}", run.stderr());
}

#[test]
fn install_names_a_hooks_path_that_is_a_file_and_a_dangling_hook_link() {
    let repo = Repo::new();
    repo.write("hooks-file", "not a folder\n");
    repo.git(&["config", "core.hooksPath", "hooks-file"]);
    let run = repo.keyward(&["install"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("hooks-file is a file, not a folder; point core.hooksPath at a folder"),
        "{}",
        run.stderr()
    );

    repo.git(&["config", "--unset", "core.hooksPath"]);
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::os::unix::fs::symlink("/nonexistent/hook", &hook).unwrap();
    let run = repo.keyward(&["install", "--force"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("pre-commit is a symbolic link to /nonexistent/hook, which does not exist; keyward does not write through links"),
        "{}",
        run.stderr()
    );
    assert!(!std::path::Path::new("/nonexistent/hook").exists());
}

#[test]
fn a_pack_without_its_index_or_cut_short_is_named() {
    let repo = Repo::new();
    two_secrets_in_history(&repo);
    repo.git(&["gc", "-q"]);
    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "a sound pack is read: {}", run.stderr());
    let packs = repo.path().join(".git/objects/pack");
    let pack = std::fs::read_dir(&packs)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "pack"))
        .unwrap();
    let bytes = std::fs::read(&pack).unwrap();
    std::fs::write(&pack, &bytes[..bytes.len() / 2]).unwrap();
    for args in [&["history"][..], &["scan"]] {
        let run = repo.keyward(args);
        assert_eq!(run.code(), 2, "{args:?}");
        assert!(
            run.stderr()
                .contains("is truncated or damaged (its end does not match its index)"),
            "{args:?}: {}",
            run.stderr()
        );
    }
    std::fs::remove_file(pack.with_extension("idx")).unwrap();
    let run = repo.keyward(&["history"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("has no index file (.idx); `git index-pack"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_git_configuration_that_does_not_parse_is_named_not_a_missing_repository() {
    let repo = Repo::new();
    repo.write("broken.gitconfig", "[core\nbad");
    let output = crate::common::isolated(Command::new(crate::common::keyward_binary()), repo.path())
        .env("GIT_CONFIG_GLOBAL", repo.path().join("broken.gitconfig"))
        .arg("scan")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("keyward: error: cannot read git's configuration (failed to parse config file"),
        "{stderr}"
    );
    assert!(stderr.contains("broken.gitconfig"), "{stderr}");
}

#[test]
fn an_object_file_without_read_permission_is_named_as_such() {
    // Root reads everything: the scan runs as `nobody` through setpriv.
    let root = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&root.stdout).trim() != "0"
        || Command::new("setpriv").arg("--help").output().is_err()
    {
        eprintln!("skipped: needs root and setpriv to scan as another user");
        return;
    }
    let repo = Repo::new();
    repo.stage("a.py", format!("k = '{AWS_KEY}'\n"));
    repo.commit("start");
    let blob = repo.git(&["rev-parse", "HEAD:a.py"]).trim().to_string();
    let object = repo.path().join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    assert!(Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(repo.path())
        .status()
        .unwrap()
        .success());
    std::fs::set_permissions(&object, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    repo.write("trust.gitconfig", "[safe]\n\tdirectory = *\n");
    let output = crate::common::isolated(Command::new("setpriv"), repo.path())
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(crate::common::keyward_binary())
        .args(["scan", "--staged", "a.py"])
        .env("GIT_CONFIG_GLOBAL", repo.path().join("trust.gitconfig"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "/{} cannot be read (Permission denied (os error 13)); check its owner and permissions",
            &blob[2..]
        )),
        "{stderr}"
    );
}

/// Commands that read no staged change read only the index for the staged
/// configuration: a HEAD whose tree is missing does not stop them, while
/// the staged scan, which compares with HEAD, names it.
#[test]
fn rules_and_explain_need_no_head_but_a_staged_scan_names_a_broken_one() {
    let repo = Repo::new();
    repo.stage("app.py", "x = 1\n");
    repo.commit("first");
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]).trim().to_string();
    std::fs::remove_file(repo.path().join(".git/objects").join(&tree[..2]).join(&tree[2..])).unwrap();
    let rules = repo.keyward(&["rules", "aws.access-key-id"]);
    assert_eq!(rules.code(), 0, "{}", rules.stderr());
    assert!(
        rules.stdout().starts_with("aws.access-key-id"),
        "{}",
        rules.stdout()
    );
    let explain = repo.keyward(&["explain", "aws.access-key-id"]);
    assert_eq!(explain.code(), 0, "{}", explain.stderr());
    let scan = repo.keyward(&["scan"]);
    assert_eq!(scan.code(), 2, "{}", scan.stderr());
    assert!(
        scan.stderr().contains("cannot read the tree of HEAD"),
        "{}",
        scan.stderr()
    );
}
