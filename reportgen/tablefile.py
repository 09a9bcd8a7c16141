"""Reading one table file (CSV in UTF-8, UTF-8 with BOM or CP949; or .xlsx) into header and rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import fail

MAX_FILE_BYTES = 50 * 1024 * 1024


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
    """Text and encoding name: UTF-8 (with or without BOM), else CP949 (Korean Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    else:
        encodings = ["utf-8", "cp949"]
    for enc in encodings:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            error = exc
    raise fail(path, f"byte {error.start}", "text is neither UTF-8 nor CP949; save the file as UTF-8 CSV")


def _read_csv(path: Path) -> RawTable:
    text, encoding = decode(path.read_bytes(), path)
    if "\x00" in text:
        raise fail(path, "", "contains NUL bytes; is it really a CSV file?")
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

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = "is not a readable .xlsx workbook (corrupt, or protected by a password)"
        raise fail(path, "", f"{reason}: {exc.__class__.__name__}") from None
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
    finally:
        book.close()
    while header and header[-1] == "":
        header.pop()
    return RawTable(header, [(n, c[: len(header)]) for n, c in rows], "xlsx")
