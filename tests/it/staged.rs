//! `keyward scan --staged`: what is in the index, never the working tree.

use crate::common::{finding, Repo, AWS_KEY, DJANGO_KEY};

fn settings_with_key() -> String {
    format!("import os\n\nSECRET_KEY = '{DJANGO_KEY}'\nDEBUG = False\n")
}

#[test]
fn a_secret_in_the_initial_commit_blocks() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", settings_with_key());
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "mysite/settings.py", 3, "block")]
    );
    assert_eq!(run.json()["findings"][0]["column"], 15);
    assert_eq!(run.json()["summary"]["blocking"], 1);
}

#[test]
fn plain_scan_inside_a_repository_scans_what_is_staged() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", "DEBUG = True\n");
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 1);
    assert!(run.stdout().contains("error[django.debug]"), "{}", run.stdout());
    assert!(
        run.stdout().contains("--> mysite/settings.py:1:9"),
        "{}",
        run.stdout()
    );
    insta::assert_snapshot!(run.stdout());
}

#[test]
fn the_index_is_scanned_not_the_working_tree() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", settings_with_key());
    // The working copy is cleaned, but the secret is still staged.
    repo.write(
        "mysite/settings.py",
        "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n",
    );
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(run.findings()[0].0, "django.secret-key");
}

#[test]
fn an_unstaged_secret_does_not_block() {
    let repo = Repo::new();
    repo.stage("app.py", "print('hello')\n");
    repo.write("app.py", format!("KEY = '{AWS_KEY}'\n"));
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.findings().is_empty());
}

#[test]
fn findings_already_in_head_warn_and_strict_makes_them_block() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", settings_with_key());
    repo.commit("old debt");
    repo.stage(
        "mysite/settings.py",
        format!("{}ALLOWED_HOSTS = ['shop.example.com']\n", settings_with_key()),
    );

    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "mysite/settings.py", 3, "warn")]
    );
    assert!(run.json()["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("already in HEAD"));

    let strict = repo.keyward(&["scan", "--strict", "--format", "json"]);
    assert_eq!(strict.code(), 1);
    assert_eq!(strict.findings()[0].3, "block");
}

#[test]
fn old_debt_is_one_line_per_file_and_new_findings_are_shown_in_full() {
    let repo = Repo::new();
    repo.stage(
        "hc/settings.py",
        format!("{}ALLOWED_HOSTS = ['*']\n", settings_with_key()),
    );
    repo.commit("old debt");
    repo.stage(
        "hc/settings.py",
        format!(
            "{}ALLOWED_HOSTS = ['*']\nAWS = '{AWS_KEY}'\n",
            settings_with_key()
        ),
    );

    let run = repo.keyward(&["scan", "--staged"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let stdout = run.stdout();
    assert!(
        stdout.contains("2 existing warnings in hc/settings.py: keyward scan --staged -v shows them"),
        "{stdout}"
    );
    assert!(stdout.contains("error[aws.access-key-id]"), "{stdout}");
    assert!(!stdout.contains("warning[django.secret-key]"), "{stdout}");
    assert!(stdout.contains("1 blocking finding, 2 warnings"), "{stdout}");

    let verbose = repo.keyward(&["scan", "--staged", "-v"]);
    assert!(
        verbose.stdout().contains("warning[django.secret-key]"),
        "{}",
        verbose.stdout()
    );
    assert!(
        !verbose.stdout().contains("existing warning"),
        "{}",
        verbose.stdout()
    );
}

#[test]
fn only_added_lines_block_in_a_modified_file() {
    let repo = Repo::new();
    let secure = "SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 3600\n";
    repo.stage(
        "config/settings/production.py",
        format!("from .base import *\n{secure}"),
    );
    repo.commit("start");
    repo.stage(
        "config/settings/production.py",
        format!("from .base import *\n{secure}DEBUG = True\n"),
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![finding(
            "django.debug",
            "config/settings/production.py",
            4,
            "block"
        )]
    );
}

/// git has no lines to compare when it takes a side for binary: every
/// line of the new text is new (found by the added_lines fuzz target).
#[test]
fn text_that_git_diffs_as_binary_counts_whole() {
    let repo = Repo::new();
    repo.stage("creds.txt", b"\0binary\n");
    repo.stage(".gitattributes", "*.cfg -diff\n");
    repo.stage("app.cfg", "region = eu\n");
    repo.commit("start");
    repo.stage("creds.txt", format!("aws_access_key_id = {AWS_KEY}\n"));
    repo.stage("app.cfg", format!("region = eu\nkey = {AWS_KEY}\n"));
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![
            finding("aws.access-key-id", "app.cfg", 2, "block"),
            finding("aws.access-key-id", "creds.txt", 1, "block"),
        ]
    );
}

#[test]
fn a_renamed_file_keeps_its_old_findings_as_warnings() {
    let repo = Repo::new();
    repo.stage(
        "old/settings.py",
        format!(
            "{}\n# a long enough file\n# to be seen as a rename\n",
            settings_with_key()
        ),
    );
    repo.commit("start");
    std::fs::create_dir_all(repo.path().join("new")).unwrap();
    repo.git(&["mv", "old/settings.py", "new/settings.py"]);
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "new/settings.py", 3, "warn")]
    );
}

