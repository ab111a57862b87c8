//! The flags users of gitleaks and ruff reach for: `--exit-zero`, `-q`
//! everywhere, `history --rules`, and `keyward rules` as a program reads it.

use crate::common::{finding, Repo, AWS_KEY, DJANGO_KEY};

/// A custom rule in a `.keyward.toml`, and a re-graded built-in one.
const CUSTOM: &str = r#"
[severity]
"django.allowed-hosts" = "warn"

[[rule]]
id = "acme.api-token"
title = "Acme API token"
description = "An Acme API token."
severity = "block"
keywords = ["acme_"]
regex = 'acme_(?P<secret>[a-z0-9]{32})'
remediation = "Revoke it."
docs = "https://example.org/acme"
examples = ["T = 'acme_0f3c9a2e1b7d4c605f3c9a2e1b7d4c60'"]
counterexamples = ["T = os.environ['T']"]
"#;

#[test]
fn exit_zero_reports_blocking_findings_and_exits_0_but_not_on_errors() {
    let dir = Repo::empty_dir();
    dir.write("app.py", format!("KEY = '{AWS_KEY}'\n"));
    let run = dir.keyward(&["scan", "app.py", "--exit-zero", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(run.findings()[0].0, "aws.access-key-id");
    assert_eq!(run.findings()[0].3, "block");

    let run = dir.keyward(&["scan", "missing.py", "--exit-zero"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
}

#[test]
fn quiet_leaves_the_findings_and_drops_the_summary_and_confirmations() {
    let repo = Repo::new();
    repo.stage("app.py", format!("KEY = '{AWS_KEY}'\n"));
    let run = repo.keyward(&["scan", "-q"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stdout().contains("error[aws.access-key-id]"),
        "{}",
        run.stdout()
    );
    assert!(!run.stdout().contains("blocking finding"), "{}", run.stdout());
    assert_eq!(run.stderr(), "");
    // Before or after the subcommand, as a global flag.
    let run = repo.keyward(&["-q", "scan", "--format", "sarif"]);
    assert_eq!(run.code(), 1);
    assert_eq!(run.stderr(), "");

    repo.commit("leak");
    let run = repo.keyward(&["history", "-q", "--format", "github"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stdout().contains("::error file=app.py,line=1"),
        "{}",
        run.stdout()
    );
    assert_eq!(run.stderr(), "");

    for args in [&["install", "-q"][..], &["baseline", "-q"]] {
        let run = repo.keyward(args);
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
        assert_eq!(
            (run.stdout(), run.stderr()),
            (String::new(), String::new()),
            "{args:?}"
        );
    }
    assert!(repo.path().join(".keyward-baseline.json").exists());
    assert!(repo.path().join(".git/hooks/pre-commit").exists());

    // Commands whose output is the point print it, quiet or not.
    for args in [
        &["rules", "-q", "django.debug"][..],
        &["explain", "-q", "django.debug"],
        &["config", "-q", "--show"],
        &["completions", "-q", "bash"],
        &["man", "-q"],
    ] {
        let run = repo.keyward(args);
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
        assert!(!run.stdout().is_empty(), "{args:?}");
    }
}

#[test]
fn history_rules_runs_only_the_named_rules() {
    let repo = Repo::new();
    repo.stage("app.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    repo.commit("two leaks");
    let rules =
        |run: &crate::common::Run| -> Vec<String> { run.findings().into_iter().map(|f| f.0).collect() };

    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(rules(&run), ["aws.access-key-id", "django.secret-key"]);
    let run = repo.keyward(&["history", "--rules", "aws", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(rules(&run), ["aws.access-key-id"]);
    let run = repo.keyward(&["history", "--rules", "nope"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("--rules nope selects no rule"),
        "{}",
        run.stderr()
    );
}

#[test]
fn rules_prints_json_and_a_prefix_that_matches_nothing_is_an_error() {
    let dir = Repo::empty_dir();
    let run = dir.keyward(&["rules", "django.secret-key", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let rules = run.json();
    let first = &rules[0];
    assert_eq!(first["id"], "django.secret-key");
    assert_eq!(first["severity"], "block");
    assert_eq!(first["origin"], "django.toml");
    assert_eq!(first["analyzer"], "django-settings");
    assert!(first["docs"]
        .as_str()
        .unwrap()
        .starts_with("https://docs.djangoproject.com/"));
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .all(|rule| rule["id"].as_str().unwrap().starts_with("django.secret-key")));

    let run = dir.keyward(&["rules", "djnago"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stderr(),
        "keyward: error: no rule id starts with \"djnago\"; `keyward rules` lists them\n"
    );
}

#[test]
fn rules_lists_custom_rules_with_the_configured_severities() {
    let dir = Repo::empty_dir();
    dir.write(".keyward.toml", CUSTOM);
    let run = dir.keyward(&["rules", "acme"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(run.stdout().starts_with("acme.api-token"), "{}", run.stdout());
    assert!(
        run.stdout().contains("  block  Acme API token"),
        "{}",
        run.stdout()
    );
    let run = dir.keyward(&["rules", "django.allowed-hosts", "--format", "json"]);
    assert_eq!(run.json()[0]["severity"], "warn");

    let run = dir.keyward(&["rules", "--format", "markdown"]);
    assert!(
        run.stdout().contains("## Custom rules from `.keyward.toml`\n"),
        "{}",
        run.stdout()
    );
    assert!(run
        .stdout()
        .contains("| `acme.api-token` | block | Acme API token |"));

    dir.write("other.toml", "");
    let run = dir.keyward(&["rules", "acme", "--config", "other.toml"]);
    assert_eq!(run.code(), 2, "{}", run.stdout());
}

#[test]
fn explain_help_shows_only_the_options_explain_uses() {
    let dir = Repo::empty_dir();
    let help = dir.keyward(&["explain", "--help"]).stdout();
    assert!(help.contains("--config <FILE>"), "{help}");
    for unused in ["--baseline", "--max-file-size", "--format", "--show-secrets"] {
        assert!(!help.contains(unused), "{unused} in {help}");
    }
}

#[test]
fn scan_dash_says_what_the_analysers_must_tell() {
    let repo = Repo::new();
    let run = repo.keyward_stdin(
        &[
            "scan",
            "-",
            "--stdin-filename",
            "requirements.txt",
            "--format",
            "json",
        ],
        b"Django==2.2.0\n",
    );
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        [finding(
            "python.vulnerable-dependency",
            "requirements.txt",
            1,
            "block"
        )]
    );
    // The built-in advisory data is old: said once, as in every other scan.
    assert_eq!(run.stderr().matches("days old").count(), 1, "{}", run.stderr());
}

#[test]
fn scan_dash_reads_stdin_named_by_stdin_filename() {
    let repo = Repo::new();
    let settings = format!("SECRET_KEY = '{DJANGO_KEY}'\nDEBUG = True\n");
    let run = repo.keyward_stdin(
        &[
            "scan",
            "-",
            "--stdin-filename",
            "mysite/settings.py",
            "--format",
            "json",
        ],
        settings.as_bytes(),
    );
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        [
            finding("django.secret-key", "mysite/settings.py", 1, "block"),
            finding("django.debug", "mysite/settings.py", 2, "block"),
        ]
    );
    assert!(!run.stdout().contains(DJANGO_KEY));
    assert_eq!(run.json()["summary"]["files_scanned"], 1);
    // Nothing was staged or written: stdin is not the index.
    assert_eq!(repo.git(&["status", "--porcelain"]), "");

    // The path decides: the same text as a test's settings only warns.
    let run = repo.keyward_stdin(
        &[
            "scan",
            "-",
            "--stdin-filename",
            "tests/settings.py",
            "--format",
            "json",
        ],
        settings.as_bytes(),
    );
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(
        run.findings().iter().all(|f| f.3 == "warn"),
        "{:?}",
        run.findings()
    );

    // Without a name it is `-`, and provider rules still apply.
    let run = repo.keyward_stdin(
        &["scan", "-", "--format", "json"],
        format!("k={AWS_KEY}\n").as_bytes(),
    );
    assert_eq!(run.findings(), [finding("aws.access-key-id", "-", 1, "block")]);

    let run = repo.keyward_stdin(&["scan", "-", "app.py"], b"");
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("`-` reads standard input and is scanned alone:"),
        "{}",
        run.stderr()
    );
    let run = repo.keyward(&["scan", "app.py", "--stdin-filename", "x.py"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("pass - as the path"), "{}", run.stderr());
}

#[test]
fn colour_follows_no_color_and_clicolor_force() {
    let dir = Repo::empty_dir();
    dir.write("app.py", format!("KEY = '{AWS_KEY}'\n"));
    let run = |env: &[(&str, &str)], extra: &[&str]| {
        let mut command = crate::common::isolated(
            std::process::Command::new(crate::common::keyward_binary()),
            dir.path(),
        );
        command
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .envs(env.iter().copied())
            .args(["scan", "app.py"])
            .args(extra);
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    const ESC: &str = "\u{1b}[";
    // A pipe gets no colour by default, and colour when forced.
    assert!(!run(&[], &[]).contains(ESC));
    assert!(run(&[("CLICOLOR_FORCE", "1")], &[]).contains(ESC));
    // NO_COLOR wins over CLICOLOR_FORCE, and --color over both.
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).contains(ESC));
    assert!(!run(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]).contains(ESC));
    assert!(run(&[("NO_COLOR", "1")], &["--color", "always"]).contains(ESC));
}
