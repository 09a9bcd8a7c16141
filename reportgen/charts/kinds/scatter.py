"""Scatter or bubble: points at (x, y), sized by `size:` when given, each named beside it.

Names are placed where they overlap no other name or point (right, left, above, below, then the
diagonals). `guides: [10, 20]` draws the lines where y is 10% and 20% of x (capex as a share of
revenue), labelled at their end.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import colour, label_weight, renderer, tick_formatter
from reportgen.charts.kind import ChartKind
from reportgen.charts.theme import Theme

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
    area = [70 + 900 * (p.size or 0) / max(sizes) if sizes else 90 for p in points]
    ax.scatter(xs, ys, s=area, color=[colour(p, theme) for p in points], alpha=0.9, zorder=3, linewidths=0)
    ax.set_xlim(0, max(xs) * 1.12)
    ax.set_ylim(0, max(ys) * 1.18)
    for guide in data.guides:
        _guide(ax, guide, data, theme)
    _name_points(ax, data, xs, ys, [a ** 0.5 / 2 for a in area], theme)
    ax.grid(True, color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(tick_formatter(data.lang))
    ax.tick_params(length=0, labelsize=theme.font_size * theme.small)
    ax.set_xlabel(data.names.get("x", ""), fontsize=theme.font_size * theme.small, color=theme.grey)
    ax.set_ylabel(data.names.get("y", ""), fontsize=theme.font_size * theme.small, color=theme.grey)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.grid)


def _guide(ax: Any, share: float, data: ChartData, theme: Theme) -> None:
    x_end, y_top = ax.get_xlim()[1], ax.get_ylim()[1]
    x_stop = min(x_end, y_top / (share / 100))
    ax.plot([0, x_stop], [0, x_stop * share / 100], color=theme.muted, linewidth=1, linestyle=(0, (4, 3)), zorder=1)
    text = f"{share:g}%"
    ax.annotate(text, (x_stop, x_stop * share / 100), xytext=(-4, -4 if x_stop == x_end else 4), textcoords="offset points",
                ha="right", va="top" if x_stop == x_end else "bottom", color=theme.grey, fontsize=theme.font_size * theme.small)


def _name_points(ax: Any, data: ChartData, xs: list[float], ys: list[float], radii: list[float], theme: Theme) -> None:
    """Each point's name at the first place around it that overlaps no other name and no point."""
    from matplotlib.transforms import Bbox

    draw_with = renderer(ax)
    px_per_pt = ax.figure.dpi / 72
    dots = [Bbox.from_bounds(cx - r * px_per_pt, cy - r * px_per_pt, 2 * r * px_per_pt, 2 * r * px_per_pt)
            for (cx, cy), r in zip((ax.transData.transform((x, y)) for x, y in zip(xs, ys, strict=True)), radii, strict=True)]
    taken: list[Any] = []
    frame = ax.get_window_extent(draw_with)
    order = sorted(range(len(data.points)), key=lambda i: (-data.points[i].highlight, ys[i]))
    for i in order:
        p = data.points[i]
        name = p.note or p.label
        if not name:
            continue
        for dx, dy, ha, va in OFFSETS:
            grow = radii[i] / max(abs(dx), abs(dy), 1)
            text = ax.annotate(name, (xs[i], ys[i]), xytext=(dx * (1 + grow), dy * (1 + grow)), textcoords="offset points",
                               ha=ha, va=va,
                               fontweight=label_weight(p.highlight), color=theme.ink if p.highlight else theme.grey, zorder=4)
            box = text.get_window_extent(draw_with).expanded(1.05, 1.1)
            clash = any(box.overlaps(t) for t in taken) or any(
                box.overlaps(d) for j, d in enumerate(dots) if j != i) or not _inside(box, frame)
            if not clash:
                taken.append(box)
                break
            text.remove()
        else:
            taken.append(ax.annotate(name, (xs[i], ys[i]), xytext=(9 + radii[i], 0), textcoords="offset points", va="center",
                                     fontweight=label_weight(p.highlight), color=theme.ink).get_window_extent(draw_with))


def _inside(box: Any, frame: Any) -> bool:
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 + 40 and box.y0 >= frame.y0 and box.y1 <= frame.y1


KIND = ChartKind(
    name="scatter",
    draw=draw,
    needs=Needs(required=("x", "y"), optional=("size", "label"), numeric=("x", "y", "size")),
    check=check,
    left=0.1,
    summary="points at (x, y), bubbles sized by a column, named beside them, ratio guides",
)
