"""Waterfall: a bridge from a start to an end value, each change a floating column from the running total.

Rows run in file order (or `sort:`/`order_by:`). Rows named in `totals:` are totals drawn from zero
(the start, subtotals, the end); every other row is a change, signed on its label (`+12`, `-5`).
A total must equal the total before it plus the changes since (within half a percent of the largest
value): the chart checks the arithmetic it shows. Rises are navy, falls a lighter grey-blue, totals
grey; highlighted rows take the highlight colour; thin connectors join the bars.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs, Point
from reportgen.charts.common import bare_axis, height_px, reference_lines, tag, value_limits
from reportgen.charts.kind import ChartKind
from reportgen.charts.kinds.column import MAX_COLUMNS, category_names, value_labels
from reportgen.charts.kinds.ranked_bar import duplicate_categories
from reportgen.charts.theme import Theme

RISE, FALL = "#1F4E79", "#9FB1C6"


def steps(data: ChartData) -> list[tuple[float, float]]:
    """Each bar's (bottom, top) in data units: totals from zero, changes from the running total."""
    out, running = [], 0.0
    for p in data.points:
        value = p.value or 0.0
        if p.total:
            out.append((min(0.0, value), max(0.0, value)))
            running = value
        else:
            out.append((min(running, running + value), max(running, running + value)))
            running += value
    return out


def fill(point: Point, theme: Theme) -> str:
    """A column's colour: the spec's (`colors:`), else the highlight, else grey for a total, navy for a rise,
    grey-blue for a fall (the deck's native waterfall takes the same)."""
    return point.colour or (theme.highlight if point.highlight else theme.grey if point.total
                            else RISE if (point.value or 0) >= 0 else FALL)


def check(data: ChartData) -> str | None:
    repeated = duplicate_categories(data)
    if repeated:
        return repeated
    if not any(p.total for p in data.points):
        return "names no total; list the start (and any subtotal or end) rows under `totals:`"
    tolerance = 0.005 * max(abs(p.value or 0.0) for p in data.points)
    running, seen = 0.0, False
    for p in data.points:
        value = p.value or 0.0
        if p.total:
            if seen and abs(value - running) > tolerance + 1e-9:
                return (f"total row {p.id!r} is {value:g} but the total before it and the changes since add up to {running:g}; "
                        "check the data or `totals:`")
            running, seen = value, True
        else:
            running += value
    return None


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    points = data.points
    xs = list(range(len(points)))
    spans = steps(data)
    for x, p, (bottom, top) in zip(xs, points, spans, strict=True):
        tag(ax.bar(x, top - bottom, bottom=bottom, width=0.62, color=fill(p, theme))[0], "bar", p.id)
    running = 0.0
    for x, p in enumerate(points[:-1]):
        running = (p.value or 0.0) if p.total else running + (p.value or 0.0)
        ax.plot([x + 0.31, x + 0.69], [running, running], color=theme.muted, linewidth=0.9, zorder=1)
    ax.set_xlim(-0.6, len(points) - 0.4)
    up = [(p.value or 0.0) >= 0 for p in points]
    ends = [top if rising else bottom for (bottom, top), rising in zip(spans, up, strict=True)]
    labels = value_labels(ax, data, xs, theme, theme.font_size * theme.small, anchors=ends)
    slot = ax.get_window_extent().width / max(len(points), 1)
    category_names(ax, data, [p.label for p in points], xs, theme, slot)
    for tick, p in zip(ax.get_xticklabels(), points, strict=True):
        tick.set_fontweight("semibold" if p.total or p.highlight else "normal")
    ax.set_ylim(*value_limits(ends, [height_px(ax, t) for t in labels], ax.get_window_extent().height, up))
    if min(b for b, _ in spans) < 0:
        ax.axhline(0, color=theme.muted, linewidth=1, zorder=3)
    reference_lines(ax, data, theme)
    bare_axis(ax, "x", theme)


KIND = ChartKind(
    name="waterfall",
    draw=draw,
    needs=Needs(required=("x", "y"), totals=True, lines=True, max_marks=MAX_COLUMNS),
    check=check,
    summary="a bridge from a start to an end value: totals from zero, changes floating from the running total",
)
