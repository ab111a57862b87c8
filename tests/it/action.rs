//! The GitHub Action (`action.yml`, composite) run step by step as a runner
//! would: each step's script under bash, its `env` with the inputs filled
//! in, `GITHUB_PATH` and `GITHUB_OUTPUT` honoured between steps. It installs
//! the wheel this test run built (`wheel` input: PyPI has no release yet).
//! The release workflow is checked for what it promises.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{isolated, python_tool, Repo, DJANGO_KEY};
use crate::wheel::wheel;

/// A YAML file as JSON, through PyYAML (which pre-commit brings along).
fn yaml(path: &str) -> Value {
    let pre_commit = python_tool("pre-commit", "pre-commit");
    let python = pre_commit.with_file_name("python");
    let output = Command::new(python)
        .args([
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
        ])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `${{ inputs.NAME }}` replaced by the value given, or the input's default.
fn fill(text: &str, action: &Value, given: &BTreeMap<&str, String>) -> String {
    let mut text = text.to_string();
    for (name, input) in action["inputs"].as_object().unwrap() {
        let value = given
            .get(name.as_str())
            .cloned()
            .unwrap_or_else(|| input["default"].as_str().unwrap_or_default().to_string());
        text = text.replace(&format!("${{{{ inputs.{name} }}}}"), &value);
    }
    assert!(
        !text.contains("${{"),
        "an expression the test cannot fill: {text}"
    );
    text
}

/// Runs every step in `repo`; (exit code, stdout) of each, and the outputs.
fn run_action(repo: &Repo, given: &BTreeMap<&str, String>) -> (Vec<(i32, String)>, String) {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let runner = tempfile::tempdir().unwrap();
    let (path_file, output_file) = (runner.path().join("path"), runner.path().join("output"));
    std::fs::write(&path_file, "").unwrap();
    std::fs::write(&output_file, "").unwrap();
    let mut results = Vec::new();
    for step in action["runs"]["steps"].as_array().unwrap() {
        assert_eq!(step["shell"], "bash");
        // What earlier steps added to GITHUB_PATH comes first, as on a runner.
        let added: Vec<String> = std::fs::read_to_string(&path_file)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        let path = added
            .into_iter()
            .chain([std::env::var("PATH").unwrap_or_default()])
            .collect::<Vec<_>>()
            .join(":");
        let mut command = isolated(Command::new("bash"), repo.path());
        command
            .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c"])
            .arg(step["run"].as_str().unwrap())
            .env("PATH", path)
            .env("RUNNER_TEMP", runner.path())
            .env("GITHUB_PATH", &path_file)
            .env("GITHUB_OUTPUT", &output_file);
        for (name, value) in step["env"].as_object().into_iter().flatten() {
            command.env(name, fill(value.as_str().unwrap(), &action, given));
        }
        let output = command.output().expect("bash runs");
        results.push((
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr),
        ));
    }
    (results, std::fs::read_to_string(&output_file).unwrap())
}

#[test]
fn the_action_installs_the_wheel_and_reports_sarif_and_annotations() {
    let repo = Repo::new();
    repo.write("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    let given = BTreeMap::from([("wheel", wheel().display().to_string())]);
    let (steps, outputs) = run_action(&repo, &given);
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].0, 0, "install: {}", steps[0].1);
    let (code, out) = &steps[1];
    assert_eq!(*code, 1, "{out}");
    assert!(
        out.contains(concat!("keyward ", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    assert!(
        out.contains("::error file=mysite/settings.py,line=1,col=15,title=django.secret-key::"),
        "{out}"
    );
    assert!(!out.contains(DJANGO_KEY), "{out}");
    assert_eq!(outputs, "sarif=keyward.sarif\n");
    let log: Value = serde_json::from_slice(&repo.read("keyward.sarif")).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "django.secret-key");

    // Inputs: other arguments, no SARIF; a clean tree passes.
    let clean = Repo::new();
    clean.write("app.py", "x = 1\n");
    let given = BTreeMap::from([
        ("wheel", wheel().display().to_string()),
        ("args", "app.py --rules django".to_string()),
        ("sarif", String::new()),
    ]);
    let (steps, outputs) = run_action(&clean, &given);
    assert_eq!(steps[1].0, 0, "{}", steps[1].1);
    assert_eq!(outputs, "");
    assert!(!clean.path().join("keyward.sarif").exists());
}

#[test]
fn the_action_installs_this_version_by_default() {
    let action = yaml("action.yml");
    assert_eq!(action["inputs"]["version"]["default"], env!("CARGO_PKG_VERSION"));
    assert_eq!(action["inputs"]["args"]["default"], ".");
}

#[test]
fn the_release_workflow_builds_wheels_for_linux_macos_and_windows_with_maturin() {
    let workflow = yaml(".github/workflows/release.yml");
    let jobs = &workflow["jobs"];
    let matrix = jobs["wheels"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap();
    for os in ["ubuntu", "macos", "windows"] {
        assert!(
            matrix
                .iter()
                .any(|entry| entry["os"].as_str().unwrap().starts_with(os)),
            "{os}"
        );
    }
    let build = jobs["wheels"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|step| {
            step["uses"]
                .as_str()
                .is_some_and(|uses| uses.starts_with("PyO3/maturin-action@"))
        })
        .expect("maturin's action builds the wheels");
    assert_eq!(build["with"]["working-directory"], "python");
    assert!(build["with"]["args"].as_str().unwrap().contains("--release"));
    for job in ["pypi", "github-release", "crates-io"] {
        assert!(jobs[job].is_object(), "{job}");
    }
}
