"""Reference images: every chart of the fixture (every kind, a log scale, small panels, N/A labels) drawn
from fixed data and compared with a stored picture within a tolerance.

The font (the shipped NanumGothic), the size and the dpi are pinned by the theme; the references are
drawn at 60 dpi to stay small. To accept a deliberate change of look, run with
REPORTGEN_UPDATE_REFERENCES=1, look at the new pictures in tests/charts/reference/, then commit them.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import warnings

import pytest
from chart_paths import CHART_FIXTURE

from reportgen.charts.draw import draw_chart
from reportgen.charts.registry import CHART_KINDS
from reportgen.charts.render import plan
from reportgen.charts.theme import THEME
from reportgen.inputs.report_file import load_spec

REFERENCE = CHART_FIXTURE.parents[1] / "charts" / "reference"
SMALL = dataclasses.replace(THEME, dpi=60)  # 540 × 216 px
TOLERANCE = 3.0  # RMS over 0-255 channels; anti-aliasing noise stays well below, a moved label does not
CHARTS = [c.id for c in load_spec(CHART_FIXTURE / "report").charts]


def test_the_fixture_has_every_kind():
    assert {c.kind for c in load_spec(CHART_FIXTURE / "report").charts} == set(CHART_KINDS)


@pytest.mark.parametrize("chart_id", CHARTS)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_chart_matches_its_reference(fixture_ctx, chart_id, lang, tmp_path):
    from matplotlib.testing.compare import compare_images

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the fixture leaves one row out on purpose
        job = plan(fixture_ctx, fixture_ctx.report.chart(chart_id), lang, theme=SMALL)
    actual = tmp_path / f"{chart_id}.{lang}.png"
    seen = draw_chart(job.data, SMALL, actual, tmp_path / "chart.svg")
    assert seen == []
    expected = REFERENCE / actual.name
    if os.environ.get("REPORTGEN_UPDATE_REFERENCES") or not expected.exists():
        REFERENCE.mkdir(exist_ok=True)
        shutil.copyfile(actual, expected)
        pytest.skip(f"reference {expected.name} written; look at it and commit it")
    result = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert result is None, result
