"""Derived figures shared by charts, deck and memo: filtered rows, localized cells, source lines."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reportgen.inputs.dataset import Dataset, Row, Table
from reportgen.inputs.spec import Kpi, NumberFormat
from reportgen.inputs.units import UNITS
from reportgen.wording import formats

SOURCE_WORD = {"ko": "출처", "en": "Source"}


def figure_text(table: Table, row: Row, column: str, lang: str, digits: int = 2, unit_word: bool = True,
                style: formats.NumberStyle | None = None) -> str:
    """One numeric cell as a reader sees it: unit, locale, and for `value` its range and qualifier.

    `value` with `value_max` reads `3~5년`; with `qualifier: over` it reads `167만 개 이상`.
    Without `unit_word`, a count drops its word (`over 1.67M`); money and percent keep their sign.
    With a `style` (a chart's labels, a table column, a KPI), the figure takes its digits, scale and sign.
    """
    value = row[column]
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(f"{table.name}.{row.get('id')}.{column} is not a number")
    unit = table.unit_of(row, column)
    high = row.get("value_max") if column == "value" else None
    ranged = isinstance(high, (int, float)) and not isinstance(high, bool)
    if style is not None:
        text = formats.styled_with_unit(float(value), unit, lang, style, word=unit_word)
        if ranged:
            text = f"{formats.styled_with_unit(float(value), unit, lang, style, word=False)}{'~' if lang == 'ko' else '–'}" \
                   f"{formats.styled_with_unit(float(high), unit, lang, style, word=unit_word)}"  # type: ignore[arg-type]
    else:
        if not unit_word and unit is not None and formats.UNITS[unit].kind in ("count", "plain"):
            unit = None
        if unit is None:
            text = formats.compact_number(float(value), lang, digits)
        elif ranged:
            text = formats.value_range(float(value), float(high), unit, lang, digits)  # type: ignore[arg-type]
        else:
            text = formats.with_unit(float(value), unit, lang, digits)
    measured = column == "value" or "value" not in row  # a wide table's qualifier hedges its figure column
    qualifier = row.get("qualifier") if measured else None
    return formats.qualified(text, str(qualifier) if qualifier else None, lang)


def number_style(fmt: NumberFormat | None) -> formats.NumberStyle:
    """The style a spec's `format:` asks for (none given: the default, completed from the figures)."""
    if fmt is None:
        return formats.NumberStyle()
    return formats.NumberStyle(digits=fmt.digits, scale=fmt.scale, sign=fmt.sign, fraction=fmt.fraction)


def figure_style(table: Table, rows: Iterable[Row], columns: Iterable[str], lang: str,
                 asked: formats.NumberStyle | None = None, max_digits: int = 2, groups: bool = False) -> formats.NumberStyle:
    """One style for every figure of `columns` in `rows` (a chart's labels, a table column, a KPI): the
    asked style completed from the values as the reader sees them (in whole units, ranges included).
    `groups`: Korean figures from 1억 read `38억 1,195만`, as tables and KPIs print them (charts: `38.12억`)."""
    values = []
    names = [c for c in columns if c]
    for row in rows:
        for column in names:
            for cell in (row.get(column), row.get("value_max") if column == "value" else None):
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    unit = UNITS.get(str(table.unit_of(row, column)))
                    values.append(float(cell) * (unit.scale if unit and unit.kind != "percent" else 1.0))
    return formats.common_style(values, lang, asked or formats.NumberStyle(), max_digits, groups)


def kpi_text(dataset: Dataset, kpi: Kpi, lang: str) -> tuple[Table, Row, str]:
    """A KPI's table, row and big number: as the text prints the figure (at most `digits` decimals), or
    in its `format:` when it has one."""
    table_name, row_id, column = kpi.figure.split(".")
    table = dataset.tables[table_name]
    row = table.by_id()[row_id]
    if kpi.format is None:
        return table, row, figure_text(table, row, column, lang, kpi.digits)
    style = figure_style(table, [row], [column], lang, number_style(kpi.format), max_digits=kpi.digits, groups=True)
    return table, row, figure_text(table, row, column, lang, style=style)


def row_years(rows: Iterable[Row]) -> set[str]:
    """The years rows cover (a table's period in the memo's appendix): each row's `date` or `year`, and
    its `period_start`."""
    years = {str(r.get("date") or r.get("year") or "")[:4] for r in rows}
    years |= {str(r.get("period_start") or "")[:4] for r in rows}
    return years - {""}


def row_sources(rows: Iterable[Row]) -> list[str]:
    """Source ids the rows cite, in first-seen order."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in ("source", "source2"):
            for ref in re.split(r"[;\s]+", str(row.get(key) or "")):
                if ref:
                    seen.setdefault(ref, None)
    return list(seen)


def source_label(dataset: Dataset, source_id: str, lang: str) -> str:
    """`Aicpb.com (2025)`: publisher and year, short enough for a chart's source line."""
    source = dataset.sources[source_id]
    year = f" ({source.date[:4]})" if source.date else ""
    return f"{source.publisher_for(lang)}{year}"


def source_line(dataset: Dataset, source_ids: Iterable[str], lang: str) -> str:
    """`출처: Aicpb.com (2025); DBR (2025)` — the line under every chart and table."""
    labels = list(dict.fromkeys(source_label(dataset, s, lang) for s in source_ids))
    return f"{SOURCE_WORD[lang]}: " + "; ".join(labels)


def source_entry(dataset: Dataset, source_id: str, lang: str) -> str:
    """A full citation for the appendix and endnotes: publisher, title, date."""
    s = dataset.sources[source_id]
    title = s.title_for(lang)
    same = s.title in (s.publisher, s.publisher_for(lang)) or title == s.publisher_for(lang)
    parts = [s.publisher_for(lang), "" if same else f"“{title}”"]
    if s.date:
        parts.append(formats.date_text(s.date, lang))
    return ", ".join(p for p in parts if p)

