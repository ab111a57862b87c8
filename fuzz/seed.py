#!/usr/bin/env python3
"""Seeds the fuzz corpora from the test fixtures and the rule packs.

Writes each seed into fuzz/corpus/TARGET/ in the target's input format
(see the comment at the top of each fuzz_targets/*.rs). Run it, then
minimise: `cargo +nightly fuzz cmin TARGET` (CONTRIBUTING.md, "Fuzzing").
The redaction target reads structured input (arbitrary) and grows its
corpus from nothing.
"""

import hashlib
import json
import pathlib
import re
import tomllib

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
FIXTURES = [ROOT / "tests" / "fixtures", ROOT / "tests" / "projects", ROOT / "tests" / "corpus" / "files"]
MAX_SEED = 64 * 1024


def write(target, data):
    if len(data) > MAX_SEED:
        return
    folder = FUZZ / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def fixture_files():
    """(repository-relative path, bytes) of every fixture file."""
    for base in FIXTURES:
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.endswith((".verdicts", ".snap")):
                yield path.relative_to(base).as_posix(), path.read_bytes()


def projects():
    """Each fixture project's files, paths relative to the project."""
    for base in FIXTURES[:2]:
        for project in sorted(base.glob("*")) + sorted(base.glob("*/*")):
            if project.is_dir():
                files = [p for p in sorted(project.rglob("*")) if p.is_file()]
                yield [(p.relative_to(project).as_posix(), p.read_bytes()) for p in files]


def examples():
    """(path, text) of every example and counterexample in patterns/."""
    for pack in sorted((ROOT / "patterns").glob("*.toml")):
        for rule in tomllib.loads(pack.read_text())["rule"]:
            for example in rule.get("examples", []) + rule.get("counterexamples", []):
                if isinstance(example, str):
                    yield "example", example
                else:
                    yield example["path"], example["text"]


def file_seed(path, data):
    return path.encode() + b"\n" + data


def python_settings():
    for files in projects():
        python = [file_seed(path, data) for path, data in files if path.endswith(".py")]
        if python:
            write("python_settings", b"\0".join(python))
    for path, data in fixture_files():
        if path.endswith(".py"):
            write("python_settings", file_seed(path, data))
    for path, text in examples():
        if path.endswith(".py"):
            write("python_settings", file_seed(path, text.encode()))


def scan_file():
    for path, data in fixture_files():
        write("scan_file", file_seed(path, data))
    for path, text in examples():
        write("scan_file", file_seed(path, text.encode()))


def config():
    # Each built-in rule as a custom rule, under an id of its own.
    for pack in sorted((ROOT / "patterns").glob("*.toml")):
        text = pack.read_text()
        for table in text.split("[[rule]]")[1:]:
            write("config", re.sub(r'^id = "', 'id = "custom.', "[[rule]]" + table, count=1, flags=re.M).encode())
        # The pack as build.rs embeds it.
        write("config", json.dumps(tomllib.loads(text)).encode())
    # The configurations the integration tests write.
    for test in sorted((ROOT / "tests" / "it").glob("*.rs")):
        for literal in re.findall(r'r#"(.*?)"#', test.read_text(), flags=re.S):
            if re.search(r"^\s*(\[\[rule\]\]|\[allow|\[severity\]|disable|max-file-size|baseline)", literal, flags=re.M):
                write("config", literal.encode())


def added_lines():
    for files in projects():
        contents = [data for _, data in files][:6]
        for old, new in zip(contents, contents[1:]):
            write("added_lines", old + b"\0\0" + new)
    for _, data in list(fixture_files())[:40]:
        lines = data.splitlines(keepends=True)
        edits = [
            b"".join(lines[: len(lines) // 2] + [b"SECRET_KEY = 'added'\n"] + lines[len(lines) // 2 :]),
            data.rstrip(b"\n"),
            data.replace(b"\n", b"\r\n"),
            b"".join(lines[1:]),
        ]
        for new in edits:
            write("added_lines", data + b"\0\0" + new)


if __name__ == "__main__":
    python_settings()
    scan_file()
    config()
    added_lines()
    for folder in sorted((FUZZ / "corpus").glob("*")):
        print(f"{folder.name}: {len(list(folder.iterdir()))} seeds")
