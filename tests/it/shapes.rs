//! Inputs whose shape, not size, used to crash keyward or make it slow:
//! deep nesting, long chains, import graphs, deep trees. Each runs at ten times the
//! size that broke (where that stays quick in a debug build) and must
//! finish, within a generous bound, with its finding. `benches/input_shapes.py`
//! times the larger sizes.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{finding, isolated, Repo, AWS_KEY};

const SETTINGS: &str = "shop/settings/production.py";

/// Generous: each run takes well under a second in a release build.
const BOUND: Duration = Duration::from_secs(60);

/// Runs `keyward ARGS --format json -v` in `repo` within [`BOUND`].
fn timed(repo: &Repo, args: &[&str]) -> crate::common::Run {
    let started = Instant::now();
    let mut all = args.to_vec();
    all.extend(["--format", "json", "-v"]);
    let run = repo.keyward(&all);
    assert!(started.elapsed() < BOUND, "{args:?} took {:?}", started.elapsed());
    run
}

fn nested(levels: usize, open: &str, inner: &str, close: &str) -> String {
    format!("{}{inner}{}", open.repeat(levels), close.repeat(levels))
}

/// Settings whose values nest 10,000 deep (7,000 passed, 10,000 aborted),
/// then `DEBUG = True` on line 9: in staged, disk and history scans alike
/// the deep values are unknown (with a note) and the finding stays.
#[test]
fn deeply_nested_settings_neither_abort_nor_hide_debug() {
    const LEVELS: usize = 10_000;
    let chain = |operator: &str, operand: &str| vec![operand; LEVELS].join(operator);
    let values = [
        nested(LEVELS, "(", "True", ")"),
        nested(LEVELS, "[", "", "]"),
        nested(LEVELS, "bool(", "True", ")"),
        format!("{}True", "not ".repeat(LEVELS)),
        chain(" + ", "'a'"),
        chain(" and ", "True"),
        format!("{}False", "True if X else ".repeat(LEVELS)),
        nested(LEVELS, "{'a': ", "1", "}"),
    ];
    let mut source: String = values
        .iter()
        .enumerate()
        .map(|(i, value)| format!("VALUE_{i} = {value}\n"))
        .collect();
    source.push_str("DEBUG = True\n");
    let repo = Repo::new();
    repo.stage(SETTINGS, &source);

    let expected = vec![finding("django.debug", SETTINGS, 9, "block")];
    let blocking = |run: &crate::common::Run| -> Vec<_> {
        assert_eq!(run.code(), 1, "{}", run.stderr());
        run.findings()
            .into_iter()
            .filter(|f| f.0 == "django.debug")
            .collect()
    };
    let staged = timed(&repo, &["scan", "--staged"]);
    assert_eq!(blocking(&staged), expected);
    assert!(
        staged
            .stderr()
            .contains("nests deeper than 100 levels; its value is taken as unknown"),
        "{}",
        staged.stderr()
    );
    assert_eq!(blocking(&timed(&repo, &["scan", "."])), expected);
    repo.commit("deep");
    assert_eq!(blocking(&timed(&repo, &["history"])), expected);
}

/// The same shapes in a Flask app and in code the SQL and pickle checks
/// read: both walk every node of the file, and the SQL check follows a
/// variable through nested patterns and blocks.
#[test]
fn deeply_nested_code_is_read_to_the_end() {
    let deep = nested(10_000, "(", "1", ")");
    let repo = Repo::new();
    repo.stage(
        "app.py",
        format!("from flask import Flask\nX = {deep}\napp = Flask(__name__)\napp.run(debug=True)\n"),
    );
    repo.stage(
        "shop/views.py",
        format!("import pickle\nX = [{deep}]\ndef view(request):\n    return pickle.loads(request.body)\n"),
    );
    let pattern = nested(10_000, "[", "x", "]");
    let sql = nested(10_000, "(", "\"SELECT \" + q", ")");
    repo.stage(
        "shop/db.py",
        format!("def view(request, q):\n    {pattern} = q\n    if q:\n        y = {deep}\n    sql = {sql}\n    cursor.execute(sql)\n"),
    );
    let run = timed(&repo, &["scan", "--staged"]);
    let rules: Vec<(String, u64)> = run.findings().into_iter().map(|f| (f.0, f.2)).collect();
    assert!(rules.contains(&("flask.debug-run".into(), 4)), "{rules:?}");
    assert!(rules.contains(&("python.pickle-load".into(), 4)), "{rules:?}");
    assert!(
        rules.contains(&("django.sql-interpolation".into(), 6)),
        "{rules:?}"
    );
}

