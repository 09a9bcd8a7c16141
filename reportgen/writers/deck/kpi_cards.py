"""Where the KPI cards of a slide go: a row (or two) of cards of the design's size, or, on a body too
small for them (a company master's), the arrangement in rows that keeps the type largest.

A card is an accent rule, the value, its label and a comparison line (two lines at most). On the
default master every card has its design size (CARD_HEIGHT). Where that does not fit, each number
of cards a row (the design's first, then the nearest) is tried: the label and comparison type
shrinks in half points down to the deck's floor, the values down to theirs, the card as tall as its
text needs; the arrangement whose text stays largest wins. None fitting: the caller's fit check
names the text that does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.writers.deck import style as look
from reportgen.writers.deck import textfit
from reportgen.writers.deck.layout import EMU_PER_PT, Box, inches, points
from reportgen.writers.deck.text import Para, fit, type_scale

VALUE_FLOOR = 0.55  # a KPI value may shrink further than other text before it wraps
CARD_HEIGHT = inches(2.0)  # a KPI card: accent rule, value, label, comparison line (the slide has one source line)
CAPTION_LINES = 2


@dataclass(frozen=True)
class Card:
    value: list[Para]
    label: list[Para]
    caption: list[Para]


@dataclass(frozen=True)
class Cards:
    """The cards' boxes: the cell (its top edge carries the accent rule) and its value, label and comparison."""

    cells: list[Box]
    parts: list[tuple[Box, Box, Box]]
    value_lines: int  # 1, or 2 where a value wraps once at the design's size


def per_row(count: int) -> int:
    """The design's cards a row: all of up to three in one row, four as two by two, more in rows of three."""
    return count if count <= 3 else (2 if count == 4 else 3)


def arrange(area: Box, cards: list[Card], centred: bool) -> Cards:
    """The design's arrangement when its text fits; else the one in rows that keeps the type largest."""
    natural = _design(area, cards, centred)
    return natural if _fits(natural, cards) else (_adaptive(area, cards) or natural)


def _design(area: Box, cards: list[Card], centred: bool) -> Cards:
    count = len(cards)
    row_count = -(-count // per_row(count))
    gap = inches(0.45)
    block = CARD_HEIGHT * row_count + gap * (row_count - 1)
    top = area.top + max(0, (area.height - block) * 2 // 5) if centred else area.top
    cells = Box(area.left, top, area.width, min(block, area.height)).grid(count, per_row(count), inches(0.5), gap)
    values = [(box, card.value) for box, card in zip([_card_parts(c)[0] for c in cells], cards, strict=True)]
    one_line = all(fit(items, box.width, box.height, VALUE_FLOOR, 1) is not None for box, items in values)
    return Cards(cells, [_card_parts(cell) for cell in cells], 1 if one_line else 2)


def _card_parts(cell: Box) -> tuple[Box, Box, Box]:
    """Value, label and comparison boxes of one card of the design (top to bottom), under the accent rule; a
    card shorter than CARD_HEIGHT shrinks every part alike."""
    k = min(1.0, cell.height / CARD_HEIGHT)
    value = Box(cell.left, cell.top + round(inches(0.12) * k), cell.width, round(inches(0.8) * k))
    label = Box(cell.left, value.bottom + round(inches(0.06) * k), cell.width, round(inches(0.5) * k))
    caption = Box(cell.left, label.bottom + round(inches(0.06) * k), cell.width, round(inches(0.45) * k))
    return value, label, caption


def _fits(cards: Cards, content: list[Card]) -> bool:
    for (value, label, caption), card in zip(cards.parts, content, strict=True):
        if fit(card.value, value.width, value.height, VALUE_FLOOR, cards.value_lines) is None:
            return False
        if fit(card.label, label.width, label.height, look.FLOOR) is None:
            return False
        if fit(card.caption, caption.width, caption.height, look.FLOOR, CAPTION_LINES) is None:
            return False
    return True


def _adaptive(area: Box, cards: list[Card]) -> Cards | None:
    """The arrangement in rows whose label type is largest (then value type), the design's count a row on a tie."""
    count, design = len(cards), per_row(len(cards))
    best: tuple[tuple[float, float], Cards] | None = None
    for across in sorted(range(1, count + 1), key=lambda n: (abs(n - design), n)):
        found = _in_rows(area, cards, across)
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    return best[1] if best else None


def _in_rows(area: Box, cards: list[Card], across: int) -> tuple[tuple[float, float], Cards] | None:
    """Cards `across` a row, each as tall as its text at the largest scale that lets every row fit the area."""
    unit = type_scale()
    rows = -(-len(cards) // across)
    gap_x, gap_y, pad = round(inches(0.35) * unit), round(inches(0.25) * unit), round(inches(0.1) * unit)
    width = (area.width - gap_x * (across - 1)) // across
    height = (area.height - gap_y * (rows - 1)) // rows
    if width <= 0 or height <= 0:
        return None
    wide = points(width)
    value_scale = min((fit(c.value, width, area.height, VALUE_FLOOR, 1) or 0.0 for c in cards), default=1.0)
    if value_scale < VALUE_FLOOR:
        return None
    for scale in _scales(cards[0].label[0].measured().size, look.FLOOR):
        labels = [textfit.text_height([p.measured() for p in c.label], wide, scale) for c in cards]
        captions = [[p.measured() for p in c.caption] for c in cards]
        if any(textfit.line_count(c, wide, scale) > CAPTION_LINES for c in captions):
            continue
        caption_heights = [textfit.text_height(c, wide, scale) for c in captions]
        for value in _scales(cards[0].value[0].measured().size, VALUE_FLOOR, value_scale):
            value_height = max(textfit.text_height([p.measured() for p in c.value], wide, value) for c in cards)
            parts_height = [value_height, max(labels), max(caption_heights)]
            need = pad * 3 + sum(_emu(h) for h in parts_height)
            if need <= height:
                return (scale, value), _cells(area, cards, across, rows, width, gap_x, gap_y, pad, parts_height)
    return None


def _cells(area: Box, cards: list[Card], across: int, rows: int, width: int, gap_x: int, gap_y: int, pad: int,
           heights: list[float]) -> Cards:
    value_h, label_h, caption_h = (_emu(h) for h in heights)
    card_height = pad * 3 + value_h + label_h + caption_h
    block = card_height * rows + gap_y * (rows - 1)
    top = area.top + max(0, (area.height - block) * 2 // 5)
    cells, parts = [], []
    for i in range(len(cards)):
        row, col = divmod(i, across)
        cell = Box(area.left + col * (width + gap_x), top + row * (card_height + gap_y), width, card_height)
        value = Box(cell.left, cell.top + pad, width, value_h)
        label = Box(cell.left, value.bottom + pad, width, label_h)
        caption = Box(cell.left, label.bottom + pad, width, caption_h)
        cells.append(cell)
        parts.append((value, label, caption))
    return Cards(cells, parts, 1)


def _scales(size: float, floor: float, start: float = 1.0) -> list[float]:
    """Scales from `start` down to `floor`, a half point of `size` at a time."""
    steps, current = [], size * start
    while current >= size * floor - 1e-9:
        steps.append(current / size)
        current -= 0.5
    return steps


def _emu(height_pt: float) -> int:
    return round((height_pt + 0.5) * EMU_PER_PT)
