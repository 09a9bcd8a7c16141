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
import shutil
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
    """Not one more byte fits on the disk of the output folder: every os.write and os.pwrite to a file there fails."""
    out = str(root / "out")

    def refusing(real: Callable[..., int]) -> Callable[..., int]:
        def write(fd: int, *args: Any) -> int:
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                target = ""
            if target.startswith(out):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd, *args)

        return write

    mp.setattr(os, "write", refusing(os.write))
    mp.setattr(os, "pwrite", refusing(os.pwrite))


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


def source_url(url: str) -> Edit:
    """The first source's address (datapackage.yaml, line 13) becomes `url`, single-quoted in YAML."""
    return replace(PACKAGE, "    url: https://dbr.donga.com\n", f"    url: '{url}'\n")


def url_error(url: str) -> str:
    return (f"error: data/datapackage.yaml: sources[0].url (line 13): {url!r}: expected a web address starting with "
            "http:// or https://, without spaces, quotes, < or >")


INJECTED = 'https://dbr.donga.com" href="javascript:alert(1)'
LINKS = [
    Case("url-injects-a-javascript-link", source_url(INJECTED), url_error(INJECTED)),
    Case("url-javascript", source_url("javascript:alert(1)"), url_error("javascript:alert(1)")),
    Case("url-file", source_url("file:///etc/passwd"), url_error("file:///etc/passwd")),
    Case("url-bare-quote", source_url('https://dbr.donga.com/"'), url_error('https://dbr.donga.com/"'),
         command="build", options=("--only", "memo")),
]


MASTER = f"{REPORT}/master.pptx"
LAYOUT = "ppt/slideLayouts/slideLayout1.xml"
LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def in_master(edit: Callable[[dict[str, bytes]], None]) -> Edit:
    """Change the report's master: `edit` gets its parts (name -> bytes) to change, add or remove."""

    def apply(root: Path) -> None:
        path = root / MASTER
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        edit(parts)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)
        path.write_bytes(out.getvalue())

    return apply


def related(part_rels: str, kind: str, target: str, external: bool = False) -> Callable[[dict[str, bytes]], None]:
    """A relationship of type `kind` added to `part_rels`."""
    mode = ' TargetMode="External"' if external else ""

    def edit(parts: dict[str, bytes]) -> None:
        rel = f'<Relationship Id="rId99" Type="{kind}" Target="{target}"{mode}/></Relationships>'
        parts[part_rels] = parts[part_rels].replace(b"</Relationships>", rel.encode())

    return edit


def with_macros(parts: dict[str, bytes]) -> None:
    """A VBA project, related from the presentation as PowerPoint saves a .pptm."""
    parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 a VBA project"
    related("ppt/_rels/presentation.xml.rels", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
            "vbaProject.bin")(parts)
    types = parts["[Content_Types].xml"].decode()
    types = types.replace("presentationml.presentation.main+xml", "PLACEHOLDER")
    types = types.replace("application/vnd.openxmlformats-officedocument.PLACEHOLDER",
                          "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml")
    types = types.replace("</Types>", '<Override PartName="/ppt/vbaProject.bin" '
                                      'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    parts["[Content_Types].xml"] = types.encode()


def no_macros_in_deck(root: Path, result: Result) -> None:
    with zipfile.ZipFile(root / "out" / "china-ai-briefing.en.pptx") as deck:
        names = deck.namelist()
        types = deck.read("[Content_Types].xml").decode()
        rels = deck.read("ppt/_rels/presentation.xml.rels").decode()
    assert not [n for n in names if "vba" in n.lower()] and "vbaProject" not in rels
    assert "macroEnabled" not in types and "presentationml.presentation.main+xml" in types


def hyperlink_kept(root: Path, result: Result) -> None:
    with zipfile.ZipFile(root / "out" / "china-ai-briefing.en.pptx") as deck:
        rels = "".join(deck.read(n).decode() for n in deck.namelist() if n.startswith("ppt/slideLayouts/_rels/"))
    assert 'Target="https://intranet.example.invalid/brand"' in rels


def with_embedded_object(parts: dict[str, bytes]) -> None:
    parts["ppt/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0 an OLE object"
    related(LAYOUT_RELS, REL + "oleObject", "../embeddings/oleObject1.bin")(parts)


def with_dtd(entities: str, use: str) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        xml = parts[LAYOUT].decode()
        head, body = xml.split("?>", 1)
        body = body.replace('<p:cSld name="Title">', f'<p:cSld name="Title {use}">', 1)
        parts[LAYOUT] = f"{head}?><!DOCTYPE p:sldLayout [{entities}]>{body}".encode()

    return edit


LAUGHS = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))


