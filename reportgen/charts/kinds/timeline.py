"""Timeline: dated milestones (laws, launches) on a time axis, one lane per series (a jurisdiction).

Each milestone is named beside its dot, above or below the lane, at the first level where its name
overlaps no other. Highlighted lanes (China) take the highlight colour; the others grey.
A row without a date is a missing value (see `missing:`).
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import fit_left_names, label_weight, renderer
from reportgen.charts.kind import ChartKind
from reportgen.charts.labels import wrap
from reportgen.charts.theme import Theme

LEVELS = (0.2, -0.2, 0.42, -0.42)  # label heights around a lane, tried in this order


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    lanes = data.series_names()
    marked = data.highlighted_series()
    years = [p.x or 0.0 for p in data.points]
    low, high = min(years) - 0.8, max(years) + 0.8
    ax.set_xlim(low, high)
    ax.set_ylim(-0.75, len(lanes) - 0.3)
    draw_with = renderer(ax)
    names = []
    for i, lane in enumerate(lanes):
        y = len(lanes) - 1 - i
        strong = lane in marked
        dot = theme.highlight if strong else theme.base
        ax.axhline(y, color=theme.grid, linewidth=1.5, zorder=1)
        if lane:
            names.append(ax.annotate(wrap(lane, data.lang), (0, y), xycoords=("axes fraction", "data"), xytext=(-10, 0),
                                     textcoords="offset points", ha="right", va="center", fontweight="semibold",
                                     color=theme.highlight if strong else theme.grey))
        taken: dict[float, list[Any]] = {level: [] for level in LEVELS}
        for p in sorted((p for p in data.points if p.series == lane), key=lambda p: p.x or 0.0):
            ax.scatter([p.x], [y], s=60, color=dot, zorder=3)
            for level in LEVELS:
                text = _name(ax, p.note, p.x or 0.0, y + level, level > 0, p.highlight, data.lang, theme)
                box = text.get_window_extent(draw_with).expanded(1.08, 1.0)
                if not any(box.overlaps(other) for other in taken[level]):
                    taken[level].append(box)
                    break
                text.remove()
            else:  # crowded on every level: the name goes above, where it was first tried
                _name(ax, p.note, p.x or 0.0, y + LEVELS[0], True, p.highlight, data.lang, theme)
    fit_left_names(ax, names, theme)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_color(theme.muted)
    ax.tick_params(axis="x", length=0, pad=6)


def _name(ax: Any, name: str, x: float, y: float, above: bool, strong: bool, lang: str, theme: Theme) -> Any:
    return ax.text(x, y, wrap(name, lang, 16 if lang == "ko" else 26, lines=2), ha="center", va="bottom" if above else "top",
                   fontsize=theme.font_size * theme.small, color=theme.ink, fontweight=label_weight(strong), linespacing=1.1)


KIND = ChartKind(
    name="timeline",
    draw=draw,
    needs=Needs(required=("x", "label"), optional=("series",), numeric=(), time=("x",)),
    left=0.13,
    summary="dated milestones on a time axis, one lane per series",
)
