"""Kinds over time: line (or step) by series, and a timeline of dated milestones."""

from __future__ import annotations

from typing import Any

from reportgen.charts.prepare import ChartData
from reportgen.charts.theme import Theme


def draw_line(fig: Any, ax: Any, data: ChartData, theme: Theme) -> None:
    """One line per series over x, with markers, the last point labelled with series name and value."""
    groups = list(dict.fromkeys(data.series)) or [""]
    for g, group in enumerate(groups):
        points = [(x, y, t) for x, y, t, s in zip(data.xs, data.values, data.texts, data.series, strict=True) if s == group]
        points.sort()
        colour = theme.highlight if g == 0 else theme.series[g % len(theme.series)]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        ax.plot(xs, ys, color=colour, linewidth=2.4, marker="o", markersize=6)
        for x, y, text in points:
            ax.annotate(text, (x, y), xytext=(0, 8), textcoords="offset points", ha="center", color=theme.ink)
        if group:
            ax.annotate(group, (xs[-1], ys[-1]), xytext=(10, -4), textcoords="offset points", color=colour, fontweight="semibold")
    ax.set_ylim(0, max(data.values) * 1.25)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)


def year_of(text: str) -> float | None:
    """'2023-08' -> 2023.58; '2017' -> 2017.0; '' -> None."""
    parts = text.split("-")
    if not parts[0].isdigit():
        return None
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
    return int(parts[0]) + (month - 1) / 12


LEVELS = (0.16, -0.16, 0.36, -0.36)  # label heights above and below a lane, tried in order


def draw_timeline(fig: Any, ax: Any, data: ChartData, theme: Theme) -> None:
    """Milestones on a time axis, one lane per series (e.g. jurisdiction), each event named beside its dot."""
    lanes = list(dict.fromkeys(data.series))
    events = [(year_of(x), name, lane) for x, name, lane in zip(data.labels, data.notes, data.series, strict=True)]
    events = [e for e in events if e[0] is not None]
    years = [e[0] for e in events]
    low, high = min(years) - 0.8, max(years) + 1.6
    for i, lane in enumerate(lanes):
        y = len(lanes) - 1 - i
        colour = theme.highlight if i == 0 else theme.series[(i + 1) % len(theme.series)]
        ax.hlines(y, low, high, color=theme.grid, linewidth=1.5, zorder=1)
        ax.text(low - 0.15, y, lane, ha="right", va="center", fontweight="semibold", color=colour)
        lane_events = sorted(e for e in events if e[2] == lane)
        last_end = {level: -1e9 for level in LEVELS}
        for year, name, _ in lane_events:
            ax.scatter([year], [y], s=60, color=colour, zorder=3)
            width = len(name) * (0.16 if not name.isascii() else 0.09) + 0.3  # years of axis the label takes
            level = next((lv for lv in LEVELS if last_end[lv] < year - width / 2), LEVELS[0])
            last_end[level] = year + width / 2
            ax.text(year, y + level, name, ha="center", va="bottom" if level > 0 else "top",
                    fontsize=theme.font_size * 0.85, color=theme.ink)
    ax.set_xlim(low, high)
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.yaxis.set_visible(False)
    for side in ("left",):
        ax.spines[side].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="x", length=0)
