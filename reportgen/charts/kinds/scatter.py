"""Scatter or bubble: points at (x, y), sized by `size:` when given, each named beside it.

Names are placed where they overlap no other name or point (right, left, above, below, then the
diagonals). `guides: [10, 20]` draws the lines where y is 10% and 20% of x (capex as a share of
revenue), labelled at their end.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import colour, colour_key, label_weight, reference_lines, renderer, tag, tick_formatter, tick_margin
from reportgen.charts.kind import ChartKind
from reportgen.charts.theme import THEME, Theme

OFFSETS = ((9, 0, "left", "center"), (-9, 0, "right", "center"), (0, 9, "center", "bottom"), (0, -9, "center", "top"),
           (8, 8, "left", "bottom"), (8, -8, "left", "top"), (-8, 8, "right", "bottom"), (-8, -8, "right", "top"))


def check(data: ChartData) -> str | None:
    negative = [p for p in data.points if p.size is not None and p.size < 0]
    if negative:
        return f"row {negative[0].id!r} has size {negative[0].size:g}; a bubble needs a size of 0 or more"
    return None


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    points = data.points
    xs = [p.x or 0.0 for p in points]
    ys = [p.value or 0.0 for p in points]
    sizes = [p.size for p in points if p.size is not None]
    top = max(sizes, default=0.0)
    area = [70 + 900 * (p.size or 0) / top if sizes and top > 0 else 90 for p in points]
    if data.log_x:
        ax.set_xscale("log")
    if data.log:
        ax.set_yscale("log")
    tag(ax.scatter(xs, ys, s=area, color=[colour(p, theme) for p in points], alpha=0.85, zorder=3,
                   linewidths=0), "points", data.chart_id)
    ax.set_xlim(*_fit(xs, data.log_x, 0.06))
    ax.set_ylim(*_fit(ys, data.log, 0.1))
    for guide in data.guides:
        _guide(ax, guide, data, theme)
    reference_lines(ax, data, theme, left=True)
    ax.grid(True, color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    for axis, logged in ((ax.xaxis, data.log_x), (ax.yaxis, data.log)):
        if logged:
            from matplotlib.ticker import LogLocator, NullLocator

            axis.set_major_locator(LogLocator(base=10))
            axis.set_minor_locator(NullLocator())
        axis.set_major_formatter(tick_formatter(data.lang))
    ax.tick_params(length=0, labelsize=theme.font_size * theme.small)
    ax.set_xlabel(data.names.get("x", ""), fontsize=theme.font_size * theme.small, color=theme.grey)
    ax.set_ylabel(data.names.get("y", ""), fontsize=theme.font_size * theme.small, color=theme.grey)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.grid)
    colour_key(ax, data, theme)
    ax.figure.canvas.draw()  # tick labels laid out: names must not cover them
    _name_points(ax, data, xs, ys, [a ** 0.5 / 2 for a in area], theme)


def _fit(values: list[float], log: bool, pad: float) -> tuple[float, float]:
    """An axis range that fits the values: from zero when they are positive and come near it, else around them."""
    low, high = min(values), max(values)
    if log:
        return low / 10 ** (pad * 3), high * 10 ** (pad * 3)
    if high == low:
        return low - (abs(low) or 1.0) * 0.5, high + (abs(high) or 1.0) * 0.5
    if low >= 0 and low <= (high - low) * 0.5:
        return 0.0, high + (high - low) * pad * 1.5
    return low - (high - low) * pad, high + (high - low) * pad * 1.5


def _guide(ax: Any, share: float, data: ChartData, theme: Theme) -> None:
    x_end, y_top = ax.get_xlim()[1], ax.get_ylim()[1]
    x_stop = min(x_end, y_top / (share / 100))
    start = max(ax.get_xlim()[0], 1e-12 if data.log_x else 0.0)
    ax.plot([start, x_stop], [start * share / 100, x_stop * share / 100], color=theme.muted, linewidth=1, linestyle=(0, (4, 3)),
            zorder=1)
    text = f"{share:g}%"
    ax.annotate(text, (x_stop, x_stop * share / 100), xytext=(-4, -4 if x_stop == x_end else 4), textcoords="offset points",
                ha="right", va="top" if x_stop == x_end else "bottom", color=theme.grey, fontsize=theme.font_size * theme.small)


def _name_points(ax: Any, data: ChartData, xs: list[float], ys: list[float], radii: list[float], theme: Theme) -> None:
    """Each point with text in its label cell named where the name overlaps no other name, point or tick label:
    beside it first, then further out with a leader line; a name with no free place is left out."""
    from matplotlib.transforms import Bbox

    draw_with = renderer(ax)
    px_per_pt = ax.figure.dpi / 72
    centres = [ax.transData.transform((x, y)) for x, y in zip(xs, ys, strict=True)]
    dots = [Bbox.from_bounds(cx - r * px_per_pt, cy - r * px_per_pt, 2 * r * px_per_pt, 2 * r * px_per_pt)
            for (cx, cy), r in zip(centres, radii, strict=True)]
    taken: list[Any] = [t.get_window_extent(draw_with) for t in ax.texts]
    taken += [t.get_window_extent(draw_with) for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
    frame = ax.get_window_extent(draw_with)
    order = sorted(range(len(data.points)), key=lambda i: (-data.points[i].highlight, -(data.points[i].size or 0), ys[i]))
    for i in order:
        p = data.points[i]
        name = f"{p.note} · {p.callout}" if p.note and p.callout else p.note or p.callout
        if not name:
            continue
        for reach, (dx, dy, ha, va) in ((r, o) for r in (1.0, 2.6, 4.2) for o in OFFSETS):
            grow = radii[i] / max(abs(dx), abs(dy), 1)
            shift = (dx * (reach + grow), dy * (reach + grow))
            text = tag(ax.annotate(name, (xs[i], ys[i]), xytext=shift, textcoords="offset points", ha=ha, va=va,
                                   fontsize=theme.font_size * theme.small, fontweight=label_weight(p.highlight),
                                   color=theme.ink if p.highlight else theme.grey, zorder=4), "name", p.id)
            box = text.get_window_extent(draw_with).expanded(1.04, 1.08)
            clash = any(box.overlaps(t) for t in taken) or any(box.overlaps(d) for d in dots) or not _inside(box, frame)
            if not clash:
                taken.append(box)
                if reach > 1.0:
                    end = ax.transData.inverted().transform(_nearest_edge(box, centres[i]))
                    tag(ax.plot([xs[i], end[0]], [ys[i], end[1]], color=theme.muted, linewidth=0.8, zorder=2)[0], "leader", p.id)
                break
            text.remove()


def _nearest_edge(box: Any, point: Any) -> tuple[float, float]:
    """The point of a label's box nearest to its mark: where its leader line ends."""
    return (min(max(point[0], box.x0), box.x1), min(max(point[1], box.y0), box.y1))


def _inside(box: Any, frame: Any) -> bool:
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1


KIND = ChartKind(
    name="scatter",
    draw=draw,
    needs=Needs(required=("x", "y"), optional=("size", "label"), numeric=("x", "y", "size"), log=True, log_x=True, lines=True),
    check=check,
    left=lambda data: tick_margin(data, THEME, 0.1),
    summary="points at (x, y), bubbles sized by a column, named beside them, ratio guides",
)
