"""The default report's build times against drawing its charts with plain matplotlib, from one run.

Run: python benchmarks/bench_build.py [--runs N] [--lang ko] [--report FOLDER]

Each figure is the median wall time of N fresh `python -m reportgen ...` processes, on a copy of the
report and its data (so that the benchmark can edit them), for one language:
- cold: an empty output folder (so an empty chart cache);
- no-op: the same build again, nothing changed;
- one text changed: the subtitle in text/<lang>/story.yaml edited, then built;
- one CSV value changed: data/ai_services.csv, row alibaba_quark, column mau, then built;
- baseline: a fresh process that imports matplotlib and draws the same charts one after the other
  with plain `savefig` (PNG and SVG), and does nothing else (no checks, cache, deck or memo);
- `reportgen --help` against `python -c "import typer"`, and `reportgen check`.
Each line shows the median wall time, the median CPU time (user + system of every process the build
started: chart workers, writers), which a busy machine inflates less, and every run's wall time.
The ratios compare builds with the baseline measured in the same run, so a busy or slow machine moves
both. Then a stage breakdown of one cold build run serially in one process (imports, load, keys,
charts, deck, memo, publish) and of the layout passes of its memo.

Bytecode is written and read as on an ordinary install (PYTHONDONTWRITEBYTECODE is dropped), and one
untimed build runs first so that no timed process compiles Python files. Parsed fonts are cached in
a temporary REPORTGEN_CACHE_DIR that the untimed build fills, as a user's first build would.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_incremental import set_value  # noqa: E402
from timing import DEFAULT_REPORT, ROOT, fresh_env, machine, median, run_with_cpu  # noqa: E402

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

STAGES = """
import json, sys, time, warnings
started = (time.perf_counter(), time.process_time())
from pathlib import Path
from reportgen import schedule
from reportgen.pipeline import BuildOptions, build
from reportgen.writers.memo import write as memo_write

def now():
    return (time.perf_counter(), time.process_time())

marks = {"imports": [now()[0] - started[0], now()[1] - started[1]]}
clock = [now()]
spent = {"charts": [0.0, 0.0], "deck": [0.0, 0.0], "memo": [0.0, 0.0]}
passes = []

def add(table, name, began):
    ended = now()
    total = table.setdefault(name, [0.0, 0.0])
    total[0] += ended[0] - began[0]
    total[1] += ended[1] - began[1]

def lap(name):
    add(marks, name, clock[0])
    clock[0] = now()

PREVIOUS = {"load": "start", "keys": "load", "rebuild": "keys", "unchanged": "keys", "render": "keys",
            "write": "render", "check": "writing", "publish": "check"}

def progress(stage, detail):
    lap(PREVIOUS.get(stage, stage))

def timed(function, name):
    def wrapper(*args, **kwargs):
        began = now()
        try:
            return function(*args, **kwargs)
        finally:
            add(spent, name, began)
    return wrapper

original_write_one = schedule.write_one
def write_one(ctx, output, images, template):
    return timed(original_write_one, output.kind)(ctx, output, images, template)
schedule.write_one = write_one
schedule.draw_one = timed(schedule.draw_one, "charts")
original_write_memo = memo_write.write_memo
def write_memo(*args, **kwargs):
    passes.append(original_write_memo(*args, **kwargs))
    return passes[-1]
memo_write.write_memo = write_memo
warnings.simplefilter("ignore")
build(BuildOptions(Path(sys.argv[1]), Path(sys.argv[2]), langs=(sys.argv[3],)), progress)
lap("publish")
for name in ("start", "render"):
    marks.pop(name, None)
