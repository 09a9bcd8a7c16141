"""The sources slide: every source behind what the deck shows or says, with its date, in two columns.

What a deck names (its charts, KPIs and tables, and the rows its text reads) and each source's
number come from writers/citations.py: the numbers are the memo's, so a source reads the same in
both (the deck skips the numbers of sources only the memo names). Entries are packed onto as many
slides as they need.
"""

from __future__ import annotations

from reportgen.inputs.spec import DeckSection, Slide
from reportgen.wording.figures import source_entry
from reportgen.writers.citations import citations
from reportgen.writers.deck import style as look
from reportgen.writers.deck import textfit
from reportgen.writers.deck.builder import DeckBuilder
from reportgen.writers.deck.layout import inches, points
from reportgen.writers.deck.text import Para, Style

ENTRY = Style(10.5, color=look.INK, space_before=5.0)


def source_text(deck: DeckBuilder, source_id: str, number: int) -> str:
    source = deck.ctx.dataset.sources[source_id]
    text = source_entry(deck.ctx.dataset, source_id, deck.lang)
    if not source.date:
        text += f" ({deck.label('undated')})"
    return f"{number}. {text}"


def sources_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    key = f"slides.{slide.id}"
    cited = citations(deck.ctx, deck.lang, deck.charts)
    entries = [source_text(deck, sid, cited.number(sid)) for sid in cited.deck]
    layout_frame = deck.frame(deck.layouts["sources"])
    columns = layout_frame.body.columns([1, 1], inches(0.5))
    pages = _pack(entries, points(columns[0].width), points(columns[0].height))
    title = deck.text_of(f"{key}.title") or deck.label("sources")
    for number, page in enumerate(pages, start=1):
        s, frame = deck.new_slide("sources", slide.id, section.section)
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        deck.title(s, frame, f"{title}{suffix}", f"{key}.title")
        for i, column in enumerate(page):
            if column:
                deck.text(s, f"Sources {i + 1}", columns[i], [Para(e, ENTRY) for e in column], key)
        deck.notes(s, deck.slide_notes(slide.id) + [f"{len(entries)} {deck.label('sources')}"])


def _pack(entries: list[str], width: float, height: float) -> list[list[list[str]]]:
    """Entries into pages of two columns, each column as full as its measured height allows."""
    pages: list[list[list[str]]] = [[[], []]]
    used = 0.0
    column = 0
    for entry in entries:
        need = textfit.text_height([Para(entry, ENTRY).measured()], width)
        gap = ENTRY.space_before if pages[-1][column] else 0.0
        if used + gap + need > height and pages[-1][column]:
            column, used, gap = column + 1, 0.0, 0.0
            if column == 2:
                pages.append([[], []])
                column = 0
        pages[-1][column].append(entry)
        used += gap + need
    return pages
