"""One function per slide kind: title, section, agenda, summary, bullets and sources live here;
chart and KPI slides in deck_evidence, tables in deck_table, recommendations in deck_recommendation.
`SLIDE_KINDS` maps every kind report.yaml may use to its function.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.slide import Slide as PptxSlide

from reportgen.inputs.spec import DeckSection, Slide
from reportgen.wording import formats
from reportgen.writers.deck import style as look
from reportgen.writers.deck.builder import DeckBuilder, flat
from reportgen.writers.deck.evidence import chart_slide, kpi_slide, text_source_line
from reportgen.writers.deck.layout import Box, inches
from reportgen.writers.deck.placement import beside_artwork, clear_box, legible
from reportgen.writers.deck.recommendation import recommendation_slide
from reportgen.writers.deck.sources import sources_slide
from reportgen.writers.deck.table import table_slide
from reportgen.writers.deck.text import Para, Style, fit, paras, type_scale
from reportgen.writers.deck.textfit import text_width

TITLE_TYPES = ("title", "ctrTitle")
TEXT_TYPES = ("subTitle", "body", "obj")
LEAD = re.compile(r"^(?P<lead>[^:：]{1,24})[:：]\s+(?P<rest>.+)$", re.S)


def title_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    s, frame = deck.new_slide("title", slide.id, None, page=False)
    key = f"slides.{slide.id}"
    title = deck.text_of(f"{key}.title") or deck.text_of("meta.title", "")
    subtitle = deck.text_of(f"{key}.subtitle") or deck.text_of("meta.subtitle", "")
    title_ph = _placeholder(s, {PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.TITLE})
    sub_ph = _placeholder(s, {PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT})
    title_box = (deck.placeholder_box("title", TITLE_TYPES) or _box(title_ph)) if title_ph is not None else frame.body.top_part(inches(1.8))
    title_box = clear_box(deck.layouts["title"], title_box, deck.prs.slide_width, deck.prs.slide_height)
    _put(deck, s, title_ph, "Title", title_box, paras(title, Style(look.COVER_TITLE, bold=True, color=None)), f"{key}.title", "bottom", 3)
    sub_box = deck.placeholder_box("title", TEXT_TYPES) or (_box(sub_ph) if sub_ph is not None else None)
    if sub_ph is None or sub_box is None:
        sub_box = Box(title_box.left, title_box.bottom + inches(0.2), title_box.width, inches(1))
    sub_box = clear_box(deck.layouts["title"], _on_slide(sub_box, deck), deck.prs.slide_width, deck.prs.slide_height)
    _put(deck, s, sub_ph, "Subtitle", sub_box, paras(subtitle, Style(18.0, color=None)), "meta.subtitle", "top", 3)
    when = formats.date_text(deck.ctx.report.date, deck.lang)
    author = deck.text_of("meta.author") or deck.ctx.report.author
    facts = " · ".join(str(x) for x in (deck.text_of("meta.audience"), when, author) if x)
    meta_height = round(inches(0.4) * type_scale())
    meta_box = deck.readable_box("title", Box(sub_box.left, sub_box.bottom + inches(0.25), sub_box.width, meta_height),
                                 Box(sub_box.left, sub_box.bottom - meta_height, sub_box.width, meta_height),
                                 Box(title_box.left, title_box.top - meta_height - inches(0.1), title_box.width, meta_height))
    deck.text(s, "Audience and date", meta_box, [Para(facts, Style(look.SMALL, color=look.MUTED))], "meta.audience", max_lines=1)
    classification = deck.text_of("meta.classification")
    if classification:
        marking = [Para(str(classification), Style(look.FOOTER, bold=True, color=look.ACCENT, align="right"))]
        deck.text(s, "Classification", frame.tracker or frame.source, marking, "meta.classification", max_lines=1)
    deck.notes(s, deck.slide_notes(slide.id) or [title, subtitle, facts])


def section_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    s, frame = deck.new_slide("section", slide.id, None)
    key = f"slides.{slide.id}"
    chapters = _chapters(deck)
    number = chapters.index(section.section) + 1 if section.section in chapters else 0
    kicker = f"{number:02d}   {deck.section_name(section.section)}" if number else deck.section_name(section.section)
    title_ph = _placeholder(s, {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE})
    body_ph = _placeholder(s, {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE})
    title_box = (deck.placeholder_box("section", TITLE_TYPES) or _box(title_ph)) if title_ph is not None else frame.body.below(inches(1.2))
    kicker_box = (deck.placeholder_box("section", TEXT_TYPES) or _box(body_ph)) if body_ph is not None else frame.body.top_part(inches(1.0))
    width, height = deck.prs.slide_width, deck.prs.slide_height
    layout = deck.layouts["section"]
    title_box, kicker_box = (beside_artwork(layout, clear_box(layout, _on_slide(b, deck), width, height, pictures_only=True),
                                            width, height) for b in (title_box, kicker_box))
    title = deck.text_of(f"{key}.title") or deck.section_name(section.section)
    title_items = paras(title, Style(look.SECTION_TITLE, bold=True, color=None))
    kicker_anchor = "bottom"  # the number sits right above the title, or right under it
    if body_ph is not None and title_ph is not None and kicker_box.top >= title_box.bottom:
        # a text placeholder under the title (a cover-like layout)
        kicker_anchor = "top"
        area = Box(title_box.left, title_box.top, title_box.width, kicker_box.bottom - title_box.top)
        if legible(deck.layouts["section"], area, width, height):  # one ground: the number on top, the title below it
            kicker_box = area.top_part(round(inches(0.6) * type_scale()))
            title_box = area.below(kicker_box.height, inches(0.1))
        elif fit(title_items, title_box.width, title_box.height, look.FLOOR, 3) is None:  # the title takes the larger box
            title_box, kicker_box = kicker_box, title_box
            kicker_anchor = "bottom"
    _put(deck, s, title_ph, "Title", title_box, title_items, f"{key}.title", "top", 3)
    kicker_items = [Para(kicker, Style(look.BODY, bold=True, color=None))]
    _put(deck, s, body_ph, "Section number", kicker_box, kicker_items, f"sections.{section.section}", kicker_anchor, 1)
    deck.notes(s, deck.slide_notes(slide.id) or [title])


def agenda_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    s, frame = deck.new_slide("agenda", slide.id, section.section)
    key = f"slides.{slide.id}"
    deck.title(s, frame, deck.text_of(f"{key}.title") or deck.label("contents"), f"{key}.title")
    rows, lines = [], []
    for i, chapter in enumerate(_chapters(deck), start=1):
        name, message = deck.section_name(chapter), _divider_message(deck, chapter)
        text = [Para(name, Style(20.0, bold=True))]
        if message:
            text.append(Para(message, Style(14.0, color=look.MUTED, space_before=3.0)))
        rows.append((f"{i:02d}", text))
        lines.append(f"{name} — {message}" if message else name)
    _numbered_rows(deck, s, frame.body, rows, "sections", size=20.0, max_row=inches(1.0))
    deck.notes(s, deck.slide_notes(slide.id) + lines)


def _divider_message(deck: DeckBuilder, chapter: str) -> str:
    """What the section's divider says beyond the section's name (`name — message` gives `message`)."""
    section = next(sec for sec in deck.ctx.report.deck if sec.section == chapter)
    divider = next((s for s in section.slides if s.kind == "section"), None)
    title = str(deck.text_of(f"slides.{divider.id}.title", "")) if divider else ""
    name = deck.section_name(chapter)
    rest = re.sub(rf"^{re.escape(name)}\s*[—:–-]\s*", "", title)
    return "" if rest.strip() == name.strip() else rest


def summary_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    s, frame = deck.new_slide("summary", slide.id, section.section)
    key = f"slides.{slide.id}"
    deck.title(s, frame, deck.text_of(f"{key}.title", ""), f"{key}.title")
    bullets = [str(b) for b in flat(deck.text_of(f"{key}.bullets", []))]
    rows = []
    for i, bullet in enumerate(bullets, start=1):
        lead = LEAD.match(bullet)
        lead_text, text = (lead["lead"], lead["rest"]) if lead else (str(i), bullet)
        rows.append((lead_text, [Para(text, Style(18.0))]))
    _numbered_rows(deck, s, frame.body, rows, f"{key}.bullets", size=18.0, max_row=inches(1.3))
    text_source_line(deck, s, frame, slide)
    deck.notes(s, deck.slide_notes(slide.id) + bullets)


def bullets_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    s, frame = deck.new_slide("bullets", slide.id, section.section)
    key = f"slides.{slide.id}"
    deck.title(s, frame, deck.text_of(f"{key}.title", ""), f"{key}.title")
    items = []
    for item in deck.text_of(f"{key}.bullets", []) or []:
        nested = item if isinstance(item, list) else [item]
        level = 1 if isinstance(item, list) else 0
        for text in nested:
            items.append(Para(str(text), Style(look.BODY if level == 0 else look.BODY - 2, bullet="•" if level == 0 else "–",
                                               level=level, space_before=10.0 if level == 0 else 4.0)))
    body = _placeholder(s, {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT})
    _put(deck, s, body, "Text", frame.body, items, f"{key}.bullets", "top", None)
    deck.notes(s, deck.slide_notes(slide.id) + [p.text for p in items])


def _numbered_rows(deck: DeckBuilder, s: PptxSlide, area: Box, rows: list[tuple[str, list[Para]]], key: str, size: float,
                   max_row: int) -> None:
    """Rows of a lead (number or keyword) and text, with a thin rule between them: agenda and executive summary."""
    if not rows:
        return
    lead_style = Style(size, bold=True, color=look.ACCENT)
    widest = max(text_width(lead, size * type_scale(), True) for lead, _ in rows)
    lead_width = max(inches(0.7), min(inches(2.4), round(widest / 0.9 * 12700)))
    for columns in (1, 2):  # a body too short for the rows one under the other (a wide master's) takes two columns
        boxes = _row_boxes(area, rows, columns, max_row, lead_width, lead_style)
        if all(fit(text, box.width, box.height, look.FLOOR) is not None for _, box, _, text, _ in boxes):
            break
    lead_scale = deck.common_scale([("Row lead", b[0], b[2]) for b in boxes], key)
    text_scale = deck.common_scale([("Row text", b[1], b[3]) for b in boxes], key)
    for i, (lead_box, text_box, lead, text, column) in enumerate(boxes):
        if lead_box.top - inches(0.08) > column.top:
            deck.rule(s, column.left, lead_box.top - inches(0.08), column.width)
        deck.text(s, f"Row {i + 1} lead", lead_box, lead, key, anchor="middle", scale=lead_scale)
        deck.text(s, f"Row {i + 1} text", text_box, text, key, anchor="middle", scale=text_scale)


def _row_boxes(area: Box, rows: list[tuple[str, list[Para]]], columns: int, max_row: int, lead_width: int,
               lead_style: Style) -> list[tuple[Box, Box, list[Para], list[Para], Box]]:
    """Lead box, text box, lead, text and column of each row, the rows down `columns` columns in turn."""
    per_column = -(-len(rows) // columns)
    height = min(max_row, area.height // per_column)
    cells = area.columns([1.0] * columns, inches(0.4)) if columns > 1 else [area]
    boxes = []
    for i, (lead, text) in enumerate(rows):
        column = cells[i // per_column]
        row = Box(column.left, column.top + (i % per_column) * height, column.width, height)
        lead_box, text_box = row.shrink(0, inches(0.08)).columns([lead_width, row.width - lead_width], inches(0.3))
        boxes.append((lead_box, text_box, [Para(lead, lead_style)], text, column))
    return boxes


def _chapters(deck: DeckBuilder) -> list[str]:
    """Sections that open with a divider (else every section but the first): the agenda's lines."""
    with_divider = [sec.section for sec in deck.ctx.report.deck if any(s.kind == "section" for s in sec.slides)]
    return with_divider or [sec.section for sec in deck.ctx.report.deck[1:]]


