"""Planning and publishing the charts of a build: every chart checked once per language, keyed for the
cache, and copied from the cache to the output with the words deck and memo place around it.

Each chart is drawn once per language and the same PNG (1800 × 720 px, see theme.py) serves the
deck and the memo; an SVG copy of the same picture goes to output/charts/ for reuse. The picture
holds the plot only: the takeaway title, the unit line and the source line are real text placed by
the deck and memo writers from the ChartImage (so they wrap, fit and read as text).

`plan_all` checks every chart's input (all problems reported together) and computes its cache key;
the build's scheduler (reportgen/schedule.py) draws the missing ones on its pool (charts/worker.py)
and calls `publish` for each. matplotlib is imported only in the processes that draw.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from reportgen.charts import cache
from reportgen.charts.prepare import chart_texts, prepare
from reportgen.charts.theme import THEME, Theme
from reportgen.charts.worker import Job
from reportgen.context import BuildContext, ChartImage
from reportgen.errors import Collector, ReportgenError
from reportgen.inputs.rows import select_rows
from reportgen.inputs.spec import ChartSpec
from reportgen.inputs.yamlio import load_yaml
from reportgen.wording.figures import row_sources, source_line


def plan_all(ctx: BuildContext, theme: Theme = THEME) -> dict[tuple[str, str], Job]:
    """Check every chart in every language (all problems together) and key it for the cache."""
    problems = Collector()
    jobs: dict[tuple[str, str], Job] = {}
    where = charts_file(ctx)
    for n, lang in enumerate(ctx.texts):
        for chart in ctx.report.charts:
            try:
                jobs[(lang, chart.id)] = plan(ctx, chart, lang, where, warn=n == 0, theme=theme)
            except ReportgenError as exc:
                problems.problems.extend(p for p in exc.problems if p not in problems.problems)
    problems.raise_if_any()
    return jobs


def plan(ctx: BuildContext, chart: ChartSpec, lang: str, where: Path | None = None, warn: bool = True,
         theme: Theme = THEME) -> Job:
    """Check one chart's input and compute its cache key (no drawing)."""
    names, words = chart_texts(chart, ctx.texts[lang])
    data = prepare(chart, ctx.dataset.tables[chart.table], lang, where or ctx.spec_path, names, words, warn)
    return Job(data, cache.cache_key(data, theme))


def charts_file(ctx: BuildContext) -> Path:
    """The file the chart specs come from: report.yaml, or the file its `charts:` names."""
    named = load_yaml(ctx.spec_path).data.get("charts")
    return ctx.report.folder / named if isinstance(named, str) else ctx.spec_path


def publish(ctx: BuildContext, chart: ChartSpec, job: Job, cache_dir: Path, out_dir: Path, theme: Theme) -> ChartImage:
    """The chart's picture copied from the cache to the output, described for deck and memo."""
    image = describe(ctx, chart, job, out_dir, theme)
    shutil.copyfile(cache.entry(cache_dir, job.data, job.key, ".png"), image.png)
    shutil.copyfile(cache.entry(cache_dir, job.data, job.key, ".svg"), image.svg)
    return image


def describe(ctx: BuildContext, chart: ChartSpec, job: Job, out_dir: Path, theme: Theme) -> ChartImage:
    """The chart as deck and memo see it (its data, words and sources, where its picture goes in `out_dir`),
    whether or not the picture is drawn yet."""
    data, lang = job.data, job.data.lang
    png, svg = out_dir / f"{chart.id}.{lang}.png", out_dir / f"{chart.id}.{lang}.svg"
    texts = ctx.texts[lang]
    shown = {p.id for p in data.points}
    rows = [r for r in select_rows(ctx.dataset.tables[chart.table], chart.where) if str(r.get("id")) in shown]
    sources = tuple(dict.fromkeys([*row_sources(rows), *chart.sources]))
    return ChartImage(
        chart_id=chart.id, lang=lang, png=png, svg=svg, width_px=theme.width_px, height_px=theme.height_px,
        title=str(texts.get(f"charts.{chart.id}.title", "")), unit=str(texts.get(f"charts.{chart.id}.unit", "")),
        alt=str(texts.get(f"charts.{chart.id}.alt", "")), source_line=source_line(ctx.dataset, sources, lang),
        source_ids=sources, data=data,
    )