#[test]
fn binary_and_oversized_blobs_are_skipped_with_a_note() {
    let repo = Repo::new();
    let mut binary = format!("KEY = '{AWS_KEY}'\n").into_bytes();
    binary.push(0);
    repo.stage("blob.bin", binary);
    repo.stage("big.txt", format!("{}KEY = '{AWS_KEY}'\n", "x".repeat(200)));
    repo.stage("small.txt", "nothing here\n");
    let run = repo.keyward(&["scan", "-v", "--max-file-size", "100"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let notes = run.stderr();
    assert!(notes.contains("note: skipped blob.bin: binary"), "{notes}");
    assert!(
        notes.contains("note: skipped big.txt: 229 bytes, above --max-file-size 100"),
        "{notes}"
    );
    assert!(
        run.stdout().contains("no findings in 1 file scanned, 2 skipped"),
        "{}",
        run.stdout()
    );
}

#[test]
fn symlinks_and_submodules_are_skipped_with_a_note() {
    let (repo, _sub) = Repo::with_submodule_and_symlink();
    let run = repo.keyward(&["scan", "-v"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    crate::common::assert_submodule_and_symlink_noted(&run.stderr());
}

#[test]
fn invalid_utf8_is_scanned_as_bytes() {
    let repo = Repo::new();
    let mut text = b"caf\xe9 = 1\n".to_vec();
    text.extend_from_slice(format!("aws = '{AWS_KEY}'\n").as_bytes());
    repo.stage("latin1.txt", text);
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "latin1.txt", 2, "block")]
    );
}

#[test]
fn outside_a_repository_is_an_error_with_exit_code_2() {
    let dir = Repo::empty_dir();
    let run = dir.keyward(&["scan", "--staged"]);
    assert_eq!(run.code(), 2);
    let stderr = run.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("keyward: error: "), "{stderr}");
    assert!(stderr.contains("is not inside a git repository"), "{stderr}");
}

#[test]
fn bad_arguments_exit_with_code_2() {
    let repo = Repo::new();
    assert_eq!(repo.keyward(&["scan", "--format", "xml"]).code(), 2);
    assert_eq!(repo.keyward(&["scan", "--max-file-size", "huge"]).code(), 2);
}

#[test]
fn an_empty_repository_and_a_bare_one_just_work() {
    let repo = Repo::new();
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(run.stdout().contains("no findings in 0 files scanned"));

    let bare = Repo::empty_dir();
    bare.git(&["init", "-q", "--bare"]);
    let run = bare.keyward(&["scan", "--staged"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
}

#[test]
fn inline_allow_silences_a_line_or_only_the_named_rule() {
    let repo = Repo::new();
    repo.stage(
        "app.py",
        format!(
            "AWS = '{AWS_KEY}'  # keyward:allow\nOTHER = '{AWS_KEY}'  # keyward:allow github.token\nTHIRD = '{AWS_KEY}'  # keyward:allow aws.access-key-id\n"
        ),
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "app.py", 2, "block")]
    );
}

