//! What a release ships: the crate's contents, shell completions and the
//! manual pages.

use std::process::Command;

use crate::common::{keyward_binary, Repo};

#[test]
fn bash_completion_completes_subcommands_and_their_flags() {
    let dir = Repo::empty_dir();
    let script = format!(
        "source <('{bin}' completions bash)
         COMP_WORDS=(keyward hi); COMP_CWORD=1; _keyward keyward hi keyward; echo \"${{COMPREPLY[@]}}\"
         COMP_WORDS=(keyward scan --for); COMP_CWORD=2; _keyward keyward --for scan; echo \"${{COMPREPLY[@]}}\"",
        bin = keyward_binary().display()
    );
    let output = Command::new("bash")
        .args(["-c", &script])
        .current_dir(dir.path())
        .output()
        .expect("bash runs");
    let out = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, ["history", "--format"], "{out}");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn completions_are_written_for_each_shell_clap_knows() {
    let dir = Repo::empty_dir();
    for (shell, marker) in [
        ("zsh", "#compdef keyward"),
        ("fish", "complete -c keyward"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[keyward]"),
    ] {
        let run = dir.keyward(&["completions", shell]);
        assert_eq!(run.code(), 0, "{shell}: {}", run.stderr());
        assert!(run.stdout().contains(marker), "{shell}: {}", run.stdout());
    }
    let run = dir.keyward(&["completions", "tcsh"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("invalid value 'tcsh'"), "{}", run.stderr());
}

#[test]
fn man_prints_keyward_1_and_a_page_per_subcommand() {
    let dir = Repo::empty_dir();
    let run = dir.keyward(&["man"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let page = run.stdout();
    assert!(page.contains(".TH keyward 1"), "{page}");
    assert!(page.contains("keyward\\-history(1)"), "{page}");

    let run = dir.keyward(&["man", "history"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let page = run.stdout();
    assert!(page.contains(".TH keyward-history 1"), "{page}");
    assert!(
        page.contains(concat!("\"keyward ", env!("CARGO_PKG_VERSION"), "\"")),
        "{page}"
    );
    assert!(page.contains("\\fB\\-\\-format\\fR"), "{page}");

    let run = dir.keyward(&["man", "nope"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("no subcommand named \"nope\""),
        "{}",
        run.stderr()
    );
}

/// `cargo package --list`: the crate holds what builds keyward, the licence
/// and the changelog, and none of the test corpus.
#[test]
fn the_crate_ships_sources_and_rule_packs_only() {
    let output = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let list = String::from_utf8_lossy(&output.stdout);
    let files: Vec<&str> = list.lines().collect();
    for expected in [
        "LICENSE",
        "CHANGELOG.md",
        "README.md",
        "build.rs",
        "build/spec.rs",
        "src/main.rs",
        "patterns/django.toml",
    ] {
        assert!(files.contains(&expected), "{expected} missing: {list}");
    }
    assert!(
        !files
            .iter()
            .any(|file| file.starts_with("tests/") || file.starts_with("benches/")),
        "{list}"
    );
}
