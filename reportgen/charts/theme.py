"""The chart theme: one palette (a highlight and a muted rest), the Korean font, fixed sizes.

Every chart is drawn once at one size and serves both places: a slide's content area (16:9) and the
memo's text column (A4). At 9 × 3.6 in and 11 pt, text reads at about 15 pt on the slide and 8 pt
in the memo. Margins are fixed (no tight_layout), so every chart of a deck lines up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.fonts import FAMILY

THEME_VERSION = "1"  # part of every cache key: bump when the look changes


@dataclass(frozen=True)
class Theme:
    highlight: str = "#C8102E"  # the one colour that carries the message
    base: str = "#8A9BB0"  # every other mark
    muted: str = "#C9D1DB"  # context marks (second series, guides)
    ink: str = "#1F2A37"  # text
    grey: str = "#5B6675"  # secondary text, axis labels
    grid: str = "#E3E8EE"
    series: tuple[str, ...] = ("#1F4E79", "#8A9BB0", "#C8102E", "#D9A441", "#4F7F6E")
    width_in: float = 9.0
    height_in: float = 3.6
    dpi: int = 200  # 1800 × 720 px
    font_size: float = 11.0
    margins: dict = field(default_factory=lambda: {"left": 0.2, "right": 0.95, "top": 0.92, "bottom": 0.14})

    def rc(self) -> dict:
        return {
            "font.family": FAMILY,
            "font.size": self.font_size,
            "axes.unicode_minus": False,
            "axes.edgecolor": self.grid,
            "axes.labelcolor": self.grey,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
            "xtick.color": self.grey,
            "ytick.color": self.grey,
            "text.color": self.ink,
            "svg.fonttype": "none",  # SVG keeps real text
            "svg.hashsalt": "reportgen",  # the same ids every run
            "path.simplify": True,
            "text.hinting": "no_hinting",  # hinting bends the bold period into a comma
            "font.weight": "normal",
        }


THEME = Theme()
