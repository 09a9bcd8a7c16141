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
    fit_bars,
    fit_left_names,
    fitted_size,
    label_weight,
    log_floor,
    log_value_axis,
    reference_lines,
    tag,
    with_callout,
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


MAX_BARS = 24  # one bar per text line at the smallest readable size


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    points = data.points
    n = len(points)
    ys = list(range(n))[::-1]
    present = [p.value for p in points if p.value is not None]
    low = log_floor(present) if data.log else 0.0
    if data.log:
        ax.set_xscale("log")
    pitch = ax.get_window_extent().height / max(n, 1.6)
    lines = 4 if pitch > 120 else 2 if pitch > 60 else 1
    size = fitted_size(ax, theme, pitch * 0.95, 1)
    name_size = fitted_size(ax, theme, pitch * 0.95, lines)
    for y, p in zip(ys, points, strict=True):
        if p.value is not None:
            tag(ax.barh(y, p.value - low, left=low, height=0.62, color=colour(p, theme))[0], "bar", p.id)
    labels = []
    for y, p in zip(ys, points, strict=True):
        at = p.value if p.value is not None else low
        below = p.value is not None and p.value < 0
        colour_ = theme.ink if p.value is not None else theme.grey
        labels.append(tag(ax.annotate(with_callout(p), (at, y), xytext=(-PAD_PX * 0.6 if below else PAD_PX * 0.6, 0),
                                      textcoords="offset points", va="center", ha="right" if below else "left", color=colour_,
                                      fontsize=size, fontweight=label_weight(p.highlight)), "value", p.id))
    names = [wrap(p.label, data.lang, lines=lines) + (f"\n{p.note}" if p.note and lines > 1 else "") for p in points]
    ax.set_yticks(ys, names)
    for tick, p in zip(ax.get_yticklabels(), points, strict=True):
        tick.set_fontweight(label_weight(p.highlight))
        tick.set_color(theme.ink if p.highlight else theme.grey)
        tick.set_fontsize(name_size)
    fit_left_names(ax, ax.get_yticklabels(), theme)
    ax.set_ylim(-0.6 if n > 1 else -0.8, n - 0.4 if n > 1 else 0.8)
    fit_bars(ax, data, labels, "x", low, theme)
    reference_lines(ax, data, theme, axis="x")
    bare_axis(ax, "y", theme)
    if data.log:
        ax.xaxis.set_visible(True)
        log_value_axis(ax, "x", data, theme)


KIND = ChartKind(
    name="ranked_bar",
    draw=draw,
    needs=Needs(required=("x", "y"), optional=("label",), log=True, facet=True, label_missing=True, lines=True,
                max_marks=MAX_BARS),
    check=check,
    left=0.2,
    value_axis="x",
    summary="horizontal bars sorted largest first, value labels, highlighted categories",
)
