//! Cases the bad-input matrix found handled, kept handled: a linked
//! worktree, CRLF lines, a closed stdout and parallel runs.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::common::{finding, isolated, keyward_binary, Repo, AWS_KEY};

#[test]
fn a_linked_worktree_scans_its_own_index_and_shares_history() {
    let repo = Repo::new();
    repo.stage("a.py", "x = 1\n");
    repo.commit("start");
    repo.git(&["worktree", "add", "-q", "wt", "-b", "side"]);
    let worktree = repo.path().join("wt");
    std::fs::write(worktree.join("k.py"), format!("k = '{AWS_KEY}'\n")).unwrap();
    assert!(isolated(Command::new("git"), &worktree)
        .args(["add", "k.py"])
        .status()
        .unwrap()
        .success());
    let run = repo.keyward_in(&worktree, &["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [finding("aws.access-key-id", "k.py", 1, "block")]);
    // The main worktree's index has nothing staged.
    assert_eq!(repo.keyward(&["scan"]).code(), 0);
}

#[test]
fn crlf_lines_give_the_same_place_and_a_clean_frame() {
    let repo = Repo::new();
    repo.stage("k.py", format!("a = 1\r\nk = '{AWS_KEY}'\r\n"));
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.findings(), [finding("aws.access-key-id", "k.py", 2, "block")]);
    let out = repo.keyward(&["scan"]).stdout();
    assert!(out.contains("2 | k = 'AKIA****'\n"), "{out}");
    assert!(!out.contains('\r'), "{out}");
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let repo = Repo::new();
    let many: String = (0..2000).map(|i| format!("k{i} = '{AWS_KEY}'\n")).collect();
    repo.stage("k.py", many);
    let mut child = isolated(Command::new(keyward_binary()), repo.path())
        .arg("scan")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // The reader went away (`| head`).
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(status.code() == Some(1) || status.code().is_none(), "{status:?}");
}

#[test]
fn parallel_runs_agree() {
    let repo = Repo::new();
    repo.stage("k.py", format!("k = '{AWS_KEY}'\n"));
    let children: Vec<_> = (0..6)
        .map(|_| {
            isolated(Command::new(keyward_binary()), repo.path())
                .args(["scan", "--format", "json"])
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["findings"][0]["path"], "k.py");
    }
}
