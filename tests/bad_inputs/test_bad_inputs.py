"""The bad-input suite: each case changes a copy of the default report and states the exact outcome.

An error exits 1 with exactly the expected message and no traceback, and a failed build leaves the
previous outputs byte-identical with nothing else left behind. A graceful case exits 0 and its
`verify` checks what was made of the input. See bad_cases.py for the table, docs/reliability.md for why.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bad_build import EPOCH, Built
from bad_cases import CASES as FIRST_ROUND
from bad_cases import Case, embedded_or_remote_parts
from hostile_cases import CASES as SECOND_ROUND
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.manifest import MANIFEST_NAME

runner = CliRunner()
CASES = FIRST_ROUND + SECOND_ROUND


def snapshot(out: Path) -> dict[str, str]:
    """Every file and folder of the output folder with its bytes' hash (the chart cache and the lock aside)."""
    if not out.is_dir():
        return {".": hashlib.sha256(out.read_bytes()).hexdigest()} if out.exists() else {}
    found = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if name.startswith(".cache") or name == ".reportgen.lock":
            continue
        found[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
    return found


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


SLOW = {"100000-rows"}  # a check case that reads a large file


def tier(case: Case) -> object:
    """A build case builds the default report (once a session) and then itself: the slow tier."""
    slow = case.command == "build" or case.id in SLOW
    return pytest.param(case, id=case.id, marks=[pytest.mark.slow] if slow else [])


@pytest.mark.parametrize("case", [tier(case) for case in CASES])
def test_bad_input(case: Case, pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   request: pytest.FixtureRequest) -> None:
    root = tmp_path / "copy"
    shutil.copytree(pristine, root, ignore=shutil.ignore_patterns("out"), symlinks=True)
    case.change(root)
    monkeypatch.chdir(root)
    if case.command == "build" and not case.cold:
        built: Built = request.getfixturevalue("built")
        shutil.copytree(built.out, root / "out")
        (root / "out" / MANIFEST_NAME).unlink(missing_ok=True)  # every output is written again, as each case means
    env = {"SOURCE_DATE_EPOCH": EPOCH, "REPORTGEN_DEBUG": None, **dict(case.env)}
    with pytest.MonkeyPatch.context() as patched, contextlib.ExitStack() as stack:
        if case.setup is not None:
            case.setup(root, patched, stack)
        before = snapshot(root / "out")
        if case.cold:  # a first build, in a process of its own: what it prints until the process has ended
            process_env = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
            run = subprocess.run([sys.executable, "-m", "reportgen", *case.args()], cwd=root, env=process_env,
                                 capture_output=True, text=True, timeout=600)
            result: Any = Outcome(run.returncode, run.stdout, run.stderr)
        else:
            invoked = runner.invoke(app, case.args(), env=env)
            assert invoked.exception is None or isinstance(invoked.exception, SystemExit), invoked.exception
            result = invoked

    assert result.exit_code == case.exit_code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    errors = "\n".join(line for line in lines if not line.startswith("warning: "))
    assert errors == case.expect.replace("{pid}", str(os.getpid()))
    for warning in case.warns:
        assert warning.replace("{pid}", str(os.getpid())) in lines
    if case.exit_code != 0:
        assert result.stdout == ""
        if case.command == "build":
            assert snapshot(root / "out") == before  # the previous outputs, byte for byte, and nothing left behind
    if case.verify is not None:
        case.verify(root, result)


def test_the_suite_covers_every_kind_of_bad_input() -> None:
    assert len(CASES) >= 60
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.slow
def test_the_deck_embeds_no_spreadsheet_and_fetches_nothing(built: Built) -> None:
    """Charts are pictures and tables native: no workbook to carry a formula, no part loaded from elsewhere."""
    assert embedded_or_remote_parts(built.out / "china-ai-briefing.en.pptx") == []
