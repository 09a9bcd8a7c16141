"""Small drawing helpers the kinds share: colours, value labels, axis clean-up."""

from __future__ import annotations

from typing import Any

from reportgen.charts.prepare import ChartData
from reportgen.charts.theme import Theme


def colours(data: ChartData, theme: Theme) -> list[str]:
    """The highlight colour for highlighted rows, the base colour for the rest (all base if none)."""
    return [theme.highlight if h else theme.base for h in data.highlight]


def bare_axis(ax: Any, keep: str) -> None:
    """Keep only the category axis (`x` or `y`); values are labelled directly on the marks."""
    if keep == "y":
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0, pad=8)
    else:
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="x", length=0, pad=6)


def label_weight(highlighted: bool) -> str:
    return "semibold" if highlighted else "normal"  # NanumGothicBold is weight 600


def wrap(label: str, lang: str, width: int | None = None) -> str:
    """Category labels wrapped to the fixed left margin: about 10 Korean or 18 Latin characters a line."""
    import textwrap

    limit = width or (10 if lang == "ko" else 18)
    if len(label) <= limit:
        return label
    return "\n".join(textwrap.wrap(label, limit, break_long_words=True)[:3])