def _placeholder(s: PptxSlide, kinds: set[PP_PLACEHOLDER]) -> object | None:
    return next((ph for ph in s.placeholders if ph.placeholder_format.type in kinds), None)


def _on_slide(box: Box, deck: DeckBuilder) -> Box:
    """The part of `box` on the slide (LibreOffice writes some masters' placeholders reaching past its edge)."""
    left, top = max(0, box.left), max(0, box.top)
    right, bottom = min(deck.prs.slide_width, box.right), min(deck.prs.slide_height, box.bottom)
    return Box(left, top, right - left, bottom - top) if right > left and bottom > top else box


def _box(shape: object) -> Box:
    return Box(shape.left, shape.top, shape.width, shape.height)


def _put(deck: DeckBuilder, s: PptxSlide, placeholder: object | None, name: str, box: Box, items: list[Para], key: str,
         anchor: str, max_lines: int | None) -> None:
    """Into the layout's placeholder when there is one (kept editable as such), else a new text box."""
    if placeholder is None:
        deck.text(s, name, box, items, key, anchor=anchor, max_lines=max_lines)
        return
    placeholder.left, placeholder.top, placeholder.width, placeholder.height = box.left, box.top, box.width, box.height
    deck.fill(placeholder, box, items, key, anchor=anchor, max_lines=max_lines, placeholder=True)


SLIDE_KINDS: dict[str, Callable[[DeckBuilder, Slide, DeckSection], None]] = {
    "title": title_slide,
    "summary": summary_slide,
    "agenda": agenda_slide,
    "section": section_slide,
    "chart": chart_slide,
    "kpi": kpi_slide,
    "table": table_slide,
    "bullets": bullets_slide,
    "recommendation": recommendation_slide,
    "sources": sources_slide,
}
