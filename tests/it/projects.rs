//! The real-project regression suite: miniature projects under
//! `tests/projects/<name>/` that copy the layouts of real ones (split Django
//! settings, Flask config classes, Laravel, Rails, a monorepo with docs,
//! tests and CI), each with the exact verdicts keyward must give in
//! `tests/projects/<name>.verdicts`, one `<severity> <rule> <path>:<line>`
//! a line. A missing finding fails the test, and so does an extra one: a
//! false block is a bug just as a missed leak is.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::Repo;

fn projects_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/projects")
}

/// The projects, by name, and the verdicts expected of each.
fn projects() -> Vec<(String, BTreeSet<String>)> {
    let mut projects = Vec::new();
    for entry in fs::read_dir(projects_dir()).expect("tests/projects exists") {
        let path = entry.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let verdicts = path.with_extension("verdicts");
        let text = fs::read_to_string(&verdicts)
            .unwrap_or_else(|_| panic!("{} has no {}", name, verdicts.display()));
        let expected = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        projects.push((name, expected));
    }
    projects.sort();
    projects
}

/// What `keyward scan .` reports with the project as working directory.
fn verdicts_of(project: &str) -> BTreeSet<String> {
    let run = Repo::copy_of(&projects_dir().join(project)).keyward(&["scan", ".", "--format", "json"]);
    assert!(
        matches!(run.code(), 0 | 1),
        "{project}: keyward exited {}: {}",
        run.code(),
        run.stderr()
    );
    run.findings()
        .into_iter()
        .map(|(rule, path, line, severity)| format!("{severity} {rule} {path}:{line}"))
        .collect()
}

#[test]
fn every_project_gets_exactly_its_verdicts() {
    let projects = projects();
    assert!(!projects.is_empty(), "no project under tests/projects");
    let mut failures = Vec::new();
    for (name, expected) in &projects {
        let actual = verdicts_of(name);
        let blocks = actual.iter().filter(|v| v.starts_with("block ")).count();
        println!(
            "{name}: {} findings ({blocks} blocking), {} expected",
            actual.len(),
            expected.len()
        );
        for missing in expected.difference(&actual) {
            failures.push(format!("{name}: missing  {missing}"));
        }
        for extra in actual.difference(expected) {
            failures.push(format!("{name}: extra    {extra}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
