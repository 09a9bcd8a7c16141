"""Native charts read back from the deck: parts, cached values, workbooks, text, look, engines.

The chart fixture (one chart of every kind, tests/fixtures/charts) gets a deck with one chart slide
per chart, written with the prepared data the pictures are drawn from (no matplotlib here).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from deck_fakes import fake_charts
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from reportgen.charts.chartdata import ChartData, Point
from reportgen.charts.kinds.stacked_bar import bars
from reportgen.context import BuildContext, ChartImage
from reportgen.errors import ReportgenError
from reportgen.inputs.spec import CHART_KIND_NAMES, PICTURE_ONLY_KINDS
from reportgen.pipeline import load
from reportgen.writers.deck.label_format import number_format, render
from reportgen.writers.deck.layout import Box
from reportgen.writers.deck.native_chart import NATIVE_KINDS, add_native_chart
from reportgen.writers.deck.style import FONT
from reportgen.writers.deck.write import write_deck

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "charts"
LANGS = ("ko", "en")
NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
EXTRA_CHART = "  - {id: points, kind: scatter, table: companies, x: revenue, y: capex, label: name, highlight: [CN], guides: [10, 20]}\n"
BUILT = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)


def native_report(folder: Path, engine: str = "", chart_engine: str = "") -> Path:
    """The chart fixture with a scatter without sizes and a deck of one chart slide per chart."""
    shutil.copytree(FIXTURE, folder, dirs_exist_ok=True)
    spec = folder / "report" / "report.yaml"
    text = spec.read_text(encoding="utf-8").replace("charts:\n", f"{engine}charts:\n", 1) + EXTRA_CHART
    if chart_engine:
        text = text.replace("{id: ranked, kind: ranked_bar,", f"{{id: ranked, engine: {chart_engine}, kind: ranked_bar,")
    ids = re.findall(r"\{id: (\w+), ", text)
    text += "deck:\n  - section: charts\n    slides:\n" + "".join(f"      - {{id: s_{i}, kind: chart, chart: {i}}}\n" for i in ids)
    spec.write_text(text, encoding="utf-8")
    for lang in LANGS:
        path = folder / "report" / "text" / f"{lang}.yaml"
        words = path.read_text(encoding="utf-8").replace(
            "charts:\n", "charts:\n  points: {title: Points, unit: Unit line, alt: Alt text of points}\n", 1)
        words += "sections: {charts: Charts}\nslides:\n" + "".join(f"  s_{i}: {{title: 'Chart {i}'}}\n" for i in ids)
        path.write_text(words, encoding="utf-8")
    return folder / "report"


def build(ctx: BuildContext, lang: str, folder: Path, name: str = "deck") -> Path:
    path = folder / f"{name}.{lang}.pptx"
    write_deck(dataclasses.replace(ctx, built_at=BUILT), lang, fake_charts(ctx, lang, folder / "charts"), path, None)
    return path


@pytest.fixture(scope="module")
def native(tmp_path_factory) -> tuple[BuildContext, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("native")
    ctx = load(native_report(folder / "in"))
    return ctx, {lang: build(ctx, lang, folder) for lang in LANGS}


def chart_parts(deck: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(deck) as z:
        return {n: etree.fromstring(z.read(n)) for n in sorted(z.namelist()) if re.match(r"ppt/charts/chart\d+\.xml$", n)}


def charts_on(slide) -> list:
    """The chart frames of a slide, in groups too."""
    found = []
    for shape in slide.shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            found += [s for s in shape.shapes if s.has_chart]
        elif shape.has_chart:
            found.append(shape)
    return found


def prepared(ctx: BuildContext, lang: str, chart_id: str) -> ChartData:
    from reportgen.charts.render import plan

    return plan(ctx, ctx.report.chart(chart_id), lang, warn=False).data


def cached(node: etree._Element, tag: str) -> list:
    """The cached points of a series' c:cat / c:val / c:xVal / c:yVal, by index (None where blank)."""
    cache = node.find(f"c:{tag}", NS)
    if cache is None:
        return []
    count = int(cache.find(".//c:ptCount", NS).get("val"))
    values: list = [None] * count
    for pt in cache.iter(f"{{{NS['c']}}}pt"):
        text = pt.findtext("c:v", namespaces=NS)
        values[int(pt.get("idx"))] = float(text) if tag != "cat" else text
    return values


def test_every_kind_is_native_or_a_picture():
    assert set(NATIVE_KINDS) | set(PICTURE_ONLY_KINDS) == set(CHART_KIND_NAMES)
    assert not set(NATIVE_KINDS) & set(PICTURE_ONLY_KINDS)


