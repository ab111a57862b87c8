//! `.keyward.toml`: disabling and re-grading rules, custom rules,
//! allowlists, and faults that name their line.

use crate::common::{finding, Repo, AWS_KEY, DJANGO_KEY};

const CUSTOM_RULE: &str = r#"
[[rule]]
id = "acme.token"
title = "Acme API token"
description = "An Acme API token."
severity = "block"
keywords = ["acme_"]
regex = 'acme_(?P<secret>[a-z0-9]{16})'
remediation = "Revoke it in the Acme console."
docs = "https://acme.example/tokens"
examples = ["token = 'acme_0123456789abcdef'"]
counterexamples = ["token = 'acme_short'"]
"#;

/// A repository with a settings file that trips two Django rules.
fn django_repo() -> Repo {
    let repo = Repo::new();
    repo.stage(
        "mysite/settings.py",
        format!("SECRET_KEY = '{DJANGO_KEY}'\nDEBUG = True\n"),
    );
    repo
}

#[test]
fn a_disabled_rule_stays_silent_and_a_regraded_one_warns() {
    let repo = django_repo();
    repo.stage(
        ".keyward.toml",
        "disable = [\"django.debug\"]\n\n[severity]\n\"django.secret-key\" = \"warn\"\n",
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "mysite/settings.py", 1, "warn")]
    );
}

#[test]
fn configuration_raises_an_analyser_warning_to_block() {
    let repo = Repo::new();
    repo.stage(
        "mysite/settings/production.py",
        "import os\nDEBUG = False\nSECRET_KEY = os.environ['SECRET_KEY']\nALLOWED_HOSTS = ['example.com']\n",
    );
    repo.stage(
        ".keyward.toml",
        "[severity]\n\"django.deploy.hsts\" = \"block\"\n",
    );
    let run = repo.keyward(&["scan", "--format", "json", "--rules", "django.deploy.hsts"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding(
            "django.deploy.hsts",
            "mysite/settings/production.py",
            1,
            "block"
        )]
    );
}

#[test]
fn a_custom_rule_fires() {
    let repo = Repo::new();
    repo.stage(".keyward.toml", CUSTOM_RULE);
    repo.stage("app.py", "\nACME = 'acme_fedcba9876543210'\n");
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(run.findings(), vec![finding("acme.token", "app.py", 2, "block")]);
}

#[test]
fn the_staged_configuration_counts_not_the_working_copy() {
    let repo = django_repo();
    repo.stage(".keyward.toml", "disable = [\"django.debug\"]\n");
    repo.write(".keyward.toml", "disable = []\n");
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "mysite/settings.py", 1, "block")]
    );
}

#[test]
fn a_config_flag_names_the_file() {
    let repo = django_repo();
    // Without the specific rule, the generic fallback would report the key.
    repo.write(
        "ci/keyward.toml",
        "disable = [\"django.secret-key\", \"django.debug\", \"generic.secret-assignment\"]\n",
    );
    let run = repo.keyward(&["scan", "--config", "ci/keyward.toml", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.findings().is_empty());
}

#[test]
fn a_path_scan_reads_the_file_on_disk() {
    let dir = Repo::empty_dir();
    dir.write(".keyward.toml", "[allow]\npaths = [\"fixtures/**\"]\n");
    dir.write("fixtures/aws.env", format!("AWS_ACCESS_KEY_ID={AWS_KEY}\n"));
    dir.write("app.env", format!("AWS_ACCESS_KEY_ID={AWS_KEY}\n"));
    let run = dir.keyward(&["scan", ".", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "app.env", 1, "block")]
    );
}

#[test]
fn allowlists_apply_globally_and_per_rule() {
    let repo = Repo::new();
    repo.stage(
        ".keyward.toml",
        r#"
[allow]
stopwords = ["DUMMY"]

[allow.rules."aws.access-key-id"]
regexes = ['^AKIAEUVW']
"#,
    );
    repo.stage(
        "app.py",
        format!("KEY = '{AWS_KEY}'\nPASSWORD = 'dummy-Xk3#pQ9!zR7@wL2$'\nTOKEN = 'Xk3#pQ9!zR7@wL2$vB8^'\n"),
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("generic.secret-assignment", "app.py", 3, "block")]
    );
}

/// Lines that gitleaks, detect-secrets, bandit or ruff users already
/// marked as reviewed stay silent for the risk each marker is about.
#[test]
fn other_tools_line_markers_silence_their_risks() {
    let repo = Repo::new();
    repo.stage(
        "app/keys.py",
        format!("A = '{AWS_KEY}'  # gitleaks:allow\nB = '{AWS_KEY}'  # pragma: allowlist secret\nC = '{AWS_KEY}'  # noqa: S608\n"),
    );
    let query = |marker: &str| {
        format!("    cursor.execute(\"SELECT * FROM shop_order WHERE name = '%s'\" % name){marker}\n")
    };
    repo.stage(
        "shop/db.py",
        format!(
            "def by_name(cursor, name):\n{}{}{}{}",
            query("  # noqa: S608"),
            query("  # nosec B608"),
            query("  # nosec B301"),
            query("  # noqa"),
        ),
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![
            finding("aws.access-key-id", "app/keys.py", 3, "block"),
            finding("django.sql-interpolation", "shop/db.py", 4, "block"),
            finding("django.sql-interpolation", "shop/db.py", 5, "block"),
        ]
    );
}

