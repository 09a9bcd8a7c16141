"""Native charts: a chart the consultant can click, restyle and "Edit Data" in PowerPoint.

Each kind is written from the same prepared ChartData the picture is drawn from (reportgen/charts/
chartdata.py): the same order, sort, labels and highlight, with the values of data/ in the chart's
cache and its embedded workbook. One function per kind in `NATIVE_KINDS`; a kind with no honest
native form (the timeline, a step line) keeps its picture, see `ChartSpec.native_form`.

| kind | PowerPoint chart |
|---|---|
| ranked_bar, column | clustered bars / columns, one colour per point (the highlight red) |
| grouped_column | clustered columns, one series per `series:` value, named in a legend above |
| stacked_bar | stacked bars (100% stacked when the values are not shares), one series per segment |
| line | XY lines with markers (times as numbers of years), each line named at its end |
| scatter | XY points (bubbles with `size:`), named beside them; `guides:` as dashed series |
| dumbbell | an XY series per category: its two ends on one row, joined; names and key as text beside it |
| waterfall | stacked columns on an invisible base series; value labels on a hidden line at each column's end |
| combo | clustered columns, and the `y2` line on a second value axis at the right (a `c:lineChart` of its own) |

Reference lines (`lines:`, waterfall and combo) are dashed line series at their value, named at their last point.

A faceted chart is one native chart per panel, side by side.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE, XL_TICK_LABEL_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

from reportgen.charts.chartdata import ChartData, Point
from reportgen.charts.common import colour as mark_colour
from reportgen.charts.common import log_floor, series_colours, with_callout
from reportgen.charts.kinds.combo import BARS as COMBO_BARS
from reportgen.charts.kinds.combo import LINE as COMBO_LINE
from reportgen.charts.kinds.combo import line_ink
from reportgen.charts.kinds.stacked_bar import bars, dark, segment_colours
from reportgen.charts.kinds.waterfall import fill as bridge_fill
from reportgen.charts.kinds.waterfall import steps
from reportgen.charts.theme import THEME, Theme
from reportgen.context import ChartImage
from reportgen.writers.deck.chart_style import Look, axis_line, fill, gridlines, label, line, no_line, quiet_axis, style_font
from reportgen.writers.deck.layout import Box, inches, points
from reportgen.writers.deck.pptx_internals import (
    as_line_plot,
    chart_data,
    chart_frame_properties,
    hide_chart_fill,
    hide_legend_entries,
    log_scale,
    plot_area_layout,
    unsigned_axis_ids,
    value_axis_at_end,
)
from reportgen.writers.deck.text import write_run
from reportgen.writers.deck.textfit import text_width

LARGE, SMALL = 14.0, 12.0  # label sizes (points) on a chart as wide as the slide's body, and on a narrower one
WIDE = inches(10)


@dataclass(frozen=True)
class Canvas:
    """Where one chart goes and what it is written with."""

    shapes: Any
    box: Box
    look: Look
    created: dt.datetime  # the build's date: the embedded workbook's date


def add_native_chart(shapes: Any, box: Box, image: ChartImage, lang: str, created: dt.datetime, theme: Theme = THEME) -> list[Any]:
    """Write the chart of `image` as native chart(s) in `box` (one per facet panel); return their frames."""
    data = image.data
    if not isinstance(data, ChartData):
        raise TypeError(f"chart {image.chart_id!r} has no prepared data for a native chart")
    panels = data.panels()
    gap = inches(0.3)
    boxes = box.columns([1.0] * len(panels), gap) if len(panels) > 1 else [box]
    look = Look(lang, LARGE if box.width >= WIDE else SMALL, theme)  # larger on a chart as wide as the slide's body
    frames = []
    for panel, place in zip(panels, boxes, strict=True):
        frame = NATIVE_KINDS[data.kind](Canvas(shapes, place, look, created), panel)
        chart = frame.chart
        hide_chart_fill(chart, look.lang_tag)
        unsigned_axis_ids(chart)
        style_font(chart.font, look)
        if panel.title:
            chart.has_title = True
            chart.chart_title.text_frame.text = panel.title
            style_font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, look, look.size, look.theme.ink, bold=True)
        elif not chart.has_legend:
            chart.has_title = False
        frame.name = f"Chart {image.chart_id}" + (f" ({panel.title})" if panel.title else "")
        properties = chart_frame_properties(frame)
        properties.set("descr", image.alt)
        properties.set("title", image.title)
        frames.append(frame)
    return frames


def _add(canvas: Canvas, kind: Any, values: Any) -> Any:
    box = canvas.box
    return canvas.shapes.add_chart(kind, box.left, box.top, box.width, box.height, values)


def _category(point: Any) -> str:
    """A category's name, its note on a second line; a missing value's `N/A` under it (a blank point shows no label)."""
    return "\n".join(part for part in (point.label, point.note, point.text if point.value is None else "") if part)


def _legend(chart: Any, look: Look, position: Any = XL_LEGEND_POSITION.TOP) -> None:
    chart.has_legend = True
    chart.legend.position = position
    chart.legend.include_in_layout = False
    style_font(chart.legend.font, look, look.small, look.theme.ink)


# bars and columns --------------------------------------------------------------------------------

def ranked_bar(canvas: Canvas, data: ChartData) -> Any:
    """Horizontal bars, first point on top."""
    return _bars(canvas, data, XL_CHART_TYPE.BAR_CLUSTERED, gap=61)


def column(canvas: Canvas, data: ChartData) -> Any:
    """Vertical bars in the data's order."""
    return _bars(canvas, data, XL_CHART_TYPE.COLUMN_CLUSTERED, gap=72)