#[test]
fn secrets_are_redacted_unless_asked_for() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", settings_with_key());
    for args in [&["scan"][..], &["scan", "--format", "json"]] {
        let out = repo.keyward(args).stdout();
        assert!(out.contains("ujz^****"), "{out}");
        assert!(!out.contains(DJANGO_KEY), "{out}");
        assert!(!out.contains("ujz^d"), "{out}");
    }
    let shown = repo.keyward(&["scan", "--show-secrets"]).stdout();
    assert!(shown.contains(DJANGO_KEY), "{shown}");
}

#[test]
fn json_has_the_documented_shape() {
    let repo = Repo::new();
    repo.stage(".env", format!("AWS_ACCESS_KEY_ID={AWS_KEY}\n"));
    let json = repo.keyward(&["scan", "--format", "json"]).json();
    let finding = &json["findings"][0];
    let mut keys: Vec<&str> = finding.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "column",
            "docs",
            "fingerprint",
            "line",
            "message",
            "path",
            "remediation",
            "rule",
            "secret",
            "severity"
        ]
    );
    assert_eq!(finding["rule"], "aws.access-key-id");
    assert_eq!(finding["secret"], "AKIA****");
    assert!(finding["fingerprint"]
        .as_str()
        .unwrap()
        .starts_with("aws.access-key-id:.env:"));
    assert!(finding["docs"].as_str().unwrap().starts_with("https://"));
    assert_eq!(
        json["summary"],
        serde_json::json!({"blocking": 1, "warnings": 0, "files_scanned": 1, "files_skipped": 0})
    );
}

#[test]
fn named_paths_limit_the_staged_scan_and_unchanged_ones_count_whole() {
    let repo = Repo::new();
    repo.stage("old.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.commit("old");
    repo.stage("a.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.stage("b.py", format!("KEY = '{AWS_KEY}'\n"));

    let run = repo.keyward(&["scan", "--staged", "--format", "json", "a.py"]);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "a.py", 1, "block")]
    );

    // Named but unchanged (pre-commit run --all-files): every finding counts.
    let run = repo.keyward(&["scan", "--staged", "--format", "json", "old.py"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "old.py", 1, "block")]
    );

    // The same for the settings analysis.
    repo.stage("mysite/settings.py", settings_with_key());
    repo.commit("settings");
    let run = repo.keyward(&["scan", "--staged", "--format", "json", "mysite/settings.py"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "mysite/settings.py", 3, "block")]
    );

    // Paths are taken relative to the current directory.
    std::fs::create_dir_all(repo.path().join("sub")).unwrap();
    let run = repo.keyward_in(
        &repo.path().join("sub"),
        &["scan", "--staged", "--format", "json", "../b.py"],
    );
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "b.py", 1, "block")]
    );
}

#[test]
fn the_repository_is_left_untouched() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", settings_with_key());
    repo.commit("one");
    repo.stage(
        "mysite/settings.py",
        format!("{}DEBUG = True\n", settings_with_key()),
    );
    repo.write("untracked.txt", "x\n");
    let index = repo.read(".git/index");
    let status = repo.git(&["status", "--porcelain"]);
    let objects = repo.git(&["count-objects", "-v"]);
    repo.keyward(&["scan"]);
    repo.keyward(&["scan", "--strict", "--format", "json"]);
    repo.keyward(&["scan", "mysite"]);
    assert_eq!(repo.read(".git/index"), index);
    assert_eq!(repo.git(&["status", "--porcelain"]), status);
    assert_eq!(repo.git(&["count-objects", "-v"]), objects);
}