#[test]
fn an_allowed_fingerprint_is_silent() {
    let repo = django_repo();
    let print = repo.keyward(&["scan", "--format", "json"]).json()["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    repo.stage(
        ".keyward.toml",
        format!("[allow]\nfingerprints = [\"{print}\"]\n"),
    );
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.debug", "mysite/settings.py", 2, "block")]
    );
}

/// Runs a staged scan with `config` and returns its one-line error.
fn config_error(config: &str) -> String {
    let repo = Repo::new();
    repo.stage(".keyward.toml", config);
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 2, "{}", run.stdout());
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
    run.stderr()
}

#[test]
fn config_errors_name_their_line_and_what_to_write() {
    assert_eq!(
        config_error("disable = []\nmax_file_size = 3\n"),
        "keyward: error: .keyward.toml:2:1: unknown field `max_file_size`, expected one of `max-file-size`, `baseline`, `disable`, `severity`, `allow`, `rule`\n"
    );
    assert_eq!(
        config_error("\ndisable = [\"django.debgu\"]\n"),
        "keyward: error: .keyward.toml:2:12: there is no rule `django.debgu`; write one of the ids `keyward rules` lists\n"
    );
    assert_eq!(
        config_error("disable = [\"django.debug\"]\n[severity]\n\"django.debug\" = \"warn\"\n"),
        "keyward: error: .keyward.toml:3:1: rule `django.debug` is disabled in this file; drop this entry, or take the rule out of `disable`\n"
    );
    assert_eq!(
        config_error("[allow]\nregexes = ['(unclosed']\n"),
        "keyward: error: .keyward.toml:2:12: invalid regex: unclosed group; write a regex over the secret, e.g. '^AKIA[A-Z0-9]+EXAMPLE$'\n"
    );
    assert_eq!(
        config_error("max-file-size = \"five\"\n"),
        "keyward: error: .keyward.toml:1:17: \"five\" is not a size; write bytes or a number with K, M or G (e.g. 5M)\n"
    );
}

#[test]
fn a_custom_rule_must_prove_itself() {
    let without = CUSTOM_RULE.replace("examples = [\"token = 'acme_0123456789abcdef'\"]\n", "");
    let err = config_error(&without);
    assert!(
        err.starts_with("keyward: error: .keyward.toml:2:1: rule acme.token needs both `examples`"),
        "{err}"
    );
    let failing = CUSTOM_RULE.replace("acme_0123456789abcdef", "acme_0123");
    let err = config_error(&failing);
    assert!(
        err.starts_with("keyward: error: .keyward.toml:2:1: rule acme.token (.keyward.toml): example at \"example\" is not found"),
        "{err}"
    );
    // Examples are often real-looking tokens: never echoed whole.
    assert!(!err.contains("acme_0123"), "{err}");
    assert!(err.contains(": toke**** ("), "{err}");
    let bad_regex = CUSTOM_RULE.replace("{16})'", "{16}'");
    let err = config_error(&bad_regex);
    assert!(
        err.starts_with("keyward: error: .keyward.toml:2:1: rule acme.token (.keyward.toml): invalid regex: unclosed group"),
        "{err}"
    );
}

#[test]
fn config_show_prints_the_effective_configuration() {
    let repo = Repo::new();
    repo.stage(
        ".keyward.toml",
        format!("max-file-size = \"1M\"\ndisable = [\"django.debug\"]\n\n[severity]\n\"django.allowed-hosts\" = \"warn\"\n{CUSTOM_RULE}"),
    );
    let run = repo.keyward(&["config", "--show"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let out = run.stdout();
    assert!(
        out.starts_with("# The effective configuration, from .keyward.toml.\n"),
        "{out}"
    );
    for line in [
        "max-file-size = 1048576\n",
        "disable = [\"django.debug\"]\n",
        "\"django.allowed-hosts\" = \"warn\"\n",
        "\"acme.token\" = \"block\"\n",
        "# Custom rules, defined in the file: acme.token\n",
    ] {
        assert!(out.contains(line), "{line:?} missing from:\n{out}");
    }
    assert!(!out.contains("\"django.debug\" ="), "{out}");
}

#[test]
fn explain_knows_custom_rules_and_their_configured_severity() {
    let repo = Repo::new();
    repo.stage(
        ".keyward.toml",
        format!("[severity]\n\"acme.token\" = \"warn\"\n{CUSTOM_RULE}"),
    );
    let run = repo.keyward(&["explain", "acme.token"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout().starts_with("acme.token (warn)\nAcme API token\n"),
        "{}",
        run.stdout()
    );
    assert!(run
        .stdout()
        .contains("\nHow to fix it\n    1. Revoke it in the Acme console.\n"));
    insta::assert_snapshot!(run.stdout());
}
