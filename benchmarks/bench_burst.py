"""Bursting: audiences per second for 100 and 1,000 audiences, local pool and dask LocalCluster, against
separate `reportgen build` runs measured in the same run.

Run: python benchmarks/bench_burst.py [--sizes 100 1000] [--builds 1000] [--engines local dask] [--workers N]
                                      [--report tests/burst/fixture/report]

Each audience gets a deck and a memo in one language (English) of the report with parameters the
burst tests use (two charts, seven slides, a one-page memo; its capex chart filtered by each
audience's country, its recommendations ordered by its focus). Every burst is a fresh
`python -m reportgen burst` process into an empty folder, then once more with nothing changed; the
separate builds are `python -m reportgen build --lang en` of the same report, one process each, into
one folder (as a script calling reportgen once per audience would). Printed: wall and CPU time (every
process included), audiences per second, CPU milliseconds per audience (flat from 100 to 1,000 means
the cost per audience does not grow), and the peak resident memory of the largest process.
`--builds` below 1,000 times that many builds and scales them up, saying so.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from timing import ROOT, fresh_env, machine  # noqa: E402

TINY = ROOT / "tests" / "burst" / "fixture" / "report"


def timed(args: list[str]) -> tuple[float, float, float]:
    """Wall s, CPU s and peak MB of the largest process, for one fresh process and every process it started.

    Per run, unlike timing.run_with_cpu (whose RUSAGE_CHILDREN peak is a maximum over all runs so far):
    wait4 gives the process's own usage with that of the processes it waited for (the pool's); the ones
    it left behind (a forkserver, dask's) are adopted as a subreaper and their usage added as they end.
    """
    try:
        import ctypes

        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=fresh_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: python {' '.join(args)}\n{output.decode(errors='replace')[-3000:]}")
    cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
    while True:
        try:
            _, _, orphan = os.wait3(0)
        except ChildProcessError:
            break
        cpu, peak = cpu + orphan.ru_utime + orphan.ru_stime, max(peak, orphan.ru_maxrss)
    return wall, cpu, peak / 1024


def audiences(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "audience_en", "audience_ko", "languages", "focus", "country"])
        for n in range(count):
            writer.writerow([f"a{n:05d}", f"Audience {n}", f"독자 {n}", "en", ("talent", "data")[n % 2], ("CN", "US")[n % 3 == 0]])
    return path


def copy_report(report: Path, root: Path) -> Path:
    """The report and its dataset, at the same relative places, in `root`."""
    if report == TINY:
        shutil.copytree(ROOT / "tests" / "fixtures" / "mini" / "data", root / "tests" / "fixtures" / "mini" / "data")
        shutil.copytree(TINY, root / "tests" / "burst" / "fixture" / "report")
        return root / "tests" / "burst" / "fixture" / "report"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(report, root / "templates" / report.name)
    return root / "templates" / report.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--builds", type=int, default=1000, help="separate builds to time (scaled to 1,000 when fewer)")
    parser.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    parser.add_argument("--workers", type=int, default=None, help="processes or dask workers (default: one per core)")
    parser.add_argument("--report", type=Path, default=TINY)
    args = parser.parse_args()
    print(machine())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        report = copy_report(args.report.resolve(), root)
        workers = ["--workers", str(args.workers)] if args.workers else []
        for size in args.sizes:
            table = audiences(root / f"audiences-{size}.csv", size)
            for engine in args.engines:
                out = root / f"out-{engine}-{size}"
                burst = ["-m", "reportgen", "burst", str(report), "--audiences", str(table), "--out", str(out), "--engine", engine,
                         *workers]
                rows.append((f"burst {engine}", size, *timed(burst)))
                rows.append((f"burst {engine}, nothing changed", size, *timed(burst)))
                shutil.rmtree(out)
        if args.builds:
            out = root / "out-builds"
            build = ["-m", "reportgen", "build", str(report), "--lang", "en", "--out", str(out)]
            runs = [timed(build) for _ in range(args.builds)]
            wall, cpu, peak = sum(r[0] for r in runs), sum(r[1] for r in runs), max(r[2] for r in runs)
            scale = 1000 / args.builds
            label = "separate builds" + (f" ({args.builds} timed, scaled to 1,000)" if args.builds != 1000 else "")
            rows.append((label, 1000, wall * scale, cpu * scale, peak))
    print(f"\n{'':48s} {'audiences':>9s} {'wall s':>8s} {'CPU s':>8s} {'aud/s':>7s} {'CPU ms/aud':>10s} {'peak MB':>8s}")
    for name, size, wall, cpu, peak in rows:
        print(f"{name:48s} {size:9d} {wall:8.1f} {cpu:8.1f} {size / wall:7.2f} {1000 * cpu / size:10.1f} {peak:8.0f}")
    built = {(name, size): (wall, cpu) for name, size, wall, cpu, _ in rows}
    separate = next((v for (name, _), v in built.items() if name.startswith("separate")), None)
    for engine in args.engines:
        sizes = [s for s in args.sizes if (f"burst {engine}", s) in built]
        if len(sizes) > 1:
            small, large = built[(f"burst {engine}", sizes[0])], built[(f"burst {engine}", sizes[-1])]
            print(f"{engine}: CPU per audience at {sizes[-1]} / at {sizes[0]}: {(large[1] / sizes[-1]) / (small[1] / sizes[0]):.2f}; "
                  f"wall per audience: {(large[0] / sizes[-1]) / (small[0] / sizes[0]):.2f}")
        if separate and sizes:
            wall = built[(f"burst {engine}", sizes[-1])][0] / sizes[-1]
            print(f"{engine}: audiences per second, burst of {sizes[-1]} / separate builds: {(separate[0] / 1000) / wall:.1f}x")


if __name__ == "__main__":
    main()
