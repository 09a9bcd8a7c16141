"""The rendering machinery, on the chart pool the build runs (reportgen/schedule.py): matplotlib kept
inside the charts package, warnings from workers reach the build, the same input gives the same bytes,
one picture size that serves slide and memo, every chart problem reported together, and a cache that
does not grow."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import warnings

import pytest
from chart_paths import CHART_FIXTURE, DEFAULT_REPORT, ROOT

from reportgen.charts import cache
from reportgen.charts.chartdata import ChartData, Point
from reportgen.charts.render import charts_file, plan_all
from reportgen.charts.theme import THEME
from reportgen.charts.worker import Job, draw_one
from reportgen.errors import ReportgenError
from reportgen.inputs.spec import ChartSpec
from reportgen.pipeline import load
from reportgen.schedule import start_charts

TINY = dataclasses.replace(THEME, dpi=30)


def sample(label: str = "중국", chart_id: str = "c") -> ChartData:
    return ChartData(chart_id, "ranked_bar", "ko", (Point("a", label, 222.0, "222만", highlight=True), Point("b", "미국", 66.0, "66만")))


def test_importing_the_charts_package_does_not_import_matplotlib():
    code = "import sys, reportgen.charts.render, reportgen.charts.registry, reportgen.inputs.spec; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"


def test_matplotlib_is_imported_only_inside_the_charts_package():
    pattern = re.compile(r"^\s*(import|from)\s+matplotlib", re.MULTILINE)
    outside = [p for p in (ROOT / "reportgen").rglob("*.py") if "charts" not in p.parts and pattern.search(p.read_text(encoding="utf-8"))]
    assert outside == []
    top_level = re.compile(r"^(import|from)\s+matplotlib", re.MULTILINE)
    inside = [p.name for p in (ROOT / "reportgen" / "charts").rglob("*.py") if top_level.search(p.read_text(encoding="utf-8"))]
    assert inside == []  # even inside, only function bodies import it, when a chart is drawn


def test_the_workers_warnings_reach_the_build(tmp_path, monkeypatch):
    shutil.copytree(CHART_FIXTURE, tmp_path / "fx")
    names = tmp_path / "fx" / "data" / "countries.csv"
    names.write_text(names.read_text(encoding="utf-8").replace("cn,CN,중국,", "cn,CN,중국😀,"), encoding="utf-8")
    ctx = load(tmp_path / "fx" / "report", ("ko",))
    ctx = dataclasses.replace(ctx, report=ctx.report.model_copy(update={"charts": ctx.report.charts[:2]}))
    monkeypatch.setenv("REPORTGEN_CHART_WORKERS", "2")  # the pool, even on a machine of one core
    charts = start_charts(ctx, tmp_path / "out", tmp_path / "cache", TINY)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        charts.wait("ko")
    glyph = "Glyph 128512 (\\N{GRINNING FACE}) missing from font(s) NanumGothic."
    assert sorted(str(w.message) for w in seen) == [f"charts (column, ko): {glyph}", f"charts (ranked, ko): {glyph}"]
    assert sorted((d.chart_id, d.warnings) for d in charts.drawn) == [("column", (glyph,)), ("ranked", (glyph,))]


def test_the_same_chart_gives_the_same_bytes(tmp_path):
    for run in ("one", "two"):
        (tmp_path / run).mkdir()
        draw_one(Job(sample(), "k"), str(tmp_path / run), TINY)
    for suffix in (".png", ".svg"):
        first, second = (cache.entry(tmp_path / run, sample(), "k", suffix).read_bytes() for run in ("one", "two"))
        assert first == second


def test_one_picture_size_serves_slide_and_memo():
    assert (THEME.width_px, THEME.height_px) == (1800, 720)
    memo_width_in = (210 - 2 * 22) / 25.4  # A4 less the memo's margins
    assert THEME.width_px / memo_width_in >= 200  # sharp in print
    memo_scale = memo_width_in / THEME.width_in
    assert THEME.font_size * THEME.small * memo_scale >= 6.5  # the smallest label in the memo, in points
    slide_body = (13.333 - 1.2, 4.68)  # a 16:9 slide's body under the title and unit line
    slide_scale = min(slide_body[0] / THEME.width_in, slide_body[1] / THEME.height_in)
    assert THEME.font_size * slide_scale >= 13  # labels on the slide, in points


def test_every_chart_problem_is_reported_together(fixture_ctx):
    broken = [ChartSpec(id="one", kind="column", table="countries", x="name", y="name"),
              ChartSpec(id="two", kind="line", table="yearly", x="year", y="amount")]
    ctx = dataclasses.replace(fixture_ctx, report=fixture_ctx.report.model_copy(update={"charts": broken}))
    with pytest.raises(ReportgenError) as info:
        plan_all(ctx)
    assert [p.where for p in info.value.problems] == ["charts (one)", "charts (two)"]
    assert all(p.file.endswith("report.yaml") for p in info.value.problems)


def test_problems_name_the_charts_file_when_there_is_one():
    ctx = load(DEFAULT_REPORT)
    assert charts_file(ctx) == DEFAULT_REPORT / "charts.yaml"


def test_the_cache_keeps_one_picture_per_chart_and_language(tmp_path):
    data = sample()
    for key in ("old", "new"):
        for suffix in (".png", ".svg"):
            cache.entry(tmp_path, data, key, suffix).write_bytes(b"x")
    other = dataclasses.replace(data, chart_id="cc")
    cache.entry(tmp_path, other, "old", ".png").write_bytes(b"x")
    cache.prune(tmp_path, data, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.ko.new.png", "c.ko.new.svg", "cc.ko.old.png"]


def test_no_warning_when_every_row_is_accounted_for(fixture_ctx, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ctx = dataclasses.replace(fixture_ctx, report=fixture_ctx.report.model_copy(update={"charts": fixture_ctx.report.charts[1:3]}))
        start_charts(ctx, tmp_path / "out", tmp_path / "cache", TINY).wait("ko")


def test_the_spec_accepts_exactly_the_kinds_the_registry_draws():
    from reportgen.charts.registry import CHART_KINDS
    from reportgen.inputs.spec import CHART_KIND_NAMES

    assert sorted(CHART_KIND_NAMES) == sorted(CHART_KINDS)


def test_a_deck_waits_only_for_the_pictures_it_shows(tmp_path, monkeypatch):
    """The deck's pictures (a timeline) are drawn first and handed over drawn; its native charts are handed
    over described (data, words, sources) without waiting for their pictures, which the memo waits for."""
    ctx = load(CHART_FIXTURE / "report", ("ko",))
    keep = {"ranked", "timeline", "line"}
    ctx = dataclasses.replace(ctx, report=ctx.report.model_copy(update={"charts": [c for c in ctx.report.charts if c.id in keep]}))
    monkeypatch.setenv("REPORTGEN_CHART_WORKERS", "1")  # drawn here, one at a time, when waited for
    charts = start_charts(ctx, tmp_path / "out", tmp_path / "cache", TINY)
    assert [job.data.chart_id for job in charts.todo][0] == "timeline"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        deck = charts.for_deck("ko")
        assert sorted(deck) == sorted(keep)
        assert deck["timeline"].png.is_file()
        assert not deck["ranked"].png.exists() and deck["ranked"].data.points  # described, its picture not copied yet
        memo = charts.wait("ko")
    assert all(image.png.is_file() for image in memo.values())
    assert {k: (v.title, v.source_ids) for k, v in deck.items()} == {k: (v.title, v.source_ids) for k, v in memo.items()}
