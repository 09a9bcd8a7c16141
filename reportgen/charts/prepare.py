"""From a chart spec and its table to a ChartData, checked before anything is drawn.

`check_charts` runs every check of every chart for `reportgen check` and for the build (from
`pipeline.load`), so a chart that would not draw fails both. Every problem names the file and the
chart; a name in the spec that matches nothing (a highlight, a `where:` value, a colour key, a
callout, a total, an `order_by` or `label:` column with no values) names its YAML path and line,
the value and the valid choices.

In order: the encodings the kind needs (and none it does not use), rows left by `where:`, number and
time columns, missing values, log scales, units, order and `top:`, the panel limit, then the kind's
own check (pairs, shares, duplicates, how many marks it draws readably).

Missing values follow `missing:` in the spec. `warn` (the default) leaves the row out and warns,
naming the rows; `skip` leaves it out silently (say so in the unit line); `label` keeps the row and
shows N/A (bar kinds only). A chart left with no values is an error.
"""

from __future__ import annotations

import difflib
import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportgen.charts.chartdata import ChartData, ChartDataWarning, Mark, Point, Span
from reportgen.charts.labels import WORDS, year_of
from reportgen.charts.registry import CHART_KINDS
from reportgen.errors import Collector, ReportgenError, fail
from reportgen.inputs.dataset import Dataset, Row, Table
from reportgen.inputs.rows import localized_column, select_rows
from reportgen.inputs.spec import ChartSpec, Condition, Report
from reportgen.inputs.units import UNITS
from reportgen.inputs.yamlio import format_loc, load_yaml
from reportgen.wording import formats
from reportgen.wording.figures import figure_style, figure_text, number_style

ENCODINGS = ("x", "y", "y2", "series", "size", "label")
OPTIONS = {"step": ("line",), "guides": ("scatter",), "callouts": ("ranked_bar", "column", "line", "scatter", "combo", "waterfall")}
MAX_PANELS = 4  # small panels side by side in one 9-inch picture
CHART_TEXT = ("title", "unit", "alt", "rest", "lines", "periods", "callouts")  # keys a chart's text may hold


def prepare(chart: ChartSpec, table: Table, lang: str, spec_path: Path, names: dict[str, str] | None = None,
            words: dict[str, str] | None = None, warn: bool = True) -> ChartData:
    """Check the chart's input and turn its rows into points; raise ReportgenError on bad input."""
    key = (id(chart), id(table), lang, str(spec_path), repr(sorted((names or {}).items())), repr(sorted((words or {}).items())))
    done = _prepared.get(key)
    if done is not None and done[0] is chart and done[1] is table:
        return done[2]  # checked already (by `check_charts` while loading): same objects, same answer, warned once
    data = _prepare(chart, table, lang, spec_path, names or {}, words or {}, warn)
    if len(_prepared) > 2000:
        _prepared.clear()
    _prepared[key] = (chart, table, data)
    return data


_prepared: dict[tuple, tuple[ChartSpec, Table, ChartData]] = {}


def _prepare(chart: ChartSpec, table: Table, lang: str, spec_path: Path, names: dict[str, str], words: dict[str, str],
             warn: bool) -> ChartData:
    kind = CHART_KINDS[chart.kind]
    needs = kind.needs

    def error(message: str) -> ReportgenError:
        return fail(spec_path, f"charts ({chart.id})", f"{chart.kind} chart of table {table.name!r}: {message}")

    _check_spec(chart, error)
    rows = select_rows(table, chart.where)
    if not rows:
        raise error(f"no rows match where {_shown_where(chart)}" if chart.where else "the table has no rows")
    _check_types(chart, table, rows, error)
    rows = _missing(chart, table, rows, lang, spec_path, error, warn)
    values = [enc for enc in ("y", "y2") if enc in needs.numeric and getattr(chart, enc)]
    logged = [enc for enc, on in (("y", chart.log), ("y2", chart.log and chart.kind == "dumbbell"), ("x", chart.log_x)) if on]
    for row in rows:
        for enc in logged:
            cell = row.get(getattr(chart, enc) or "")
            if isinstance(cell, (int, float)) and cell <= 0:
                raise error(f"a log scale needs values above zero; row {row.get('id')!r} has {enc} = {cell:g}")
    for enc in logged:
        _check_log_span(rows, [getattr(chart, enc)], error)
    mixed = _check_units(chart, table, rows, values, lang, error)
    rows = _ordered(chart, rows)
    panels = list(dict.fromkeys(_panel(chart, table, r, lang) for r in rows))
    if len(panels) > MAX_PANELS:
        raise error(f"`facet: {chart.facet}` makes {len(panels)} panels; a chart holds at most {MAX_PANELS} side by side: "
                    "pick the values with where:, or make one chart per group")
    data = _data(chart, table, rows, lang, mixed, names, {**WORDS[lang], **words})
    if chart.percent:
        outside = [p for p in data.points if p.value is not None and not 0 <= p.value <= 100]
        if outside:
            raise error(f"`percent: true` needs shares from 0 to 100; row {outside[0].id!r} has {outside[0].value:g}")
    problem = kind.check(data) if kind.check else None
    if problem:
        raise error(problem)
    side_by_side = kind.value_axis == "y"  # columns of every panel share the picture's width
    if needs.max_marks and len(data.points) > needs.max_marks * (1 if side_by_side else max(1, len(panels))):
        raise error(f"draws {len(data.points)} bars; a {chart.kind} shows at most {needs.max_marks} readably per panel: "
                    f"keep the first with `top: {needs.max_marks}` (after `sort:`), or pick rows with `where:`")
    busiest = max((sum(1 for p in data.points if p.panel == name) for name in panels), default=0)
    if needs.max_marks and busiest > needs.max_marks:
        raise error(f"draws {busiest} bars in one panel; a {chart.kind} shows at most {needs.max_marks} readably: "
                    f"keep the first with `top: {needs.max_marks}` (after `sort:`), or pick rows with `where:`")
    return data


