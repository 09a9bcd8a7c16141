"""Text on slides: paragraphs written as real runs (Latin and East Asian font, language), and measured.

`write_text` fills a text frame at a scale found by `textfit.fit_scale`; `frame_paragraphs` reads a
text frame back into the paragraphs `textfit` measures, so the builder's own check and the tests
measure a finished deck exactly the way the builder fitted it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.text.text import TextFrame
from pptx.util import Pt

from reportgen.writers.deck import textfit
from reportgen.writers.deck.layout import points
from reportgen.writers.deck.pptx_internals import Element, Paragraph, paragraph_element, paragraph_properties, qn, run_properties, text_body
from reportgen.writers.deck.style import ACCENT, FONT, INK

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
LANG_TAGS = {"ko": "ko-KR", "en": "en-US"}
ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
BULLET_INDENT = 16.0  # points per bullet level
DESIGN_SIZE = (12192000, 6858000)  # the slide size (EMU) the type sizes in style.py are meant for
_TYPE_SCALE: ContextVar[float] = ContextVar("type_scale", default=1.0)


@contextmanager
def type_scaled(width: int, height: int) -> Iterator[float]:
    """Within: every type size shrinks with a slide smaller than the design's (a 10-inch master gets 10-inch type)."""
    factor = min(1.0, width / DESIGN_SIZE[0], height / DESIGN_SIZE[1])
    token = _TYPE_SCALE.set(factor)
    try:
        yield factor
    finally:
        _TYPE_SCALE.reset(token)


def type_scale() -> float:
    """The factor type sizes are multiplied by on this deck's slides (1.0 on the design's slide size)."""
    return _TYPE_SCALE.get()


@dataclass(frozen=True)
class Style:
    size: float
    bold: bool = False
    color: str | None = INK  # None: the colour the layout gives
    align: str | None = "left"  # None: the alignment the layout gives
    space_before: float = 0.0
    line_spacing: float = 1.0
    bullet: str | None = None  # the bullet character, e.g. "•" or "–"; "auto" numbers 1. 2. 3.
    level: int = 0


@dataclass(frozen=True)
class Para:
    text: str
    style: Style

    @property
    def indent(self) -> float:
        return BULLET_INDENT * type_scale() * (self.style.level + 1) if self.style.bullet else 0.0

    def measured(self) -> textfit.Paragraph:
        s, factor = self.style, type_scale()
        return textfit.Paragraph(self.text, s.size * factor, s.bold, self.indent, s.space_before * factor, s.line_spacing)


def paras(text: str | list[str], style: Style) -> list[Para]:
    """One paragraph per line of `text` (a string with newlines, or a list of strings)."""
    lines = text if isinstance(text, list) else str(text).split("\n")
    return [Para(str(line), style) for item in lines for line in str(item).split("\n")]


def language_of(text: str, deck_lang: str) -> str:
    return "ko-KR" if HANGUL.search(text) else LANG_TAGS.get(deck_lang, "en-US")


def fit(items: list[Para], width: int, height: int, floor: float, max_lines: int | None = None) -> float | None:
    """The scale at which `items` fit a `width` x `height` EMU box (insets already taken off), or None."""
    return textfit.fit_scale([p.measured() for p in items], points(width), points(height), floor, max_lines)


def write_text(frame: TextFrame, items: list[Para], scale: float, lang: str, anchor: str = "top",
               placeholder: bool = False) -> None:
    """Replace the frame's text: no insets, word wrap, no autofit, each paragraph styled explicitly."""
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = ANCHOR[anchor]
    for i, item in enumerate(items):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _write_paragraph(paragraph, item, scale, lang, first=i == 0, placeholder=placeholder)


