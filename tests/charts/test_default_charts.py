"""The default report's charts: every one draws in both languages with no missing glyph; the cache works."""

import dataclasses
import shutil
import warnings
from pathlib import Path

import pytest

from reportgen.charts.render import draw_one, plan, render_charts
from reportgen.charts.theme import THEME
from reportgen.pipeline import load

TINY = dataclasses.replace(THEME, dpi=40)


def test_every_chart_draws_in_both_languages_without_missing_glyphs(default_ctx, tmp_path):
    assert len(default_ctx.report.charts) >= 14
    for lang in ("ko", "en"):
        for chart in default_ctx.report.charts:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # rows left out on purpose (N/A) are not the point here
                job = plan(default_ctx, chart, lang)
            with warnings.catch_warnings():
                warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
                warnings.filterwarnings("error", message=".*missing from (current )?font.*")
                draw_one(job, str(tmp_path), TINY)
            assert (tmp_path / f"{job.key}.png").stat().st_size > 0


def test_every_chart_has_title_unit_alt_and_sources(default_ctx, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        images = render_charts(default_ctx, tmp_path / "out", tmp_path / "cache")
    for lang, charts in images.items():
        assert set(charts) == {c.id for c in default_ctx.report.charts}
        for image in charts.values():
            assert image.title and image.unit and image.alt, (lang, image.chart_id)
            assert image.source_ids and image.source_line.startswith("출처: " if lang == "ko" else "Source: ")
            assert image.png.read_bytes()[:4] == b"\x89PNG" and image.width_px >= 1600
            assert image.svg.read_bytes().lstrip().startswith(b"<?xml")


def _copy_report(tmp_path: Path) -> Path:
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "data", tmp_path / "data")
    shutil.copytree(root / "templates" / "china-ai-briefing", tmp_path / "templates" / "china-ai-briefing")
    return tmp_path / "templates" / "china-ai-briefing"


@pytest.mark.filterwarnings("ignore")
def test_cache_skips_unchanged_charts_and_redraws_only_what_a_csv_change_touches(tmp_path):
    report = _copy_report(tmp_path)
    cache = tmp_path / "cache"
    ctx = load(report)
    render_charts(ctx, tmp_path / "out1", cache)
    first = {p.name for p in cache.glob("*.png")}
    assert len(first) == 2 * len(ctx.report.charts)

    render_charts(load(report), tmp_path / "out2", cache)
    assert {p.name for p in cache.glob("*.png")} == first  # nothing drawn again

    prices = tmp_path / "data" / "api_prices.csv"
    prices.write_text(prices.read_text(encoding="utf-8").replace(",8,,2025-05-16", ",9,,2025-05-16"), encoding="utf-8")
    ctx = load(report)
    render_charts(ctx, tmp_path / "out3", cache)
    new = {p.name for p in cache.glob("*.png")} - first
    users_of_table = [c.id for c in ctx.report.charts if c.table == "api_prices"]
    assert len(new) == 2 * len(users_of_table) == 2  # api_prices, in ko and en
