"""render_charts(): every chart of a report, once per language, in parallel, cached by content.

Each chart is drawn once per language and the same PNG (1800 × 720 px, see theme.py) serves the
deck and the memo; an SVG copy of the same picture goes to output/charts/ for reuse. The picture
holds the plot only: the takeaway title, the unit line and the source line are real text placed by
the deck and memo writers from the ChartImage (so they wrap, fit and read as text).

Steps: check every chart's input (all problems reported together), look each up in the cache, draw
the missing ones in a process pool across all cores (in this process when only a few are missing),
re-raise the warnings the workers saw (a missing glyph), copy the pictures to the output.
matplotlib is imported only in the processes that draw.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reportgen.charts import cache
from reportgen.charts.prepare import chart_texts, prepare
from reportgen.charts.theme import THEME, Theme
from reportgen.charts.worker import Drawn, Job, draw_one, warm_up
from reportgen.context import BuildContext, ChartImage
from reportgen.errors import Collector, ReportgenError
from reportgen.inputs.rows import select_rows
from reportgen.inputs.spec import ChartSpec
from reportgen.inputs.yamlio import load_yaml
from reportgen.wording.figures import row_sources, source_line


@dataclass(frozen=True)
class Rendered:
    images: dict[str, dict[str, ChartImage]]  # lang -> chart id -> image
    drawn: list[Drawn]  # the charts drawn this time (the rest came from the cache)
    seconds: float


def render_charts(ctx: BuildContext, out_dir: Path, cache_dir: Path) -> dict[str, dict[str, ChartImage]]:
    """Draw (or take from the cache) every chart in every language; write `<out_dir>/<id>.<lang>.png|svg`."""
    return render(ctx, out_dir, cache_dir).images


def render(ctx: BuildContext, out_dir: Path, cache_dir: Path, workers: int | None = None, theme: Theme = THEME) -> Rendered:
    """render_charts() with the details: what was drawn, how long each took; `workers=1` draws serially."""
    start = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    jobs = plan_all(ctx, theme)
    todo = list({job.key: job for job in jobs.values() if not cache.is_cached(cache_dir, job.data, job.key)}.values())
    drawn = draw_all(todo, cache_dir, theme, workers)
    for result in drawn:
        for message in result.warnings:
            warnings.warn(f"charts ({result.chart_id}, {result.lang}): {message}", UserWarning, stacklevel=2)
    images: dict[str, dict[str, ChartImage]] = {lang: {} for lang in ctx.texts}
    for (lang, chart_id), job in jobs.items():
        images[lang][chart_id] = publish(ctx, ctx.report.chart(chart_id), job, cache_dir, out_dir, theme)
        cache.prune(cache_dir, job.data, job.key)
    return Rendered(images, drawn, time.perf_counter() - start)


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


MIN_POOLED = 6  # fewer charts than this draw faster here than in a pool that must start first


def draw_all(jobs: list[Job], cache_dir: Path, theme: Theme = THEME, workers: int | None = None) -> list[Drawn]:
    """Draw jobs into the cache: in a process pool over all cores, or here when there are few (or `workers=1`)."""
    count = min(len(jobs), workers or cpu_count())
    if count <= 1 or (workers is None and len(jobs) < MIN_POOLED):
        return [draw_one(job, str(cache_dir), theme) for job in jobs]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=warm_up) as pool:
        return list(pool.map(draw_one, jobs, [str(cache_dir)] * len(jobs), [theme] * len(jobs)))


def cpu_count() -> int:
    """The cores this process may use, or REPORTGEN_CHART_WORKERS where the machine's cores do not run in parallel."""
    chosen = os.environ.get("REPORTGEN_CHART_WORKERS", "")
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def publish(ctx: BuildContext, chart: ChartSpec, job: Job, cache_dir: Path, out_dir: Path, theme: Theme) -> ChartImage:
    data, lang = job.data, job.data.lang
    png, svg = out_dir / f"{chart.id}.{lang}.png", out_dir / f"{chart.id}.{lang}.svg"
    shutil.copyfile(cache.entry(cache_dir, data, job.key, ".png"), png)
    shutil.copyfile(cache.entry(cache_dir, data, job.key, ".svg"), svg)
    texts = ctx.texts[lang]
    shown = {p.id for p in data.points}
    rows = [r for r in select_rows(ctx.dataset.tables[chart.table], chart.where) if str(r.get("id")) in shown]
    sources = tuple(dict.fromkeys([*row_sources(rows), *chart.sources]))
    return ChartImage(
        chart_id=chart.id, lang=lang, png=png, svg=svg, width_px=theme.width_px, height_px=theme.height_px,
        title=str(texts.get(f"charts.{chart.id}.title", "")), unit=str(texts.get(f"charts.{chart.id}.unit", "")),
        alt=str(texts.get(f"charts.{chart.id}.alt", "")), source_line=source_line(ctx.dataset, sources, lang),
        source_ids=sources,
    )
