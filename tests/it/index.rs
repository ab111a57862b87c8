//! Every index git writes is read, and compared with HEAD only where it
//! changed: split and sparse indexes, valid and invalid cache-trees, a
//! deep tree, a merge in progress.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{finding, isolated, Repo, AWS_KEY};

fn aws(path: &str, line: u64, severity: &str) -> (String, String, u64, String) {
    finding("aws.access-key-id", path, line, severity)
}

/// Runs git with `input` on its standard input; returns its output.
fn git_with_input(repo: &Repo, args: &[&str], input: &[u8]) -> String {
    let mut child = isolated(Command::new("git"), repo.path())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("git runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "git {args:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_split_index_is_read_with_its_shared_index() {
    let repo = Repo::new();
    repo.stage("a.py", "x = 1\n");
    repo.stage("b.py", "y = 1\n");
    repo.commit("start");
    repo.git(&["update-index", "--split-index"]);
    // a.py replaces a shared entry; c.py is new in the split index.
    repo.stage("a.py", format!("x = 1\nk = '{AWS_KEY}'\n"));
    repo.stage("c.py", format!("k = '{AWS_KEY}'\n"));
    let shared = std::fs::read_dir(repo.path().join(".git"))
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("sharedindex.")
        })
        .count();
    assert!(shared > 0, "git wrote no shared index");
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [aws("a.py", 2, "block"), aws("c.py", 1, "block")]);
}

#[test]
fn a_sparse_index_is_read_and_a_sparse_folder_is_unchanged() {
    let repo = Repo::new();
    repo.stage("d/a.py", "x = 1\n");
    repo.stage("e/b.py", format!("k = '{AWS_KEY}'\n"));
    repo.commit("start");
    repo.git(&["sparse-checkout", "init", "--cone", "--sparse-index"]);
    repo.git(&["sparse-checkout", "set", "d"]);
    assert!(repo
        .git(&["ls-files", "--sparse"])
        .lines()
        .any(|line| line == "e/"));
    repo.stage("d/new.py", format!("x = 1\nk = '{AWS_KEY}'\n"));
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [aws("d/new.py", 2, "block")]);
    // A file named under a sparse folder is HEAD's, read whole.
    let run = repo.keyward(&["scan", "--staged", "--format", "json", "e/b.py"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [aws("e/b.py", 1, "block")]);
}

#[test]
fn a_valid_cache_tree_skips_unchanged_folders_and_finds_the_staged_secret() {
    let repo = Repo::new();
    for folder in 0..200 {
        repo.write(&format!("f{folder}/deep/m.py"), format!("n = {folder}\n"));
    }
    // Already committed: not part of the change.
    repo.write("f3/old.py", format!("k = '{AWS_KEY}'\n"));
    repo.git(&["add", "-A"]);
    repo.commit("start");
    repo.stage("f17/deep/m.py", format!("n = 17\n\nk = '{AWS_KEY}'\n"));
    repo.stage("f150/deep/m.py", "n = 150\nm = 2\n");
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [aws("f17/deep/m.py", 3, "block")]);
    // The same with the cache-tree made valid again.
    repo.git(&["write-tree"]);
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.findings(), [aws("f17/deep/m.py", 3, "block")]);
    // An unchanged folder's trees are not even read: removing them changes nothing.
    let trees = repo.git(&["rev-parse", "HEAD:f5", "HEAD:f5/deep"]);
    for id in trees.lines() {
        std::fs::remove_file(repo.path().join(".git/objects").join(&id[..2]).join(&id[2..])).unwrap();
    }
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [aws("f17/deep/m.py", 3, "block")]);
}

#[test]
fn an_index_read_from_another_tree_is_compared_where_its_cache_tree_differs() {
    let repo = Repo::new();
    repo.stage("s/keys.py", format!("x = 1\nk = '{AWS_KEY}'\n"));
    repo.stage("t/other.py", "y = 1\n");
    repo.commit("with the key");
    repo.stage("s/keys.py", "x = 1\n");
    repo.commit("without it");
    // The index becomes the older tree, cache-tree and all: valid, and not HEAD's.
    repo.git(&["read-tree", "HEAD~1"]);
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [aws("s/keys.py", 2, "block")]);
}