def _shown_where(chart: ChartSpec) -> str:
    return "{" + ", ".join(f"{k!r}: {v.model_dump(by_alias=True, exclude_none=True) if isinstance(v, Condition) else v!r}"
                           for k, v in chart.where.items()) + "}"


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
    for option, able in (("facet", needs.facet), ("log", needs.log), ("percent", needs.percent), ("log_x", needs.log_x),
                         ("lines", needs.lines), ("periods", needs.periods), ("totals", needs.totals)):
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
                      "to show N/A", ChartDataWarning, stacklevel=4)
    return kept


def _check_units(chart: ChartSpec, table: Table, rows: list[Row], values: list[str], lang: str, error) -> bool:  # type: ignore[no-untyped-def]
    """One unit per panel (per axis for a combo); counts of different things may share a chart with their words."""
    mixed = False
    groups = [[v] for v in values] if chart.kind == "combo" else [values]
    for encodings in groups:
        for panel in dict.fromkeys(_panel(chart, table, r, lang) for r in rows):
            units = {table.unit_of(r, getattr(chart, e)) for r in rows if _panel(chart, table, r, lang) == panel
                     for e in encodings if r.get(getattr(chart, e)) is not None}
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
    """Rows in the spec's order: by `order_by` (or y) ascending or descending, else as in the file; then `top:`."""
    column = chart.order_by or chart.y
    direction = chart.sort
    if direction == "none":
        direction = "desc" if chart.kind == "ranked_bar" and not chart.order_by else "asc" if chart.order_by else "none"
    if direction != "none" and column is not None:
        present = [r for r in rows if r.get(column) is not None]
        absent = [r for r in rows if r.get(column) is None]
        rows = sorted(present, key=lambda r: _sort_key(r[column]), reverse=direction == "desc") + absent
    return rows[: chart.top] if chart.top else rows


def _sort_key(value: object) -> tuple:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def _data(chart: ChartSpec, table: Table, rows: list[Row], lang: str, mixed: bool, names: dict[str, str],
          words: dict[str, str]) -> ChartData:
    needs = CHART_KINDS[chart.kind].needs
    marked = set(chart.highlight)
    styles: dict[str, tuple[formats.NumberStyle, formats.NumberStyle]] = {}
    for panel in dict.fromkeys(_panel(chart, table, r, lang) for r in rows):  # one style per panel (a panel has one unit)
        inside = [r for r in rows if _panel(chart, table, r, lang) == panel]
        first = _style(chart, table, inside, ["y", "y2"] if chart.kind == "dumbbell" else ["y"], lang)
        styles[panel] = (first, _style(chart, table, inside, ["y2"], lang, own=False) if chart.kind != "dumbbell" else first)

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
        row_id = str(row.get("id"))
        total = row_id in chart.totals
        label = text(row, chart.x)
        series = text(row, chart.series)
        cells = {str(v) for v in row.values() if v is not None}
        style, style2 = styles[_panel(chart, table, row, lang)]
        shown = style if total or chart.kind != "waterfall" else replace(style, sign=True)
        points.append(Point(
            id=row_id,
            label=label,
            value=y,
            text=figure_text(table, row, chart.y, lang, unit_word=mixed, style=shown) if y is not None
            else words["na"] if chart.y else "",
            x=x,
            value2=number(row, chart.y2),
            text2=figure_text(table, row, chart.y2, lang, unit_word=mixed, style=style2) if number(row, chart.y2) is not None else "",
            size=number(row, chart.size),
            series=series,
            note=text(row, chart.label),
            highlight=row_id in marked or bool(cells & marked),
            panel=_panel(chart, table, row, lang),
            qualifier=str(row.get("qualifier") or ""),
            colour=chart.colors.get(row_id) or ("" if row_id in marked or cells & marked else
                                                next((chart.colors[k] for k in sorted(cells) if k in chart.colors), "")),
            callout=words.get(f"callouts.{row_id}", "") if row_id in chart.callouts else "",
            total=total,
        ))
    lines = tuple(Mark(line.value, words.get(f"lines.{line.name}", ""), line.style) for line in chart.lines)
    periods = tuple(Span(year_of(p.start) or 0.0, year_of(p.end) or 0.0, words.get(f"periods.{p.name}", "")) for p in chart.periods)
    units = {table.unit_of(r, chart.y) for r in rows if chart.y}
    keys = _colour_keys(chart, table, rows, lang)
    return ChartData(
        chart_id=chart.id, kind=chart.kind, lang=lang, points=tuple(points), log=chart.log, percent=chart.percent,
        step=chart.step, guides=tuple(chart.guides), log_x=chart.log_x, names=names, words=words,
        palette=tuple(chart.palette), keys=keys, lines=lines, periods=periods, shared=bool(chart.facet) and len(units) == 1,
    )


