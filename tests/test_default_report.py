"""The default report as its readers get it: the English deck and memo speak English (Korean only
inside a bracketed original title), every slide that shows figures says where they come from, and
no memo page is left more than a quarter empty except before a major section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader
from pypdf.generic import ContentStream

from reportgen.writers.memo.styles import FRAME_HEIGHT, MARGIN_BOTTOM

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORT = ROOT / "templates" / "china-ai-briefing"
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
BRACKETED = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]")  # one level of brackets inside, as in '[[China report] ...]'
NO_SOURCE_KINDS = {"title", "agenda", "section", "sources"}  # no figures of their own, or the list itself
MIN_FILL = 0.75

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outputs(default_build: tuple[object, dict[str, Path]]) -> tuple[object, dict[str, Path]]:
    return default_build  # tests/conftest.py: the suite builds the default report once


def deck_texts(path: Path) -> list[tuple[str, str]]:
    """(slide id, text) for every text frame, table cell and notes page of the deck."""
    found = []
    for slide in Presentation(path).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                found.append((slide.name, shape.text_frame.text))
            if shape.has_table:
                found += [(slide.name, cell.text) for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            found.append((slide.name, slide.notes_slide.notes_text_frame.text))
    return found


def korean_outside_brackets(text: str) -> list[str]:
    return HANGUL.findall(BRACKETED.sub("", text))


def test_hangul_helper_allows_only_bracketed_originals() -> None:
    assert korean_outside_brackets("Chosun Ilbo, “Title [영재 뽑아]”") == []
    assert korean_outside_brackets("Aju, “[China report] title [[차이나리포트] 니오]”") == []
    assert korean_outside_brackets("a CAS affiliate '중과'") == ["중", "과"]


def test_the_english_deck_has_no_korean_outside_bracketed_titles(outputs) -> None:
    _, files = outputs
    bad = [(slide, text) for slide, text in deck_texts(files["en.pptx"]) if korean_outside_brackets(text)]
    assert bad == []


def test_the_english_memo_has_no_korean_outside_bracketed_titles(outputs) -> None:
    _, files = outputs
    text = " ".join(page.extract_text() for page in PdfReader(files["en.pdf"]).pages)
    assert korean_outside_brackets(" ".join(text.split())) == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_slide_that_shows_figures_has_one_source_line(outputs, lang: str) -> None:
    ctx, files = outputs
    kinds = {s.id: s.kind for s in ctx.report.slides}
    checked = 0
    for slide in Presentation(files[f"{lang}.pptx"]).slides:
        if kinds[slide.name] in NO_SOURCE_KINDS:
            continue
        lines = [s.text_frame.text for s in slide.shapes if s.name == "Source line"]
        assert len(lines) == 1 and lines[0].strip(), f"{lang} slide {slide.name!r} has no source line"
        kpi_captions = [s.text_frame.text for s in slide.shapes if s.name.startswith("KPI") and s.name.endswith("source")]
        assert kpi_captions == [], f"{lang} slide {slide.name!r} repeats its source on every KPI card"
        checked += 1
    assert checked >= 18


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_kpi_cards_carry_a_comparison(outputs, lang: str) -> None:
    ctx, files = outputs
    kpi_slides = {s.id for s in ctx.report.slides if s.kind == "kpi"}
    for slide in Presentation(files[f"{lang}.pptx"]).slides:
        if slide.name in kpi_slides:
            lines = [s.text_frame.text for s in slide.shapes if s.name.endswith("comparison")]
            assert lines and all(line.strip() for line in lines), slide.name


# page fill --------------------------------------------------------------------------------------

def _times(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def marks(page: object, reader: PdfReader) -> list[float]:
    """The height (PDF points from the page's foot) of every text line, picture and filled box drawn."""
    ctm, stack, line, leading, ys = [1.0, 0, 0, 1.0, 0, 0], [], [1.0, 0, 0, 1.0, 0, 0], 0.0, []
    for args, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _times([float(a) for a in args], ctm)
        elif op == b"BT":
            line = [1.0, 0, 0, 1.0, 0, 0]
        elif op == b"Tm":
            line = [float(a) for a in args]
        elif op in (b"Td", b"TD"):
            if op == b"TD":
                leading = -float(args[1])
            line = _times([1.0, 0, 0, 1.0, float(args[0]), float(args[1])], line)
        elif op == b"TL":
            leading = float(args[0])
        elif op in (b"T*", b"'", b'"'):
            line = _times([1.0, 0, 0, 1.0, 0, -leading], line)
        if op in (b"Tj", b"TJ", b"'", b'"'):
            ys.append(_times(line, ctm)[5])
        elif op == b"Do":
            ys.append(ctm[5])
        elif op == b"re":
            y, h = float(args[1]), float(args[3])
            ys.append(_times([1.0, 0, 0, 1.0, 0, min(y, y + h)], ctm)[5])
    return ys


def page_fill(page: object, reader: PdfReader) -> float:
    """How far down the text frame the page's content reaches: 1.0 is a full page."""
    top = MARGIN_BOTTOM + FRAME_HEIGHT
    inside = [y for y in marks(page, reader) if MARGIN_BOTTOM - 3 <= y <= top + 3]
    return (top - min(inside)) / FRAME_HEIGHT if inside else 0.0


def pages_opening_a_section(reader: PdfReader) -> set[int]:
    """Page numbers (1-based) on which a level-1 heading (a top-level outline entry) stands."""
    return {reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)}


def test_page_fill_reads_a_half_page_as_half(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(tmp_path / "half.pdf"), pagesize=A4)
    canvas.drawString(70, MARGIN_BOTTOM + FRAME_HEIGHT / 2, "the last line, halfway down the frame")
    canvas.save()
    reader = PdfReader(tmp_path / "half.pdf")
    assert page_fill(reader.pages[0], reader) == pytest.approx(0.5, abs=0.01)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_memo_page_is_more_than_a_quarter_empty_except_before_a_section(outputs, lang: str) -> None:
    _, files = outputs
    reader = PdfReader(files[f"{lang}.pdf"])
    openers = pages_opening_a_section(reader)
    thin = []
    for number, page in enumerate(reader.pages, start=1):
        if number == len(reader.pages) or number + 1 in openers:
            continue
        fill = page_fill(page, reader)
        if fill < MIN_FILL:
            thin.append((number, round(fill, 2)))
    assert thin == []
