"""Chart rendering: each chart's draw time, and the parallel speed-up over drawing serially, in one run.

Run: python benchmarks/bench_charts.py [REPORT] [--workers N]

Both passes draw every chart of the report in every language into an empty cache: first serially in
this process, then in the process pool a build uses (all cores unless --workers). Per-chart times are
drawing and saving only (matplotlib is imported before timing); the totals are wall-clock and include
starting the pool. The last line is serial / parallel.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

from reportgen.charts.render import cpu_count, draw_all, plan_all
from reportgen.charts.worker import warm_up
from reportgen.pipeline import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", default="templates/china-ai-briefing")
    parser.add_argument("--workers", type=int, default=cpu_count())
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    ctx = load(Path(args.report))
    jobs = list(plan_all(ctx).values())
    warm_up()
    with tempfile.TemporaryDirectory() as serial_dir:
        start = time.perf_counter()
        serial_drawn = draw_all(jobs, Path(serial_dir), workers=1)
        serial = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as parallel_dir:
        start = time.perf_counter()
        parallel_drawn = draw_all(jobs, Path(parallel_dir), workers=args.workers)
        parallel = time.perf_counter() - start
    pooled = {(d.chart_id, d.lang): d.seconds for d in parallel_drawn}
    print(f"{'chart':28s} lang  serial ms  in pool ms")
    for d in sorted(serial_drawn, key=lambda d: -d.seconds):
        print(f"{d.chart_id:28s} {d.lang:4s} {1000 * d.seconds:9.0f}  {1000 * pooled[(d.chart_id, d.lang)]:9.0f}")
    print(f"\ncharts: {len(jobs)}   workers: {args.workers}   cores: {cpu_count()}")
    print(f"serial   {serial:6.2f} s   ({1000 * serial / len(jobs):.0f} ms per chart)")
    print(f"parallel {parallel:6.2f} s   (pool start included)")
    print(f"speed-up {serial / parallel:.2f}x")


if __name__ == "__main__":
    main()
