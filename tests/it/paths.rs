//! `keyward scan PATH...`: files and folders from disk; every finding counts.

use crate::common::{finding, Repo, AWS_KEY, DJANGO_KEY};

#[test]
fn a_folder_scan_honours_gitignore_and_reads_hidden_files() {
    let repo = Repo::new();
    repo.write(".gitignore", "ignored/\n");
    repo.write("ignored/keys.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.write(".env", format!("DJANGO_SECRET_KEY={DJANGO_KEY}\n"));
    repo.write(
        "config/settings/production.py",
        "from .base import *\n\nDEBUG = True\nSECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 3600\n",
    );
    repo.write("config/settings/local.py", "DEBUG = True\n");
    let run = repo.keyward(&["scan", ".", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![
            finding("django.secret-key", ".env", 1, "block"),
            finding("django.debug", "config/settings/production.py", 3, "block"),
        ]
    );
}

#[test]
fn named_files_are_scanned_outside_any_repository() {
    let dir = Repo::empty_dir();
    dir.write("deploy/.env.production", format!("AWS_ACCESS_KEY_ID={AWS_KEY}\n"));
    dir.write("clean.txt", "nothing\n");
    let run = dir.keyward(&["scan", "deploy/.env.production", "clean.txt", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "deploy/.env.production", 1, "block")]
    );
    assert_eq!(run.json()["summary"]["files_scanned"], 2);
}

#[test]
fn links_binaries_and_large_files_are_skipped_with_a_note() {
    let dir = Repo::empty_dir();
    dir.write("real.py", format!("KEY = '{AWS_KEY}'\n"));
    std::os::unix::fs::symlink(dir.path().join("real.py"), dir.path().join("link.py")).unwrap();
    dir.write("data.bin", b"\0\x01binary");
    let run = dir.keyward(&["scan", ".", "-v", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "real.py", 1, "block")]
    );
    assert!(
        run.stderr().contains("note: skipped link.py: symbolic link"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("note: skipped data.bin: binary"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let dir = Repo::empty_dir();
    let run = dir.keyward(&["scan", "nowhere.py"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .starts_with("keyward: error: cannot read nowhere.py:"),
        "{}",
        run.stderr()
    );
}

#[test]
fn placeholders_are_not_secrets() {
    let dir = Repo::empty_dir();
    dir.write(
        ".env.example",
        "DJANGO_SECRET_KEY=<your-secret-key>\nAPI_TOKEN=changeme\nDB_PASSWORD=${DB_PASSWORD}\nSTRIPE_KEY=xxxxxxxxxxxxxxxx\n",
    );
    let run = dir.keyward(&["scan", ".env.example", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.findings().is_empty());
}

#[test]
fn the_human_report_has_a_code_frame_and_the_fix() {
    let dir = Repo::empty_dir();
    dir.write("mysite/settings.py", format!("\nSECRET_KEY = '{DJANGO_KEY}'\n"));
    let out = dir.keyward(&["scan", "mysite"]).stdout();
    let expected = "\
error[django.secret-key]: Django SECRET_KEY committed to the repository (a literal key in production settings)
 --> mysite/settings.py:2:15
  |
2 | SECRET_KEY = 'ujz^****'
  |               ^^^^^^^^
  = fix: Read the key from the environment: SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"].
";
    assert!(out.starts_with(expected), "{out}");
    assert!(out.contains("  = docs: https://docs.djangoproject.com/en/stable/ref/settings/#secret-key\n"));
    assert!(
        out.ends_with("keyward: 1 blocking finding, 0 warnings in 1 file scanned\n"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = Repo::empty_dir();
    dir.write("keys.txt", format!("aws = {AWS_KEY}\n"));
    let always = dir.keyward(&["scan", "keys.txt", "--color", "always"]).stdout();
    assert!(always.contains("\u{1b}[31"), "{always:?}");
    // Not a terminal (a pipe), and NO_COLOR set by the test harness: plain.
    let auto = dir.keyward(&["scan", "keys.txt"]).stdout();
    assert!(!auto.contains('\u{1b}'), "{auto:?}");
}
