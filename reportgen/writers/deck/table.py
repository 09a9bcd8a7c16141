"""Table slides: a dataset table as a native, editable PowerPoint table, split across slides.

Column widths follow the text they hold; every row is as tall as its tallest cell measures; the
whole table shrinks (to the floor) when the rows do not fit the slide, else the build fails.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Emu

from reportgen.errors import fail
from reportgen.inputs.spec import DeckSection, Slide
from reportgen.writers.deck import style as look
from reportgen.writers.deck import textfit
from reportgen.writers.deck.builder import DeckBuilder
from reportgen.writers.deck.layout import Box, inches, points
from reportgen.writers.deck.text import Para, Style, write_text
from reportgen.writers.tableview import TableText, table_text

CELL_MARGIN_X = inches(0.08)
CELL_MARGIN_Y = inches(0.045)
MIN_ROW = inches(0.36)  # rows get this much air when the slide has room for it
HEADER_FILL, BAND_FILL = look.INK, look.PANEL


def table_pages(deck: DeckBuilder, slide: Slide) -> list[TableText]:
    """The slide's table view (see writers/tableview.py), `max_rows` rows a slide, fewer when that many do
    not fit the body of the master's table layout even at the floor size."""
    view = slide.table
    text = table_text(view, deck.ctx.dataset, deck.texts)
    area = deck.frame(deck.layouts["table"]).body
    per_page = view.max_rows
    while True:
        pages = text.pages(per_page, deck.ctx.dataset, deck.lang)
        if per_page == 1 or all(_fits(page, area) for page in pages):
            return pages
        per_page -= 1


def _fits(page: TableText, area: Box) -> bool:
    cells = [list(line) for line in page.shown]
    widths = column_widths(page.headers, cells, area.width, page.numeric)
    return sum(row_heights(page.headers, cells, widths, look.FLOOR)) <= area.height


def table_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    key = f"slides.{slide.id}"
    pages = table_pages(deck, slide)
    title = deck.text_of(f"{key}.title", "")
    for number, page in enumerate(pages, start=1):
        s, frame = deck.new_slide("table", slide.id, section.section)
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        deck.title(s, frame, f"{title}{suffix}", f"{key}.title")
        _draw(deck, s, frame.body, page.headers, [list(line) for line in page.shown], page.numeric, key)
        deck.source_line(s, frame, page.source_line, key)
        notes = deck.slide_notes(slide.id) if number == 1 else []
        deck.notes(s, notes + [" · ".join(f"{h}: {v}" for h, v in zip(page.headers, row, strict=True)) for row in page.cells])


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