@pytest.mark.parametrize("lang", LANGS)
def test_one_chart_part_per_native_chart_panel(native, lang):
    ctx, decks = native
    prs = Presentation(decks[lang])
    expected = {c.id: len(prepared(ctx, lang, c.id).panels()) for c in ctx.report.charts if ctx.report.native(c.id)}
    assert "timeline" not in expected and set(expected) == {c.id for c in ctx.report.charts if c.native_form}
    for slide in prs.slides:
        chart_id = slide.name.removeprefix("s_")
        frames = charts_on(slide)
        assert len(frames) == expected.get(chart_id, 0), chart_id
        if chart_id not in expected:
            assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slide.shapes)
    assert len(chart_parts(decks[lang])) == sum(expected.values())


@pytest.mark.parametrize("lang", LANGS)
def test_cached_values_and_categories_are_the_rows_of_data(native, lang):
    ctx, decks = native
    prs = Presentation(decks[lang])
    for slide in prs.slides:
        chart_id = slide.name.removeprefix("s_")
        if not ctx.report.native(chart_id):
            continue
        spec = ctx.report.chart(chart_id)
        rows = ctx.dataset.tables[spec.table].by_id()
        data = prepared(ctx, lang, chart_id)
        for frame, panel in zip(charts_on(slide), data.panels(), strict=True):
            sers = frame.chart._chartSpace.findall(".//c:ser", NS)
            _check_values(spec, rows, panel, sers)


def _cell(rows: dict, point: Point, column: str | None) -> float | None:
    value = rows[point.id][column] if column else None
    return None if value is None else float(value)


def _check_values(spec, rows, data: ChartData, sers) -> None:
    points = data.points
    if data.kind in ("ranked_bar", "column"):
        (ser,) = sers
        assert cached(ser, "cat") == ["\n".join(x for x in (p.label, p.note, "" if p.value is not None else p.text) if x)
                                      for p in points]
        assert cached(ser, "val") == [_cell(rows, p, spec.y) for p in points]
    elif data.kind == "grouped_column":
        categories = list(dict.fromkeys(p.label for p in points))
        for ser, name in zip(sers, data.series_names(), strict=True):
            assert cached(ser, "cat") == categories
            by = {p.label: p for p in points if p.series == name}
            assert cached(ser, "val") == [_cell(rows, by[c], spec.y) for c in categories]
    elif data.kind == "stacked_bar":
        groups = bars(data)
        shown = [[_cell(rows, s, spec.y) if s.id else s.value for s in segments] for segments in groups.values()]
        for ser in sers:
            assert cached(ser, "cat") == [name or data.names.get("y") or data.chart_id for name in groups]
        by_bar = list(zip(*[cached(ser, "val") for ser in sers], strict=True))
        assert [[v for v in bar if v is not None] for bar in by_bar] == shown
    elif data.kind == "line":
        for ser, name in zip(sers, data.series_names(), strict=True):
            line = sorted((p for p in points if p.series == name), key=lambda p: p.x)
            assert cached(ser, "yVal") == [_cell(rows, p, spec.y) for p in line]
            assert cached(ser, "xVal") == [p.x for p in line]
            assert float(str(rows[line[0].id][spec.x])[:4]) == int(line[0].x)
    elif data.kind == "scatter":
        assert cached(sers[0], "xVal") == [_cell(rows, p, spec.x) for p in points]
        assert cached(sers[0], "yVal") == [_cell(rows, p, spec.y) for p in points]
        if spec.size:
            assert cached(sers[0], "bubbleSize") == [_cell(rows, p, spec.size) for p in points]
        else:
            assert [s.findtext("c:tx//c:v", namespaces=NS) for s in sers[1:]] == [f"{g:g}%" for g in spec.guides]
    elif data.kind == "dumbbell":
        assert [s.findtext("c:tx//c:v", namespaces=NS) for s in sers] == [p.label for p in points]
        for ser, p in zip(sers, points, strict=True):
            assert cached(ser, "xVal") == [_cell(rows, p, spec.y2), _cell(rows, p, spec.y)]
    elif data.kind == "waterfall":
        _check_waterfall(spec, rows, data, sers)
    elif data.kind == "combo":
        categories = [_category_name(p) for p in points]
        assert [cached(ser, "cat") for ser in sers] == [categories] * len(sers)
        assert cached(sers[0], "val") == [_cell(rows, p, spec.y) for p in points]
        assert cached(sers[-1], "val") == [_cell(rows, p, spec.y2) for p in points]
        assert [cached(ser, "val") for ser in sers[1:-1]] == [[m.value] * len(points) for m in data.lines]
        assert [s.findtext("c:tx//c:v", namespaces=NS) for s in sers[1:-1]] == [m.text for m in data.lines]
    else:  # pragma: no cover - a new kind needs its own check here
        raise AssertionError(f"no check for {data.kind}")


def _category_name(p: Point) -> str:
    return "\n".join(x for x in (p.label, p.note, "" if p.value is not None else p.text) if x)


def _check_waterfall(spec, rows, data: ChartData, sers) -> None:
    assert [cached(ser, "cat") for ser in sers] == [[_category_name(p) for p in data.points]] * len(sers)
    assert sers[1].findtext("c:tx//c:v", namespaces=NS) == data.names["y"]
    _check_bridge([_cell(rows, p, spec.y) for p in data.points], [p.id in spec.totals for p in data.points], sers)


