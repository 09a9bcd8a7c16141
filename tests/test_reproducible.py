"""Reproducible builds: the same inputs and SOURCE_DATE_EPOCH give byte-identical decks, memos and charts,
run after run, whichever languages a build makes and in whichever order the report lists them."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1751241600"


def build(report: Path, out: Path, *args: str) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(report), "--out", str(out), *args],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


@pytest.mark.slow
def test_same_inputs_give_the_same_bytes_across_runs_and_language_orders(default_copy: Path, tmp_path: Path) -> None:
    both = build(default_copy, tmp_path / "both")  # ko then en, charts drawn afresh
    assert {name.split(".")[1] for name in both if "/" not in name} == {"ko", "en"}  # deck, memo, provenance, figure sheet
    assert sum(name.endswith((".png", ".svg")) for name in both) >= 32

    english = build(default_copy, tmp_path / "english", "--lang", "en")  # one language, drawn afresh again
    assert english == {name: digest for name, digest in both.items() if ".en." in name}

    spec = default_copy / "report.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("languages: [ko, en]", "languages: [en, ko]"), encoding="utf-8")
    reordered = build(default_copy, tmp_path / "both")  # into the first folder again: charts from its cache
    assert reordered == both
