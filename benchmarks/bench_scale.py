"""Does the cost grow linearly? Generated reports of 10, 100 and 500 charts and chart slides, and memos of
as many figures, built one after the other in this process (one language).

Run: python benchmarks/bench_scale.py [SIZES ...] [--lang ko]

For each size it prints the build's wall time and the peak memory of this process and all its
children (chart workers, writers), then each part on its own:
- charts: the charts stage on the warm pool (wall), per chart, against the ideal
  charts x single-chart time / cores (single-chart time: the median draw time the workers report);
- deck and memo: written here, one after the other, so per slide and per figure are plain CPU costs; the
  deck twice: with native charts (the default: every chart slide holds a chart part and its workbook)
  and with pictures (`engine: picture`), so the native chart slides' own cost per slide shows, also as
  this process's CPU time per slide (`cpu ms`: what a busy shared machine does not blur);
- the chart workers' memory and open figures after each size: flat memory means no figure leaks.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402
from timing import machine  # noqa: E402


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """This process and every process below it (the forkserver's workers included)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children") if Path(f"/proc/{current}/task").exists() else []:
            todo += [int(c) for c in task.read_text().split()]
    return found


class PeakMemory:
    """Samples the summed RSS of the process tree every 20 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(rss_kb(p) for p in descendants(os.getpid())))
            time.sleep(0.02)


def open_figures() -> int:
    """Run in a chart worker: how many matplotlib figures are open there."""
    import matplotlib.pyplot as plt

    return len(plt.get_fignums())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10, 100, 500])
    parser.add_argument("--lang", default="ko")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from reportgen import schedule
    from reportgen.pipeline import BuildOptions, build, load
    from reportgen.schedule import Output, start_charts, write_one

    print(machine())
    cores = schedule.cpu_count()
    print(f"chart workers: {cores}\n")
    print(f"{'size':>5s} {'build s':>8s} {'peak MB':>8s} {'charts s':>9s} {'ms/chart':>9s} {'ideal s':>8s} {'ratio':>6s} "
          f"{'deck s':>7s} {'ms/slide':>9s} {'pict. ms':>9s} {'cpu ms':>7s} {'pict. cpu':>9s} "
          f"{'memo s':>7s} {'ms/fig':>7s} {'worker MB':>10s} {'figs':>5s}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"n{size}"
            report = generate(size, folder)
            with PeakMemory() as memory:
                start = time.perf_counter()
                build(BuildOptions(report, folder / "out", langs=(args.lang,)))
                wall = time.perf_counter() - start
            ctx = load(report, (args.lang,))
            start = time.perf_counter()
            charts = start_charts(ctx, folder / "charts", folder / "cache")
            images = charts.wait(args.lang)
            chart_wall = time.perf_counter() - start
            single = statistics.median(d.seconds for d in charts.drawn) if charts.drawn else float("nan")
            ideal = size * single / cores
            cpu = time.process_time()
            deck = _timed(write_one, ctx, Output("deck", args.lang, folder / "deck.pptx"), images, None)
            cpu, deck_cpu = time.process_time(), time.process_time() - cpu
            pictures = dataclasses.replace(ctx, report=ctx.report.model_copy(update={"engine": "picture"}))
            pictured = _timed(write_one, pictures, Output("deck", args.lang, folder / "pictures.pptx"), images, None)
            pictured_cpu = time.process_time() - cpu
            memo = _timed(write_one, ctx, Output("memo", args.lang, folder / "memo.pdf"), images, None)
            slides = len(ctx.report.slides)
            pool = schedule.chart_pool()
            workers = list(getattr(pool, "_processes", {}) or {})
            worker_mb = max((rss_kb(p) for p in workers), default=0) / 1024
            figures = max(pool.submit(open_figures).result() for _ in range(cores))
            print(f"{size:5d} {wall:8.2f} {memory.peak / 1024:8.0f} {chart_wall:9.2f} {1000 * chart_wall / size:9.1f} "
                  f"{ideal:8.2f} {chart_wall / ideal:6.2f} {deck:7.2f} {1000 * deck / slides:9.1f} "
                  f"{1000 * pictured / slides:9.1f} {1000 * deck_cpu / slides:7.1f} {1000 * pictured_cpu / slides:9.1f} "
                  f"{memo:7.2f} "
                  f"{1000 * memo / size:7.1f} {worker_mb:10.0f} {figures:5d}", flush=True)


def _timed(action: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
