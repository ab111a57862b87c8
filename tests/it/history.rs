//! `keyward history`: every unique blob reachable from the refs, each
//! finding traced to the commit that brought it in.

use crate::common::{finding, Repo, AWS_KEY, DJANGO_KEY};

fn head(repo: &Repo) -> String {
    repo.git(&["rev-parse", "HEAD"]).trim().to_string()
}

fn settings_with_key() -> String {
    format!("import os\n\nSECRET_KEY = '{DJANGO_KEY}'\nDEBUG = False\n")
}

/// The `commit` object of every finding: (id, path, other commits, other paths).
fn commits(run: &crate::common::Run) -> Vec<(String, String, u64, u64)> {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let c = &f["commit"];
            (
                c["id"].as_str().unwrap().to_string(),
                c["path"].as_str().unwrap().to_string(),
                c["other_commits"].as_u64().unwrap(),
                c["other_paths"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_secret_added_then_deleted_is_found_with_the_commit_that_added_it() {
    let repo = Repo::new();
    repo.stage("README.md", "# shop\n");
    repo.commit("start");
    repo.stage("mysite/settings.py", settings_with_key());
    repo.commit("add settings");
    let added = head(&repo);
    repo.stage(
        "mysite/settings.py",
        format!("{}TIME_ZONE = \"UTC\"\n", settings_with_key()),
    );
    repo.commit("edit settings");
    repo.git(&["rm", "-q", "mysite/settings.py"]);
    repo.commit("remove settings");

    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "mysite/settings.py", 3, "block")]
    );
    // Two blobs hold the key (before and after the edit): one finding, from
    // the commit that added it, carrying the other commit.
    assert_eq!(
        commits(&run),
        vec![(added.clone(), "mysite/settings.py".into(), 1, 0)]
    );
    let commit = &run.json()["findings"][0]["commit"];
    assert_eq!(commit["author"], "Test");
    assert_eq!(commit["email"], "test@example.org");
    assert_eq!(
        commit["blob"].as_str().unwrap(),
        repo.git(&["rev-parse", &format!("{added}:mysite/settings.py")])
            .trim()
    );
    assert!(commit["date"].as_str().unwrap().len() == 25, "{commit}");

    let human = repo.keyward(&["history"]);
    assert_eq!(human.code(), 1);
    let line = format!("= commit: {} by Test <test@example.org> on ", &added[..7]);
    assert!(human.stdout().contains(&line), "{}", human.stdout());
    assert!(
        human.stdout().contains(", also in 1 other commit\n"),
        "{}",
        human.stdout()
    );
    assert!(!human.stdout().contains(DJANGO_KEY), "{}", human.stdout());
    let day = &commit["date"].as_str().unwrap()[..10];
    insta::assert_snapshot!(human
        .stdout()
        .replace(&added[..7], "[commit]")
        .replace(day, "[date]"));
}

#[test]
fn the_same_blob_on_two_branches_is_one_finding() {
    let repo = Repo::new();
    repo.stage("README.md", "# shop\n");
    repo.commit("start");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.stage("config/aws.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.commit("feature: aws");
    let first = head(&repo);
    repo.git(&["checkout", "-q", "main"]);
    repo.stage("config/aws.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.stage("backup/aws.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.commit("main: aws too");

    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let rules: Vec<_> = run.findings().into_iter().map(|f| f.0).collect();
    assert_eq!(rules, vec!["aws.access-key-id"]);
    let (id, path, other_commits, other_paths) = commits(&run).remove(0);
    // Topological order puts either branch first; both commits are named.
    let second = head(&repo);
    assert!(id == first || id == second, "{id}");
    assert_eq!((other_commits, other_paths), (1, 1));
    assert!(path == "config/aws.py" || path == "backup/aws.py", "{path}");
    assert_eq!(run.json()["summary"]["files_scanned"], 2);
}

#[test]
fn a_range_scan_sees_only_what_its_commits_introduce() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", settings_with_key());
    repo.commit("old debt");
    let base = head(&repo);
    repo.stage("app/aws.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.commit("pull request");
    let pr = head(&repo);
    repo.stage("docs/index.md", "# docs\n");
    repo.commit("pull request, more");

    let run = repo.keyward(&["history", "--format", "json", &format!("{base}..HEAD")]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "app/aws.py", 1, "block")]
    );
    // The commit after it keeps the blob: one other commit in the range.
    assert_eq!(commits(&run), vec![(pr.clone(), "app/aws.py".into(), 1, 0)]);
    assert_eq!(run.json()["summary"]["files_scanned"], 2);

    let clean = repo.keyward(&["history", "--format", "json", &format!("{pr}..HEAD")]);
    assert_eq!(clean.code(), 0, "{}", clean.stdout());
    assert_eq!(clean.json()["summary"]["files_scanned"], 1);

    let bad = repo.keyward(&["history", "nosuch..HEAD"]);
    assert_eq!(bad.code(), 2);
    assert!(
        bad.stderr().starts_with("keyward: error: nosuch..HEAD "),
        "{}",
        bad.stderr()
    );
    assert_eq!(bad.stderr().lines().count(), 1, "{}", bad.stderr());
}

