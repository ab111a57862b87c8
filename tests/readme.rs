//! The README tells the truth: every rule is documented, and its examples run.

mod common;

use common::Repo;

const README: &str = include_str!("../README.md");

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
