"""Ranked bar: horizontal bars, largest on top, each labelled with its value; highlighted bars stand out.

On a log scale (`log: true`) the bars start at the power of ten below the smallest value and the
axis shows its decades, so nobody reads the bars as proportional.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import (
    PAD_PX,
    bare_axis,
    colour,
    fit_left_names,
    label_weight,
    log_floor,
    log_value_axis,
    room_for_labels,
    width_px,
)
from reportgen.charts.kind import ChartKind
from reportgen.charts.labels import wrap
from reportgen.charts.theme import Theme


def check(data: ChartData) -> str | None:
    return duplicate_categories(data)


def duplicate_categories(data: ChartData) -> str | None:
    """Two rows with one category in one panel would draw one bar over the other."""
    seen: dict[tuple[str, str, str], str] = {}
    for p in data.points:
        key = (p.panel, p.series, p.label)
        if key in seen:
            return f"rows {seen[key]!r} and {p.id!r} are both {p.label!r}; narrow them with where: or pick another x:"
        seen[key] = p.id
    return None


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    points = data.points
    ys = list(range(len(points)))[::-1]
    present = [p.value for p in points if p.value is not None]
    low = log_floor(present) if data.log else 0.0
    if data.log:
        ax.set_xscale("log")
    for y, p in zip(ys, points, strict=True):
        if p.value is not None:
            ax.barh(y, p.value - low, left=low, height=0.62, color=colour(p, theme))
    labels = []
    for y, p in zip(ys, points, strict=True):
        at = p.value if p.value is not None else low
        colour_ = theme.ink if p.value is not None else theme.grey
        labels.append(ax.annotate(p.text, (at, y), xytext=(PAD_PX * 0.6, 0), textcoords="offset points", va="center",
                                  ha="left", color=colour_, fontweight=label_weight(p.highlight)))
    ax.set_yticks(ys, [wrap(p.label, data.lang, lines=4) + (f"\n{p.note}" if p.note else "") for p in points])
    for tick, p in zip(ax.get_yticklabels(), points, strict=True):
        tick.set_fontweight(label_weight(p.highlight))
        tick.set_color(theme.ink if p.highlight else theme.grey)
    fit_left_names(ax, ax.get_yticklabels(), theme)
    ax.set_ylim(-0.6, len(points) - 0.4)
    ax.set_xlim(low, max(present))
    span = ax.get_window_extent().width
    ends = [p.value if p.value is not None else low * 1.0001 + 1e-12 for p in points]
    ax.set_xlim(low, room_for_labels(ends, [width_px(ax, t) for t in labels], span, low if data.log else 0.0, data.log))
    bare_axis(ax, "y", theme)
    if data.log:
        ax.xaxis.set_visible(True)
        log_value_axis(ax, "x", data, theme)


KIND = ChartKind(
    name="ranked_bar",
    draw=draw,
    needs=Needs(required=("x", "y"), optional=("label",), log=True, facet=True, label_missing=True),
    check=check,
    left=0.2,
    summary="horizontal bars sorted largest first, value labels, highlighted categories",
)
