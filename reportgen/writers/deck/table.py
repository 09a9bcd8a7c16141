"""Table slides: a dataset table as a native, editable PowerPoint table, split across slides.

Column widths follow the text they hold; every row is as tall as its tallest cell measures; the
whole table shrinks (to the floor) when the rows do not fit the slide, else the build fails.
"""

from __future__ import annotations

import datetime as dt
import re

from pptx.dml.color import RGBColor
from pptx.util import Emu

from reportgen.errors import fail
from reportgen.inputs.dataset import Row, Table
from reportgen.inputs.rows import localized_column, select_rows
from reportgen.inputs.spec import DeckSection, Slide
from reportgen.wording import formats
from reportgen.wording.figures import figure_text, row_sources, source_line
from reportgen.writers.deck import style as look
from reportgen.writers.deck import textfit
from reportgen.writers.deck.builder import DeckBuilder
from reportgen.writers.deck.layout import Box, inches, points
from reportgen.writers.deck.text import Para, Style, write_text

CELL_MARGIN_X = inches(0.08)
CELL_MARGIN_Y = inches(0.045)
MIN_ROW = inches(0.36)  # rows get this much air when the slide has room for it
DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
HEADER_FILL, BAND_FILL = look.INK, look.PANEL


def reader_column(table: Table, column: str, lang: str) -> str:
    """`X` shows `X_<lang>` whenever the table has it (even beside a code column `X`)."""
    return f"{column}_{lang}" if f"{column}_{lang}" in table.columns else localized_column(table, column, lang)


def cell_text(table: Table, row: Row, column: str, lang: str, missing: str) -> str:
    """One cell as the reader reads it: numbers with unit and locale, `X` as `X_ko`/`X_en`, dates spelled out."""
    name = reader_column(table, column, lang)
    value = row.get(name)
    spec = table.field(name)
    if value is None or value == "":
        return missing
    if isinstance(value, bool):
        return "✓" if value else "–"
    if isinstance(value, (int, float)) and not (spec is not None and spec.type == "year"):
        return figure_text(table, row, name, lang)
    if isinstance(value, dt.date) or (isinstance(value, str) and DATE.fullmatch(value)):
        return formats.date_text(value, lang)
    return str(value)


def column_header(deck: DeckBuilder, table: str, column: str) -> str:
    """`columns.<table>.<column>` in the text (flat or nested), else the column's name."""
    columns = deck.text_of("columns") or {}
    given = columns.get(f"{table}.{column}") if isinstance(columns, dict) else None
    if given is None and isinstance(columns.get(table) if isinstance(columns, dict) else None, dict):
        given = columns[table].get(column)
    return str(given) if given else column.replace("_", " ").capitalize()


def table_pages(deck: DeckBuilder, slide: Slide) -> list[list[Row]]:
    """`max_rows` rows a slide, fewer when that many do not fit the layout's body even at the floor size."""
    view = slide.table
    rows = select_rows(deck.ctx.dataset.tables[view.table], view.where)
    per_page = view.max_rows
    while per_page > 1 and not _pages_fit(deck, slide, rows, per_page):
        per_page -= 1
    return [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]


def _pages_fit(deck: DeckBuilder, slide: Slide, rows: list[Row], per_page: int) -> bool:
    view, area = slide.table, deck.frame(deck.layouts["table"]).body
    table = deck.ctx.dataset.tables[view.table]
    headers = [column_header(deck, view.table, c) for c in view.columns]
    numeric = [_is_numeric(table, c, deck.lang) for c in view.columns]
    for start in range(0, len(rows), per_page):
        page = rows[start:start + per_page]
        cells = [[cell_text(table, r, c, deck.lang, deck.label("not_available")) for c in view.columns] for r in page]
        if sum(row_heights(headers, cells, column_widths(headers, cells, area.width, numeric), look.FLOOR)) > area.height:
            return False
    return True


def table_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    view = slide.table
    table = deck.ctx.dataset.tables[view.table]
    key = f"slides.{slide.id}"
    headers = [column_header(deck, view.table, c) for c in view.columns]
    numeric = [_is_numeric(table, c, deck.lang) for c in view.columns]
    pages = table_pages(deck, slide)
    title = deck.text_of(f"{key}.title", "")
    for number, rows in enumerate(pages, start=1):
        s, frame = deck.new_slide("table", slide.id, section.section)
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        deck.title(s, frame, f"{title}{suffix}", f"{key}.title")
        missing = deck.label("not_available")
        cells = [[cell_text(table, r, c, deck.lang, missing) for c in view.columns] for r in rows]
        shown = group_first_column(cells) if not numeric[0] else cells
        _draw(deck, s, frame.body, headers, shown, numeric, key)
        deck.source_line(s, frame, source_line(deck.ctx.dataset, row_sources(rows), deck.lang), key)
        notes = deck.slide_notes(slide.id) if number == 1 else []
        deck.notes(s, notes + [" · ".join(f"{h}: {v}" for h, v in zip(headers, row, strict=True)) for row in cells])