def _check_bridge(values: list[float], totals: list[bool], sers) -> None:
    """Each visible column, rebuilt from the stacked columns (an invisible base, the part above zero, the part
    below zero), runs from the running total before its row to the one after it (a total from zero); the hidden
    line series that carries the labels sits at each column's end: the top of a rise or a total, the bottom of a fall."""
    stacked = [s for s in sers if s.getparent().tag == f"{{{NS['c']}}}barChart"]
    base, up, down = [cached(s, "val") for s in stacked] + [[None] * len(values)] * (3 - len(stacked))
    assert stacked[0].find("c:spPr/a:noFill", NS) is not None, "the base is invisible"
    anchors = cached(next(s for s in sers if s.getparent().tag == f"{{{NS['c']}}}lineChart"), "val")
    running = 0.0
    for i, (value, total, b, u, d, anchor) in enumerate(zip(values, totals, base, up, down, anchors, strict=True)):
        start = 0.0 if total else running
        running = value if total else running + value
        # PowerPoint and LibreOffice stack positive values up from zero and negative ones down from zero
        if d is None:  # above zero: the base, then the column
            bottom, top = b or 0.0, (b or 0.0) + (u or 0.0)
        elif u is None:  # below zero: the base down from zero, then the column
            top, bottom = b or 0.0, (b or 0.0) + d
        else:  # across zero: no base
            assert b is None, i
            bottom, top = d, u
        assert (bottom, top) == pytest.approx((min(start, running), max(start, running))), i
        assert anchor == pytest.approx(max(start, running) if value >= 0 else min(start, running)), i


def test_the_embedded_workbook_holds_the_cached_values(native):
    _, decks = native
    prs = Presentation(decks["ko"])
    checked = 0
    for slide in prs.slides:
        for frame in charts_on(slide):
            blob = frame.chart.part.chart_workbook.xlsx_part.blob
            sheet = openpyxl.load_workbook(io.BytesIO(blob)).active
            for ser in frame.chart._chartSpace.findall(".//c:ser", NS):
                for tag in ("cat", "val", "xVal", "yVal", "bubbleSize"):
                    ref = ser.findtext(f"c:{tag}//c:f", namespaces=NS)
                    if ref is None:
                        continue
                    cells = [c.value for row in sheet[ref.split("!")[1].replace("$", "")] for c in row]
                    assert cells == cached(ser, tag), (slide.name, tag)
                    checked += 1
    assert checked > 20


def _labels(ser) -> dict[int, str]:
    """What each point's data label shows: its own text, or its value in its number format."""
    values = cached(ser, "val") or cached(ser, "yVal")  # a value label shows y
    shown = {}
    for d_lbl in ser.findall("c:dLbls/c:dLbl", NS):
        idx = int(d_lbl.find("c:idx", NS).get("val"))
        rich = d_lbl.find("c:tx/c:rich", NS)
        if rich is not None:
            shown[idx] = "".join(t.text or "" for t in rich.iter(f"{{{NS['a']}}}t"))
        else:
            code = d_lbl.find("c:numFmt", NS).get("formatCode")
            assert number_format(values[idx], _unquoted(code, values[idx])) == code
            shown[idx] = _unquoted(code, values[idx])
    return shown


def _unquoted(code: str, value: float) -> str:
    """Render one of label_format's codes: "prefix"#,##0.00,,"suffix"."""
    match = re.fullmatch(r'(?:"([^"]*)")?(#,##0|0)(?:\.(0+))?(,*)(?:"([^"]*)")?', code)
    assert match, code
    prefix, digits, decimals, scale, suffix = match.groups()
    return render(value, len(decimals or ""), digits == "#,##0", len(scale), prefix or "", suffix or "")


@pytest.mark.parametrize("lang", LANGS)
def test_labels_and_highlight_are_the_pictures(native, lang):
    """Bars and columns: the same label text and the highlight colour on the same points as the picture."""
    ctx, decks = native
    prs = Presentation(decks[lang])
    for chart_id in ("ranked", "column", "prices"):
        slide = next(s for s in prs.slides if s.name == f"s_{chart_id}")
        (frame,) = charts_on(slide)
        (ser,) = frame.chart._chartSpace.findall(".//c:ser", NS)
        data = prepared(ctx, lang, chart_id)
        labels = _labels(ser)
        assert [labels.get(i) for i, p in enumerate(data.points) if p.value is not None] == [p.text for p in data.points
                                                                                             if p.value is not None]
        fills = {int(d.find("c:idx", NS).get("val")): d.find("c:spPr/a:solidFill/a:srgbClr", NS).get("val")
                 for d in ser.findall("c:dPt", NS)}
        assert [fills[i] == "C8102E" for i in range(len(data.points))] == [p.highlight for p in data.points]


