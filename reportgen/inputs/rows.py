"""Picking rows and columns of a table: the queries every stage shares."""

from __future__ import annotations

from reportgen.inputs.dataset import Row, Table
from reportgen.inputs.spec import CellValue


def select_rows(table: Table, where: dict[str, CellValue | list[CellValue]]) -> list[Row]:
    """Rows whose columns equal the given value (or one of the given values)."""
    rows = list(table.rows)
    for column, wanted in where.items():
        allowed = {str(v) for v in (wanted if isinstance(wanted, list) else [wanted])}
        rows = [r for r in rows if str(r.get(column)) in allowed]
    return rows


def localized_column(table: Table, column: str, lang: str) -> str:
    """`company` -> `company_ko` when the table has that language column; else the column itself.

    The reader's language wins even where a code column of the same name exists (`country` -> `country_ko`).
    """
    if f"{column}_{lang}" in table.columns:
        return f"{column}_{lang}"
    return column


def has_column(table: Table, column: str, lang: str = "ko") -> bool:
    return localized_column(table, column, lang) in table.columns
