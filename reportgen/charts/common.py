"""Drawing helpers the kinds share: colours, text measuring, value labels that fit, clean axes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from reportgen.charts.chartdata import ChartData, Point
from reportgen.charts.theme import Theme

PAD_PX = 8.0  # room between a mark and its label, in pixels


def colour(point: Point, theme: Theme) -> str:
    return theme.highlight if point.highlight else theme.base


def series_colours(data: ChartData, theme: Theme) -> dict[str, str]:
    """Highlighted series in the highlight colour, the rest in greys; with no highlight the first is navy."""
    names = data.series_names()
    marked = data.highlighted_series()
    greys = iter(theme.series[1:] * 3)
    out = {}
    for i, name in enumerate(names):
        if name in marked:
            out[name] = theme.highlight
        elif not marked and i == 0:
            out[name] = theme.series[0]
        else:
            out[name] = next(greys)
    return out


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


def tick_formatter(lang: str) -> Any:
    """Axis ticks as plain numbers in the stored unit, which the unit line names (`100`, `0.1`, `1,000`)."""
    from matplotlib.ticker import FuncFormatter

    from reportgen.wording import formats

    return FuncFormatter(lambda value, _pos: formats.plain_number(value, lang, 0 if abs(value) >= 1 or value == 0 else 2))


def log_value_axis(ax: Any, axis: str, data: ChartData, theme: Theme) -> None:
    """A log axis shown with its decades (1, 10, 100) and a light grid, so the scale is not mistaken."""
    from matplotlib.ticker import LogLocator, NullLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(LogLocator(base=10))
    target.set_minor_locator(NullLocator())
    target.set_major_formatter(tick_formatter(data.lang))
    ax.grid(True, axis=axis, color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis=axis, length=0, labelsize=theme.font_size * theme.small, colors=theme.grey)


def fit_left_names(ax: Any, names: Sequence[Any], theme: Theme) -> None:
    """Names drawn left of the plot (tick labels, lane names) shrink to the smaller size when wider than the margin."""
    room = ax.get_window_extent(renderer(ax)).x0 - PAD_PX * 2
    for name in names:
        if width_px(ax, name) > room:
            name.set_fontsize(theme.font_size * theme.small)