def test_labels_follow_the_data_where_a_number_format_shows_them(native):
    """English `150M`-style labels are live (a number format), Korean `1억 5,000만` stays text."""
    _, decks = native
    live = {lang: sum(1 for part in chart_parts(decks[lang]).values() for _ in part.iter(f"{{{NS['c']}}}numFmt"))
            for lang in LANGS}
    assert live["en"] > 10 and live["ko"] > 0


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_text_has_the_deck_font_in_both_slots_and_a_language(native, lang):
    _, decks = native
    korean = 0
    for name, part in chart_parts(decks[lang]).items():
        props = [*part.iter(f"{{{NS['a']}}}defRPr"), *part.iter(f"{{{NS['a']}}}rPr")]
        assert props, name
        for r_pr in props:
            assert r_pr.find("a:latin", NS).get("typeface") == FONT, name
            assert r_pr.find("a:ea", NS).get("typeface") == FONT, name
            assert r_pr.get("lang") in ("ko-KR", "en-US"), name
        korean += sum(1 for t in part.iter(f"{{{NS['a']}}}t") if re.search("[가-힣]", t.text or ""))
        assert part.find("c:lang", NS).get("val") == {"ko": "ko-KR", "en": "en-US"}[lang]
        assert part.find("c:roundedCorners", NS).get("val") == "0"
        assert part.find("c:spPr/a:ln/a:noFill", NS) is not None, "no border"
        assert not list(part.iter(f"{{{NS['c']}}}minorGridlines"))
        for axis in part.iter(f"{{{NS['c']}}}valAx", f"{{{NS['c']}}}catAx"):
            if axis.find("c:majorGridlines", NS) is not None:  # only where the picture draws a grid: log and scatter axes
                assert part.find(".//c:logBase", NS) is not None or part.find(".//c:scatterChart", NS) is not None \
                    or part.find(".//c:bubbleChart", NS) is not None
    assert (korean > 0) == (lang == "ko")


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_frame_has_the_alt_text_and_notes_keep_their_lines(native, lang, tmp_path):
    ctx, decks = native
    prs = Presentation(decks[lang])
    pictures = Presentation(build(dataclasses.replace(ctx, report=ctx.report.model_copy(update={"engine": "picture"})),
                                  lang, tmp_path, "pictures"))
    for slide, picture_slide in zip(prs.slides, pictures.slides, strict=True):
        for frame in charts_on(slide):
            alt = ctx.texts[lang].get(f"charts.{slide.name.removeprefix('s_')}.alt")
            assert frame._element.find(".//{*}cNvPr").get("descr") == alt
        assert slide.notes_slide.notes_text_frame.text == picture_slide.notes_slide.notes_text_frame.text
    assert sum(1 for s in pictures.slides for x in s.shapes if x.shape_type == MSO_SHAPE_TYPE.PICTURE) == len(pictures.slides)


def test_text_that_looks_like_a_formula_stays_text_in_the_workbook():
    names = ["=1+2", "+SUM(A1:A2)", "-cmd", "@risk", "http://example.com"]
    points = tuple(Point(id=f"r{i}", label=name, value=float(i + 1), text=f"{i + 1}") for i, name in enumerate(names))
    data = ChartData(chart_id="unsafe", kind="ranked_bar", lang="en", points=points)
    image = ChartImage("unsafe", "en", Path("x.png"), Path("x.svg"), 1800, 720, "Title", "Unit", "Alt", "Source", (), data)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    (frame,) = add_native_chart(slide.shapes, Box(0, 0, Inches(8), Inches(4)), image, "en", BUILT)
    blob = frame.chart.part.chart_workbook.xlsx_part.blob
    sheet = openpyxl.load_workbook(io.BytesIO(blob)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c.value for c in cells if c.column == 1 and c.row > 1] == names
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-06-30T12:00:00Z</dcterms:created>" in z.read(
            "docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_same_inputs_give_the_same_bytes(native, tmp_path):
    ctx, decks = native
    again = build(ctx, "ko", tmp_path, "again")
    assert again.read_bytes() == decks["ko"].read_bytes()


def test_engine_picture_per_chart_and_per_report(tmp_path):
    ctx = load(native_report(tmp_path / "a", chart_engine="picture"))
    assert not ctx.report.native("ranked") and ctx.report.native("column")
    ctx = load(native_report(tmp_path / "b", engine="engine: picture\n"))
    assert not any(ctx.report.native(c.id) for c in ctx.report.charts)
    ctx = load(native_report(tmp_path / "c"))
    assert ctx.report.engine == "native" and not ctx.report.native("timeline")


def test_a_native_timeline_is_one_clear_error(tmp_path):
    report = native_report(tmp_path)
    spec = report / "report.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("{id: timeline, kind: timeline,",
                                                             "{id: timeline, engine: native, kind: timeline,"), encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        load(report)
    message = str(caught.value)
    line = next(n for n, text in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "engine: native" in text)
    assert "report.yaml" in message and f"line {line}" in message and "timeline has no native PowerPoint form" in message


