//! `python.vulnerable-dependency`: pins in every dependency file format,
//! checked against a small OSV export imported with `keyward advisories
//! import` into a temporary cache, and against the built-in data.

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

use crate::common::{finding, isolated, keyward_binary, Repo, Run};

const RULE: &str = "python.vulnerable-dependency";

/// A cache folder of its own, so no test reads the user's imported data.
struct Cache(TempDir);

impl Cache {
    fn empty() -> Cache {
        Cache(tempfile::tempdir().unwrap())
    }

    /// The fixture advisories, as of `date` (`YYYY-MM-DD`), imported.
    fn imported(date: &str) -> Cache {
        let cache = Cache::empty();
        let export = tempfile::tempdir().unwrap();
        write_export(export.path(), date);
        let run = cache.keyward(export.path(), &["advisories", "import", "."]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
        assert!(
            run.stderr().contains(&format!(
                "imported 2 advisories from 4 OSV records, data of {date}"
            )),
            "{}",
            run.stderr()
        );
        cache
    }

    fn keyward(&self, dir: &Path, args: &[&str]) -> Run {
        let output = isolated(Command::new(keyward_binary()), dir)
            .env("XDG_CACHE_HOME", self.0.path())
            .args(args)
            .output()
            .expect("keyward runs");
        Run(output)
    }
}

/// An OSV export of our own: `keyward-demo` is affected before 1.4.2 (and
/// in 2.0.0 listed alone), `keyward-other` before 0.3; a GHSA record that
/// repeats the first as an alias; and a withdrawn advisory against
/// `keyward-safe`, which must never count.
fn write_export(folder: &Path, date: &str) {
    let modified = format!("{date}T10:00:00Z");
    let demo = serde_json::json!({
        "id": "KW-2099-1",
        "aliases": ["CVE-2099-0001", "GHSA-kwkw-kwkw-kwkw"],
        "summary": "Template injection in keyward-demo's renderer",
        "modified": modified,
        "affected": [{
            "package": {"ecosystem": "PyPI", "name": "Keyward_Demo"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.4.2"}]}],
            "versions": ["1.4.0", "2.0.0"]
        }]
    });
    let alias = serde_json::json!({
        "id": "GHSA-kwkw-kwkw-kwkw",
        "aliases": ["CVE-2099-0001"],
        "summary": "Template injection",
        "modified": "2020-01-01T00:00:00Z",
        "affected": [{
            "package": {"ecosystem": "PyPI", "name": "keyward-demo"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.4.2"}]}]
        }]
    });
    std::fs::write(folder.join("KW-2099-1.json"), demo.to_string()).unwrap();
    std::fs::write(folder.join("GHSA-kwkw-kwkw-kwkw.json"), alias.to_string()).unwrap();
    std::fs::create_dir(folder.join("more")).unwrap();
    std::fs::write(
        folder.join("more/KW-2099-2.yaml"),
        format!(
            "id: KW-2099-2\nsummary: Path traversal in keyward-other uploads\nmodified: \"{modified}\"\naffected:\n- package: {{ecosystem: PyPI, name: keyward-other}}\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: \"0.1\"\n    - fixed: \"0.3\"\n"
        ),
    )
    .unwrap();
    std::fs::write(
        folder.join("more/KW-2099-3.yaml"),
        format!(
            "id: KW-2099-3\nsummary: Not a vulnerability after all\nmodified: \"{modified}\"\nwithdrawn: \"{modified}\"\naffected:\n- package: {{ecosystem: PyPI, name: keyward-safe}}\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: \"0\"\n"
        ),
    )
    .unwrap();
}

fn today() -> String {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
        .to_string()
}

/// Every dependency file format, each pinning `keyward-demo` at a
/// vulnerable version and `keyward-other` at a fixed one.
fn all_formats(repo: &Repo) {
    repo.write(
        "requirements.txt",
        "# production\n-r requirements/base.txt\n-c constraints.in\nkeyward-other==0.3 --hash=sha256:00\n",
    );
    repo.write(
        "requirements/base.txt",
        "keyward-demo[extra] == 1.4.0 ; python_version >= \"3.8\" \\\n    --hash=sha256:00\n",
    );
    // A name no pattern knows, reached through `-c`.
    repo.write("constraints.in", "keyward-safe==0.1\nKeyward.Demo===1.4.1\n");
    repo.write(
        "Pipfile.lock",
        r#"{
    "_meta": {"hash": {"sha256": "00"}},
    "default": {
        "keyward-other": {"version": "==0.3"},
        "keyward-demo": {"version": "==1.4.0"}
    }
}
"#,
    );
    let lock = "[[package]]\nname = \"keyward-other\"\nversion = \"0.3.1\"\n\n[[package]]\nname = \"keyward-demo\"\nversion = \"1.4.0\"\n";
    repo.write("poetry.lock", lock);
    repo.write("app/uv.lock", format!("version = 1\n\n{lock}"));
    repo.write("pdm.lock", lock);
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"shop\"\ndependencies = [\n    \"keyward-other==1.0\",\n    \"keyward-demo==2.0.0\",\n]\n",
    );
}

fn message(run: &Run, path: &str) -> String {
    let json = run.json();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no finding in {path}"));
    format!(
        "{} | {} | {}",
        found["message"], found["remediation"], found["docs"]
    )
}

#[test]
fn every_format_reports_the_vulnerable_pin_and_not_the_fixed_one() {
    let cache = Cache::imported(&today());
    let repo = Repo::new();
    all_formats(&repo);
    let run = cache.keyward(repo.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![
            finding(RULE, "Pipfile.lock", 5, "block"),
            finding(RULE, "app/uv.lock", 9, "block"),
            finding(RULE, "constraints.in", 2, "block"),
            finding(RULE, "pdm.lock", 7, "block"),
            finding(RULE, "poetry.lock", 7, "block"),
            finding(RULE, "pyproject.toml", 5, "block"),
            finding(RULE, "requirements/base.txt", 1, "block"),
        ]
    );
    let base = message(&run, "requirements/base.txt");
    assert!(
        base.contains(
            "keyward-demo 1.4.0: GHSA-kwkw-kwkw-kwkw (CVE-2099-0001, KW-2099-1): Template injection"
        ),
        "{base}"
    );
    assert!(base.contains("Upgrade to keyward-demo 1.4.2 or later."), "{base}");
    assert!(
        base.contains("https://osv.dev/vulnerability/GHSA-kwkw-kwkw-kwkw"),
        "{base}"
    );
    assert!(
        base.contains(&format!("advisory data of {}, imported", today())),
        "{base}"
    );
    // 2.0.0 is listed alone, past the fix, in the record merged as an
    // alias: no release fixes it.
    let pyproject = message(&run, "pyproject.toml");
    assert!(
        pyproject.contains("keyward-demo 2.0.0: GHSA-kwkw-kwkw-kwkw"),
        "{pyproject}"
    );
    assert!(
        pyproject.contains("name no release of keyward-demo that fixes them all"),
        "{pyproject}"
    );
    // The caret is on the version.
    let json = run.json();
    let columns: Vec<(String, u64, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["column"].as_u64().unwrap(),
                f["secret"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        columns.contains(&("requirements/base.txt".into(), 24, "1.4.0".into())),
        "{columns:?}"
    );
    assert!(
        columns.contains(&("constraints.in".into(), 16, "1.4.1".into())),
        "{columns:?}"
    );
    assert!(
        columns.contains(&("poetry.lock".into(), 12, "1.4.0".into())),
        "{columns:?}"
    );
}

#[test]
fn the_built_in_data_reports_django_2_2_0_with_its_advisory_ids() {
    let cache = Cache::empty();
    let repo = Repo::new();
    repo.write("requirements.txt", "Django==2.2.0\nDjango-Extensions==3.2.3\n");
    let run = cache.keyward(repo.path(), &["scan", "requirements.txt", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding(RULE, "requirements.txt", 1, "block")]
    );
    let django = message(&run, "requirements.txt");
    assert!(django.contains("Django 2.2.0 has "), "{django}");
    for id in [
        "PYSEC-2019-10",
        "CVE-2019-12781",
        "GHSA-6c7v-2f49-8h26",
        "CVE-2022-28346",
    ] {
        assert!(django.contains(id), "{id}: {django}");
    }
    assert!(django.contains("Upgrade to Django 2.2.28 or later."), "{django}");
    assert!(
        django.contains("advisory data of 2024-10-10, built in"),
        "{django}"
    );
    // The built-in data is old: said once, on stderr.
    let stderr = run.stderr();
    assert_eq!(stderr.matches("days old").count(), 1, "{stderr}");
    assert!(stderr.contains("keyward advisories import"), "{stderr}");
}

#[test]
fn a_staged_pin_added_or_changed_blocks_and_one_already_there_warns() {
    let cache = Cache::imported(&today());
    let repo = Repo::new();
    repo.stage("requirements.txt", "keyward-demo==1.4.0\nkeyward-other==0.3\n");
    repo.stage("README.md", "shop\n");
    repo.commit("pins");

    // An unrelated change never reads the dependency files.
    repo.stage("README.md", "shop!\n");
    let run = cache.keyward(repo.path(), &["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(run.findings().is_empty());

    // Another line changes: the old pin warns, the new one blocks.
    repo.stage("requirements.txt", "keyward-demo==1.4.0\nkeyward-other==0.2\n");
    let run = cache.keyward(repo.path(), &["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![
            finding(RULE, "requirements.txt", 1, "warn"),
            finding(RULE, "requirements.txt", 2, "block"),
        ]
    );

    // Moving a pin to another vulnerable version is a change that blocks.
    repo.stage("requirements.txt", "keyward-demo==1.4.1\nkeyward-other==0.3\n");
    let run = cache.keyward(repo.path(), &["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding(RULE, "requirements.txt", 1, "block")]
    );

    // An inline allow silences one pin.
    repo.stage(
        "requirements.txt",
        "keyward-demo==1.4.1  # keyward:allow python.vulnerable-dependency\nkeyward-other==0.3\n",
    );
    let run = cache.keyward(repo.path(), &["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.findings().is_empty());
}

#[test]
fn withdrawn_advisories_never_count() {
    let cache = Cache::imported(&today());
    let repo = Repo::new();
    repo.write("requirements.txt", "keyward-safe==0.1\n");
    let run = cache.keyward(repo.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.findings().is_empty());
}

#[test]
fn old_data_is_said_once_per_run_and_fresh_data_not_at_all() {
    let repo = Repo::new();
    all_formats(&repo);
    let fresh = Cache::imported(&today());
    let run = fresh.keyward(repo.path(), &["scan", "."]);
    assert_eq!(run.code(), 1);
    assert!(!run.stderr().contains("days old"), "{}", run.stderr());

    // Older data than the built-in snapshot: the built-in one is used.
    let old = Cache::imported("2023-01-31");
    let run = old.keyward(repo.path(), &["scan", "."]);
    assert_eq!(run.stderr().matches("days old").count(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("advisory data of 2024-10-10, built in"),
        "{}",
        run.stderr()
    );

    // History runs the analysis on each commit: still one note.
    repo.git(&["add", "-A"]);
    repo.commit("one");
    repo.stage("requirements/base.txt", "keyward-demo==1.3\n");
    repo.commit("two");
    let run = old.keyward(repo.path(), &["history", "--format", "json"]);
    assert_eq!(run.stderr().matches("days old").count(), 1, "{}", run.stderr());
}

#[test]
fn history_reports_every_vulnerable_pin_where_it_came_in() {
    let cache = Cache::imported(&today());
    let repo = Repo::new();
    repo.stage("requirements.txt", "keyward-demo==1.4.0\n");
    repo.commit("first pin");
    repo.stage("requirements.txt", "keyward-demo==1.4.2\nkeyward-other==0.2\n");
    repo.commit("upgrade one, add another");
    let run = cache.keyward(repo.path(), &["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let json = run.json();
    let mut found: Vec<(u64, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].1.starts_with("keyward-demo 1.4.0: GHSA-kwkw-kwkw-kwkw"),
        "{found:?}"
    );
    assert!(
        found[1].1.starts_with("keyward-other 0.2: KW-2099-2"),
        "{found:?}"
    );
}

#[test]
fn import_reads_the_zip_osv_dev_publishes() {
    let export = tempfile::tempdir().unwrap();
    write_export(export.path(), &today());
    let zip_path = export.path().join("all.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for name in ["KW-2099-1.json", "GHSA-kwkw-kwkw-kwkw.json"] {
        zip.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut zip, &std::fs::read(export.path().join(name)).unwrap()).unwrap();
    }
    zip.finish().unwrap();
    let cache = Cache::empty();
    let run = cache.keyward(export.path(), &["advisories", "import", "all.zip"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stderr().contains("imported 1 advisories from 2 OSV records"),
        "{}",
        run.stderr()
    );
    let repo = Repo::new();
    repo.write("requirements.txt", "keyward-demo==1.0\n");
    let run = cache.keyward(repo.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding(RULE, "requirements.txt", 1, "block")]
    );

    let run = cache.keyward(export.path(), &["advisories", "import", "KW-2099-1.json"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("not a folder nor a readable zip"),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_configuration_re_grades_or_disables_the_check() {
    let cache = Cache::imported(&today());
    let repo = Repo::new();
    repo.write("requirements.txt", "keyward-demo==1.0\n");
    repo.write(
        ".keyward.toml",
        "[severity]\n\"python.vulnerable-dependency\" = \"warn\"\n",
    );
    let run = cache.keyward(repo.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(run.findings(), vec![finding(RULE, "requirements.txt", 1, "warn")]);

    repo.write(".keyward.toml", "disable = [\"python.vulnerable-dependency\"]\n");
    repo.write("requirements.txt", "Django==2.2.0\n");
    let run = Cache::empty().keyward(repo.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(run.findings().is_empty());
    // A disabled check does not load the (old) built-in data, so it says nothing of its age.
    assert!(!run.stderr().contains("days old"), "{}", run.stderr());
}
