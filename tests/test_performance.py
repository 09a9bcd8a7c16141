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


# only what changed is built (reportgen/manifest.py, reportgen/dependencies.py) ------------------

def outputs_state(out: Path) -> dict[str, tuple[bytes, int]]:
    """Every visible output: its bytes and modification time."""
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def build_here(report: Path, out: Path, **options: object):
    """build() in this process, with the progress lines it gave."""
    import warnings

    from reportgen.pipeline import BuildOptions, build

    lines: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = build(BuildOptions(report, out, **options), lambda stage, detail: lines.append(f"{stage}: {detail}"))
    return result, lines


@pytest.mark.slow
def test_an_unchanged_build_rewrites_nothing_and_loads_nothing(starter, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751241600")
    out = tmp_path / "out"
    first, _ = build_here(starter, out)
    before = outputs_state(out)
    assert len(before) == 12 and len(first.written) == 12  # per language: deck, memo, provenance, figure sheet; 2 x 2 charts
    code = ("import json, sys, warnings; from pathlib import Path; from reportgen.pipeline import BuildOptions, build; "
            "warnings.simplefilter('ignore'); r = build(BuildOptions(Path(sys.argv[1]), Path(sys.argv[2]))); "
            "print(json.dumps([len(r), len(r.written), [m for m in ('jinja2', 'pydantic', 'yaml', 'matplotlib', 'pptx', "
            "'reportlab', 'reportgen.inputs.dataset') if m in sys.modules]]))")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1751241600"}
    assert json.loads(python(code, str(starter), str(out), env=env)) == [12, 0, []]
    assert outputs_state(out) == before  # same bytes, same times


@pytest.mark.slow
def test_a_text_change_rebuilds_exactly_the_outputs_of_its_language(starter, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751241600")
    out = tmp_path / "out"
    build_here(starter, out)
    before = outputs_state(out)
    en = starter / "text" / "en.yaml"
    en.write_text(en.read_text(encoding="utf-8").replace("subtitle: A briefing built from data",
                                                         "subtitle: A briefing built from the data"), encoding="utf-8")
    result, lines = build_here(starter, out)
    after = outputs_state(out)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"starter.en.pptx", "starter.en.pdf", "starter.en.provenance.json", "starter.en.figures.html"}
    assert sorted(p.name for p in result.written) == sorted(changed)
    assert "rebuild: deck.en: text/en.yaml changed" in lines and "rebuild: memo.en: text/en.yaml changed" in lines
    assert "unchanged: deck.ko, memo.ko, charts.ko, charts.en" in lines
    assert len(result) == 12  # every output of the build, written or kept


@pytest.mark.slow
def test_a_csv_value_rebuilds_the_outputs_that_read_it_and_redraws_its_chart(starter, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751241600")
    out = tmp_path / "out"
    build_here(starter, out, langs=("en",))
    before = outputs_state(out)
    table = starter / "data" / "services.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("kimi,키미,Kimi,25000000", "kimi,키미,Kimi,26000000"),
                     encoding="utf-8")
    _, lines = build_here(starter, out, langs=("en",))
    after = outputs_state(out)
    assert {name for name in after if after[name] != before[name]} == set(after)  # every output shows the table
    assert "rebuild: deck.en: data/services.csv, charts (en) changed" in lines
    assert "rebuild: charts.en: 1 of 1 drawn anew (service_users)" in lines


@pytest.mark.slow
def test_a_damaged_manifest_or_a_changed_output_means_building_again(starter, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751241600")
    out = tmp_path / "out"
    build_here(starter, out, langs=("ko",))
    deck = out / "starter.ko.pptx"
    deck.write_bytes(b"edited by hand")
    result, lines = build_here(starter, out, langs=("ko",))
    assert [p.name for p in result.written] == ["starter.ko.pptx", "starter.ko.provenance.json", "starter.ko.figures.html"]
    assert "rebuild: deck.ko: the file in the output folder was changed or removed" in lines
    manifest = out / ".reportgen-manifest.json"
    good = manifest.read_text(encoding="utf-8")
    for damaged in ("", "{", "[]", '{"format": 1, "outputs": [], "requests": {}}', good[: len(good) // 2],
                    good.replace('"starter.ko.pdf"', '"../../escaped.pdf"'), good.replace('"sha256": "', '"sha256": 7, "x": "')):
        manifest.write_text(damaged, encoding="utf-8")
        result, _ = build_here(starter, out, langs=("ko",))
        assert result.written, damaged[:40]
        assert not list(tmp_path.glob("*.pdf")) and not (tmp_path.parent / "escaped.pdf").exists()
    assert build_here(starter, out, langs=("ko",))[0].written == ()


def test_the_manifest_reads_damage_as_empty_and_names_only_places_inside(tmp_path):
    from reportgen.manifest import MANIFEST_NAME, Manifest, read_manifest, safe_name

    assert read_manifest(tmp_path) == Manifest()
    (tmp_path / MANIFEST_NAME).write_bytes(b"\xff\xfe not json")
    assert read_manifest(tmp_path) == Manifest()
    for name in ("../a.pdf", "/etc/a.pdf", "a/../../b.png", "C:a.pdf", "a\\b.pdf", ".hidden.pdf", "charts/.x.png", "a.yaml", ""):
        assert not safe_name(name), name
    assert safe_name("report.ko.pdf") and safe_name("charts/users.en.svg")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_the_memo_is_laid_out_in_two_passes_then_one_with_the_last_builds_pages(tmp_path):
    import shutil

    from reportgen.pipeline import load
    from reportgen.schedule import start_charts
    from reportgen.writers.memo.write import write_memo

    report = tmp_path / "memo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "memo", report)
    ctx = load(report / "report", ("en",))
    images = start_charts(ctx, tmp_path / "charts", tmp_path / "cache").wait("en")
    hints = tmp_path / "hints.json"
    passes = [write_memo(ctx, "en", images, tmp_path / f"{n}.pdf", hints) for n in range(2)]
    assert passes == [2, 1]
    assert (tmp_path / "0.pdf").read_bytes() == (tmp_path / "1.pdf").read_bytes()
    hints.write_text('{"total": 99, "pages": {"sources": 42}}', encoding="utf-8")  # wrong: costs a pass, not a wrong page
    assert write_memo(ctx, "en", images, tmp_path / "2.pdf", hints) == 2
    assert (tmp_path / "2.pdf").read_bytes() == (tmp_path / "0.pdf").read_bytes()


def test_parsed_fonts_come_back_from_the_cache_as_reportlab_parses_them(tmp_path, monkeypatch):
    from reportlab.pdfbase.ttfonts import TTFont

    from reportgen.fonts import font_path
    from reportgen.writers.memo.reportlab_internals import parsed_font

    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    parsed_font("A", font_path("bold"))
    (kept,) = (tmp_path / "fonts").glob("*.json")
    cached, parsed = parsed_font("A", font_path("bold")), TTFont("A", str(font_path("bold")))
    faces = [{k: v for k, v in vars(font.face).items() if k != "_pdfScale"} for font in (cached, parsed)]
    assert faces[0] == faces[1]
    assert cached.stringWidth("한국어 Korean 123", 10) == parsed.stringWidth("한국어 Korean 123", 10)
    kept.write_text('{"charWidths": {"ints": "not base64!"}}', encoding="utf-8")  # damaged: parsed again
    assert parsed_font("A", font_path("bold")).face.charWidths == parsed.face.charWidths


def test_the_pool_is_sized_by_cgroup_cpu_quotas(tmp_path):
    from reportgen.cores import cgroup_cpu_limit

    proc = tmp_path / "cgroup"
    proc.write_text("0::/job/step\n", encoding="ascii")
    (tmp_path / "fs" / "job" / "step").mkdir(parents=True)
    assert cgroup_cpu_limit(tmp_path / "fs", proc) is None
    (tmp_path / "fs" / "job" / "step" / "cpu.max").write_text("max 100000\n", encoding="ascii")
    (tmp_path / "fs" / "job" / "cpu.max").write_text("150000 100000\n", encoding="ascii")  # 1.5 CPUs on the parent
    assert cgroup_cpu_limit(tmp_path / "fs", proc) == 2
    proc.write_text("4:memory:/x\n3:cpu,cpuacct:/docker/abc\n", encoding="ascii")  # cgroup v1
    v1 = tmp_path / "fs" / "cpu,cpuacct" / "docker" / "abc"
    v1.mkdir(parents=True)
    (v1 / "cpu.cfs_quota_us").write_text("100000\n", encoding="ascii")
    (v1 / "cpu.cfs_period_us").write_text("100000\n", encoding="ascii")
    assert cgroup_cpu_limit(tmp_path / "fs", proc) == 1
    (v1 / "cpu.cfs_quota_us").write_text("-1\n", encoding="ascii")
    assert cgroup_cpu_limit(tmp_path / "fs", proc) is None


@pytest.mark.slow
def test_a_mapping_put_beside_the_master_rebuilds_the_decks_only(starter, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751241600")
    out = tmp_path / "out"
    master = tmp_path / "firm" / "firm-master.pptx"
    master.parent.mkdir()
    shutil.copyfile(ROOT / "reportgen" / "assets" / "master.pptx", master)
    build_here(starter, out, template=master, langs=("en",))
    before = outputs_state(out)
    master.with_suffix(".yaml").write_text("positions: master\n", encoding="utf-8")
    _, lines = build_here(starter, out, template=master, langs=("en",))
    after = outputs_state(out)
    assert "rebuild: deck.en: master's mapping firm-master.yaml changed" in " ".join(lines).replace(str(master.parent) + "/", "")
    assert {name for name in after if after[name] != before[name]} <= {"starter.en.pptx", "starter.en.provenance.json",
                                                                        "starter.en.figures.html"}
    assert after["starter.en.pdf"] == before["starter.en.pdf"]


@pytest.mark.slow
def test_a_rebuild_with_nothing_to_do_imports_no_validation_library_from_the_command_line(starter, tmp_path):
    """The no-op rebuild is what a consultant feels most often: typer must not load pydantic to read the
    arguments (typer 0.29 does; hence its ceiling in pyproject.toml), nor reportgen to read the inputs."""
    out = tmp_path / "out"
    python(BUILD, str(starter), str(out))
    code = ("import json, sys; sys.argv = ['reportgen', 'build', sys.argv[1], '--out', sys.argv[2]]; "
            "from reportgen.cli import main\ntry:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "print(json.dumps(sorted(m for m in ('pydantic', 'jinja2', 'yaml', 'babel') if m in sys.modules)))")
    assert json.loads(python(code, str(starter), str(out))) == []
