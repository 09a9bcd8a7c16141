"""One table view for deck and memo: cells, headers, groups, units and the source line, and the
same cell text on the slides and on the memo's pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from reportgen.inputs.dataset import Row, Table, load_dataset
from reportgen.inputs.descriptor import FieldSpec
from reportgen.inputs.spec import TableView
from reportgen.narrative.texts import Texts
from reportgen.writers.tableview import cell_text, cell_words, column_header, group_first_column, reader_column, table_text, unit_name

ROOT = Path(__file__).resolve().parents[2]
DATASET = load_dataset(ROOT / "tests" / "fixtures" / "memo" / "data" / "datapackage.yaml")


def words(lang: str, labels: dict | None = None) -> dict[str, str]:
    return cell_words(Texts(lang, Path("x"), {"labels": labels} if labels else {}))


@pytest.mark.parametrize(("table", "row", "column", "lang", "expected"), [
    ("ai_services", "alibaba_quark", "mau", "ko", "1억 5,000만 명"),
    ("ai_services", "alibaba_quark", "mau", "en", "150M users"),
    ("ai_services", "moonshot_kimi", "mau", "ko", "N/A"),
    ("ai_services", "alibaba_quark", "company", "ko", "알리바바"),
    ("ai_services", "alibaba_quark", "category", "en", "AI assistant"),
    ("ai_services", "alibaba_quark", "date", "ko", "2025년 5월"),
    ("ai_services", "alibaba_quark", "date", "en", "May 2025"),
    ("stem_graduates", "cn_stem", "value", "ko", "약 222만 명"),
    ("stem_graduates", "kr_gap", "value", "en", "3–5 years"),
    ("big_tech_capex", "meta", "capex", "en", "$39.2B"),
    ("big_tech_capex", "meta", "capex_share", "ko", "23.8%"),
    ("big_tech_capex", "meta", "year", "ko", "2024"),
])
def test_cells_read_the_way_the_reader_reads_them(table, row, column, lang, expected):
    data = DATASET.tables[table]
    assert cell_text(data, data.by_id()[row], column, lang, words(lang)) == expected


def small_table() -> Table:
    fields = (FieldSpec(name="id"), FieldSpec(name="binding", type="boolean"), FieldSpec(name="date_enacted"),
              FieldSpec(name="code"), FieldSpec(name="signed", type="date"), FieldSpec(name="year", type="year"))
    row = Row({"id": "a", "binding": True, "date_enacted": "2023-08", "code": "2023-08", "signed": "2024-05-01", "year": 2024}, 2)
    other = Row({"id": "b", "binding": False, "date_enacted": "2024", "code": "", "signed": None, "year": None}, 3)
    return Table("laws", "Laws", Path("laws.csv"), fields, (row, other))


@pytest.mark.parametrize(("row", "column", "lang", "expected"), [
    (0, "binding", "ko", "예"), (1, "binding", "ko", "아니요"), (0, "binding", "en", "yes"), (1, "binding", "en", "no"),
    (0, "date_enacted", "ko", "2023년 8월"), (1, "date_enacted", "en", "2024"), (0, "signed", "en", "May 1, 2024"),
    (0, "code", "en", "2023-08"),  # a text column that looks like a date stays as written
    (1, "code", "en", "N/A"), (1, "signed", "ko", "N/A"), (0, "year", "ko", "2024"),
])
def test_booleans_read_as_words_and_date_columns_as_dates(row, column, lang, expected):
    table = small_table()
    assert cell_text(table, table.rows[row], column, lang, words(lang)) == expected


def test_the_text_renames_the_cell_words():
    table = small_table()
    chosen = words("en", {"yes": "binding", "no": "advisory", "not_available": "–"})
    assert [cell_text(table, table.rows[1], c, "en", chosen) for c in ("binding", "code")] == ["advisory", "–"]


def test_a_column_reads_the_reader_language_even_when_a_bare_slug_column_exists():
    class WithSlug:
        columns = ["category", "category_ko", "category_en", "mau"]

    assert reader_column(WithSlug(), "category", "ko") == "category_ko"  # type: ignore[arg-type]
    assert reader_column(DATASET.tables["ai_services"], "mau", "ko") == "mau"


def test_a_header_comes_from_the_text_else_the_schema_title_else_the_column_name():
    table = Table("t", "T", Path("t.csv"), (FieldSpec(name="mau", title="Monthly users"), FieldSpec(name="capex_share")), ())
    flat = Texts("en", Path("x"), {"columns": {"t.mau": "MAU"}})
    nested = Texts("en", Path("x"), {"columns": {"t": {"mau": "Users a month"}}})
    empty = Texts("en", Path("x"), {})
    assert [column_header(t, table, "mau") for t in (flat, nested, empty)] == ["MAU", "Users a month", "Monthly users"]
    assert column_header(empty, table, "capex_share") == "Capex share"


@pytest.mark.parametrize(("unit", "lang", "name"), [
    ("users", "ko", "명"), ("users", "en", "users"), ("USD bn", "ko", "달러"), ("USD bn", "en", "USD"),
    ("USD per 1M tokens", "en", "USD per 1M tokens"), ("percent", "ko", "%"), ("rank", "en", ""),
])
def test_unit_names_for_the_unit_line(unit, lang, name):
    assert unit_name(unit, lang) == name


def test_a_label_repeated_down_the_first_column_is_shown_once():
    cells = [["Chatbot", "Quark"], ["Chatbot", "Doubao"], ["Video", "Kling"], ["Chatbot", "Kimi"]]
    assert group_first_column(cells) == (("Chatbot", "Quark"), ("", "Doubao"), ("Video", "Kling"), ("Chatbot", "Kimi"))


def test_a_view_holds_headers_cells_groups_units_and_its_source_line():
    texts = Texts("en", Path("x"), {"columns": {"big_tech_capex": {"capex": "Capex"}}, "tables": {"big_tech_capex": "Capex 2024"}})
    view = table_text(TableView(table="big_tech_capex", columns=["company", "capex", "capex_share"]), DATASET, texts)
    assert view.title == "Capex 2024"
    assert view.headers[1] == "Capex" and view.numeric == [False, True, True]
    assert len(view.cells) == len(DATASET.tables["big_tech_capex"].rows)
    assert view.units == ("USD", "%")
    assert view.source_line.startswith("Source: ") and view.sources
    assert view.groups == () and view.shown == view.cells  # no label repeats: nothing is grouped


def test_pages_group_and_source_each_page_on_its_own():
    texts = Texts("en", Path("x"), {})
    view = table_text(TableView(table="ai_services", columns=["category", "service", "mau"]), DATASET, texts)
    pages = view.pages(2, DATASET, "en")
    assert [len(p.rows) for p in pages] == [2] * (len(view.rows) // 2) + ([len(view.rows) % 2] if len(view.rows) % 2 else [])
    assert [c for p in pages for c in p.cells] == list(view.cells)
    assert all(p.shown[0][0] == p.cells[0][0] for p in pages)  # each page names its first group
    empty = table_text(TableView(table="ai_services", columns=["mau"], where={"id": "none"}), DATASET, texts)
    assert [p.rows for p in empty.pages(5, DATASET, "en")] == [()]  # no rows: one empty page


# the default report: the same cells on the slides and on the pages --------------------------------

def deck_cells(path: Path, slide_id: str) -> list[list[str]]:
    """The body cells of a table slide (all its pages), each group's label restored."""
    rows: list[list[str]] = []
    for slide in (s for s in Presentation(path).slides if s.name == slide_id):
        grid = next(s for s in slide.shapes if s.has_table).table
        for r in range(1, len(grid.rows)):
            line = [grid.cell(r, c).text for c in range(len(grid.columns))]
            if not line[0] and rows:
                line[0] = rows[-1][0]
            rows.append(line)
    return rows


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_table_reads_the_same_in_the_deck_and_the_memo(default_outputs, lang):
    ctx, out = default_outputs
    texts = ctx.texts[lang]
    deck = out / f"{ctx.report.id}.{lang}.pptx"
    memo = squeeze(" ".join(page.extract_text() for page in PdfReader(out / f"{ctx.report.id}.{lang}.pdf").pages))
    from_deck: dict[tuple[str, str, str], str] = {}  # (table, row id, column) -> the text on the slide
    for slide in (s for s in ctx.report.slides if s.table is not None):
        view = table_text(slide.table, ctx.dataset, texts)
        shown = deck_cells(deck, slide.id)
        assert shown == [list(line) for line in view.cells], slide.id
        for row, line in zip(view.rows, shown, strict=True):
            from_deck.update({(view.table.name, row["id"], c.name): text for c, text in zip(view.columns, line, strict=True)})
    both = 0
    for block in (b for section in ctx.report.memo for b in section.blocks if b.table is not None):
        view = table_text(block.table, ctx.dataset, texts)
        assert squeeze("".join(view.headers)) in memo
        for row, full, shown in zip(view.rows, view.cells, view.shown, strict=True):
            cells = []
            for column, text, visible in zip(view.columns, full, shown, strict=True):
                on_slide = from_deck.get((view.table.name, row["id"], column.name))
                both += on_slide is not None
                cells.append(visible if not visible or on_slide is None else on_slide)
                assert on_slide in (None, text)
            assert squeeze("".join(cells)) in memo, (view.table.name, row["id"])  # a row's cells, in order, on the page
    assert both >= 16  # the Cambricon table (8 rows, 2 columns) is in both outputs