#[test]
fn a_tree_two_thousand_folders_deep_is_compared() {
    let repo = Repo::new();
    let path = format!("{}keys.py", "d/".repeat(2000));
    let import = format!(
        "commit refs/heads/main\ncommitter T <t@example.org> 0 +0000\ndata 4\ndeep\nM 100644 inline {path}\ndata 6\nx = 1\n\n"
    );
    git_with_input(&repo, &["fast-import", "--quiet"], import.as_bytes());
    repo.git(&["read-tree", "HEAD"]);
    let blob = git_with_input(
        &repo,
        &["hash-object", "-w", "--stdin"],
        format!("x = 1\nk = '{AWS_KEY}'\n").as_bytes(),
    );
    let info = format!("100644,{},{path}", blob.trim());
    repo.git(&["update-index", "--cacheinfo", &info]);
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [aws(&path, 2, "block")]);
}

#[test]
fn a_merge_in_progress_scans_both_sides_of_a_conflict_against_head() {
    let repo = Repo::new();
    repo.stage("c.py", "a = 1\n");
    repo.stage("d.py", "a = 1\n");
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "other"]);
    // Theirs: c.py brings a key, d.py has the one ours has too, clean.py merges cleanly.
    repo.stage("c.py", format!("a = 3\nk = '{AWS_KEY}'\n"));
    repo.stage("d.py", format!("a = 3\nk = '{AWS_KEY}'\n"));
    repo.stage("clean.py", format!("k = '{AWS_KEY}'\n"));
    repo.commit("theirs");
    repo.git(&["checkout", "-q", "main"]);
    repo.stage("c.py", "a = 2\n");
    repo.stage("d.py", format!("a = 2\nk = '{AWS_KEY}'\n"));
    repo.commit("ours");
    assert!(!repo.git_output(&["merge", "other"]).status.success());
    assert!(repo.git(&["ls-files", "--unmerged"]).contains("c.py"));
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        [
            aws("c.py", 2, "block"),
            aws("clean.py", 1, "block"),
            aws("d.py", 2, "warn")
        ]
    );
    assert!(
        run.stderr().contains(
            "c.py is unmerged (a merge in progress): both sides of the conflict (ours and theirs) were scanned against HEAD"
        ),
        "{}",
        run.stderr()
    );
}

#[test]
fn index_version_4_skip_hash_and_the_untracked_cache_are_read() {
    for settings in [
        &["update-index", "--index-version", "4"][..],
        &["config", "index.skipHash", "true"],
        &["update-index", "--untracked-cache"],
    ] {
        let repo = Repo::new();
        repo.stage("a/old.py", "x = 1\n");
        repo.commit("start");
        repo.git(settings);
        repo.git(&["status", "--porcelain"]);
        repo.stage("a/new.py", format!("k = '{AWS_KEY}'\n"));
        let run = repo.keyward(&["scan", "--format", "json"]);
        assert_eq!(run.code(), 1, "{settings:?}: {}", run.stderr());
        assert_eq!(run.findings(), [aws("a/new.py", 1, "block")], "{settings:?}");
    }
}

/// A known gap of gitoxide's index reader, named as such rather than as damage.
#[test]
fn an_index_path_of_4095_bytes_or_more_is_named_as_the_cause() {
    let repo = Repo::new();
    let path = format!("{}keys.py", "d/".repeat(2100));
    let blob = git_with_input(&repo, &["hash-object", "-w", "--stdin"], b"x = 1\n");
    let info = format!("100644,{},{path}", blob.trim());
    repo.git(&["update-index", "--add", "--cacheinfo", &info]);
    repo.stage("a.py", "x = 1\n");
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("keyward's index reader cannot decode it, though git can")
            && run
                .stderr()
                .contains("a path of 4,095 bytes or more is the known cause"),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_hook_reads_the_temporary_split_index_of_commit_all_and_commit_path() {
    let repo = Repo::new();
    repo.keyward(&["install"]);
    repo.git(&["config", "core.splitIndex", "true"]);
    repo.stage("app.py", "print('hi')\n");
    repo.commit("start");
    repo.write("app.py", format!("print('hi')\nKEY = '{AWS_KEY}'\n"));
    for args in [
        &["commit", "-a", "-q", "-m", "leak"][..],
        &["commit", "-q", "-m", "leak", "app.py"],
    ] {
        let blocked = repo.git_output(args);
        assert!(!blocked.status.success(), "{args:?} let a secret through");
        let out = String::from_utf8_lossy(&blocked.stderr);
        assert!(out.contains("error[aws.access-key-id]"), "{args:?}: {out}");
    }
}
