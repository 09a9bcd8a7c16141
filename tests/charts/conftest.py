from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.pipeline import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def default_ctx():
    """The default report, loaded once (spec, dataset, text in both languages)."""
    return load(ROOT / "templates" / "china-ai-briefing")
