//! Paths mean one thing: repository-relative in every report, named paths
//! relative to the current folder as git pathspecs are, odd names taken
//! literally, and a name that matches nothing said out loud.

use crate::common::{finding, Repo, AWS_KEY};

fn aws(path: &str) -> (String, String, u64, String) {
    finding("aws.access-key-id", path, 1, "block")
}

#[test]
fn a_backslash_and_a_dash_are_parts_of_a_name() {
    let repo = Repo::new();
    repo.stage("back\\slash.py", format!("k = '{AWS_KEY}'\n"));
    repo.stage("-", format!("k = '{AWS_KEY}'\n"));
    for args in [
        &["scan", "--staged", "--format", "json", "back\\slash.py"][..],
        &["scan", "--format", "json", "back\\slash.py"],
    ] {
        let run = repo.keyward(args);
        assert_eq!(run.code(), 1, "{args:?}: {}", run.stderr());
        assert_eq!(run.findings(), [aws("back\\slash.py")], "{args:?}");
    }
    let run = repo.keyward(&["scan", "--staged", "--format", "json", "-"]);
    assert_eq!(run.findings(), [aws("-")]);
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.findings(), [aws("-"), aws("back\\slash.py")]);
}

#[test]
fn a_named_path_that_matches_nothing_is_said() {
    let repo = Repo::new();
    repo.stage("app.py", "x = 1\n");
    repo.write("pkg/new.py", "x = 1\n");
    let run = repo.keyward_in(
        &repo.path().join("pkg"),
        &["scan", "--staged", "new.py", "../app.py"],
    );
    assert_eq!(run.code(), 0);
    assert_eq!(
        run.stderr(),
        "keyward: note: pkg/new.py matches nothing in the index (not staged, or deleted); nothing of it was scanned\n"
    );
    assert_eq!(run.stdout(), "keyward: no findings in 1 file scanned\n");
}

#[test]
fn from_a_subfolder_paths_stay_repository_relative_and_filters_apply() {
    let repo = Repo::new();
    repo.stage("pkg/keys.py", format!("k = '{AWS_KEY}'\n"));
    repo.stage("pkg/fixtures/k.py", format!("k = '{AWS_KEY}'\n"));
    repo.commit("keys");
    assert_eq!(repo.keyward(&["baseline"]).code(), 0);
    repo.stage(
        ".keyward.toml",
        "baseline = \".keyward-baseline.json\"\n[allow]\npaths = [\"pkg/fixtures/**\"]\n",
    );
    let pkg = repo.path().join("pkg");
    for args in [
        &["scan", "--format", "json", "."][..],
        &["scan", "--format", "json", "keys.py"],
    ] {
        let run = repo.keyward_in(&pkg, args);
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stdout());
        assert_eq!(run.findings(), [], "{args:?}");
    }
    // Without the baseline, the finding is there, under its full path.
    std::fs::write(
        repo.path().join(".keyward-baseline.json"),
        "{\"version\": 1, \"findings\": []}",
    )
    .unwrap();
    let run = repo.keyward_in(&pkg, &["scan", "--format", "json", "."]);
    assert_eq!(run.findings(), [aws("pkg/keys.py")], "{}", run.stderr());
}

#[test]
fn a_configuration_file_that_is_a_symbolic_link_is_refused() {
    let repo = Repo::new();
    std::os::unix::fs::symlink("/etc/hostname", repo.path().join(".keyward.toml")).unwrap();
    repo.git(&["add", ".keyward.toml"]);
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stderr(),
        "keyward: error: .keyward.toml is staged as a symbolic link; keyward reads only a regular file: stage the file itself, or name it with --config\n"
    );
    let run = repo.keyward(&["scan", "."]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains(".keyward.toml is a symbolic link"),
        "{}",
        run.stderr()
    );
}

#[test]
fn naming_the_root_or_a_folder_in_a_staged_scan() {
    let repo = Repo::new();
    repo.stage("docs/a.md", "x\n");
    repo.commit("docs");
    repo.stage("k.py", format!("k = '{AWS_KEY}'\n"));
    let run = repo.keyward(&["scan", "--staged", "--format", "json", "."]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), [aws("k.py")]);
    // A folder with nothing staged is in the index: not "matches nothing".
    let run = repo.keyward(&["scan", "--staged", "docs"]);
    assert_eq!(run.code(), 0);
    assert_eq!(run.stderr(), "");
}
