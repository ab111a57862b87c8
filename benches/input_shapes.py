#!/usr/bin/env python3
"""Times keyward on inputs whose shape, not size, used to break it: deep
nesting, long chains, import graphs, a deep tree, many findings, UTF-16.

Each shape is generated at a size (scaled by --scale) into its own git
repository under a temporary folder, then scanned once; the table gives
the wall time, the peak memory (max RSS) and the exit code. Every run must
finish with exit 0 or 1; anything else (an abort is 134) fails the script.

    python3 benches/input_shapes.py [--scale 1.0] [--only NAME]
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import git, keyward_release  # noqa: E402

KEY = "ujz^de8gx@d6ncf10epf91d!ho%%@d!@zdoc9is0j8h!t9*lg@"
AWS = "AKIAEUVW75EFR6EDT4SY"
SETTINGS = "shop/settings/production.py"


def settings(expression: str) -> dict[str, str]:
    return {SETTINGS: f"DEBUG = {expression}\nSECRET_KEY = '{KEY}'\n"}


def nested(n: int, open_: str, close: str, inner: str = "True") -> str:
    return open_ * n + inner + close * n


def shapes(scale: float):
    """(name, files, scan arguments, git setup) for each shape."""
    def n(size: int) -> int:
        return max(1, int(size * scale))

    yield "parentheses", settings(nested(n(100_000), "(", ")")), ["scan", "."], None
    yield "lists", settings(nested(n(100_000), "[", "]", "")), ["scan", "."], None
    yield "bool()", settings(nested(n(100_000), "bool(", ")")), ["scan", "."], None
    yield "not", settings("not " * n(100_000) + "False"), ["scan", "."], None
    yield "+", settings(" + ".join(["'a'"] * n(100_000))), ["scan", "."], None
    yield "and", settings(" and ".join(["True"] * n(100_000))), ["scan", "."], None
    yield "if-else", settings("True if X else " * n(100_000) + "False"), ["scan", "."], None
    targets = " = ".join(f"V{i}" for i in range(n(100_000)))
    yield "A = B = ...", {SETTINGS: f"{targets} = True\nDEBUG = V0\n"}, ["scan", "."], None
    hosts = "".join(f"ALLOWED_HOSTS += ['h{i}.example.com']\n" for i in range(n(100_000)))
    yield "+= lines", {SETTINGS: f"ALLOWED_HOSTS = []\n{hosts}ALLOWED_HOSTS += ['*']\n"}, ["scan", "."], None
    keys = "".join(f"SECRET_KEY += 'k{i}'\n" for i in range(n(100_000)))
    yield "+= string lines", {SETTINGS: f"DEBUG = False\nSECRET_KEY = ''\n{keys}"}, ["scan", "."], None
    config = "".join(f"app.config['SECRET_KEY'] = 'k{i}-abcdefghijklmnopqrstuvwxyz'\n" for i in range(n(20_000)))
    flask = f"from flask import Flask\napp = Flask(__name__)\n{config}"
    yield "Flask config keys", {"app.py": flask}, ["scan", "."], None
    sql = "".join("    cursor.execute('SELECT ' + q)\n" for _ in range(n(2_000)))
    yield "SQL in one function", {"db.py": f"def view(request, q):\n{sql}"}, ["scan", "."], None
    yield "star-import clique", clique(n(10)), ["scan", "."], None
    yield "star-import chain", chain(n(300)), ["scan", "."], None
    yield "star-import ring", ring(n(5_000)), ["scan", "."], None
    findings = "".join(f"key_{i} = '{aws_key(i)}'\n" for i in range(n(100_000)))
    yield "SARIF findings", {"keys.py": findings}, ["scan", ".", "--format", "sarif"], None
    yield "JSON findings", {"keys.py": findings}, ["scan", ".", "--format", "json"], None
    utf16 = f"$Key = '{AWS}'\r\n".encode("utf-16")
    yield "UTF-16", {"deploy.ps1": utf16 * n(10_000)}, ["scan", "."], None
    yield "deep tree (history)", {}, ["history"], lambda repo: deep_tree(repo, n(100_000))
    yield "deep tree (staged)", {}, ["scan", "--staged"], lambda repo: deep_tree(repo, n(100_000), stage=True)


def aws_key(i: int) -> str:
    """A distinct, random-looking access key id."""
    digest = hashlib.sha1(str(i).encode()).digest()
    return "AKIA" + "".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32] for b in digest[:16])


def clique(count: int) -> dict[str, str]:
    files = {}
    for i in range(count):
        imports = "".join(f"from .m{j} import *\n" for j in range(count) if j != i)
        files[f"shop/settings/m{i}.py"] = f"{imports}NAME_{i} = {i}\n"
    files[SETTINGS] = "from .m0 import *\nDEBUG = True\n"
    return files


def chain(count: int) -> dict[str, str]:
    files = {f"shop/settings/m{i}.py": f"from .m{i + 1} import *\nNAME_{i} = {i}\n" for i in range(count)}
    files[f"shop/settings/m{count}.py"] = "from .m0 import *\nDEBUG = True\n"
    files[SETTINGS] = "from .m0 import *\n"
    return files


def ring(count: int) -> dict[str, str]:
    files = {f"shop/settings/m{i}.py": f"from .m{(i + 1) % count} import *\nNAME_{i} = {i}\n" for i in range(count)}
    files[SETTINGS] = "from .m0 import *\nDEBUG = True\n"
    return files


def write_object(repo: Path, kind: str, body: bytes) -> bytes:
    """A loose object written directly: git's plumbing would take a process per tree."""
    data = f"{kind} {len(body)}\0".encode() + body
    digest = hashlib.sha1(data).digest()
    path = repo / ".git" / "objects" / digest.hex()[:2] / digest.hex()[2:]
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        path.write_bytes(zlib.compress(data, 1))
    return digest


