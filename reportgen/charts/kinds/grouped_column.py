"""Grouped column: one group per category (x, e.g. a year or a metric), one column per series (a country).

The series are named once in a row above the plot, in their colours; highlighted series (China) take
the highlight colour, the others greys.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import bare_axis, height_px, reference_lines, series_colours, tag, value_limits
from reportgen.charts.kind import ChartKind
from reportgen.charts.kinds.column import category_names, value_labels
from reportgen.charts.kinds.ranked_bar import duplicate_categories
from reportgen.charts.theme import Theme


def check(data: ChartData) -> str | None:
    repeated = duplicate_categories(data)
    if repeated:
        return repeated
    series = data.series_names()
    if len(series) < 2:
        return f"a grouped column needs two or more series; `series:` has only {series[0]!r} (use column)"
    for category in dict.fromkeys(p.label for p in data.points):
        present = {p.series for p in data.points if p.label == category}
        lacking = [s for s in series if s not in present]
        if lacking:
            return f"category {category!r} has no row for series {', '.join(map(repr, lacking))}; every group needs every series"
    return None


MAX_COLUMNS = 24  # columns side by side in one picture


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    categories = list(dict.fromkeys(p.label for p in data.points))
    series = data.series_names()
    colours = series_colours(data, theme)
    step = 0.8 / len(series)
    xs = []
    for p in data.points:
        x = categories.index(p.label) - 0.4 + step * (series.index(p.series) + 0.5)
        xs.append(x)
        if p.value is not None:
            tag(ax.bar(x, p.value, width=step * 0.9, color=colours[p.series])[0], "bar", p.id)
    ax.set_xlim(-0.6, len(categories) - 0.4)
    labels = value_labels(ax, data, xs, theme, theme.font_size * theme.small, bold=data.highlighted_series())
    slot = ax.get_window_extent().width / max(len(categories), 1)
    category_names(ax, data, categories, list(range(len(categories))), theme, slot)
    ends = [p.value if p.value is not None else 0.0 for p in data.points]
    ax.set_ylim(*value_limits(ends, [height_px(ax, t) for t in labels], ax.get_window_extent().height))
    if any(v < 0 for v in ends):
        ax.axhline(0, color=theme.muted, linewidth=1, zorder=3)
    reference_lines(ax, data, theme)
    from matplotlib.patches import Patch

    handles = [Patch(color=colours[s], label=s) for s in series]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(series), frameon=False,
              handlelength=0.9, handleheight=0.9, borderaxespad=0.2, columnspacing=1.4, labelcolor=theme.ink)
    bare_axis(ax, "x", theme)


KIND = ChartKind(
    name="grouped_column",
    draw=draw,
    needs=Needs(required=("x", "y", "series"), facet=True, label_missing=True, lines=True, max_marks=MAX_COLUMNS),
    check=check,
    summary="columns grouped by category, one per series (China vs US by year)",
)
