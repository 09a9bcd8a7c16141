"""Drawing helpers the kinds share: colours, text measuring, value labels that fit, clean axes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from reportgen.charts.chartdata import ChartData, Point
from reportgen.charts.theme import Theme

PAD_PX = 8.0  # room between a mark and its label, in pixels


def colour(point: Point, theme: Theme) -> str:
    """A mark's colour: the one the spec gives it (`colors:`), else the highlight or the base grey."""
    return point.colour or (theme.highlight if point.highlight else theme.base)


def series_colours(data: ChartData, theme: Theme) -> dict[str, str]:
    """A colour per series: the spec's `colors:`, then its `palette:` in order; else highlighted series in the
    highlight colour and the rest in greys (with no highlight the first is navy)."""
    names = data.series_names()
    marked = data.highlighted_series()
    given = {p.series: p.colour for p in data.points if p.colour and all(q.colour == p.colour for q in data.points
                                                                          if q.series == p.series)}
    palette = iter(list(data.palette) * (len(names) // max(len(data.palette), 1) + 1))
    greys = iter(theme.series[1:] * (len(names) // 4 + 2))
    out = {}
    for i, name in enumerate(names):
        if name in given:
            out[name] = given[name]
        elif data.palette:
            out[name] = next(palette)
        elif name in marked:
            out[name] = theme.highlight
        elif not marked and i == 0:
            out[name] = theme.series[0]
        else:
            out[name] = next(greys)
    return out


def with_callout(point: Point) -> str:
    """A value label with the spec's note for this mark (`callouts:`): `12.3 · record high`."""
    return f"{point.text} · {point.callout}" if point.callout else point.text


def colour_key(ax: Any, data: ChartData, theme: Theme) -> None:
    """A key above the plot naming the colours the spec gives categories (`colors: {Asia: ...}`)."""
    if not data.keys:
        return
    from matplotlib.patches import Patch

    handles = [Patch(color=colour, label=name) for name, colour in data.keys]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(handles), frameon=False, handlelength=0.9,
              handleheight=0.9, borderaxespad=0.2, columnspacing=1.2, labelcolor=theme.ink, fontsize=theme.font_size * theme.small)


def tag(artist: Any, kind: str, name: str) -> Any:
    """Name a drawn mark (`bar:<row id>`, `value:<row id>`, `end:<series>` ...) so tests can read it back."""
    artist.set_gid(f"{kind}:{name}")
    return artist


def fitted_size(ax: Any, theme: Theme, pitch_px: float, lines: int = 1) -> float:
    """The font size (pt) of labels that sit one per `pitch_px` pixels: the theme's size, smaller when rows are tight."""
    line_px = pitch_px * 0.78 / lines
    return min(theme.font_size, max(4.0, line_px / 1.2 * 72 / ax.figure.dpi))


def value_limits(values: Sequence[float], label_px: Sequence[float], span_px: float,
                 up: Sequence[bool] | None = None) -> tuple[float, float]:
    """Axis limits from zero that leave each value label (label_px long) room beyond its bar's end, on its own side.

    Positive labels need `hi >= v + w * R / span`, negative ones `lo <= v - w * R / span`, with R = hi - lo;
    R is the largest of the fixed points of these lines (each label at most 45% of the span).
    """
    sides = list(up) if up is not None else [v >= 0 for v in values]
    need = [(v, min(w + PAD_PX * 2, span_px * 0.45) / span_px, side) for v, w, side in zip(values, label_px, sides, strict=True)]
    ups = [(0.0, 0.0)] + [(v, a) for v, a, side in need if side]
    downs = [(0.0, 0.0)] + [(v, a) for v, a, side in need if not side]
    extent = max((hi - lo) / (1 - a - b) for hi, a in ups for lo, b in downs)
    if extent <= 0:
        extent = 1.0
    high = max(v + a * extent for v, a in ups)
    low = min(v - b * extent for v, b in downs)
    return low, max(high, low + extent)


def fit_bars(ax: Any, data: ChartData, labels: Sequence[Any], axis: str, low: float, theme: Theme) -> None:
    """The value axis of bars from `low` (zero, or a log scale's floor) with room for every value label beyond its
    bar's end; a zero line where values are negative."""
    horizontal = axis == "x"
    span = ax.get_window_extent().width if horizontal else ax.get_window_extent().height
    sizes = [width_px(ax, t) if horizontal else height_px(ax, t) for t in labels]
    limit = ax.set_xlim if horizontal else ax.set_ylim
    if data.log:
        present = [p.value for p in data.points if p.value is not None]
        limit(low, max(present))
        ends = [p.value if p.value is not None else low * 1.0001 + 1e-12 for p in data.points]
        limit(low, room_for_labels(ends, sizes, span, low, True))
        return
    ends = [p.value if p.value is not None else 0.0 for p in data.points]
    limit(*value_limits(ends, sizes, span))
    if any(v < 0 for v in ends):
        (ax.axvline if horizontal else ax.axhline)(0, color=theme.muted, linewidth=1, zorder=3)


def spread(targets: Sequence[float], size: float, low: float, high: float) -> list[float]:
    """Positions near `targets` at least `size` apart within [low, high], each moved as little as it can be.

    Labels are sorted, then overlapping neighbours are merged into blocks centred on their targets' mean
    and pushed inside the bounds (the classic 1-D label placement).
    """
    order = sorted(range(len(targets)), key=lambda i: targets[i])
    blocks: list[list[int]] = []
    starts: list[float] = []
    for i in order:
        blocks.append([i])
        starts.append(targets[i] - size / 2)
        while len(blocks) > 1 and starts[-2] + len(blocks[-2]) * size > starts[-1]:
            merged = blocks[-2] + blocks[-1]
            mean = sum(targets[j] for j in merged) / len(merged)
            blocks[-2:] = [merged]
            starts[-2:] = [mean - len(merged) * size / 2]
    out = [0.0] * len(targets)
    floor = low
    for block, start in zip(blocks, starts, strict=True):
        start = max(start, floor)
        for k, i in enumerate(block):
            out[i] = start + size * (k + 0.5)
        floor = start + len(block) * size
    for k, i in enumerate(sorted(range(len(out)), key=lambda j: -out[j])):  # then keep them under the top
        out[i] = min(out[i], high - size * (k + 0.5))
    return out


def reference_lines(ax: Any, data: ChartData, theme: Theme, axis: str = "y", left: bool = False) -> None:
    """The spec's reference (grey dashes) and target (highlight colour) lines, named at their end (at their start,
    `left`, where the right end holds the lines' own end labels)."""
    for mark in data.lines:
        ink = theme.highlight if mark.style == "target" else theme.grey
        line = ax.axhline if axis == "y" else ax.axvline
        tag(line(mark.value, color=ink, linewidth=1.2, linestyle=(0, (4, 3)), zorder=1), "refline", mark.text)
        if mark.text:
            if axis == "y":
                ax.annotate(mark.text, (0 if left else 1, mark.value), xycoords=("axes fraction", "data"), xytext=(2 if left else -2, 3),
                            textcoords="offset points", ha="left" if left else "right", va="bottom", color=ink,
                            fontsize=theme.font_size * theme.small)
            else:  # above the plot, clear of the bars
                ax.annotate(mark.text, (mark.value, 1), xycoords=("data", "axes fraction"), xytext=(0, 3), textcoords="offset points",
                            ha="center", va="bottom", color=ink, fontsize=theme.font_size * theme.small)


def shaded_periods(ax: Any, data: ChartData, theme: Theme) -> None:
    """The spec's periods as light bands on the time axis, named at their top left."""
    for span in data.periods:
        tag(ax.axvspan(span.start, span.end, color=theme.rest, alpha=0.7, zorder=0, linewidth=0), "period", span.text)
        if span.text:  # at the foot of the band, away from the lines' end labels
            ax.annotate(span.text, (span.start, 0), xycoords=("data", "axes fraction"), xytext=(3, 3), textcoords="offset points",
                        ha="left", va="bottom", color=theme.grey, fontsize=theme.font_size * theme.small)


def label_weight(strong: bool) -> str:
    return "semibold" if strong else "normal"  # NanumGothicBold is weight 600; 700 would pick ExtraBold


def renderer(ax: Any) -> Any:
    return ax.figure.canvas.get_renderer()


def width_px(ax: Any, artist: Any) -> float:
    return float(artist.get_window_extent(renderer(ax)).width)


def height_px(ax: Any, artist: Any) -> float:
    return float(artist.get_window_extent(renderer(ax)).height)


def bare_axis(ax: Any, keep: str, theme: Theme) -> None:
    """Keep only the category axis (`x` or `y`); values are labelled on the marks."""
    if keep == "y":
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0, pad=8)
    else:
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.spines["bottom"].set_color(theme.muted)
        ax.tick_params(axis="x", length=0, pad=6)


def tick_margin(data: ChartData, theme: Theme, base: float = 0.06) -> float:
    """A left margin (share of the width) wide enough for the value axis's tick labels (`1,000,000`)."""
    top = max((abs(p.value) for p in data.points if p.value is not None), default=1.0)
    chars = len(f"{top:,.0f}") + (1 if any((p.value or 0) < 0 for p in data.points) else 0) + 2
    width_px = chars * theme.font_size * theme.small * 0.62 * theme.dpi / 72 + 14
    return max(base, width_px / (theme.width_in * theme.dpi))


def log_floor(values: Sequence[float]) -> float:
    """The power of ten at or below the smallest value: where bars on a log scale start."""
    return 10.0 ** math.floor(math.log10(min(values)))


def room_for_labels(ends: Sequence[float], label_px: Sequence[float], span_px: float, low: float, log: bool) -> float:
    """The axis end that leaves each label (label_px wide) room after its mark's end."""
    need = max(ends)
    for end, width in zip(ends, label_px, strict=True):
        free = max(span_px - width - PAD_PX * 2, span_px * 0.3)
        if log:
            need = max(need, math.exp(math.log(low) + (math.log(end) - math.log(low)) * span_px / free))
        else:
            need = max(need, low + (end - low) * span_px / free)
    return need


def tick_formatter(lang: str, fixed: bool = True) -> Any:
    """Axis ticks as plain numbers in the stored unit, which the unit line names (`100`, `0.1`, `1,000`), all with
    the same decimals: as many as the step between ticks needs (`0.5, 1.0, 1.5`)."""
    from matplotlib.ticker import Formatter

    from reportgen.wording import formats

    class PlainTicks(Formatter):  # type: ignore[misc]
        digits = 0

        def set_locs(self, locs: Sequence[float]) -> None:
            super().set_locs(locs)
            low, high = sorted(self.axis.get_view_interval()) if self.axis is not None else (-math.inf, math.inf)
            shown = [v for v in locs if v and low - abs(low) * 1e-9 <= v <= high + abs(high) * 1e-9]
            self.digits = next((d for d in range(4) if all(abs(round(v, d) - v) <= 1e-9 * max(1.0, abs(v)) for v in shown)), 3)

        def __call__(self, value: float, pos: int | None = None) -> str:
            style = formats.NumberStyle(digits=self.digits, scale="none", fixed=fixed)
            return formats.styled_number(value, lang, style)

    return PlainTicks()


def log_value_axis(ax: Any, axis: str, data: ChartData, theme: Theme) -> None:
    """A log axis shown with its decades (1, 10, 100) and a light grid, so the scale is not mistaken."""
    from matplotlib.ticker import LogLocator, NullLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(LogLocator(base=10))
    target.set_minor_locator(NullLocator())
    target.set_major_formatter(tick_formatter(data.lang, fixed=False))
    ax.grid(True, axis=axis, color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis=axis, length=0, labelsize=theme.font_size * theme.small, colors=theme.grey)


def fit_left_names(ax: Any, names: Sequence[Any], theme: Theme) -> None:
    """Names drawn left of the plot (tick labels, lane names) shrink to the smaller size when wider than the margin."""
    room = ax.get_window_extent(renderer(ax)).x0 - PAD_PX * 2
    for name in names:
        if width_px(ax, name) > room:
            name.set_fontsize(theme.font_size * theme.small)