def deep_tree(repo: Path, depth: int, stage: bool = False) -> None:
    """A commit whose tree nests `depth` folders, with a key at the bottom."""
    entry = write_object(repo, "blob", f"aws = '{AWS}'\n".encode())
    mode, name = b"100644", b"keys.py"
    for _ in range(depth):
        entry = write_object(repo, "tree", mode + b" " + name + b"\0" + entry)
        mode, name = b"40000", b"d"
    tree = write_object(repo, "tree", mode + b" " + name + b"\0" + entry)
    commit = git(repo, "commit-tree", tree.hex(), "-m", "deep").strip()
    git(repo, "update-ref", "refs/heads/main", commit)
    if stage:
        (repo / "new.py").write_text(f"aws = '{AWS}'\n")
        git(repo, "add", "new.py")


def run(keyward: Path, cwd: Path, args: list[str], limit: float) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB, exit code (or "killed" past `limit` seconds)."""
    start = time.perf_counter()
    process = subprocess.Popen([str(keyward), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if not killed and time.perf_counter() - start > limit:
            process.kill()
            killed = True
        time.sleep(0.01)
    code = "killed" if killed else str(os.waitstatus_to_exitcode(status))
    return time.perf_counter() - start, usage.ru_maxrss // 1024, code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only")
    parser.add_argument("--keyward", help="a binary to time instead of the release build")
    parser.add_argument("--limit", type=float, default=120, help="seconds before a run is killed")
    options = parser.parse_args()
    keyward = Path(options.keyward).resolve() if options.keyward else keyward_release()
    failed = False
    print(f"{'shape':<22} {'seconds':>8} {'MB':>6} exit")
    for name, files, args, setup in shapes(options.scale):
        if options.only and options.only not in name:
            continue
        with tempfile.TemporaryDirectory() as folder:
            repo = Path(folder)
            git(repo, "init", "-q", "-b", "main")
            for path, content in files.items():
                (repo / path).parent.mkdir(parents=True, exist_ok=True)
                data = content.encode() if isinstance(content, str) else content
                (repo / path).write_bytes(data)
            if setup:
                setup(repo)
            seconds, megabytes, code = run(keyward, repo, args, options.limit)
        failed |= code not in ("0", "1")
        print(f"{name:<22} {seconds:>8.2f} {megabytes:>6} {code}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
