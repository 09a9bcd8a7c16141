from __future__ import annotations

import pytest
from chart_paths import CHART_FIXTURE

from reportgen.pipeline import load


@pytest.fixture(scope="session")
def fixture_ctx():
    """The chart fixture: one chart of every kind on a small dataset, text in both languages."""
    return load(CHART_FIXTURE / "report")
