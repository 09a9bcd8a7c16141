"""Chart rendering: per-chart draw time, and the parallel speed-up over drawing serially, in one run.

Run: python benchmarks/bench_charts.py [REPORT]
Prints each chart's serial draw time (ms), the serial total, the parallel total (process pool over all
cores) and their ratio. Both totals draw the same charts, both languages, with an empty cache.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

from reportgen.charts.render import draw_all, draw_one, plan
from reportgen.charts.theme import THEME
from reportgen.pipeline import load


def main() -> None:
    report = Path(sys.argv[1] if len(sys.argv) > 1 else "templates/china-ai-briefing")
    warnings.simplefilter("ignore")
    ctx = load(report)
    jobs = [plan(ctx, chart, lang) for lang in ctx.texts for chart in ctx.report.charts]
    with tempfile.TemporaryDirectory() as warm:
        draw_one(jobs[0], warm, THEME)  # import matplotlib and load fonts once, outside the timings
    with tempfile.TemporaryDirectory() as serial_dir:
        start = time.perf_counter()
        for job in jobs:
            t0 = time.perf_counter()
            draw_one(job, serial_dir, THEME)
            print(f"{job.data.chart_id:28s} {job.data.lang}  {1000 * (time.perf_counter() - t0):7.1f} ms")
        serial = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as parallel_dir:
        start = time.perf_counter()
        draw_all(jobs, Path(parallel_dir))
        parallel = time.perf_counter() - start
    print(f"\ncharts: {len(jobs)}   cores: {os.cpu_count()}")
    print(f"serial   {serial:6.2f} s   ({1000 * serial / len(jobs):.0f} ms per chart)")
    print(f"parallel {parallel:6.2f} s   speed-up {serial / parallel:.2f}x")


if __name__ == "__main__":
    main()
