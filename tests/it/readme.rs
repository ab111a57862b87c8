//! The README and docs/ tell the truth: docs/rules.md is what
//! `keyward rules --format markdown` prints, links lead somewhere, and the
//! examples run.

use std::path::Path;

use crate::common::{finding, Repo, AWS_KEY, DJANGO_KEY};

const README: &str = include_str!("../../README.md");
const CONFIGURATION: &str = include_str!("../../docs/configuration.md");
const CI: &str = include_str!("../../docs/ci.md");
const RULES: &str = include_str!("../../docs/rules.md");

#[test]
fn docs_rules_md_is_generated_and_current() {
    let dir = Repo::empty_dir();
    let run = dir.keyward(&["rules", "--format", "markdown"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout() == RULES,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    let listing = dir.keyward(&["rules"]).stdout();
    for id in listing.lines().filter_map(|line| line.split_whitespace().next()) {
        assert!(RULES.contains(&format!("| `{id}` |")), "docs/rules.md lacks {id}");
    }
    assert!(RULES.contains("| `django.secret-key` | block |"));
}

/// Every relative link of the README, CONTRIBUTING.md and docs/*.md names a
/// file that exists.
#[test]
fn links_between_the_docs_lead_somewhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md"), root.join("CONTRIBUTING.md")];
    pages.extend(
        std::fs::read_dir(root.join("docs"))
            .unwrap()
            .map(|entry| entry.unwrap().path()),
    );
    let mut checked = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        for target in text.split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
            let file = target.split('#').next().unwrap();
            if file.is_empty() || file.contains("://") {
                continue;
            }
            assert!(
                page.parent().unwrap().join(file).exists(),
                "{} links to {target}, which does not exist",
                page.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn the_readme_allow_comment_example_works() {
    let block = README
        .split("```python\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has a python example");
    let dir = Repo::empty_dir();
    dir.write("example.py", block);
    let run = dir.keyward(&["scan", "example.py", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());

    let without = block.replace("# keyward:allow github.token", "");
    dir.write("example.py", without);
    let run = dir.keyward(&["scan", "example.py", "--format", "json"]);
    assert_eq!(run.findings()[0].0, "github.token");
}

/// The first ```LANG block after the heading line `title` (`## Baselines`)
/// of `doc`.
fn example(doc: &'static str, title: &str, lang: &str) -> &'static str {
    let heading = format!("{title}\n");
    let start = match doc.starts_with(&heading) {
        true => Some(0),
        false => doc.find(&format!("\n{heading}")),
    };
    start
        .and_then(|at| doc[at..].split(&format!("```{lang}\n")).nth(1))
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("no {lang} example under {title}"))
}

/// A shell that finds the keyward under test first on PATH.
fn shell(repo: &Repo, script: &str) -> std::process::Output {
    let bin = crate::common::keyward_binary();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    crate::common::isolated(std::process::Command::new("sh"), repo.path())
        .args(["-ec", script])
        .env("PATH", path)
        .output()
        .expect("sh runs")
}

#[test]
fn the_configuration_example_works() {
    let repo = Repo::new();
    repo.stage(".keyward.toml", example(CONFIGURATION, "# Configuration", "toml"));
    repo.stage("app.py", "ACME_TOKEN = 'acme_9a8b7c6d5e4f30219a8b7c6d5e4f3021'\n");
    repo.stage("tests/fixtures/aws.env", format!("AWS_ACCESS_KEY_ID={AWS_KEY}\n"));
    repo.stage("mysite/settings.py", "ALLOWED_HOSTS = ['*']\n");
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![
            finding("acme.api-token", "app.py", 1, "block"),
            finding("django.allowed-hosts", "mysite/settings.py", 1, "warn"),
        ]
    );
    assert_eq!(repo.keyward(&["config", "--show"]).code(), 0);
}

#[test]
fn the_pyproject_configuration_example_works() {
    let block = CONFIGURATION
        .split("```toml\n# pyproject.toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/configuration.md has a pyproject.toml example");
    let repo = Repo::new();
    repo.stage(
        "pyproject.toml",
        format!("[project]\nname = \"mysite\"\n\n{block}"),
    );
    repo.stage("app.py", "password = 'hunter2Xk9Lm2Qp7Zt'\n");
    repo.stage("mysite/settings.py", "ALLOWED_HOSTS = ['*']\n");
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding("django.allowed-hosts", "mysite/settings.py", 1, "warn")]
    );
}

#[test]
fn the_configuration_error_is_what_keyward_prints() {
    let block = CONFIGURATION
        .split("```text\nkeyward: error: .keyward.toml")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/configuration.md shows a configuration error");
    let repo = Repo::new();
    repo.stage(
        ".keyward.toml",
        "# Team settings\n\ndisable = [\"django.debgu\"]\n",
    );
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 2);
    assert_eq!(run.stderr(), format!("keyward: error: .keyward.toml{block}"));
}

