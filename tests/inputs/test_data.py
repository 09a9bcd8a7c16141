from pathlib import Path

import pytest
from openpyxl import Workbook

from reportgen.errors import ReportgenError
from reportgen.inputs.dataset import load_dataset


def problems(path: Path) -> list[str]:
    with pytest.raises(ReportgenError) as info:
        load_dataset(path)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_tables_load_with_declared_types(mini):
    ds = load_dataset(mini / "data" / "datapackage.yaml")
    quark = ds.tables["services"].by_id()["quark"]
    assert quark["mau"] == 150_000_000.0 and isinstance(quark["mau"], float)
    assert ds.tables["services"].by_id()["zhipu"]["mau"] is None  # empty cell = N/A
    assert ds.tables["capex"].by_id()["meta"]["year"] == 2024
    assert ds.tables["capex"].unit_of(quark, "capex") == "USD bn"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("services.csv", "150000000", "15O000000", "services.csv: row 2, column mau: got '15O000000'; expected a number"),
        ("services.csv", "150000000", '"150,000,000"', "expected a plain number without thousands separators"),
        ("services.csv", "150000000", "150,000,000", "services.csv: row 2: has 8 cells but the header has 6 columns"),
        ("services.csv", "150000000", "inf", "got 'inf'; expected a finite number (leave the cell empty where there is no value)"),
        ("services.csv", "150000000", "-5", "row 2, column mau: got -5; expected at least 0"),
        ("services.csv", "doubao,", "quark,", "services.csv: row 3, column id: duplicate key 'quark' (first in row 2)"),
        ("services.csv", ",src_a\nzhipu", ",src_x\nzhipu", "services.csv: row 3, column source: unknown source id 'src_x'"),
        ("services.csv", "id,name_ko,name_en,mau,", "id,name_ko,name_en,users,",
         "services.csv: row 1 (header): missing column 'mau'; unexpected column 'users'"),
        ("capex.csv", ",CN,", ",KR,", "capex.csv: row 2, column country: got 'KR'; expected one of: CN, US"),
        ("capex.csv", "11.1,7.2", "11.1,9.2", "capex.csv: row 2, column capex_share: is 9.2 but capex / revenue * 100 = 7.161"),
        ("capex.csv", ",2024,src_b\nmeta", ",24,src_b\nmeta", "row 2, column year: got '24'; expected a four-digit year"),
        ("services.csv", "쿼크", "쿼\x1b크", "row 2, column name_ko: contains a control character (escape), U+001B, at character 2"),
        ("services.csv", ",2025-05,src_a\ndoubao", ",,src_a\ndoubao", None),
    ],
)
def test_a_broken_cell_names_file_row_and_column(mini, file, old, new, expected):
    edit(mini / "data" / file, old, new)
    if expected is None:
        load_dataset(mini / "data" / "datapackage.yaml")  # an optional empty cell is fine
        return
    found = problems(mini / "data" / "datapackage.yaml")
    assert len(found) == 1, found
    assert expected in found[0]


def test_all_problems_of_a_run_are_reported_together(mini):
    edit(mini / "data" / "services.csv", "150000000", "many")
    edit(mini / "data" / "capex.csv", ",CN,", ",XX,")
    found = problems(mini / "data" / "datapackage.yaml")
    assert len(found) == 2
    assert "services.csv" in found[0] and "capex.csv" in found[1]


def test_utf8_bom_and_cp949_load(mini):
    path = mini / "data" / "services.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_dataset(mini / "data" / "datapackage.yaml").tables["services"].by_id()["quark"]["name_ko"] == "쿼크"
    path.write_bytes(text.encode("cp949"))
    assert load_dataset(mini / "data" / "datapackage.yaml").tables["services"].by_id()["quark"]["name_ko"] == "쿼크"


def test_xlsx_tables_load(mini):
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "name_ko", "name_en", "mau", "date", "source"])
    sheet.append(["quark", "쿼크", "Quark", 150000000, "2025-05", "src_a"])
    book.save(mini / "data" / "services.xlsx")
    edit(mini / "data" / "datapackage.yaml", "path: services.csv", "path: services.xlsx")
    ds = load_dataset(mini / "data" / "datapackage.yaml")
    assert ds.tables["services"].by_id()["quark"]["mau"] == 150_000_000


def test_a_corrupt_xlsx_is_a_clear_error(mini):
    (mini / "data" / "services.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    edit(mini / "data" / "datapackage.yaml", "path: services.csv", "path: services.xlsx")
    (found,) = problems(mini / "data" / "datapackage.yaml")
    assert "services.xlsx: is damaged (not a complete .xlsx package); save it again from Excel, or as CSV" in found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("path: services.csv", "path: ../../etc/passwd.csv", "must stay inside the dataset folder"),
        ("unit: users", "unit: kilousers", "unknown unit 'kilousers'"),
        ("type: year", "type: yearly", "resources[1].schema.fields[5].type"),
        ("type: year}", "type: year, colour: red}",
         "resources[1].schema.fields[5].colour (line 30): unknown key 'colour'; valid keys here: constraints, description, name, title"),
        ("formula: \"capex / revenue * 100\"", "formula: \"__import__('os')\"", "may use only column names"),
    ],
)
def test_descriptor_errors_name_the_yaml_path(mini, old, new, expected):
    edit(mini / "data" / "datapackage.yaml", old, new)
    found = problems(mini / "data" / "datapackage.yaml")
    assert any(expected in f and "datapackage.yaml" in f for f in found), found


def test_header_only_and_empty_files(mini):
    (mini / "data" / "capex.csv").write_text("id,country,revenue,capex,capex_share,year,source\n", encoding="utf-8")
    (mini / "data" / "services.csv").write_text("", encoding="utf-8")
    found = problems(mini / "data" / "datapackage.yaml")
    assert any("services.csv: the file is empty" in f for f in found)
    assert any("capex.csv: has a header but no rows" in f for f in found)
