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


# Fixtures that build the default report (or a copy of it): a test using one is in the slow tier.
BUILDING_FIXTURES = {"decks", "default_memos", "built", "default_copy", "default_build"}


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, dict[str, Path]]:
    """The default report built once for the session, as a user builds it (with SOURCE_DATE_EPOCH): its loaded
    context and each deck and memo by `<lang>.<suffix>` (`ko.pdf`). Read it; never change it."""
    from reportgen.pipeline import BuildOptions, build, load

    out = tmp_path_factory.mktemp("default-build")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1751241600")
        ctx = load(DEFAULT_REPORT)
        paths = build(BuildOptions(DEFAULT_REPORT, out))
    return ctx, {".".join(p.name.split(".")[-2:]): p for p in paths if p.suffix in (".pptx", ".pdf")}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`pytest -m "not slow"` is the fast tier: no end-to-end build of the default report."""
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


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
