#!/usr/bin/env python3
"""Times the Django settings analysis on a large project.

Generates a project with a settings package (base, local, staging,
production, test; a few thousand settings) and 10,000 other Python files
(views, some with raw SQL), then reports in one run:
- `keyward scan DIR`: every file scanned, settings analysed; files per second;
- `keyward scan --staged` on a change no analyser reads, then on a one-line
  change to production.py (the whole settings chain is parsed, from the
  index and, when it has findings, from HEAD): the difference is what the
  analysis costs; `git diff --cached -U0` for scale.

    python3 benches/settings_analysis.py [--files 10000] [--runs 20]
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import git, keyward_release, median_ms  # noqa: E402


def make_project(root: Path, files: int, settings: int) -> None:
    rng = random.Random(3)
    package = root / "shop" / "settings"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    lines = ["import os", "import environ", "env = environ.Env()", "DEBUG = env.bool('DJANGO_DEBUG', default=False)"]
    for i in range(settings):
        kind = i % 4
        if kind == 0:
            lines.append(f"SETTING_{i} = env('SETTING_{i}', default='value-{i}')")
        elif kind == 1:
            lines.append(f"SETTING_{i} = [\n    'a{i}',\n    'b{i}',\n]")
        elif kind == 2:
            lines.append(f"SETTING_{i} = os.environ.get('SETTING_{i}', '{i}') == '1'")
        else:
            lines.append(f"SETTING_{i} = {{'key': {i}, 'other': 'x'}}")
    (package / "base.py").write_text("\n".join(lines) + "\n")
    (package / "production.py").write_text(
        "from .base import *\n\nSECRET_KEY = env('DJANGO_SECRET_KEY')\nALLOWED_HOSTS = ['shop.example.com']\n"
        "SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 3600\n"
    )
    (package / "staging.py").write_text("from .production import *\nALLOWED_HOSTS = ['staging.example.com']\n")
    (package / "local.py").write_text("from .base import *\nDEBUG = True\nSECRET_KEY = 'local'\n")
    (package / "test.py").write_text("from .base import *\nSECRET_KEY = 'test'\n")
    (root / "shop" / "wsgi.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.production')\n"
    )
    for i in range(files):
        folder = root / f"app{i % 50}"
        folder.mkdir(exist_ok=True)
        body = [f"def view_{j}(request, pk):\n    obj = Model{j}.objects.get(pk=pk)\n    return render(request, 't.html', {{'o': obj}})\n" for j in range(rng.randint(5, 30))]
        if i % 97 == 0:
            body.append("def report(cursor, day):\n    cursor.execute('SELECT * FROM r WHERE day = %s', [day])\n")
        (folder / f"views_{i}.py").write_text("from django.shortcuts import render\n\n" + "\n".join(body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--settings", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    keyward = keyward_release()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root, args.files, args.settings)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "start")
        total = args.files + 7
        scan_ms = median_ms([str(keyward), "scan", "."], root, max(3, args.runs // 4))
        (root / "NOTES.txt").write_text("a change no analyser reads\n")
        git(root, "add", "-A")
        plain_ms = median_ms([str(keyward), "scan", "--staged"], root, args.runs)
        with open(root / "shop" / "settings" / "production.py", "a") as production:
            production.write("X_FRAME_OPTIONS = 'DENY'\n")
        git(root, "add", "-A")
        staged_ms = median_ms([str(keyward), "scan", "--staged"], root, args.runs)
        diff_ms = median_ms(["git", "diff", "--cached", "-U0"], root, args.runs)
    print(f"project: {total} Python files, a settings package with {args.settings} settings in base.py")
    print(f"  keyward scan .          {scan_ms:8.1f} ms   {total / scan_ms * 1000:10.0f} files/s")
    print(f"  keyward scan --staged   {plain_ms:8.1f} ms   (a text file added: no analysis)")
    print(f"  keyward scan --staged   {staged_ms:8.1f} ms   (one line added to production.py: the chain is analysed)")
    print(f"  analysis cost           {staged_ms - plain_ms:8.1f} ms")
    print(f"  git diff --cached -U0   {diff_ms:8.1f} ms")


if __name__ == "__main__":
    main()
