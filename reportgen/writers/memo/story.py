"""The memo from top to bottom: the cover block and the executive summary (the first section of
report.yaml: the answer, on page 1 when it fits), the contents, the other sections in order, then
the endnotes and the data appendix.
"""

from __future__ import annotations

import html

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.tableofcontents import TableOfContents

from reportgen.inputs.dataset import Table as DataTable
from reportgen.wording import formats
from reportgen.wording.figures import row_years, source_entry
from reportgen.writers.citations import appendix_cited
from reportgen.writers.memo.blocks import Where, block_flowables
from reportgen.writers.memo.draft import MemoDraft, note_key, note_runs
from reportgen.writers.memo.styles import ACCENT, RULE, TEXT_WIDTH, table_style
from reportgen.writers.memo.tables import column_widths, grid, measure
from reportgen.writers.words import legend, marked

SECTION_ROOM = 62 * mm  # a section starts on a new page when less than this is left


def memo_story(draft: MemoDraft) -> list[Flowable]:
    """Every flowable of the memo, in reading order (the page-count flowable is added by the doc)."""
    sections = range(len(draft.ctx.report.memo))
    story = [*cover(draft), *section_flowables(draft, 0)]  # the answer comes first, on page 1 when it fits
    story += [PageBreak(), *contents(draft)]
    for index in sections[1:]:
        story += section_flowables(draft, index)
    appendix = data_appendix(draft)  # before the endnotes: the tables it lists may cite more sources
    story += [PageBreak(), *endnotes(draft), CondPageBreak(SECTION_ROOM), *appendix]
    return story


def cover(draft: MemoDraft) -> list[Flowable]:
    s, text = draft.styles, draft.text
    kicker = draft.para(draft.label("memo"), s.kicker, draft.label_place("memo"))
    classification = draft.para(text("meta.classification", ""), s.classification, draft.place("meta.classification"))
    top = Table([[kicker, classification]], colWidths=[TEXT_WIDTH / 2] * 2, hAlign="LEFT")
    top.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    parts: list[Flowable] = [top, HRFlowable(width="100%", thickness=2.2, color=ACCENT, spaceBefore=0, spaceAfter=20)]
    parts.append(draft.para(text("meta.title", ""), s.title, draft.place("meta.title")))
    if text("meta.subtitle"):
        parts.append(draft.para(text("meta.subtitle"), s.subtitle, draft.place("meta.subtitle")))
    facts = [("date", formats.date_text(draft.ctx.report.date, draft.lang), (draft.ctx.spec_path, "date")),
             ("audience", text("meta.audience", ""), draft.place("meta.audience")),
             ("author", text("meta.author") or draft.ctx.report.author, draft.place("meta.author"))]
    facts = [f for f in facts if f[1]]
    labels = [draft.para(draft.label(name), s.meta_label, draft.label_place(name)) for name, _, _ in facts]
    values = [draft.para(value, s.meta_value, place) for _, value, place in facts]
    widths = [TEXT_WIDTH * w for w in (0.25, 0.45, 0.30)[: len(facts)]]
    meta = Table([labels, values], colWidths=[w * TEXT_WIDTH / sum(widths) for w in widths], hAlign="LEFT")
    meta.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                              ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    parts += [Spacer(1, 8), HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=9), meta,
              HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=9, spaceAfter=0)]
    return parts


