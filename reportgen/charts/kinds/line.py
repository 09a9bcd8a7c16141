"""Line (or step): one line per series over time, named at its end instead of in a legend.

`x:` is a year or a date; `step: true` draws steps (a level that holds until it changes). Points are
labelled with their values when there are few of them; otherwise only each line's last point is.
"""

from __future__ import annotations

from typing import Any

from reportgen.charts.chartdata import ChartData, Needs
from reportgen.charts.common import (
    height_px,
    label_weight,
    log_value_axis,
    reference_lines,
    series_colours,
    shaded_periods,
    spread,
    tag,
    tick_formatter,
    tick_margin,
    width_px,
    with_callout,
)
from reportgen.charts.kind import ChartKind
from reportgen.charts.theme import THEME, Theme

FEW = 12  # label every point up to this many


def check(data: ChartData) -> str | None:
    seen: dict[tuple[str, float], str] = {}
    for p in data.points:
        key = (p.series, p.x or 0.0)
        if key in seen:
            return f"rows {seen[key]!r} and {p.id!r} give the same series {p.series or '(one line)'!r} two values at {p.label}"
        seen[key] = p.id
    return None


def draw(ax: Any, data: ChartData, theme: Theme) -> None:
    colours = series_colours(data, theme)
    names = data.series_names()
    single = len(names) == 1
    every = single and len(data.points) <= FEW
    small = theme.font_size * theme.small
    if data.log:
        ax.set_yscale("log")
    shaded_periods(ax, data, theme)
    ends, values = [], []
    for name in names:
        points = sorted((p for p in data.points if p.series == name), key=lambda p: p.x or 0.0)
        xs, ys = [p.x for p in points], [p.value for p in points]
        strong = name in data.highlighted_series() or single
        tag(ax.plot(xs, ys, color=colours[name], linewidth=2.6 if strong else 1.8, marker="o", markersize=5 if strong else 4,
                    drawstyle="steps-post" if data.step else "default", zorder=3 if strong else 2)[0], "line", name)
        for i, p in enumerate(points[:-1] if every else []):
            values.append(tag(ax.annotate(with_callout(p), (p.x, p.value), xytext=(2 if i == 0 else 0, 7), textcoords="offset points",
                                          ha="left" if i == 0 else "center",
                                          va="bottom", color=theme.ink, fontsize=small, fontweight=label_weight(strong)), "value", p.id))
        last = points[-1]
        text = f"{name}  {with_callout(last)}" if name else with_callout(last)
        ends.append((name, last, tag(ax.annotate(text, (last.x, last.value), xytext=(10, 0), textcoords="offset points",
                                                 va="center", color=colours[name], fontweight="semibold"), "end", name)))
        for p in points[:-1] if not every else []:
            if p.callout:
                values.append(tag(ax.annotate(p.callout, (p.x, p.value), xytext=(0, 9), textcoords="offset points", ha="center",
                                              va="bottom", color=theme.grey, fontsize=small), "callout", p.id))
    _y_range(ax, data, [height_px(ax, t) for t in values + [e[2] for e in ends]])
    xs = [p.x or 0.0 for p in data.points] + [v for s in data.periods for v in (s.start, s.end)]
    low, high = min(xs), max(xs)
    span = max(high - low, 1.0)
    room = max(width_px(ax, t) for _, _, t in ends) + 16
    per_px = (span * 1.06) / max(ax.get_window_extent().width - room, 1.0)
    ax.set_xlim(low - span * 0.03, high + span * 0.03 + room * per_px)
    reference_lines(ax, data, theme, left=True)
    _end_labels(ax, ends, theme)
    from matplotlib.ticker import MaxNLocator

    times = sorted({p.x for p in data.points if p.x is not None})
    whole = all(float(t).is_integer() for t in times)
    if whole and len(times) <= 12:
        ticks = times  # the years the data has (1952, 1957 ...), not a locator's (1952, 1960 ...)
    elif whole and len(times) <= 24:
        ticks = times[::2]
    else:
        ticks = [t for t in MaxNLocator(nbins=8, integer=True).tick_values(low, high) if low - 1e-9 <= t <= high + 1e-9]
    ax.set_xticks(ticks or [low])
    ax.xaxis.set_major_formatter(_years())
    ax.grid(True, axis="y", color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    if data.log:
        log_value_axis(ax, "y", data, theme)
    else:
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.yaxis.set_major_formatter(tick_formatter(data.lang))
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_color(theme.muted)
    ax.tick_params(axis="x", length=0, pad=6)
    ax.tick_params(axis="y", length=0, labelsize=small, colors=theme.grey)


def _years() -> Any:
    """Years as they are written: 2024, not 2,024."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: f"{value:.0f}")


def _y_range(ax: Any, data: ChartData, label_px: list[float]) -> None:
    """A y range that fits the data (from zero only when the data come near it), with room above for labels."""
    ys = [p.value for p in data.points if p.value is not None] + [m.value for m in data.lines]
    low, high = min(ys), max(ys)
    if data.log:
        ax.set_ylim(low / 1.3, high * 1.3)
        return
    if high == low:
        low, high = low - (abs(low) or 1.0) * 0.1, high + (abs(high) or 1.0) * 0.1
    if low >= 0 and low <= (high - low) * 0.5:
        low = 0.0
    span_px = ax.get_window_extent().height
    head = min((max(label_px, default=0.0) + 12) / span_px, 0.3)
    pad = (high - low) * 0.06
    ax.set_ylim(low - pad if low != 0 else 0.0, high + (high - low + pad) * head / (1 - head) + pad)


def _end_labels(ax: Any, ends: list[tuple[str, Any, Any]], theme: Theme) -> None:
    """Each line's end label level with its last point; moved apart where they would touch, then joined to it by a leader."""
    to_px = ax.transData
    box = ax.get_window_extent()
    heights = [height_px(ax, t) for _, _, t in ends]
    targets = [to_px.transform((p.x, p.value))[1] for _, p, _ in ends]
    placed = spread(targets, max(heights) * 1.05, box.y0, box.y1)
    back = to_px.inverted()
    for (name, p, text), target, at in zip(ends, targets, placed, strict=True):
        end_px = to_px.transform((p.x, p.value))
        text.xy = (p.x, back.transform((end_px[0], at))[1])
        if abs(at - target) > 1.0:
            gap = 8 * ax.figure.dpi / 72
            start = back.transform((end_px[0] + 2, end_px[1]))
            stop = back.transform((end_px[0] + gap, at))
            tag(ax.plot([p.x, start[0], stop[0]], [p.value, p.value, stop[1]], color=theme.muted, linewidth=0.9, zorder=1)[0],
                "leader", name)


KIND = ChartKind(
    name="line",
    draw=draw,
    needs=Needs(required=("x", "y"), optional=("series",), numeric=("y",), time=("x",), log=True, lines=True, periods=True),
    check=check,
    left=lambda data: tick_margin(data, THEME),
    summary="one line (or step) per series over time, named at its end",
)
