"""Number formats of table columns and KPIs: one style per column (the same decimals and scale in
every cell), a view's `formats:` and a KPI's `format:`, through the one path charts use."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.errors import ReportgenError
from reportgen.inputs.dataset import Dataset, Row, Table
from reportgen.inputs.descriptor import FieldSpec
from reportgen.inputs.report_file import load_spec
from reportgen.inputs.spec import Kpi, NumberFormat, TableView
from reportgen.narrative.texts import Texts
from reportgen.wording.figures import kpi_text
from reportgen.writers.tableview import table_text

ROOT = Path(__file__).resolve().parents[2]


def one_column(values: list[float | None], unit: str | None = None, kind: str = "number",
               per_row: list[str] | None = None) -> Table:
    """A table `t` with a text column `name` and the figures in `v` (the unit declared, or one per row)."""
    fields = [FieldSpec(name="id"), FieldSpec(name="name"), FieldSpec(name="v", type=kind, unit=unit)]
    if per_row:
        fields.append(FieldSpec(name="unit"))
    rows = tuple(Row({"id": f"r{i}", "name": f"n{i}", "v": v, **({"unit": per_row[i]} if per_row else {})}, i + 2)
                 for i, v in enumerate(values))
    return Table("t", "T", Path("t.csv"), tuple(fields), rows)


def dataset(table: Table) -> Dataset:
    return Dataset(Path("datapackage.yaml"), "d", "D", {}, {table.name: table})


def column(values: list[float | None], lang: str, unit: str | None = None, fmt: dict | None = None,
           per_row: list[str] | None = None, kind: str = "number") -> list[str]:
    """The cells of column `v` as deck and memo print them."""
    table = one_column(values, unit, kind, per_row)
    view = TableView(table="t", columns=["name", "v"], formats={"v": fmt} if fmt is not None else {})
    return [line[1] for line in table_text(view, dataset(table), Texts(lang, Path("x"), {})).cells]


@pytest.mark.parametrize(("values", "unit", "fmt", "lang", "expected"), [
    # mixed decimals: every cell shows the decimals the most precise one needs
    ([44, 63, 82.6], "years", None, "en", ["44.0 years", "63.0 years", "82.6 years"]),
    ([44, 63, 82.6], "years", None, "ko", ["44.0년", "63.0년", "82.6년"]),
    ([1.5, 2.25, 3], None, None, "en", ["1.50", "2.25", "3.00"]),
    ([3, 7, 12], None, None, "en", ["3", "7", "12"]),  # whole numbers stay whole
    # asked digits: the same for every cell, rounding where the data has more
    ([44.04, 63, 82.66], "years", {"digits": 1}, "en", ["44.0 years", "63.0 years", "82.7 years"]),
    ([1234.5, 99.94], None, {"digits": 0}, "en", ["1,235", "100"]),
    # huge ranges: one scale for the column, chosen by its largest figure while the smallest still reads
    ([3_811_953_827, 50_000_000], "users", None, "en", ["3,812M users", "50M users"]),
    ([3_811_953_827, 1_500], "users", None, "en", ["3,811,953,827 users", "1,500 users"]),
    ([2_220_000, 660_000], "users", None, "en", ["2.22M users", "0.66M users"]),
    ([0.5, 1_000_000], None, None, "en", ["0.5", "1,000,000.0"]),
    # Korean from 1억: 억/만 groups rounded to 만 (as the text writes them); below: 만 with decimals
    ([3_811_953_827, 150_000_000], "users", None, "ko", ["38억 1,195만 명", "1억 5,000만 명"]),
    ([3_811_953_827, 5_432], "users", None, "ko", ["38억 1,195만 3,827명", "5,432명"]),  # 5,432 cannot round to 만
    ([123_456, 557_000], "papers", None, "ko", ["12.35만 건", "55.70만 건"]),
    ([3_811_953_827, 50_000_000], "users", None, "ko", ["38억 1,195만 명", "5,000만 명"]),
    ([20_947_571, 30_131_000], "users", None, "ko", ["2,095만 명", "3,013만 명"]),
    ([3_811_953_827, 20_947_571], "users", {"scale": "만"}, "ko", ["381,195만 명", "2,095만 명"]),
    ([3_811_953_827, 20_947_571], "users", {"scale": "억", "digits": 1}, "ko", ["38.1억 명", "0.2억 명"]),
    ([3_811_953_827, 20_947_571], "users", {"scale": "none"}, "ko", ["3,811,953,827명", "20,947,571명"]),
    ([3_811_953_827, 20_947_571], "users", {"scale": "millions"}, "en", ["3,812M users", "21M users"]),
    ([3_811_953_827], "users", {"scale": "억"}, "en", ["3.81B users"]),  # a Korean scale in English reads as auto
    # money keeps its sign and scale word
    ([155, 75, 52.5], "USD bn", None, "en", ["$155.0B", "$75.0B", "$52.5B"]),
    ([155, 75, 52.5], "USD bn", None, "ko", ["1,550억 달러", "750억 달러", "525억 달러"]),
    # negatives and signs
    ([-6, -19.5, 3], "percent", None, "en", ["-6.0%", "-19.5%", "3.0%"]),
    ([-6, -19.5, 3], "percent", {"sign": True}, "en", ["-6.0%", "-19.5%", "+3.0%"]),
    ([-0.04, 2], None, {"digits": 1}, "en", ["0.0", "2.0"]),  # no minus on a figure that rounds to zero
    ([-2_500_000, 1_200_000], "USD", None, "en", ["-$2.5M", "$1.2M"]),
    # percent: stored in percent, or as a fraction
    ([15, 22.7, 7.2], "percent", None, "ko", ["15.0%", "22.7%", "7.2%"]),
    ([0.25, 0.125], None, {"fraction": True}, "en", ["25.0%", "12.5%"]),
    # an empty cell stays N/A and does not set the style
    ([44, None, 82.6], "years", None, "en", ["44.0 years", "N/A", "82.6 years"]),
])
def test_one_style_for_every_cell_of_a_column(values, unit, fmt, lang, expected):
    assert column(values, lang, unit, fmt) == expected


def test_a_long_tables_value_column_takes_one_style_per_unit():
    cells = column([150_000_000, 2.5, 47.5, 12], "en", per_row=["users", "years", "USD bn", "years"])
    assert cells == ["150M users", "2.5 years", "$47.5B", "12.0 years"]


def test_a_year_column_is_never_styled():
    assert column([1952, 2007], "en", kind="year") == ["1952", "2007"]


def korea() -> Dataset:
    fields = (FieldSpec(name="id"), FieldSpec(name="population", type="integer", unit="users"),
              FieldSpec(name="life", type="number", unit="years"))
    row = Row({"id": "kr", "population": 3_811_953_827, "life": 78.0}, 2)
    return dataset(Table("korea", "Korea", Path("korea.csv"), fields, (row,)))


@pytest.mark.parametrize(("kpi", "lang", "expected"), [
    ({"figure": "korea.kr.population"}, "ko", "38억 1,195만 명"),  # no format: as the text prints it (from 1억, to 만)
    ({"figure": "korea.kr.population", "format": {}}, "ko", "38억 1,195만 명"),
    ({"figure": "korea.kr.population", "format": {}}, "en", "3.81B users"),
    ({"figure": "korea.kr.population", "format": {"scale": "억", "digits": 1}}, "ko", "38.1억 명"),
    ({"figure": "korea.kr.population", "format": {"scale": "만"}}, "ko", "381,195만 명"),
    ({"figure": "korea.kr.population", "format": {"scale": "none"}}, "en", "3,811,953,827 users"),
    ({"figure": "korea.kr.life", "format": {"digits": 1}}, "en", "78.0 years"),
    ({"figure": "korea.kr.life", "format": {"digits": 1, "sign": True}}, "en", "+78.0 years"),
    ({"figure": "korea.kr.life"}, "en", "78 years"),
])
def test_a_kpi_reads_in_its_format(kpi, lang, expected):
    assert kpi_text(korea(), Kpi(**kpi), lang)[2] == expected


# validation: a format naming a column the view does not show -----------------------------------------

def test_a_format_for_a_column_not_shown_names_the_yaml_path_line_and_the_columns(tmp_path):
    spec = (ROOT / "templates" / "asia-rise" / "report.yaml").read_text(encoding="utf-8")
    shown = "columns: [country, life_1952, life_2007, life_gain]"
    assert spec.count(shown) == 1
    broken = spec.replace(shown, shown + ", formats: {life_1953: {digits: 1}}")
    shutil.copytree(ROOT / "templates" / "asia-rise", tmp_path, dirs_exist_ok=True)
    (tmp_path / "report.yaml").write_text(broken, encoding="utf-8")
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "life_1953" in text)
    with pytest.raises(ReportgenError) as caught:
        load_spec(tmp_path / "report.yaml")
    assert len(caught.value.problems) == 1
    message = str(caught.value)
    assert "report.yaml" in message and f"(line {line})" in message and ".table.formats" in message
    assert "'life_1953'" in message and "country, life_1952, life_2007, life_gain" in message


def test_a_format_for_a_shown_column_is_accepted():
    view = TableView(table="t", columns=["name", "v"], formats={"v": NumberFormat(digits=1)})
    assert view.formats["v"].digits == 1


# a built report: the formats reach the deck's table and KPI card and the memo's table, and the audit traces them

GAINS = ("table: {table: asia, columns: [country, life_1952, life_2007, life_gain], "
         "where: {id: [south_korea, china, japan, india, vietnam, singapore]}}")
STYLED = GAINS[:-1] + ", formats: {life_2007: {digits: 0}, life_gain: {sign: true}}}"


@pytest.fixture(scope="module")
def styled_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reportgen.pipeline import BuildOptions, build

    folder = tmp_path_factory.mktemp("styled") / "asia-rise"
    shutil.copytree(ROOT / "templates" / "asia-rise", folder)
    spec = (folder / "report.yaml").read_text(encoding="utf-8")
    assert spec.count(GAINS) == 1 and spec.count("{figure: korea.kr_1952.life_exp, digits: 1}") == 1
    spec = spec.replace(GAINS, STYLED).replace("{figure: korea.kr_1952.life_exp, digits: 1}",
                                               "{figure: korea.kr_1952.life_exp, format: {digits: 2}}")
    spec = spec.replace("      - {text: health}\n", "      - {text: health}\n      - {" + STYLED + "}\n")
    (folder / "report.yaml").write_text(spec, encoding="utf-8")
    out = folder.parent / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1751241600")
        build(BuildOptions(folder, out, only=("deck", "memo")))
    return out


STYLED_ROWS = {  # (country, 1952, 2007, gain): one style per column
    "en": [["Japan", "63.0 years", "83 years", "+19.6 years"], ["South Korea", "47.5 years", "79 years", "+31.1 years"],
           ["China", "44.0 years", "73 years", "+29.0 years"], ["Singapore", "60.4 years", "80 years", "+19.6 years"]],
    "ko": [["일본", "63.0세", "83세", "+19.6세"], ["한국", "47.5세", "79세", "+31.1세"], ["중국", "44.0세", "73세", "+29.0세"]],
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_formats_reach_the_deck_and_memo_tables_and_the_kpi_card(styled_build, lang):
    from pptx import Presentation
    from pypdf import PdfReader

    from reportgen.audit.run import audit

    deck, memo = styled_build / f"asia-rise.{lang}.pptx", styled_build / f"asia-rise.{lang}.pdf"
    slides = Presentation(deck).slides
    grid = next(s for slide in slides if slide.name == "gains_table" for s in slide.shapes if s.has_table).table
    rows = [[grid.cell(r, c).text for c in range(len(grid.columns))] for r in range(1, len(grid.rows))]
    page = re.sub(r"\s+", "", " ".join(p.extract_text() for p in PdfReader(memo).pages))
    for line in STYLED_ROWS[lang]:
        assert line in rows
        assert re.sub(r"\s+", "", "".join(line)) in page, line  # the memo's table reads the same row
    card = " ".join(s.text_frame.text for slide in slides if slide.name == "korea_numbers" for s in slide.shapes
                    if s.has_text_frame)
    assert {"en": "47.50 years", "ko": "47.50세"}[lang] in card
    figures = {re.sub(r"[^\d.]", "", cell) for line in STYLED_ROWS[lang] for cell in line[1:]} | {"47.50"}
    for output in (deck, memo):  # provenance records each styled cell and the card as printed: the audit traces them
        result = audit(output)
        assert result.numbers and not [u for u in result.untraced if re.sub(r"[^\d.]", "", u.token) in figures]
