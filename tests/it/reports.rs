//! The formats CI systems read besides SARIF: JUnit XML (validated against
//! the published schema), GitLab's secret detection report (checked
//! against the fields GitLab documents as required) and JSON lines.

use std::process::Command;

use crate::common::{python_tool, Repo, AWS_KEY, DJANGO_KEY};

/// A blocking finding, a warning (a generic guess in a test file) and a
/// character XML cannot hold in a path.
fn repo_with_findings() -> Repo {
    let repo = Repo::new();
    repo.stage("app.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.stage("tests/conf\u{1}.py", "password = 'hunter2Xk9Lm2Qp7Zt'\n");
    repo
}

/// Validates `xml` with the `xmlschema` package against the vendored
/// JUnit schema; (valid, what the validator said).
fn validate_junit(dir: &Repo, xml: &str) -> (bool, String) {
    let validator = python_tool("xmlschema-validate", "xmlschema");
    dir.write("report.xml", xml);
    let output = Command::new(validator)
        .arg("--schema")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/junit/junit-10.xsd"))
        .arg(dir.path().join("report.xml"))
        .output()
        .expect("xmlschema-validate runs");
    let said =
        String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), said)
}

#[test]
fn junit_validates_against_the_published_schema_and_fails_only_blocking_findings() {
    let repo = repo_with_findings();
    let run = repo.keyward(&["scan", "--format", "junit"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.stderr(),
        "keyward: 1 blocking finding, 1 warning in 2 files scanned\n"
    );
    let xml = run.stdout();
    assert!(
        xml.contains(r#"<testsuite name="keyward" tests="2" failures="1" errors="0" skipped="0">"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<testcase name="aws.access-key-id at app.py:1:8" classname="app.py">"#),
        "{xml}"
    );
    assert!(
        xml.contains(
            r#"<failure type="aws.access-key-id" message="AWS access key ID">app.py:1:8: AWS access key ID"#
        ),
        "{xml}"
    );
    assert!(xml.contains("secret: AKIA****\n"), "{xml}");
    assert!(xml.contains("<system-out>warning: tests/conf"), "{xml}");
    assert!(
        !xml.contains(AWS_KEY) && !xml.contains("hunter2Xk9Lm2Qp7Zt"),
        "{xml}"
    );
    assert!(!xml.contains('\u{1}'), "{xml}");
    let (valid, said) = validate_junit(&repo, &xml);
    assert!(valid, "{said}\n{xml}");

    // The validator does reject what the schema forbids.
    let broken = xml.replace(r#" errors="0" skipped="0""#, r#" skipped="0""#);
    let (valid, said) = validate_junit(&repo, &broken);
    assert!(!valid, "{said}");

    // No findings: an empty suite, still valid.
    let clean = Repo::empty_dir();
    clean.write("a.py", "x = 1\n");
    let run = clean.keyward(&["scan", "a.py", "--format", "junit"]);
    assert_eq!(run.code(), 0);
    assert!(
        run.stdout().contains(r#"tests="0" failures="0""#),
        "{}",
        run.stdout()
    );
    assert!(validate_junit(&clean, &run.stdout()).0);
}

/// What GitLab's documentation of the secret detection report (schema
/// 15.x) requires, transcribed by hand: the published schema file could not
/// be fetched here and no package on PyPI or npm ships it, so this checks
/// the documented required fields and enums, not every constraint of that
/// file.
fn gitlab_documented_shape() -> serde_json::Value {
    let tool = serde_json::json!({
        "type": "object",
        "required": ["id", "name", "version", "vendor"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "name": {"type": "string", "minLength": 1},
            "version": {"type": "string", "minLength": 1},
            "url": {"type": "string", "pattern": "^https?://.+"},
            "vendor": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1}}}
        }
    });
    serde_json::json!({
        "type": "object",
        "required": ["version", "scan", "vulnerabilities"],
        "properties": {
            "version": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+$"},
            "scan": {
                "type": "object",
                "required": ["analyzer", "scanner", "type", "start_time", "end_time", "status"],
                "properties": {
                    "analyzer": tool,
                    "scanner": tool,
                    "type": {"const": "secret_detection"},
                    "start_time": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$"},
                    "end_time": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$"},
                    "status": {"enum": ["success", "failure"]}
                }
            },
            "vulnerabilities": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "identifiers", "location"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "name": {"type": "string", "maxLength": 255},
                        "severity": {"enum": ["Info", "Unknown", "Low", "Medium", "High", "Critical"]},
                        "identifiers": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["type", "name", "value"],
                                "properties": {
                                    "type": {"type": "string", "minLength": 1},
                                    "name": {"type": "string", "minLength": 1},
                                    "value": {"type": "string", "minLength": 1}
                                }
                            }
                        },
                        "location": {
                            "type": "object",
                            "required": ["commit"],
                            "properties": {
                                "file": {"type": "string", "minLength": 1},
                                "start_line": {"type": "integer"},
                                "end_line": {"type": "integer"},
                                "commit": {"type": "object", "required": ["sha"], "properties": {"sha": {"type": "string", "minLength": 1}}}
                            }
                        }
                    }
                }
            }
        }
    })
}

