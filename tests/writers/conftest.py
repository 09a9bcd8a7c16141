from __future__ import annotations

import pytest
from deck_fakes import DECK_REPORT

from reportgen.context import BuildContext
from reportgen.pipeline import load


@pytest.fixture(scope="session")
def deck_ctx() -> BuildContext:
    return load(DECK_REPORT)
