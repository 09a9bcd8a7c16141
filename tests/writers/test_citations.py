"""What each output names and one number per source: fed by what the text read, shared by deck and memo."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from deck_fakes import fake_charts
from pptx import Presentation
from pypdf import PdfReader

from reportgen.narrative.texts import Read
from reportgen.pipeline import load
from reportgen.writers.citations import citations, deck_cited, memo_cited, read_rows, slide_cited, text_cited
from reportgen.writers.deck.write import write_deck
from reportgen.writers.memo.labels import memo_labels
from reportgen.writers.memo.write import write_memo
from reportgen.writers.words import SHARED

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REPORT = ROOT / "templates" / "china-ai-briefing"
WRITERS = ROOT / "reportgen" / "writers"


@pytest.fixture(scope="module")
def default_ctx():
    return load(DEFAULT_REPORT)


@pytest.fixture(scope="module")
def default_charts(default_ctx, tmp_path_factory):
    folder = tmp_path_factory.mktemp("charts")
    return {lang: fake_charts(default_ctx, lang, folder) for lang in default_ctx.texts}


def test_a_text_names_the_rows_it_read_and_their_sources(deck_ctx):
    texts = deck_ctx.texts["en"]
    cited = text_cited(deck_ctx.dataset, texts, "slides.summary")
    assert [r["id"] for r in cited.rows] == ["quark", "doubao", "meta"]  # bullets in order, then the notes (quark again)
    assert cited.sources == ("src_a", "src_b") and cited.tables == ("services", "capex")
    assert text_cited(deck_ctx.dataset, texts, "slides.points").sources == ()  # no figure, no source


def test_a_whole_table_read_names_every_row(deck_ctx):
    rows = read_rows(deck_ctx.dataset, [Read("services"), Read("services", "quark", "mau"), Read("nowhere", "x", "y")])
    assert [r["id"] for r in rows] == ["quark", "doubao", "zhipu"]


def test_a_slide_names_its_chart_its_kpis_its_table_and_its_text(deck_ctx, tmp_path):
    charts = fake_charts(deck_ctx, "en", tmp_path)
    slides = {s.id: s for s in deck_ctx.report.slides}
    texts = deck_ctx.texts["en"]
    assert slide_cited(deck_ctx, texts, charts, slides["users_chart"]).sources == charts["users"].source_ids
    assert slide_cited(deck_ctx, texts, charts, slides["scale"]).tables == ("services", "capex")
    assert slide_cited(deck_ctx, texts, charts, slides["capex_table"]).sources == ("src_b",)
    assert slide_cited(deck_ctx, texts, charts, slides["rec_talent"]).sources == ("src_a",)  # its recommendation's text
    assert slide_cited(deck_ctx, texts, charts, slides["points"]).sources == ()


def test_a_deck_without_a_memo_numbers_its_sources_in_dataset_order(deck_ctx, tmp_path):
    cited = citations(deck_ctx, "ko", fake_charts(deck_ctx, "ko", tmp_path))
    assert cited.memo == () and cited.deck == ("src_a", "src_b")
    assert [cited.number(s) for s in cited.deck] == [1, 2]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_memo_numbers_first_in_reading_order_then_the_deck_its_own(default_ctx, default_charts, lang):
    charts = default_charts[lang]
    cited = citations(default_ctx, lang, charts)
    texts = default_ctx.texts[lang]
    met = list(dict.fromkeys(s for c in memo_cited(default_ctx, texts, charts) for s in c.sources))
    assert list(cited.memo) == met and [cited.number(s) for s in met] == list(range(1, len(met) + 1))
    deck = deck_cited(default_ctx, texts, charts).sources
    assert set(cited.deck) == set(deck)
    numbers = [cited.number(s) for s in cited.deck]
    assert numbers == sorted(numbers) and len(set(cited.numbers.values())) == len(cited.numbers)
    only_deck = [s for s in cited.deck if s not in met]
    assert only_deck == [s for s in default_ctx.dataset.sources if s in only_deck]  # after the memo's, in dataset order
    assert cited.numbers_of(["dbr2025", "dbr2025"]) == [cited.number("dbr2025")]


def test_a_source_only_the_deck_names_is_numbered_after_the_memo(default_ctx, default_charts):
    charts = dict(default_charts["en"])
    in_memo = {b.chart for section in default_ctx.report.memo for b in section.blocks}
    chart_slide = next(s for s in default_ctx.report.slides if s.kind == "chart" and s.chart not in in_memo)
    memo_sources = citations(default_ctx, "en", charts).memo
    unused = next(s for s in reversed(list(default_ctx.dataset.sources)) if s not in memo_sources)
    image = charts[chart_slide.chart]
    charts[chart_slide.chart] = type(image)(**{**image.__dict__, "source_ids": (*image.source_ids, unused)})
    cited = citations(default_ctx, "en", charts)
    assert cited.memo == memo_sources and cited.number(unused) == len(memo_sources) + 1
    assert cited.deck[-1] == unused


def yaml_reads(source: str) -> list[str]:
    """The imports in `source` that would let it read YAML or find the text files itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [n for n in names if re.search(r"(^|\.)(yamlio|yaml|text_files|load_yaml)$", n)]
    return found


