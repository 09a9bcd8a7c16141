"""Column: vertical bars in row order (or `order_by:`), each labelled with its value on top.

`label:` adds a muted second line under each category (a year under a fund's name); `facet:` draws
one small panel per value, each with its own scale (papers beside patents).
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import PAD_PX, bare_axis, colour, height_px, label_weight, log_floor, room_for_labels
from reportgen.charts.kind import ChartKind
from reportgen.charts.kinds.ranked_bar import duplicate_categories
from reportgen.charts.labels import wrap
from reportgen.charts.theme import Theme


def category_width(data: ChartData) -> int:
    """Characters per line under a column: wider when there are few columns."""
    per_line = 34 if data.lang != "ko" else 20
    return max(8, per_line * 3 // max(len(data.points), 3))


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    points = data.points
    xs = list(range(len(points)))
    present = [p.value for p in points if p.value is not None]
    low = log_floor(present) if data.log else 0.0
    if data.log:
        ax.set_yscale("log")
    labels = []
    for x, p in zip(xs, points, strict=True):
        if p.value is not None:
            ax.bar(x, p.value - low, bottom=low, width=0.58, color=colour(p, theme))
        at = p.value if p.value is not None else low
        labels.append(ax.annotate(p.text, (x, at), xytext=(0, PAD_PX * 0.5), textcoords="offset points", ha="center",
                                  va="bottom", color=theme.ink if p.value is not None else theme.grey,
                                  fontweight=label_weight(p.highlight)))
    width = category_width(data)
    names = [wrap(p.label, data.lang, width, lines=2) for p in points]
    ax.set_xticks(xs, names)
    for tick, p in zip(ax.get_xticklabels(), points, strict=True):
        tick.set_fontweight(label_weight(p.highlight))
        tick.set_color(theme.ink if p.highlight else theme.grey)
    below = max(n.count("\n") + 1 for n in names) * 1.25 + (1.1 if any(p.note for p in points) else 0.0)
    _room_below(ax, (6 + below * theme.font_size) / 72 * ax.figure.dpi)
    for x, p, name in zip(xs, points, names, strict=True):
        if p.note:
            drop = 6 + (name.count("\n") + 1) * theme.font_size * 1.25
            ax.annotate(p.note, (x, 0), xycoords=("data", "axes fraction"), xytext=(0, -drop), textcoords="offset points",
                        ha="center", va="top", color=theme.grey, fontsize=theme.font_size * theme.small)
    ax.set_xlim(-0.6, len(points) - 0.4)
    ax.set_ylim(low, max(present))
    span = ax.get_window_extent().height
    ends = [p.value if p.value is not None else low * 1.0001 + 1e-12 for p in points]
    ax.set_ylim(low, room_for_labels(ends, [height_px(ax, t) for t in labels], span, low, data.log))
    bare_axis(ax, "x", theme)


def _room_below(ax: Any, need_px: float) -> None:
    """Raise the plot's bottom edge when the names and notes under it need more than the margin gives."""
    box = ax.get_position()
    have = box.y0 * ax.figure.bbox.height
    if need_px > have:
        lift = (need_px - have) / ax.figure.bbox.height
        ax.set_position((box.x0, box.y0 + lift, box.width, box.height - lift))


KIND = ChartKind(
    name="column",
    draw=draw,
    needs=Needs(required=("x", "y"), optional=("label",), log=True, facet=True, label_missing=True),
    check=duplicate_categories,
    summary="vertical bars in row order (years, countries), value labels on top",
)
