"""From a chart spec and its table to plain data a kind can draw, checked before anything is drawn.

Missing values: a row whose required value is empty (N/A) is left out of the chart, with a warning
naming the chart, the table and the rows. A chart left with no rows is an error.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.compute import figure_text, localized_column, select_rows
from reportgen.data import Row, Table
from reportgen.errors import fail
from reportgen.spec import ChartSpec


class ChartDataWarning(UserWarning):
    """Rows left out of a chart (a stated policy, not an error)."""


@dataclass(frozen=True)
class KindNeeds:
    encodings: tuple[str, ...]  # spec fields that must be set: x, y, y2, series, label, size
    numeric: tuple[str, ...] = ("y",)  # encodings whose column must hold numbers


@dataclass
class ChartData:
    """What a kind draws: one entry per kept row, all texts already in the reader's language."""

    chart_id: str
    lang: str
    ids: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # x categories (or point labels)
    values: list[float] = field(default_factory=list)  # y
    xs: list[float] = field(default_factory=list)  # x, when x is a number column (scatter, line)
    values2: list[float] = field(default_factory=list)  # y2 (dumbbell end), or x for scatter
    sizes: list[float] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # value labels, formatted for the reader
    texts2: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # label column (timeline events, point names)
    highlight: list[bool] = field(default_factory=list)
    log: bool = False
    names: dict[str, str] = field(default_factory=dict)  # column titles for y / y2 legends


def prepare(chart: ChartSpec, table: Table, lang: str, needs: KindNeeds, spec_path: Path, names: dict[str, str]) -> ChartData:
    where = f"charts ({chart.id})"

    def error(message: str) -> Exception:
        return fail(spec_path, where, f"{chart.kind} chart of table {table.name!r}: {message}")

    missing = [e for e in needs.encodings if getattr(chart, e) is None]
    if missing:
        raise error(f"needs {', '.join(f'`{m}:`' for m in missing)}")
    rows = select_rows(table, chart.where)
    if not rows:
        raise error(f"no rows match where {dict(chart.where)}" if chart.where else "the table has no rows")
    for enc in needs.numeric:
        column = getattr(chart, enc)
        spec = table.field(column)
        if spec is None or spec.type not in ("number", "integer", "year"):
            raise error(f"`{enc}: {column}` must be a number column")
    kept, dropped = [], []
    for row in rows:
        vals = [row.get(getattr(chart, enc)) for enc in needs.numeric]
        ok = all(isinstance(v, (int, float)) and math.isfinite(v) for v in vals)
        (kept if ok else dropped).append(row)
    if not kept:
        raise error("every row is missing a value; nothing to draw")
    if dropped:
        ids = ", ".join(str(r.get("id")) for r in dropped)
        warnings.warn(f"{spec_path.name}: {where}: {len(dropped)} rows without a value left out ({ids})", ChartDataWarning, stacklevel=2)
    if chart.log:
        bad = [r for r in kept if any(r[getattr(chart, e)] <= 0 for e in needs.numeric if e in ("y", "y2"))]
        if bad:
            raise error(f"a log scale needs values above zero; row {bad[0].get('id')!r} has {bad[0][chart.y]:g}")
    if chart.sort != "none":
        kept.sort(key=lambda r: r[chart.y], reverse=chart.sort == "desc")
    if chart.percent:
        total = sum(r[chart.y] for r in kept)
        if abs(total - 100) > 0.5:
            raise error(f"shares must sum to 100, they sum to {total:g}")
    return _data(chart, table, kept, lang, names)


def _data(chart: ChartSpec, table: Table, rows: list[Row], lang: str, names: dict[str, str]) -> ChartData:
    def text(row: Row, column: str | None) -> str:
        if column is None:
            return ""
        value = row.get(localized_column(table, column, lang))
        return "" if value is None else str(value)

    data = ChartData(chart.id, lang, log=chart.log, names=names)
    marked = set(chart.highlight)
    for row in rows:
        data.ids.append(str(row.get("id")))
        data.labels.append(text(row, chart.x))
        if chart.x and _is_number(row.get(chart.x)):
            data.xs.append(float(row[chart.x]))
        data.values.append(float(row[chart.y]) if chart.y and isinstance(row.get(chart.y), (int, float)) else 0.0)
        data.texts.append(figure_text(table, row, chart.y, lang, unit_word=False) if chart.y and _is_number(row.get(chart.y)) else "")
        if chart.y2:
            data.values2.append(float(row[chart.y2]) if _is_number(row.get(chart.y2)) else math.nan)
            data.texts2.append(figure_text(table, row, chart.y2, lang, unit_word=False) if _is_number(row.get(chart.y2)) else "")
        if chart.size:
            data.sizes.append(float(row[chart.size]) if _is_number(row.get(chart.size)) else 0.0)
        data.series.append(text(row, chart.series))
        data.notes.append(text(row, chart.label))
        data.highlight.append(str(row.get("id")) in marked or any(str(v) in marked for v in row.values() if v is not None))
    return data


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