def contents(draft: MemoDraft) -> list[Flowable]:
    title = draft.label("contents")
    heading = draft.heading(title, draft.styles.h1, draft.label_place("contents"), "contents", level=0, in_toc=False)
    toc = TableOfContents(levelStyles=[draft.styles.toc], dotsMinLevel=-1, rightColumnWidth=18 * mm,
                          tableStyle=table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [heading, toc]


def section_flowables(draft: MemoDraft, index: int) -> list[Flowable]:
    """One section: its heading (numbered after the summary), then its blocks in order."""
    section = draft.ctx.report.memo[index]
    in_summary = index == 0
    key = f"memo.{section.id}.heading"
    number = "" if in_summary else f"{index}."
    heading = draft.heading(draft.text(key, section.id), draft.styles.h1, draft.place(key), f"sec-{section.id}", number=number)
    out: list[Flowable] = [] if in_summary else [CondPageBreak(SECTION_ROOM)]
    out.append(heading)
    for b_index, block in enumerate(section.blocks):
        where = Where(f"memo[{index}].blocks[{b_index}]", in_summary)
        out += block_flowables(draft, block, where)
    return out


def endnotes(draft: MemoDraft) -> list[Flowable]:
    """Every cited source, numbered: publisher, title, date, and its address when it has one. A source
    without a date is marked (†) and the mark explained once, under the list, as on the deck's sources
    slides (the marks and their words: writers/words.py)."""
    s, dataset = draft.styles, draft.ctx.dataset
    out: list[Flowable] = [draft.heading(draft.label("sources"), s.h1, draft.label_place("sources"), "sources")]
    undated = False
    for source_id in draft.citations.memo:
        number, source = draft.citations.number(source_id), dataset.sources[source_id]
        place = (dataset.path, f"sources ({source_id})")
        marks = [] if source.date else [draft.label("undated_mark")]
        undated = undated or bool(marks)
        entry = marked(source_entry(dataset, source_id, draft.lang) + ".", marks)
        markup = f'<a name="{note_key(number)}"/>{draft.markup(entry, s.note, place)}'
        if source.url and source.url.startswith(("https://", "http://")):  # the descriptor allows no other link
            url = draft.markup(source.url, s.note, place)
            markup += f' <a href="{html.escape(source.url, quote=True)}" color="#{ACCENT.hexval()[2:]}">{url}</a>'
        out.append(Paragraph(markup, s.note, bulletText=f"{number}."))
    for line in legend(draft.labels, ["undated"] if undated else []):
        out.append(draft.para(line, s.source, draft.label_place("undated")))
    return out


def data_appendix(draft: MemoDraft) -> list[Flowable]:
    """The dataset tables the memo draws on: title (in the reader's language), rows, period, source notes."""
    s, dataset, lang = draft.styles, draft.ctx.dataset, draft.lang
    out: list[Flowable] = [draft.heading(draft.label("appendix"), s.h1, draft.label_place("appendix"), "appendix")]
    out.append(draft.para(draft.label("appendix_intro"), s.body, draft.label_place("appendix_intro")))
    built = formats.date_text(draft.ctx.built_at.date(), lang)
    dataset_line = f"{draft.label('dataset')}: {dataset.title}. {draft.label('built')}: {built}."  # no file paths: written for a reader
    out.append(draft.para(dataset_line, s.unit, (draft.ctx.spec_path, "dataset")))
    names = ("table", "rows", "period", "notes")
    headers = [draft.label(k) for k in names]
    numeric = [False, True, False, False]
    lines = []
    for cited in appendix_cited(draft.ctx, list(draft.tables_cited)):
        name = cited.tables[0]
        table = dataset.tables[name]
        notes = draft.cite(cited)
        lines.append((table, [str(draft.text(f"tables.{name}") or table.title),
                              formats.plain_number(len(table.rows), lang, 0), _period(table, lang),
                              note_numbers(notes)]))
    head = [draft.para(h, s.cell_head_number if n else s.cell_head, draft.label_place(k))
            for h, n, k in zip(headers, numeric, names, strict=True)]
    body = [[draft.para(t, s.cell_small_number if n else s.cell_small, (table.path, "appendix"))
             for t, n in zip(texts, numeric, strict=True)] for table, texts in lines]
    sizes = [measure(h, [t[i] for _, t in lines], numeric[i], s.cell_head, s.cell_small) for i, h in enumerate(headers)]
    widths = column_widths([w[0] for w in sizes], [w[1] for w in sizes], TEXT_WIDTH)
    out.append(grid(head, body, widths, numeric, compact=True))
    return out


def note_numbers(numbers: list[int]) -> str:
    """`2, 7, 12–15`: note numbers in order, runs of three or more as a range."""
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) >= 3 else ", ".join(map(str, r)) for r in note_runs(numbers))


def _period(table: DataTable, lang: str) -> str:
    values = sorted(row_years(table.rows))
    if not values:
        return "–"
    first, last = values[0], values[-1]
    shown = first if first == last else f"{first}–{last}"
    return f"{shown}년" if lang == "ko" and first == last else shown
