"""The default report's audience table: every row reads cleanly, and each audience gets its own name and
its own recommendation first, in the deck and in the memo (checked on the loaded inputs: no build)."""

from __future__ import annotations

from pathlib import Path

from reportgen.burst.audiences import read_audiences
from reportgen.pipeline import load_inputs, specialize

DEFAULT = Path(__file__).resolve().parents[2] / "templates" / "china-ai-briefing"


def test_the_default_reports_audiences_each_get_their_name_and_their_recommendation_first() -> None:
    inputs = load_inputs(DEFAULT)
    audiences = read_audiences(DEFAULT / "audiences.csv", inputs.report)
    assert len(audiences) >= 10
    assert all(a.error is None for a in audiences), [a.error for a in audiences if a.error]
    assert {a.values["focus"] for a in audiences} == {"talent", "data", "state"}
    for audience in [next(a for a in audiences if a.values["focus"] == focus) for focus in ("talent", "data", "state")]:
        ctx = specialize(inputs, audience.langs, audience.values)
        focus = audience.values["focus"]
        deck_recs = [s.recommendation for s in ctx.report.slides if s.recommendation]
        memo_recs = [b.recommendation for m in ctx.report.memo for b in m.blocks if b.recommendation]
        assert deck_recs[0] == memo_recs[0] == focus
        assert sorted(deck_recs) == sorted(memo_recs) == ["data", "state", "talent"]
        assert ctx.report.recommendation_numbers == {"talent": 1, "data": 2, "state": 3}  # numbers as written
        assert ctx.texts["ko"].get("meta.audience") == audience.values["audience_ko"]
        assert ctx.texts["en"].get("meta.audience") == audience.values["audience_en"]
