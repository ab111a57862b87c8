//! Configuration where Python projects keep it: `[tool.keyward]` in
//! `pyproject.toml`, `KEYWARD_CONFIG`, and the baseline found by itself.

use crate::common::{finding, Repo, AWS_KEY, DJANGO_KEY};

const PYPROJECT: &str = r#"[project]
name = "mysite"
version = "1.0"

[tool.ruff]
line-length = 99

[tool.keyward]
disable = ["aws.access-key-id"]

[tool.keyward.severity]
"django.allowed-hosts" = "warn"
"#;

fn staged_leaks() -> Repo {
    let repo = Repo::new();
    repo.stage("app.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.stage("mysite/settings.py", "ALLOWED_HOSTS = ['*']\n");
    repo
}

#[test]
fn pyproject_tool_keyward_configures_a_repository_without_keyward_toml() {
    let repo = staged_leaks();
    repo.stage("pyproject.toml", PYPROJECT);
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        [finding("django.allowed-hosts", "mysite/settings.py", 1, "warn")]
    );
    let shown = repo.keyward(&["config", "--show"]).stdout();
    assert!(shown.contains("from pyproject.toml"), "{shown}");

    // The staged copy wins: unstaging the table on disk changes nothing.
    repo.write("pyproject.toml", "[project]\nname = \"mysite\"\n");
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.findings().len(), 1, "{}", run.stdout());
    // A path scan reads the disk.
    let run = repo.keyward(&["scan", "app.py", "--format", "json"]);
    assert_eq!(
        run.findings(),
        [finding("aws.access-key-id", "app.py", 1, "block")]
    );

    // .keyward.toml wins over pyproject.toml.
    repo.stage("pyproject.toml", PYPROJECT);
    repo.stage(".keyward.toml", "disable = []\n");
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(run.findings()[0].0, "aws.access-key-id");
}

#[test]
fn a_mistake_in_tool_keyward_names_its_line_in_pyproject_toml() {
    let repo = staged_leaks();
    repo.stage(
        "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.keyward]\ndisable = [\"django.debgu\"]\n",
    );
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .starts_with("keyward: error: pyproject.toml:5:12: there is no rule `django.debgu`"),
        "{}",
        run.stderr()
    );
    // A pyproject.toml that never names keyward is not keyward's to judge.
    repo.stage("pyproject.toml", "[project\nbroken");
    assert_eq!(repo.keyward(&["scan"]).code(), 1);
}

#[test]
fn keyward_config_names_the_configuration_and_the_flag_wins() {
    let repo = staged_leaks();
    repo.write("team/keyward.toml", "disable = [\"aws.access-key-id\"]\n");
    repo.write(
        "team/pyproject.toml",
        "[tool.keyward]\ndisable = [\"django.allowed-hosts\"]\n",
    );
    let run = |env: &str, args: &[&str]| {
        let mut command = crate::common::isolated(
            std::process::Command::new(crate::common::keyward_binary()),
            repo.path(),
        );
        command
            .env("KEYWARD_CONFIG", env)
            .args(["scan", "--format", "json"])
            .args(args);
        crate::common::Run(command.output().unwrap())
    };
    let rules =
        |run: crate::common::Run| -> Vec<String> { run.findings().into_iter().map(|f| f.0).collect() };
    assert_eq!(rules(run("team/keyward.toml", &[])), ["django.allowed-hosts"]);
    assert_eq!(rules(run("team/pyproject.toml", &[])), ["aws.access-key-id"]);
    assert_eq!(
        rules(run("team/keyward.toml", &["--config", "team/pyproject.toml"])),
        ["aws.access-key-id"]
    );
    let missing = run("team/none.toml", &[]);
    assert_eq!(missing.code(), 2);
    assert!(
        missing
            .stderr()
            .contains("cannot read the configuration team/none.toml"),
        "{}",
        missing.stderr()
    );
    repo.write(
        "team/empty/pyproject.toml",
        "[project]\nname = \"keyward-user\"\n",
    );
    let empty = run("team/empty/pyproject.toml", &[]);
    assert_eq!(empty.code(), 2);
    assert!(
        empty.stderr().contains("has no [tool.keyward] table"),
        "{}",
        empty.stderr()
    );
}

#[test]
fn the_baseline_at_the_root_is_used_without_configuration() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    repo.commit("old debt");
    let run = repo.keyward(&["baseline"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout()
            .contains("scans here skip these findings by themselves"),
        "{}",
        run.stdout()
    );
    let run = repo.keyward(&["scan", ".", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.findings().is_empty());
    let shown = repo.keyward(&["config", "--show"]).stdout();
    assert!(shown.contains(".keyward-baseline.json"), "{shown}");

    // A baseline written elsewhere says how scans find it.
    let run = repo.keyward(&["baseline", "--baseline", "ci.json"]);
    assert!(
        run.stdout()
            .contains("`baseline = \"...\"` in the configuration, or --baseline"),
        "{}",
        run.stdout()
    );
}
