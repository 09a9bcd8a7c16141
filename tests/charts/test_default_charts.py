"""The default report's charts, drawn the way a build draws them (the build's chart pool, a cache):
every chart in both languages with no missing glyph; a second build draws nothing; one changed CSV
value redraws only the charts of that table."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from chart_paths import copy_default_report
from PIL import Image

from reportgen.pipeline import load
from reportgen.schedule import Charts, start_charts


def render(report: Path, out: Path, cache: Path) -> Charts:
    """Every chart of the report in every language, as a build draws and publishes them."""
    charts = start_charts(load(report), out, cache)
    for lang in charts.ctx.texts:
        charts.wait(lang)
    return charts


def ready(charts: Charts) -> dict[str, dict]:
    """Each language's published charts, by chart id (waiting again draws and copies nothing more)."""
    return {lang: charts.wait(lang) for lang in charts.ctx.texts}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Charts]:
    """The default report copied to a tmp folder and rendered once, with any warning an error."""
    root = tmp_path_factory.mktemp("default")
    report = copy_default_report(root)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph ("Glyph ... missing from font"), a row left out unannounced
        rendered = render(report, root / "out1", root / "cache")
    return report, rendered


def test_every_chart_is_drawn_in_both_languages_without_warnings(built):
    report, rendered = built
    ctx = load(report)
    ids = {c.id for c in ctx.report.charts}
    assert len(ids) >= 14
    assert set(ready(rendered)) == {"ko", "en"}
    assert {(d.chart_id, d.lang) for d in rendered.drawn} == {(i, lang) for i in ids for lang in ("ko", "en")}
    assert all(d.warnings == () for d in rendered.drawn)


def test_each_image_has_its_words_sources_and_pinned_size(built):
    _, rendered = built
    for lang, charts in ready(rendered).items():
        for image in charts.values():
            assert image.title and image.unit and image.alt, (lang, image.chart_id)
            assert image.source_ids and image.source_line.startswith("출처: " if lang == "ko" else "Source: ")
            assert image.png.name == f"{image.chart_id}.{lang}.png" and image.svg.name == f"{image.chart_id}.{lang}.svg"
            assert Image.open(image.png).size == (image.width_px, image.height_px) == (1800, 720)
            assert image.svg.read_bytes().startswith(b"<?xml")


def test_a_second_build_draws_nothing(built):
    report, first = built
    root = report.parents[1]
    again = render(report, root / "out2", root / "cache")
    assert again.drawn == []
    for lang, charts in ready(again).items():
        for chart_id, image in charts.items():
            assert image.png.read_bytes() == ready(first)[lang][chart_id].png.read_bytes()


def test_one_changed_value_redraws_only_the_charts_of_its_table(built):
    report, _ = built
    root = report.parents[1]
    prices = root / "data" / "api_prices.csv"
    text = prices.read_text(encoding="utf-8")
    assert ",8,,2025-05-16" in text
    prices.write_text(text.replace(",8,,2025-05-16", ",9,,2025-05-16"), encoding="utf-8")
    ctx = load(report)
    rendered = render(report, root / "out3", root / "cache")
    users = {c.id for c in ctx.report.charts if c.table == "api_prices"}
    assert users == {"api_prices"}
    assert {(d.chart_id, d.lang) for d in rendered.drawn} == {("api_prices", "ko"), ("api_prices", "en")}
    # the cache keeps one picture per chart and language
    assert len(list((root / "cache").glob("*.png"))) == 2 * len(ctx.report.charts)