def _colour_keys(chart: ChartSpec, table: Table, rows: list[Row], lang: str) -> tuple[tuple[str, str], ...]:
    """The `colors:` given by category (not by row id), each named in the reader's language, for a key."""
    ids = {str(r.get("id")) for r in rows}
    out = []
    for key, colour in chart.colors.items():
        if key in ids:
            continue
        for row in rows:
            column = next((c for c, v in row.items() if v is not None and str(v) == key and c != "id"), None)
            if column is not None:
                base = column.rsplit("_", 1)[0] if column.endswith(("_ko", "_en")) else column
                out.append((str(row.get(localized_column(table, base, lang)) or key), colour))
                break
    return tuple(out)


def _style(chart: ChartSpec, table: Table, rows: list[Row], encodings: list[str], lang: str, own: bool = True) -> formats.NumberStyle:
    """One number style for the values of the given encodings: the spec's `format:` (for y; a combo's line, in its
    own unit, takes the default), completed from the values."""
    asked = number_style(chart.format if own else None)
    return figure_style(table, rows, [getattr(chart, enc) for enc in encodings], lang, asked)


# every chart, checked for `reportgen check` and the build -----------------------------------------

def chart_texts(chart: ChartSpec, texts: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The column titles (x, y, y2) and words (remainder, N/A, line, period and callout names) a chart shows."""
    names = {enc: str(texts.get(f"columns.{chart.table}.{col}") or col)
             for enc, col in (("x", chart.x), ("y", chart.y), ("y2", chart.y2)) if col}
    words = {key: str(value) for key, value in (("other", texts.get(f"charts.{chart.id}.rest") or texts.get("labels.other")),
                                                ("na", texts.get("labels.not_available"))) if value}
    for group, keys in (("lines", [line.name for line in chart.lines]), ("periods", [p.name for p in chart.periods]),
                        ("callouts", chart.callouts)):
        for key in keys:
            value = texts.get(f"charts.{chart.id}.{group}.{key}")
            if value is not None:
                words[f"{group}.{key}"] = str(value)
    return names, words


def check_charts(report: Report, dataset: Dataset, texts: Mapping[str, Any]) -> Collector:
    """Every chart's names against its rows and text, then its data checks in every language (nothing is drawn).

    Text keys about charts that nothing uses are a warning.
    """
    problems = Collector()
    path = report.charts_path
    for index, chart in enumerate(report.charts):
        table = dataset.tables.get(chart.table)
        if table is None:
            continue
        before = len(problems.problems)
        _check_names(report, index, chart, table, problems)
        for lang, text in texts.items():
            for group, keys in (("lines", [line.name for line in chart.lines]), ("periods", [p.name for p in chart.periods]),
                                ("callouts", chart.callouts)):
                for key in keys:
                    if text.get(f"charts.{chart.id}.{group}.{key}") is None:
                        problems.add(text.file_of("charts"), f"charts.{chart.id}.{group}.{key}",
                                     f"missing text for the {lang} report (the name of {group}: {key} of chart {chart.id})")
        if len(problems.problems) > before:
            continue
        for n, (lang, text) in enumerate(texts.items()):
            names, words = chart_texts(chart, text)
            try:
                prepare(chart, table, lang, path, names, words, warn=n == 0)
            except ReportgenError as exc:
                problems.problems.extend(p for p in exc.problems if p not in problems.problems)
                break
    for text in texts.values():
        _warn_unused(report, text)
    return problems


def _check_names(report: Report, index: int, chart: ChartSpec, table: Table, problems: Collector) -> None:
    """Highlights, `where:` values, colour keys, callouts, totals and the `order_by`/`label:` columns must match something."""

    before = len(problems.problems)

    def add(keys: tuple, message: str) -> None:
        problems.add(report.charts_path, _place(report, index, chart.id, keys), message)

    for column, wanted in chart.where.items():
        if localized_column(table, column, "en") not in table.columns and column not in table.columns:
            continue  # named by check_spec_against_data
        present = sorted({str(r.get(column)) for r in table.rows if r.get(column) is not None})
        listed = (wanted.in_ or []) + (wanted.not_in or []) + ([wanted.ne] if wanted.ne is not None else []) \
            if isinstance(wanted, Condition) else wanted if isinstance(wanted, list) else [wanted]
        for i, value in enumerate(listed):
            if str(value) not in present:
                at = ("where", column) + ((i,) if isinstance(wanted, list) else ())
                add(at, f"where {column}: {value!r} matches no row; {_choices(str(value), present)}")
    if len(problems.problems) > before:
        return  # names below are checked against the rows `where:` picks
    rows = select_rows(table, chart.where)
    ids = [str(r.get("id")) for r in rows]
    cells = sorted({str(v) for r in rows for k, v in r.items() if v is not None and k not in ("source", "source2")})
    for i, name in enumerate(chart.highlight):
        if name not in ids and name not in cells:
            add(("highlight", i), f"highlight {name!r} matches no row id or cell of the chart's rows; {_choices(name, ids + cells)}")
    for name in chart.colors:
        if name not in ids and name not in cells:
            add(("colors", name), f"colors: {name!r} matches no row id, category or series of the chart's rows; "
                f"{_choices(name, ids + cells)}")
    for group in ("callouts", "totals"):
        for i, name in enumerate(getattr(chart, group)):
            if name not in ids:
                add((group, i), f"{group}: {name!r} is not a row id of the chart's rows; {_choices(name, ids)}")
    for key in ("order_by", "label"):
        column = getattr(chart, key)
        if column and rows and all(r.get(localized_column(table, column, lang)) in (None, "") for r in rows for lang in ("ko", "en")):
            add((key,), f"{key}: {column!r} is empty in every row the chart draws; pick a column with values")


def _choices(value: str, valid: list[str]) -> str:
    valid = list(dict.fromkeys(valid))
    close = difflib.get_close_matches(value, valid, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    shown = ", ".join(valid[:12]) + (f" (and {len(valid) - 12} more)" if len(valid) > 12 else "")
    return f"{hint}valid: {shown}"


def _place(report: Report, index: int, chart_id: str, keys: tuple) -> str:
    """`[3].highlight[0] (chart vc_rounds, line 30)`: the YAML path of a chart's key and its line."""
    loc = (() if report.charts_file else ("charts",)) + (index, *keys)
    line = _lines(report.charts_path).get(loc) or _nearest(report.charts_path, loc)
    return f"{format_loc(loc)} (chart {chart_id}" + (f", line {line})" if line else ")")


@lru_cache(maxsize=8)
def _lines_cached(path: Path, stamp: float) -> dict[tuple, int]:
    return load_yaml(path).lines


def _lines(path: Path) -> dict[tuple, int]:
    try:
        return _lines_cached(path, path.stat().st_mtime)
    except (OSError, ReportgenError):
        return {}


def _nearest(path: Path, loc: tuple) -> int | None:
    lines = _lines(path)
    for end in range(len(loc), -1, -1):
        if tuple(loc[:end]) in lines:
            return lines[tuple(loc[:end])]
    return None


def _warn_unused(report: Report, texts: Any) -> None:
    """Chart texts for no chart, and chart text keys (or line, period, callout names) no chart reads."""
    charts = {c.id: c for c in report.charts}
    unused = []
    for chart_id, node in (texts.get("charts") or {}).items():
        chart = charts.get(chart_id)
        if chart is None:
            unused.append(f"charts.{chart_id}")
            continue
        for key, value in (node.items() if isinstance(node, dict) else []):
            if key not in CHART_TEXT:
                unused.append(f"charts.{chart_id}.{key}")
            elif key in ("lines", "periods", "callouts") and isinstance(value, dict):
                used = {"lines": {x.name for x in chart.lines}, "periods": {p.name for p in chart.periods},
                        "callouts": set(chart.callouts)}[key]
                unused += [f"charts.{chart_id}.{key}.{k}" for k in value if k not in used]
    if unused:
        warnings.warn(f"{Path(texts.file_of('charts')).name}: text keys nothing uses ({texts.lang}): {', '.join(unused)}",
                      UserWarning, stacklevel=3)
