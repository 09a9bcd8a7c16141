"""render_charts(): every chart of a report, once per language, in parallel, cached by content.

The cache key hashes everything that shapes the picture: the kind, the chart spec, the prepared
data (values, labels, highlight), the theme and the code of the charts package. A chart whose key
is in the cache is copied, not drawn; matplotlib is imported only when something must be drawn.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from reportgen.charts.prepare import ChartData, prepare
from reportgen.charts.registry import CHART_KINDS
from reportgen.charts.theme import THEME, THEME_VERSION, Theme
from reportgen.compute import row_sources, select_rows, source_line
from reportgen.context import BuildContext, ChartImage
from reportgen.spec import ChartSpec


@dataclass(frozen=True)
class Job:
    kind: str
    data: ChartData
    key: str


def render_charts(ctx: BuildContext, out_dir: Path, cache_dir: Path) -> dict[str, dict[str, ChartImage]]:
    """Draw (or take from the cache) every chart in every language of the build."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    planned: list[tuple[str, ChartSpec, Job]] = []
    for lang in ctx.texts:
        for chart in ctx.report.charts:
            planned.append((lang, chart, plan(ctx, chart, lang)))
    missing = {job.key: job for _, _, job in planned if not _cached(cache_dir, job.key)}
    draw_all(list(missing.values()), cache_dir)
    images: dict[str, dict[str, ChartImage]] = {lang: {} for lang in ctx.texts}
    for lang, chart, job in planned:
        images[lang][chart.id] = _publish(ctx, chart, lang, job, cache_dir, out_dir)
    return images


def plan(ctx: BuildContext, chart: ChartSpec, lang: str) -> Job:
    """Check the chart's input and compute its cache key (no drawing)."""
    table = ctx.dataset.tables[chart.table]
    texts = ctx.texts[lang]
    names = {enc: str(texts.get(f"columns.{chart.table}.{col}") or col)
             for enc, col in (("x", chart.x), ("y", chart.y), ("y2", chart.y2)) if col}
    kind = CHART_KINDS[chart.kind]
    data = prepare(chart, table, lang, kind.needs, ctx.spec_path, names)
    payload = json.dumps([chart.kind, asdict(data), asdict(THEME), THEME_VERSION, code_version()], sort_keys=True, default=str)
    return Job(chart.kind, data, hashlib.sha256(payload.encode()).hexdigest()[:32])


@cache
def code_version() -> str:
    """A hash of the charts package source: a change in drawing code invalidates the cache."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cached(cache_dir: Path, key: str) -> bool:
    return (cache_dir / f"{key}.png").is_file() and (cache_dir / f"{key}.svg").is_file()


def draw_all(jobs: list[Job], cache_dir: Path) -> None:
    """Draw jobs into the cache: in a process pool when there is more than one job and more than one core."""
    if not jobs:
        return
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        for job in jobs:
            draw_one(job, str(cache_dir), THEME)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(draw_one, job, str(cache_dir), THEME) for job in jobs]:
            future.result()


def draw_one(job: Job, cache_dir: str, theme: Theme) -> str:
    """Draw one chart to PNG and SVG in the cache; files appear under their final names atomically."""
    from reportgen.charts.draw import figure_context, save

    folder = Path(cache_dir)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".draw-") as tmp:
        png, svg = Path(tmp) / "chart.png", Path(tmp) / "chart.svg"
        with figure_context(theme) as (fig, ax):
            CHART_KINDS[job.kind].draw(fig, ax, job.data, theme)
            save(fig, png, svg, theme.dpi)
        os.replace(svg, folder / f"{job.key}.svg")
        os.replace(png, folder / f"{job.key}.png")
    return job.key


def _publish(ctx: BuildContext, chart: ChartSpec, lang: str, job: Job, cache_dir: Path, out_dir: Path) -> ChartImage:
    png, svg = out_dir / f"{chart.id}.{lang}.png", out_dir / f"{chart.id}.{lang}.svg"
    shutil.copyfile(cache_dir / f"{job.key}.png", png)
    shutil.copyfile(cache_dir / f"{job.key}.svg", svg)
    texts = ctx.texts[lang]
    rows = select_rows(ctx.dataset.tables[chart.table], chart.where)
    sources = tuple(dict.fromkeys([*row_sources(r for r in rows if str(r.get("id")) in job.data.ids), *chart.sources]))
    return ChartImage(
        chart_id=chart.id,
        lang=lang,
        png=png,
        svg=svg,
        width_px=round(THEME.width_in * THEME.dpi),
        height_px=round(THEME.height_in * THEME.dpi),
        title=str(texts.get(f"charts.{chart.id}.title", "")),
        unit=str(texts.get(f"charts.{chart.id}.unit", "")),
        alt=str(texts.get(f"charts.{chart.id}.alt", "")),
        source_line=source_line(ctx.dataset, sources, lang),
        source_ids=sources,
    )


