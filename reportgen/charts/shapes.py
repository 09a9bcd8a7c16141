"""Stacked bar (shares of 100%), dumbbell (two points per category) and scatter/bubble."""

from __future__ import annotations

from typing import Any

from reportgen.charts.common import bare_axis, colours, label_weight, wrap
from reportgen.charts.prepare import ChartData
from reportgen.charts.theme import Theme


def draw_stacked_bar(fig: Any, ax: Any, data: ChartData, theme: Theme) -> None:
    """One horizontal bar split into the rows' shares (summing to 100), each segment labelled inside."""
    left = 0.0
    for label, value, text, strong in zip(data.labels, data.values, data.texts, data.highlight, strict=True):
        colour = theme.highlight if strong else theme.muted
        ax.barh(0, value, left=left, height=0.5, color=colour, edgecolor="white", linewidth=2)
        ink = "white" if strong else theme.ink
        ax.text(left + value / 2, 0, text, ha="center", va="center", color=ink, fontweight="semibold",
                fontsize=theme.font_size * 1.3)
        name = wrap(label, data.lang, 24 if data.lang == 'ko' else 40)
        ax.text(left + value / 2, -0.42, name, ha="center", va="top", color=theme.ink, fontweight=label_weight(strong))
        left += value
    ax.set_xlim(0, max(left, 100))
    ax.set_ylim(-0.9, 0.5)
    ax.axis("off")


def draw_dumbbell(fig: Any, ax: Any, data: ChartData, theme: Theme) -> None:
    """Two values per category joined by a line: start (muted) and end (strong), labelled at the end."""
    n = len(data.values)
    positions = list(range(n))[::-1]
    for y, start, end, strong in zip(positions, data.values, data.values2, data.highlight, strict=True):
        colour = theme.highlight if strong else theme.series[0]
        ax.plot([start, end], [y, y], color=theme.muted, linewidth=3, zorder=1)
        ax.scatter([start], [y], s=70, color=theme.muted, zorder=2, edgecolors=theme.base)
        ax.scatter([end], [y], s=90, color=colour, zorder=3)
    top = max(max(data.values), max(v for v in data.values2 if v == v))
    for y, start, end, t1, t2 in zip(positions, data.values, data.values2, data.texts, data.texts2, strict=True):
        ax.text(end + top * 0.02, y, t2, va="center", ha="left", fontweight="semibold")
        ax.text(start - top * 0.02, y, t1, va="center", ha="right", color=theme.grey, fontsize=theme.font_size * 0.9)
    ax.set_yticks(positions, [wrap(label, data.lang) for label in data.labels])
    ax.set_xlim(-top * 0.12, top * 1.15)
    ax.set_ylim(-0.7, n - 0.3)
    first, second = data.names.get("y", ""), data.names.get("y2", "")
    if first or second:
        ax.text(0.0, 1.02, f"○ {first}   ● {second}", transform=ax.transAxes, color=theme.grey, fontsize=theme.font_size * 0.9)
    bare_axis(ax, "y")


def draw_scatter(fig: Any, ax: Any, data: ChartData, theme: Theme) -> None:
    """Points at (x, y), sized by `size` when given, each named directly beside it."""
    sizes = [max(s, 1) * 8 for s in data.sizes] if data.sizes else [90] * len(data.values)
    ax.scatter(data.xs, data.values, s=sizes, color=colours(data, theme), alpha=0.9, zorder=2)
    span_x, span_y = max(data.xs) or 1, max(data.values) or 1
    placed: list[tuple[float, float]] = []
    order = sorted(range(len(data.xs)), key=lambda i: (data.values[i], data.xs[i]))
    for i in order:
        x, y = data.xs[i], data.values[i]
        crowd = sum(1 for px, py in placed if abs(px - x) < span_x * 0.12 and abs(py - y) < span_y * 0.12)
        placed.append((x, y))
        ax.annotate(data.notes[i] or data.labels[i], (x, y), xytext=(8, -4 + 13 * crowd), textcoords="offset points",
                    fontweight=label_weight(data.highlight[i]), color=theme.ink if data.highlight[i] else theme.grey,
                    arrowprops={"arrowstyle": "-", "color": theme.muted, "linewidth": 0.6} if crowd else None)
    ax.grid(True, color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlim(0, max(data.xs) * 1.15)
    ax.set_ylim(0, max(data.values) * 1.2)
    ax.set_xlabel(data.names.get("x", ""))
    ax.set_ylabel(data.names.get("y", ""))
    ax.spines["left"].set_color(theme.grid)
    ax.spines["bottom"].set_color(theme.grid)