#[test]
fn a_secret_only_on_a_tag_is_found_and_branch_limits_the_scan() {
    let repo = Repo::new();
    repo.stage("README.md", "# shop\n");
    repo.commit("start");
    repo.git(&["checkout", "-q", "-b", "release"]);
    repo.stage("deploy/env.py", format!("AWS = '{AWS_KEY}'\n"));
    repo.commit("release");
    let tagged = head(&repo);
    repo.git(&["tag", "-a", "-m", "v1", "v1.0"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["branch", "-q", "-D", "release"]);

    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "deploy/env.py", 1, "block")]
    );
    assert_eq!(commits(&run), vec![(tagged, "deploy/env.py".into(), 0, 0)]);

    let main_only = repo.keyward(&["history", "--branch", "main", "--format", "json"]);
    assert_eq!(main_only.code(), 0, "{}", main_only.stdout());
    assert!(main_only.findings().is_empty());

    let missing = repo.keyward(&["history", "--branch", "nosuch"]);
    assert_eq!(missing.code(), 2);
    assert!(
        missing
            .stderr()
            .starts_with("keyward: error: no branch, tag or commit named nosuch"),
        "{}",
        missing.stderr()
    );
}

#[test]
fn merge_commits_and_inline_allow_work_as_in_scan() {
    let repo = Repo::new();
    repo.stage("README.md", "# shop\n");
    repo.commit("start");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.stage("topic.py", format!("KEY = '{AWS_KEY}'\n"));
    repo.commit("topic");
    let topic = head(&repo);
    repo.git(&["checkout", "-q", "main"]);
    repo.stage(
        "allowed.py",
        format!("KEY = '{AWS_KEY}'  # keyward:allow aws.access-key-id\n"),
    );
    repo.commit("main");
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge topic", "topic"]);
    repo.git(&["branch", "-q", "-D", "topic"]);

    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "topic.py", 1, "block")]
    );
    // The merge holds the blob too.
    assert_eq!(commits(&run), vec![(topic, "topic.py".into(), 1, 0)]);
}