def _bars(canvas: Canvas, data: ChartData, kind: Any, gap: int) -> Any:
    look, theme = canvas.look, canvas.look.theme
    values = chart_data("category", canvas.created)
    values.categories = [_category(p) for p in data.points]
    values.add_series(data.names.get("y") or data.chart_id, [p.value for p in data.points])
    frame = _add(canvas, kind, values)
    chart = frame.chart
    plot = chart.plots[0]
    plot.gap_width = gap
    plot.vary_by_categories = False
    series = plot.series[0]
    series.invert_if_negative = False
    for point, p in zip(series.points, data.points, strict=True):
        fill(point.format, mark_colour(p, theme))
        no_line(point.format)
        label(point, p.value, p.text, look, XL_LABEL_POSITION.OUTSIDE_END, bold=p.highlight,
              colour=theme.ink if p.value is not None else theme.grey)
    horizontal = kind == XL_CHART_TYPE.BAR_CLUSTERED
    categories, value_axis = chart.category_axis, chart.value_axis
    quiet_axis(categories, look)
    axis_line(categories, None if horizontal else theme.muted)
    if any((p.value or 0.0) < 0 for p in data.points) and not data.log:
        categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # the names beside the plot, clear of bars below zero
    if horizontal:
        categories.reverse_order = True  # the first point on top, as in the picture
    present = [p.value for p in data.points if p.value is not None]
    if data.log:
        log_scale(value_axis)
        value_axis.minimum_scale = log_floor(present)
        value_axis.crosses_at = log_floor(present)  # bars start at the floor, not at 1
        if horizontal:
            value_axis_at_end(value_axis)  # the decades under the bars, as in the picture
    elif not horizontal and present and min(present) >= 0 < max(present):
        value_axis.minimum_scale, value_axis.maximum_scale = 0, max(present) * 1.15  # room for the labels on top
    elif present and min(present) < 0:  # room for the labels beyond both ends (the picture's diverging bars)
        span = max(0.0, max(present)) - min(present)
        value_axis.minimum_scale = min(present) - span * 0.16
        value_axis.maximum_scale = max(0.0, max(present)) + (span * 0.16 if max(present) > 0 else 0.0)
    shown = data.log and horizontal  # the picture shows a log axis's decades on ranked bars
    quiet_axis(value_axis, look, visible=shown, size=look.small)
    axis_line(value_axis, None)
    if shown:
        gridlines(value_axis, look)
        value_axis.tick_labels.number_format = "#,##0.##"
        value_axis.tick_labels.number_format_is_linked = False
    return frame


def grouped_column(canvas: Canvas, data: ChartData) -> Any:
    """One group per category, one column per series, the series named in a legend above."""
    look, theme = canvas.look, canvas.look.theme
    categories = list(dict.fromkeys(p.label for p in data.points))
    names = data.series_names()
    by = {(p.label, p.series): p for p in data.points}
    values = chart_data("category", canvas.created)
    values.categories = categories
    for name in names:
        values.add_series(name, [by[(c, name)].value if (c, name) in by else None for c in categories])
    frame = _add(canvas, XL_CHART_TYPE.COLUMN_CLUSTERED, values)
    chart = frame.chart
    plot = chart.plots[0]
    width = 0.72 / len(names)  # the picture: groups 0.8 wide, columns 90% of their slot
    plot.gap_width = round(0.2 / width * 100)
    plot.overlap = -round(0.08 / len(names) / width * 100)
    colours = series_colours(data, theme)
    strong = data.highlighted_series()
    for series, name in zip(plot.series, names, strict=True):
        fill(series.format, colours[name])
        no_line(series.format)
        for point, category in zip(series.points, categories, strict=True):
            p = by.get((category, name))
            if p is not None:
                label(point, p.value, p.text, look, XL_LABEL_POSITION.OUTSIDE_END, bold=name in strong, size=look.small)
    quiet_axis(chart.category_axis, look)
    axis_line(chart.category_axis, theme.muted)
    quiet_axis(chart.value_axis, look, visible=False)
    _legend(chart, look)
    return frame


# Edit Data's name for a series whose segments hold different things from bar to bar (each bar in its own order)
SEGMENT = {"ko": "{n}번째 구간", "en": "segment {n}"}


