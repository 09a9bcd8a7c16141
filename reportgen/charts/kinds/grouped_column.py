"""Grouped column: one group per category (x, e.g. a year or a metric), one column per series (a country).

The series are named once in a row above the plot, in their colours; highlighted series (China) take
the highlight colour, the others greys.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import PAD_PX, bare_axis, height_px, label_weight, room_for_labels, series_colours
from reportgen.charts.kind import ChartKind
from reportgen.charts.kinds.column import category_width
from reportgen.charts.kinds.ranked_bar import duplicate_categories
from reportgen.charts.labels import wrap
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


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    categories = list(dict.fromkeys(p.label for p in data.points))
    series = data.series_names()
    colours = series_colours(data, theme)
    step = 0.8 / len(series)
    labels, ends = [], []
    for p in data.points:
        x = categories.index(p.label) - 0.4 + step * (series.index(p.series) + 0.5)
        if p.value is not None:
            ax.bar(x, p.value, width=step * 0.9, color=colours[p.series])
        labels.append(ax.annotate(p.text, (x, p.value or 0), xytext=(0, PAD_PX * 0.5), textcoords="offset points",
                                  ha="center", va="bottom", fontsize=theme.font_size * theme.small,
                                  fontweight=label_weight(p.series in data.highlighted_series())))
        ends.append(p.value or 1e-12)
    width = category_width(data) * len(series) // 2
    ax.set_xticks(range(len(categories)), [wrap(c, data.lang, width, lines=2) for c in categories])
    ax.set_xlim(-0.6, len(categories) - 0.4)
    ax.set_ylim(0, max(ends))
    top = room_for_labels(ends, [height_px(ax, t) for t in labels], ax.get_window_extent().height, 0.0, False)
    ax.set_ylim(0, top * 1.14)  # a row for the series names
    handles = [ax.bar(0, 0, color=colours[s], label=s) for s in series]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 1.02), ncols=len(series), frameon=False,
              handlelength=0.9, handleheight=0.9, borderaxespad=0.2, columnspacing=1.4, labelcolor=theme.ink)
    bare_axis(ax, "x", theme)


KIND = ChartKind(
    name="grouped_column",
    draw=draw,
    needs=Needs(required=("x", "y", "series"), facet=True, label_missing=True),
    check=check,
    summary="columns grouped by category, one per series (China vs US by year)",
)