writing = marks.pop("writing", [0.0, 0.0])
marks.update(spent)
marks["other writing"] = [max(0.0, writing[i] - sum(v[i] for v in spent.values())) for i in (0, 1)]
print(json.dumps({"stages": marks, "passes": passes}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="ko")
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["REPORTGEN_CACHE_DIR"] = str(work / "user-cache")
        report = copy_report(args.report, work / "copy")
        lang = ["--lang", args.lang]
        build = ["-m", "reportgen", "build", str(report)]
        run_with_cpu([*build, "--out", str(work / "prime"), *lang])  # compiles bytecode, fills the font cache; not timed
        print(f"\n{'median of ' + str(args.runs) + ' runs':34s} {'wall s':>7s} {'CPU s':>6s}   wall of each run (s)")
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in ("cold", "no-op", "text", "csv", "baseline")}
        story = report / "text" / args.lang / "story.yaml"
        table = report.parents[1] / "data" / "ai_services.csv"
        for n in range(args.runs):
            out = work / f"out-{n}"
            times["cold"].append(run_with_cpu([*build, "--out", str(out), *lang]))
            times["no-op"].append(run_with_cpu([*build, "--out", str(out), *lang]))
            edit_subtitle(story, n)
            times["text"].append(run_with_cpu([*build, "--out", str(out), *lang]))
            set_value(table, "alibaba_quark", "mau", str(150_000_000 + 1_000_000 * (n + 1)))
            times["csv"].append(run_with_cpu([*build, "--out", str(out), *lang]))
            times["baseline"].append(baseline(report, (args.lang,), work / f"baseline-{n}"))
            shutil.rmtree(out)
        names = {"cold": f"cold (empty cache) {args.lang}", "no-op": "no-op rebuild (nothing changed)",
                 "text": "one text changed (story.yaml)", "csv": "one CSV value changed (mau)",
                 "baseline": f"baseline: plain matplotlib {args.lang}"}
        medians = {key: _row(names[key], runs) for key, runs in times.items()}
        typer = _row('python -c "import typer"', [run_with_cpu(["-c", "import typer"]) for _ in range(args.runs)])
        helps = _row("reportgen --help", [run_with_cpu(["-m", "reportgen", "--help"]) for _ in range(args.runs)])
        _row("reportgen check", [run_with_cpu(["-m", "reportgen", "check", str(report)]) for _ in range(args.runs)])
        print()
        for key, target in (("cold", 0.6), ("no-op", 0.1), ("text", 0.3), ("csv", None)):
            aim = f"   (target ≤ {target})" if target else ""
            print(f"{names[key]} / baseline: {medians[key] / medians['baseline']:.2f}{aim}")
        print(f"reportgen --help / import typer: {helps / typer:.2f}   (target ≤ 2)")
        stages(report, work / "stages", args.lang)


def copy_report(report: Path, folder: Path) -> Path:
    """A copy of the report and of the dataset it names, as they lie in the repository (report two levels down)."""
    report = report.resolve()
    depth = len(report.relative_to(ROOT).parts)
    shutil.copytree(report, folder / report.relative_to(ROOT))
    shutil.copytree(ROOT / "data", folder / "data")
    assert depth == 2, "the report is expected at templates/<name> beside data/"
    return folder / report.relative_to(ROOT)


def edit_subtitle(story: Path, n: int) -> None:
    lines = story.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("  subtitle: "):
            lines[i] = line.split(" [", 1)[0] + f" [{n + 1}]"
            break
    story.write_text("\n".join(lines) + "\n", encoding="utf-8")


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


def stages(report: Path, out: Path, lang: str) -> None:
    """Where the time of one cold build goes, everything in one process one step after the other."""
    env = {**fresh_env(), "REPORTGEN_CHART_WORKERS": "1"}
    done = subprocess.run([sys.executable, "-c", STAGES, str(report), str(out), lang], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the stage breakdown failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nstages of one cold {lang} build, serial in one process: wall s / CPU s")
    print("  " + "   ".join(f"{name} {wall:.2f}/{cpu:.2f}" for name, (wall, cpu) in result["stages"].items()))
    print(f"  memo layout passes: {result['passes']} (the contents are laid out at their size from the first pass)")


def _row(name: str, runs: list[tuple[float, float]]) -> float:
    """Print the medians of wall and CPU time and every wall time; return the median wall time."""
    wall = median([w for w, _ in runs])
    print(f"{name:34s} {wall:7.2f} {median([c for _, c in runs]):6.2f}   " + " ".join(f"{w:.2f}" for w, _ in runs), flush=True)
    return wall


if __name__ == "__main__":
    main()