def stacked_bar(canvas: Canvas, data: ChartData) -> Any:
    """Bars of 100%: one category per bar, one series per segment (and the remainder last)."""
    look, theme = canvas.look, canvas.look.theme
    groups = bars(data)
    single = len(groups) == 1
    originals = {p.id: p for p in data.points}
    slots, keyed = _slots(groups)
    values = chart_data("category", canvas.created)
    values.categories = [name or data.names.get("y") or data.chart_id for name in groups]  # one bar without a name: the value's
    for i, slot in enumerate(slots):
        named = [s.label for s in slot if s is not None]
        name = named[0] if named and len(set(named)) == 1 else SEGMENT.get(look.lang, SEGMENT["en"]).format(n=i + 1)
        values.add_series(name, [_share_value(s, originals, data) for s in slot])
    kind = XL_CHART_TYPE.BAR_STACKED if data.percent else XL_CHART_TYPE.BAR_STACKED_100
    frame = _add(canvas, kind, values)
    chart = frame.chart
    plot = chart.plots[0]
    plot.gap_width = 100 if single else 61
    plot.overlap = 100
    colours = segment_colours(data, groups, theme)  # the picture's: one colour per segment name in every bar
    names_pt = 0.0 if single else max(text_width(str(name), look.size, False) for name in values.categories) + 16
    bar_pt = (points(canvas.box.width) - names_pt) * 0.95  # the bars' length: the category names take the rest
    for i, (series, slot) in enumerate(zip(plot.series, slots, strict=True)):
        named = {s.label for s in slot if s is not None and s.id}
        if keyed and len(named) == 1:
            fill(series.format, colours.get(next(iter(named)), theme.base))  # the key's swatch
        for j, (point, s) in enumerate(zip(series.points, slot, strict=True)):
            if s is None:
                continue
            colour = colours.get(s.label, theme.base) if s.id else theme.rest
            fill(point.format, colour)
            line(point.format, "#FFFFFF", 2.0)  # segments apart, as in the picture
            ink = "#FFFFFF" if s.id and dark(colour) else theme.ink
            text = s.text if single or keyed or not s.label else f"{s.label} {s.text}"
            if s.id or s.label:
                value = originals[s.id].value if s.id in originals and text == s.text else None
                size = look.size * 1.25 if single else look.size
                narrow = text_width(text, size, s.highlight or single) + 4 > bar_pt * s.value / 100
                beside = _room_beside(slots, i, j) if narrow else None
                if beside is not None:  # too narrow for its label: it reads just past the segment's end, in ink
                    label(plot.series[beside].points[j], None, text, look, XL_LABEL_POSITION.INSIDE_BASE,
                          bold=s.highlight or single, colour=theme.ink, size=size)
                    continue
                if narrow and not single:  # nowhere to put it without covering a neighbour's: Edit Data holds it
                    continue
                label(point, value, text, look, XL_LABEL_POSITION.CENTER, bold=s.highlight or single, colour=ink, size=size)
    quiet_axis(chart.category_axis, look, visible=not single, colour=theme.ink)
    axis_line(chart.category_axis, None)
    chart.category_axis.reverse_order = True  # the first bar on top
    quiet_axis(chart.value_axis, look, visible=False)
    if data.percent:
        chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100
    if single or keyed:
        _legend(chart, look, XL_LEGEND_POSITION.BOTTOM)
    return frame


def _slots(groups: dict[str, list[Any]]) -> tuple[list[list[Any]], bool]:
    """The series of a stacked bar chart: one per segment name, each bar's segment of that name (or None), in
    the order the names first appear, the remainder last; and whether a key must name them (the bars order
    their segments differently, as the picture does by size: PowerPoint stacks every bar in one series order).
    A bar naming two segments alike keeps its segments by place instead."""
    bars_ = list(groups.values())
    rest = any(not s.id for segments in bars_ for s in segments)
    orders = [[s.label for s in segments if s.id] for segments in bars_]
    if any(len(set(order)) < len(order) for order in orders):
        depth = max(len(order) for order in orders)
        slots = [[([s for s in segments if s.id] + [None] * depth)[i] for segments in bars_] for i in range(depth)]
        keyed = False
    else:
        names = list(dict.fromkeys(name for order in orders for name in order))
        slots = [[next((s for s in segments if s.id and s.label == name), None) for segments in bars_] for name in names]
        keyed = len(bars_) > 1 and len({tuple(order) for order in orders if order}) > 1
    if rest:
        slots.append([next((s for s in segments if not s.id), None) for segments in bars_])
    return slots, keyed


def _room_beside(slots: list[list[Any]], i: int, j: int) -> int | None:
    """The slot of the segment after segment i of bar j when that segment carries no label of its own."""
    after = next((k for k in range(i + 1, len(slots)) if slots[k][j] is not None), None)
    return after if after is not None and not (slots[after][j].id or slots[after][j].label) else None


def _share_value(segment: Any, originals: dict[str, Any], data: ChartData) -> float | None:
    """A segment's value in the cache: the row's own value (a share, or the raw value a 100% bar divides)."""
    if segment is None:
        return None
    if segment.id in originals:
        return originals[segment.id].value
    return segment.value  # the remainder of 100


# lines, points, pairs --------------------------------------------------------------------------------

