//! Context grades severity: a generic secret guess warns in tests, docs,
//! example projects and CI test jobs and is silent in generated files, while a provider-format
//! token blocks everywhere. Staged scans of real repositories.

use crate::common::{finding, Repo, AWS_KEY};

const GUESS: &str = "Wq7Zr3Kx9TmL2vPd";

#[test]
fn a_password_in_a_test_warns_and_says_why_but_blocks_in_the_app() {
    let repo = Repo::new();
    repo.stage("tests/test_login.py", format!("PASSWORD = \"{GUESS}\"\n"));
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![finding(
            "generic.secret-assignment",
            "tests/test_login.py",
            1,
            "warn"
        )]
    );
    let human = repo.keyward(&["scan", "--staged"]).stdout();
    assert!(human.contains("in test code"), "{human}");
    assert!(!human.contains(GUESS), "the secret is redacted: {human}");

    repo.stage("app/login.py", format!("PASSWORD = \"{GUESS}\"\n"));
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert!(run
        .findings()
        .contains(&finding("generic.secret-assignment", "app/login.py", 1, "block")));
}

#[test]
fn a_provider_token_blocks_even_in_tests_and_docs() {
    let repo = Repo::new();
    repo.stage("tests/fixtures/aws.json", format!("{{\"key\": \"{AWS_KEY}\"}}\n"));
    repo.stage(
        "docs/setup.md",
        format!("    export AWS_ACCESS_KEY_ID={AWS_KEY}\n"),
    );
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![
            finding("aws.access-key-id", "docs/setup.md", 1, "block"),
            finding("aws.access-key-id", "tests/fixtures/aws.json", 1, "block"),
        ]
    );
}

/// A private key block is a format, not a provider's token: test suites
/// sign with fixture keys, so in tests it warns; in the app it blocks.
#[test]
fn a_private_key_warns_in_tests_and_blocks_in_the_app() {
    let key = "-----BEGIN PRIVATE KEY-----\nc92P2+zHd3OC2pYwL82DeaGdyy8Yck0kF4nP47GiCpj7ZfZzp72dpiifA9SHEA8J\nMOE9mQfHdlNwl9cyhDujS38BqRV1p0do/43+7tcVtUFQwjqDSQcRkMQbZhvYSmIR\n9QTYrwA2Ne3pDXhg+rVlaxKQoTLHrEVWFk9VA/ZowuweIj+0GQIPd8x8La6PMHKC\n-----END PRIVATE KEY-----\n";
    let repo = Repo::new();
    repo.stage("tests/auth/signing.pem", key);
    repo.stage(
        "config/settings/test.yml",
        format!("saml:\n  key: |\n{}", indent(key)),
    );
    repo.stage("deploy/signing.pem", key);
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![
            finding("private-key", "config/settings/test.yml", 3, "warn"),
            finding("private-key", "deploy/signing.pem", 1, "block"),
            finding("private-key", "tests/auth/signing.pem", 1, "warn"),
        ]
    );
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

/// Raw SQL built from a parameter blocks where it serves requests; in a
/// test module it warns, saying why.
#[test]
fn risky_calls_in_tests_warn_and_say_why() {
    let query = "def by_name(cursor, name):\n    cursor.execute(\"SELECT * FROM shop_order WHERE name = '%s'\" % name)\n";
    let repo = Repo::new();
    repo.stage("shop/db.py", query);
    repo.stage("shop/unittests/test_db.py", query);
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![
            finding("django.sql-interpolation", "shop/db.py", 2, "block"),
            finding("django.sql-interpolation", "shop/unittests/test_db.py", 2, "warn"),
        ]
    );
    let human = repo.keyward(&["scan", "--staged"]).stdout();
    assert!(
        human.contains("in test code: code that does not run in production warns"),
        "{human}"
    );
}

/// The storage emulator's account key is the same on every machine and
/// published by Microsoft; a key of its shape that is not it still blocks.
#[test]
fn the_azure_emulator_key_is_no_secret_but_a_real_account_key_blocks() {
    let emulator = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    let connection = |key: &str| {
        format!("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1")
    };
    let repo = Repo::new();
    repo.stage(
        "compose.yml",
        format!(
            "services:\n  web:\n    environment:\n      STORAGE: \"{}\"\n",
            connection(emulator)
        ),
    );
    repo.stage(
        "app/storage.py",
        format!(
            "STORAGE = \"{}\"\n",
            connection(
                "PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA/2O76UMFxFkM/R5Kjp1vRt+1fjORS/6ilI8ihN5KXSc7Tvo=="
            )
        ),
    );
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.findings(),
        vec![finding("azure.storage-account-key", "app/storage.py", 1, "block")]
    );
}

#[test]
fn ci_test_jobs_warn_and_deploy_jobs_block() {
    let repo = Repo::new();
    let job = |run: &str| {
        format!("jobs:\n  main:\n    runs-on: ubuntu-latest\n    env:\n      DB_PASSWORD: {GUESS}\n      SECRET_KEY: dummy-key\n      DJANGO_SECRET_KEY: OnlyForTheTestRunKeepOut\n    steps:\n      - run: {run}\n")
    };
    repo.stage(".github/workflows/ci.yml", job("pytest"));
    repo.stage(".github/workflows/deploy.yml", job("./deploy.sh"));
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![
            finding("generic.secret-assignment", ".github/workflows/ci.yml", 5, "warn"),
            finding("django.secret-key", ".github/workflows/ci.yml", 7, "warn"),
            finding(
                "generic.secret-assignment",
                ".github/workflows/deploy.yml",
                5,
                "block"
            ),
            finding("django.secret-key", ".github/workflows/deploy.yml", 7, "block"),
        ]
    );
}

#[test]
fn generated_files_get_provider_rules_only() {
    let repo = Repo::new();
    let bundle = format!("var c={{password:\"{GUESS}\",aws:\"{AWS_KEY}\"}};\n");
    repo.stage("web/app.min.js", &bundle);
    repo.stage(
        "web/app.js.map",
        format!("{{\"sourcesContent\":[\"const token = '{GUESS}';\"]}}\n"),
    );
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "web/app.min.js", 1, "block")]
    );
}

#[test]
fn a_commented_out_guess_warns_but_a_commented_provider_token_blocks() {
    let repo = Repo::new();
    repo.stage(
        "config/initializers/devise.rb",
        format!("Devise.setup do |config|\n  # config.secret_key = '{GUESS}'\nend\n"),
    );
    let run = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![finding(
            "generic.secret-assignment",
            "config/initializers/devise.rb",
            2,
            "warn"
        )]
    );
    assert!(run.stdout().contains("in a comment"), "{}", run.stdout());

    repo.stage("deploy.sh", format!("# export AWS_ACCESS_KEY_ID={AWS_KEY}\n"));
    let run = repo.keyward(&["scan", "--staged", "deploy.sh", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert_eq!(run.findings()[0].0, "aws.access-key-id");
}