def group_first_column(cells: list[list[str]]) -> list[list[str]]:
    """A label repeated down the first column is shown once, on the first row of its run."""
    return [[("" if r and line[0] == cells[r - 1][0] and c == 0 else text) for c, text in enumerate(line)]
            for r, line in enumerate(cells)]


def _is_numeric(table: Table, column: str, lang: str) -> bool:
    spec = table.field(reader_column(table, column, lang))
    return spec is not None and spec.type in ("number", "integer")


def _draw(deck: DeckBuilder, s: object, area: Box, headers: list[str], cells: list[list[str]], numeric: list[bool], key: str) -> None:
    widths = column_widths(headers, cells, area.width, numeric)
    scale = None
    for step in range(0, int((1 - look.FLOOR) * 20) + 1):
        trial = 1 - step * 0.05
        heights = row_heights(headers, cells, widths, trial)
        if sum(heights) <= area.height:
            scale = trial
            break
    if scale is None:
        raise fail(deck.texts.path, f"{key} (slide {deck.slide_id!r}, shape 'Table')",
                   f"{len(cells)} rows do not fit the slide even at {look.TABLE_BODY * look.FLOOR:g} pt; "
                   "lower `max_rows` for this table in report.yaml")
    roomy = [max(h, MIN_ROW) for h in heights]
    if sum(roomy) <= area.height:
        heights = roomy
    shape = s.shapes.add_table(len(cells) + 1, len(headers), area.left, area.top, area.width, sum(heights))
    shape.name = "Table"
    grid = shape.table
    grid.first_row, grid.horz_banding = True, False
    for i, width in enumerate(widths):
        grid.columns[i].width = Emu(width)
    for r, height in enumerate(heights):
        grid.rows[r].height = Emu(height)
    for r, line in enumerate([headers, *cells]):
        for c, text in enumerate(line):
            _cell(deck, grid.cell(r, c), text, r, numeric[c], scale)


def _styles(header: bool, numeric: bool) -> Style:
    align = "right" if numeric else "left"
    if header:
        return Style(look.TABLE_HEADER, bold=True, color=look.WHITE, align=align)
    return Style(look.TABLE_BODY, color=look.INK, align=align)


def _cell(deck: DeckBuilder, cell: object, text: str, row: int, numeric: bool, scale: float) -> None:
    cell.margin_left = cell.margin_right = CELL_MARGIN_X
    cell.margin_top = cell.margin_bottom = CELL_MARGIN_Y
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string(HEADER_FILL if row == 0 else (BAND_FILL if row % 2 == 0 else look.WHITE))
    write_text(cell.text_frame, [Para(text, _styles(row == 0, numeric))], scale, deck.lang, anchor="middle")
    cell.margin_left = cell.margin_right = CELL_MARGIN_X
    cell.margin_top = cell.margin_bottom = CELL_MARGIN_Y


def column_widths(headers: list[str], cells: list[list[str]], total: int, numeric: list[bool]) -> list[int]:
    """Widths in EMU: each column's natural width; room to spare goes to the text columns, a shortfall
    is taken from the widest columns first (they wrap)."""
    pad = 2 * CELL_MARGIN_X + inches(0.08)
    natural = []
    for c, header in enumerate(headers):
        texts = [Para(header, _styles(True, False))] + [Para(row[c], _styles(False, False)) for row in cells]
        natural.append(round(textfit.widest_line([p.measured() for p in texts]) * 12700 / textfit.WIDTH_SAFETY) + pad)
    if sum(natural) <= total:
        growing = [w if not numeric[c] else 0 for c, w in enumerate(natural)]
        if not any(growing):
            growing = natural
        extra = total - sum(natural)
        return _exact([w + extra * g / sum(growing) for w, g in zip(natural, growing, strict=True)], total)
    widths = [0] * len(headers)
    left, open_columns = total, list(range(len(headers)))
    while open_columns:
        share = left / len(open_columns)
        small = [c for c in open_columns if natural[c] <= share]
        if not small:
            for c in open_columns:
                widths[c] = share
            break
        for c in small:
            widths[c] = natural[c]
            left -= natural[c]
            open_columns.remove(c)
    return _exact(widths, total)


def _exact(widths: list[float], total: int) -> list[int]:
    rounded = [int(w) for w in widths]
    rounded[-1] += total - sum(rounded)
    return rounded


def row_heights(headers: list[str], cells: list[list[str]], widths: list[int], scale: float) -> list[int]:
    """The height each row needs at `scale`: its tallest cell, plus the cell margins."""
    heights = []
    for r, line in enumerate([headers, *cells]):
        tallest = max(textfit.text_height([Para(text, _styles(r == 0, False)).measured()], points(widths[c] - 2 * CELL_MARGIN_X), scale)
                      for c, text in enumerate(line))
        heights.append(round((tallest + 1.0) * 12700) + 2 * CELL_MARGIN_Y)
    return heights
