"""One function per kind of memo block: narrative text, a chart, a data table, a recommendation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from reportgen.errors import fail
from reportgen.inputs.spec import MemoBlock
from reportgen.writers.memo.draft import MemoDraft
from reportgen.writers.memo.paging import CONTINUED, ContinuedTable, FigureGroup
from reportgen.writers.memo.picture import Picture
from reportgen.writers.memo.styles import ACCENT, BOLD, TEXT_WIDTH, TINT, table_style
from reportgen.writers.memo.tables import column_widths, grid, measure
from reportgen.writers.tableview import TableText, table_text

NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(.+)$", re.DOTALL)  # "1. text" or "1) text"
MIN_PPI = 200  # charts are placed no larger than their pixels allow at this density
MAX_CHART_HEIGHT = 80 * mm  # a 16:9 chart is placed about 14 cm wide
KEEP_TABLE_ROWS = 14  # a table this short is never split across pages
LABEL_WIDTH = 27 * mm  # the label column of a recommendation's box
REC_PARTS = ("actions", "owner", "horizon", "measures")


@dataclass(frozen=True)
class Where:
    """The block being written: its place in report.yaml, and whether it is in the executive
    summary (the first section), where text is set larger and recommendations are stated briefly."""

    path: str  # "memo[1].blocks[2]"
    in_summary: bool


def text_block(draft: MemoDraft, block: MemoBlock, where: Where) -> list[Flowable]:
    """Paragraphs, each followed by the endnote numbers of the figures it names; a paragraph that
    starts with its own number (`1. ...`) hangs that number in the margin."""
    key = f"paragraphs.{block.text}"
    value = draft.text(key)
    items = value if isinstance(value, list) else [value]
    style = draft.styles.lead if where.in_summary else draft.styles.body
    out: list[Flowable] = []
    cited = draft.cited(block)
    for i, item in enumerate(items):
        index = i if isinstance(value, list) else None
        refs = draft.cite(cited[i])
        numbered = NUMBERED.match(str(item))
        if numbered:
            hanging = style.clone(f"{style.name}_numbered", leftIndent=style.fontSize * 1.7, bulletIndent=0,
                                  bulletFontName=BOLD, bulletColor=ACCENT)
            out.append(draft.para(numbered.group(2), hanging, draft.place(key, index), refs, bullet=f"{numbered.group(1)}."))
        else:
            out.append(draft.para(item, style, draft.place(key, index), refs))
    return out


def chart_block(draft: MemoDraft, block: MemoBlock, where: Where) -> list[Flowable]:
    chart_id = str(block.chart)
    chart = draft.charts.get(chart_id)
    if chart is None:
        raise fail(draft.ctx.spec_path, f"{where.path}.chart", f"chart {chart_id!r} was not rendered for the {draft.lang} memo")
    number = draft.next_number("figure")
    refs = draft.cite(draft.cited(block)[0])
    key = f"charts.{chart_id}"
    caption = draft.para(f"{draft.label('figure')} {number}. {chart.title}", draft.styles.caption, draft.place(f"{key}.title"))
    parts: list[Flowable] = [caption]
    if chart.unit:
        parts.append(draft.para(chart.unit, draft.styles.unit, draft.place(f"{key}.unit")))
    parts.append(chart_picture(chart.png, chart.width_px, chart.height_px))
    parts.append(draft.para(chart.source_line, draft.styles.source, (draft.ctx.dataset.path, f"sources of chart {chart_id}"), refs))
    return [FigureGroup(parts)]  # one block; the picture shrinks a little when that finishes the page


def chart_picture(png: object, width_px: int, height_px: int) -> Picture:
    """The chart's PNG at the text width, or smaller so it keeps at least MIN_PPI, or a height cap."""
    width = min(TEXT_WIDTH, width_px / MIN_PPI * 72)
    height = width * height_px / width_px
    if height > MAX_CHART_HEIGHT:
        width, height = width * MAX_CHART_HEIGHT / height, MAX_CHART_HEIGHT
    picture = Picture(Path(str(png)), width, height)  # the PNG's pixels go into the PDF as they are
    picture.keepWithNext = 1  # with its source line; caption and unit line keep with it
    return picture


