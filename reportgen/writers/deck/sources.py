"""The appendix: every source behind the figures the deck shows or says, with its date, in two columns.

The figures a deck uses are those on its chart, KPI and table slides, and those its text names as
`data.<table>.<row>` (titles, bullets, notes, recommendations). Sources are listed in dataset order
and packed onto as many slides as they need.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reportgen.inputs.dataset import Row
from reportgen.inputs.rows import select_rows
from reportgen.inputs.spec import DeckSection, Slide
from reportgen.inputs.yamlio import load_yaml
from reportgen.narrative.texts import text_files
from reportgen.wording.figures import row_sources, source_entry
from reportgen.writers.deck import style as look
from reportgen.writers.deck import textfit
from reportgen.writers.deck.builder import DeckBuilder
from reportgen.writers.deck.layout import inches, points
from reportgen.writers.deck.text import Para, Style

FIGURE = re.compile(r"data\.([a-z][a-z0-9_]*)\.([A-Za-z0-9_]+)")
ENTRY = Style(10.5, color=look.INK, space_before=5.0)


def deck_rows(deck: DeckBuilder) -> list[Row]:
    """Every dataset row the deck shows or names."""
    dataset, report = deck.ctx.dataset, deck.ctx.report
    rows: list[Row] = []
    for slide in report.slides:
        if slide.kind == "chart" and slide.chart:
            chart = report.chart(slide.chart)
            rows += select_rows(dataset.tables[chart.table], chart.where)
        for kpi in slide.kpis:
            table, row_id, _ = kpi.figure.split(".")
            rows.append(dataset.tables[table].by_id()[row_id])
        if slide.table is not None:
            rows += select_rows(dataset.tables[slide.table.table], slide.table.where)
    for table, row_id in _named_rows(deck):
        row = dataset.tables[table].by_id().get(row_id) if table in dataset.tables else None
        if row is not None:
            rows.append(row)
    return rows


def _named_rows(deck: DeckBuilder) -> Iterator[tuple[str, str]]:
    report = deck.ctx.report
    keys = [("slides", s.id) for s in report.slides] + [("charts", s.chart) for s in report.slides if s.chart]
    keys += [("recommendations", s.recommendation) for s in report.slides if s.recommendation]
    for path in text_files(report.folder, deck.lang):
        tree = load_yaml(path).data or {}
        for group, item in keys:
            node = tree.get(group, {}) if isinstance(tree, dict) else {}
            for text in _strings(node.get(item) if isinstance(node, dict) else None):
                yield from FIGURE.findall(text)


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def deck_source_ids(deck: DeckBuilder) -> list[str]:
    """Source ids the deck relies on, in dataset order (chart images add the sources their charts name)."""
    cited = set(row_sources(deck_rows(deck)))
    for image in deck.charts.values():
        cited.update(image.source_ids)
    return [s for s in deck.ctx.dataset.sources if s in cited]


def source_text(deck: DeckBuilder, source_id: str, number: int) -> str:
    source = deck.ctx.dataset.sources[source_id]
    text = source_entry(deck.ctx.dataset, source_id, deck.lang)
    if not source.date:
        text += f" ({deck.label('undated')})"
    return f"{number}. {text}"


def sources_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    key = f"slides.{slide.id}"
    entries = [source_text(deck, sid, n) for n, sid in enumerate(deck_source_ids(deck), start=1)]
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
