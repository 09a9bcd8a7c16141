"""Chart rendering: each chart's draw time, and the speed-up of the build's chart pool over drawing serially.

Run: python benchmarks/bench_charts.py [REPORT] [--workers N]

Both passes draw every chart of the report in every language into an empty cache the way a build
does (reportgen/schedule.py: start_charts, then wait for each language): first with one worker, so
everything is drawn in this process, then on the build's chart pool (all cores unless --workers).
Per-chart times are drawing and saving only (matplotlib is imported before timing); the totals are
wall-clock and include starting the pool and copying the pictures out. The last line is serial / pooled.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import warnings
from pathlib import Path

from reportgen.charts.worker import Drawn, warm_up
from reportgen.context import BuildContext
from reportgen.pipeline import load
from reportgen.schedule import cpu_count, start_charts


def draw_everything(ctx: BuildContext, workers: int) -> tuple[float, list[Drawn]]:
    """Wall time and per-chart reports of drawing every chart into an empty cache with `workers` processes."""
    os.environ["REPORTGEN_CHART_WORKERS"] = str(workers)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        charts = start_charts(ctx, Path(tmp) / "out", Path(tmp) / "cache")
        for lang in ctx.texts:
            charts.wait(lang)
        return time.perf_counter() - start, charts.drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", default="templates/china-ai-briefing")
    parser.add_argument("--workers", type=int, default=cpu_count())
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    ctx = load(Path(args.report))
    warm_up()
    serial, serial_drawn = draw_everything(ctx, 1)
    parallel, parallel_drawn = draw_everything(ctx, args.workers)
    pooled = {(d.chart_id, d.lang): d.seconds for d in parallel_drawn}
    print(f"{'chart':28s} lang  serial ms  in pool ms")
    for d in sorted(serial_drawn, key=lambda d: -d.seconds):
        print(f"{d.chart_id:28s} {d.lang:4s} {1000 * d.seconds:9.0f}  {1000 * pooled[(d.chart_id, d.lang)]:9.0f}")
    print(f"\ncharts: {len(serial_drawn)}   workers: {args.workers}   cores: {os.cpu_count()}")
    print(f"serial   {serial:6.2f} s   ({1000 * serial / len(serial_drawn):.0f} ms per chart)")
    print(f"pooled   {parallel:6.2f} s   (pool start included)")
    print(f"speed-up {serial / parallel:.2f}x")


if __name__ == "__main__":
    main()