/// `V0 = V1 = ... = True` with 100,000 targets reached 23 GB: each
/// target now shares the value and its place.
#[test]
fn a_chained_assignment_of_many_targets_is_linear() {
    let targets: Vec<String> = (0..100_000).map(|i| format!("V{i}")).collect();
    let dir = Repo::empty_dir();
    dir.write(SETTINGS, format!("DEBUG = {} = True\n", targets.join(" = ")));
    let run = timed(&dir, &["scan", ".", "--rules", "django.debug"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.debug", SETTINGS, 1, "block")]
    );
}

/// 3,000 `ALLOWED_HOSTS += [...]` lines took 1.4 s and 100,000 over two
/// minutes: each now extends the list (or string) in place.
#[test]
fn many_augmented_assignments_are_linear() {
    let lines: String = (0..30_000)
        .map(|i| format!("ALLOWED_HOSTS += ['h{i}.example.com']\n"))
        .collect();
    let dir = Repo::empty_dir();
    dir.write(
        SETTINGS,
        format!("DEBUG = False\nALLOWED_HOSTS = []\n{lines}ALLOWED_HOSTS.append('*')\n"),
    );
    let run = timed(&dir, &["scan", ".", "--rules", "django.allowed-hosts"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.allowed-hosts", SETTINGS, 30_003, "block")]
    );

    // A string built the same way.
    let lines: String = (0..30_000).map(|i| format!("SECRET_KEY += 'k{i}-x'\n")).collect();
    dir.write(SETTINGS, format!("DEBUG = False\nSECRET_KEY = ''\n{lines}"));
    let run = timed(&dir, &["scan", ".", "--rules", "django.secret-key"]);
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", SETTINGS, 30_002, "block")]
    );
}

/// Import graphs that took minutes: a clique of star imports (10 ran past
/// two minutes), a chain with a back edge (25 took 22 s), a ring (500
/// took 36 s). Each module now runs once per analysis, and imports are
/// followed 64 modules deep.
#[test]
fn star_import_graphs_cost_each_module_once() {
    /// The modules module `i` of `n` star-imports.
    type Imports = fn(usize, usize) -> Vec<usize>;
    let graphs: [(&str, usize, Imports); 3] = [
        ("clique", 30, |i, n| (0..n).filter(|j| *j != i).collect()),
        ("chain", 250, |i, n| vec![if i + 1 < n { i + 1 } else { 0 }]),
        ("ring", 1_000, |i, n| vec![(i + 1) % n]),
    ];
    for (name, size, imports) in graphs {
        let dir = Repo::empty_dir();
        for i in 0..size {
            let star: String = imports(i, size)
                .into_iter()
                .map(|j| format!("from .m{j} import *\n"))
                .collect();
            dir.write(
                &format!("shop/settings/m{i}.py"),
                format!("{star}NAME_{i} = {i}\n"),
            );
        }
        let module = "shop/settings/m10.py";
        let star = format!("from .m{} import *\n", imports(10, size)[0]);
        dir.write(module, format!("{star}DEBUG = True\n"));
        dir.write(SETTINGS, "from .m0 import *\nSECRET_KEY = 'x'\n");
        let run = timed(&dir, &["scan", ".", "--rules", "django.debug"]);
        let blocking: Vec<_> = run.findings().into_iter().filter(|f| f.3 == "block").collect();
        assert_eq!(
            blocking,
            vec![finding("django.debug", module, 2, "block")],
            "{name}"
        );
    }
}

/// A commit whose tree nests folders 30,000 deep, with a key at the
/// bottom, overflowed the stack of `history` (git's own fast-import fails
/// deeper; `benches/input_shapes.py` writes 100,000 levels itself).
#[test]
fn history_walks_a_tree_nested_30000_folders_deep() {
    const DEPTH: usize = 30_000;
    let repo = Repo::new();
    let path = format!("{}keys.py", "d/".repeat(DEPTH));
    let data = format!("aws = '{AWS_KEY}'\n");
    let stream = format!(
        "commit refs/heads/main\ncommitter Test <test@example.org> 0 +0000\ndata 4\ndeep\nM 100644 inline {path}\ndata {}\n{data}\n",
        data.len()
    );
    repo.write(".git/fast-import-stream", &stream);
    let input = std::fs::File::open(repo.path().join(".git/fast-import-stream")).unwrap();
    let status = isolated(Command::new("git"), repo.path())
        .args(["fast-import", "--quiet"])
        .stdin(input)
        .status()
        .expect("git runs");
    assert!(status.success());
    let run = timed(&repo, &["history"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", &path, 1, "block")]
    );
}

/// A Flask app that sets its key 20,000 times ran past ten minutes (each
/// key searched the module again for a later config loader).
#[test]
fn many_flask_config_keys_are_linear() {
    let keys: String = (0..20_000)
        .map(|i| format!("app.config['SECRET_KEY'] = 'k{i}-abcdefghijklmnopqrstuvwxyz'\n"))
        .collect();
    let repo = Repo::new();
    repo.stage(
        "app.py",
        format!(
            "from flask import Flask\napp = Flask(__name__)\n{keys}app.config.from_pyfile('config.py')\n"
        ),
    );
    let run = timed(&repo, &["scan", "--staged", "--rules", "flask.secret-key"]);
    let found = run.findings();
    assert_eq!(found.len(), 20_000);
    // The loader called after them replaces every key: each warns.
    assert_eq!(found[0], finding("flask.secret-key", "app.py", 3, "warn"));
    assert!(found.iter().all(|f| f.3 == "warn"));
}

/// 2,000 raw queries in one function took 3 s (each traced its values back
/// through every statement before it): a name no statement assigns is now
/// known at once to be a parameter.
#[test]
fn many_queries_in_one_function_are_linear() {
    let queries: String = (0..10_000)
        .map(|_| "    cursor.execute('SELECT ' + q)\n")
        .collect();
    let repo = Repo::new();
    repo.stage("shop/db.py", format!("def view(request, q):\n{queries}"));
    let run = timed(
        &repo,
        &["scan", "--staged", "--rules", "django.sql-interpolation"],
    );
    let found = run.findings();
    assert_eq!(found.len(), 10_000);
    assert_eq!(
        found[0],
        finding("django.sql-interpolation", "shop/db.py", 2, "block")
    );
}
