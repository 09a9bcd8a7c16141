"""One function per kind of memo block: narrative text, a chart, a data table, a recommendation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from reportgen.errors import fail
from reportgen.inputs.dataset import Row
from reportgen.inputs.dataset import Table as DataTable
from reportgen.inputs.rows import select_rows
from reportgen.inputs.spec import MemoBlock
from reportgen.wording.figures import row_sources, source_line
from reportgen.writers.memo.draft import MemoDraft
from reportgen.writers.memo.notes import template_refs, template_sources
from reportgen.writers.memo.paging import CONTINUED, ContinuedTable, FigureGroup
from reportgen.writers.memo.picture import Picture
from reportgen.writers.memo.styles import ACCENT, BOLD, TEXT_WIDTH, TINT, table_style
from reportgen.writers.memo.tables import cell_text, column_widths, grid, is_numeric, measure, reader_column, table_units

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
    for i, item in enumerate(items):
        index = i if isinstance(value, list) else None
        template = draft.raw.template(key, index)
        draft.tables_cited.update(dict.fromkeys(t for t, _ in template_refs(template) if t in draft.ctx.dataset.tables))
        refs = draft.cite(template_sources(template, draft.ctx.dataset))
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
    draft.tables_cited.setdefault(draft.ctx.report.chart(chart_id).table, None)
    number = draft.next_number("figure")
    refs = draft.cite(chart.source_ids)
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
    view = block.table
    assert view is not None
    lang, dataset = draft.lang, draft.ctx.dataset
    table = dataset.tables[view.table]
    draft.tables_cited.setdefault(table.name, None)
    rows = select_rows(table, view.where)
    number = draft.next_number("table")
    title = draft.text(f"tables.{view.table}") or table.title
    parts = [draft.para(f"{draft.label('table')} {number}. {title}", draft.styles.caption, draft.place(f"tables.{view.table}"))]
    units = table_units(table, rows, view.columns, lang)
    if units:
        parts.append(draft.para(f"{draft.label('unit')}: {', '.join(units)}", draft.styles.unit, (table.path, "units")))
    sources = row_sources(rows)
    refs = draft.cite(sources)
    grid_flowable = data_grid(draft, table, rows, view.columns)
    grid_flowable.keepWithNext = int(len(rows) <= KEEP_TABLE_ROWS)  # a short table moves whole, with its source line
    parts.append(grid_flowable)
    parts.append(draft.para(source_line(dataset, sources, lang), draft.styles.source, (dataset.path, f"sources of {table.name}"), refs))
    return parts


def data_grid(draft: MemoDraft, table: DataTable, rows: list[Row], columns: list[str]) -> Table:
    """The rows of a dataset table as a grid: headers from the text, cells for the reader."""
    lang, styles = draft.lang, draft.styles
    numeric = [is_numeric(table, c, lang) for c in columns]
    headers = [column_header(draft, table, c) for c in columns]
    texts = [[cell_text(table, row, c, lang, draft.labels) for c in columns] for row in rows]
    shown = group_first_column(texts) if not numeric[0] else texts
    groups = [i for i, line in enumerate(shown) if line[0]] if shown != texts else []
    head = [draft.para(h, styles.cell_head_number if n else styles.cell_head, (draft.texts.path, f"columns.{table.name}.{c}"))
            for h, n, c in zip(headers, numeric, columns, strict=True)]
    body = [[draft.para(t, styles.cell_number if n else styles.cell, (table.path, f"row {row.line}, column {c}"))
             for t, n, c in zip(line, numeric, columns, strict=True)] for line, row in zip(shown, rows, strict=True)]
    sizes = [measure(h, [line[i] for line in texts], numeric[i], styles.cell_head, styles.cell) for i, h in enumerate(headers)]
    widths = column_widths([s[0] for s in sizes], [s[1] for s in sizes], TEXT_WIDTH)
    return grid(head, body, widths, numeric, groups)


def group_first_column(texts: list[list[str]]) -> list[list[str]]:
    """A label repeated on consecutive rows of the first column is shown once, on the first row."""
    shown = []
    for i, line in enumerate(texts):
        repeat = i > 0 and line[0] == texts[i - 1][0]
        shown.append(["", *line[1:]] if repeat else list(line))
    return shown


def column_header(draft: MemoDraft, table: DataTable, column: str) -> str:
    """`columns.<table>.<column>` from the text (nested or written as one dotted key), else the
    field's title in the schema, else the column name."""
    given = draft.text("columns") or {}
    nested = given.get(table.name) if isinstance(given.get(table.name), dict) else {}
    label = given.get(f"{table.name}.{column}") or nested.get(column)
    if label:
        return str(label)
    spec = table.field(reader_column(table, column, draft.lang))
    if spec is not None and spec.title:
        return str(spec.title)
    return column.replace("_", " ").capitalize()


def recommendation_block(draft: MemoDraft, block: MemoBlock, where: Where) -> list[Flowable]:
    rec_id = str(block.recommendation)
    key = f"recommendations.{rec_id}"
    number = draft.recommendation_number(rec_id)
    styles = draft.styles
    template = draft.raw.template(key)
    draft.tables_cited.update(dict.fromkeys(t for t, _ in template_refs(template) if t in draft.ctx.dataset.tables))
    refs = draft.cite(template_sources(template, draft.ctx.dataset))
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