def line_chart(canvas: Canvas, data: ChartData) -> Any:
    """One XY line with markers per series over time; values above the points, the name after the last."""
    look, theme = canvas.look, canvas.look.theme
    colours = series_colours(data, theme)
    names = data.series_names()
    every = len(data.points) <= 12  # as the picture: every value up to 12 points, else each line's last
    values = chart_data("xy", canvas.created)
    lines = {}
    for name in names:
        ordered = sorted((p for p in data.points if p.series == name), key=lambda p: p.x or 0.0)
        lines[name] = ordered
        series = values.add_series(name or data.names.get("y") or data.chart_id)
        for p in ordered:
            series.add_data_point(p.x, p.value)
    frame = _add(canvas, XL_CHART_TYPE.XY_SCATTER_LINES, values)
    chart = frame.chart
    under = _crowded(data)
    for series, name in zip(chart.plots[0].series, names, strict=True):
        strong = name in data.highlighted_series() or len(names) == 1
        series.smooth = False
        line(series.format, colours[name], 2.6 if strong else 1.8)
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 6 if strong else 5
        fill(series.marker.format, colours[name])
        no_line(series.marker.format)
        ordered = lines[name]
        for i, (point, p) in enumerate(zip(series.points, ordered, strict=True)):
            last = i == len(ordered) - 1
            if last and name:
                label(point, None, f"{p.text}  {name}", look, XL_LABEL_POSITION.RIGHT, bold=True, colour=colours[name],
                      size=look.small)
            elif every or last:
                place = XL_LABEL_POSITION.BELOW if p.id in under else XL_LABEL_POSITION.ABOVE
                label(point, p.value, p.text, look, place, bold=strong, size=look.small)
    xs = [p.x or 0.0 for p in data.points]
    low, high = min(xs), max(xs)
    span = max(high - low, 1.0)
    x_axis, y_axis = chart.category_axis, chart.value_axis
    x_axis.minimum_scale = round(low - span * 0.04, 2)
    x_axis.maximum_scale = round(high + span * (0.3 if any(names) else 0.04), 2)
    x_axis.major_unit = max(1, round(span / 8))
    x_axis.tick_labels.number_format, x_axis.tick_labels.number_format_is_linked = "0", False
    quiet_axis(x_axis, look, colour=theme.grey)
    axis_line(x_axis, theme.muted)
    y_axis.minimum_scale = 0
    y_axis.maximum_scale = max(p.value or 0.0 for p in data.points) * 1.2
    quiet_axis(y_axis, look, visible=False)
    chart.has_legend = False
    return frame


def _crowded(data: ChartData) -> set[str]:
    """Points whose value label goes under them: the lower of two lines' points close at one time (as the picture)."""
    values = [p.value or 0.0 for p in data.points]
    near = (max(values) - min(min(values), 0.0)) * 0.08
    under = set()
    for x in {p.x for p in data.points}:
        here = sorted((p for p in data.points if p.x == x), key=lambda p: -(p.value or 0.0))
        for upper, lower in zip(here, here[1:], strict=False):
            if (upper.value or 0.0) - (lower.value or 0.0) < near and upper.id not in under:
                under.add(lower.id)
    return under


