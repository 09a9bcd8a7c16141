"""The burst tests' report: a small one with parameters (tests/burst/fixture/report, on the mini dataset)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A writable copy of the small report with parameters (and the dataset it names, at the same relative place)."""
    shutil.copytree(TESTS / "fixtures" / "mini" / "data", tmp_path / "tests" / "fixtures" / "mini" / "data")
    shutil.copytree(TESTS / "burst" / "fixture" / "report", tmp_path / "tests" / "burst" / "fixture" / "report")
    return tmp_path / "tests" / "burst" / "fixture" / "report"
