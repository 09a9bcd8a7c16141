"""Reading a finished slide back and measuring it: does any text leave its box?

The builder runs this on every slide before saving, and the tests run it on the saved deck; both
measure with `textfit`, the way the builder fitted the text.
"""

from __future__ import annotations

from collections.abc import Iterator

from pptx.slide import Slide

from reportgen.writers.deck import textfit
from reportgen.writers.deck.layout import points
from reportgen.writers.deck.text import frame_paragraphs, text_room

TOLERANCE = 0.5  # points


def text_boxes(slide: Slide) -> Iterator[tuple[str, list[textfit.Paragraph], float, float]]:
    """Every piece of text on the slide: (shape name, paragraphs, room width, room height) in points."""
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text.strip():
            width, height = text_room(shape.text_frame, shape.width, shape.height)
            yield shape.name, frame_paragraphs(shape.text_frame), width, height
        if getattr(shape, "has_table", False) and shape.has_table:
            yield from _cells(shape)


def _cells(shape: object) -> Iterator[tuple[str, list[textfit.Paragraph], float, float]]:
    grid = shape.table
    for r, row in enumerate(grid.rows):
        for c, column in enumerate(grid.columns):
            cell = grid.cell(r, c)
            width = points(column.width - cell.margin_left - cell.margin_right)
            height = points(row.height - cell.margin_top - cell.margin_bottom)
            yield f"{shape.name} cell {r + 1},{c + 1}", frame_paragraphs(cell.text_frame), width, height


def overflowing(slide: Slide) -> list[tuple[str, float, float]]:
    """(shape name, height the text needs, height the box holds) for each box whose text does not fit."""
    found = []
    for name, paragraphs, width, height in text_boxes(slide):
        need = textfit.text_height(paragraphs, width)
        if need > height + TOLERANCE:
            found.append((name, need, height))
    return found


def off_slide(slide: Slide, width: int, height: int) -> list[str]:
    """Names of shapes that reach past the slide's edges."""
    return [s.name for s in slide.shapes
            if s.left < 0 or s.top < 0 or s.left + s.width > width or s.top + s.height > height]
