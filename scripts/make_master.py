"""Build the default slide master from python-pptx's own template.

    python scripts/make_master.py

Writes templates/china-ai-briefing/master.pptx and reportgen/assets/master.pptx (the master of
reports that name none). 16:9; five named layouts: Title, Section, Title Only, Title and Content,
Blank; NanumGothic as the theme's Latin and East Asian font; navy text, one blue accent, a thin
accent rule under the title. Same bytes on every run.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from reportgen.writers.deck.package import save_reproducibly, set_core_properties
from reportgen.writers.deck.style import ACCENT, FONT, INK, MUTED, WHITE

ROOT = Path(__file__).resolve().parents[1]
TARGETS = [ROOT / "templates" / "china-ai-briefing" / "master.pptx", ROOT / "reportgen" / "assets" / "master.pptx"]
BUILT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in, PowerPoint's 16:9
MARGIN = Inches(0.6)
TITLE_BOX = (MARGIN, Inches(0.55), WIDTH - 2 * MARGIN, Inches(0.9))
BODY_BOX = (MARGIN, Inches(1.75), WIDTH - 2 * MARGIN, Inches(5.08))
RULE_Y = Inches(1.55)
FOOTER_Y, FOOTER_H = Inches(6.95), Inches(0.3)
RENAME = {"Title Slide": "Title", "Section Header": "Section"}
KEEP = ("Title", "Section", "Title Only", "Title and Content", "Blank")
NAVY = "14213D"


def main() -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _theme(prs)
    master = prs.slide_master
    _text_styles(master._element)
    _place_master(master)
    for layout in list(master.slide_layouts):
        name = RENAME.get(layout.name, layout.name)
        if name not in KEEP:
            master.slide_layouts.remove(layout)
            continue
        layout._element.cSld.set("name", name)
        _place_layout(prs, layout, name)
    set_core_properties(prs, BUILT, "reportgen master", "reportgen", "Default slide master", "ko-KR")
    for target in TARGETS:
        target.parent.mkdir(parents=True, exist_ok=True)
        save_reproducibly(prs, target, BUILT)
        print(f"wrote {target.relative_to(ROOT)}")


def _theme(prs: Presentation) -> None:
    """Theme fonts NanumGothic (Latin and East Asian); colours navy, grey and one accent."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    theme.set("name", "reportgen")
    colours = {"dk2": INK, "lt2": "F2F4F7", "accent1": ACCENT, "accent2": "5B8DC9", "accent3": MUTED,
               "accent4": "A7B4C4", "accent5": "D98E04", "accent6": "2E8B57"}
    scheme = theme.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    scheme.set("name", "reportgen")
    for name, value in colours.items():
        slot = scheme.find(qn(f"a:{name}"))
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, qn("a:srgbClr")).set("val", value)
    fonts = theme.find(f"{qn('a:themeElements')}/{qn('a:fontScheme')}")
    fonts.set("name", "reportgen")
    for group in ("a:majorFont", "a:minorFont"):
        node = fonts.find(qn(group))
        node.find(qn("a:latin")).set("typeface", FONT)
        node.find(qn("a:ea")).set("typeface", FONT)
        for script in node.findall(qn("a:font")):
            if script.get("script") == "Hang":
                script.set("typeface", FONT)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def _defrpr(level: etree._Element, size: float, bold: bool, colour: str) -> None:
    for old in level.findall(qn("a:defRPr")):
        level.remove(old)
    rpr = etree.SubElement(level, qn("a:defRPr"))
    rpr.set("sz", str(round(size * 100)))
    rpr.set("b", "1" if bold else "0")
    etree.SubElement(etree.SubElement(rpr, qn("a:solidFill")), qn("a:srgbClr")).set("val", colour)
    etree.SubElement(rpr, qn("a:latin")).set("typeface", "+mj-lt" if bold else "+mn-lt")
    etree.SubElement(rpr, qn("a:ea")).set("typeface", "+mj-ea" if bold else "+mn-ea")
    etree.SubElement(rpr, qn("a:cs")).set("typeface", "+mj-cs" if bold else "+mn-cs")


def _text_styles(master: etree._Element) -> None:
    styles = master.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    _defrpr(title, 24, True, INK)
    body = styles.find(qn("p:bodyStyle"))
    for i, level in enumerate(body.findall("*")):
        if level.tag.endswith("pPr"):
            _defrpr(level, max(12, 18 - 2 * i), False, INK)


def _xfrm(shape: object, box: tuple[int, int, int, int]) -> None:
    shape.left, shape.top, shape.width, shape.height = (Emu(v) for v in box)


def _body_pr(shape: object, anchor: str) -> None:
    body_pr = shape._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
    if body_pr is None:
        return
    for child in list(body_pr):
        body_pr.remove(child)
    body_pr.set("anchor", anchor)
    for side in ("lIns", "tIns", "rIns", "bIns"):
        body_pr.set(side, "0")
    etree.SubElement(body_pr, qn("a:noAutofit"))


