"""Line (or step): one line per series over time, named at its end instead of in a legend.

`x:` is a year or a date; `step: true` draws steps (a level that holds until it changes). Points are
labelled with their values when there are few of them; otherwise only each line's last point is.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import label_weight, renderer, series_colours, width_px
from reportgen.charts.kind import ChartKind
from reportgen.charts.theme import Theme

FEW = 12  # label every point up to this many


def check(data: ChartData) -> str | None:
    seen: dict[tuple[str, float], str] = {}
    for p in data.points:
        key = (p.series, p.x or 0.0)
        if key in seen:
            return f"rows {seen[key]!r} and {p.id!r} give the same series {p.series or '(one line)'!r} two values at {p.label}"
        seen[key] = p.id
    return None


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    colours = series_colours(data, theme)
    every = len(data.points) <= FEW
    names, values = [], []
    for name in data.series_names():
        points = sorted((p for p in data.points if p.series == name), key=lambda p: p.x or 0.0)
        xs, ys = [p.x for p in points], [p.value for p in points]
        strong = name in data.highlighted_series() or len(colours) == 1
        ax.plot(xs, ys, color=colours[name], linewidth=2.6 if strong else 1.8, marker="o", markersize=5 if strong else 4,
                drawstyle="steps-post" if data.step else "default", zorder=3 if strong else 2)
        for p in points if every else points[-1:]:
            values.append((p, ax.annotate(p.text, (p.x, p.value), xytext=(0, 7), textcoords="offset points", ha="center",
                                          va="bottom", color=theme.ink, fontsize=theme.font_size * theme.small,
                                          fontweight=label_weight(strong))))
        if name:
            names.append(ax.annotate(name, (points[-1].x, points[-1].value), xytext=(10, 0), textcoords="offset points",
                                     va="center", color=colours[name], fontweight="semibold"))
    xs = [p.x or 0.0 for p in data.points]
    ys = [p.value or 0.0 for p in data.points]
    ax.set_ylim(0, max(ys) * 1.2)
    low, high = min(xs), max(xs)
    span = max(high - low, 1.0)
    ax.set_xlim(low - span * 0.04, high + span * 0.04)
    if names:
        room = max(width_px(ax, t) for t in names) + 16
        per_px = (span * 1.08) / ax.get_window_extent().width
        ax.set_xlim(low - span * 0.04, high + span * 0.04 + room * per_px)
    _unclash(ax, values)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_color(theme.muted)
    ax.tick_params(axis="x", length=0, pad=6)


def _unclash(ax: Any, values: list[tuple[Any, Any]]) -> None:
    """Where two lines' value labels at one x collide, the lower line's label goes under its point."""
    draw_with = renderer(ax)
    for x in {p.x for p, _ in values}:
        here = sorted(((p, t) for p, t in values if p.x == x), key=lambda pt: -(pt[0].value or 0.0))
        for (_, upper), (_, lower) in zip(here, here[1:], strict=False):
            if upper.get_window_extent(draw_with).overlaps(lower.get_window_extent(draw_with)):
                lower.xyann = (0, -8)
                lower.set_va("top")


KIND = ChartKind(
    name="line",
    draw=draw,
    needs=Needs(required=("x", "y"), optional=("series",), numeric=("y",), time=("x",)),
    check=check,
    summary="one line (or step) per series over time, named at its end",
)
