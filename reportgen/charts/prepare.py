"""From a chart spec and its table to a ChartData, checked before anything is drawn.

Every check names the chart, the table and what was expected. In order: the encodings the kind
needs (and none it does not use), rows left by `where:`, number and time columns, missing values,
log scales, units, then the kind's own check (pairs, shares, duplicates).

Missing values follow `missing:` in the spec. `warn` (the default) leaves the row out and warns,
naming the rows; `skip` leaves it out silently (say so in the unit line); `label` keeps the row and
shows N/A (bar kinds only). A chart left with no values is an error.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from pathlib import Path

from reportgen.charts.chartdata import ChartData, ChartDataWarning, Point
from reportgen.charts.labels import WORDS, value_text, year_of
from reportgen.charts.registry import CHART_KINDS
from reportgen.errors import ReportgenError, fail
from reportgen.inputs.dataset import Row, Table
from reportgen.inputs.rows import localized_column, select_rows
from reportgen.inputs.spec import ChartSpec
from reportgen.inputs.units import UNITS

ENCODINGS = ("x", "y", "y2", "series", "size", "label")
OPTIONS = {"step": ("line",), "guides": ("scatter",)}  # spec options only some kinds use


def prepare(chart: ChartSpec, table: Table, lang: str, spec_path: Path, names: dict[str, str] | None = None,
            words: dict[str, str] | None = None, warn: bool = True) -> ChartData:
    """Check the chart's input and turn its rows into points; raise ReportgenError on bad input."""
    needs = CHART_KINDS[chart.kind].needs

    def error(message: str) -> ReportgenError:
        return fail(spec_path, f"charts ({chart.id})", f"{chart.kind} chart of table {table.name!r}: {message}")

    _check_spec(chart, error)
    rows = select_rows(table, chart.where)
    if not rows:
        raise error(f"no rows match where {dict(chart.where)}" if chart.where else "the table has no rows")
    _check_types(chart, table, rows, error)
    rows = _missing(chart, table, rows, lang, spec_path, error, warn)
    values = [enc for enc in ("y", "y2") if enc in needs.numeric and getattr(chart, enc)]
    if chart.log:
        for row in rows:
            for enc in values:
                cell = row[getattr(chart, enc)]
                if cell is not None and cell <= 0:
                    raise error(f"a log scale needs values above zero; row {row.get('id')!r} has {enc} = {cell:g}")
        _check_log_span(rows, [getattr(chart, enc) for enc in values], error)
    mixed = _check_units(chart, table, rows, values, lang, error)
    rows = _ordered(chart, rows)
    data = _data(chart, table, rows, lang, mixed, names or {}, {**WORDS[lang], **(words or {})}, error)
    if chart.percent:
        outside = [p for p in data.points if p.value is not None and not 0 <= p.value <= 100]
        if outside:
            raise error(f"`percent: true` needs shares from 0 to 100; row {outside[0].id!r} has {outside[0].value:g}")
    problem = CHART_KINDS[chart.kind].check(data) if CHART_KINDS[chart.kind].check else None
    if problem:
        raise error(problem)
    return data


def _check_spec(chart: ChartSpec, error) -> None:  # type: ignore[no-untyped-def]
    kind = CHART_KINDS[chart.kind]
    needs = kind.needs
    missing = [e for e in needs.required if getattr(chart, e) is None]
    if missing:
        raise error(f"needs {', '.join(f'`{m}:`' for m in missing)}")
    unused = [e for e in ENCODINGS if getattr(chart, e) is not None and e not in needs.required + needs.optional]
    if unused:
        allowed = ", ".join(f"{e}:" for e in needs.required + needs.optional)
        raise error(f"does not use {', '.join(f'`{e}:`' for e in unused)}; a {chart.kind} uses {allowed}")
    for option, able in (("facet", needs.facet), ("log", needs.log), ("percent", needs.percent)):
        if getattr(chart, option) and not able:
            can = ", ".join(n for n, k in CHART_KINDS.items() if getattr(k.needs, option))
            raise error(f"`{option}:` does not apply to a {chart.kind}; kinds that take it: {can}")
    for option, kinds in OPTIONS.items():
        if getattr(chart, option) and chart.kind not in kinds:
            raise error(f"`{option}:` does not apply to a {chart.kind}; kinds that take it: {', '.join(kinds)}")
    if chart.missing == "label" and not needs.label_missing:
        can = ", ".join(n for n, k in CHART_KINDS.items() if k.needs.label_missing)
        raise error(f"`missing: label` does not apply to a {chart.kind}; use warn or skip (label works with {can})")


MAX_LOG_DECADES = 12  # powers of ten one log axis spans; past them its ticks cannot be labelled


def _check_log_span(rows: list[Row], columns: list[str], error: Callable[[str], ReportgenError]) -> None:
    cells = [(row[c], row.get("id")) for row in rows for c in columns if isinstance(row[c], (int, float)) and row[c] > 0]
    if cells:
        (low, low_id), (high, high_id) = min(cells, key=lambda c: c[0]), max(cells, key=lambda c: c[0])
        if math.log10(high) - math.log10(low) > MAX_LOG_DECADES:
            raise error(f"a log scale spans at most {MAX_LOG_DECADES} powers of ten; row {low_id!r} has {low:g} and row "
                        f"{high_id!r} has {high:g}: is a unit or a power of ten wrong?")


