"""The sources slides: every source of the briefing, numbered as in the memo, in two columns.

Each source's number comes from writers/citations.py and is the memo's, so a source reads the same
in both. The deck lists every numbered source (`Citations.deck_list`), not only the ones it cites:
with the memo's numbers that is the only list without gaps. A source only the memo cites is marked
(‡, in the softer ink), a source without a date too (†); each mark is explained once, under the list
(writers/words.py holds the marks and their words, shared with the memo's endnotes). Entries are
packed onto as many slides as they need.
"""

from __future__ import annotations

from reportgen.inputs.spec import DeckSection, Slide
from reportgen.wording.figures import source_entry
from reportgen.writers.citations import Citations, citations
from reportgen.writers.deck import style as look
from reportgen.writers.deck import textfit
from reportgen.writers.deck.builder import DeckBuilder
from reportgen.writers.deck.layout import inches, points
from reportgen.writers.deck.text import Para, Style
from reportgen.writers.words import legend, marked

ENTRY = Style(10.5, color=look.INK, space_before=5.0)
MEMO_ONLY = Style(10.5, color=look.SOFT, space_before=5.0)
LEGEND = Style(9.5, color=look.MUTED, space_before=9.0)


def source_marks(deck: DeckBuilder, cited: Citations, source_id: str) -> list[str]:
    """The names of the marks an entry carries: `undated`, `memo_only`."""
    names = ["undated"] if not deck.ctx.dataset.sources[source_id].date else []
    return names + (["memo_only"] if cited.memo_only(source_id) else [])


def source_entries(deck: DeckBuilder, cited: Citations) -> list[Para]:
    """`3. Publisher, “Title”, May 2024 ‡` per listed source, then one line per mark used."""
    entries, used = [], []
    for source_id in cited.deck_list:
        names = source_marks(deck, cited, source_id)
        used += [n for n in names if n not in used]
        text = marked(source_entry(deck.ctx.dataset, source_id, deck.lang), [deck.label(f"{n}_mark") for n in names])
        entries.append(Para(f"{cited.number(source_id)}. {text}", MEMO_ONLY if "memo_only" in names else ENTRY))
    found = {name: deck.label(name) for n in used for name in (n, f"{n}_mark")}
    order = [n for n in ("undated", "memo_only") if n in used]
    return entries + [Para(line, LEGEND) for line in legend(found, order)]


def sources_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    key = f"slides.{slide.id}"
    cited = citations(deck.ctx, deck.lang, deck.charts)
    entries = source_entries(deck, cited)
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
                deck.text(s, f"Sources {i + 1}", columns[i], column, key)
        deck.notes(s, deck.slide_notes(slide.id) + [f"{len(cited.deck_list)} {deck.label('sources')}"])


def _pack(entries: list[Para], width: float, height: float) -> list[list[list[Para]]]:
    """Entries into pages of two columns, each column as full as its measured height allows."""
    pages: list[list[list[Para]]] = [[[], []]]
    used = 0.0
    column = 0
    for entry in entries:
        need = textfit.text_height([entry.measured()], width)
        gap = entry.style.space_before if pages[-1][column] else 0.0
        if used + gap + need > height and pages[-1][column]:
            column, used, gap = column + 1, 0.0, 0.0
            if column == 2:
                pages.append([[], []])
                column = 0
        pages[-1][column].append(entry)
        used += gap + need
    return pages
