#!/usr/bin/env python3
"""Times a whole-history scan against git reading its own objects.

Generates a repository deterministically with `git fast-import` (cached
under target/bench-history/, keyed on the parameters). Two profiles:

  plain   COMMITS commits over a tree of FILES Python-like text files in
          nested folders, each commit editing a few files, with renames, a
          side branch, tags and planted secrets (AWS keys and a Django
          settings module, some later deleted).
  django  the same walk over a Django project: settings modules
          (base/production/local/test) edited every few commits, views with
          raw SQL and pickle, a migration every few commits, wsgi.py and
          manage.py; a SECRET_KEY and DEBUG = True planted in production.

Then, in one run, times and takes the CPU time and peak memory of:

  git cat-file --batch-all-objects --batch   the floor: git inflating every object once
  git log -p -U0 --all                       what patch-reading scanners parse
  keyward history                            (release build)
  gitleaks git                               when installed (--install-gitleaks)

and reports wall and CPU time (medians of --runs), MB/s of unique blob
bytes, peak RSS, and the ratios of keyward to the floor and to gitleaks.

    python3 benches/history.py [--profile plain|django] [--commits 4000] [--files 3000] [--runs 3] [--install-gitleaks]
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benches"))
from support import GIT_ENV, find_gitleaks, git, keyward_release, timed  # noqa: E402

CACHE = ROOT / "target" / "bench-history"
WORDS = (
    "user order item price total name value request response cache query session token "
    "account invoice payment shipping address product catalog search index render template"
).split()
AWS_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
DJANGO_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)"


def line(rng: random.Random, n: int) -> str:
    a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
    kind = rng.randrange(4)
    if kind == 0:
        return f"def {a}_{b}_{n}(request, {c}=None):"
    if kind == 1:
        return f"    {a}_{n} = {b}.get_{c}(request, limit={rng.randrange(1000)})"
    if kind == 2:
        return f"    # {a} {b} {c}: keep the {a} in step with the {c} ({n})"
    return f"    return {{'{a}': {b}_{n}, '{c}': {rng.random():.6f}}}"


class Generator:
    """Writes a fast-import stream; every choice comes from one seeded RNG."""

    def __init__(self, out, commits: int, files: int, seed: int):
        self.out, self.commits, self.rng = out, commits, random.Random(seed)
        self.files: dict[str, list[str]] = {}
        self.time = 1_600_000_000
        self.planted = 0
        for i in range(files):
            self.files[self.new_path(i)] = self.new_file()

    def new_path(self, i: int) -> str:
        return f"pkg{i % 23}/mod{i % 157}/{self.rng.choice(WORDS)}_{i}.py"

    def new_file(self) -> list[str]:
        return [line(self.rng, n) for n in range(self.rng.randrange(25, 200))]

    def write(self, text: str) -> None:
        self.out.write(text.encode())

    def data(self, payload: bytes) -> None:
        self.write(f"data {len(payload)}\n")
        self.out.write(payload)
        self.write("\n")

    def commit(self, ref: str, mark: int, parent: int | None, message: str, changes: list) -> None:
        self.time += self.rng.randrange(60, 7200)
        self.write(f"commit {ref}\nmark :{mark}\n")
        who = f"Dev{self.rng.randrange(12)} <dev@example.org> {self.time} +0000\n"
        self.write(f"author {who}committer {who}")
        self.data(message.encode())
        if parent:
            self.write(f"from :{parent}\n")
        for change in changes:
            if change[0] == "M":
                self.write(f"M 100644 inline {change[1]}\n")
                self.data(("\n".join(self.files[change[1]]) + "\n").encode())
            elif change[0] == "D":
                self.write(f"D {change[1]}\n")
            else:
                self.write(f'R "{change[1]}" "{change[2]}"\n')
        self.write("\n")

    def plant(self, lines: list[str]) -> None:
        key = "AKIA" + "".join(self.rng.choice(AWS_ALPHABET) for _ in range(16))
        lines.insert(self.rng.randrange(len(lines) + 1), f"    aws_key = '{key}'")
        self.planted += 1

    def edit(self, path: str) -> None:
        lines = self.files[path]
        for _ in range(self.rng.randrange(1, 6)):
            at = self.rng.randrange(len(lines) + 1)
            if lines and self.rng.random() < 0.5:
                lines[min(at, len(lines) - 1)] = line(self.rng, at)
            else:
                lines.insert(at, line(self.rng, at))

    def run(self) -> None:
        paths = sorted(self.files)
        self.commit("refs/heads/main", 1, None, "initial import", [("M", p) for p in paths])
        settings = "shop/settings/production.py"
        for number in range(2, self.commits + 1):
            changes = []
            for path in self.rng.sample(sorted(self.files), 8):
                self.edit(path)
                if number % 97 == 0 and not changes:
                    self.plant(self.files[path])
                changes.append(("M", path))
            if number % 20 == 0:
                old = self.rng.choice(sorted(p for p in self.files if all(p != c[1] for c in changes)))
                new = old.replace(".py", f"_v{number}.py")
                self.files[new] = self.files.pop(old)
                changes.append(("R", old, new))
            if number == self.commits // 2:
                key = "".join(self.rng.choice(DJANGO_ALPHABET) for _ in range(50))
                self.files[settings] = ["from .base import *", "DEBUG = False", f"SECRET_KEY = '{key}'"]
                self.planted += 1
                changes.append(("M", settings))
            if number == self.commits // 2 + 50:
                del self.files[settings]
                changes.append(("D", settings))
            self.commit("refs/heads/main", number, number - 1, f"change {number}", changes)
            if number % 500 == 0:
                self.write(f"reset refs/tags/v{number // 500}.0\nfrom :{number}\n\n")
        # A side branch that was never merged, with a secret of its own.
        branch_mark = self.commits + 1
        path = sorted(self.files)[0]
        self.plant(self.files[path])
        self.commit("refs/heads/experiment", branch_mark, self.commits // 3, "experiment", [("M", path)])


def view_line(rng: random.Random, n: int) -> str:
    a, b = rng.choice(WORDS), rng.choice(WORDS)
    kind = rng.randrange(40)  # a call worth a finding in one line of 40
    if kind == 0:
        return f"    rows = {a}.objects.raw(f\"SELECT * FROM {b} WHERE id = {{request.GET['{a}']}}\")"
    if kind == 1:
        return f"    cursor.execute(\"SELECT {a} FROM {b} WHERE {a}_id = %s\", [{b}_{n}])"
    if kind == 2:
        return f"    state_{n} = pickle.loads({a}_{b}.payload)"
    if kind == 3:
        return f"    token_{n} = request.session.get('{a}_token')"
    return line(rng, n)


def migration(number: int, app: str, rng: random.Random) -> list[str]:
    field = rng.choice(WORDS)
    return [
        "from django.db import migrations, models",
        "",
        "",
        "class Migration(migrations.Migration):",
        f"    dependencies = [('{app}', '{number - 1:04d}_auto')]",
        "    operations = [",
        f"        migrations.AddField(model_name='{field}', name='{field}_{number}', field=models.CharField(max_length=64)),",
        f"        migrations.RunSQL(\"UPDATE {app}_{field} SET {field}_{number} = ''\"),",
        "    ]",
    ]


class DjangoGenerator(Generator):
    """A Django project's history: settings edited often, views with raw
    SQL and pickle, migrations."""

    SETTINGS = ["shop/settings/base.py", "shop/settings/production.py", "shop/settings/local.py", "shop/settings/test.py"]

    def new_path(self, i: int) -> str:
        app = f"app{i % 40}"
        kind = ("views", "models", "forms", "admin", "services", "tasks")[i % 6]
        return f"{app}/{kind}_{i}.py" if i >= 240 else f"{app}/{kind}.py"

    def new_file(self) -> list[str]:
        return [view_line(self.rng, n) for n in range(self.rng.randrange(25, 200))]

    def edit(self, path: str) -> None:
        if path.startswith("shop/settings/"):
            lines = self.files[path]
            setting = self.rng.choice(["CACHE_TTL", "PAGE_SIZE", "RATE_LIMIT", "SESSION_AGE"])
            lines.append(f"{setting}_{self.rng.randrange(50)} = {self.rng.randrange(10000)}")
            return
        super().edit(path)

    def run(self) -> None:
        rng = self.rng
        self.files["manage.py"] = [
            "import os",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.local')",
        ]
        self.files["shop/wsgi.py"] = [
            "import os",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.production')",
        ]
        self.files["shop/settings/base.py"] = [
            "import os",
            "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']",
            "DEBUG = False",
            "ALLOWED_HOSTS = ['shop.example.org']",
            "INSTALLED_APPS = ['django.contrib.admin'] + [f'app{n}' for n in range(40)]",
        ]
        self.files["shop/settings/production.py"] = ["from .base import *", "SESSION_COOKIE_SECURE = True"]
        self.files["shop/settings/local.py"] = ["from .base import *", "DEBUG = True"]
        self.files["shop/settings/test.py"] = ["from .base import *", "PASSWORD_HASHERS = ['md5']"]
        paths = sorted(self.files)
        self.commit("refs/heads/main", 1, None, "initial import", [("M", p) for p in paths])
        migrations = {f"app{n}": 1 for n in range(40)}
        for number in range(2, self.commits + 1):
            changes = []
            for path in rng.sample(sorted(p for p in self.files if p.startswith("app")), 5):
                self.edit(path)
                changes.append(("M", path))
            if number % 3 == 0:
                path = rng.choice(self.SETTINGS)
                self.edit(path)
                changes.append(("M", path))
            if number % 7 == 0:
                app = f"app{rng.randrange(40)}"
                migrations[app] += 1
                path = f"{app}/migrations/{migrations[app]:04d}_auto.py"
                self.files[path] = migration(migrations[app], app, rng)
                changes.append(("M", path))
            production = self.files["shop/settings/production.py"]
            if number == self.commits // 3:
                key = "".join(rng.choice(DJANGO_ALPHABET) for _ in range(50))
                production.insert(1, f"SECRET_KEY = '{key}'")
                self.planted += 1
            if number == self.commits // 3 + 40:
                production.remove(production[1])
            if number == self.commits // 2:
                production.insert(1, "DEBUG = True")
                self.planted += 1
            if number in (self.commits // 3, self.commits // 3 + 40, self.commits // 2):
                changes.append(("M", "shop/settings/production.py"))
            self.commit("refs/heads/main", number, number - 1, f"change {number}", changes)
            if number % 500 == 0:
                self.write(f"reset refs/tags/v{number // 500}.0\nfrom :{number}\n\n")


PROFILES = {"plain": Generator, "django": DjangoGenerator}


def make_repo(profile: str, commits: int, files: int, seed: int) -> tuple[Path, int]:
    name = "repo" if profile == "plain" else f"repo-{profile}"
    repo = CACHE / f"{name}-c{commits}-f{files}-s{seed}-v2"
    if not (repo / "planted").exists():
        shutil.rmtree(repo, ignore_errors=True)
        repo.mkdir(parents=True)
        git(repo, "init", "-q", "-b", "main")
        started = time.perf_counter()
        importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, env=GIT_ENV, stdin=subprocess.PIPE)
        generator = PROFILES[profile](importer.stdin, commits, files, seed)
        generator.run()
        importer.stdin.close()
        if importer.wait() != 0:
            sys.exit("git fast-import failed")
        # What a clone receives: one pack with deltas as the server builds it.
        git(repo, "repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=10")
        (repo / "planted").write_text(str(generator.planted))
        print(f"generated {repo.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return repo, int((repo / "planted").read_text())


def unique_blob_bytes(repo: Path) -> tuple[int, int]:
    out = git(repo, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)")
    sizes = [int(size) for kind, size in (row.split() for row in out.splitlines()) if kind == "blob"]
    return len(sizes), sum(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="plain")
    parser.add_argument("--commits", type=int, default=4000)
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--install-gitleaks", action="store_true")
    args = parser.parse_args()

    keyward = keyward_release()
    gitleaks = find_gitleaks(args.install_gitleaks)
    repo, planted = make_repo(args.profile, args.commits, args.files, args.seed)
    blobs, blob_bytes = unique_blob_bytes(repo)
    report = subprocess.run(
        [str(keyward), "history", "--quiet", "--format", "json"], cwd=repo, env=GIT_ENV, capture_output=True
    )
    found = len(json.loads(report.stdout)["findings"])

    rows = {
        "git cat-file --batch-all-objects --batch": ["git", "cat-file", "--batch-all-objects", "--batch"],
        "git log -p -U0 --all": ["git", "log", "-p", "-U0", "--all"],
        "keyward history": [str(keyward), "history", "--quiet", "--format", "json"],
    }
    if gitleaks:
        rows["gitleaks git"] = [gitleaks, "git", "--no-banner", "--exit-code", "0", "--log-level", "error", "."]
    samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in rows}
    for _ in range(args.runs):  # interleaved, so load on the machine hits every row alike
        for name, command in rows.items():
            samples[name].append(timed(command, repo))
    results = {
        name: (statistics.median(w for w, _, _ in runs), statistics.median(c for _, c, _ in runs), max(m for _, _, m in runs))
        for name, runs in samples.items()
    }

    mb = blob_bytes / 1e6
    print(
        f"{repo.name}: {args.commits + 1} commits, {blobs} unique blobs, {mb:.0f} MB of unique blob bytes; "
        f"{os.cpu_count()} cores; median of {args.runs} runs"
    )
    print(f"keyward history found {found} findings ({planted} secrets planted)")
    print(f"  {'command':44} {'wall':>8} {'CPU':>8} {'MB/s':>8} {'peak RSS':>9}")
    for name, (wall, cpu, peak) in results.items():
        print(f"  {name:44} {wall:7.2f}s {cpu:7.2f}s {mb / wall:8.0f} {peak:7d} MB")
    ours = results["keyward history"]
    floor = results["git cat-file --batch-all-objects --batch"]
    print(f"keyward / floor: wall {ours[0] / floor[0]:.2f}, CPU {ours[1] / floor[1]:.2f} (target at most 0.6)")
    if gitleaks:
        leaks = results["gitleaks git"]
        print(f"gitleaks / keyward: wall {leaks[0] / ours[0]:.1f}x, CPU {leaks[1] / ours[1]:.1f}x (target at least 3)")
    else:
        print("gitleaks not installed (pass --install-gitleaks to compare)")


if __name__ == "__main__":
    main()
