"""The master's look on a built slide, and the contrast check of every text against what it sits on.

The slide builders write the design's colours (style.INK, MUTED, SOFT, ACCENT, PANEL, RULE, WHITE)
as roles. `dress` turns each role into the colour the master gives it: titles in the colour of the
layout's title placeholder, text in the colour of its body text, accents from the theme, and the
typeface of the master's placeholders in the Latin slot. Every colour is checked against the
background under it (WCAG 2: 4.5:1 for text, 3:1 for titles): one that falls short is replaced by the
theme colour that reaches the ratio, and when none does the build stops naming the slide, the shape
and the two colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx.slide import Slide

from reportgen.errors import ReportgenError, problem
from reportgen.writers.deck import style, textfit
from reportgen.writers.deck.anatomy import TITLES, LayoutInfo, text_look
from reportgen.writers.deck.layout import EMU_PER_PT, Box
from reportgen.writers.deck.placement import layout_backdrop
from reportgen.writers.deck.pptx_internals import Element, qn, text_body
from reportgen.writers.deck.pptx_internals import element as xml_of
from reportgen.writers.deck.text import frame_paragraphs, text_room
from reportgen.writers.deck.theme import Theme, contrast, mix, readable, softened, worst_contrast

BODY_RATIO = 4.5
TITLE_RATIO = 3.0
KOREAN_FONTS = ("nanum", "malgun", "맑은", "gulim", "굴림", "dotum", "돋움", "batang", "바탕", "gungsuh", "noto sans kr", "noto sans cjk",
                "noto serif kr", "noto serif cjk", "source han", "apple sd gothic", "pretendard", "spoqa", "나눔")


@dataclass(frozen=True)
class Look:
    """The colours and typefaces of one layout, each readable on the layout's background."""

    background: tuple[str, ...]
    title: str
    text: str
    muted: str
    soft: str
    accent: str
    panel: str
    rule: str
    header: str  # table header fill
    on_header: str  # text on the header fill
    title_font: str
    body_font: str
    east_asian: str
    choices: tuple[str, ...]  # the theme's text and background colours, to fall back on
    placeholders: tuple[tuple[str, str], ...] = ()  # (placeholder type, colour of text typed into it)

    def placeholder_colour(self, kind: str) -> str:
        return next((c for t, c in self.placeholders if t == kind), self.title if kind in TITLES else self.text)

    def text_roles(self, in_title: bool) -> dict[str, str]:
        return {style.INK: self.title if in_title else self.text, style.MUTED: self.muted, style.SOFT: self.soft,
                style.ACCENT: self.accent, style.WHITE: self.on_header}

    def fill_roles(self) -> dict[str, str]:
        return {style.INK: self.header, style.PANEL: self.panel, style.WHITE: self.background[0], style.RULE: self.rule,
                style.ACCENT: self.accent}


def look_of(layout: LayoutInfo, theme: Theme) -> Look:
    """The look of `layout`: its placeholders' text colours and typefaces, the theme's accent, made readable."""
    background = list(layout.background)
    choices = [c for c in theme.text_colours if c not in background]
    title_type = next((p.type for p in layout.placeholders if p.type in TITLES), "title")
    title_look, body_look = text_look(layout.layout, title_type, theme), text_look(layout.layout, "body", theme)
    base_text = body_look.colour or theme.slot("tx1") or style.INK
    text = readable(base_text, background, BODY_RATIO, choices) or base_text
    title = readable(title_look.colour or text, background, TITLE_RATIO, choices) or text
    accents = [theme.slot(f"accent{i}") for i in range(1, 7)] + [theme.slot("tx2")]
    accent = next((a for a in accents if a and worst_contrast(a, background) >= BODY_RATIO), text)
    ground = background[0]
    header = text if contrast(text, "FFFFFF") >= BODY_RATIO else accent
    on_header = readable(ground, [header], BODY_RATIO, ["FFFFFF", "000000"]) or "FFFFFF"
    own = []
    for placeholder in layout.content:
        given = text_look(layout.layout, placeholder.type, theme).colour or (title if placeholder.type in TITLES else text)
        ratio = TITLE_RATIO if placeholder.type in TITLES else BODY_RATIO
        own.append((placeholder.type, readable(given, background, ratio, choices) or given))
    east_asian = next((f for f in (theme.minor[1], theme.major[1]) if f and f.lower().startswith(KOREAN_FONTS)), style.FONT)
    return Look(
        background=tuple(background), title=title, text=text,
        muted=softened(text, ground, 0.3, BODY_RATIO), soft=softened(text, ground, 0.45, BODY_RATIO),
        accent=accent, panel=mix(ground, text, 0.06), rule=mix(ground, text, 0.22), header=header, on_header=on_header,
        title_font=title_look.typeface or theme.major[0] or style.FONT, body_font=body_look.typeface or theme.minor[0] or style.FONT,
        east_asian=east_asian, choices=tuple(choices), placeholders=tuple(own),
    )


def dress(slide: Slide, look: Look) -> None:
    """Replace the design's role colours and typeface with the layout's, on every shape of the slide."""
    for shape in slide.shapes:
        element = xml_of(shape)
        if element.tag == qn("p:grpSp") and shape.name.startswith("Chart"):
            continue  # a native chart's names and key: the chart's colours, on its own ground (evidence.py)
        ph = element.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}")
        kind = ph.get("type", "obj") if ph is not None else ""
        in_title = kind in TITLES
        texts, fills = look.text_roles(in_title), look.fill_roles()
        for r_pr in [*element.iter(qn("a:rPr")), *element.iter(qn("a:endParaRPr"))]:
            _recolour(r_pr, texts)
            if r_pr.find(qn("a:solidFill")) is None and ph is not None:
                _set_colour(r_pr, look.placeholder_colour(kind))
            latin = r_pr.find(qn("a:latin"))
            if latin is not None and latin.get("typeface") == style.FONT:
                latin.set("typeface", look.title_font if in_title else look.body_font)
            east_asian = r_pr.find(qn("a:ea"))
            if east_asian is not None and east_asian.get("typeface") == style.FONT:
                east_asian.set("typeface", look.east_asian)
        for bullet in element.iter(qn("a:buClr")):
            _recolour(bullet, texts)
        for props in [*element.iter(qn("p:spPr")), *element.iter(qn("a:tcPr"))]:
            _recolour(props, fills)
            line = props.find(qn("a:ln"))
            if line is not None:
                _recolour(line, fills)


