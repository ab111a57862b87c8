#!/usr/bin/env python3
"""Times what the vulnerable-dependency check adds to the hook.

Builds keyward in release mode, generates a repository (60 Python files, a
requirements.txt of 40 pins and a uv.lock of 250 packages with their file
hashes, like a real one) and times `keyward scan --staged` for three staged
changes: a Python file (the check does not run), a pin added to
requirements.txt, a changed uv.lock. With --baseline BIN (a keyward built
without the check, e.g. main's), times it on the same changes in the same
run, interleaved, and reports the differences of the median wall and CPU
times.

    python3 benches/dependency_hook.py [--runs 60] [--baseline path/to/keyward]
"""

import argparse
import hashlib
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benches"))
from support import GIT_ENV, git, installed, keyward_release, timed  # noqa: E402


def make_repo(path: Path) -> None:
    git(path, "init", "-q", "-b", "main")
    (path / "shop").mkdir()
    for i in range(60):
        (path / "shop" / f"m{i}.py").write_text(f"def f{i}(x):\n    return x + {i}\n")
    pins = [f"package-{i}==1.{i}.0" for i in range(38)] + ["Django==4.2.16", "requests==2.32.3"]
    (path / "requirements.txt").write_text("\n".join(pins) + "\n")
    lock = ['version = 1\nrequires-python = ">=3.12"\n']
    for i in range(250):
        digest = hashlib.sha256(str(i).encode()).hexdigest()
        wheels = ",\n".join(
            f'    {{ url = "https://files.example.org/p{i}-{w}.whl", hash = "sha256:{digest}", size = {1000 + w} }}'
            for w in range(8)
        )
        lock.append(
            f'\n[[package]]\nname = "package-{i}"\nversion = "2.{i}.1"\n'
            f'source = {{ registry = "https://pypi.org/simple" }}\n'
            f'sdist = {{ url = "https://files.example.org/p{i}.tar.gz", hash = "sha256:{digest}", size = 1000 }}\n'
            f"wheels = [\n{wheels},\n]\n"
        )
    (path / "uv.lock").write_text("".join(lock))
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "init")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--baseline", help="a keyward binary without the check, timed alongside")
    args = parser.parse_args()
    binaries = {"keyward": str(keyward_release())}
    if args.baseline:
        binaries["baseline"] = str(installed(args.baseline))
    with tempfile.TemporaryDirectory() as repo_dir, tempfile.TemporaryDirectory() as cache:
        repo = Path(repo_dir)
        make_repo(repo)
        # An empty cache: the built-in data, as on a fresh install.
        env = {**GIT_ENV, "XDG_CACHE_HOME": cache}
        changes = [
            ("a Python file", "shop/m1.py", "y = 1\n"),
            ("requirements.txt (a pin added)", "requirements.txt", "urllib3==2.2.3\n"),
            ("uv.lock (250 packages, 390 KB)", "uv.lock", "\n"),
        ]
        for label, path, extra in changes:
            with open(repo / path, "a") as file:
                file.write(extra)
            git(repo, "add", path)
            samples = {name: [] for name in binaries}
            for _ in range(args.runs):
                for name, binary in binaries.items():
                    wall, cpu, _ = timed([binary, "scan", "--staged"], repo, env)
                    samples[name].append((wall * 1000, cpu * 1000))
            # CPU time as well: on a shared machine wall time waits for cores.
            stats = {
                name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
                for name, values in samples.items()
            }
            line = "staged {}: keyward {:.1f} ms wall, {:.1f} ms CPU".format(label, *stats["keyward"])
            if "baseline" in stats:
                (wall, cpu), (base_wall, base_cpu) = stats["keyward"], stats["baseline"]
                line += f"; baseline {base_wall:.1f} ms wall, {base_cpu:.1f} ms CPU; difference {wall - base_wall:+.1f} ms wall, {cpu - base_cpu:+.1f} ms CPU"
            print(line)
            git(repo, "reset", "-q", "--hard")


if __name__ == "__main__":
    main()
