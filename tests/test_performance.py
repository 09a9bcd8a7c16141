"""Structural facts behind the build's speed (never wall-clock limits; benchmarks/ measures those):
heavy libraries stay out of the processes that do not need them, a warm build draws nothing, no
figure stays open, chart PNGs go into the memo as they are, and builds sharing a cache both succeed."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from reportgen.scaffold import scaffold
from reportgen.writers.memo.picture import PNG_SIGNATURE, read_pixels
from reportgen.writers.memo.reportlab_internals import draw_pixels

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "pptx", "reportlab")

BUILD = """
import json, sys, warnings
from pathlib import Path
from reportgen.pipeline import BuildOptions, build
warnings.simplefilter("ignore")
build(BuildOptions(Path(sys.argv[1]), Path(sys.argv[2])))
print(json.dumps(sorted(m for m in ("matplotlib", "pptx", "reportlab") if m in sys.modules)))
"""


def python(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    return scaffold(tmp_path / "starter")


def test_help_and_check_import_no_heavy_library(starter):
    code = ("import json, sys; from typer.testing import CliRunner; from reportgen.cli import app; "
            "r = CliRunner(); assert r.invoke(app, ['--help']).exit_code == 0; "
            "assert r.invoke(app, ['check', sys.argv[1]]).exit_code == 0; "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert json.loads(python(code, str(starter))) == []


@pytest.mark.slow
def test_a_warm_build_draws_nothing_and_never_imports_matplotlib(starter, tmp_path):
    out = tmp_path / "out"
    python(BUILD, str(starter), str(out))
    cache = out / ".cache" / "charts"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert any(name.endswith(".png") for name in before)
    imported = json.loads(python(BUILD, str(starter), str(out)))
    assert "matplotlib" not in imported
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before


@pytest.mark.slow
def test_two_builds_sharing_an_empty_cache_both_succeed(starter, tmp_path):
    out = tmp_path / "out"
    runs = [subprocess.Popen([sys.executable, "-c", BUILD, str(starter), str(out)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert sorted(p.suffix for p in (out / "charts").iterdir()) == [".png", ".png", ".svg", ".svg"]
    assert len(PdfReader(out / "starter.ko.pdf").pages) >= 1


def test_drawing_leaves_no_figure_open_and_writes_rgb(tmp_path):
    import matplotlib.pyplot as plt

    from reportgen.charts.chartdata import ChartData, Point
    from reportgen.charts.theme import THEME
    from reportgen.charts.worker import Job, draw_one

    data = ChartData("c", "ranked_bar", "en", (Point("a", "China", 222.0, "2.22M", highlight=True), Point("b", "US", 66.0, "660K")))
    for n in range(3):
        draw_one(Job(data, f"k{n}"), str(tmp_path), THEME)
    assert plt.get_fignums() == []
    with Image.open(tmp_path / "c.en.k0.png") as picture:
        assert (picture.mode, picture.size) == ("RGB", (THEME.width_px, THEME.height_px))


def idat(path: Path) -> bytes:
    content, pos, parts = path.read_bytes(), len(PNG_SIGNATURE), []
    while pos < len(content):
        length, kind = struct.unpack(">I4s", content[pos:pos + 8])
        if kind == b"IDAT":
            parts.append(content[pos + 8:pos + 8 + length])
        pos += 12 + length
    return b"".join(parts)


def pdf_with(png: Path, pdf: Path) -> Image.Image:
    canvas = Canvas(str(pdf), invariant=1)
    draw_pixels(canvas, read_pixels(png), 50, 50, 300, 150)
    canvas.showPage()
    canvas.save()
    (image,) = PdfReader(pdf).pages[0].images
    return image.image


def test_an_rgb_png_goes_into_the_pdf_as_it_is(tmp_path):
    png = tmp_path / "chart.png"
    source = Image.effect_noise((60, 30), 80).convert("RGB")
    source.save(png)
    pixels = read_pixels(png)
    assert pixels.predictor and pixels.data == idat(png)
    decoded = pdf_with(png, tmp_path / "memo.pdf")
    assert pixels.data in (tmp_path / "memo.pdf").read_bytes()  # the PNG's own bytes
    assert decoded.convert("RGB").tobytes() == source.tobytes()


def test_a_transparent_png_is_laid_on_white(tmp_path):
    png = tmp_path / "logo.png"
    Image.new("RGBA", (20, 10), (200, 0, 0, 0)).save(png)
    pixels = read_pixels(png)
    assert not pixels.predictor and zlib.decompress(pixels.data) == b"\xff" * 20 * 10 * 3
    assert pdf_with(png, tmp_path / "memo.pdf").size == (20, 10)


@pytest.mark.slow
def test_a_picture_pruned_by_another_build_meanwhile_is_drawn_again(starter, tmp_path):
    import warnings

    from reportgen.pipeline import load
    from reportgen.schedule import start_charts

    python(BUILD, str(starter), str(tmp_path / "out"))
    cache = tmp_path / "out" / ".cache" / "charts"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        charts = start_charts(load(starter, ("en",)), tmp_path / "staging", cache)
    assert not charts.drawing  # everything was cached when the build looked
    for picture in cache.glob("*.en.*.png"):
        picture.unlink()  # ... and then another build pruned it
    (image,) = charts.wait("en").values()
    assert image.png.is_file() and [d.chart_id for d in charts.drawn] == ["service_users"]


PRESTART = """
import sys
from pathlib import Path
from reportgen import schedule
print(schedule.prestart_charts(Path(sys.argv[1])))
"""


def test_the_pool_is_started_early_only_for_an_empty_cache(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "chart.ko.0123.png").write_bytes(b"")
    env = {**os.environ, "REPORTGEN_CHART_WORKERS": "2"}
    assert python(PRESTART, str(tmp_path / "full"), env=env) == "False"  # something cached: the build decides later
    assert python(PRESTART, str(tmp_path / "empty"), env=env) == str(sys.platform.startswith("linux"))


def test_a_failed_first_build_prints_one_message_and_leaves_no_process(starter, tmp_path):
    """The pool's server starts beside loading; when loading fails, nothing of the pool is left to
    print a traceback at exit or to outlive the build."""
    table = next((starter / "data").glob("*.csv"))
    lines = table.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join([lines[0], lines[1] + ",extra", *lines[2:]]) + "\n", encoding="utf-8")
    env = {**os.environ, "REPORTGEN_CHART_WORKERS": "2"}
    # capture_output reads until every process holding stderr has ended: the pool's server included
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(starter), "--out", str(tmp_path / "out")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr


@pytest.mark.slow
def test_parallel_and_serial_builds_give_the_same_bytes(starter, tmp_path):
    outputs = {}
    for workers in ("2", "1"):  # a pool and forked writers; everything in one process
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1751241600", "REPORTGEN_CHART_WORKERS": workers}
        out = tmp_path / f"out{workers}"
        done = subprocess.run([sys.executable, "-c", BUILD, str(starter), str(out)], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        outputs[workers] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*")
                            if p.suffix in (".pptx", ".pdf", ".png", ".svg") and ".cache" not in p.parts}
    assert outputs["2"] == outputs["1"] and len(outputs["1"]) == 8  # 2 decks, 2 memos, 2 charts x PNG and SVG
