"""The default report's build time: cold, warm, and against drawing its charts with plain matplotlib.

Run: python benchmarks/bench_build.py [--runs N] [--report FOLDER]

Every figure is the median wall time of N fresh `python -m reportgen ...` processes:
- cold: an empty output folder (so an empty chart cache), for one language (ko, en) and for both;
- warm: the same build again with everything cached and nothing changed;
- baseline: a fresh process that imports matplotlib and draws the same charts one after the other
  with plain `savefig` (PNG and SVG), and does nothing else (no checks, cache, deck or memo);
- `--help` and `check`.
Each line shows the median wall time and the median CPU time (user + system of every process the
build started: chart workers, writers), which a busy machine inflates less than the wall time.
The cold/baseline ratio compares the two in the same run, so a busy or slow machine moves both.
Bytecode is written and read as on an ordinary install (PYTHONDONTWRITEBYTECODE is dropped), and one
untimed build runs first so that no timed process compiles Python files.
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from timing import DEFAULT_REPORT, ROOT, machine, median, run, run_with_cpu  # noqa: E402

BASELINE = """
import pickle, sys, time
start = time.perf_counter()
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot  # noqa: F401
from reportgen.charts import draw

def plain_save(fig, png, svg, dpi):
    fig.savefig(png, dpi=dpi, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})

draw.save = plain_save
jobs, theme, folder = pickle.load(open(sys.argv[1], "rb"))
for n, job in enumerate(jobs):
    draw.draw_chart(job.data, theme, f"{folder}/{n}.png", f"{folder}/{n}.svg")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    args = parser.parse_args()
    print(machine())
    report = str(args.report)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run(["-m", "reportgen", "build", report, "--out", str(work / "prime")])  # compiles bytecode; not timed
        print(f"\n{'median of ' + str(args.runs) + ' runs':34s} {'wall s':>7s} {'CPU s':>6s}   wall of each run (s)")
        results: dict[str, float] = {}
        for langs in (("ko",), ("en",), ("ko", "en")):
            name = "+".join(langs)
            lang_args = ["--lang", langs[0]] if len(langs) == 1 else []
            cold, warm = [], []
            for n in range(args.runs):
                out = work / f"{name}-{n}"
                cold.append(run_with_cpu(["-m", "reportgen", "build", report, "--out", str(out), *lang_args]))
                warm.append(run_with_cpu(["-m", "reportgen", "build", report, "--out", str(out), *lang_args]))
                shutil.rmtree(out)
            results[f"cold {name}"] = _row(f"cold (empty cache) {name}", cold)
            results[f"warm {name}"] = _row(f"warm (all cached) {name}", warm)
        for lang in ("ko", "en"):
            times = [baseline(args.report, (lang,), work / f"baseline-{lang}-{n}") for n in range(args.runs)]
            results[f"baseline {lang}"] = _row(f"baseline: plain matplotlib {lang}", times)
        _row("reportgen --help", [run_with_cpu(["-m", "reportgen", "--help"]) for _ in range(args.runs)])
        _row("reportgen check", [run_with_cpu(["-m", "reportgen", "check", report]) for _ in range(args.runs)])
    print()
    for lang in ("ko", "en"):
        ratio = results[f"cold {lang}"] / results[f"baseline {lang}"]
        print(f"cold {lang} / baseline {lang}: {ratio:.2f}")


def baseline(report: Path, langs: tuple[str, ...], folder: Path) -> tuple[float, float]:
    """Wall time of a fresh process drawing the report's charts serially with plain matplotlib."""
    from reportgen.charts.render import plan_all
    from reportgen.charts.theme import THEME
    from reportgen.pipeline import load

    folder.mkdir(parents=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        jobs = list(plan_all(load(report, langs)).values())
    plan = folder / "jobs.pickle"
    plan.write_bytes(pickle.dumps((jobs, THEME, str(folder))))
    script = folder / "baseline.py"
    script.write_text(BASELINE, encoding="utf-8")
    return run_with_cpu([str(script), str(plan)], cwd=ROOT)


def _row(name: str, runs: list[tuple[float, float]]) -> float:
    """Print the medians of wall and CPU time and every wall time; return the median wall time."""
    wall = median([w for w, _ in runs])
    print(f"{name:34s} {wall:7.2f} {median([c for _, c in runs]):6.2f}   " + " ".join(f"{w:.2f}" for w, _ in runs), flush=True)
    return wall


if __name__ == "__main__":
    main()