def with_filler(megabytes: int) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        parts["ppt/media/filler.bin"] = bytes(megabytes << 20)

    return edit


def with_many_parts(parts: dict[str, bytes]) -> None:
    for i in range(3_000):
        parts[f"customXml/item{i}.xml"] = b"<a/>"


def truncated_layout(parts: dict[str, bytes]) -> None:
    parts[LAYOUT] = parts[LAYOUT][:300]


def layout_holding_a_theme(parts: dict[str, bytes]) -> None:
    parts[LAYOUT] = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
                     b'<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="x"/>')


def password_protected(root: Path) -> None:
    (root / MASTER).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))


def duplicate_part(root: Path) -> None:
    """Two entries named ppt/slideLayouts/slideLayout1.xml: which one is read depends on the reader."""
    path = root / MASTER
    with zipfile.ZipFile(path, "a") as package, pytest.warns(UserWarning, match="Duplicate name"):
        package.writestr(LAYOUT, layout_text_of(package.read(LAYOUT), "Title", "Title (the other one)"))


def layout_text_of(xml: bytes, old: str, new: str) -> bytes:
    return xml.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode(), 1)


def escaping_part(parts: dict[str, bytes]) -> None:
    parts["../../outside.xml"] = b"<a/>"


MASTER_ERROR = "error: templates/china-ai-briefing/master.pptx: "
DECK = ("--only", "deck")
MASTERS = [
    Case("master-with-macros", in_master(with_macros), "", command="build", exit_code=0, options=DECK,
         verify=no_macros_in_deck,
         warns=("warning: templates/china-ai-briefing/master.pptx: its macros (ppt/vbaProject.bin) are left out of the "
                "deck; a .pptx cannot run them",)),
    Case("master-linked-picture-http", in_master(related(LAYOUT_RELS, REL + "image", "http://example.invalid/x.png", True)),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: links to 'http://example.invalid/x.png', outside the master "
         "(a linked picture); PowerPoint could fetch or open it when the deck is shown. Remove the link in PowerPoint "
         "(embed the picture instead) and save the master again",
         command="build", options=DECK),
    Case("master-linked-picture-unc", in_master(related(LAYOUT_RELS, REL + "image", "\\\\server\\share\\x.png", True)),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: links to '\\\\\\\\server\\\\share\\\\x.png', outside "
         "the master (a linked picture); PowerPoint could fetch or open it when the deck is shown. Remove the link in "
         "PowerPoint (embed the picture instead) and save the master again",
         command="build", options=DECK),
    Case("master-hyperlink-to-a-file", in_master(related(LAYOUT_RELS, REL + "hyperlink", "file:///C:/Windows/calc.exe", True)),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: links to 'file:///C:/Windows/calc.exe', outside the master "
         "(a hyperlink); PowerPoint could fetch or open it when the deck is shown. Remove the link in PowerPoint (embed "
         "the picture instead) and save the master again",
         command="build", options=DECK),
    Case("master-hyperlink-to-a-web-page",
         in_master(related(LAYOUT_RELS, REL + "hyperlink", "https://intranet.example.invalid/brand", True)),
         "", command="build", exit_code=0, options=DECK, verify=hyperlink_kept),
    Case("master-embedded-object", in_master(with_embedded_object),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: holds an embedded object (OLE) "
         "(ppt/embeddings/oleObject1.bin); a deck built on this master would carry it. Remove it from the master in "
         "PowerPoint and save the master again",
         command="build", options=DECK),
    Case("master-dtd-entity", in_master(with_dtd('<!ENTITY brand "ACME">', "&brand;")),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: declares a DTD (<!DOCTYPE …>), which no PowerPoint file holds "
         "(its entities could expand without end or read other files); save the master again from PowerPoint",
         command="build", options=DECK),
    Case("master-billion-laughs", in_master(with_dtd(LAUGHS, "&l9;")),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: declares a DTD (<!DOCTYPE …>), which no PowerPoint file holds "
         "(its entities could expand without end or read other files); save the master again from PowerPoint",
         command="build", options=DECK),
    Case("master-inflates-to-310-mb", in_master(with_filler(310)),
         MASTER_ERROR + "unpacks to 310 MB; a slide master reportgen reads unpacks to at most 300 MB: make its pictures "
         "smaller in PowerPoint (Compress Pictures)",
         command="build", options=DECK),
    Case("master-of-3024-parts", in_master(with_many_parts),
         MASTER_ERROR + "holds 3,024 parts; a slide master reportgen reads holds at most 3,000",
         command="build", options=DECK),
    Case("master-xml-cut-short", in_master(truncated_layout),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: is not well-formed XML at line 2; the file is damaged: save "
         "it again from PowerPoint",
         command="build", options=DECK),
    Case("master-layout-holding-a-theme", in_master(layout_holding_a_theme),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: is not the part it claims to be (holds <theme>); the file is "
         "damaged: save it again from PowerPoint",
         command="build", options=DECK),
    Case("master-password-protected", password_protected,
         MASTER_ERROR + "is protected by a password (or is an old .ppt file); save it from PowerPoint as .pptx without a "
         "password",
         command="build", options=DECK),
    Case("master-part-twice", duplicate_part,
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: appears twice in the package; the file is damaged or was "
         "made to mislead: save it again from PowerPoint",
         command="build", options=DECK),
    Case("master-part-outside", in_master(escaping_part),
         MASTER_ERROR + "../../outside.xml: is not a part name a PowerPoint file holds; the file is damaged or was made to "
         "mislead: save it again from PowerPoint",
         command="build", options=DECK),
]



