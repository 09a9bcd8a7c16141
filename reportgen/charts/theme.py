"""The chart theme: one palette (a highlight and a muted rest), the Korean font, fixed sizes.

Every chart is drawn once at one size and serves both places it goes:

- the slide's content area (16:9, 13.33 × 7.5 in): about 12.1 × 4.7 in under the title and unit
  line, so a 9 × 3.6 in chart is placed 11.7 in wide (× 1.3): 11 pt text reads at about 14 pt;
- the memo's text column (A4, 166 mm = 6.5 in wide): placed 6.5 in wide (× 0.73): 11 pt reads at
  8 pt and the smallest labels (9.4 pt) at 6.8 pt, at 277 pixels per inch.

So the picture is 9 × 3.6 in at 200 dpi, 1800 × 720 px (2.5 : 1). Margins are fixed shares of the
figure (no tight_layout), so the plots of a deck line up from slide to slide.
China is the highlight where a chart compares countries; everything else is a muted grey.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reportgen.fonts import FAMILY

THEME_VERSION = "3"  # part of every cache key: bump when the look changes


@dataclass(frozen=True)
class Theme:
    highlight: str = "#C8102E"  # the one colour that carries the message
    base: str = "#8A9BB0"  # every other mark
    muted: str = "#C9D1DB"  # context marks (second end, guides)
    rest: str = "#E3E8EE"  # the remainder of a share
    ink: str = "#1F2A37"  # text
    grey: str = "#5B6675"  # secondary text, axis labels
    grid: str = "#E3E8EE"
    series: tuple[str, ...] = ("#1F4E79", "#8A9BB0", "#5B6675", "#B3BFCC", "#3E5C76", "#7F8C9B")  # navy first, then greys
    segments: tuple[str, ...] = ()  # a stacked bar's segments (empty: stacked_bar.SEGMENT_COLOURS)
    width_in: float = 9.0
    height_in: float = 3.6
    dpi: int = 200  # 1800 × 720 px
    font_size: float = 11.0
    small: float = 0.85  # secondary labels, as a share of font_size
    margins: dict = field(default_factory=lambda: {"left": 0.2, "right": 0.95, "top": 0.92, "bottom": 0.14})
    panel_gap: float = 0.06  # between small panels (share of the width)

    @property
    def width_px(self) -> int:
        return round(self.width_in * self.dpi)

    @property
    def height_px(self) -> int:
        return round(self.height_in * self.dpi)

    def rc(self) -> dict:
        return {
            "font.family": FAMILY,  # no fallback: a glyph NanumGothic lacks is a warning (a test makes it a failure)
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
            "svg.fonttype": "none",  # SVG keeps real text, editable where it is reused
            "svg.hashsalt": "reportgen",  # the same ids every run
            "path.simplify": True,
            "text.hinting": "no_hinting",  # hinting bends the bold period into a comma
            "font.weight": "normal",
        }


THEME = Theme()


def themed(colours: Sequence[str]) -> Theme:
    """The chart theme in a master's colours (`palette: master`): hex colours already checked to read on the
    chart's white ground and ordered so that neighbours differ; the first is the highlight and leads the series.
    Fewer than two such colours: reportgen's own."""
    if len(colours) < 2:
        return THEME
    hexes = tuple(f"#{c.lstrip('#').upper()}" for c in colours)
    return replace(THEME, highlight=hexes[0], series=hexes, segments=hexes)