def _recolour(parent: Element, roles: dict[str, str]) -> None:
    colour = parent.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}") if parent.tag != qn("a:buClr") else parent.find(qn("a:srgbClr"))
    if colour is not None and colour.get("val", "").upper() in roles:
        colour.set("val", roles[colour.get("val").upper()])


def _set_colour(r_pr: Element, colour: str) -> None:
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", colour)
    anchor = r_pr.find(qn("a:ln"))
    if anchor is not None:
        anchor.addnext(fill)
    else:
        r_pr.insert(0, fill)


def backdrop(layout: LayoutInfo, box: Box, slide: Slide, width: int, height: int, exclude: object = None) -> list[str]:
    """The colours under `box`: the layout's background and artwork, and filled shapes of the slide behind it."""
    colours = layout_backdrop(layout, box, width, height)
    for shape in slide.shapes:
        if xml_of(shape) is exclude:
            break
        fill = xml_of(shape).find(f"{qn('p:spPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")
        shape_box = Box(shape.left, shape.top, shape.width, shape.height)
        if fill is not None and shape_box.overlaps(box):
            colours = [fill.get("val").upper()] if box.inside(shape_box) else [*colours, fill.get("val").upper()]
    return list(dict.fromkeys(colours))


def text_area(shape: object) -> Box:
    """The part of a text box its lines take: as high as the text measures, where it is anchored, and as wide
    as its widest line, where it is aligned."""
    box = Box(shape.left, shape.top, shape.width, shape.height)
    width, room = text_room(shape.text_frame, shape.width, shape.height)
    paragraphs = frame_paragraphs(shape.text_frame)
    need = min(room, textfit.text_height(paragraphs, width)) * EMU_PER_PT
    wide = min(width, max((textfit.text_width(line, p.size, p.bold) + p.indent for p in paragraphs
                           for line in textfit.wrap(p.text, width - p.indent, p.size, p.bold)), default=width))
    wide = min(box.width, round(wide * EMU_PER_PT / textfit.WIDTH_SAFETY))
    body = text_body(shape.text_frame).find(qn("a:bodyPr"))
    anchor = body.get("anchor", "t") if body is not None else "t"
    top = box.top + {"t": 0, "ctr": (box.height - need) / 2, "b": box.height - need}.get(anchor, 0)
    aligns = {p.get("algn", "l") for p in xml_of(shape).iter(qn("a:pPr"))} or {"l"}
    left = box.left if aligns == {"l"} else box.right - wide if aligns == {"r"} else box.left + (box.width - wide) // 2
    if len(aligns) > 1:
        left, wide = box.left, box.width
    return Box(left, round(top), wide, max(1, round(need)))


def check_contrast(slide: Slide, number: int, layout: LayoutInfo, look: Look, width: int, height: int, file: str) -> list:
    """Make every text on the slide readable on what it sits on; the problems where no theme colour is."""
    problems = []
    for shape in slide.shapes:
        element = xml_of(shape)
        ph = element.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}")
        minimum = TITLE_RATIO if ph is not None and ph.get("type", "obj") in TITLES else BODY_RATIO
        areas = [(text_area(shape), element)] if shape.has_text_frame else []
        if getattr(shape, "has_table", False) and shape.has_table:
            areas = [(None, cell) for cell in element.iter(qn("a:tc"))]
        for box, holder in areas:
            cell_fill = holder.find(f"{qn('a:tcPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}") if box is None else None
            under = [cell_fill.get("val").upper()] if cell_fill is not None else None
            if under is None:
                area = box or Box(shape.left, shape.top, shape.width, shape.height)
                under = backdrop(layout, area, slide, width, height, exclude=element)
            for r_pr in holder.iter(qn("a:rPr")):
                colour = r_pr.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}")
                if colour is None or worst_contrast(colour.get("val").upper(), under) >= minimum:
                    continue
                better = readable(colour.get("val").upper(), under, minimum, list(look.choices))
                if better is None:
                    value = colour.get("val").upper()
                    worst = min(under, key=lambda c: contrast(value, c))
                    straddles = f" (it sits on {', '.join('#' + c for c in under)})" if len(under) > 1 else ""
                    problems.append(problem(file, f"slide {number} ({slide.name}), shape {shape.name!r}",
                                            f"text colour #{value} on #{worst} has a contrast of {contrast(value, worst):.1f}:1, "
                                            f"below {minimum:g}:1{straddles}, and no colour of the master's theme reads on it; "
                                            "map this slide kind to a layout with a plainer background" + _hide_hint(file)))
                    break
                colour.set("val", better)
    return problems


def _hide_hint(file: str) -> str:
    """The mapping key that takes the master's pictures and shapes off the slide (not its background)."""
    if not file.lower().endswith(".pptx"):
        return ""
    mapping = Path(file).with_suffix(".yaml").name
    return (f", or hide the master's background graphics on it: `background_graphics: hide` (or per slide kind, "
            f"`{{title: hide}}`, `{{content: hide}}`) in {mapping}")


def raise_problems(problems: list) -> None:
    if problems:
        raise ReportgenError(problems)
