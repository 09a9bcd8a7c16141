"""The memo's look: the embedded Korean font, a restrained palette, and one paragraph style per role.

NanumGothic (TrueType outlines) is registered with reportlab, which embeds only the glyphs used
(a subset). Every style uses it, so no PDF base-14 font (which would not be embedded) ever appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import TableStyle

from reportgen.fonts import FAMILY, font_path
from reportgen.writers.memo.reportlab_internals import parsed_font

REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
HEAVY = f"{FAMILY}-ExtraBold"
WEIGHTS = {REGULAR: "regular", BOLD: "bold", HEAVY: "extrabold"}

INK = colors.HexColor("#1D232B")
MUTED = colors.HexColor("#5B6570")
ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#C9D2DC")
TINT = colors.HexColor("#F1F5F9")
WHITE = colors.white

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 22 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 22 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM


@cache
def register_fonts() -> None:
    """Register NanumGothic regular, bold and extra bold once per process; bold markup uses bold."""
    for name, weight in WEIGHTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(parsed_font(name, font_path(weight)))  # parsed once, then from the font cache
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


@dataclass(frozen=True)
class MemoStyles:
    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta_label: ParagraphStyle
    meta_value: ParagraphStyle
    classification: ParagraphStyle
    toc: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    lead: ParagraphStyle
    caption: ParagraphStyle
    unit: ParagraphStyle
    source: ParagraphStyle
    cell: ParagraphStyle
    cell_number: ParagraphStyle
    cell_small: ParagraphStyle
    cell_small_number: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_number: ParagraphStyle
    box_label: ParagraphStyle
    box_text: ParagraphStyle
    box_item: ParagraphStyle
    note: ParagraphStyle


def make_styles(lang: str) -> MemoStyles:
    """Paragraph styles for one language: Korean gets a little more leading than English."""
    register_fonts()
    loose = 1.62 if lang == "ko" else 1.48

    def style(name: str, size: float, font: str = REGULAR, color: colors.Color = INK, **kw: object) -> ParagraphStyle:
        base = {"leading": round(size * loose, 1), "bulletFontName": font, "bulletFontSize": size,
                "allowWidows": 0, "allowOrphans": 0, "splitLongWords": 1, "alignment": TA_LEFT}
        return ParagraphStyle(name, fontName=font, fontSize=size, textColor=color, **{**base, **kw})

    heading = {"keepWithNext": 1, "allowWidows": 0, "allowOrphans": 0}
    return MemoStyles(
        kicker=style("kicker", 9, BOLD, ACCENT, leading=12, spaceAfter=10),
        title=style("title", 25, HEAVY, INK, leading=33, spaceAfter=8),
        subtitle=style("subtitle", 13, REGULAR, MUTED, leading=19, spaceAfter=16),
        meta_label=style("meta_label", 8.5, BOLD, MUTED, leading=12),
        meta_value=style("meta_value", 9.5, REGULAR, INK, leading=13),
        classification=style("classification", 9, BOLD, ACCENT, leading=12, alignment=TA_RIGHT),
        toc=style("toc", 10, REGULAR, INK, leading=14, spaceBefore=2, spaceAfter=2),
        h1=style("h1", 15.5, BOLD, ACCENT, leading=21, spaceBefore=20, spaceAfter=9, **heading),
        h2=style("h2", 12, BOLD, INK, leading=17, spaceBefore=14, spaceAfter=5, **heading),
        body=style("body", 10.5, spaceAfter=7),
        lead=style("lead", 11.5, REGULAR, INK, spaceAfter=9),
        caption=style("caption", 10, BOLD, INK, leading=14, spaceBefore=12, spaceAfter=1, keepWithNext=1),
        unit=style("unit", 8.5, REGULAR, MUTED, leading=12, spaceAfter=4, keepWithNext=1),
        source=style("source", 8, REGULAR, MUTED, leading=11, spaceBefore=3, spaceAfter=12),
        cell=style("cell", 9, leading=12.5),
        cell_number=style("cell_number", 9, leading=12.5, alignment=TA_RIGHT),
        cell_small=style("cell_small", 8, leading=10.5),
        cell_small_number=style("cell_small_number", 8, leading=10.5, alignment=TA_RIGHT),
        cell_head=style("cell_head", 8.5, BOLD, WHITE, leading=11.5),
        cell_head_number=style("cell_head_number", 8.5, BOLD, WHITE, leading=11.5, alignment=TA_RIGHT),
        box_label=style("box_label", 8.5, BOLD, ACCENT, leading=13),
        box_text=style("box_text", 9.5, leading=round(9.5 * loose, 1)),
        box_item=style("box_item", 9.5, leading=round(9.5 * loose, 1), leftIndent=10, bulletIndent=0, bulletColor=ACCENT),
        note=style("note", 8.5, leading=12.5, leftIndent=18, bulletIndent=0, spaceAfter=3),
    )


def table_style(commands: list[tuple]) -> TableStyle:
    """A TableStyle whose cell font is the embedded one (reportlab's default would be Helvetica,
    which is never embedded and would be listed as a font of the PDF)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 9), *commands])
