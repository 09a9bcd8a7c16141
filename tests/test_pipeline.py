"""End-to-end: every report in templates/ builds; a failed build leaves the previous outputs untouched."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = sorted(p.parent for p in (ROOT / "templates").glob("*/report.yaml"))


def build(report: Path, out: Path, *args: str, env_epoch: str = "1751241600") -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "SOURCE_DATE_EPOCH": env_epoch}
    return subprocess.run([sys.executable, "-m", "reportgen", "build", str(report), "--out", str(out), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT)


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts}


@pytest.mark.slow
@pytest.mark.parametrize("report", REPORTS, ids=[p.name for p in REPORTS])
def test_every_report_in_templates_builds(report, tmp_path):
    result = build(report, tmp_path / "out", "--lang", "ko")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    names = {p.name for p in (tmp_path / "out").iterdir() if p.is_file()}
    assert {f"{report.name}.ko.pptx", f"{report.name}.ko.pdf"} <= names


def test_a_failed_build_leaves_previous_outputs_byte_identical(default_copy, tmp_path):
    out = tmp_path / "out"
    first = build(default_copy, out, "--lang", "en")
    assert first.returncode == 0, first.stderr
    before = digests(out)
    assert any(name.endswith(".pptx") for name in before) and any(name.endswith(".pdf") for name in before)

    prices = default_copy.parents[1] / "data" / "api_prices.csv"
    prices.write_text(prices.read_text(encoding="utf-8").replace(",8,,", ",eight,,"), encoding="utf-8")
    failed = build(default_copy, out, "--lang", "en")
    assert failed.returncode == 1
    assert failed.stderr.startswith("error: ") and failed.stderr.count("\n") == 1
    assert "data/api_prices.csv: row 4, column price: got 'eight'; expected a number (like 12.5)" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert digests(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]


@pytest.mark.slow
def test_a_new_report_builds(tmp_path):
    made = subprocess.run([sys.executable, "-m", "reportgen", "new", str(tmp_path / "brief")], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    result = build(tmp_path / "brief", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert {"brief.ko.pptx", "brief.en.pptx", "brief.ko.pdf", "brief.en.pdf"} <= {p.name for p in (tmp_path / "out").iterdir()}
