"""The deck being built: slides from layouts, fitted text boxes, trackers, page numbers, notes.

Every text box goes through `DeckBuilder.text`: measured, shrunk to the floor if it must, and an
error naming the slide and the shape if it still does not fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.presentation import Presentation
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Pt

from reportgen.charts.theme import THEME, Theme
from reportgen.context import BuildContext, ChartImage
from reportgen.errors import fail
from reportgen.narrative.texts import Texts
from reportgen.writers.deck import style as look
from reportgen.writers.deck.anatomy import LayoutInfo
from reportgen.writers.deck.labels import label
from reportgen.writers.deck.layout import EMU_PER_INCH, Box, Frame
from reportgen.writers.deck.placement import MIN_KEEP, frame_of, legible
from reportgen.writers.deck.pptx_internals import element, paragraph_element, qn, set_slide_name
from reportgen.writers.deck.text import Para, Style, fit, paras, type_scale, write_run, write_text
from reportgen.writers.deck.textfit import scaled_size


def flat(items: object) -> list[object]:
    """Nested lists of text as one list; a single string as a list of one; nothing as []."""
    if isinstance(items, list):
        return [x for item in items for x in flat(item)]
    return [items] if items else []


SLIDE_NUMBER_FIELD = "{B6F15F2B-6A0C-4E39-9E3D-2F3B6B1D5A10}"


@dataclass
class DeckBuilder:
    ctx: BuildContext
    lang: str
    charts: Mapping[str, ChartImage]
    prs: Presentation
    layouts: Mapping[str, LayoutInfo]
    slide_id: str = ""  # the spec slide being built, for error messages
    layout_name: str = ""  # its layout, for error messages
    mapping_file: str = ""  # the mapping file beside a company master (`our-master.yaml`), for hints in messages
    kind: str = ""  # the kind of the slide being built
    chart_theme: Theme = THEME  # native charts' colours: reportgen's, or the master's accents (`palette: master`)

    @property
    def texts(self) -> Texts:
        return self.ctx.texts[self.lang]

    def text_of(self, key: str, default: Any = None) -> Any:
        return self.texts.get(key, default)

    def label(self, key: str) -> str:
        return label(self.texts, key)

    def slide_notes(self, slide_id: str) -> list[str]:
        """`slides.<id>.notes` as a list of paragraphs (a string or a list of strings in the text)."""
        return [str(n) for n in flat(self.text_of(f"slides.{slide_id}.notes"))]

    def section_name(self, section: str) -> str:
        return str(self.text_of(f"sections.{section}", section))

    # slides -------------------------------------------------------------------------------------

    def new_slide(self, kind: str, slide_id: str, section: str | None, page: bool = True) -> tuple[Slide, Frame]:
        """A slide of the kind's layout, named after its spec id, with tracker and page number."""
        self.slide_id, self.kind = slide_id, kind
        layout = self.layouts[kind]
        self.layout_name = layout.name
        slide = self.prs.slides.add_slide(layout.layout)
        set_slide_name(slide, slide_id)
        if layout.hides_graphics:  # PowerPoint's "Hide background graphics": the master's and the layout's shapes
            element(slide).set("showMasterSp", "0")
        frame = self.frame(layout)
        if kind != "title" and kind != "section" and frame.clear < MIN_KEEP:
            raise fail(self.ctx.spec_path, "layouts",
                       f"{kind} slides: the master's artwork covers {1 - frame.clear:.0%} of the body area of layout "
                       f"{layout.name!r} (master {layout.master}); map {kind} to a plainer layout beside the master "
                       "(`reportgen master inspect` lists them), or hide the master's artwork on these slides with "
                       f"`background_graphics: {{{kind}: hide}}` (or `{{content: hide}}`) in "
                       f"{self.mapping_file or 'the mapping file beside the master'}")
        if section is not None and frame.tracker is not None:
            self.text(slide, "Section tracker", frame.tracker, [Para(self.section_name(section), Style(look.FOOTER, color=look.SOFT,
                      align="right"))], f"sections.{section}", anchor="top")
        if page and not layout.numbered:  # a master that draws the number itself shows it: not a second one
            self.page_number(slide, frame.page)
        return slide, frame

    def placeholder_box(self, kind: str, types: tuple[str, ...]) -> Box | None:
        """Where the layout of `kind` puts its first placeholder of one of `types` (in that order of preference)."""
        layout = self.layouts[kind]
        found = [p for t in types for p in layout.of(t) if p.box is not None]
        return found[0].box if found else None

    def readable_box(self, kind: str, *candidates: Box) -> Box:
        """The first of `candidates` on which text can be read on the layout of `kind` (else the first)."""
        width, height = self.prs.slide_width, self.prs.slide_height
        inside = [b for b in candidates if b.left >= 0 and b.top >= 0 and b.right <= width and b.bottom <= height]
        return next((b for b in inside if legible(self.layouts[kind], b, width, height)), (inside or list(candidates))[0])

    def frame(self, layout: LayoutInfo) -> Frame:
        return frame_of(layout, self.prs.slide_width, self.prs.slide_height)

    def title(self, slide: Slide, frame: Frame, text: str, key: str, size: float = look.TITLE,
              max_lines: int = look.TITLE_LINES, color: str | None = look.INK) -> None:
        """The action title, in the layout's title placeholder (a text box when it has none).

        Shrunk to the floor within `max_lines` in the title box; else, when the layout leaves room under
        its title, wrapped onto one more line in that room."""
        items = paras(text, Style(size, bold=True, color=color))
        box, scale = frame.title, fit(items, frame.title.width, frame.title.height, look.FLOOR, max_lines)
        if scale is None and frame.title_room is not None:
            scale = fit(items, frame.title_room.width, frame.title_room.height, look.FLOOR, max_lines + 1)
            box = frame.title_room if scale is not None else box
        placeholder = slide.shapes.title
        if placeholder is None:
            self.text(slide, "Title", box, items, key, anchor="bottom", max_lines=max_lines, scale=scale)
            return
        placeholder.left, placeholder.top, placeholder.width, placeholder.height = box.left, box.top, box.width, box.height
        self.fill(placeholder, box, items, key, anchor="bottom", max_lines=max_lines, placeholder=True, scale=scale)

    def fill(self, shape: Shape, box: Box, items: list[Para], key: str, anchor: str = "top", max_lines: int | None = None,
             placeholder: bool = False, floor: float = look.FLOOR, scale: float | None = None) -> None:
        """Write `items` into an existing shape at the largest scale that fits its box."""
        if scale is None:
            scale = fit(items, box.width, box.height, floor, max_lines)
        if scale is None:
            self.overflow(shape.name, items, key, floor, max_lines, box)
        write_text(shape.text_frame, items, scale, self.lang, anchor, placeholder)

    def text(self, slide: Slide, name: str, box: Box, items: list[Para], key: str, anchor: str = "top",
             max_lines: int | None = None, floor: float = look.FLOOR, scale: float | None = None) -> Shape:
        """A new text box holding `items`, shrunk to fit (never below `floor`)."""
        shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
        shape.name = name
        self.fill(shape, box, items, key, anchor, max_lines, floor=floor, scale=scale)
        return shape

    def common_scale(self, boxes: list[tuple[str, Box, list[Para]]], key: str, floor: float = look.FLOOR,
                     max_lines: int | None = None) -> float:
        """One scale at which every box fits: siblings (KPI numbers, table rows) keep one size."""
        scales = []
        for name, box, items in boxes:
            scale = fit(items, box.width, box.height, floor, max_lines)
            if scale is None:
                self.overflow(name, items, key, floor, max_lines, box)
            scales.append(scale)
        return min(scales, default=1.0)

    def overflow(self, name: str, items: list[Para], key: str, floor: float, max_lines: int | None, box: Box) -> None:
        smallest = scaled_size(max((p.style.size for p in items), default=0) * type_scale(), floor)
        start = " ".join(p.text for p in items)[:60]
        lines = f" in {max_lines} line(s)" if max_lines else ""
        size = f"{box.width / EMU_PER_INCH:.2f} x {box.height / EMU_PER_INCH:.2f} in"
        raise fail(self.texts.file_of(key), f"{key} (slide {self.slide_id!r}, shape {name!r})",
                   f"the text does not fit its box ({size}, layout {self.layout_name!r}){lines} even at {smallest:g} pt: "
                   f"{start!r}...; shorten it, or map this slide kind to a layout with a larger box{self.box_hint(name)}")

    def box_hint(self, shape: str) -> str:
        """How to give the shape a larger box in the mapping beside the master (none for the default master)."""
        if not self.mapping_file:
            return ""
        role = "title" if shape.startswith("Title") else "subtitle" if self.kind in ("title", "section") else "body"
        box = "{left: .., top: .., width: .., height: ..}"
        key = f"{{{ {'title': 'cover', 'section': 'section'}[self.kind]}: {{{role}: {box}}}}}" if self.kind in ("title", "section") \
            else f"{{{role}: {box}}}"
        return f", or give it one in {self.mapping_file}: `positions: {key}` (inches, or % of the slide)"

    def page_number(self, slide: Slide, box: Box) -> None:
        """A slide-number field, bottom right: PowerPoint renumbers it when slides move. In the layout's slide-number
        placeholder when it has one (as PowerPoint's "Slide number" box does), so LibreOffice does not draw the
        master's own number as well."""
        shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
        shape.name = "Slide number"
        own = self.layouts[self.kind].of("sldNum") if self.kind else []
        if own and own[0].idx is not None:
            as_placeholder(shape, "sldNum", own[0].idx)
        number = str(len(self.prs.slides))
        write_text(shape.text_frame, [Para(number, Style(look.FOOTER, color=look.SOFT, align="right"))], 1.0, self.lang)
        paragraph = paragraph_element(shape.text_frame.paragraphs[0])
        run = paragraph.find(qn("a:r"))
        fld = etree.SubElement(paragraph, qn("a:fld"))
        fld.set("id", SLIDE_NUMBER_FIELD)
        fld.set("type", "slidenum")
        for child in list(run):
            fld.append(child)
        paragraph.remove(run)
        end = paragraph.find(qn("a:endParaRPr"))
        if end is not None:
            paragraph.remove(end)
            paragraph.append(end)

    def source_line(self, slide: Slide, frame: Frame, text: str, key: str) -> None:
        self.text(slide, "Source line", frame.source, [Para(text, Style(look.FOOTER, color=look.SOFT))], key,
                  anchor="top", max_lines=2, floor=0.85)

    def rule(self, slide: Slide, left: int, top: int, width: int, color: str = look.RULE, weight: float = 0.75) -> None:
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, left, top, left + width, top)
        line.line.color.rgb = RGBColor.from_string(color)
        line.line.width = Pt(weight)
        line.name = "Rule"
        _drop_theme_style(line)

    def panel(self, slide: Slide, box: Box, color: str = look.PANEL) -> None:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, box.left, box.top, box.width, box.height)
        shape.name = "Panel"
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(color)
        shape.line.fill.background()
        _drop_theme_style(shape)

    def notes(self, slide: Slide, lines: list[str]) -> None:
        """Speaker notes: the talking points, each a paragraph, in the deck's font and language."""
        lines = [line for line in lines if line and line.strip()]
        if not lines:
            return
        frame = slide.notes_slide.notes_text_frame
        frame.clear()
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            write_run(paragraph.add_run(), line, 12.0, False, None, self.lang)


def as_placeholder(shape: Shape, kind: str, idx: int) -> None:
    """Turn a new text box into a slide placeholder of the layout's placeholder `kind`/`idx` (its position kept)."""
    nv = element(shape).find(qn("p:nvSpPr"))
    locks = nv.find(qn("p:cNvSpPr"))
    locks.attrib.pop("txBox", None)
    etree.SubElement(locks, qn("a:spLocks")).set("noGrp", "1")
    ph = etree.SubElement(nv.find(qn("p:nvPr")), qn("p:ph"))
    ph.set("type", kind)
    ph.set("sz", "quarter")
    ph.set("idx", str(idx))


def _drop_theme_style(shape: Shape) -> None:
    """No theme style on decoration: its effects (shadows) differ from master to master."""
    style = element(shape).find(qn("p:style"))
    if style is not None:
        element(shape).remove(style)
