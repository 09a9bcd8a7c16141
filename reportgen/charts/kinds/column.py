"""Column: vertical bars in row order (or `order_by:`), each labelled with its value on top.

`label:` adds a muted second line under each category (a year under a fund's name); `facet:` draws
one small panel per value, each with its own scale (papers beside patents).
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import (
    PAD_PX,
    bare_axis,
    colour,
    fit_bars,
    height_px,
    label_weight,
    log_floor,
    reference_lines,
    tag,
    width_px,
    with_callout,
)
from reportgen.charts.kind import ChartKind
from reportgen.charts.kinds.ranked_bar import duplicate_categories
from reportgen.charts.labels import wrap
from reportgen.charts.theme import Theme

MAX_COLUMNS = 20  # columns side by side in one picture (over all its panels)


def category_width(data: ChartData) -> int:
    """Characters per line under a column: wider when there are few columns."""
    per_line = 34 if data.lang != "ko" else 20
    return max(4, per_line * 3 // max(len(data.points), 3))


def value_labels(ax: Any, data: ChartData, xs: list[float], theme: Theme, size: float, bold: set[str] | None = None,
                 anchors: list[float] | None = None) -> list[Any]:
    """Each column's value beyond its end (above a rise, below a fall); turned upright where neighbours would touch.
    `anchors`: where each column ends, when it does not start at zero (a waterfall's changes)."""
    labels = []
    for i, (x, p) in enumerate(zip(xs, data.points, strict=True)):
        below = p.value is not None and p.value < 0
        at = anchors[i] if anchors is not None else p.value if p.value is not None else 0.0
        strong = p.highlight if bold is None else p.series in bold
        labels.append(tag(ax.annotate(with_callout(p), (x, at), xytext=(0, -PAD_PX * 0.5 if below else PAD_PX * 0.5),
                                      textcoords="offset points", ha="center", va="top" if below else "bottom", fontsize=size,
                                      color=theme.ink if p.value is not None else theme.grey, fontweight=label_weight(strong)),
                          "value", p.id))
    at = sorted(ax.transData.transform((x, 0))[0] for x in xs)
    slot = min((b - a for a, b in zip(at, at[1:], strict=False)), default=ax.get_window_extent().width) * 0.96
    if any(width_px(ax, t) > slot for t in labels):
        for t in labels:
            t.set_rotation(90)
    return labels


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    points = data.points
    xs = list(range(len(points)))
    present = [p.value for p in points if p.value is not None]
    low = log_floor(present) if data.log else 0.0
    if data.log:
        ax.set_yscale("log")
    for x, p in zip(xs, points, strict=True):
        if p.value is not None:
            tag(ax.bar(x, p.value - low, bottom=low, width=0.58, color=colour(p, theme))[0], "bar", p.id)
    ax.set_xlim(-0.6, len(points) - 0.4)
    slot = ax.get_window_extent().width / max(len(points), 1)
    size = theme.font_size if slot > 90 * ax.figure.dpi / 200 else theme.font_size * theme.small
    labels = value_labels(ax, data, xs, theme, size)
    category_names(ax, data, [p.label for p in points], xs, theme, slot)
    for tick, p in zip(ax.get_xticklabels(), points, strict=True):
        tick.set_fontweight(label_weight(p.highlight))
        tick.set_color(theme.ink if p.highlight else theme.grey)
    notes = [tag(ax.annotate(p.note, (x, 0), xycoords=("data", "axes fraction"), xytext=(0, 0), textcoords="offset points",
                             ha="center", va="top", color=theme.grey, fontsize=theme.font_size * theme.small), "note", p.id)
             for x, p in zip(xs, points, strict=True) if p.note]
    names_px = max((height_px(ax, t) for t in ax.get_xticklabels()), default=0.0)
    for note in notes:
        note.xyann = (0, -(names_px * 72 / ax.figure.dpi + 10))
    _room_below(ax, names_px + (max(height_px(ax, n) for n in notes) + 6 if notes else 0) + 10)
    fit_bars(ax, data, labels, "y", low, theme)
    reference_lines(ax, data, theme)
    bare_axis(ax, "x", theme)


def category_names(ax: Any, data: ChartData, labels: list[str], xs: list[float], theme: Theme, slot_px: float) -> list[str]:
    """Category names under the columns: wrapped to the column's width, smaller, then turned, where they would touch."""
    width = category_width(data)
    names = [wrap(label, data.lang, width, lines=2) for label in labels]
    ax.set_xticks(xs, names)
    ticks = ax.get_xticklabels()
    if any(width_px(ax, t) > slot_px * 0.96 for t in ticks):
        for t in ticks:
            t.set_fontsize(theme.font_size * theme.small)
    if any(width_px(ax, t) > slot_px * 0.96 for t in ticks):
        names = [" ".join(label.split()) for label in labels]
        ax.set_xticks(xs, names, rotation=35, ha="right", rotation_mode="anchor", fontsize=theme.font_size * theme.small)
    return names


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
    needs=Needs(required=("x", "y"), optional=("label",), log=True, facet=True, label_missing=True, lines=True,
                max_marks=MAX_COLUMNS),
    check=duplicate_categories,
    summary="vertical bars in row order (years, countries), value labels on top",
)