def _check_types(chart: ChartSpec, table: Table, rows: list[Row], error) -> None:  # type: ignore[no-untyped-def]
    needs = CHART_KINDS[chart.kind].needs
    for enc in needs.numeric:
        column = getattr(chart, enc)
        spec = table.field(column) if column else None
        if column and (spec is None or spec.type not in ("number", "integer", "year")):
            raise error(f"`{enc}: {column}` must be a number column")
    for enc in needs.time:
        column = getattr(chart, enc)
        spec = table.field(column)
        if spec is None or spec.type == "boolean":
            raise error(f"`{enc}: {column}` must hold a year or a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        for row in rows:
            cell = row.get(column)
            if cell not in (None, "") and year_of(cell) is None:
                raise error(f"row {row.get('id')!r}: `{enc}: {column}` is {cell!r}; "
                            "expected a year or a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def _missing(chart: ChartSpec, table: Table, rows: list[Row], lang: str, spec_path: Path, error, warn: bool) -> list[Row]:  # type: ignore[no-untyped-def]
    """Rows whose needed values are all present; the rest are left out (or labelled N/A) per `missing:`."""
    needs = CHART_KINDS[chart.kind].needs
    encodings = [e for e in (*needs.numeric, *needs.time) if getattr(chart, e)]
    encodings += ["label"] if "label" in needs.required else []
    columns = {e: localized_column(table, getattr(chart, e), lang) for e in encodings}
    if chart.missing == "label":
        columns.pop("y", None)  # an empty y stays, drawn as N/A

    def complete(row: Row) -> bool:
        return all(row.get(c) not in (None, "") for c in columns.values())

    kept = [r for r in rows if complete(r)]
    if not any(chart.y is None or r.get(chart.y) is not None for r in kept):
        shown = ", ".join(repr(getattr(chart, e)) for e in encodings)
        raise error(f"every selected row is missing a value in {shown}; nothing to draw")
    dropped = [str(r.get("id")) for r in rows if not complete(r)]
    if dropped and chart.missing == "warn" and warn:
        warnings.warn(f"{spec_path.name}: charts ({chart.id}): table {table.name!r}: {len(dropped)} rows without a value "
                      f"left out ({', '.join(dropped)}); say `missing: skip` to leave them out quietly or `missing: label` "
                      "to show N/A", ChartDataWarning, stacklevel=3)
    return kept


def _check_units(chart: ChartSpec, table: Table, rows: list[Row], values: list[str], lang: str, error) -> bool:  # type: ignore[no-untyped-def]
    """One unit per panel; counts of different things (devices, people) may share a chart with their words."""
    mixed = False
    for panel in dict.fromkeys(_panel(chart, table, r, lang) for r in rows):
        units = {table.unit_of(r, getattr(chart, e)) for r in rows if _panel(chart, table, r, lang) == panel
                 for e in values if r.get(getattr(chart, e)) is not None}
        if len(units) <= 1:
            continue
        known = [UNITS.get(str(u)) for u in units]
        if all(u is not None and u.kind == "count" and u.scale == 1.0 for u in known):
            mixed = True
            continue
        shown = ", ".join(sorted(str(u) for u in units))
        raise error(f"rows mix units ({shown}); keep one with where: {{unit: ...}} or give each its panel with facet: unit")
    return mixed


def _panel(chart: ChartSpec, table: Table, row: Row, lang: str) -> str:
    return str(row.get(localized_column(table, chart.facet, lang)) or "") if chart.facet else ""


def _ordered(chart: ChartSpec, rows: list[Row]) -> list[Row]:
    if chart.order_by:
        column = chart.order_by
        return sorted(rows, key=lambda r: (r.get(column) is None, r.get(column) if r.get(column) is not None else 0))
    direction = "desc" if chart.kind == "ranked_bar" and chart.sort != "asc" else chart.sort
    if direction == "none" or chart.y is None:
        return rows
    present = [r for r in rows if r.get(chart.y) is not None]
    absent = [r for r in rows if r.get(chart.y) is None]
    return sorted(present, key=lambda r: r[chart.y], reverse=direction == "desc") + absent


def _data(chart: ChartSpec, table: Table, rows: list[Row], lang: str, mixed: bool, names: dict[str, str],
          words: dict[str, str], error) -> ChartData:  # type: ignore[no-untyped-def]
    needs = CHART_KINDS[chart.kind].needs
    marked = set(chart.highlight)

    def text(row: Row, column: str | None) -> str:
        value = row.get(localized_column(table, column, lang)) if column else None
        return "" if value is None else str(value)

    def number(row: Row, column: str | None) -> float | None:
        value = row.get(column) if column else None
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    points = []
    for row in rows:
        x = year_of(row.get(chart.x)) if "x" in needs.time else number(row, chart.x) if "x" in needs.numeric else None
        y = number(row, chart.y)
        points.append(Point(
            id=str(row.get("id")),
            label=text(row, chart.x),
            value=y,
            text=value_text(table, row, chart.y, lang, mixed) if y is not None else words["na"] if chart.y else "",
            x=x,
            value2=number(row, chart.y2),
            text2=value_text(table, row, chart.y2, lang, mixed) if number(row, chart.y2) is not None else "",
            size=number(row, chart.size),
            series=text(row, chart.series),
            note=text(row, chart.label),
            highlight=str(row.get("id")) in marked or any(str(v) in marked for v in row.values() if v is not None),
            panel=_panel(chart, table, row, lang),
            qualifier=str(row.get("qualifier") or ""),
        ))
    return ChartData(
        chart_id=chart.id, kind=chart.kind, lang=lang, points=tuple(points), log=chart.log, percent=chart.percent,
        step=chart.step, guides=tuple(chart.guides), names=names, words=words,
    )