#[test]
fn gitlab_report_has_the_documented_shape_and_hides_secrets() {
    let repo = repo_with_findings();
    let run = repo.keyward(&["scan", "--format", "gitlab"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let report = run.json();
    let validator = jsonschema::validator_for(&gitlab_documented_shape()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|err| err.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{report:#}");

    let found = &report["vulnerabilities"][0];
    assert_eq!(found["identifiers"][0]["value"], "aws.access-key-id");
    assert_eq!(found["severity"], "Critical");
    assert_eq!(found["location"]["file"], "app.py");
    assert_eq!(found["location"]["start_line"], 1);
    assert_eq!(found["location"]["commit"]["sha"], "0000000");
    assert_eq!(found["raw_source_code_extract"], "AKIA****");
    assert_eq!(report["vulnerabilities"][1]["severity"], "Medium");
    assert!(!run.stdout().contains(AWS_KEY));
    // Ids are stable from run to run, so GitLab tracks the same finding.
    let again = repo.keyward(&["scan", "--format", "gitlab"]).json();
    assert_eq!(again["vulnerabilities"][0]["id"], found["id"]);
    assert_ne!(report["vulnerabilities"][1]["id"], found["id"]);

    // The documented shape is not vacuous: a report without a commit fails it.
    let mut broken = report.clone();
    broken["vulnerabilities"][0]["location"]
        .as_object_mut()
        .unwrap()
        .remove("commit");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn gitlab_history_report_names_the_commit_that_brought_the_secret_in() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    repo.commit("leak");
    let head = repo.git(&["rev-parse", "HEAD"]);
    let run = repo.keyward(&["history", "--format", "gitlab"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let report = run.json();
    let commit = &report["vulnerabilities"][0]["location"]["commit"];
    assert_eq!(commit["sha"], head.trim());
    assert_eq!(commit["author"], "Test");
    assert!(jsonschema::validator_for(&gitlab_documented_shape())
        .unwrap()
        .is_valid(&report));
}

#[test]
fn jsonl_is_one_finding_a_line_with_the_summary_on_stderr() {
    let repo = repo_with_findings();
    let run = repo.keyward(&["scan", "--format", "jsonl"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let lines: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout());
    assert_eq!(
        (&lines[0]["rule"], &lines[0]["line"]),
        (&"aws.access-key-id".into(), &1.into())
    );
    assert_eq!(lines[0]["secret"], "AKIA****");
    assert_eq!(lines[1]["severity"], "warn");
    assert_eq!(
        run.stderr(),
        "keyward: 1 blocking finding, 1 warning in 2 files scanned\n"
    );
}
