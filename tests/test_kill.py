"""A build killed at any moment (SIGKILL, 20 times at seeded random points) never costs the previous outputs.

Each kill hits the build's whole process group (the command and the processes it starts). Right after
a kill, every visible output is complete: byte-identical to the previous build's file or to the new
build's, never partial, and nothing else is visible. The next build into the folder first rolls back
a publish the kill interrupted: then the folder holds the previous build exactly, or (when the kill
came after the commit) the new one, and no staging folder is left.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from reportgen.publish import OutputLock, clean_up_dead_builds

ROOT = Path(__file__).resolve().parents[1]
OLD_EPOCH, NEW_EPOCH = "1751241600", "1751328000"  # two build dates: the two builds differ in every deck and memo
KILLS = 20

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")


def start(report: Path, out: Path, epoch: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    return subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(report), "--out", str(out), "--lang", "en"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def build(report: Path, out: Path, epoch: str) -> float:
    began = time.monotonic()
    run = start(report, out, epoch)
    _, err = run.communicate()
    assert run.returncode == 0, err.decode()
    return time.monotonic() - began


def visible(out: Path) -> dict[str, str]:
    """The outputs a person sees: every file whose path has no part starting with a dot."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def kill_group(run: subprocess.Popen) -> None:
    """SIGKILL the build and every process it started (the lock is free once the last of them has died)."""
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    run.stderr.close()


def restore(out: Path, saved: Path) -> None:
    for path in saved.rglob("*"):
        if path.is_file():
            shutil.copy2(path, out / path.relative_to(saved))


@pytest.mark.slow
def test_a_build_killed_at_random_moments_leaves_the_previous_outputs(default_copy: Path, tmp_path: Path) -> None:
    out, newer = tmp_path / "out", tmp_path / "newer"
    build(default_copy, out, OLD_EPOCH)
    old = visible(out)
    saved = tmp_path / "saved"
    shutil.copytree(out, saved, ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(out / ".cache", newer / ".cache")  # the same charts: the kills land in writing and publishing
    duration = build(default_copy, newer, NEW_EPOCH)
    new = visible(newer)
    assert old.keys() == new.keys()
    assert old["china-ai-briefing.en.pptx"] != new["china-ai-briefing.en.pptx"]
    assert old["china-ai-briefing.en.pdf"] != new["china-ai-briefing.en.pdf"]

    rng = random.Random(20250630)
    outcomes = []
    for _ in range(KILLS):
        run = start(default_copy, out, NEW_EPOCH)
        time.sleep(rng.uniform(0.0, duration))
        kill_group(run)

        seen = visible(out)
        assert seen.keys() == old.keys()  # no stray file, none missing
        assert all(seen[name] in (old[name], new[name]) for name in seen)  # each file whole: the old one or the new

        with warnings.catch_warnings():  # the next build does this first, once the killed processes are gone
            warnings.simplefilter("ignore")
            with OutputLock(out, wait=60):
                clean_up_dead_builds(out, out / ".cache" / "charts")
        after = visible(out)
        assert after in (old, new)  # all of one build or all of the other
        assert not list(out.glob(".staging-*")) and not list((out / ".cache" / "charts").glob(".draw-*"))
        outcomes.append("new" if after == new else "old")
        if after == new:
            restore(out, saved)
    assert outcomes.count("old") >= 1


# ---- SIGTERM and SIGINT: the build stops itself, cleanly (issue 17) ------------------------------------

STOPS = 4  # per signal, at seeded random moments of a first build (cold chart cache: the pool is starting)


def group(pgid: int) -> list[int]:
    """The processes still alive in process group `pgid` (the build's children inherit it)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_at_any_moment_stops_every_process_and_leaves_the_previous_outputs(
        default_copy: Path, tmp_path: Path, signum: signal.Signals) -> None:
    out = tmp_path / "out"
    build(default_copy, out, OLD_EPOCH)
    old = visible(out)
    rng = random.Random(int(signum))
    stopped = 0
    for _ in range(STOPS):
        shutil.rmtree(out / ".cache", ignore_errors=True)  # a first build: the chart pool starts beside loading
        run = start(default_copy, out, NEW_EPOCH)
        time.sleep(rng.uniform(0.3, 3.0))
        if signum == signal.SIGINT:
            os.killpg(run.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
        else:
            os.kill(run.pid, signal.SIGTERM)  # a service manager stops the command alone
        _, err = run.communicate(timeout=120)
        text = err.decode()
        if run.returncode == 0:  # it finished first: start again from the previous outputs
            restore_from_old = visible(out) != old
            if restore_from_old:
                build(default_copy, out, OLD_EPOCH)
            continue
        assert run.returncode == 128 + signum, text  # never a silent death by the signal (-signum)
        if text.splitlines() == [f"stopped by {signum.name}: the outputs are this build's"]:
            assert visible(out) != old  # it came after the publish: the new outputs are whole; start again from the old
            build(default_copy, out, OLD_EPOCH)
            continue
        stopped += 1
        assert text.splitlines() == [f"stopped by {signum.name}: nothing was published; the previous outputs are "
                                     "untouched"], text
        assert visible(out) == old
        assert not list(out.glob(".staging-*"))
        deadline = time.monotonic() + 15
        while group(run.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert group(run.pid) == []  # the pool's server, its workers and the writers are gone too
    assert stopped >= 2


def test_once_the_command_has_ended_a_signal_cannot_kill_it_silently_while_python_exits() -> None:
    """Python resets a Python signal handler to the system default while it exits: a Ctrl-C then would end the
    process by the signal, without a word. Once the command has said how it ended, both signals are ignored."""
    code = ("import json, signal, sys; sys.argv = ['reportgen', '--help']\nfrom reportgen.__main__ import run\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print(json.dumps([signal.getsignal(s) is signal.SIG_IGN for s in (signal.SIGINT, signal.SIGTERM)]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "[true, true]", done.stderr


def test_a_chart_process_that_cannot_start_because_the_build_stopped_prints_nothing() -> None:
    """The forkserver's children start with its excepthook: a start that fails because the stopped build's
    semaphores are gone (FileNotFoundError) prints nothing under the build's one line; a real failure still does."""
    from reportgen.schedule import PRELOAD

    assert "reportgen.charts.server" in PRELOAD
    code = ("import sys, reportgen.charts.server\ntry:\n    raise FileNotFoundError(2, 'No such file or directory')\n"
            "except FileNotFoundError:\n    sys.excepthook(*sys.exc_info())\n"
            "try:\n    raise ValueError('a bug')\nexcept ValueError:\n    sys.excepthook(*sys.exc_info())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "FileNotFoundError" not in done.stderr and "ValueError: a bug" in done.stderr
