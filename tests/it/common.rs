//! Real temporary git repositories and the real keyward binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

use tempfile::TempDir;

/// A Django-style secret key (fake, but shaped like a real one).
pub const DJANGO_KEY: &str = "ujz^de8gx@d6ncf10epf91d!ho%%@d!@zdoc9is0j8h!t9*lg@";
pub const AWS_KEY: &str = "AKIAEUVW75EFR6EDT4SY";

pub struct Repo {
    dir: TempDir,
}

impl Repo {
    /// `git init` in a fresh temporary folder.
    pub fn new() -> Repo {
        let repo = Repo::empty_dir();
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A temporary folder that is not a repository.
    pub fn empty_dir() -> Repo {
        Repo {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// A temporary folder (not a repository) holding a copy of `from`: a
    /// fixture scanned as its own project, not as a folder of keyward's
    /// repository (whose root would name its paths `tests/...`).
    pub fn copy_of(from: &Path) -> Repo {
        fn copy(from: &Path, to: &Path) {
            fs::create_dir_all(to).unwrap();
            for entry in fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                let target = to.join(entry.file_name());
                if entry.file_type().unwrap().is_dir() {
                    copy(&entry.path(), &target);
                } else {
                    fs::copy(entry.path(), target).unwrap();
                }
            }
        }
        let repo = Repo::empty_dir();
        copy(from, repo.path());
        repo
    }

    /// A repository with a submodule staged at `vendor/sub` and a symbolic
    /// link at `link`; the second repository is the submodule's origin.
    pub fn with_submodule_and_symlink() -> (Repo, Repo) {
        let sub = Repo::new();
        sub.stage("README", "sub\n");
        sub.commit("sub");
        let repo = Repo::new();
        repo.git(&[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            sub.path().to_str().unwrap(),
            "vendor/sub",
        ]);
        std::os::unix::fs::symlink("/etc/passwd", repo.path().join("link")).unwrap();
        repo.git(&["add", "link"]);
        (repo, sub)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) -> &Self {
        let full = self.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, content).unwrap();
        self
    }

    pub fn read(&self, path: &str) -> Vec<u8> {
        fs::read(self.path().join(path)).unwrap()
    }

    pub fn git(&self, args: &[&str]) -> String {
        let output = isolated(Command::new("git"), self.path())
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs `git` and returns its whole output, failing or not.
    pub fn git_output(&self, args: &[&str]) -> Output {
        isolated(Command::new("git"), self.path())
            .args(args)
            .output()
            .expect("git runs")
    }

    pub fn stage(&self, path: &str, content: impl AsRef<[u8]>) -> &Self {
        self.write(path, content);
        self.git(&["add", "--", path]);
        self
    }

    pub fn commit(&self, message: &str) {
        self.git(&["commit", "-q", "--no-verify", "-m", message]);
    }

    pub fn keyward(&self, args: &[&str]) -> Run {
        self.keyward_in(self.path(), args)
    }

    /// Runs keyward here with `input` on its standard input.
    pub fn keyward_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        use std::io::Write;
        let mut child = isolated(Command::new(keyward_binary()), self.path())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("keyward runs");
        child.stdin.take().unwrap().write_all(input).unwrap();
        Run(child.wait_with_output().unwrap())
    }

    pub fn keyward_in(&self, dir: &Path, args: &[&str]) -> Run {
        let output = isolated(Command::new(keyward_binary()), dir)
            .args(args)
            .output()
            .expect("keyward runs");
        Run(output)
    }
}

pub fn keyward_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_keyward"))
}

/// The skip notes `-v` prints for [`Repo::with_submodule_and_symlink`].
pub fn assert_submodule_and_symlink_noted(stderr: &str) {
    assert!(stderr.contains("note: skipped vendor/sub: submodule"), "{stderr}");
    assert!(stderr.contains("note: skipped link: symbolic link"), "{stderr}");
}

/// A command that sees neither the user's git configuration nor a git
/// hook's environment.
pub fn isolated(mut command: Command, dir: &Path) -> Command {
    command
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("NO_COLOR", "1");
    for name in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_PREFIX",
    ] {
        command.env_remove(name);
    }
    command
}

/// What one keyward run printed and returned.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().expect("exited normally")
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.0.stdout)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.stdout()))
    }

    /// (rule, path, line, severity) of every finding in a JSON report.
    pub fn findings(&self) -> Vec<(String, String, u64, String)> {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["path"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                    f["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// Shorthand for an expected finding.
pub fn finding(rule: &str, path: &str, line: u64, severity: &str) -> (String, String, u64, String) {
    (rule.into(), path.into(), line, severity.into())
}

/// Release profile settings for the release builds the tests make (the
/// pre-commit hook's `cargo install`, maturin's wheel): what is under test
/// is how keyward is packaged and called, not the optimiser.
pub const CHEAP_RELEASE: [(&str, &str); 5] = [
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
    ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256"),
    ("CARGO_PROFILE_RELEASE_INCREMENTAL", "false"),
];

/// The target folder of those release builds, shared so that their
/// dependencies compile once (not the test build's: cargo records a crate
/// with a build script by a path inside its profile folder, target/debug,
/// and would compile it again in place).
pub fn release_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("release-target")
}

/// A fresh virtualenv at `dir`; its `bin` folder.
pub fn virtualenv(dir: &Path) -> PathBuf {
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(dir)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "python3 -m venv {} failed", dir.display());
    dir.join("bin")
}

/// A command-line tool from PyPI, installed once into a virtualenv under
/// cargo's temporary folder so that `cargo test` needs nothing set up by
/// hand (a new machine has Python with pip and nothing else).
///
/// Tests run on several threads and two of them may want a tool at once
/// (maturin for the wheel, pre-commit for the hook): one lock makes the
/// virtualenv once and keeps two pip runs out of it at the same time.
pub fn python_tool(command: &str, package: &str) -> PathBuf {
    static INSTALLING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = INSTALLING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tools-venv");
    let tool = venv.join("bin").join(command);
    if !tool.exists() {
        if !venv.join("bin/pip").exists() {
            virtualenv(&venv);
        }
        let status = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", package])
            .status()
            .expect("pip runs");
        assert!(status.success(), "pip install {package} failed");
    }
    tool
}
