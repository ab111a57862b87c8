#!/usr/bin/env python3
"""Times a full scan of a large generated tree against gitleaks and ripsecrets.

Generates (once, cached under target/bench-tree/) a deterministic tree of
mixed text: Python, JavaScript, Go, Java and Ruby source, YAML, JSON, .env
and INI configs, Markdown, minified JavaScript bundles and lock files, with
a few planted secrets. Then times, from the same run:

  keyward scan DIR                      every built-in rule
  keyward scan --rules CORE DIR         the seven original rules only
  gitleaks dir DIR                      when installed (--install-gitleaks)
  ripsecrets DIR                        when on PATH or RIPSECRETS is set

and prints MB/s and the ratio to keyward (all rules).

    python3 benches/tree_scan.py [--files 20000] [--install-gitleaks]
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benches"))
from support import find_gitleaks, keyward_release  # noqa: E402

CORE = "django,private-key,aws.access-key-id,github.token,generic.secret-assignment"
WORDS = (
    "user order item price total name value request response cache query session account invoice "
    "customer product report handler service client server config manager factory builder token "
    "record entity payload buffer stream channel event message worker queue task job schedule"
).split()
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def ident(rng: random.Random) -> str:
    a, b = rng.choice(WORDS), rng.choice(WORDS)
    return a + b.capitalize() if rng.random() < 0.5 else f"{a}_{b}"


def grow(size, chunk, head=""):
    """`head` then `chunk()` results until they reach `size` characters."""
    parts, length = [head] if head else [], len(head)
    while length < size:
        part = chunk()
        parts.append(part)
        length += len(part)
    return parts


def python_file(rng, size):
    def chunk():
        f = ident(rng)
        return (
            f"def {f}(request, {ident(rng)}=None):\n"
            f"    {ident(rng)} = request.get('{rng.choice(WORDS)}', {rng.randint(0, 999)})\n"
            f"    if {ident(rng)} is None:\n        return {{'{rng.choice(WORDS)}': {ident(rng)}}}\n"
            f"    return json.dumps({ident(rng)})\n\n"
        )

    return "".join(grow(size, chunk, "import os\nimport json\n\n"))


def js_file(rng, size):
    return "".join(
        grow(
            size,
            lambda: f"export async function {ident(rng)}({ident(rng)}, {ident(rng)}) {{\n"
            f"  const {ident(rng)} = await fetch(`/api/{rng.choice(WORDS)}/${{id}}`);\n"
            f"  return {ident(rng)}.map((x) => x.{rng.choice(WORDS)} * {rng.randint(1, 99)});\n}}\n\n",
            "'use strict';\nconst express = require('express');\n\n",
        )
    )


def go_file(rng, size):
    return "".join(
        grow(
            size,
            lambda: f"func {ident(rng).capitalize()}(ctx context.Context, {rng.choice(WORDS)} string) error {{\n"
            f"\tif err := {ident(rng)}(ctx); err != nil {{\n\t\treturn fmt.Errorf(\"{rng.choice(WORDS)}: %w\", err)\n\t}}\n"
            f"\treturn nil\n}}\n\n",
            "package main\n\nimport \"fmt\"\n\n",
        )
    )


def java_file(rng, size):
    return "".join(
        grow(
            size,
            lambda: f"    public {rng.choice(['int', 'String', 'long'])} {ident(rng)}(final String {rng.choice(WORDS)}) {{\n"
            f"        return repository.findBy{rng.choice(WORDS).capitalize()}({rng.choice(WORDS)}).orElseThrow();\n    }}\n\n",
            "package com.example.app;\n\npublic class Service {\n",
        )
    ) + "}\n"


def yaml_file(rng, size):
    return "".join(
        grow(
            size,
            lambda: f"  {rng.choice(WORDS)}-{rng.randint(0, 99)}:\n    image: registry.internal/{rng.choice(WORDS)}:{rng.randint(1, 9)}.{rng.randint(0, 20)}\n"
            f"    environment:\n      - {rng.choice(WORDS).upper()}_URL=http://{rng.choice(WORDS)}:8080\n      - LOG_LEVEL=info\n",
            "version: 2\nservices:\n",
        )
    )


def json_file(rng, size):
    items = grow(
        size,
        lambda: f'  {{"id": "{rng.randint(10**8, 10**9)}", "{rng.choice(WORDS)}": "{ident(rng)}", '
        f'"{rng.choice(WORDS)}Count": {rng.randint(0, 10**6)}, "active": {rng.choice(["true", "false"])}}}',
    )
    return "[\n" + ",\n".join(items) + "\n]\n"


def minified_file(rng, size):
    return "".join(
        grow(
            size,
            lambda: f"function {rng.choice('abcdefghijklmnop')}{rng.randint(0, 99)}(e,t){{return e.{rng.choice(WORDS)}"
            f"?t[{rng.randint(0, 99)}]:\"{''.join(rng.choice(ALNUM) for _ in range(12))}\"}};var "
            f"{rng.choice('xyzuvw')}=n({rng.randint(100, 999)});",
        )
    ) + "\n"


def lock_file(rng, size):
    def chunk():
        name = rng.choice(WORDS) + "-" + rng.choice(WORDS)
        digest = "".join(rng.choice(ALNUM + "+/") for _ in range(86))
        return (
            f'    "node_modules/{name}": {{\n      "version": "{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}",\n'
            f'      "resolved": "https://registry.npmjs.org/{name}/-/{name}.tgz",\n'
            f'      "integrity": "sha512-{digest}=="\n    }},\n'
        )

    return "".join(grow(size, chunk, "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n")) + "  }\n}\n"


def markdown_file(rng, size):
    return "".join(
        grow(
            size,
            lambda: " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + ".\n\n",
            "# Notes\n\n",
        )
    )


def config_file(rng, size):
    return "".join(
        grow(
            size,
            lambda: f"{rng.choice(WORDS)}_{rng.choice(WORDS)} = {rng.choice(WORDS)}{rng.randint(0, 99)}\n",
            "[main]\n",
        )
    )


KINDS = [
    ("py", python_file, 9000),
    ("js", js_file, 9000),
    ("go", go_file, 9000),
    ("java", java_file, 9000),
    ("ts", js_file, 6000),
    ("yml", yaml_file, 5000),
    ("json", json_file, 12000),
    ("min.js", minified_file, 60000),
    ("md", markdown_file, 6000),
    ("ini", config_file, 3000),
]

PLANTED = [
    "aws_access_key_id = 'AKIA{}'",
    "GITHUB_TOKEN = 'ghp_{}'",
    "STRIPE_KEY = 'sk_live_{}'",
    "slack = 'xoxb-1234567890-1234567890123-{}'",
    "db = 'postgresql://app:{}@db.internal:5432/shop'",
]


def generate(tree: Path, files: int) -> None:
    marker = tree / ".complete"
    if marker.exists() and marker.read_text() == str(files):
        return
    shutil.rmtree(tree, ignore_errors=True)
    rng = random.Random(2026)
    for i in range(files):
        ext, make, size = KINDS[i % len(KINDS)]
        if i % 997 == 0:
            ext, make, size = "lock", lock_file, 200000
        folder = tree / f"pkg{i % 40}" / f"mod{(i // 40) % 25}"
        folder.mkdir(parents=True, exist_ok=True)
        text = make(rng, int(size * rng.uniform(0.6, 1.4)))
        if i % 500 == 7:
            secret = "".join(rng.choice(ALNUM[:26] + "234567") for _ in range(16))
            text += "\n# " + PLANTED[(i // 500) % len(PLANTED)].format(secret) + "\n"
        (folder / f"file{i}.{ext}").write_text(text)
    marker.write_text(str(files))


def tree_size(tree: Path) -> int:
    return sum(path.stat().st_size for path in tree.rglob("*") if path.is_file())


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--install-gitleaks", action="store_true")
    args = parser.parse_args()

    keyward = str(keyward_release())
    gitleaks = find_gitleaks(args.install_gitleaks)
    ripsecrets = os.environ.get("RIPSECRETS") or shutil.which("ripsecrets")
    tree = ROOT / "target" / "bench-tree"
    generate(tree, args.files)
    mb = tree_size(tree) / 1e6
    # The max size is raised so that every tool reads every file.
    rows = [
        ("keyward (all rules)", [keyward, "scan", "--max-file-size", "10M", str(tree)]),
        ("keyward (core rules)", [keyward, "scan", "--max-file-size", "10M", "--rules", CORE, str(tree)]),
    ]
    if gitleaks:
        rows.append(("gitleaks dir", [gitleaks, "dir", "--no-banner", "--max-target-megabytes", "10", str(tree)]))
    if ripsecrets:
        rows.append(("ripsecrets", [ripsecrets, str(tree)]))
    seconds(rows[0][1])  # warm the page cache
    results = {name: seconds(command) for name, command in rows}
    base = results["keyward (all rules)"]
    print(f"{args.files} files, {mb:.0f} MB, one run each")
    for name, secs in results.items():
        print(f"  {name:22} {secs:7.2f} s  {mb / secs:8.1f} MB/s   {secs / base:6.2f}x keyward time")
    for tool, found in (("gitleaks", gitleaks), ("ripsecrets", ripsecrets)):
        if not found:
            print(f"  {tool} not installed")


if __name__ == "__main__":
    main()
