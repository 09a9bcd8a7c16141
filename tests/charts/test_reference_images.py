"""Reference images: each kind drawn from fixed data, compared with a stored picture within a tolerance.

Font (the shipped NanumGothic), size and dpi are pinned by the theme. To accept a deliberate change
of look, run with REPORTGEN_UPDATE_REFERENCES=1 and look at the new pictures before committing them.
"""

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from reportgen.charts.prepare import ChartData
from reportgen.charts.registry import CHART_KINDS
from reportgen.charts.render import Job, draw_one
from reportgen.charts.theme import THEME

REFERENCE = Path(__file__).parent / "reference"
SMALL = dataclasses.replace(THEME, dpi=60)
TOLERANCE = 4.0  # RMS over 0-255 channels; text shifting by a pixel stays well below this


def sample(kind: str) -> ChartData:
    base = {"chart_id": kind, "lang": "ko"}
    if kind in ("ranked_bar", "column"):
        return ChartData(**base, ids=["a", "b", "c"], labels=["중국", "미국", "한국"], values=[222, 66, 23],
                         texts=["222만", "66만", "23만"], highlight=[True, False, False], series=["", "", ""], notes=["", "", ""])
    if kind == "grouped_column":
        return ChartData(**base, ids=list("abcd"), labels=["논문", "논문", "특허", "특허"], values=[55, 35, 13, 9],
                         texts=["55", "35", "13", "9"], series=["중국", "미국", "중국", "미국"], highlight=[False] * 4, notes=[""] * 4)
    if kind == "stacked_bar":
        return ChartData(**base, ids=["a", "b"], labels=["비용", "절감"], values=[40, 60], texts=["40%", "60%"],
                         highlight=[True, False], series=["", ""], notes=["", ""])
    if kind == "dumbbell":
        return ChartData(**base, ids=["a", "b"], labels=["아마존", "텐센트"], values=[75, 10.7], values2=[100, 12.5],
                         texts=["750억", "107억"], texts2=["1,000억", "125억"], highlight=[False, True], series=["", ""],
                         notes=["", ""], names={"y": "2024", "y2": "2025"})
    if kind == "scatter":
        return ChartData(**base, ids=["a", "b", "c"], labels=["", "", ""], xs=[638, 155, 130], values=[75, 11.1, 9.7],
                         texts=["", "", ""], notes=["아마존", "바이트댄스", "알리바바"], highlight=[False, True, True],
                         series=["", "", ""], names={"x": "매출", "y": "Capex"})
    if kind == "line":
        return ChartData(**base, ids=["a", "b", "c"], labels=["2014", "2019", "2024"], xs=[2014, 2019, 2024],
                         values=[19.5, 28.7, 48.5], texts=["195억", "287억", "485억"], series=["빅펀드"] * 3,
                         highlight=[False] * 3, notes=[""] * 3)
    if kind == "timeline":
        return ChartData(**base, ids=["a", "b", "c"], labels=["2017", "2023-08", "2024"], values=[0, 0, 0],
                         texts=["", "", ""], notes=["사이버보안법", "생성형 AI 규칙", "AI Act"], series=["중국", "중국", "EU"],
                         highlight=[False] * 3)
    raise KeyError(kind)


@pytest.mark.parametrize("kind", sorted(CHART_KINDS))
def test_each_kind_matches_its_reference(kind, tmp_path):
    from matplotlib.testing.compare import compare_images

    job = Job(kind, sample(kind), f"ref-{kind}")
    draw_one(job, str(tmp_path), SMALL)
    actual = tmp_path / f"ref-{kind}.png"
    expected = REFERENCE / f"{kind}.png"
    if os.environ.get("REPORTGEN_UPDATE_REFERENCES") or not expected.exists():
        shutil.copyfile(actual, expected)
        pytest.skip(f"reference for {kind} written; look at it and commit it")
    result = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert result is None, result
