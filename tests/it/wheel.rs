//! The binary wheel: maturin builds it (`python/pyproject.toml`,
//! `bindings = "bin"`) and pip installs it into a fresh virtualenv, where
//! `keyward` runs with no Rust toolchain. The build happens once per test
//! run, in a cheap release profile and a target folder kept under target/
//! (so later runs rebuild only what changed); the pre-commit and GitHub
//! Action tests install the same wheel.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::{isolated, python_tool, release_target, virtualenv, Repo, CHEAP_RELEASE, DJANGO_KEY};

/// The wheel of this checkout, built on first use.
pub fn wheel() -> &'static Path {
    static WHEEL: OnceLock<PathBuf> = OnceLock::new();
    WHEEL.get_or_init(|| {
        let maturin = python_tool("maturin", "maturin");
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wheel");
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        let output = Command::new(maturin)
            .args(["build", "--release", "--quiet", "--out"])
            .arg(&out)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/python"))
            .env("CARGO_TARGET_DIR", release_target())
            .envs(CHEAP_RELEASE)
            .output()
            .expect("maturin runs");
        assert!(
            output.status.success(),
            "maturin build failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let wheels: Vec<PathBuf> = std::fs::read_dir(&out)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        assert_eq!(wheels.len(), 1, "{wheels:?}");
        wheels.into_iter().next().unwrap()
    })
}

/// A fresh virtualenv in `dir` with `packages` installed by pip, offline
/// (the wheel needs nothing else); its `bin` folder.
pub fn install(dir: &Path, packages: &[&Path]) -> PathBuf {
    let bin = virtualenv(dir);
    let status = Command::new(bin.join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "--no-index"])
        .args(packages)
        .status()
        .expect("pip runs");
    assert!(status.success(), "pip install {packages:?} failed");
    bin
}

#[test]
fn pip_installs_the_wheel_and_its_keyward_scans() {
    let wheel = wheel();
    let name = wheel.file_name().unwrap().to_string_lossy();
    assert!(
        name.starts_with(concat!("keyward-", env!("CARGO_PKG_VERSION"), "-py3-none-")),
        "{name}"
    );
    let venv = tempfile::tempdir().unwrap();
    let bin = install(&venv.path().join("venv"), &[wheel]);

    let keyward = bin.join("keyward");
    let version = Command::new(&keyward).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        concat!("keyward ", env!("CARGO_PKG_VERSION"), "\n")
    );

    let repo = Repo::new();
    repo.stage("mysite/settings.py", format!("SECRET_KEY = '{DJANGO_KEY}'\n"));
    let run = isolated(Command::new(&keyward), repo.path())
        .arg("scan")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{out}");
    assert!(
        out.contains("error[django.secret-key]") && out.contains("mysite/settings.py:1:15"),
        "{out}"
    );
    assert!(!out.contains(DJANGO_KEY));
}

/// The root pyproject.toml (what pre-commit's python hook installs) pins
/// the wheel of this very version.
#[test]
fn the_hook_package_depends_on_this_version_of_the_wheel() {
    let text = include_str!("../../pyproject.toml");
    let project: toml::Value = toml::from_str(text).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(project["project"]["version"].as_str(), Some(version));
    assert_eq!(
        project["project"]["dependencies"][0].as_str(),
        Some(format!("keyward=={version}").as_str())
    );
    let wheel: toml::Value = toml::from_str(include_str!("../../python/pyproject.toml")).unwrap();
    assert_eq!(wheel["project"]["name"].as_str(), Some("keyward"));
    assert_eq!(wheel["tool"]["maturin"]["bindings"].as_str(), Some("bin"));
}
