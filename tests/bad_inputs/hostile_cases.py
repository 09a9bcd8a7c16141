"""The second round of bad inputs: files written by an attacker or a clumsy colleague, and faults of the
machine (issue 17). Each case failed on the code before it (a hang, gigabytes, exit 3, a wrong figure, a
file outside the output folder touched) and states the exact outcome now. See docs/reliability.md.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bad_cases import ECOSYSTEM, PACKAGE, PRICES, REPORT, SERVICES, Case, author, dataset, label_in_deck, nothing
from bad_edits import Edit, both, in_rows, replace, rezip, write
from typer.testing import Result

ERROR = "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
STEPS = ("the text takes more than 100,000 steps (loop turns, calls and items gone through); is a loop runaway?")


def text_error(message: str) -> str:
    return ERROR + message


SANDBOX = [
    Case("big-integer-squared",
         author("{% set ns = namespace(x=10**100) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}"
                "{{ ns.x % 7 }}"),
         text_error("a number of more than 1,000 digits is not allowed in text")),
    Case("batch-filled-to-a-billion", author("{{ [1]|batch(1000000000, 'x')|list|length }}"), text_error(STEPS)),
    Case("slice-into-a-billion", author("{{ [1]|slice(1000000000)|list|length }}"), text_error(STEPS)),
    Case("join-of-long-texts", author("{% set s = 'x' * 100000 %}{% set l = [s] * 100000 %}{{ l|join|length }}"),
         text_error("a repeated value holding more than 100,000 characters and items is not allowed in text")),
    Case("list-of-long-texts-printed", author("{% set s = 'x' * 100000 %}{{ ([s] * 10000)|string|length }}"),
         text_error("a repeated value holding more than 100,000 characters and items is not allowed in text")),
    Case("sum-of-lists", author("{% set l = [1] * 50000 %}{{ [l, l, l, l, l, l, l, l, l, l]|sum(start=[])|length }}"),
         text_error(STEPS)),
    Case("map-join-of-long-lists", author("{% set l = [[1] * 30000] * 100000 %}{{ l|map('join')|list|length }}"),
         text_error("a repeated value holding more than 100,000 characters and items is not allowed in text")),
    Case("membership-in-a-loop",
         author("{% set l = [1] * 99000 %}{% for i in range(49000) %}{% if 0 in l %}{% endif %}{% endfor %}"),
         text_error(STEPS)),
    Case("slice-in-a-loop",
         author("{% set l = [1] * 99000 %}{% for i in range(49000) %}{% set x = l[1:] %}{% endfor %}"),
         text_error(STEPS)),
    Case("digits-of-a-figure", author("{{ data.ai_services.alibaba_quark.mau|num(100000000) }}"),
         text_error("filter num: digits must be from -15 to 15; got 100000000")),
    Case("digits-of-a-percent", author("{{ 12|pct(100000000) }}"),
         text_error("filter pct: digits must be from -15 to 15; got 100000000")),
    Case("round-to-a-billion-digits", author("{{ 1.5|round(1000000000, 'ceil') }}"),
         text_error("filter round: precision must be from -15 to 15; got 1000000000")),
    Case("truncate-shorter-than-its-end", author("{{ 'abc'|truncate(1) }}"),
         text_error("filter truncate: expected length >= 3, got 1")),
]


def nfd(text: str) -> str:
    """`text` decomposed, as a Mac types it: 한 becomes ㅎ + ㅏ + ㄴ."""
    return unicodedata.normalize("NFD", text)


def text_composed(root: Path, result: Result) -> None:
    from reportgen.pipeline import load

    assert load(root / REPORT, ("en",)).texts["en"].get("meta.author") == "reportgen 연구소"


def column_twice(root: Path) -> None:
    """api_prices.csv gets a second `price` column at its end, holding other figures."""
    path = root / PRICES
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",price"] + [line + ",999" for line in lines[1:]]) + "\n", encoding="utf-8")


Sheets = dict[str, list[list[Any]]]


def workbook(name: str, sheets: Callable[[list[list[Any]]], Sheets], active: str | None = None,
             hidden: tuple[str, ...] = (), sheet: str | None = None) -> Edit:
    """data/<name>.csv saved as data/<name>.xlsx (cells as text) with the sheets `sheets` makes of its rows."""

    def apply(root: Path) -> None:
        from openpyxl import Workbook

        rows = list(csv.reader(io.StringIO((root / f"data/{name}.csv").read_text(encoding="utf-8"), newline="")))
        book = Workbook(write_only=True)
        for title, content in sheets(rows).items():
            ws = book.create_sheet(title)
            for row in content:
                ws.append(row)
            if title in hidden:
                ws.sheet_state = "hidden"
        if active is not None:
            book.active = book.sheetnames.index(active)
        book.save(root / f"data/{name}.xlsx")
        option = f"\n    sheet: {sheet}" if sheet else ""
        replace(PACKAGE, f"path: {name}.csv", f"path: {name}.xlsx{option}")(root)

    return apply


def with_cell(rows: list[list[Any]], row_id: str, column: str, value: Any) -> list[list[Any]]:
    changed = [list(r) for r in rows]
    (row,) = [r for r in changed[1:] if r[0] == row_id]
    row[changed[0].index(column)] = value
    return changed


def price_of_openai(expected: float) -> Callable[[Path, Result], None]:
    def verify(root: Path, result: Result) -> None:
        assert dataset(root).tables["api_prices"].by_id()["openai"]["price"] == expected

    return verify


def stray_cell(root: Path) -> None:
    """A value left at the last cell of the sheet (XFD1048576), far from the table."""
    workbook("api_prices", lambda rows: {"Prices": rows})(root)
    path = root / "data/api_prices.xlsx"
    stray = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>stray</t></is></c></row></sheetData>'
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as package:
        xml = package.read(sheet).decode("utf-8")
    assert "</sheetData>" in xml
    path.write_bytes(rezip(path.read_bytes(), drop=lambda name: name == sheet,
                           add={sheet: xml.replace("</sheetData>", stray).encode()}))


def inflating_workbook(root: Path) -> None:
    """A 250 KB workbook holding a part that unpacks to 250 MB."""
    workbook("api_prices", lambda rows: {"Prices": rows})(root)
    path = root / "data/api_prices.xlsx"
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package, package.open("xl/media/filler.bin", "w", force_zip64=True) as part:
        chunk = bytes(1 << 20)
        for _ in range(250):
            part.write(chunk)


def many_workbook_rows(root: Path) -> None:
    """20,001 rows below the header (of one column: the rows are counted before the columns are checked)."""
    workbook("api_prices", lambda rows: {"Prices": [["id"]] + [[f"p{i}"] for i in range(20_001)]})(root)


def text_outside(root: Path) -> None:
    outside = root / "elsewhere.yaml"
    outside.write_text("extra: {note: from elsewhere}\n", encoding="utf-8")
    (root / REPORT / "text" / "en" / "zz.yaml").symlink_to(outside)


def text_is_a_pipe(root: Path) -> None:
    os.mkfifo(root / REPORT / "text" / "en" / "zz.yaml")


PRICES_XLSX = "error: data/api_prices.xlsx: "
INPUT = [
    Case("nfd-label-reaches-the-deck-composed", in_rows(ECOSYSTEM, "company_en", "huawei", nfd("Huawei 한국")),
         "",
         command="build", exit_code=0, options=("--only", "deck"), verify=label_in_deck("Huawei 한국")),
    Case("nfd-text", author(nfd("reportgen 연구소")), "", exit_code=0, verify=text_composed),
    Case("nfd-column-name", replace(PRICES, "company_en,", nfd("company_en") + ",", 1), "", exit_code=0,
         verify=price_of_openai(8.0)),
    Case("column-twice", column_twice,
         "error: data/api_prices.csv: row 1 (header): column 'price' appears twice (columns 7 and 13); rename or "
         "remove one of them"),
    Case("xlsx-formula-without-value",
         workbook("api_prices", lambda rows: {"Prices": with_cell(rows, "openai", "price", "=4+4")}),
         PRICES_XLSX + "row 4, column price: holds a formula '=4+4' but not its value (the file was written by a "
         "program and never saved by Excel); open it in Excel and save it, or type the value"),
    Case("xlsx-hidden-first-sheet",
         workbook("api_prices", lambda rows: {"Old": with_cell(rows, "openai", "price", "99"), "Prices": rows},
                  active="Prices", hidden=("Old",)),
         "", exit_code=0, verify=price_of_openai(8.0)),
    Case("xlsx-hidden-active-sheet",
         workbook("api_prices", lambda rows: {"Old": with_cell(rows, "openai", "price", "99"), "Prices": rows},
                  active="Old", hidden=("Old",)),
         "", exit_code=0, verify=price_of_openai(8.0)),
    Case("xlsx-several-sheets",
         workbook("api_prices", lambda rows: {"Notes": [["read me"]], "Prices": rows}, active="Prices"),
         "", exit_code=0, verify=price_of_openai(8.0),
         warns=("warning: data/api_prices.xlsx: has several sheets; reading 'Prices' (also: 'Notes'); name the sheet "
                "to read with `sheet:` in datapackage.yaml",)),
    Case("xlsx-sheet-by-name",
         workbook("api_prices", lambda rows: {"Prices": rows, "Draft": with_cell(rows, "openai", "price", "99")},
                  active="Draft", sheet="Prices"),
         "", exit_code=0, verify=price_of_openai(8.0)),
    Case("xlsx-sheet-unknown",
         workbook("api_prices", lambda rows: {"Prices": rows}, sheet="Prizes"),
         PRICES_XLSX + "has no sheet 'Prizes' (named by `sheet:` in datapackage.yaml); its sheets: 'Prices'"),
    Case("sheet-of-a-csv", replace(PACKAGE, "path: api_prices.csv", "path: api_prices.csv\n    sheet: Prices"),
         "error: data/datapackage.yaml: resources[11] (line 433): `sheet: Prices` names a worksheet, but "
         "'api_prices.csv' is not an .xlsx workbook"),
    Case("xlsx-stray-cell-far-away", stray_cell, "", exit_code=0, verify=price_of_openai(8.0)),
    Case("xlsx-20001-rows", many_workbook_rows,
         PRICES_XLSX + "row 20002: a table read from a workbook has at most 20,000 rows; save it as CSV, or remove "
         "what lies below the table"),
    Case("xlsx-1001-columns",
         workbook("api_prices", lambda rows: {"Prices": [rows[0] + [f"x{i}" for i in range(989)]] + rows[1:]}),
         PRICES_XLSX + "row 1 (header): has 1,001 columns; a table has at most 1,000"),
    Case("xlsx-inflates-to-250-mb", inflating_workbook,
         PRICES_XLSX + "unpacks to 250 MB; a workbook reportgen reads unpacks to at most 200 MB: save the table alone "
         "as .xlsx or CSV"),
    Case("text-file-outside-the-report", text_outside,
         "error: templates/china-ai-briefing/text/en/zz.yaml: is a link to a file outside the report folder; copy the "
         "file into the folder instead"),
    Case("text-file-is-a-pipe", text_is_a_pipe,
         "error: templates/china-ai-briefing/text/en/zz.yaml: is not a regular file; expected a YAML text file"),
    Case("text-file-of-11-mb", write(f"{REPORT}/text/en/zz.yaml", "# words\n" * 1_400_000),
         "error: templates/china-ai-briefing/text/en/zz.yaml: is larger than 10 MB; a YAML file holds words, not data "
         "(put data in a table)"),
]


def disk_completely_full(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    """Not one more byte fits on the disk of the output folder: every os.write to a file there fails."""
    real_write = os.write
    out = str(root / "out")

    def write(fd: int, data: bytes) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if target.startswith(out):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    mp.setattr(os, "write", write)


def damaged_cache_entry(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    """The cached picture of one chart was cut short (a sync conflict, a full disk long ago)."""
    (picture,) = (root / "out" / ".cache" / "charts").glob("api_prices.en.*.png")
    picture.write_bytes(picture.read_bytes()[:500])


def cache_redrawn(root: Path, result: Result) -> None:
    (picture,) = (root / "out" / ".cache" / "charts").glob("api_prices.en.*.png")
    assert picture.read_bytes().endswith(b"IEND\xaeB`\x82")
    assert (root / "out" / "charts" / "api_prices.en.png").read_bytes() == picture.read_bytes()
    assert f"warning: out/.cache/charts/{picture.name}: a damaged picture in the chart cache; it is drawn again" in result.stderr


def price(value: str) -> Edit:
    return in_rows(PRICES, "price", "openai", value)


LOG = ("error: templates/china-ai-briefing/charts.yaml: charts (api_prices): ranked_bar chart of table 'api_prices': ")
FAULTS = [
    Case("source-date-epoch-not-a-number", nothing,
         "error: SOURCE_DATE_EPOCH: got 'abc'; expected whole seconds since 1970-01-01 UTC, like 1751241600 (or leave "
         "it unset for today's date)",
         env=(("SOURCE_DATE_EPOCH", "abc"),)),
    Case("source-date-epoch-after-9999", nothing,
         "error: SOURCE_DATE_EPOCH: got 99999999999999999, a date after the year 9999; expected whole seconds since "
         "1970-01-01 UTC, like 1751241600",
         env=(("SOURCE_DATE_EPOCH", "99999999999999999"),)),
    Case("nul-in-master-path", replace(f"{REPORT}/report.yaml", "master: master.pptx", 'master: "ma\\0ster.pptx"'),
         "error: templates/china-ai-briefing/report.yaml: line 8, column 9: contains a NUL character (U+0000, written "
         "\\0); remove it"),
    Case("nul-in-table-path", replace(PACKAGE, "path: api_prices.csv", 'path: "api_prices\\0.csv"'),
         "error: data/datapackage.yaml: line 434, column 11: contains a NUL character (U+0000, written \\0); remove it"),
    Case("value-of-1e300", price("1e300"),
         "error: data/api_prices.csv: row 4, column price: got '1e300'; expected a number below 10^21 in size (is a "
         "unit or an exponent wrong?)"),
    Case("whole-number-of-40-digits", in_rows(SERVICES, "table_order", "deepseek", "9" * 40),
         "error: data/ai_services.csv: row 4, column table_order: got '999999999999999999999999999999'…; expected a number "
         "below 10^21 in size"),
    Case("log-scale-of-1e-300", both(replace(f"{REPORT}/charts.yaml", "y: price, highlight", "y: price, log: true, highlight"),
                                     in_rows(PRICES, "price", "tencent", "1e-300")),  # a row no text or claim names
         LOG + "a log scale spans at most 12 powers of ten; row 'tencent' has 1e-300 and row 'anthropic' has 15: is a unit "
         "or a power of ten wrong?",
         command="build"),
    Case("disk-completely-full", nothing,
         "error: out: cannot be written: the disk is full (No space left on device); free some space and build "
         "again. Nothing was published: the previous outputs are untouched",
         command="build", setup=disk_completely_full),
    Case("damaged-cache-entry", nothing, "", command="build", exit_code=0, options=("--only", "charts"),
         setup=damaged_cache_entry, verify=cache_redrawn),
]

CASES = SANDBOX + INPUT + FAULTS