def scatter(canvas: Canvas, data: ChartData) -> Any:
    """Points at (x, y), bubbles when sized, named beside them from `label:` only (as the picture: no raw
    numbers); `log`/`log_x` axes as the picture's; `colors:` by category as a series each, named in a key;
    `guides` as dashed lines from zero."""
    look, theme = canvas.look, canvas.look.theme
    bubbles = any(p.size is not None for p in data.points)
    values = chart_data("bubble" if bubbles else "xy", canvas.created)
    keyed = dict((colour, name) for name, colour in data.keys)
    groups: dict[str, list[Point]] = {}
    for p in data.points:  # a colour the key names is a series of its own; the rest (highlight, base) one more
        groups.setdefault(p.colour if p.colour in keyed and not p.highlight else "", []).append(p)
    order = [c for c in keyed if c in groups] + ([""] if "" in groups else [])
    for colour in order:
        series = values.add_series(keyed.get(colour) or data.names.get("y") or data.chart_id)
        for p in groups[colour]:
            if bubbles:
                series.add_data_point(p.x, p.value, p.size or 0.0)
            else:
                series.add_data_point(p.x, p.value)
    xs = [p.x for p in data.points if p.x is not None]
    ys = [p.value for p in data.points if p.value is not None]
    x_end = max(xs, default=0.0) * 1.12
    y_top = max(ys, default=0.0) * 1.18
    guides = []
    for share in data.guides if not bubbles and not (data.log or data.log_x) else ():
        stop = min(x_end, y_top / (share / 100))
        guide = values.add_series(f"{share:g}%")
        guide.add_data_point(0.0, 0.0)
        guide.add_data_point(stop, stop * share / 100)
        guides.append(share)
    kind = XL_CHART_TYPE.BUBBLE if bubbles else XL_CHART_TYPE.XY_SCATTER
    frame = _add(canvas, kind, values)
    chart = frame.chart
    plot = chart.plots[0]
    if bubbles:
        plot.bubble_scale = 60
    ranges = [_range(present, top, logged) for present, top, logged in ((xs, x_end, data.log_x), (ys, y_top, data.log))]
    names = _placed_names(canvas, data, ranges, bubbles)
    for series, colour in zip(plot.series, order, strict=False):
        if colour:
            fill(series.format, colour)  # the key's swatch
            if not bubbles:
                fill(series.marker.format, colour)
        if not bubbles:
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 10
            no_line(series.format)
        for point, p in zip(series.points, groups[colour], strict=True):
            ink = mark_colour(p, theme)
            fill(point.format, ink)
            if not bubbles:
                fill(point.marker.format, ink)
                no_line(point.marker.format)
            name = names.get(p.id, "")
            if name:
                label(point, None, name, look, XL_LABEL_POSITION.RIGHT, bold=p.highlight,
                      colour=theme.ink if p.highlight else theme.grey, size=look.small)
    for series, share in zip(list(plot.series)[len(order):], guides, strict=True):
        line(series.format, theme.muted, 1.0)
        series.format.line.dash_style = 4  # MSO_LINE.DASH
        series.marker.style = XL_MARKER_STYLE.NONE
        label(series.points[1], None, f"{share:g}%", look, XL_LABEL_POSITION.ABOVE, colour=theme.grey, size=look.small)
    for axis, name, top, logged, present in ((chart.category_axis, "x", x_end, data.log_x, xs),
                                             (chart.value_axis, "y", y_top, data.log, ys)):
        if logged:
            log_scale(axis)
        axis.minimum_scale, axis.maximum_scale = _range(present, top, logged)
        quiet_axis(axis, look, size=look.small)
        axis_line(axis, theme.grid)
        gridlines(axis, look)
        axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "#,##0.##", False
        if data.names.get(name):
            axis.has_title = True
            axis.axis_title.text_frame.text = data.names[name]
            style_font(axis.axis_title.text_frame.paragraphs[0].runs[0].font, look, look.small, theme.grey)
    chart.has_legend = bool(keyed) and len(order) > 1
    if chart.has_legend:
        _legend(chart, look)
        hide_legend_entries(chart, [order.index("")] if "" in order else [])
    return frame


def _range(present: list[float], top: float, logged: bool) -> tuple[float, float]:
    """A scatter axis' ends: from zero to `top`, or whole powers of ten around the values on a log axis."""
    if logged:
        return log_floor(present), 10.0 ** math.ceil(math.log10(max(present)))
    return 0.0, top


def _placed_names(canvas: Canvas, data: ChartData, ranges: list[tuple[float, float]], bubbles: bool) -> dict[str, str]:
    """The points named beside them (their `label:` and callout), as the picture does: highlighted points first,
    then the larger; a name that would cover one already placed, or run past the plot, is left out. Positions
    are estimated from the axes' ranges over the plot's share of the chart (PowerPoint lays the plot out itself)."""
    look = canvas.look
    width, height = points(canvas.box.width) * 0.86, points(canvas.box.height) * 0.72
    largest = max((p.size or 0.0 for p in data.points), default=0.0)

    def at(value: float, ends: tuple[float, float], logged: bool, span: float) -> float:
        low, high = (math.log10(e) for e in ends) if logged else ends
        value = math.log10(value) if logged else value
        return (value - low) / ((high - low) or 1.0) * span

    placed: list[tuple[float, float, float, float]] = []
    found: dict[str, str] = {}
    for p in sorted(data.points, key=lambda q: (not q.highlight, -(q.size or 0.0))):
        name = " · ".join(x for x in (p.note, p.callout) if x)
        if not name or p.x is None or p.value is None or (data.log_x and p.x <= 0) or (data.log and p.value <= 0):
            continue
        x, y = at(p.x, ranges[0], data.log_x, width), at(p.value, ranges[1], data.log, height)
        radius = (math.sqrt((p.size or 0.0) / largest) * min(width, height) * 0.125 if bubbles and largest else 4.0)
        left, w, h = x + radius + 2, text_width(name, look.small, p.highlight), look.small * 1.25
        box = (left, y - h / 2, left + w, y + h / 2)
        if box[2] > width * 1.08 or any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        found[p.id] = name
    return found


