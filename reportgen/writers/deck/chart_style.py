"""How a native chart looks: the chart theme's colours and the deck's font on every text element.

Every text element of a chart (the chart's default text, axis labels, data labels, legend, titles)
gets NanumGothic in the Latin and the East Asian slot (`a:latin`, `a:ea`) and the deck's language,
so Korean never falls back to a font PowerPoint picks. Value labels follow their data where a number
format can show them exactly (label_format.py); otherwise they are the picture's words as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.util import Pt

from reportgen.charts.theme import THEME, Theme
from reportgen.writers.deck.label_format import number_format
from reportgen.writers.deck.pptx_internals import font_properties, label_no_wrap, label_number_format
from reportgen.writers.deck.style import FONT
from reportgen.writers.deck.text import LANG_TAGS, set_east_asian, write_run


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


@dataclass(frozen=True)
class Look:
    """One chart's text sizes and language, and the chart theme's colours."""

    lang: str
    size: float  # value labels and category names, in points
    theme: Theme = THEME

    @property
    def small(self) -> float:
        return round(self.size * self.theme.small * 2) / 2

    @property
    def lang_tag(self) -> str:
        return LANG_TAGS.get(self.lang, "en-US")


def style_font(font: Any, look: Look, size: float | None = None, colour: str | None = None, bold: bool = False) -> None:
    """A chart font: NanumGothic in the Latin and East Asian slot, the deck's language, size and colour."""
    font.size = Pt(size or look.size)
    font.bold = bold
    font.name = FONT
    font.color.rgb = rgb(colour or look.theme.grey)
    set_east_asian(font_properties(font), look.lang_tag)


def fill(shape_format: Any, colour: str) -> None:
    shape_format.fill.solid()
    shape_format.fill.fore_color.rgb = rgb(colour)


def no_line(shape_format: Any) -> None:
    shape_format.line.fill.background()


def line(shape_format: Any, colour: str, width: float) -> None:
    shape_format.line.fill.solid()
    shape_format.line.fill.fore_color.rgb = rgb(colour)
    shape_format.line.width = Pt(width)


def label(point: Any, value: float | None, text: str, look: Look, position: Any = None, bold: bool = False,
          colour: str | None = None, size: float | None = None) -> None:
    """A point's data label reading `text`: its value in a number format when one shows exactly `text`
    (the label then follows the data when it is edited), else `text` itself."""
    if not text:
        return
    data_label = point.data_label
    code = number_format(value, text)
    ink = colour or look.theme.ink
    if code is None:
        frame = data_label.text_frame
        frame.text = ""
        write_run(frame.paragraphs[0].add_run(), text, size or look.size, bold, ink.lstrip("#"), look.lang)
    else:
        style_font(data_label.font, look, size, ink, bold)
        label_number_format(data_label, code)
    label_no_wrap(data_label)
    if position is not None:
        data_label.position = position


def quiet_axis(axis: Any, look: Look, visible: bool = True, colour: str | None = None, size: float | None = None) -> None:
    """An axis without tick marks or gridlines; its labels in the chart font (or no axis at all)."""
    axis.has_major_gridlines = False
    axis.has_minor_gridlines = False
    axis.major_tick_mark = XL_TICK_MARK.NONE
    axis.minor_tick_mark = XL_TICK_MARK.NONE
    axis.visible = visible
    style_font(axis.tick_labels.font, look, size, colour)
    if not visible:
        axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE


def axis_line(axis: Any, colour: str | None) -> None:
    """The axis line in `colour`, or none."""
    if colour is None:
        axis.format.line.fill.background()
    else:
        line(axis.format, colour, 0.75)


def gridlines(axis: Any, look: Look) -> None:
    """Light major gridlines, as the picture draws them on log and scatter axes."""
    axis.has_major_gridlines = True
    line(axis.major_gridlines.format, look.theme.grid, 0.75)