#[test]
fn the_baseline_examples_work() {
    for doc in [README, CONFIGURATION] {
        let repo = Repo::new();
        repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
        repo.commit("old debt");
        let run = shell(&repo, example(doc, "## Baselines", "sh"));
        assert!(
            run.status.success(),
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        // Something new still blocks.
        repo.write("deploy.env", format!("AWS_ACCESS_KEY_ID={AWS_KEY}\n"));
        let run = repo.keyward(&["scan", ".", "--format", "json"]);
        assert_eq!(run.code(), 1);
        assert_eq!(
            run.findings(),
            vec![finding("aws.access-key-id", "deploy.env", 1, "block")]
        );
    }
}

/// The `keyward` lines of a CI example, run in a repository with a
/// committed key; the shell that ran them.
fn run_ci_commands(commands: &[&str]) -> Repo {
    let repo = Repo::new();
    repo.write("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    for command in commands {
        let run = shell(&repo, &format!("{command} || test $? -eq 1"));
        assert!(
            run.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    repo
}

#[test]
fn the_github_workflow_commands_work() {
    let workflow = example(CI, "## GitHub Actions: the commands", "yaml");
    assert!(workflow.contains("uses: github/codeql-action/upload-sarif@v3"));
    assert!(workflow.contains("sarif_file: keyward.sarif"));
    let steps: Vec<&str> = workflow
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- run: "))
        .filter(|command| command.starts_with("keyward "))
        .collect();
    assert_eq!(steps.len(), 2, "{workflow}");

    let repo = Repo::new();
    repo.write("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    let annotations = shell(&repo, &format!("{} || test $? -eq 1", steps[0]));
    assert!(annotations.status.success());
    assert!(String::from_utf8_lossy(&annotations.stdout)
        .starts_with("::error file=mysite/settings.py,line=1,col=15,title=django.secret-key::"));
    let repo = run_ci_commands(&steps[1..]);
    let log: serde_json::Value = serde_json::from_slice(&repo.read("keyward.sarif")).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "django.secret-key");
}

#[test]
fn the_gitlab_ci_commands_work() {
    let pipeline = example(CI, "## GitLab CI", "yaml");
    let commands: Vec<&str> = pipeline
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- "))
        .filter(|command| command.starts_with("keyward "))
        .collect();
    assert_eq!(commands.len(), 2, "{pipeline}");
    assert!(pipeline.contains("secret_detection: gl-secret-detection-report.json"));
    assert!(pipeline.contains("junit: keyward-junit.xml"));
    let repo = run_ci_commands(&commands);
    let report: serde_json::Value =
        serde_json::from_slice(&repo.read("gl-secret-detection-report.json")).unwrap();
    assert_eq!(
        report["vulnerabilities"][0]["identifiers"][0]["value"],
        "django.secret-key"
    );
    let junit = String::from_utf8(repo.read("keyward-junit.xml")).unwrap();
    assert!(junit.contains(r#"<failure type="django.secret-key""#), "{junit}");
}

#[test]
fn the_pull_request_command_works() {
    let command = example(CI, "## Pull requests: only what they bring", "sh").trim();
    let repo = Repo::new();
    repo.stage("README.md", "hello\n");
    repo.commit("base");
    repo.git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    repo.commit("leak");
    repo.git(&["rm", "-q", "mysite/settings.py"]);
    repo.commit("remove it again");
    let run = shell(&repo, &format!("{command} || test $? -eq 1"));
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        out.starts_with("::error file=mysite/settings.py,line=1,col=15,title=django.secret-key::"),
        "{out}"
    );
}