def dumbbell(canvas: Canvas, data: ChartData) -> Any:
    """Two ends per category on one row, joined: an XY series per category (its name the category's),
    first point on top, the names left of the rows and a key above, grouped with the chart."""
    look, theme = canvas.look, canvas.look.theme
    rows = len(data.points)
    values = chart_data("xy", canvas.created)
    for i, p in enumerate(data.points):
        series = values.add_series(p.label)
        series.add_data_point(p.value2, rows - i)  # the second end first: the joining line takes the first end's look
        series.add_data_point(p.value, rows - i)
    group = canvas.shapes.add_group_shape()
    frame = _add(Canvas(group.shapes, canvas.box, look, canvas.created), XL_CHART_TYPE.XY_SCATTER_LINES, values)
    chart = frame.chart
    left, top, width, height = DUMBBELL_PLOT
    plot_area_layout(chart, left, top, width, height)
    for series, p in zip(chart.plots[0].series, data.points, strict=True):
        series.smooth = False
        line(series.format, theme.muted, 4.5)
        end, start = series.points
        rising = (p.value2 or 0.0) >= (p.value or 0.0)
        _marker(start, theme.muted, theme.base, 9, joined=4.5)
        _marker(end, theme.highlight if p.highlight else theme.series[0], None, 11)
        after, before = (XL_LABEL_POSITION.RIGHT, XL_LABEL_POSITION.LEFT) if rising else (XL_LABEL_POSITION.LEFT, XL_LABEL_POSITION.RIGHT)
        label(end, None, p.text2, look, after, bold=True)  # as text: an XY label's number would be the row's y
        label(start, None, p.text, look, before, colour=theme.grey, size=look.small)
    ends = [v for p in data.points for v in (p.value, p.value2) if v is not None]
    low, high = min(min(ends), 0.0), max(ends)
    x_axis, y_axis = chart.category_axis, chart.value_axis
    x_axis.minimum_scale, x_axis.maximum_scale = low - (high - low) * 0.2, high + (high - low) * 0.2
    y_axis.minimum_scale, y_axis.maximum_scale = 0.5, rows + 0.5
    for axis in (x_axis, y_axis):
        quiet_axis(axis, look, visible=False)
    chart.has_legend = False
    box = canvas.box
    row_height = round(box.height * height / rows)
    names = Box(box.left, box.top + round(box.height * top), round(box.width * (left - 0.02)), row_height)
    for i, p in enumerate(data.points):
        place = Box(names.left, names.top + i * row_height, names.width, row_height)
        _text(group.shapes, place, [(p.label, theme.ink if p.highlight else theme.grey, p.highlight)], look, "right")
    key = Box(box.left + round(box.width * left), box.top, round(box.width * width), round(box.height * top))
    _text(group.shapes, key, [("●", theme.muted, False), (f" {data.names.get('y', '')}    ", theme.grey, False),
                              ("●", theme.series[0], False), (f" {data.names.get('y2', '')}", theme.grey, False)],
          look, "left", look.small)
    group.name = f"Chart group {data.chart_id}"
    return frame


DUMBBELL_PLOT = (0.2, 0.1, 0.78, 0.88)  # the plot's share of the frame: left, top, width, height (names on the left)


def _marker(point: Any, colour: str, ring: str | None, size: int, joined: float = 0.0) -> None:
    """A point's marker; LibreOffice colours it with the line to the point (PowerPoint with the marker's fill)."""
    line(point.format, colour, joined or 1.0)
    point.marker.style = XL_MARKER_STYLE.CIRCLE
    point.marker.size = size
    fill(point.marker.format, colour)
    if ring:
        line(point.marker.format, ring, 1.2)
    else:
        no_line(point.marker.format)


def _text(shapes: Any, box: Box, runs: list[tuple[str, str, bool]], look: Look, align: str, size: float | None = None) -> None:
    """A text box of coloured runs in one line, centred on its box's height."""
    shape = shapes.add_textbox(box.left, box.top, box.width, box.height)
    frame = shape.text_frame
    frame.word_wrap = False
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT if align == "right" else PP_ALIGN.LEFT
    for text, colour, bold in runs:
        write_run(paragraph.add_run(), text, size or look.size, bold, colour.lstrip("#"), look.lang)


# waterfall and combo ----------------------------------------------------------------------------------

# the names Edit Data shows for the helper series: the invisible part under each column, the part of a column below
# zero (a second stack: PowerPoint stacks negative values down from zero), the hidden line that carries the labels
HELPERS = {"ko": ("숨김: 막대 시작 높이", "{name} (0 미만)", "숨김: 레이블 위치"),
           "en": ("hidden: column start", "{name} (below 0)", "hidden: label position")}


