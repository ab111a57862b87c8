//! The labelled corpus: realistic files in many languages and formats
//! (`tests/corpus/files/`) and, in `tests/corpus/expected.tsv`, every secret
//! or dangerous setting in them. Each label is `tp` (keyward must report
//! it), `fp` (keyward reports it although it is not a secret: a known false
//! alarm, pinned so that it is noticed when it goes away) or `fn` (a secret
//! keyward misses, pinned likewise). Any other finding fails the test.
//! An optional fifth field pins the severity (`warn` for a generic secret
//! in a test, a document or a CI test job).
//! Precision and recall per family are printed (`cargo test --test it
//! corpus -- --nocapture`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{Repo, Run};

type Place = (String, String, u64);

fn labels() -> Vec<(String, Place)> {
    labels_with_severity()
        .into_iter()
        .map(|(label, place, _)| (label, place))
        .collect()
}

fn labels_with_severity() -> Vec<(String, Place, Option<String>)> {
    let text = include_str!("../corpus/expected.tsv");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let (label, rule, path, number, severity) = match fields[..] {
                [label, rule, path, number] => (label, rule, path, number, None),
                [label, rule, path, number, severity] => {
                    (label, rule, path, number, Some(severity.to_string()))
                }
                _ => panic!("expected.tsv: four or five tab-separated fields: {line:?}"),
            };
            let number = number.parse().expect("a line number");
            (
                label.to_string(),
                (rule.to_string(), path.to_string(), number),
                severity,
            )
        })
        .collect()
}

fn scan_corpus_with_severity() -> BTreeMap<Place, String> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let run: Run = Repo::copy_of(&corpus).keyward(&["scan", "files", "--format", "json"]);
    run.findings()
        .into_iter()
        .map(|(rule, path, line, severity)| ((rule, path, line), severity))
        .collect()
}

fn scan_corpus() -> BTreeSet<Place> {
    scan_corpus_with_severity().into_keys().collect()
}

fn family(rule: &str) -> &str {
    rule.split('.').next().unwrap_or(rule)
}

#[test]
fn the_corpus_yields_exactly_its_labels() {
    let found = scan_corpus();
    let labels = labels();
    let reported: BTreeSet<Place> = labels
        .iter()
        .filter(|(label, _)| label != "fn")
        .map(|(_, place)| place.clone())
        .collect();
    let unexpected: Vec<_> = found.difference(&reported).collect();
    let missing: Vec<_> = reported.difference(&found).collect();
    assert!(
        unexpected.is_empty() && missing.is_empty(),
        "unlabelled findings: {unexpected:#?}\nlabelled findings not reported: {missing:#?}"
    );

    let mut counts: BTreeMap<&str, [u32; 3]> = BTreeMap::new();
    for (label, (rule, _, _)) in &labels {
        let slot = match label.as_str() {
            "tp" => 0,
            "fp" => 1,
            "fn" => 2,
            other => panic!("unknown label {other}"),
        };
        counts.entry(family(rule)).or_default()[slot] += 1;
    }
    println!("family            tp  fp  fn  precision  recall");
    for (family, [tp, fp, missed]) in &counts {
        let ratio = |num: u32, den: u32| {
            if den == 0 {
                1.0
            } else {
                f64::from(num) / f64::from(den)
            }
        };
        println!(
            "{family:16} {tp:3} {fp:3} {missed:3}  {:9.2}  {:6.2}",
            ratio(*tp, tp + fp),
            ratio(*tp, tp + missed)
        );
    }
}

#[test]
fn context_grades_the_pinned_severities() {
    let found = scan_corpus_with_severity();
    for (_, place, severity) in labels_with_severity() {
        if let (Some(expected), Some(actual)) = (severity, found.get(&place)) {
            assert_eq!(&expected, actual, "{place:?}");
        }
    }
}

#[test]
fn placeholders_lock_files_and_fixtures_stay_silent() {
    let found = scan_corpus();
    for quiet in [
        "files/.env.example",
        "files/package-lock.json",
        "files/yarn.lock",
        "files/Cargo.lock",
        "files/tests/fixtures/users.json",
        "files/README.md",
        "files/app/identifiers.py",
        "files/laravel/.env.testing",
        "files/laravel/config/app.php",
        "files/spring/src/main/resources/application-dev.yml",
        "files/fastapi/tests/test_main.py",
        "files/rails/config/environments/development.rb",
        // The generic rule's known false alarms on real projects.
        "files/code/python/netbox_choices.py",
        "files/code/python/headless_settings.py",
        "files/code/python/seed_users.py",
        "files/code/angular/export.component.html",
        "files/mkdocs.yml",
        "files/conn/.env.template",
        "files/shell/env.sh",
        "files/web/static/js/app.js.map",
        "files/web/dist/bundle.js",
        "files/web/public/build/main.chunk.js",
        "files/CONTRIBUTING.md",
    ] {
        let noisy: Vec<_> = found.iter().filter(|(_, path, _)| path == quiet).collect();
        assert!(noisy.is_empty(), "{quiet}: {noisy:?}");
    }
}
