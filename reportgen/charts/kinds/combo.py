"""Combo: columns (`y:`) with a line (`y2:`) on a second axis, for two measures of one category or year.

The columns start at zero and carry their values, in the lower part of the plot; the line runs above
them on its own scale, with ticks in its colour at the right over its own range only, so nobody
reads it against the columns' scale and it never crosses their labels. A key above the plot names both
(the column titles from `columns.<table>.<column>` in the text).
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import bare_axis, colour, height_px, reference_lines, tag, tick_formatter, value_limits, width_px
from reportgen.charts.kind import ChartKind
from reportgen.charts.kinds.column import MAX_COLUMNS, category_names, value_labels
from reportgen.charts.kinds.ranked_bar import duplicate_categories
from reportgen.charts.theme import Theme

BARS = 0.58  # the share of the height the columns (and their labels) take, from the bottom
LINE = (0.66, 0.94)  # where the line's lowest and highest values sit, as shares of the height


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    points = data.points
    xs = list(range(len(points)))
    line_colour = line_ink(data, theme)
    for x, p in zip(xs, points, strict=True):
        if p.value is not None:
            tag(ax.bar(x, p.value, width=0.58, color=colour(p, theme))[0], "bar", p.id)
    ax.set_xlim(-0.6, len(points) - 0.4)
    labels = value_labels(ax, data, xs, theme, theme.font_size * theme.small)
    slot = ax.get_window_extent().width / max(len(points), 1)
    category_names(ax, data, [p.label for p in points], xs, theme, slot)
    ends = [p.value or 0.0 for p in points]
    low, high = value_limits(ends, [height_px(ax, t) for t in labels], ax.get_window_extent().height * BARS)
    ax.set_ylim(low, low + (high - low) / BARS)  # the columns in the lower part, the line above them
    reference_lines(ax, data, theme)
    bare_axis(ax, "x", theme)
    right = ax.twinx()
    pairs = [(x, p.value2) for x, p in zip(xs, points, strict=True) if p.value2 is not None]
    tag(right.plot([x for x, _ in pairs], [v for _, v in pairs], color=line_colour, linewidth=2.4, marker="o", markersize=5,
                   zorder=4)[0], "line", "y2")
    last = next(p for p in reversed(points) if p.value2 is not None)
    tag(right.annotate(last.text2, (len(points) - 1, last.value2), xytext=(0, 8), textcoords="offset points", ha="center",
                       va="bottom", color=line_colour, fontweight="semibold", fontsize=theme.font_size * theme.small), "end", "y2")
    values = [v for _, v in pairs]
    lo, hi = min(values), max(values)
    if hi == lo:
        lo, hi = lo - (abs(lo) or 1.0) * 0.5, hi + (abs(hi) or 1.0) * 0.5
    span = (hi - lo) / (LINE[1] - LINE[0])
    right.set_ylim(lo - LINE[0] * span, lo - LINE[0] * span + span)
    right.set_yticks([t for t in MaxNLocator(nbins=4).tick_values(lo, hi) if lo - 1e-9 * abs(lo) <= t <= hi + 1e-9 * abs(hi)] or [lo])
    right.yaxis.set_major_formatter(tick_formatter(data.lang))
    right.tick_params(axis="y", length=0, labelsize=theme.font_size * theme.small, colors=line_colour)
    for side in ("top", "left", "bottom"):
        right.spines[side].set_visible(False)
    right.spines["right"].set_visible(False)
    handles = [Patch(color=theme.base, label=data.names.get("y", "")), Line2D([], [], color=line_colour, marker="o",
                                                                          label=data.names.get("y2", ""))]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False, handlelength=1.4,
              borderaxespad=0.2, columnspacing=1.6, labelcolor=theme.ink, fontsize=theme.font_size * theme.small)
    ax.set_xlim(-0.6, len(points) - 0.4)
    right.set_xlim(-0.6, len(points) - 0.4)
    ax.figure.canvas.draw()
    need = max((width_px(right, t) for t in right.get_yticklabels() if t.get_text()), default=0.0) + 16
    free = ax.figure.bbox.width - ax.get_window_extent().x1
    if need > free:
        for axes in (ax, right):
            box = axes.get_position()
            axes.set_position((box.x0, box.y0, box.width - (need - free) / ax.figure.bbox.width, box.height))


def line_ink(data: ChartData, theme: Theme) -> str:
    """The line's colour: the highlight, unless a column is highlighted (then navy); the deck's native combo
    takes the same."""
    return theme.highlight if not any(p.highlight for p in data.points) else theme.series[0]


def check(data: ChartData) -> str | None:
    return duplicate_categories(data)


KIND = ChartKind(
    name="combo",
    draw=draw,
    needs=Needs(required=("x", "y", "y2"), numeric=("y", "y2"), lines=True, max_marks=MAX_COLUMNS),
    check=check,
    summary="columns with a line on a second axis (revenue and margin, GDP and growth)",
)
