//! Where a file sits grades how sure a generic finding is, and whether a
//! risky call in it can reach production. A password-shaped literal or a
//! private key in a test, a document, an example project or a CI test job
//! is usually a fixture or a stand-in, and raw SQL there serves no request,
//! so a generic rule's finding there warns rather than blocks; in a
//! generated file (a source map, a minified bundle) it is noise and is
//! dropped. Provider-format tokens are not generic and block everywhere.

use crate::finding::{Finding, Severity};

/// The kind of file a finding is in, when it changes how a generic
/// finding counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Test,
    Docs,
    Example,
    CiTest,
    Generated,
}

impl Context {
    /// The context of the file at `path` holding `bytes`, if it has one.
    pub fn of(path: &str, bytes: &[u8]) -> Option<Context> {
        let lower = path.to_ascii_lowercase();
        let (folders, name) = folders_and_name(&lower);
        if is_generated(&folders, name, bytes) {
            Some(Context::Generated)
        } else if is_ci_services(&folders, name) {
            // Compose files kept for CI start throwaway databases for tests.
            Some(Context::CiTest)
        } else if is_ci(&lower, name) {
            // A workflow that runs tests sets throwaway credentials for them.
            runs_tests(bytes).then_some(Context::CiTest)
        } else if is_test(&folders, name) {
            Some(Context::Test)
        } else if is_docs(&folders, name) {
            Some(Context::Docs)
        } else if is_example(&folders) {
            Some(Context::Example)
        } else {
            None
        }
    }

    fn note(self) -> &'static str {
        match self {
            Context::Test => "in test code",
            Context::Docs => "in documentation",
            Context::Example => "in an example project",
            Context::CiTest => "in a CI test job",
            Context::Generated => "in a generated file",
        }
    }

    /// A generic finding here warns, with a note saying why; in a generated
    /// file it is dropped. Other findings pass unchanged.
    pub fn grade(context: Option<Context>, mut finding: Finding) -> Option<Finding> {
        if !finding.generic {
            return Some(finding);
        }
        let place = match context {
            Some(Context::Generated) => return None,
            Some(context) => context.note(),
            // A commented-out value (a generator's sample line, an old
            // setting) is not what runs.
            None if is_comment(&finding.line_text) => "in a comment",
            None => return Some(finding),
        };
        if finding.severity == Severity::Block {
            finding.severity = Severity::Warn;
            let why = match finding.sensitive {
                true => {
                    format!("{place}: a generic guess warns here; a provider-format token would still block")
                }
                // SQL built in a test, pickle in a tutorial: not what serves requests.
                false => format!("{place}: code that does not run in production warns"),
            };
            finding.note = Some(match finding.note.take() {
                Some(note) => format!("{note}; {why}"),
                None => why,
            });
        }
        Some(finding)
    }
}

/// A line that is only a comment, in the comment syntaxes of common
/// source and configuration languages.
fn is_comment(line: &str) -> bool {
    let line = line.trim_start();
    // `-----BEGIN ... PRIVATE KEY-----` and YAML's `---` are not SQL's `--`.
    ["#", "//", "/*", "* ", "--", ";", "<!--", "%", "REM "]
        .iter()
        .any(|marker| line.starts_with(marker))
        && !line.starts_with("---")
}

const TEST_FOLDERS: &[&str] = &[
    "test",
    "tests",
    "spec",
    "specs",
    "__tests__",
    "__mocks__",
    "fixtures",
    "__fixtures__",
    "testdata",
    "test-data",
    "testing",
    "e2e",
    "cypress",
];

fn is_test(folders: &[&str], name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    // `test-environments/`, `test_utils/`, `unittests/`, `integration_tests/`:
    // a folder named for tests.
    let test_folder = |folder: &str| {
        TEST_FOLDERS.contains(&folder)
            || ["test-", "test_", "tests-", "tests_"]
                .iter()
                .any(|prefix| folder.starts_with(prefix))
            || ["_tests", "-tests", "_test", "-test"]
                .iter()
                .any(|suffix| folder.ends_with(suffix))
            || matches!(folder, "unittests" | "unittest")
    };
    folders.iter().any(|folder| test_folder(folder))
        // `config/settings/test.yml`, `testing.py`: a test environment's configuration.
        || matches!(stem, "test" | "testing")
        || (name.starts_with("test_") && name.ends_with(".py"))
        || name == "conftest.py"
        || stem.ends_with("_test")
        || stem.ends_with("_spec")
        || stem.ends_with("test") && name.ends_with(".java")
        || stem.ends_with("tests") && (name.ends_with(".cs") || name.ends_with(".java"))
        || [".test.", ".spec."].iter().any(|infix| name.contains(infix))
}