def _list_style(shape: object, size: float, bold: bool, colour: str) -> None:
    """The placeholder's own first-level style: size, weight, colour, left aligned."""
    tx_body = shape._element.find(qn("p:txBody"))
    old = tx_body.find(qn("a:lstStyle"))
    style = etree.Element(qn("a:lstStyle"))
    level = etree.SubElement(style, qn("a:lvl1pPr"))
    level.set("marL", "0")
    level.set("indent", "0")
    level.set("algn", "l")
    etree.SubElement(level, qn("a:buNone"))
    _defrpr(level, size, bold, colour)
    old.addprevious(style)
    tx_body.remove(old)


FOOTERS = {"dt": (MARGIN, Inches(3)), "ftr": (Inches(4.2), Inches(4.9)), "sldNum": (WIDTH - MARGIN - Inches(1.5), Inches(1.5))}


def _place_master(master: object) -> None:
    for shape in master.placeholders:
        tag = shape._element.find(f".//{qn('p:ph')}").get("type", "body")
        if tag == "title":
            _xfrm(shape, TITLE_BOX)
            _body_pr(shape, "b")
        elif tag == "body":
            _xfrm(shape, BODY_BOX)
            _body_pr(shape, "t")
        elif tag in FOOTERS:
            left, width = FOOTERS[tag]
            _xfrm(shape, (left, FOOTER_Y, width, FOOTER_H))


def _place_layout(prs: Presentation, layout: object, name: str) -> None:
    for shape in list(layout.placeholders):
        tag = shape._element.find(f".//{qn('p:ph')}").get("type", "obj")
        if tag in FOOTERS:
            left, width = FOOTERS[tag]
            _xfrm(shape, (left, FOOTER_Y, width, FOOTER_H))
        elif name == "Title":
            _place_cover(shape, tag)
        elif name == "Section":
            _place_section(shape, tag)
        elif tag == "title":
            _xfrm(shape, TITLE_BOX)
            _body_pr(shape, "b")
        else:
            _xfrm(shape, BODY_BOX)
            _body_pr(shape, "t")
    if name == "Title":
        _add_shapes(prs, layout, [("rect", (MARGIN, Inches(2.2), Inches(0.09), Inches(3.0)), ACCENT)])
    elif name == "Section":
        _background(layout, NAVY)
        _add_shapes(prs, layout, [("rect", (MARGIN, Inches(3.1), Inches(0.9), Inches(0.06)), ACCENT)])
    elif name in ("Title Only", "Title and Content"):
        _add_shapes(prs, layout, [("line", (MARGIN, RULE_Y, WIDTH - 2 * MARGIN, 0), ACCENT)])


def _place_cover(shape: object, tag: str) -> None:
    left = MARGIN + Inches(0.4)
    if tag in ("ctrTitle", "title"):
        _xfrm(shape, (left, Inches(2.2), Inches(11.2), Inches(1.8)))
        _body_pr(shape, "b")
        _list_style(shape, 36, True, INK)
    else:
        _xfrm(shape, (left, Inches(4.2), Inches(11.2), Inches(1.0)))
        _body_pr(shape, "t")
        _list_style(shape, 18, False, MUTED)


def _place_section(shape: object, tag: str) -> None:
    if tag == "title":
        _xfrm(shape, (MARGIN, Inches(3.35), Inches(11.5), Inches(1.5)))
        _body_pr(shape, "t")
        _list_style(shape, 34, True, WHITE)
    else:
        _xfrm(shape, (MARGIN, Inches(2.2), Inches(11.5), Inches(0.75)))
        _body_pr(shape, "b")
        _list_style(shape, 16, True, "9DB8DB")


def _background(layout: object, colour: str) -> None:
    c_sld = layout._element.cSld
    for old in c_sld.findall(qn("p:bg")):
        c_sld.remove(old)
    bg = etree.Element(qn("p:bg"))
    bg_pr = etree.SubElement(bg, qn("p:bgPr"))
    etree.SubElement(etree.SubElement(bg_pr, qn("a:solidFill")), qn("a:srgbClr")).set("val", colour)
    etree.SubElement(bg_pr, qn("a:effectLst"))
    c_sld.insert(0, bg)


def _add_shapes(prs: Presentation, layout: object, shapes: list[tuple[str, tuple[int, int, int, int], str]]) -> None:
    """Draw decoration on a scratch slide, then move it into the layout (behind the placeholders)."""
    scratch = prs.slides.add_slide(layout)
    tree = layout._element.cSld.spTree
    next_id = max(int(el.get("id")) for el in tree.iter(qn("p:cNvPr"))) + 1
    for kind, (left, top, width, height), colour in shapes:
        if kind == "line":
            shape = scratch.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, left, top, left + width, top + height)
            shape.line.color.rgb = _rgb(colour)
            shape.line.width = Pt(1)
            shape.name = "Accent rule"
            shape._element.remove(shape._element.find(qn("p:style")))
        else:
            shape = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(colour)
            shape.line.fill.background()
            shape.name = "Accent bar"
            shape._element.remove(shape._element.find(qn("p:style")))
        element = copy.deepcopy(shape._element)
        element.find(f".//{qn('p:cNvPr')}").set("id", str(next_id))
        next_id += 1
        tree.insert(2, element)
    sld_ids = prs.slides._sldIdLst
    rid = sld_ids[-1].rId
    sld_ids.remove(sld_ids[-1])
    prs.part.drop_rel(rid)


def _rgb(value: str) -> RGBColor:
    return RGBColor.from_string(value)


if __name__ == "__main__":
    main()