def waterfall(canvas: Canvas, data: ChartData) -> Any:
    """A bridge: each column stacked on an invisible base (totals from zero, changes from the running total),
    its value label beyond its end (above a rise or a total, below a fall) on a hidden line series."""
    look, theme = canvas.look, canvas.look.theme
    points = data.points
    spans = steps(data)
    base = [bottom if bottom >= 0 else top if top <= 0 else None for bottom, top in spans]
    up = [top - max(bottom, 0.0) if top > 0 else None for bottom, top in spans]
    down = [bottom - min(top, 0.0) if bottom < 0 else None for bottom, top in spans]  # a column's part below zero
    rising = [(p.value or 0.0) >= 0 for p in points]
    ends = [top if rise else bottom for (bottom, top), rise in zip(spans, rising, strict=True)]
    name = data.names.get("y") or data.chart_id
    hidden, negative, where = HELPERS.get(look.lang, HELPERS["en"])
    values = chart_data("category", canvas.created)
    values.categories = [_category(p) for p in points]
    values.add_series(hidden, base)
    values.add_series(name, up)
    below = any(v is not None for v in down)
    if below:
        values.add_series(negative.format(name=name), down)
    values.add_series(where, ends)
    marks = _add_marks(values, data)
    frame = _add(canvas, XL_CHART_TYPE.COLUMN_STACKED, values)
    chart = frame.chart
    stacked = 2 + below
    as_line_plot(chart, list(range(stacked, stacked + 1 + len(marks))))
    bar_plot, line_plot = chart.plots[0], chart.plots[1]
    bar_plot.gap_width = 61  # the picture's columns: 0.62 of their slot
    bar_plot.overlap = 100
    bar_plot.vary_by_categories = False
    hide = bar_plot.series[0]
    hide.format.fill.background()
    no_line(hide.format)
    for series in list(bar_plot.series)[1:]:
        series.invert_if_negative = False
        for point, p in zip(series.points, points, strict=True):
            fill(point.format, bridge_fill(p, theme))
            no_line(point.format)
    anchors = line_plot.series[0]
    no_line(anchors.format)
    size = _label_size([(with_callout(p), p.highlight) for p in points], canvas.box, look, WATERFALL_PLOT)
    for point, p, rise in zip(anchors.points, points, rising, strict=True):
        label(point, None, with_callout(p), look, XL_LABEL_POSITION.ABOVE if rise else XL_LABEL_POSITION.BELOW,
              bold=p.highlight, size=size)
    _style_marks(list(line_plot.series)[1:], data, look)
    marked = [m.value for m in data.lines]
    low, high = min([0.0, *marked, *(b for b, _ in spans)]), max([0.0, *marked, *(t for _, t in spans)])
    room = (high - low) * 0.12 or 1.0  # for a label beyond a column's end
    value_axis = chart.value_axis
    value_axis.minimum_scale = min([low, *(end - room for end, rise in zip(ends, rising, strict=True) if not rise)])
    value_axis.maximum_scale = max([high, *(end + room for end, rise in zip(ends, rising, strict=True) if rise)])
    quiet_axis(value_axis, look, visible=False)
    _axis_at_zero(chart.category_axis, look, below=low < 0)
    chart.has_legend = False
    return frame


def combo(canvas: Canvas, data: ChartData) -> Any:
    """Columns (`y`) in the lower part of the plot with their values, and the `y2` line above them on a second
    value axis at the right, ticked in its colour over its own range only; a key above names both.

    Series in plot order, which is the legend's order in PowerPoint and LibreOffice alike: the columns, the
    reference lines (left out of the key), the `y2` line last (its own `c:lineChart` on the second axis)."""
    look, theme = canvas.look, canvas.look.theme
    points = data.points
    line_colour = line_ink(data, theme)
    values = chart_data("category", canvas.created)
    values.categories = [_category(p) for p in points]
    values.add_series(data.names.get("y") or data.chart_id, [p.value for p in points])
    marks = _add_marks(values, data)
    values.add_series(data.names.get("y2") or f"{data.chart_id} (2)", [p.value2 for p in points])
    frame = _add(canvas, XL_CHART_TYPE.COLUMN_CLUSTERED, values)
    chart = frame.chart
    value_axis = chart.value_axis  # taken now: with two value axes, python-pptx's value_axis is the second
    if marks:
        as_line_plot(chart, list(range(1, 1 + len(marks))))
    right = as_line_plot(chart, [1], secondary=True)  # what the first plot has left: the columns, the y2 line
    bars = chart.plots[0]
    bars.gap_width = 72  # the picture's columns: 0.58 of their slot
    bars.vary_by_categories = False
    columns = bars.series[0]
    columns.invert_if_negative = False
    fill(columns.format, theme.base)  # the key's swatch, as the picture's
    size = _label_size([(with_callout(p), p.highlight) for p in points], canvas.box, look, COMBO_PLOT)
    for point, p in zip(columns.points, points, strict=True):
        fill(point.format, mark_colour(p, theme))
        no_line(point.format)
        label(point, p.value, with_callout(p), look, XL_LABEL_POSITION.OUTSIDE_END, bold=p.highlight, size=size,
              colour=theme.ink if p.value is not None else theme.grey)
    trend = chart.plots[-1].series[0]
    trend.smooth = False
    line(trend.format, line_colour, 2.4)
    trend.marker.style = XL_MARKER_STYLE.CIRCLE
    trend.marker.size = 6
    fill(trend.marker.format, line_colour)
    no_line(trend.marker.format)
    last = max((i for i, p in enumerate(points) if p.value2 is not None), default=None)
    if last is not None:
        label(trend.points[last], points[last].value2, points[last].text2, look, XL_LABEL_POSITION.ABOVE, bold=True,
              colour=line_colour, size=look.small)
    if marks:
        _style_marks(list(chart.plots[1].series), data, look)
    present = [p.value for p in points if p.value is not None] + [m.value for m in data.lines]
    low, high = min([0.0, *present]), max([0.0, *present])
    value_axis.minimum_scale = low
    value_axis.maximum_scale = low + (high + (high - low) * 0.12 - low) / COMBO_BARS  # the columns low, the line above
    quiet_axis(value_axis, look, visible=False)
    _axis_at_zero(chart.category_axis, look, below=low < 0)
    _second_axis(right, [p.value2 for p in points if p.value2 is not None], look, line_colour)
    _legend(chart, look)
    hide_legend_entries(chart, list(range(1, 1 + len(marks))))
    return frame