@pytest.mark.parametrize(("value", "text", "code"), [
    (150_000_000, "150M", '#,##0,,"M"'),
    (1_670_000, "1.67M", '#,##0.00,,"M"'),
    (0.28, "$0.28", '"$"#,##0.00'),
    (0.28, "about $0.28", '"about $"#,##0.00'),
    (0.28, "약 0.28달러", '"약 "#,##0.00"달러"'),
    (26, "26%", '#,##0"%"'),
    (557_000, "over 557,000", '"over "#,##0'),
    (47.5e9, "$47.5B", '"$"#,##0.0,,,"B"'),
    (2024, "2024", "0"),
    (-5, "-5", "#,##0"),
    (2.5, "2.5", "#,##0.0"),
    (150_000_000, "1억 5,000만", None),
    (15, "10–20%", None),
    (1, 'a "1"', None),
    (None, "N/A", None),
])
def test_a_label_as_a_number_format(value, text, code):
    assert number_format(value, text) == code


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_shows_one_page_per_slide_and_every_label(native, lang, tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("needs LibreOffice and poppler")
    ctx, decks = native
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(decks[lang])], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / f"{decks[lang].stem}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1) == str(len(Presentation(decks[lang]).slides))
    for number, slide in enumerate(Presentation(decks[lang]).slides, start=1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        flat = re.sub(r"\s+", "", text)
        for frame in charts_on(slide):
            for ser in frame.chart._chartSpace.findall(".//c:ser", NS):
                for label in _labels(ser).values():
                    assert re.sub(r"\s+", "", label) in flat, (slide.name, label)


def test_a_segment_too_narrow_for_its_label_has_it_just_past_its_end(native, tmp_path):
    """A 3% segment cannot hold its label: the label reads at the start of the next (unlabelled) segment, in ink,
    instead of spilling over the bar's name (seen on the default report's shares slide)."""
    ctx, _ = native
    image = fake_charts(ctx, "en", tmp_path)["stacked_bars"]
    data = image.data
    narrow = next(p for p in data.points if p.id == "saving")  # the bar's one segment, then the rest of 100
    points = [dataclasses.replace(p, value=3.0, text="3%") if p is narrow else p for p in data.points]
    points = [dataclasses.replace(p, label="") if p.series == narrow.series else p for p in points]  # an unnamed rest
    image = dataclasses.replace(image, data=dataclasses.replace(data, points=points))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    (frame,) = add_native_chart(slide.shapes, Box(0, 0, Inches(9), Inches(4)), image, "en", dt.datetime(2025, 6, 30))
    sers = frame.chart._chartSpace.findall(".//c:ser", NS)
    bar = list(bars(image.data)).index(narrow.series)
    placed = {(s, int(d.find("c:idx", NS).get("val"))): (d.find("c:dLblPos", NS).get("val"),
                                                         "".join(t.text or "" for t in d.iter(f"{{{NS['a']}}}t")))
              for s, ser in enumerate(sers) for d in ser.findall("c:dLbls/c:dLbl", NS)}
    assert placed.get((len(sers) - 1, bar)) == ("inBase", "3%")
    assert all(text != "3%" for (s, _), (_, text) in placed.items() if s != len(sers) - 1)


def _bridge_image(values: list[float], totals: set[int], lang: str = "en") -> ChartImage:
    """A waterfall of `values` (totals at the indexes `totals`), the second row highlighted, the third in a colour of its own."""
    points = tuple(Point(id=f"r{i}", label=f"Step {i}", value=v, text=f"{v:g}" if i in totals else f"{v:+g}", total=i in totals,
                         highlight=i == 1, colour="#2E8B57" if i == 2 else "") for i, v in enumerate(values))
    data = ChartData(chart_id="bridge", kind="waterfall", lang=lang, points=points, names={"y": "Change"})
    return ChartImage("bridge", lang, Path("x.png"), Path("x.svg"), 1800, 720, "Title", "Unit", "Alt", "Source", (), data)


def _one_chart(image: ChartImage, lang: str = "en"):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    (frame,) = add_native_chart(slide.shapes, Box(0, 0, Inches(9), Inches(4)), image, lang, BUILT)
    return frame.chart


@pytest.mark.parametrize(("values", "totals"), [
    ([120, 35.5, -12.5, 8, 151], {0, 4}),  # above zero
    ([10, -25, -5, 30, 10], {0, 4}),  # columns across zero and below it
    ([-10, -5, -3, -2, -20], {0, 4}),  # all below zero
    ([100, 20, -30, 90, -100, 0, -10], {0, 3, 6}),  # a subtotal, a fall across zero, no change
])
def test_a_waterfall_rebuilds_its_running_totals(values, totals):
    image = _bridge_image(values, totals)
    chart = _one_chart(image)
    space = chart._chartSpace
    sers = space.findall(".//c:ser", NS)
    _check_bridge(values, [i in totals for i in range(len(values))], sers)
    # the visible parts: the picture's colours (highlight, the row's own colour, totals grey, rises navy, falls grey-blue)
    from reportgen.charts.kinds.waterfall import FALL, RISE
    from reportgen.charts.theme import THEME
    expected = ["C8102E" if i == 1 else "2E8B57" if i == 2 else THEME.grey if i in totals else RISE if v >= 0 else FALL
                for i, v in enumerate(values)]
    for ser in space.findall(".//c:barChart/c:ser", NS)[1:]:
        fills = {int(d.find("c:idx", NS).get("val")): d.find("c:spPr/a:solidFill/a:srgbClr", NS).get("val")
                 for d in ser.findall("c:dPt", NS)}
        present = [i for i, v in enumerate(cached(ser, "val")) if v is not None]
        assert [fills[i] for i in present] == [expected[i].lstrip("#").upper() for i in present]
    # the labels: the picture's text, above a rise or a total, below a fall; nothing on the base or the columns
    (anchors,) = space.findall(".//c:lineChart/c:ser", NS)
    assert anchors.find("c:spPr/a:ln/a:noFill", NS) is not None and anchors.find("c:marker/c:symbol", NS).get("val") == "none"
    placed = {int(d.find("c:idx", NS).get("val")): (d.find("c:dLblPos", NS).get("val"), "".join(t.text for t in d.iter(f"{{{NS['a']}}}t")))
              for d in anchors.findall("c:dLbls/c:dLbl", NS)}
    assert placed == {i: ("t" if v >= 0 else "b", p.text) for i, (v, p) in enumerate(zip(values, image.data.points, strict=True))}
    assert not space.findall(".//c:barChart/c:ser/c:dLbls", NS)
    # names under the plot, not at zero, when columns reach below it; the value axis holds every column and label
    assert (space.find(".//c:catAx/c:tickLblPos", NS).get("val") == "low") == (min(b for b in _running(values, totals)) < 0)
    axis = chart.value_axis
    assert axis.minimum_scale <= min(0, *_running(values, totals)) and axis.maximum_scale >= max(0, *_running(values, totals))
    assert [type(p).__name__ for p in chart.plots] == ["BarPlot", "LinePlot"] and len(list(chart.series)) == len(sers)


def _running(values: list[float], totals: set[int]) -> list[float]:
    out, running = [], 0.0
    for i, v in enumerate(values):
        running = v if i in totals else running + v
        out.append(running)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_the_waterfall_helper_series_say_what_they_are_in_edit_data(lang):
    chart = _one_chart(_bridge_image([10, -25, -5, 30, 10], {0, 4}, lang), lang)
    names = [s.findtext("c:tx//c:v", namespaces=NS) for s in chart._chartSpace.findall(".//c:ser", NS)]
    assert names[1] == "Change" and len(set(names)) == len(names) == 4
    hidden = {"ko": "숨김", "en": "hidden"}[lang]
    assert [n.startswith(hidden) for n in names] == [True, False, False, True]
    assert ("미만" in names[2]) == (lang == "ko") and ("below" in names[2]) == (lang == "en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_combo_line_is_on_a_second_axis_above_the_columns(native, lang):
    """The y2 line is a c:lineChart of its own whose axes are a hidden category axis and a value axis at the right,
    ranged so the line runs above the columns; its ticks show only the line's range; the key names the columns and
    the line, not the reference lines; python-pptx reads the plots back."""
    ctx, decks = native
    data = prepared(ctx, lang, "combo")
    slide = next(s for s in Presentation(decks[lang]).slides if s.name == "s_combo")
    (frame,) = charts_on(slide)
    chart, space = frame.chart, frame.chart._chartSpace
    assert [type(p).__name__ for p in chart.plots] == ["BarPlot", "LinePlot", "LinePlot"]
    assert [s.name for s in chart.series] == [data.names["y"], *(m.text for m in data.lines), data.names["y2"]]
    line_chart = next(c for c in space.findall(".//c:lineChart", NS)
                      if c.findtext("c:ser/c:tx//c:v", namespaces=NS) == data.names["y2"])
    ids = [a.get("val") for a in line_chart.findall("c:axId", NS)]
    axes = {a.find("c:axId", NS).get("val"): a for a in space.find(".//c:plotArea", NS) if a.tag.endswith(("Ax",))}
    cat, val = axes[ids[0]], axes[ids[1]]
    assert cat.tag.endswith("catAx") and cat.find("c:delete", NS).get("val") == "1"
    assert val.tag.endswith("valAx") and val.find("c:axPos", NS).get("val") == "r" and val.find("c:delete", NS).get("val") == "0"
    assert val.find("c:crossAx", NS).get("val") == ids[0] and val.find("c:crosses", NS).get("val") == "max"
    bar_ids = [a.get("val") for a in space.findall(".//c:barChart/c:axId", NS)]
    assert not set(bar_ids) & set(ids) and axes[bar_ids[1]].find("c:axPos", NS).get("val") == "l"
    # the columns in the lower part, the line above them (shares of the plot's height)
    def scale(axis):
        return float(axis.find(".//c:min", NS).get("val")), float(axis.find(".//c:max", NS).get("val"))

    (l_min, l_max), (r_min, r_max), right = scale(axes[bar_ids[1]]), scale(axes[ids[1]]), axes[ids[1]]
    columns_top = (max(p.value for p in data.points) - l_min) / (l_max - l_min)
    line_bottom = (min(p.value2 for p in data.points) - r_min) / (r_max - r_min)
    line_top = (max(p.value2 for p in data.points) - r_min) / (r_max - r_min)
    assert columns_top < 0.58 <= line_bottom < line_top < 1
    # ticks only over the line's own values: "[<lo]"";[>hi]"";#,##0"
    code = right.find("c:numFmt", NS).get("formatCode")
    low, high = (float(x) for x in re.fullmatch(r'\[<([-\d.]+)\]"";\[>([-\d.]+)\]"";#,##0(?:\.0+)?', code).groups())
    assert low == pytest.approx(min(p.value2 for p in data.points), rel=1e-3)
    assert high == pytest.approx(max(p.value2 for p in data.points), rel=1e-3)
    # the key: the reference lines left out by their c:idx, which come before the line's (plot order, see as_line_plot)
    idx = {s.findtext("c:tx//c:v", namespaces=NS): int(s.find("c:idx", NS).get("val")) for s in space.findall(".//c:ser", NS)}
    deleted = sorted(int(e.find("c:idx", NS).get("val")) for e in space.findall(".//c:legend/c:legendEntry", NS)
                     if e.find("c:delete", NS).get("val") == "1")
    assert deleted == sorted(idx[m.text] for m in data.lines) and data.lines
    assert sorted(idx.values()) == list(idx.values()) and idx[data.names["y2"]] == max(idx.values())
    columns = space.find(".//c:barChart/c:ser", NS)
    from reportgen.charts.theme import THEME
    assert columns.find("c:spPr/a:solidFill/a:srgbClr", NS).get("val") == THEME.base.lstrip("#").upper()


@pytest.mark.parametrize(("lo", "hi"), [(47.5, 78.6), (0.28, 15), (1031, 23348), (20_947_571, 49_044_790), (0.12, 0.19),
                                         (-3.5, 2.0), (99, 101), (5, 5.4)])
def test_the_line_axis_ticks_step_as_the_pictures(lo, hi):
    from matplotlib.ticker import MaxNLocator

    from reportgen.writers.deck.native_chart import tick_step
    ticks = MaxNLocator(nbins=4).tick_values(lo, hi)
    assert tick_step(lo, hi) == pytest.approx(ticks[1] - ticks[0])


def test_python_pptx_reads_every_native_chart_back(native):
    _, decks = native
    for lang in LANGS:
        for slide in Presentation(decks[lang]).slides:
            for frame in charts_on(slide):
                chart = frame.chart
                assert len(list(chart.series)) == len(chart._chartSpace.findall(".//c:ser", NS)), slide.name
                assert all(len(list(plot.series)) for plot in chart.plots), slide.name
                assert chart.value_axis is not None


@pytest.mark.parametrize("kind", ["waterfall", "combo"])
def test_column_labels_shrink_until_neighbours_do_not_touch(kind):
    """Twelve columns with long labels in a narrow chart (a chart slide with key messages beside it)."""
    from reportgen.writers.deck.native_chart import COMBO_PLOT, WATERFALL_PLOT
    from reportgen.writers.deck.textfit import text_width
    points = tuple(Point(id=f"r{i}", label=str(1952 + 5 * i), value=1000.0 + i, text=f"{1000 + i:,}만", value2=50.0 + i,
                         text2=f"{50 + i}", total=i == 0) for i in range(12))
    data = ChartData(chart_id="wide", kind=kind, lang="ko", points=points, names={"y": "인구", "y2": "기대수명"})
    image = ChartImage("wide", "ko", Path("x.png"), Path("x.svg"), 1800, 720, "Title", "Unit", "Alt", "Source", (), data)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    width = Inches(7)
    (frame,) = add_native_chart(slide.shapes, Box(0, 0, width, Inches(4)), image, "ko", BUILT)
    slot = width / 12700 * (WATERFALL_PLOT if kind == "waterfall" else COMBO_PLOT) / 12
    ser = frame.chart._chartSpace.findall(".//c:ser", NS)[-1 if kind == "waterfall" else 0]
    sizes = []
    for d_lbl in ser.findall("c:dLbls/c:dLbl", NS):
        r_pr = d_lbl.find(".//a:rPr", NS)
        if r_pr is None:
            r_pr = d_lbl.find(".//a:defRPr", NS)
        size = int(r_pr.get("sz")) / 100
        text = "".join(t.text for t in d_lbl.iter(f"{{{NS['a']}}}t"))
        assert text_width(text, size, r_pr.get("b") == "1") <= slot, text
        sizes.append(size)
    assert len(sizes) == 12 and max(sizes) < 10  # smaller than the small size of a chart this narrow


def test_every_series_has_a_name_a_reader_understands(native):
    """Edit Data lists each series by name: never a bare number (a stacked bar whose bars order their
    segments differently names its series by place, in the reader's language)."""
    _, decks = native
    for lang, deck in decks.items():
        names = [ser.findtext("c:tx//c:v", namespaces=NS) or "" for part in chart_parts(deck).values()
                 for ser in part.iter(f"{{{NS['c']}}}ser")]
        assert names and all(name.strip() and not name.strip().isdigit() for name in names), (lang, names)


@pytest.fixture(scope="module")
def asia_deck(tmp_path_factory) -> Presentation:
    """The second report's Korean deck (plotly's Gapminder data: a diverging bar chart, a log-x bubble chart)."""
    folder = tmp_path_factory.mktemp("asia")
    ctx = load(Path(__file__).resolve().parents[3] / "templates" / "asia-rise", ("ko",))
    return Presentation(build(ctx, "ko", folder))


def _chart(prs: Presentation, chart_id: str):
    return next(shape.chart for slide in prs.slides for shape in charts_on(slide) if shape.name == f"Chart {chart_id}")


@pytest.mark.slow
def test_names_of_bars_below_zero_sit_beside_the_plot_and_their_labels_have_room(asia_deck):
    chart = _chart(asia_deck, "growth_7787")
    space = chart._chartSpace
    assert space.find(".//c:catAx/c:tickLblPos", namespaces=NS).get("val") == "low"  # not on the zero line, over the bars
    values = [v for v in chart.plots[0].series[0].values if v is not None]
    assert min(values) < 0 and chart.value_axis.minimum_scale < min(values) * 1.1


@pytest.mark.slow
def test_a_log_x_bubble_chart_is_log_in_the_deck_too_named_only_from_its_label_column(asia_deck):
    chart = _chart(asia_deck, "life_vs_income")
    space = chart._chartSpace
    x_axis = next(ax for ax in space.findall(".//c:valAx", namespaces=NS) if ax.find("c:axPos", namespaces=NS).get("val") == "b")
    assert x_axis.find("c:scaling/c:logBase", namespaces=NS) is not None  # the unit line says log scale
    texts = [run.text for label in space.iter(f"{{{NS['c']}}}dLbl") for run in label.iter(f"{{{NS['a']}}}t") if (run.text or "").strip()]
    assert texts and not any(re.fullmatch(r"[\d.,]+", t.strip()) for t in texts)  # no raw x values as names
    names = [s.findtext("c:tx//c:v", namespaces=NS) for s in space.iter(f"{{{NS['c']}}}ser")]
    assert {"아시아", "유럽", "아메리카", "아프리카"} <= set(names) and chart.has_legend  # colors: by continent, keyed


@pytest.mark.slow
def test_bars_that_order_their_segments_differently_keep_one_series_and_colour_per_name_with_a_key(asia_deck):
    """The picture orders each bar's segments by size (Africa second in 2007, Europe in 1952); PowerPoint stacks every
    bar in one series order, so the deck keeps a series per continent, each in the picture's colour for it, named
    in a key, and no label covers a neighbour's (a segment too narrow for its value has none; Edit Data holds it)."""
    chart = _chart(asia_deck, "population_share")
    series = list(chart.plots[0].series)
    assert [s.name for s in series] == ["아시아", "유럽", "아메리카", "아프리카", "오세아니아"] and chart.has_legend
    for s in series:
        fills = {p.find(".//a:srgbClr", namespaces=NS).get("val") for p in s._element.findall("c:dPt", namespaces=NS)}
        assert len(fills) == 1, (s.name, fills)  # one colour per continent in both bars
    oceania = series[-1]._element.findall("c:dLbls/c:dLbl", namespaces=NS)
    assert oceania == []  # 0.4% of a bar: its label would sit on Africa's


def test_crowded_scatter_names_leave_out_the_ones_that_would_cover_another():
    """Five named points on one spot and one apart: the highlighted one keeps its name, the four it would cover lose
    theirs (the picture leaves out what it cannot place), the one apart keeps its own."""
    crowd = [Point(id=f"c{i}", label=f"C{i}", value=70.0 + i * 0.1, text="", x=20000.0 + i * 10, note=f"Country {i}",
                   highlight=i == 3) for i in range(5)]
    apart = Point(id="far", label="Far", value=40.0, text="", x=900.0, note="Far away")
    data = ChartData(chart_id="crowd", kind="scatter", lang="en", points=(*crowd, apart), log_x=True)
    chart = _one_chart(ChartImage("crowd", "en", Path("x.png"), Path("x.svg"), 1800, 720, "Title", "Unit", "Alt", "Source", (), data))
    shown = sorted(run.text for label in chart._chartSpace.iter(f"{{{NS['c']}}}dLbl")
                   for run in label.iter(f"{{{NS['a']}}}t") if (run.text or "").strip())
    assert shown == ["Country 3", "Far away"]
