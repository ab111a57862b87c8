//! Output for other tools: SARIF (validated against the official schema),
//! GitHub Actions annotations (exact), and `--output FILE`.

use crate::common::{Repo, AWS_KEY, DJANGO_KEY};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sarif/sarif-2.1.0-rtm.5.json");

/// The vendored SARIF schema, as a Rust validator reads it. The pattern of
/// `language` (in `run` and in `toolComponent`) has a stray `]`, a literal in
/// JavaScript's lenient regex syntax but an error for the Rust regex engine
/// that jsonschema checks patterns with; escaping it keeps its meaning.
fn sarif_schema() -> serde_json::Value {
    let text = std::fs::read_to_string(SCHEMA).unwrap();
    let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert_eq!(text.matches(stray).count(), 2, "{SCHEMA} changed");
    let text = text.replace(stray, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
    serde_json::from_str(&text).unwrap()
}

/// One blocking finding and one old one (a warning) in a staged scan.
fn repo_with_findings() -> Repo {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    repo.commit("old debt");
    repo.stage(
        "mysite/settings.py",
        format!("SECRET_KEY = '{DJANGO_KEY}'\nAWS = '{AWS_KEY}'\n"),
    );
    repo
}

#[test]
fn sarif_validates_against_the_schema_and_hides_secrets() {
    let repo = repo_with_findings();
    let run = repo.keyward(&["scan", "--format", "sarif"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.stderr(),
        "keyward: 1 blocking finding, 1 warning in 1 file scanned\n"
    );
    let log = run.json();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "django.secret-key");
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(results[1]["ruleId"], "aws.access-key-id");
    assert_eq!(results[1]["level"], "error");
    let region = &results[1]["locations"][0]["physicalLocation"];
    assert_eq!(region["artifactLocation"]["uri"], "mysite/settings.py");
    assert_eq!(region["region"]["startLine"], 2);
    assert_eq!(region["region"]["startColumn"], 8);
    assert_eq!(region["region"]["endColumn"], 28);
    assert!(results[1]["partialFingerprints"]["keyward/v1"]
        .as_str()
        .unwrap()
        .starts_with("aws.access-key-id:mysite/settings.py:"));
    let driver = &log["runs"][0]["tool"]["driver"];
    let index = results[1]["ruleIndex"].as_u64().unwrap() as usize;
    let rule = &driver["rules"][index];
    assert_eq!(rule["id"], "aws.access-key-id");
    assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
    assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    let text = run.stdout();
    assert!(
        !text.contains(AWS_KEY) && !text.contains(&DJANGO_KEY[..8]),
        "{text}"
    );

    let schema = sarif_schema();
    if let Err(error) = jsonschema::draft4::meta::validate(&schema) {
        panic!(
            "{SCHEMA} is not a draft 4 schema: {}: {error}",
            error.instance_path()
        );
    }
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The validator does reject what the schema forbids.
    let mut wrong = log.clone();
    wrong["version"] = "2.0.0".into();
    assert!(!validator.is_valid(&wrong));

    insta::assert_snapshot!(serde_json::to_string_pretty(&cited_rules_only(log)).unwrap());
}

/// A SARIF log with only the rules its results cite, each result naming its
/// rule instead of an index, and no tool version: the snapshot then changes
/// with these findings, not with every rule added to the catalogue.
fn cited_rules_only(mut log: serde_json::Value) -> serde_json::Value {
    let run = &mut log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].take();
    let mut cited = Vec::new();
    for result in run["results"].as_array_mut().unwrap() {
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        result["ruleIndex"] = format!("[index of {}]", rule["id"].as_str().unwrap()).into();
        if !cited.contains(rule) {
            cited.push(rule.clone());
        }
    }
    run["tool"]["driver"]["rules"] = cited.into();
    run["tool"]["driver"]["version"] = "[version]".into();
    log
}

#[test]
fn github_annotations_are_exact() {
    let repo = repo_with_findings();
    let run = repo.keyward(&["scan", "--format", "github"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.stderr(),
        "keyward: 1 blocking finding, 1 warning in 1 file scanned\n"
    );
    // The same findings as JSON give every part of each line.
    let json = repo.keyward(&["scan", "--format", "json"]).json();
    let escape = |text: &str| text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let expected: String = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let command = if f["severity"] == "block" {
                "error"
            } else {
                "warning"
            };
            format!(
                "::{command} file={},line={},col={},title={}::{}: {}%0A{}\n",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap(),
                escape(f["message"].as_str().unwrap()),
                f["secret"].as_str().unwrap(),
                escape(f["remediation"].as_str().unwrap()),
            )
        })
        .collect();
    assert_eq!(run.stdout(), expected);
    let lines: Vec<&str> = expected.lines().collect();
    assert!(
        lines[0].starts_with("::warning file=mysite/settings.py,line=1,col=15,title=django.secret-key::Django SECRET_KEY committed to the repository"),
        "{expected}"
    );
    assert!(
        lines[1].starts_with("::error file=mysite/settings.py,line=2,col=8,title=aws.access-key-id::AWS access key ID: AKIA****%0A"),
        "{expected}"
    );
}

#[test]
fn annotation_properties_escape_commas_and_colons() {
    let dir = Repo::empty_dir();
    dir.write("a,b:c.env", format!("AWS_ACCESS_KEY_ID={AWS_KEY}\n"));
    let run = dir.keyward(&["scan", "a,b:c.env", "--format", "github"]);
    assert!(
        run.stdout()
            .starts_with("::error file=a%2Cb%3Ac.env,line=1,col=19,title=aws.access-key-id::"),
        "{}",
        run.stdout()
    );
}

#[test]
fn output_writes_the_report_to_a_file_and_the_summary_to_stderr() {
    let repo = repo_with_findings();
    let run = repo.keyward(&["scan", "--format", "json", "--output", "report.json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(run.stdout(), "");
    assert_eq!(
        run.stderr(),
        "keyward: 1 blocking finding, 1 warning in 1 file scanned\n"
    );
    let report: serde_json::Value = serde_json::from_slice(&repo.read("report.json")).unwrap();
    assert_eq!(report["findings"][1]["rule"], "aws.access-key-id");
}
