"""Picking rows and columns of a table: the queries every stage shares."""

from __future__ import annotations

from reportgen.inputs.dataset import Row, Table
from reportgen.inputs.spec import Condition, WhereValue


def select_rows(table: Table, where: dict[str, WhereValue]) -> list[Row]:
    """Rows whose columns equal the given value (or one of the given values), or meet a condition."""
    rows = list(table.rows)
    for column, wanted in where.items():
        if isinstance(wanted, Condition):
            rows = [r for r in rows if meets(r.get(column), wanted)]
            continue
        allowed = {str(v) for v in (wanted if isinstance(wanted, list) else [wanted])}
        rows = [r for r in rows if str(r.get(column)) in allowed]
    return rows


def meets(cell: object, condition: Condition) -> bool:
    """Does one cell meet every part of a condition? An empty cell meets only `not_in` and `ne`."""
    text = str(cell)
    if condition.in_ is not None and text not in {str(v) for v in condition.in_}:
        return False
    if condition.not_in is not None and text in {str(v) for v in condition.not_in}:
        return False
    if condition.ne is not None and text == str(condition.ne):
        return False
    bounds = [(condition.gt, float.__gt__), (condition.ge, float.__ge__), (condition.lt, float.__lt__), (condition.le, float.__le__)]
    if any(limit is not None for limit, _ in bounds):
        number = _number(cell)
        if number is None:
            return False
        return all(limit is None or test(number, float(limit)) for limit, test in bounds)
    return True


def _number(cell: object) -> float | None:
    """A number, a year or the year of a date, for comparisons."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    year = getattr(cell, "year", None)
    return float(year) if isinstance(year, int) else None


def localized_column(table: Table, column: str, lang: str) -> str:
    """`company` -> `company_ko` when the table has that language column; else the column itself.

    The reader's language wins even where a code column of the same name exists (`country` -> `country_ko`).
    """
    if f"{column}_{lang}" in table.columns:
        return f"{column}_{lang}"
    return column


def has_column(table: Table, column: str, lang: str = "ko") -> bool:
    return localized_column(table, column, lang) in table.columns
