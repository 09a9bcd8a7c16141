from __future__ import annotations

from pathlib import Path

import pytest
from deck_fakes import DECK_REPORT

from reportgen.context import BuildContext
from reportgen.pipeline import load


@pytest.fixture(scope="session")
def deck_ctx() -> BuildContext:
    return load(DECK_REPORT)


@pytest.fixture(scope="session")
def default_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildContext, Path]:
    """The default report built through the pipeline (decks, memos, charts; both languages), once."""
    from reportgen.pipeline import BuildOptions, build

    report = Path(__file__).resolve().parents[2] / "templates" / "china-ai-briefing"
    out = tmp_path_factory.mktemp("default-outputs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1751241600")
        ctx = load(report)
        build(BuildOptions(report, out))
    return ctx, out