WATERFALL_PLOT, COMBO_PLOT = 0.96, 0.88  # the plot's share of the chart's width (the combo's line axis takes the rest)
LABEL_GAP, SMALLEST = 0.9, 8.0  # a label's widest share of its column's slot; the smallest label size, in points


def _label_size(labels: list[tuple[str, bool]], box: Box, look: Look, plot: float) -> float:
    """The size of the value labels over columns: the chart's small size, smaller (by half points, down to
    `SMALLEST`) while the widest label is wider than its column's slot, so neighbours never touch."""
    slot = points(box.width) * plot / max(len(labels), 1) * LABEL_GAP
    size = look.small
    while size > SMALLEST and max((text_width(text, size, bold) for text, bold in labels), default=0.0) > slot:
        size -= 0.5
    return size


def _axis_at_zero(axis: Any, look: Look, below: bool) -> None:
    """The category axis: its line at zero (the picture's base line), its names under the plot even when
    columns reach below zero."""
    quiet_axis(axis, look)
    axis_line(axis, look.theme.muted)
    if below:
        axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW


def _second_axis(axis: Any, values: list[float], look: Look, ink: str) -> None:
    """The line's axis at the right: its range puts the line above the columns (its values between 66% and 94%
    of the height, as in the picture, give or take the rounding of the range to whole ticks); ticks in the
    line's colour, and only over the line's own values (a conditional number format blanks the rest)."""
    if not values:
        axis.visible = False
        return
    lo, hi = min(values), max(values)
    if hi == lo:
        lo, hi = lo - (abs(lo) or 1.0) * 0.5, hi + (abs(hi) or 1.0) * 0.5
    span = (hi - lo) / (COMBO_LINE[1] - COMBO_LINE[0])
    step = tick_step(lo, hi)
    bottom = math.floor((lo - COMBO_LINE[0] * span) / step) * step
    top = math.ceil((lo - COMBO_LINE[0] * span + span) / step) * step
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = bottom, top, step
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    while decimals < 6 and abs(round(step, decimals) - step) > 1e-9 * step:
        decimals += 1  # 0.25 needs two
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    slack = step * 1e-6
    axis.tick_labels.number_format = f'[<{_plain(lo - slack)}]"";[>{_plain(hi + slack)}]"";{digits}'
    axis.tick_labels.number_format_is_linked = False
    quiet_axis(axis, look, colour=ink, size=look.small)
    axis_line(axis, None)


STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)  # matplotlib's MaxNLocator steps: the picture's ticks


def tick_step(lo: float, hi: float, bins: int = 4) -> float:
    """The step between ticks the picture's line axis has (matplotlib's MaxNLocator(nbins=4)): the smallest of
    `STEPS` times a power of ten that covers the range in `bins` steps, smaller while fewer than two ticks fall
    between `lo` and `hi`."""
    scale = 10 ** math.floor(math.log10((hi - lo) / bins))
    steps = [f * scale for f in (*[s / 10 for s in STEPS[:-1]], *STEPS, 20)]
    first = next(i for i, s in enumerate(steps) if s >= (hi - lo) / bins)  # no tolerance: as matplotlib
    for step in reversed(steps[:first + 1]):
        ticks = math.floor(hi / step + 1e-9) - math.ceil(lo / step - 1e-9) + 1
        if ticks >= 2:
            return step
    return steps[0]


def _plain(number: float) -> str:
    """A number as a spreadsheet number format's condition takes it: no exponent (`20947571`, `0.28`)."""
    return f"{number:.6f}".rstrip("0").rstrip(".")


def _add_marks(values: Any, data: ChartData) -> list[Any]:
    """A series per reference or target line (`lines:`): its value at every category."""
    for mark in data.lines:
        values.add_series(mark.text or f"{mark.value:g}", [mark.value] * len(data.points))
    return list(data.lines)


def _style_marks(series: list[Any], data: ChartData, look: Look) -> None:
    """Reference lines dashed grey, target lines dashed in the highlight colour, each named above its last point."""
    for line_series, mark in zip(series, data.lines, strict=True):
        ink = look.theme.highlight if mark.style == "target" else look.theme.grey
        line(line_series.format, ink, 1.2)
        line_series.format.line.dash_style = 4  # MSO_LINE.DASH
        line_series.smooth = False
        if mark.text:
            label(line_series.points[len(data.points) - 1], None, mark.text, look, XL_LABEL_POSITION.ABOVE, colour=ink,
                  size=look.small)


NATIVE_KINDS: dict[str, Callable[[Canvas, ChartData], Any]] = {
    "ranked_bar": ranked_bar,
    "column": column,
    "grouped_column": grouped_column,
    "stacked_bar": stacked_bar,
    "line": line_chart,
    "scatter": scatter,
    "dumbbell": dumbbell,
    "waterfall": waterfall,
    "combo": combo,
}
