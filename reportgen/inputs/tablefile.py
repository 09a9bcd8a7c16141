"""Reading one table file (CSV in UTF-8, UTF-8 with BOM or CP949; or .xlsx) into header and rows.

Text is read in Unicode's composed form (NFC). A header that names a column twice is refused (which
column would the figures come from?). Workbooks are read by `reportgen.inputs.workbook`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import fail
from reportgen.inputs.cleantext import composed

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class RawTable:
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (spreadsheet row number, cells); header is row 1
    encoding: str


def read_table(path: Path, sheet: str | None = None) -> RawTable:
    """Header and rows of a CSV or .xlsx file; cells are str (CSV) or str/number/date (.xlsx).

    `sheet` names the worksheet of a workbook to read (default: the active one, if visible; see workbook.py).
    """
    if not path.is_file():
        raise fail(path, "", "table file not found" if not path.exists() else "is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise fail(path, "", f"is larger than {MAX_FILE_BYTES // 2**20} MB")
    if path.suffix.lower() == ".xlsx":
        from reportgen.inputs.workbook import read_workbook

        header, rows = read_workbook(path, sheet)
        table = RawTable(header, rows, "xlsx")
    else:
        table = _read_csv(path)
    check_header(path, table.header)
    return table


def check_header(path: Path, header: list[str]) -> None:
    """A header that names one column twice is an error naming both places."""
    first: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name and name in first:
            raise fail(path, "row 1 (header)", f"column {name!r} appears twice (columns {first[name]} and {number}); "
                       "rename or remove one of them")
        first.setdefault(name, number)


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
    text = composed(text)
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
