from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
DEFAULT_REPORT = ROOT / "templates" / "china-ai-briefing"


@pytest.fixture(scope="session", autouse=True)
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Parsed fonts are cached in the user's cache folder: the tests keep theirs in a temporary one
    (set in the environment, so the builds the tests start in other processes use it too)."""
    os.environ.setdefault("REPORTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("user-cache")))


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture (data/ and report/) in tmp_path."""
    dest = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest


@pytest.fixture
def default_copy(tmp_path: Path) -> Path:
    """A writable copy of the default report and its dataset, laid out as in the repo."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(DEFAULT_REPORT, tmp_path / "templates" / "china-ai-briefing")
    return tmp_path / "templates" / "china-ai-briefing"