#[test]
fn shallow_clones_scan_what_is_there_and_say_so() {
    let origin = Repo::new();
    origin.stage("old.py", format!("KEY = '{AWS_KEY}'\n"));
    origin.commit("old");
    origin.git(&["rm", "-q", "old.py"]);
    origin.stage("mysite/settings.py", settings_with_key());
    origin.commit("new");
    let tip = head(&origin);

    let clone = Repo::empty_dir();
    let url = format!("file://{}", origin.path().display());
    clone.git(&["clone", "-q", "--depth", "1", &url, "shallow"]);
    let run = clone.keyward_in(&clone.path().join("shallow"), &["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        run.findings(),
        vec![finding("django.secret-key", "mysite/settings.py", 3, "block")]
    );
    assert_eq!(commits(&run), vec![(tip, "mysite/settings.py".into(), 0, 0)]);
    assert!(
        run.stderr()
            .contains("shallow clone: scanned the 1 commits present"),
        "{}",
        run.stderr()
    );
    let quiet = clone.keyward_in(
        &clone.path().join("shallow"),
        &["history", "-q", "--format", "json"],
    );
    assert_eq!(quiet.stderr(), "");
}

#[test]
fn bare_repositories_are_scanned() {
    let origin = Repo::new();
    origin.stage("mysite/settings.py", settings_with_key());
    origin.commit("key");
    let added = head(&origin);
    let clone = Repo::empty_dir();
    clone.git(&[
        "clone",
        "-q",
        "--bare",
        origin.path().to_str().unwrap(),
        "bare.git",
    ]);
    let run = clone.keyward_in(&clone.path().join("bare.git"), &["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(commits(&run), vec![(added, "mysite/settings.py".into(), 0, 0)]);
}

#[test]
fn an_empty_repository_says_so_and_exits_0() {
    let repo = Repo::new();
    let run = repo.keyward(&["history"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        run.stderr(),
        "keyward: note: the repository has no commits yet; nothing to scan\n"
    );
    assert!(
        run.stdout().contains("no findings in 0 files scanned"),
        "{}",
        run.stdout()
    );
}

#[test]
fn lfs_pointers_submodules_and_symlinks() {
    let (repo, _sub) = Repo::with_submodule_and_symlink();
    repo.stage(
        "assets/model.bin",
        "version https://git-lfs.github.com/spec/v1\n\
         oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n\
         size 12345\n",
    );
    repo.commit("lfs, submodule, link");

    let run = repo.keyward(&["history", "-v", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(run.findings().is_empty());
    // .gitmodules and the LFS pointer are scanned as text.
    assert_eq!(run.json()["summary"]["files_scanned"], 2);
    assert_eq!(run.json()["summary"]["files_skipped"], 2);
    crate::common::assert_submodule_and_symlink_noted(&run.stderr());
}

#[test]
fn scan_json_has_no_commit_key() {
    let repo = Repo::new();
    repo.stage("mysite/settings.py", settings_with_key());
    let run = repo.keyward(&["scan", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.json()["findings"][0].get("commit").is_none(),
        "{}",
        run.stdout()
    );
}

#[test]
fn settings_are_judged_with_the_tree_of_their_commit() {
    let repo = Repo::new();
    repo.stage("shop/settings/base.py", "DEBUG = True\n");
    repo.stage(
        "shop/settings/production.py",
        "from .base import *\nDEBUG = False\nSECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 60\n",
    );
    repo.commit("production overrides DEBUG");
    let clean = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(clean.code(), 0, "{}", clean.stdout());
    assert!(clean.findings().is_empty(), "{}", clean.stdout());

    repo.stage(
        "shop/settings/production.py",
        "from .base import *\nSECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 60\n",
    );
    repo.commit("the override is lost");
    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![finding("django.debug", "shop/settings/base.py", 1, "block")]
    );
}

/// History keeps parses from one analysed commit to the next: a file
/// reverted to an earlier version is judged by that version's bytes, and
/// each finding names the commit whose version it is in.
#[test]
fn settings_reverted_to_an_earlier_version_are_judged_as_that_version() {
    let repo = Repo::new();
    let inherits = "from .base import *\n";
    repo.stage(
        "shop/wsgi.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.production')\n",
    );
    repo.stage("shop/settings/base.py", "DEBUG = False\n");
    repo.stage("shop/settings/production.py", inherits);
    repo.commit("start");
    repo.stage(
        "shop/settings/production.py",
        "from .base import *\nDEBUG = True\n",
    );
    repo.commit("production turns DEBUG on");
    let turned_on = head(&repo);
    // Analysed for base.py, with production.py back at its first version.
    repo.stage("shop/settings/production.py", inherits);
    repo.stage("shop/settings/base.py", "# shared\nDEBUG = False\n");
    repo.commit("production reverted; base commented");
    repo.stage("shop/settings/base.py", "# shared\nDEBUG = False\nDEBUG = True\n");
    repo.commit("base turns DEBUG on, production inherits it");
    let inherited = head(&repo);
    repo.stage(
        "shop/settings/production.py",
        "from .base import *\n\nDEBUG = False\n",
    );
    repo.commit("production overrides it");

    let run = repo.keyward(&["history", "--rules", "django.debug", "--format", "json"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert_eq!(
        run.findings(),
        vec![
            finding("django.debug", "shop/settings/base.py", 3, "block"),
            finding("django.debug", "shop/settings/production.py", 2, "block"),
        ]
    );
    let ids: Vec<String> = commits(&run).into_iter().map(|(id, ..)| id).collect();
    assert_eq!(ids, vec![inherited, turned_on]);
}

#[test]
fn history_honours_the_configuration_and_the_baseline() {
    let repo = Repo::new();
    repo.stage("keys.txt", format!("aws = {AWS_KEY}\n"));
    repo.stage("docs/setup.md", format!("aws = {AWS_KEY}x\nkey = {AWS_KEY}\n"));
    repo.commit("keys");
    repo.write(".keyward.toml", "[allow]\npaths = [\"docs/**\"]\n");
    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(
        run.findings(),
        vec![finding("aws.access-key-id", "keys.txt", 1, "block")]
    );

    repo.write(
        ".keyward.toml",
        "disable = [\"aws.access-key-id\", \"generic.secret-assignment\"]\n",
    );
    let run = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.findings().is_empty(), "{}", run.stdout());
}