def test_no_writer_reads_yaml_or_finds_the_text_files():
    """Writers learn what a text names from the narrative stage's records, never from the YAML."""
    assert yaml_reads("from reportgen.inputs.yamlio import load_yaml\nimport yaml") == [
        "reportgen.inputs.yamlio", "reportgen.inputs.yamlio.load_yaml", "yaml"]
    assert yaml_reads("from reportgen.narrative.texts import text_files") == ["reportgen.narrative.texts.text_files"]
    offenders = {str(p.relative_to(ROOT)): yaml_reads(p.read_text(encoding="utf-8")) for p in sorted(WRITERS.rglob("*.py"))}
    assert len(offenders) > 20
    assert {path: names for path, names in offenders.items() if names} == {}


# the default report: the same number for a source in the deck and in the memo ---------------------

def deck_entries(path: Path) -> list[tuple[int, str]]:
    entries = []
    for slide in (s for s in Presentation(path).slides if s.name == "sources"):
        for shape in (s for s in slide.shapes if s.name.startswith("Sources ")):
            for paragraph in shape.text_frame.paragraphs:
                if not re.match(r"\d+\. ", paragraph.text):
                    continue  # the legend under the list
                number, text = paragraph.text.split(". ", 1)
                entries.append((int(number), text))
    return entries


def memo_notes(path: Path, heading: str) -> dict[int, str]:
    """The endnotes read back from the PDF: numbered lines (and their continuations) after the last heading."""
    lines = "\n".join(page.extract_text() for page in PdfReader(path).pages).splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip() == heading)
    notes: dict[int, str] = {}
    for line in lines[start + 1:]:
        start = re.match(r"(\d+)\. (.*)", line)
        if start and int(start.group(1)) == len(notes) + 1:
            notes[len(notes) + 1] = start.group(2)
        elif notes:
            notes[len(notes)] += " " + line
    return notes


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def entry_marks(text: str, marks: str) -> tuple[str, str]:
    """An entry without its trailing marks (`†`, `‡`), and the marks."""
    words = text.split(" ")
    found = ""
    while words and words[-1] in marks:
        found = words.pop() + found
    return " ".join(words), found


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_deck_and_memo_print_the_same_number_for_each_source(default_outputs, lang):
    ctx, out = default_outputs
    entries = deck_entries(out / f"{ctx.report.id}.{lang}.pptx")
    notes = memo_notes(out / f"{ctx.report.id}.{lang}.pdf", memo_labels(ctx.texts[lang])["sources"])
    assert len(entries) >= 20 and len(notes) >= 20
    assert [n for n, _ in entries] == list(range(1, len(entries) + 1))
    for number, text in entries:
        entry, marks = entry_marks(text, "†‡")
        if "‡" not in marks:
            assert squeeze(notes[number]).startswith(squeeze(entry)), (number, text, notes[number])


# the sources slides and the endnotes as a reader sees them (fake charts, the default report) ------

@pytest.fixture(scope="module")
def default_lists(default_ctx, default_charts, tmp_path_factory):
    """Per language: the deck's source list and the memo's endnotes, read back from the files."""
    folder = tmp_path_factory.mktemp("lists")
    lists = {}
    for lang in ("ko", "en"):
        deck, memo = folder / f"deck.{lang}.pptx", folder / f"memo.{lang}.pdf"
        write_deck(default_ctx, lang, default_charts[lang], deck, None)
        write_memo(default_ctx, lang, default_charts[lang], memo)
        shown = [p.text for slide in Presentation(deck).slides if slide.name == "sources"
                 for shape in slide.shapes if shape.name.startswith("Sources ") for p in shape.text_frame.paragraphs]
        pages = "\n".join(page.extract_text() for page in PdfReader(memo).pages)
        lists[lang] = (shown, pages[pages.rindex("\n" + memo_labels(default_ctx.texts[lang])["sources"] + "\n"):])
    return lists


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_undated_source_is_marked_and_the_mark_explained_once(default_ctx, default_charts, default_lists, lang):
    words = SHARED[lang]
    shown, endnotes = default_lists[lang]
    legend_line = f"{words['undated_mark']} {words['undated']}"
    cited = citations(default_ctx, lang, default_charts[lang])
    undated = {cited.number(s) for s, source in default_ctx.dataset.sources.items() if s in cited.numbers and not source.date}
    assert len(undated) >= 5
    for text in (" ".join(shown), endnotes):
        for old in ("date not stated", "날짜 미기재"):
            assert old not in text
        assert text.count(legend_line) == 1
    entries = [line for line in shown if re.match(r"\d+\. ", line)]
    marked = {int(line.split(".")[0]) for line in entries if "†" in entry_marks(line, "†‡")[1]}
    assert marked == {n for n in undated if n in {cited.number(s) for s in cited.deck_list}}
    assert shown.index(legend_line) == len(entries)  # under the list
    in_memo = {cited.number(s) for s in cited.memo}
    assert squeeze(endnotes).count("†") == len(undated & in_memo) + 1  # one per undated note, one in the legend


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_deck_lists_every_number_and_marks_what_only_the_memo_cites(default_ctx, default_charts, default_lists, lang):
    words = SHARED[lang]
    shown, _ = default_lists[lang]
    cited = citations(default_ctx, lang, default_charts[lang])
    entries = [line for line in shown if re.match(r"\d+\. ", line)]
    assert [int(line.split(".")[0]) for line in entries] == list(range(1, len(cited.numbers) + 1))  # no gap
    memo_only = {cited.number(s) for s in cited.memo if s not in cited.deck}
    assert memo_only  # the default deck leaves out some of the memo's sources
    assert {int(line.split(".")[0]) for line in entries if "‡" in entry_marks(line, "†‡")[1]} == memo_only
    assert shown[-1] == f"{words['memo_only_mark']} {words['memo_only']}"
