"""Dumbbell: two values per category joined by a line (2024 and the 2025 plan; China and the US).

`y:` is the first end (a muted ring) and `y2:` the second (solid; the highlight colour for highlighted
rows). Each end is labelled on its outer side, so a fall reads as clearly as a rise. A row without
its second end is a missing value (see `missing:`).
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import PAD_PX, fit_left_names, label_weight, width_px
from reportgen.charts.kind import ChartKind
from reportgen.charts.kinds.ranked_bar import duplicate_categories
from reportgen.charts.labels import wrap
from reportgen.charts.theme import Theme


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    points = data.points
    ys = list(range(len(points)))[::-1]
    texts = []
    for y, p in zip(ys, points, strict=True):
        start, end = p.value or 0.0, p.value2 or 0.0
        ax.plot([start, end], [y, y], color=theme.muted, linewidth=3, zorder=1, solid_capstyle="butt")
        ax.scatter([start], [y], s=70, color=theme.muted, edgecolors=theme.base, linewidths=1.2, zorder=2)
        ax.scatter([end], [y], s=95, color=theme.highlight if p.highlight else theme.series[0], zorder=3)
        rising = end >= start
        texts.append(ax.annotate(p.text2, (end, y), xytext=(PAD_PX if rising else -PAD_PX, 0), textcoords="offset points",
                                 ha="left" if rising else "right", va="center", fontweight="semibold", color=theme.ink))
        texts.append(ax.annotate(p.text, (start, y), xytext=(-PAD_PX if rising else PAD_PX, 0), textcoords="offset points",
                                 ha="right" if rising else "left", va="center", color=theme.grey,
                                 fontsize=theme.font_size * theme.small))
    ax.set_yticks(ys, [wrap(p.label, data.lang, lines=4) for p in points])
    for tick, p in zip(ax.get_yticklabels(), points, strict=True):
        tick.set_fontweight(label_weight(p.highlight))
        tick.set_color(theme.ink if p.highlight else theme.grey)
    fit_left_names(ax, ax.get_yticklabels(), theme)
    ax.set_ylim(-0.7, len(points) - 0.3 + (0.5 if data.names else 0.0))
    values = [v for p in points for v in (p.value, p.value2) if v is not None]
    low, high = min(min(values), 0.0), max(values)
    ax.set_xlim(low, high)
    per_px = (high - low) / ax.get_window_extent().width
    room = max(width_px(ax, t) for t in texts) + PAD_PX * 2
    ax.set_xlim(low - room * per_px, high + room * per_px)
    first, second = data.names.get("y", ""), data.names.get("y2", "")
    if first or second:
        ax.scatter([0.01], [0.97], s=45, color=theme.muted, edgecolors=theme.base, transform=ax.transAxes, clip_on=False)
        key = ax.annotate(first, (0.01, 0.97), xycoords="axes fraction", xytext=(PAD_PX, 0), textcoords="offset points",
                          va="center", color=theme.grey, fontsize=theme.font_size * theme.small)
        gap = (width_px(ax, key) + PAD_PX * 6) / ax.get_window_extent().width
        ax.scatter([0.01 + gap], [0.97], s=55, color=theme.series[0], transform=ax.transAxes, clip_on=False)
        ax.annotate(second, (0.01 + gap, 0.97), xycoords="axes fraction", xytext=(PAD_PX, 0), textcoords="offset points",
                    va="center", color=theme.grey, fontsize=theme.font_size * theme.small)
    ax.xaxis.set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, pad=8)


KIND = ChartKind(
    name="dumbbell",
    draw=draw,
    needs=Needs(required=("x", "y", "y2"), numeric=("y", "y2")),
    check=duplicate_categories,
    left=0.2,
    summary="two values per category joined by a line (before and after, China and the US)",
)
