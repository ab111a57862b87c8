//! `keyward explain` and `keyward rules`: the rule documentation inside the binary.

use crate::common::Repo;

#[test]
fn explain_shows_what_why_examples_and_the_fix() {
    let dir = Repo::empty_dir();
    let run = dir.keyward(&["explain", "django.secret-key"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let out = run.stdout();
    assert!(
        out.starts_with("django.secret-key (block)\nDjango SECRET_KEY committed to the repository\n\nWhat it catches and why it matters\n"),
        "{out}"
    );
    for part in [
        "\nFound (examples)\n    mysite/settings.py:\n        SECRET_KEY = '",
        "\nNot found (counterexamples)\n    mysite/settings.py:\n        SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n",
        "\nHow to fix it\n    1. Read the key from the environment: SECRET_KEY =\n       os.environ[\"DJANGO_SECRET_KEY\"].\n",
        "\n    2. Then rotate it, because it stays in git history: ",
        "\nDocs: https://docs.djangoproject.com/en/stable/ref/settings/#secret-key\n",
    ] {
        assert!(out.contains(part), "{part:?} missing from:\n{out}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn explain_an_unknown_rule_suggests_near_ones() {
    let dir = Repo::empty_dir();
    let run = dir.keyward(&["explain", "django.secret"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stderr(),
        "keyward: error: there is no rule `django.secret`; did you mean django.secret-key, django.secret-key-weak, django.secret-key-fallback?\n"
    );
}

#[test]
fn rules_filter_by_prefix() {
    let dir = Repo::empty_dir();
    let out = dir.keyward(&["rules", "django"]).stdout();
    let ids: Vec<&str> = out
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(ids.contains(&"django.secret-key"), "{out}");
    assert!(ids.iter().all(|id| id.starts_with("django")), "{out}");
}

#[test]
fn a_misspelt_id_suggests_the_closest_first() {
    let dir = Repo::empty_dir();
    let run = dir.keyward(&["explain", "django.debgu"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .starts_with("keyward: error: there is no rule `django.debgu`; did you mean django.debug,"),
        "{}",
        run.stderr()
    );
}