def without(name: str) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        del parts[name]

    return edit


def swapped(one: str, other: str) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        parts[one], parts[other] = parts[other], parts[one]

    return edit


def unknown_placeholder(parts: dict[str, bytes]) -> None:
    parts[LAYOUT] = parts[LAYOUT].replace(b'<p:ph type="ctrTitle"', b'<p:ph type="-1"', 1)


DAMAGED = "; the file is damaged: save it again from PowerPoint"
MASTERS += [  # found by damaging the default master at random (a part dropped, cut, swapped, an attribute changed)
    Case("master-layout-missing", in_master(without(LAYOUT)),
         MASTER_ERROR + "ppt/slideMasters/slideMaster1.xml: refers to the part ppt/slideLayouts/slideLayout1.xml, which "
         "the file lacks" + DAMAGED, command="build", options=DECK),
    Case("master-relationships-missing", in_master(without("ppt/_rels/presentation.xml.rels")),
         MASTER_ERROR + "ppt/presentation.xml: uses the relationship 'rId1', which the file lacks" + DAMAGED,
         command="build", options=DECK),
    Case("master-content-types-swapped", in_master(swapped("[Content_Types].xml", LAYOUT)),
         MASTER_ERROR + "[Content_Types].xml: is not the part it claims to be (holds <sldLayout>)" + DAMAGED,
         command="build", options=DECK),
    Case("master-relationships-swapped", in_master(swapped(LAYOUT_RELS, "ppt/slideMasters/_rels/slideMaster1.xml.rels")),
         MASTER_ERROR + "ppt/slideMasters/slideMaster1.xml: uses the relationship 'rId2', which the file lacks" + DAMAGED,
         command="build", options=DECK),
    Case("master-placeholder-of-unknown-type", in_master(unknown_placeholder),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: has a placeholder with type='-1', which PowerPoint does not "
         "know" + DAMAGED, command="build", options=DECK),
]