def _write_paragraph(paragraph: Paragraph, item: Para, scale: float, lang: str, first: bool, placeholder: bool) -> None:
    style, factor = item.style, type_scale()
    if style.align:
        paragraph.alignment = ALIGN[style.align]
    if style.line_spacing != 1.0:
        paragraph.line_spacing = style.line_spacing
    if style.space_before and not first:
        paragraph.space_before = Pt(textfit.scaled_size(style.space_before * factor, scale))
    p_pr = paragraph_properties(paragraph)
    if style.bullet:
        p_pr.set("marL", str(Pt(item.indent)))
        p_pr.set("indent", str(-Pt(BULLET_INDENT * factor)))
        etree.SubElement(etree.SubElement(p_pr, qn("a:buClr")), qn("a:srgbClr")).set("val", ACCENT)
        if style.bullet == "auto":
            etree.SubElement(p_pr, qn("a:buAutoNum")).set("type", "arabicPeriod")
        else:
            etree.SubElement(p_pr, qn("a:buFont")).set("typeface", "Arial")
            etree.SubElement(p_pr, qn("a:buChar")).set("char", style.bullet)
    elif placeholder:
        p_pr.set("marL", "0")
        p_pr.set("indent", "0")
        etree.SubElement(p_pr, qn("a:buNone"))
    size = textfit.scaled_size(style.size * factor, scale)
    if item.text:
        write_run(paragraph.add_run(), item.text, size, style.bold, style.color, lang)
    end = etree.SubElement(paragraph_element(paragraph), qn("a:endParaRPr"))  # an empty line is as tall as the text around it
    end.set("lang", language_of(item.text, lang))
    end.set("sz", str(round(size * 100)))


def write_run(run: object, text: str, size: float, bold: bool, color: str | None, lang: str) -> None:
    """A run in NanumGothic in both the Latin and the East Asian slot, with its language."""
    run.text = text
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    if color:
        font.color.rgb = RGBColor.from_string(color)
    font.name = FONT
    set_east_asian(run_properties(run), language_of(text, lang))


def set_east_asian(r_pr: Element, lang_tag: str) -> None:
    """`<a:ea typeface=...>` right after `<a:latin>` (schema order), and the run's language."""
    r_pr.set("lang", lang_tag)
    for old in r_pr.findall(qn("a:ea")):
        r_pr.remove(old)
    latin = r_pr.find(qn("a:latin"))
    ea = etree.Element(qn("a:ea"))
    ea.set("typeface", FONT)
    if latin is not None:
        latin.addnext(ea)
    else:
        r_pr.append(ea)


def frame_paragraphs(frame: TextFrame) -> list[textfit.Paragraph]:
    """The paragraphs of a written text frame, as `textfit` measures them."""
    result = []
    for p in text_body(frame).findall(qn("a:p")):
        runs = [el for el in p if el.tag in (qn("a:r"), qn("a:fld"))]
        text = "".join(el.findtext(qn("a:t")) or "" for el in runs)
        props = [el.find(qn("a:rPr")) for el in runs] + [p.find(qn("a:endParaRPr"))]
        sizes = [int(r_pr.get("sz")) / 100 for r_pr in props if r_pr is not None and r_pr.get("sz")]
        bold = any(el.find(qn("a:rPr")) is not None and el.find(qn("a:rPr")).get("b") == "1" for el in runs)
        p_pr = p.find(qn("a:pPr"))
        indent = int(p_pr.get("marL", "0")) / 12700 if p_pr is not None else 0.0
        before = p.find(f"{qn('a:pPr')}/{qn('a:spcBef')}/{qn('a:spcPts')}")
        spacing = p.find(f"{qn('a:pPr')}/{qn('a:lnSpc')}/{qn('a:spcPct')}")
        result.append(textfit.Paragraph(
            text, max(sizes, default=18.0), bold, indent,
            int(before.get("val")) / 100 if before is not None else 0.0,
            int(spacing.get("val")) / 100000 if spacing is not None else 1.0,
        ))
    return result


def text_room(frame: TextFrame, width: int, height: int) -> tuple[float, float]:
    """Width and height in points inside a shape of `width` x `height` EMU, less the frame's insets."""
    return (points(width - frame.margin_left - frame.margin_right),
            points(height - frame.margin_top - frame.margin_bottom))
