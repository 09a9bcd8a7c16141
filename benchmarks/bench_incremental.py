"""Change one CSV value and build again: what is drawn again, and how long it takes.

Run: python benchmarks/bench_incremental.py [--runs N] [--table ai_services --row alibaba_quark --column mau]

On a copy of the default report and its dataset, in fresh `python -m reportgen build` processes:
a cold build, then a build with nothing changed, then N builds each after changing the one value
(to a new number every time). It prints the charts drawn again (new pictures in the chart cache)
and the median times. Bytecode is written and read as on an ordinary install.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from timing import DEFAULT_REPORT, ROOT, machine, median, run_with_cpu  # noqa: E402


def pictures(cache: Path) -> set[str]:
    return {p.name for p in cache.glob("*.png")}


def set_value(path: Path, row: str, column: str, value: str) -> str:
    """Write `value` into one cell of a CSV; return the value it had."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    index = header.index(column)
    old = ""
    for line in rows[1:]:
        if line and line[0] == row:
            old, line[index] = line[index], value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return old


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--table", default="ai_services")
    parser.add_argument("--row", default="alibaba_quark")
    parser.add_argument("--column", default="mau")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "data", root / "data")
        report = root / "templates" / DEFAULT_REPORT.name
        shutil.copytree(DEFAULT_REPORT, report)
        out, cache = root / "out", root / "out" / ".cache" / "charts"
        build = ["-m", "reportgen", "build", str(report), "--out", str(out)]
        cold = run_with_cpu(build)
        unchanged = [run_with_cpu(build) for _ in range(args.runs)]
        csv_path = root / "data" / f"{args.table}.csv"
        changed, redrawn = [], set()
        for n in range(args.runs):
            before = pictures(cache)
            old = set_value(csv_path, args.row, args.column, "")
            value = str(round(float(old or 1) * 1.01) + n + 1)  # a new number every run
            set_value(csv_path, args.row, args.column, value)
            changed.append(run_with_cpu(build))
            redrawn = {".".join(name.split(".")[:2]) for name in pictures(cache) - before}
            if n == 0:
                print(f"\nchanged data/{args.table}.csv, row {args.row}, column {args.column}: {old} -> {value}")
                print(f"drawn again: {', '.join(sorted(redrawn)) or 'nothing'} (of {len(before)} pictures)")
    print(f"\n{'build, both languages (median)':34s} {'wall s':>7s} {'CPU s':>6s}   wall of each run (s)")
    _row("cold (empty cache)", [cold])
    _row("nothing changed", unchanged)
    _row("one CSV value changed", changed)


def _row(name: str, runs: list[tuple[float, float]]) -> None:
    wall, cpu = median([w for w, _ in runs]), median([c for _, c in runs])
    print(f"{name:34s} {wall:7.2f} {cpu:6.2f}   " + " ".join(f"{w:.2f}" for w, _ in runs))


if __name__ == "__main__":
    main()
