//! `keyward baseline`: accepted findings are skipped, new ones still
//! block, and entries survive edits above the secret.

use crate::common::{finding, Repo, AWS_KEY, DJANGO_KEY};

const OTHER_AWS_KEY: &str = "AKIAQX3DZ7N2PLR5TW6M";

fn settings(above: &str) -> String {
    format!("{above}SECRET_KEY = '{DJANGO_KEY}'\nDEBUG = False\n")
}

/// A repository with one committed secret, recorded in a baseline.
fn baselined_repo() -> Repo {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", settings("import os\n\n"));
    repo.commit("old debt");
    let run = repo.keyward(&["baseline"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    repo
}

#[test]
fn the_baseline_file_lists_fingerprints_never_the_secret() {
    let repo = baselined_repo();
    let text = String::from_utf8(repo.read(".keyward-baseline.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 1);
    let entry = &value["findings"][0];
    assert_eq!(entry["rule"], "django.secret-key");
    assert_eq!(entry["path"], "mysite/settings.py");
    assert_eq!(entry["line"], 3);
    assert!(entry["fingerprint"]
        .as_str()
        .unwrap()
        .starts_with("django.secret-key:mysite/settings.py:"));
    assert!(!text.contains(&DJANGO_KEY[..8]), "{text}");
    // Writing again changes nothing: no timestamps, a stable order.
    repo.keyward(&["baseline"]);
    assert_eq!(
        String::from_utf8(repo.read(".keyward-baseline.json")).unwrap(),
        text
    );
}

#[test]
fn a_baseline_silences_exactly_the_recorded_findings() {
    let repo = baselined_repo();
    repo.stage(
        "mysite/settings.py",
        format!("{}AWS = '{AWS_KEY}'\n", settings("import os\n\n")),
    );
    let run = repo.keyward(&[
        "scan",
        "--strict",
        "--baseline",
        ".keyward-baseline.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "mysite/settings.py", 5, "block")]
    );
}

#[test]
fn the_config_names_the_baseline() {
    let repo = baselined_repo();
    // Away from the root, where it would be found by itself.
    std::fs::create_dir(repo.path().join("ci")).unwrap();
    std::fs::rename(
        repo.path().join(".keyward-baseline.json"),
        repo.path().join("ci/known.json"),
    )
    .unwrap();
    repo.stage("mysite/settings.py", settings("import os\nimport sys\n\n"));
    let run = repo.keyward(&["scan", "--strict", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "mysite/settings.py", 4, "block")]
    );
    repo.stage(".keyward.toml", "baseline = \"ci/known.json\"\n");
    let run = repo.keyward(&["scan", "--strict", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.findings().is_empty());
}

#[test]
fn fingerprints_survive_an_edit_above_the_secret() {
    let repo = baselined_repo();
    repo.stage(
        "mysite/settings.py",
        settings("import os\nimport sys\n\nBASE = 'x'\n\n"),
    );
    let args = [
        "scan",
        "--strict",
        "--baseline",
        ".keyward-baseline.json",
        "--format",
        "json",
    ];
    let run = repo.keyward(&args);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.findings().is_empty());

    // The same secret in another file is a new finding.
    repo.stage("deploy/settings.py", settings(""));
    let run = repo.keyward(&args);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "deploy/settings.py", 1, "block")]
    );
}

#[test]
fn prune_drops_entries_that_match_nothing() {
    let repo = Repo::new();
    repo.stage("a.env", format!("AWS_ACCESS_KEY_ID={AWS_KEY}\n"));
    repo.stage("b.env", format!("AWS_ACCESS_KEY_ID={OTHER_AWS_KEY}\n"));
    let run = repo.keyward(&["baseline"]);
    assert_eq!(
        run.stdout(),
        format!(
            "keyward: wrote {} with 2 findings (2 new, 0 pruned)\n{}\n",
            repo.path().join(".keyward-baseline.json").display(),
            "keyward: scans here skip these findings by themselves: the baseline at the repository root is found without configuration"
        )
    );
    repo.git(&["rm", "-q", "--cached", "b.env"]);

    let run = repo.keyward(&["baseline"]);
    assert!(
        run.stdout().contains(" with 2 findings (0 new, 0 pruned)"),
        "{}",
        run.stdout()
    );
    let run = repo.keyward(&["baseline", "--prune"]);
    assert!(
        run.stdout().contains(" with 1 finding (0 new, 1 pruned)"),
        "{}",
        run.stdout()
    );
    let text = String::from_utf8(repo.read(".keyward-baseline.json")).unwrap();
    assert!(text.contains("\"path\": \"a.env\""), "{text}");
    assert!(!text.contains("b.env"), "{text}");
}

#[test]
fn a_missing_or_broken_baseline_is_an_error() {
    let repo = Repo::new();
    repo.stage("app.py", "print('hi')\n");
    let run = repo.keyward(&["scan", "--baseline", "missing.json"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .starts_with("keyward: error: cannot read the baseline missing.json: "),
        "{}",
        run.stderr()
    );
    repo.write("broken.json", "{\"version\": 1, \"findings\": [}\n");
    let run = repo.keyward(&["scan", "--baseline", "broken.json"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .starts_with("keyward: error: broken.json:1:29: not a keyward baseline"),
        "{}",
        run.stderr()
    );
}
