"""What runs in a drawing process: one job in, two files and a report out.

Kept light on purpose: a worker imports this module, the kinds and matplotlib, never the spec or
dataset code, so a process pool starts quickly.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from reportgen.charts import cache
from reportgen.charts.chartdata import ChartData
from reportgen.charts.theme import Theme


@dataclass(frozen=True)
class Job:
    data: ChartData
    key: str


@dataclass(frozen=True)
class Drawn:
    chart_id: str
    lang: str
    seconds: float  # drawing and saving, without importing matplotlib
    warnings: tuple[str, ...]  # what matplotlib warned about (a missing glyph), for the parent to raise


def warm_up() -> None:
    """Import matplotlib and register the fonts (a pool's initializer), so no chart pays for it."""
    from reportgen.charts.draw import _matplotlib

    _matplotlib()


def draw_one(job: Job, cache_dir: str, theme: Theme) -> Drawn:
    """Draw one chart to PNG and SVG in the cache; files appear under their final names atomically."""
    from reportgen.charts.draw import draw_chart

    warm_up()
    start = time.perf_counter()
    folder = Path(cache_dir)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".draw-") as tmp:
        png, svg = Path(tmp) / "chart.png", Path(tmp) / "chart.svg"
        seen = draw_chart(job.data, theme, png, svg)
        os.replace(svg, cache.entry(folder, job.data, job.key, ".svg"))
        os.replace(png, cache.entry(folder, job.data, job.key, ".png"))
    return Drawn(job.data.chart_id, job.data.lang, time.perf_counter() - start, tuple(seen))
