"""figure_context(): the one place that starts matplotlib, and always closes what it opens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reportgen.charts.theme import Theme
from reportgen.fonts import FAMILY, font_path

_FONTS_ADDED = False


def _setup() -> Any:
    global _FONTS_ADDED
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager

    if not _FONTS_ADDED:
        ours = [str(font_path(weight)) for weight in ("regular", "bold")]
        for path in ours:
            font_manager.fontManager.addfont(path)
        # the shipped files only: a system copy of the family (another version) must not win
        font_manager.fontManager.ttflist = [
            f for f in font_manager.fontManager.ttflist if f.name != FAMILY or f.fname in ours
        ]
        _FONTS_ADDED = True
    import matplotlib.pyplot as plt

    return matplotlib, plt


@contextmanager
def figure_context(theme: Theme) -> Iterator[tuple[Any, Any]]:
    """A figure and axes with the theme applied (Agg backend, fonts, fixed margins); closed on exit."""
    matplotlib, plt = _setup()
    with matplotlib.rc_context(theme.rc()):
        fig = plt.figure(figsize=(theme.width_in, theme.height_in), dpi=theme.dpi)
        try:
            fig.subplots_adjust(**theme.margins)
            ax = fig.add_subplot(1, 1, 1)
            yield fig, ax
        finally:
            plt.close(fig)


def save(fig: Any, png: Path, svg: Path, dpi: int) -> None:
    """PNG and SVG with no timestamps or software stamps, so the same chart gives the same bytes."""
    fig.savefig(png, dpi=dpi, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