def table_block(draft: MemoDraft, block: MemoBlock, where: Where) -> list[Flowable]:
    """Caption, unit line, the table (header row repeated on every page), source line."""
    assert block.table is not None
    view = table_text(block.table, draft.ctx.dataset, draft.texts)
    refs = draft.cite(draft.cited(block)[0])
    number = draft.next_number("table")
    parts = [draft.para(f"{draft.label('table')} {number}. {view.title}", draft.styles.caption, draft.place(f"tables.{view.table.name}"))]
    if view.units:
        parts.append(draft.para(f"{draft.label('unit')}: {', '.join(view.units)}", draft.styles.unit, (view.table.path, "units")))
    grid_flowable = data_grid(draft, view)
    grid_flowable.keepWithNext = int(len(view.rows) <= KEEP_TABLE_ROWS)  # a short table moves whole, with its source line
    parts.append(grid_flowable)
    parts.append(draft.para(view.source_line, draft.styles.source, (draft.ctx.dataset.path, f"sources of {view.table.name}"), refs))
    return parts


def data_grid(draft: MemoDraft, view: TableText) -> Table:
    """The table view as a grid: the header row, then each row's cells (a group's label once)."""
    styles, table = draft.styles, view.table
    head = [draft.para(c.header, styles.cell_head_number if c.numeric else styles.cell_head, draft.place(f"columns.{table.name}.{c.name}"))
            for c in view.columns]
    body = [[draft.para(t, styles.cell_number if c.numeric else styles.cell, (table.path, f"row {row.line}, column {c.name}"))
             for t, c in zip(line, view.columns, strict=True)] for line, row in zip(view.shown, view.rows, strict=True)]
    sizes = [measure(c.header, [line[i] for line in view.cells], c.numeric, styles.cell_head, styles.cell)
             for i, c in enumerate(view.columns)]
    widths = column_widths([s[0] for s in sizes], [s[1] for s in sizes], TEXT_WIDTH)
    return grid(head, body, widths, view.numeric, view.groups)


def recommendation_block(draft: MemoDraft, block: MemoBlock, where: Where) -> list[Flowable]:
    rec_id = str(block.recommendation)
    key = f"recommendations.{rec_id}"
    number = draft.recommendation_number(rec_id)
    styles = draft.styles
    refs = draft.cite(draft.cited(block)[0])
    title = f"{draft.label('recommendation')} {number}. {draft.text(f'{key}.title')}"
    rationale = draft.text(f"{key}.rationale")
    if where.in_summary:
        markup = (f"<b>{draft.markup(title, styles.lead, draft.place(f'{key}.title'))}</b> "
                  f"{draft.markup(rationale, styles.lead, draft.place(f'{key}.rationale'))}{draft.ref_markup(refs)}")
        return [Paragraph(markup, styles.lead)]
    heading = draft.heading(title, styles.h2, draft.place(f"{key}.title"), f"rec-{rec_id}", level=1, in_toc=False)
    lines = [(draft.label(f"recommendation_{part}"), _cell(draft, key, part)) for part in REC_PARTS]
    rows = [[draft.para(label, styles.box_label, draft.label_place(f"recommendation_{part}")), cell] for (label, cell), part
            in zip(lines, REC_PARTS, strict=True)]
    continued = f"{title} ({draft.labels.get('continued') or CONTINUED.get(draft.lang, CONTINUED['en'])})"

    def again() -> Flowable:  # the heading again, atop the part of the panel on the next page
        repeat = draft.para(continued, styles.h2, draft.place(f"{key}.title"))
        repeat.keepWithNext = 1
        return repeat

    box = ContinuedTable(rows, colWidths=[LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH], hAlign="LEFT", continued=again)
    box.setStyle(table_style([
        ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 9),
        ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, 0), 9),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
    ]))
    reason = draft.para(rationale, styles.body, draft.place(f"{key}.rationale"), refs)
    reason.keepWithNext = 1
    return [heading, reason, box]  # the box may break between its rows, repeating the heading


def _cell(draft: MemoDraft, key: str, part: str) -> list[Flowable]:
    value = draft.text(f"{key}.{part}")
    styles = draft.styles
    if isinstance(value, list):
        return [draft.para(item, styles.box_item, draft.place(f"{key}.{part}", i), bullet="•") for i, item in enumerate(value)]
    return [draft.para(value, styles.box_text, draft.place(f"{key}.{part}"))]


BlockWriter = Callable[[MemoDraft, MemoBlock, Where], list[Flowable]]
BLOCK_KINDS: dict[str, BlockWriter] = {
    "text": text_block,
    "chart": chart_block,
    "table": table_block,
    "recommendation": recommendation_block,
}


def block_flowables(draft: MemoDraft, block: MemoBlock, where: Where) -> list[Flowable]:
    kind = next(k for k in BLOCK_KINDS if getattr(block, k) is not None)
    return BLOCK_KINDS[kind](draft, block, where)
