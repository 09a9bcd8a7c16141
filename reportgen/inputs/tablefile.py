"""Reading one table file (CSV in UTF-8, UTF-8 with BOM or CP949; or .xlsx) into header and rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import ReportgenError, fail

MAX_FILE_BYTES = 50 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls


@dataclass(frozen=True)
class RawTable:
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (spreadsheet row number, cells); header is row 1
    encoding: str


def read_table(path: Path) -> RawTable:
    """Header and rows of a CSV or .xlsx file; cells are str (CSV) or str/number (.xlsx)."""
    if not path.is_file():
        raise fail(path, "", "table file not found" if not path.exists() else "is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise fail(path, "", f"is larger than {MAX_FILE_BYTES // 2**20} MB")
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    return _read_csv(path)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), else CP949 (Korean Excel).

    A file that is UTF-8 up to a broken byte (its earlier non-ASCII text decodes as UTF-8) is UTF-8 with
    that byte damaged, not CP949: it is refused at that byte, never read as mojibake.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _utf8(data, path, "utf-8-sig"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if not data[: exc.start].isascii():
            raise _broken_utf8(data, exc, path) from None
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail(path, f"line {line}, byte {exc.start}", "text is neither UTF-8 nor CP949; save the file as UTF-8 CSV") from None


def _utf8(data: bytes, path: Path, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _broken_utf8(data, exc, path) from None


def _broken_utf8(data: bytes, exc: UnicodeDecodeError, path: Path) -> Exception:
    line = data[: exc.start].count(b"\n") + 1
    shown = " ".join(f"{b:02X}" for b in data[exc.start : exc.end])
    return fail(path, f"line {line}, byte {exc.start}", f"not valid UTF-8 (bytes {shown}); the file is UTF-8 but this "
                "character is damaged: retype it, or save the file again as UTF-8 CSV")


def _read_csv(path: Path) -> RawTable:
    text, encoding = decode(path.read_bytes(), path)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise fail(path, f"line {line}", "contains a NUL character (U+0000); is it really a CSV file? "
                   "Remove it, or save the file again as CSV")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[object]]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise fail(path, "", "the file is empty; expected a header row")
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, list(cells)))
    except csv.Error as exc:
        raise fail(path, f"line {reader.line_num}", f"malformed CSV ({exc})") from None
    return RawTable([h.strip() for h in header], rows, encoding)


def _read_xlsx(path: Path) -> RawTable:
    import zipfile

    from openpyxl import load_workbook

    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_SIGNATURE:
        raise fail(path, "", "is protected by a password (or is an old .xls workbook); save it without a password as .xlsx, or as CSV")
    if not head.startswith(b"PK"):
        raise fail(path, "", "is not an .xlsx workbook; save it from Excel as .xlsx, or as CSV")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise fail(path, "", "is damaged (not a complete .xlsx package); save it again from Excel, or as CSV") from None
    except Exception as exc:  # openpyxl raises many kinds on a workbook it cannot read
        raise fail(path, "", f"is not a readable .xlsx workbook ({exc.__class__.__name__}); save it again from Excel, "
                   "or as CSV") from None
    try:
        sheet = book.worksheets[0]
        it = sheet.iter_rows(values_only=True)
        header_row = next(it, None)
        if header_row is None:
            raise fail(path, "", "the first sheet is empty; expected a header row")
        header = ["" if h is None else str(h).strip() for h in header_row]
        rows = []
        for number, values in enumerate(it, start=2):
            cells = ["" if v is None else v for v in values]
            if any(str(c).strip() for c in cells):
                rows.append((number, cells))
    except ReportgenError:
        raise
    except Exception as exc:  # a damaged sheet inside a readable package
        raise fail(path, "", f"is not a readable .xlsx workbook ({exc.__class__.__name__}); save it again from Excel, "
                   "or as CSV") from None
    finally:
        book.close()
    while header and header[-1] == "":
        header.pop()
    return RawTable(header, [(n, c[: len(header)]) for n, c in rows], "xlsx")
