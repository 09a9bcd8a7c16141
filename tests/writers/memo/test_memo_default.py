"""The default report's memo, built through the pipeline with its real charts: a valid PDF with
embedded fonts, an outline entry per section, and every figure of its tables as the reader reads it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.wording.figures import row_sources
from reportgen.writers.tableview import table_text

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_REPORT = ROOT / "templates" / "china-ai-briefing"

pytestmark = pytest.mark.skipif(not (DEFAULT_REPORT / "report.yaml").exists(), reason="no default report")


@pytest.fixture(scope="module")
def default_memos(default_build: tuple[object, dict[str, Path]]) -> tuple[object, dict[str, Path]]:
    ctx, outputs = default_build  # tests/conftest.py: the suite builds the default report once
    memos = {name.split(".")[0]: path for name, path in outputs.items() if name.endswith(".pdf")}
    assert set(memos) == set(ctx.texts)
    return ctx, memos


def flat_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_qpdf_and_pdffonts_pass(default_memos, lang):
    path = default_memos[1][lang]
    if shutil.which("qpdf") is None or shutil.which("pdffonts") is None:
        pytest.skip("qpdf or pdffonts (poppler-utils) is not installed")
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"^[A-Z]{6}\+NanumGothic\S*\s+TrueType\s+\S+\s+yes\s+yes\s", f) for f in fonts), fonts


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_memo_section_is_in_the_outline(default_memos, lang):
    ctx, memos = default_memos
    reader = PdfReader(memos[lang])
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    headings = [ctx.texts[lang].get(f"memo.{s.id}.heading") for s in ctx.report.memo]
    assert [re.sub(r"^\d+\.\s+", "", t) for t in top if t not in ("목차", "Contents")][: len(headings)] == headings
    assert len(top) == len(headings) + 3  # contents, sources, appendix
    total = len(reader.pages)
    assert reader.page_labels == [str(n) for n in range(1, total + 1)]
    assert f"{total} / {total}" in reader.pages[-1].extract_text()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_figure_of_every_memo_table_prints_as_the_reader_reads_it(default_memos, lang):
    ctx, memos = default_memos
    text = flat_text(memos[lang])
    views = [b.table for s in ctx.report.memo for b in s.blocks if b.table is not None]
    checked = 0
    for view in views:
        shown = table_text(view, ctx.dataset, ctx.texts[lang])  # each figure in its column's style
        for row, cells in zip(shown.rows, shown.cells, strict=True):
            for column, cell in zip(shown.columns, cells, strict=True):
                if column.numeric and isinstance(row.get(column.shown), (int, float)):
                    assert cell in text
                    checked += 1
    assert checked >= 20


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_chart_has_its_numbered_caption_and_every_source_its_note(default_memos, lang):
    ctx, memos = default_memos
    text = flat_text(memos[lang])
    word = {"ko": "그림", "en": "Figure"}[lang]
    charts = [b.chart for s in ctx.report.memo for b in s.blocks if b.chart]
    for number, chart in enumerate(charts, start=1):
        title = " ".join(str(ctx.texts[lang].get(f"charts.{chart}.title")).split())
        assert f"{word} {number}. {title}" in text
    tables = [ctx.report.chart(c).table for c in charts] + [b.table.table for s in ctx.report.memo for b in s.blocks if b.table]
    for source in row_sources(row for name in tables for row in ctx.dataset.tables[name].rows):
        assert ctx.dataset.sources[source].publisher_for(lang) in text, source
