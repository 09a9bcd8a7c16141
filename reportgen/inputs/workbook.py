"""Reading one worksheet of an .xlsx workbook into a header and rows, with openpyxl, within bounds.

- Before openpyxl reads anything, the package's inflated size and part count are capped (a small file
  can inflate to gigabytes).
- The sheet: the one `sheet:` names in datapackage.yaml, else the active sheet when it is visible, else
  the first visible one. A workbook with several visible sheets and no `sheet:` is read from the active
  one with a warning naming the others; a hidden sheet is read only when `sheet:` names it.
- The header is the first row; only its columns are read in every row (a stray cell far to the right is
  never read, nor are the empty cells before it), at most MAX_COLUMNS of them, and at most MAX_ROWS rows
  that hold something.
- A formula whose value the file does not hold (written by a program, never opened in Excel) is an
  error naming its cell: read as empty, it would silently drop a figure.
- Text is read in Unicode's composed form (NFC), like every text reportgen reads.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from reportgen.errors import ReportgenError, display_path, fail
from reportgen.inputs.cleantext import composed

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # the workbook's parts together, unpacked
MAX_PARTS = 10_000
MAX_ROWS = 20_000  # rows that hold something, below the header (a bigger table: CSV)
MAX_COLUMNS = 1_000

Rows = list[tuple[int, list[object]]]


def read_workbook(path: Path, sheet: str | None = None) -> tuple[list[str], Rows]:
    """The header and the rows (spreadsheet row number, cells) of one worksheet of `path`."""
    _check_package(path)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise fail(path, "", "is damaged (not a complete .xlsx package); save it again from Excel, or as CSV") from None
    except Exception as exc:  # openpyxl raises many kinds on a workbook it cannot read
        raise _unreadable(path, exc) from None
    try:
        name = _choose_sheet(path, book, sheet)
        header, rows = _read_sheet(path, book[name], name)
        _check_formulas(path, name, header, rows)
        return header, rows
    except ReportgenError:
        raise
    except Exception as exc:  # a damaged sheet inside a readable package
        raise _unreadable(path, exc) from None
    finally:
        book.close()


def _unreadable(path: Path, exc: Exception) -> ReportgenError:
    return fail(path, "", f"is not a readable .xlsx workbook ({exc.__class__.__name__}); save it again from Excel, or as CSV")


def _check_package(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_SIGNATURE:
        raise fail(path, "", "is protected by a password (or is an old .xls workbook); save it without a password as "
                   ".xlsx, or as CSV")
    if not head.startswith(b"PK"):
        raise fail(path, "", "is not an .xlsx workbook; save it from Excel as .xlsx, or as CSV")
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise fail(path, "", "is damaged (not a complete .xlsx package); save it again from Excel, or as CSV") from None
    if len(entries) > MAX_PARTS:
        raise fail(path, "", f"holds {len(entries):,} parts; a workbook reportgen reads holds at most {MAX_PARTS:,}: "
                   "save the table alone as .xlsx or CSV")
    inflated = sum(entry.file_size for entry in entries)
    if inflated > MAX_INFLATED_BYTES:
        raise fail(path, "", f"unpacks to {inflated / 2**20:,.0f} MB; a workbook reportgen reads unpacks to at most "
                   f"{MAX_INFLATED_BYTES // 2**20} MB: save the table alone as .xlsx or CSV")


def _choose_sheet(path: Path, book: Any, sheet: str | None) -> str:
    names = [ws.title for ws in book.worksheets]
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    if sheet is not None:
        if sheet not in names:
            raise fail(path, "", f"has no sheet {sheet!r} (named by `sheet:` in datapackage.yaml); its sheets: "
                       f"{', '.join(repr(n) for n in names) or '(none)'}")
        return composed(sheet)
    if not visible:
        raise fail(path, "", "has no visible worksheet; name the sheet to read with `sheet:` in datapackage.yaml")
    active = book.active
    name = active.title if active is not None and active.title in visible else visible[0]
    if len(visible) > 1:
        others = ", ".join(repr(n) for n in visible if n != name)
        warnings.warn(f"{display_path(path)}: has several sheets; reading {name!r} (also: {others}); name the sheet "
                      "to read with `sheet:` in datapackage.yaml", UserWarning, stacklevel=2)
    return name


def _read_sheet(path: Path, values: Any, name: str) -> tuple[list[str], Rows]:
    first = next(values.iter_rows(max_row=1, values_only=True), None)
    header = [composed(str(h).strip()) if h is not None else "" for h in first or ()]
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise fail(path, "", f"sheet {name!r} is empty; expected a header row")
    if len(header) > MAX_COLUMNS:
        raise fail(path, "row 1 (header)", f"has {len(header):,} columns; a table has at most {MAX_COLUMNS:,}")
    rows: Rows = []
    for number, values_row in enumerate(values.iter_rows(min_row=2, max_col=len(header), values_only=True), start=2):
        if values_row.count(None) == len(values_row):
            continue  # an empty row (openpyxl makes one for every row missing between two it read)
        cells = [composed(c) if isinstance(c, str) else ("" if c is None else c) for c in values_row]
        if any(str(c).strip() for c in cells):
            if len(rows) == MAX_ROWS:
                raise fail(path, f"row {number}", f"a table read from a workbook has at most {MAX_ROWS:,} rows; save "
                           "it as CSV, or remove what lies below the table")
            rows.append((number, cells))
    return header, rows


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _check_formulas(path: Path, name: str, header: list[str], rows: Rows) -> None:
    """A formula in the table's cells whose value the file does not hold is an error naming its cell.

    openpyxl reads such a cell as empty; the sheet's XML says which cells hold a formula (`<f>`) without a
    value (`<v>`). It is read with lxml, entities never expanded, up to the table's last row."""
    last = rows[-1][0] if rows else 1
    with zipfile.ZipFile(path) as package:
        part = _sheet_part(package, name)
        if part is None:
            return
        with package.open(part) as xml:
            for _, cell in etree.iterparse(xml, events=("end",), tag=f"{MAIN}c", **SAFE_XML):
                ref = cell.get("r") or ""
                formula, value = cell.find(f"{MAIN}f"), cell.find(f"{MAIN}v")
                cell.clear(keep_tail=False)
                column, row = _cell_ref(ref)
                if row > last:
                    return
                if formula is not None and (value is None or value.text is None) and row >= 2 and column <= len(header):
                    shown = f" {'=' + formula.text[:60]!r}" if formula.text else ""
                    raise fail(path, f"row {row}, column {header[column - 1] or column}",
                               f"holds a formula{shown} but not its value (the file was written by a program and never "
                               "saved by Excel); open it in Excel and save it, or type the value")


SAFE_XML: dict[str, Any] = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _sheet_part(package: zipfile.ZipFile, name: str) -> str | None:
    """The part of the worksheet called `name` (`xl/worksheets/sheet1.xml`), from the workbook's own lists."""
    with package.open("xl/workbook.xml") as xml:
        ids = {s.get("name"): s.get(f"{OFFICE_RELS}id") for _, s in etree.iterparse(xml, tag=f"{MAIN}sheet", **SAFE_XML)}
    with package.open("xl/_rels/workbook.xml.rels") as xml:
        targets = {r.get("Id"): r.get("Target") or "" for _, r in etree.iterparse(xml, tag=f"{RELS}Relationship", **SAFE_XML)}
    target = targets.get(ids.get(name))
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _cell_ref(ref: str) -> tuple[int, int]:
    """`AB12` -> (28, 12): the column and row numbers of a cell reference."""
    letters = ref.rstrip("0123456789")
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    digits = ref[len(letters):]
    return column, int(digits) if digits.isdigit() else 0