def planted_journal(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    """A synced or unzipped output folder holds another machine's journal, naming a file outside the folder."""
    (root / "victim.txt").write_text("keep me", encoding="utf-8")
    staging = root / "out" / ".staging-planted"
    staging.mkdir()
    (staging / ".publishing.json").write_text('[{"target": "../victim.txt", "existed": false}]', encoding="utf-8")


def victim_kept(root: Path, result: Any) -> None:
    assert (root / "victim.txt").read_text(encoding="utf-8") == "keep me"
    assert (root / "out" / ".set-aside-staging-planted" / ".publishing.json").is_file()


def deck_open_in_powerpoint(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    (root / "out" / "~$china-ai-briefing.en.pptx").write_bytes(b"owner: someone")


def charts_folder_links_elsewhere(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    elsewhere = root / "documents"
    shutil.move(root / "out" / "charts", elsewhere)
    (root / "out" / "charts").symlink_to(elsewhere)


def lock_links_elsewhere(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    (root / "precious.txt").write_text("keep me", encoding="utf-8")
    (root / "out" / ".reportgen.lock").unlink(missing_ok=True)
    (root / "out" / ".reportgen.lock").symlink_to(root / "precious.txt")


def precious_kept(root: Path, result: Any) -> None:
    assert (root / "precious.txt").read_text(encoding="utf-8") == "keep me"


OUTPUT_FOLDER = [
    Case("planted-journal-outside-the-folder", nothing, "", command="build", exit_code=0, options=DECK,
         setup=planted_journal, verify=victim_kept,
         warns=("warning: out/.staging-planted: holds a damaged journal (entry 1 names '../victim.txt', which is no output "
                "of a build); nothing in it was acted on. It is set aside as out/.set-aside-staging-planted: look at it, "
                "then delete it",)),
    Case("deck-open-in-powerpoint", nothing,
         "error: out/china-ai-briefing.en.pptx: is open in PowerPoint or Word (its lock file ~$china-ai-briefing.en.pptx "
         "is beside it); close it and build again (if it is not open, delete ~$china-ai-briefing.en.pptx). Nothing was "
         "published: the previous outputs are untouched",
         command="build", setup=deck_open_in_powerpoint),
    Case("charts-folder-links-elsewhere", nothing,
         "error: out/charts: is a link to a folder elsewhere; expected a folder of the outputs here (a build would write, "
         "and on an error delete, files there): remove the link",
         command="build", setup=charts_folder_links_elsewhere),
    Case("lock-file-links-elsewhere", nothing,
         "error: out: cannot be written (Too many levels of symbolic links). The previous outputs are untouched",
         command="build", setup=lock_links_elsewhere, verify=precious_kept),
]

COLD = [  # first builds into an empty folder, each in a process of its own: nothing printed after the message
    Case("cold-letter-in-number", price("8x"),
         "error: data/api_prices.csv: row 4, column price: got '8x'; expected a number (like 12.5)",
         command="build", cold=True),
    Case("cold-master-with-a-dtd", in_master(with_dtd('<!ENTITY brand "ACME">', "&brand;")),
         MASTER_ERROR + "ppt/slideLayouts/slideLayout1.xml: declares a DTD (<!DOCTYPE …>), which no PowerPoint file holds "
         "(its entities could expand without end or read other files); save the master again from PowerPoint",
         command="build", cold=True),
    Case("cold-source-date-epoch", nothing,
         "error: SOURCE_DATE_EPOCH: got 'abc'; expected whole seconds since 1970-01-01 UTC, like 1751241600 (or leave "
         "it unset for today's date)",
         command="build", cold=True, env=(("SOURCE_DATE_EPOCH", "abc"),)),
    Case("cold-nul-in-master-path", replace(f"{REPORT}/report.yaml", "master: master.pptx", 'master: "ma\\0ster.pptx"'),
         "error: templates/china-ai-briefing/report.yaml: line 8, column 9: contains a NUL character (U+0000, written "
         "\\0); remove it",
         command="build", cold=True),
]

CASES = SANDBOX + INPUT + FAULTS + LINKS + MASTERS + OUTPUT_FOLDER + COLD