fn is_docs(folders: &[&str], name: &str) -> bool {
    folders.iter().any(|folder| {
        matches!(*folder, "docs" | "doc" | "documentation")
            || folder.ends_with("-docs")
            || folder.ends_with("_docs")
    }) || [".md", ".markdown", ".rst", ".adoc", ".mdx"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Folders of demo projects, samples and tutorials: code written to be
/// read or copied, not deployed.
const EXAMPLE_FOLDERS: &[&str] = &[
    "example", "examples", "demo", "demos", "sandbox", "sample", "samples", "tutorial",
];

fn is_example(folders: &[&str]) -> bool {
    folders.iter().any(|folder| EXAMPLE_FOLDERS.contains(folder))
}

/// Whether `path` is in a folder of documentation or of examples: what
/// such a file configures is shown to readers, not deployed. The settings
/// analysers judge it as development.
pub fn shown_not_deployed(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let (folders, _) = folders_and_name(&lower);
    is_example(&folders) || is_docs(&folders, "")
}

/// Whether `path` is test code (see [`Context::Test`]), for the Flask
/// analyser's roles.
pub fn in_tests(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let (folders, name) = folders_and_name(&lower);
    is_test(&folders, name)
}

/// A path's folders and file name.
fn folders_and_name(path: &str) -> (Vec<&str>, &str) {
    match path.rsplit_once('/') {
        Some((folders, name)) => (folders.split('/').collect(), name),
        None => (Vec::new(), path),
    }
}

fn is_ci(path: &str, name: &str) -> bool {
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    // `scripts/ci-python`, `.ci/run`: scripts that CI runs.
    let ci_script = (name == "ci"
        || ["ci-", "ci_", "ci."]
            .iter()
            .any(|prefix| name.starts_with(prefix)))
        && (path.starts_with("scripts/") || path.contains("/scripts/"));
    ci_script
        || path.starts_with(".ci/")
        || path.contains("/.ci/")
        || (yaml
            && (path.contains(".github/workflows/")
                || path.starts_with(".circleci/")
                || path.contains("/.circleci/")))
        || matches!(
            name,
            ".gitlab-ci.yml"
                | ".travis.yml"
                | "azure-pipelines.yml"
                | "bitbucket-pipelines.yml"
                | ".drone.yml"
                | "jenkinsfile"
                | "appveyor.yml"
        )
}

/// YAML under a `.ci/` folder or named `*.ci.yml` (`.ci/compose.ci.yaml`,
/// `docker-compose.ci.yml`): service definitions for CI runs.
fn is_ci_services(folders: &[&str], name: &str) -> bool {
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    yaml && (folders.contains(&".ci") || name.contains(".ci.") || name.contains("-ci."))
}

/// Test runners, and `test`/`tests`/`testing` as a word (a job or stage
/// name, `npm test`), but not inside `ubuntu-latest` or `contest`.
fn runs_tests(bytes: &[u8]) -> bool {
    let text = bytes.to_ascii_lowercase();
    let word = |at: usize, len: usize| {
        let before = at.checked_sub(1).map(|i| text[i]);
        let rest = &text[at + len..];
        let tail = [&b"ing"[..], b"s", b""]
            .into_iter()
            .find(|suffix| rest.starts_with(suffix))
            .map_or(0, <[u8]>::len);
        let after = rest.get(tail);
        !before.is_some_and(|b| b.is_ascii_alphanumeric())
            && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    };
    memchr::memmem::find_iter(&text, b"test").any(|at| word(at, 4))
        || [
            "pytest", "unittest", "phpunit", "rspec", "jest", "vitest", "mocha", "tox ",
        ]
        .iter()
        .any(|runner| memchr::memmem::find(&text, runner.as_bytes()).is_some())
}

/// Source maps, minified and bundled files, vendored package-manager
/// releases (`.yarn/releases/`), and scripts with a line thousands of
/// characters long.
fn is_generated(folders: &[&str], name: &str, bytes: &[u8]) -> bool {
    let script = [".js", ".mjs", ".cjs", ".css"]
        .iter()
        .any(|ext| name.ends_with(ext));
    name.ends_with(".map")
        || [".min.", ".bundle.", ".chunk."]
            .iter()
            .any(|infix| name.contains(infix))
        || (script
            && folders
                .iter()
                .any(|folder| matches!(*folder, "dist" | "build" | "bundles")))
        || (script && folders.contains(&".yarn"))
        || (script && has_long_line(&bytes[..bytes.len().min(1 << 16)]))
}

/// Minifiers and bundlers write lines thousands of characters long.
fn has_long_line(bytes: &[u8]) -> bool {
    bytes.split(|&b| b == b'\n').any(|line| line.len() > 2000)
}

#[cfg(test)]
mod tests {
    use super::Context;

    #[test]
    fn ci_scripts_that_run_tests() {
        let runs = b"docker-compose exec -T web pytest\n";
        assert_eq!(Context::of("scripts/ci-python", runs), Some(Context::CiTest));
        assert_eq!(Context::of(".ci/run", runs), Some(Context::CiTest));
        assert_eq!(Context::of("scripts/cipher.py", runs), None);
    }

    #[test]
    fn contexts_from_paths() {
        for (path, context) in [
            ("tests/test_login.py", Some(Context::Test)),
            ("app/test_views.py", Some(Context::Test)),
            ("pkg/client_test.go", Some(Context::Test)),
            ("web/src/__tests__/auth.js", Some(Context::Test)),
            ("spec/models/user_spec.rb", Some(Context::Test)),
            ("src/login.spec.ts", Some(Context::Test)),
            ("app/fixtures/users.json", Some(Context::Test)),
            ("config/settings/test.yml", Some(Context::Test)),
            ("scripts/test-environments/oidc/config.yml", Some(Context::Test)),
            ("unittests/scans/report.json", Some(Context::Test)),
            ("src/integration_tests/api.py", Some(Context::Test)),
            ("contests/entries.py", None),
            ("config/settings/production.yml", None),
            ("attestation/keys.py", None),
            ("docs/install.rst", Some(Context::Docs)),
            ("README.md", Some(Context::Docs)),
            ("resources/views/api-docs/start.blade.php", Some(Context::Docs)),
            ("examples/auth/main.py", Some(Context::Example)),
            ("sandbox/settings.py", Some(Context::Example)),
            ("docs/examples/app.py", Some(Context::Docs)),
            (".ci/compose.ci.yaml", Some(Context::CiTest)),
            (".yarn/releases/yarn-4.6.0.cjs", Some(Context::Generated)),
            ("static/app.js.map", Some(Context::Generated)),
            ("web/vendor.min.js", Some(Context::Generated)),
            ("frontend/dist/main.js", Some(Context::Generated)),
            ("app/settings.py", None),
            ("contest/entries.py", None),
            ("latest/config.ini", None),
            ("app/example.py", None),
        ] {
            assert_eq!(Context::of(path, b"x = 1\n"), context, "{path}");
        }
    }

    #[test]
    fn a_workflow_is_a_test_job_when_it_runs_tests() {
        let path = ".github/workflows/ci.yml";
        assert_eq!(Context::of(path, b"run: pytest\n"), Some(Context::CiTest));
        assert_eq!(
            Context::of(path, b"runs-on: ubuntu-latest\nrun: ./deploy.sh\n"),
            None
        );
        assert_eq!(
            Context::of(path, b"jobs:\n  tests:\n    run: make\n"),
            Some(Context::CiTest)
        );
        assert_eq!(
            Context::of(".gitlab-ci.yml", b"stage: test\n"),
            Some(Context::CiTest)
        );
    }
}
