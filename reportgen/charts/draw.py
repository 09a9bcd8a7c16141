"""Drawing one chart: figure_context() is the one place that starts matplotlib and closes what it opens.

It sets the Agg backend, the theme's rcParams and the shipped NanumGothic (a system copy of the
family must not win, so the pictures are the same on every machine), lays out fixed margins and one
axes per panel, and always closes the figure. `draw_chart` draws into it, saves PNG and SVG without
time or software stamps, and returns the warnings matplotlib raised (a missing glyph), because a
worker process cannot raise them in the parent.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from reportgen.charts.chartdata import ChartData
from reportgen.charts.registry import CHART_KINDS
from reportgen.charts.theme import Theme
from reportgen.fonts import FAMILY, font_path

BASE_LEFT = 0.06  # the left margin of a plot with no names on its left


@cache
def _matplotlib() -> Any:
    """Import matplotlib on the Agg backend and register the shipped fonts, once per process."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager

    manager = font_manager.fontManager
    manager.ttflist = [f for f in manager.ttflist if f.name != FAMILY]  # then add ours (which clears the lookup cache)
    for weight in ("regular", "bold", "extrabold"):
        manager.addfont(str(font_path(weight)))
    import matplotlib.pyplot as plt

    return matplotlib, plt


@contextmanager
def figure_context(theme: Theme, panels: int = 1, left: float | None = None, titled: bool = False) -> Iterator[tuple[Any, list[Any]]]:
    """A themed figure with one axes per panel side by side, within fixed margins; closed on exit.

    `titled` lowers the top margin to leave room for a title above each panel.
    """
    matplotlib, plt = _matplotlib()
    with matplotlib.rc_context(theme.rc()):
        fig = plt.figure(figsize=(theme.width_in, theme.height_in), dpi=theme.dpi)
        try:
            m = theme.margins
            start = m["left"] if left is None else left
            names = max(start - BASE_LEFT, 0.0)  # room each further panel needs for its own names
            width = (m["right"] - start - (panels - 1) * (theme.panel_gap + names)) / panels
            top = m["top"] - (0.1 if titled else 0.0)
            axes = [fig.add_axes((start + i * (width + theme.panel_gap + names), m["bottom"], width, top - m["bottom"]))
                    for i in range(panels)]
            yield fig, axes
        finally:
            plt.close(fig)


def draw_chart(data: ChartData, theme: Theme, png: Path, svg: Path) -> list[str]:
    """Draw one chart (each facet in its own panel) to PNG and SVG; return the warnings raised while drawing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with drawn_figure(data, theme) as (fig, _axes):
            save(fig, png, svg, theme.dpi)
    return list(dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, UserWarning)))


@contextmanager
def drawn_figure(data: ChartData, theme: Theme) -> Iterator[tuple[Any, list[Any]]]:
    """The chart drawn into a figure (each facet in its own panel), open for saving or measuring; closed on exit."""
    kind = CHART_KINDS[data.kind]
    panels = data.panels()
    titled = any(panel.title for panel in panels)
    with figure_context(theme, len(panels), kind.left_margin(data), titled) as (fig, axes):
        for ax, panel in zip(axes, panels, strict=True):
            kind.draw(ax, panel, theme)
        if titled:
            panel_titles(fig, axes, [panel.title for panel in panels], theme)
        if data.shared and len(axes) > 1:
            share_scale(axes, kind.value_axis)
        yield fig, axes


def panel_titles(fig: Any, axes: list[Any], titles: list[str], theme: Theme) -> None:
    """Each panel's title above it, wrapped to the panel's width (smaller when long); the panels move down to make room."""
    draw_with = fig.canvas.get_renderer()
    texts = []
    for ax, title in zip(axes, titles, strict=True):
        legend = ax.get_legend()
        above = legend.get_window_extent(draw_with).height * 72 / fig.dpi + 4 if legend is not None else 0.0
        room = ax.get_window_extent(draw_with).width
        for size in (theme.font_size, theme.font_size * theme.small):
            text = ax.set_title(fit_lines(title, room, size, fig), loc="left", fontsize=size, fontweight="semibold", color=theme.ink,
                                pad=8 + above)
            if text.get_window_extent(draw_with).width <= room and text.get_text().count("\n") < 2:
                break
        texts.append(text)
    need = max(t.get_window_extent(draw_with).y1 for t in texts) - fig.bbox.height * (1 - 0.01)
    if need > 0:
        for ax in axes:
            box = ax.get_position()
            ax.set_position((box.x0, box.y0, box.width, box.height - need / fig.bbox.height))


def fit_lines(text: str, width_px: float, size: float, fig: Any) -> str:
    """`text` broken at spaces into lines no wider than `width_px` at `size` points (a word longer than a line stays whole)."""
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    prop = _font(size)

    def width(line: str) -> float:
        return measure.get_text_width_height_descent(line, prop, ismath=False)[0] * fig.dpi / 72

    lines: list[str] = []
    for word in text.split():
        if lines and width(f"{lines[-1]} {word}") <= width_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _font(size: float) -> Any:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=FAMILY, size=size, weight="semibold")


def share_scale(axes: list[Any], axis: str) -> None:
    """Put every panel on the widest panel's value range, so equal values look equal (each panel's labels still fit)."""
    limits = [ax.get_xlim() if axis == "x" else ax.get_ylim() for ax in axes]
    low, high = min(lo for lo, _ in limits), max(hi for _, hi in limits)
    for ax in axes:
        (ax.set_xlim if axis == "x" else ax.set_ylim)(low, high)


PNG_COMPRESSION = 3  # zlib's fast levels: a third of the time of the default 6, files about 40% larger


def save(fig: Any, png: Path, svg: Path, dpi: int) -> None:
    """PNG and SVG with no timestamps or software stamps, so the same chart gives the same bytes.

    The PNG is rendered once (savefig would render the figure again) and written as 8-bit RGB: the
    charts are opaque, and the memo copies an RGB PNG's rows into the PDF without decoding them.
    """
    from PIL import Image

    fig.set_dpi(dpi)
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    rgba.convert("RGB").save(png, format="png", dpi=(dpi, dpi), compress_level=PNG_COMPRESSION)
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
