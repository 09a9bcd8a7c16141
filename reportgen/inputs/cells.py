"""One cell of a table, from its text (or a workbook's value) to a typed value checked against its field.

`cell_reader(field)` builds the reader once per column, so a 100,000-row table reads quickly.
A reader raises ValueError with what it got and what was expected; the caller adds the row and column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

from reportgen.inputs.cleantext import bad_character, clean_text
from reportgen.inputs.descriptor import FieldSpec

Value = str | float | int | bool | dt.date | None
CellReader = Callable[[object], Value]

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_YEAR = re.compile(r"\d{4}")
_NOT_FINITE = {"nan", "inf", "infinity"}


def cell_reader(spec: FieldSpec, missing_values: tuple[str, ...]) -> CellReader:
    """A function that reads one cell of the column `spec` describes."""
    c = spec.constraints
    parse = PARSERS[spec.type]
    pattern = re.compile(c.pattern) if c.pattern is not None else None
    enum = frozenset(c.enum) if c.enum is not None else None
    missing = frozenset(missing_values)

    def read(cell: object) -> Value:
        number = isinstance(cell, (int, float)) and not isinstance(cell, bool)
        text = (cell if isinstance(cell, str) else ("" if cell is None else str(cell))).strip()
        if text in missing:
            if c.required:
                raise ValueError("a value is required here, but the cell is empty")
            return None
        value = parse(cell if number or isinstance(cell, dt.date) else text)
        if enum is not None and str(value) not in enum:
            raise ValueError(f"got {text!r}; expected one of: {', '.join(c.enum or ())}")
        if pattern is not None and not pattern.fullmatch(text):
            raise ValueError(f"got {text!r}; expected text matching {c.pattern}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if c.minimum is not None and value < c.minimum:
                raise ValueError(f"got {text}; expected at least {c.minimum:g}")
            if c.maximum is not None and value > c.maximum:
                raise ValueError(f"got {text}; expected at most {c.maximum:g}")
        return value

    return read


MAX_CELL_CHARS = 2_000  # one text cell: a label or a note, never a document


def _string(cell: object) -> str:
    text = clean_text(str(cell))
    problem = bad_character(text)
    if problem:
        raise ValueError(problem)
    if len(text) > MAX_CELL_CHARS:
        raise ValueError(f"is {len(text):,} characters long; a cell holds at most {MAX_CELL_CHARS:,} "
                         f"(it starts {text[:30]!r})")
    return text


MAX_MAGNITUDE = 1e21  # past it a number cannot be printed to the unit (21 digits): a unit or an exponent is wrong


def _number(cell: object) -> float:
    value = _finite(cell)
    if abs(value) >= MAX_MAGNITUDE:
        raise ValueError(f"got {str(cell)!r}; expected a number below 10^21 in size (is a unit or an exponent wrong?)")
    return value


def _finite(cell: object) -> float:
    if isinstance(cell, (int, float)) and math.isfinite(cell):
        return float(cell)
    text = str(cell)
    if _THOUSANDS.fullmatch(text):
        raise ValueError(f"got {text!r}; expected a plain number without thousands separators, like {text.replace(',', '')}")
    if text.lower().lstrip("+-") in _NOT_FINITE:
        raise ValueError(f"got {text!r}; expected a finite number (leave the cell empty where there is no value)")
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"got {text!r}; expected a number (like 12.5)")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"got {text!r}; expected a finite number (this one is too large)")
    return value


def _whole(kind: str) -> Callable[[object], int]:
    def parse(cell: object) -> int:
        text = str(cell)
        if isinstance(cell, (int, float)) and math.isfinite(cell) and float(cell).is_integer():
            value = int(cell)
        elif not _INTEGER.fullmatch(text) or (kind == "year" and not _YEAR.fullmatch(text)):
            raise ValueError(f"got {text!r}; expected {'a four-digit year' if kind == 'year' else 'a whole number'}")
        elif len(text.lstrip("+-")) > 22:  # int() of thousands of digits is slow, and refused past 4,300
            raise ValueError(f"got {text[:30]!r}…; expected a number below 10^21 in size")
        else:
            value = int(text)
        if abs(value) >= MAX_MAGNITUDE:
            raise ValueError(f"got {text!r}; expected a number below 10^21 in size (is a unit or an exponent wrong?)")
        return value

    return parse


def _boolean(cell: object) -> bool:
    lowered = str(cell).lower()
    if lowered in ("true", "yes", "1"):
        return True
    if lowered in ("false", "no", "0"):
        return False
    raise ValueError(f"got {cell!r}; expected true or false")


def _date(cell: object) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    try:
        return dt.date.fromisoformat(str(cell))
    except ValueError:
        raise ValueError(f"got {str(cell)!r}; expected a date as YYYY-MM-DD") from None


PARSERS: dict[str, Callable[[object], Value]] = {
    "string": _string,
    "number": _number,
    "integer": _whole("integer"),
    "year": _whole("year"),
    "boolean": _boolean,
    "date": _date,
}
