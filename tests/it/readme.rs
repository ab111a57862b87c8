//! The README tells the truth: every rule is documented, and its examples run.

use crate::common::{finding, Repo, AWS_KEY, DJANGO_KEY};

const README: &str = include_str!("../../README.md");

#[test]
fn every_rule_is_in_the_readme() {
    let dir = Repo::empty_dir();
    let listing = dir.keyward(&["rules"]).stdout();
    let ids: Vec<&str> = listing
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(ids.contains(&"django.secret-key"), "{listing}");
    for id in ids {
        assert!(
            README.contains(&format!("| `{id}` |")),
            "README's rule table lacks {id}"
        );
    }
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

/// The first ```LANG block after the heading `## TITLE`.
fn example(title: &str, lang: &str) -> &'static str {
    README
        .split(&format!("\n## {title}\n"))
        .nth(1)
        .and_then(|section| section.split(&format!("```{lang}\n")).nth(1))
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("README's {title} section has a {lang} example"))
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
fn the_readme_configuration_example_works() {
    let repo = Repo::new();
    repo.stage(".keyward.toml", example("Configuration", "toml"));
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
fn the_readme_configuration_error_is_what_keyward_prints() {
    let block = README
        .split("```text\nkeyward: error: .keyward.toml")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README shows a configuration error");
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
fn the_readme_baseline_example_works() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    repo.commit("old debt");
    let run = shell(&repo, example("Baselines", "sh"));
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

#[test]
fn the_readme_github_actions_steps_work() {
    let workflow = example("CI: GitHub Actions", "yaml");
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
    let sarif = shell(&repo, &format!("{} || test $? -eq 1", steps[1]));
    assert!(sarif.status.success());
    let log: serde_json::Value = serde_json::from_slice(&repo.read("keyward.sarif")).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "django.secret-key");
}
