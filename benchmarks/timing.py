"""Helpers the benchmarks share: fresh-process timing, medians, the machine they ran on."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORT = ROOT / "templates" / "china-ai-briefing"


def fresh_env() -> dict[str, str]:
    """The environment for timed processes: bytecode is written and read, as on an ordinary install."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(args: list[str], cwd: Path = ROOT) -> float:
    """Wall time of one fresh `python ARGS` process, in seconds; fails loudly if it fails."""
    return run_with_cpu(args, cwd)[0]


def run_with_cpu(args: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time and CPU time (user + system, every process it started included) of one fresh process.

    The processes a build leaves behind (a forkserver and its workers, which end once the build has)
    are adopted and waited for here, so their CPU time is counted too (Linux; elsewhere CPU is NaN).
    """
    subreaper = _become_subreaper()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=fresh_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: python {' '.join(args)}\n{done.stderr}")
    if not subreaper:
        return seconds, float("nan")
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _become_subreaper() -> bool:
    """Make orphaned descendants this process's children (prctl PR_SET_CHILD_SUBREAPER)."""
    try:
        import ctypes

        return ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    """One line: CPU model, cores, Python, and the load when measured (other work skews the figures)."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}; "
            f"load average {load:.2f} at the start")
