"""The memo's parts, one at a time: escaping, the glyph check, note marks, widths, safety."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import reportlab
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab import rl_config
from reportlab.lib.utils import open_for_read
from reportlab.platypus import Paragraph

from reportgen.errors import ReportgenError
from reportgen.inputs.dataset import load_dataset
from reportgen.narrative.texts import Texts
from reportgen.writers.memo.blocks import MIN_PPI, NUMBERED, chart_picture
from reportgen.writers.memo.doc import fit_text
from reportgen.writers.memo.draft import note_runs, safe_text
from reportgen.writers.memo.glyphs import check_glyphs, missing_characters, normalize_spaces
from reportgen.writers.memo.labels import memo_labels
from reportgen.writers.memo.reportlab_internals import UNTRUSTED, configure_reportlab
from reportgen.writers.memo.story import note_numbers
from reportgen.writers.memo.styles import REGULAR, TEXT_WIDTH, make_styles
from reportgen.writers.memo.tables import MIN_ROWS_APART, BalancedTable, column_widths

ROOT = Path(__file__).resolve().parents[3]
DATASET = ROOT / "tests" / "fixtures" / "memo" / "data" / "datapackage.yaml"
PLACE = ("text/ko.yaml", "paragraphs.where[0]")


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATASET)


@pytest.fixture(scope="module")
def styles():
    return make_styles("ko")


@pytest.mark.parametrize(("text", "markup"), [
    ("R&D <b>Lab</b>", "R&amp;D &lt;b&gt;Lab&lt;/b&gt;"),
    ('<img src="file:///etc/passwd"/>', '&lt;img src="file:///etc/passwd"/&gt;'),
    ("&amp; stays &amp;", "&amp;amp; stays &amp;amp;"),
    ("3\u202f%\u200b", "3\u00a0%"),
])
def test_text_becomes_markup_that_prints_exactly_its_characters(styles, text, markup):
    assert safe_text(text, REGULAR, PLACE) == markup


def test_an_escaped_string_is_drawn_literally(styles):
    text = "R&D <b>Lab</b> & <font size=40>Co</font>"
    paragraph = Paragraph(safe_text(text, REGULAR, PLACE), styles.body)
    assert paragraph.getPlainText() == text
    assert {(f.fontName, f.fontSize) for f in paragraph.frags} == {(REGULAR, styles.body.fontSize)}


@pytest.mark.parametrize(("text", "missing"), [
    ("중국 AI 1억 5,000만 명 “인용” — 3~5년 · 475억 달러 ×2 → ≥ … 工信部", []),
    ("rocket \U0001F680 and snowman ☃ and \U0001F680", ["\U0001F680", "☃"]),
    ("tab\tand\nnew line", []),
])
def test_missing_characters_come_from_the_font_cmap(text, missing):
    make_styles("ko")  # registers the font
    assert missing_characters(text, REGULAR) == missing


def test_a_missing_glyph_is_an_error_naming_the_file_the_place_and_the_character():
    make_styles("ko")
    with pytest.raises(ReportgenError) as caught:
        check_glyphs("우주선 \U0001F680 발사", REGULAR, *PLACE)
    assert str(caught.value) == (
        "text/ko.yaml: paragraphs.where[0]: '\U0001F680' (U+1F680 ROCKET) is not in the font NanumGothic, so the PDF "
        "would show an empty box; replace it or remove it: 우주선 \U0001F680 발사")


def test_typographic_spaces_become_spaces_the_font_has():
    assert normalize_spaces("1\u2009000\u202fkm\u200b\ufeff") == "1 000\u00a0km"


@pytest.mark.parametrize(("natural", "minimum", "total", "expected"), [
    ([100, 100], [50, 50], 400, [200, 200]),  # room to spare: shared in proportion
    ([300, 100], [60, 100], 300, [200, 100]),  # too wide: the wrapping column gives way
    ([300, 300], [60, 60], 300, [150, 150]),
    ([200, 200], [200, 200], 200, [100, 100]),  # even the minimums do not fit: scaled
])
def test_column_widths_always_fill_the_text_width(natural, minimum, total, expected):
    widths = column_widths(natural, minimum, total)
    assert widths == pytest.approx(expected)
    assert sum(widths) == pytest.approx(total)


def test_a_long_unbreakable_string_wraps_inside_its_column(styles):
    url = "https://www.example.org/" + "a-very-long-path-segment-without-any-space/" * 6 + "?lang=en&section=capex"
    for style, width in ((styles.note, TEXT_WIDTH - 18), (styles.cell, 120)):
        paragraph = Paragraph(safe_text(url, REGULAR, PLACE), style)
        paragraph.wrap(width, 10_000)
        assert len(paragraph.blPara.lines) > 1
        assert max(paragraph.getActualLineWidths0()) <= width + 0.01  # (these widths count the indent)


@pytest.mark.parametrize(("width_px", "height_px"), [(1600, 900), (1800, 1000), (1000, 600), (2400, 2400)])
def test_charts_are_never_placed_below_200_ppi(width_px, height_px, tmp_path):
    png = tmp_path / "chart.png"
    Image.new("RGB", (width_px, height_px), "white").save(png)
    picture = chart_picture(png, width_px, height_px)
    assert picture.drawWidth <= TEXT_WIDTH + 0.01
    assert width_px / (picture.drawWidth / 72) >= MIN_PPI
    assert picture.drawHeight / picture.drawWidth == pytest.approx(height_px / width_px)


@pytest.mark.parametrize(("text", "number", "rest"), [("1. 인재 — 소수 정예", "1", "인재 — 소수 정예"), ("12) Second", "12", "Second")])
def test_a_paragraph_that_starts_with_its_number_hangs_it(text, number, rest):
    assert NUMBERED.match(text).groups() == (number, rest)
    assert NUMBERED.match("2025년 5월 기준") is None


def test_labels_default_per_language_and_the_text_overrides_them():
    ko = memo_labels(Texts("ko", Path("x"), {"labels": {"sources": "참고 문헌"}}))
    assert (ko["contents"], ko["sources"], ko["recommendation_owner"]) == ("목차", "참고 문헌", "주체")
    assert memo_labels(Texts("en", Path("x"), {}))["figure"] == "Figure"


def test_the_running_header_cuts_a_long_title_with_an_ellipsis():
    make_styles("en")
    assert fit_text("Short", REGULAR, 8, 200) == "Short"
    cut = fit_text("A very long memo title " * 10, REGULAR, 8, 200)
    assert cut.endswith("…") and len(cut) < 80


def test_markup_cannot_fetch_files_or_urls():
    configure_reportlab()
    assert rl_config.trustedHosts == UNTRUSTED and rl_config.trustedSchemes == []
    for url in ("https://example.com/logo.png", "http://127.0.0.1/x.png", "file:///etc/hostname", "data:text/plain,hello"):
        with pytest.raises(OSError):
            open_for_read(url)


def test_reportlab_is_a_release_without_cve_2023_33733():
    fixed = (3, 6, 13)

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", text)[:3])

    assert version(reportlab.Version) >= fixed
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    floor = next(d for d in project["project"]["dependencies"] if d.startswith("reportlab"))
    assert version(floor.split(">=")[1]) >= fixed


@pytest.mark.parametrize(("numbers", "runs"), [([7, 2, 3, 4, 9], [[2, 3, 4], [7], [9]]), ([5, 5, 1], [[1], [5]]), ([], [])])
def test_note_references_are_sorted_and_grouped(numbers, runs):
    assert note_runs(numbers) == runs


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&;#/=\"' abcxyz019가나다중국\n\t")), max_size=60))
def test_any_text_prints_exactly_its_characters(text):
    paragraph = Paragraph(safe_text(text, REGULAR, PLACE), make_styles("ko").body)
    assert paragraph.getPlainText() == " ".join(text.split())


@pytest.mark.parametrize("room_rows", [2, 4, 8, 9, 10, 11])
def test_a_long_table_never_leaves_one_or_two_rows_behind(room_rows):
    rows = [["head"]] + [[f"row {i}"] for i in range(10)]
    table = BalancedTable(rows, colWidths=[100], rowHeights=[20] * 11, repeatRows=1)
    parts = table.split(100, 20 * (1 + room_rows) + 1)
    counts = [len(p._cellvalues) - 1 for p in parts]
    assert all(n >= MIN_ROWS_APART for n in counts)
    assert sum(counts) in (0, 10)


def test_the_appendix_writes_runs_of_note_numbers_as_ranges():
    assert note_numbers([9, 2, 3, 4, 7, 11, 12]) == "2–4, 7, 9, 11, 12"
    assert note_numbers([5]) == "5" and note_numbers([]) == ""
