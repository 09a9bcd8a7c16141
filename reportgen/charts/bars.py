"""Bar kinds: ranked bar (horizontal), column, grouped column."""

from __future__ import annotations

from typing import Any

from reportgen.charts.common import bare_axis, colours, label_weight, wrap
from reportgen.charts.prepare import ChartData
from reportgen.charts.theme import Theme


def draw_ranked_bar(fig: Any, ax: Any, data: ChartData, theme: Theme) -> None:
    """Horizontal bars, first row on top, each labelled with its value at the end."""
    n = len(data.values)
    positions = list(range(n))[::-1]
    ax.barh(positions, data.values, height=0.62, color=colours(data, theme))
    ax.set_yticks(positions, [wrap(label, data.lang) for label in data.labels])
    for tick, strong in zip(ax.get_yticklabels(), data.highlight, strict=True):
        tick.set_fontweight(label_weight(strong))
        tick.set_color(theme.ink if strong else theme.grey)
    if data.log:
        ax.set_xscale("log")
    top = max(data.values)
    ax.set_xlim(min(data.values) / 3 if data.log else 0, top * (4 if data.log else 1.18))
    for y, value, text, strong in zip(positions, data.values, data.texts, data.highlight, strict=True):
        ax.text(value * (1.08 if data.log else 1) + (0 if data.log else top * 0.012), y, text, va="center",
                ha="left", fontweight=label_weight(strong), color=theme.ink)
    ax.set_ylim(-0.6, n - 0.4)
    bare_axis(ax, "y")


def draw_column(fig: Any, ax: Any, data: ChartData, theme: Theme) -> None:
    """Vertical columns in row order, each labelled with its value on top."""
    positions = range(len(data.values))
    ax.bar(positions, data.values, width=0.58, color=colours(data, theme))
    ax.set_xticks(list(positions), [wrap(label, data.lang, 16 if data.lang == 'ko' else 24) for label in data.labels])
    top = max(data.values)
    ax.set_ylim(0, top * 1.2)
    for x, value, text, strong in zip(positions, data.values, data.texts, data.highlight, strict=True):
        ax.text(x, value + top * 0.03, text, ha="center", va="bottom", fontweight=label_weight(strong))
    bare_axis(ax, "x")


def draw_grouped_column(fig: Any, ax: Any, data: ChartData, theme: Theme) -> None:
    """Columns grouped by category (x), one colour per series, labelled directly."""
    categories = list(dict.fromkeys(data.labels))
    groups = list(dict.fromkeys(data.series))
    width = 0.8 / len(groups)
    top = max(data.values)
    for g, group in enumerate(groups):
        colour = theme.series[g % len(theme.series)]
        for label, value, text, series in zip(data.labels, data.values, data.texts, data.series, strict=True):
            if series != group:
                continue
            x = categories.index(label) - 0.4 + width * (g + 0.5)
            ax.bar(x, value, width=width * 0.92, color=colour, label=group if label == categories[0] else None)
            ax.text(x, value + top * 0.03, text, ha="center", va="bottom", fontsize=theme.font_size * 0.9)
    ax.set_xticks(range(len(categories)), categories)
    ax.set_ylim(0, top * 1.2)
    ax.legend(frameon=False, loc="upper right", ncols=len(groups))
    bare_axis(ax, "x")
