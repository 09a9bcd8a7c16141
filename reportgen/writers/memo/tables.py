"""Tables in the memo, laid out: column widths that fit the page, a header row that repeats on
every page the table runs onto. What the cells say comes from the shared table view
(writers/tableview.py), the same as on the slides.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from reportgen.writers.memo.reportlab_internals import row_heights, table_rows
from reportgen.writers.memo.styles import ACCENT, MUTED, RULE, TINT, table_style

PAD_X = 5.0
PAD_Y = 3.5
MIN_ROWS_APART = 3  # a table never leaves fewer rows than this at the foot or head of a page
MIN_TEXT_COLUMN = 58.0  # points: a wrapping column is never narrower than about two cm


def column_widths(natural: Sequence[float], minimum: Sequence[float], total: float) -> list[float]:
    """Widths that sum to `total`: extra room shared in proportion to each column's natural width;
    a shortfall taken from the columns that can wrap, in proportion to how much they can give."""
    natural = [max(n, m) for n, m in zip(natural, minimum, strict=True)]
    wanted = sum(natural)
    if wanted <= total:
        return [n + (total - wanted) * n / wanted for n in natural]
    slack = [n - m for n, m in zip(natural, minimum, strict=True)]
    if sum(slack) >= wanted - total:
        over = wanted - total
        return [n - over * s / sum(slack) for n, s in zip(natural, slack, strict=True)]
    return [total * m / sum(minimum) for m in minimum]


def _text_width(text: str, font: str, size: float) -> float:
    return max((stringWidth(line, font, size) for line in text.split("\n")), default=0.0)


def _longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(word, font, size) for word in text.split()), default=0.0)


def measure(header: str, cells: Sequence[str], numeric: bool, head_style: object, cell_style: object) -> tuple[float, float]:
    """(natural, minimum) width of one column, padding included."""
    font, size = cell_style.fontName, cell_style.fontSize  # type: ignore[attr-defined]
    head_font, head_size = head_style.fontName, head_style.fontSize  # type: ignore[attr-defined]
    widest = max([_text_width(c, font, size) for c in cells] + [_text_width(header, head_font, head_size)])
    natural = widest + 2 * PAD_X + 1
    if numeric:
        figures = max((_text_width(c, font, size) for c in cells), default=0.0)
        return natural, max(figures, _longest_word(header, head_font, head_size)) + 2 * PAD_X + 1
    words = max([_longest_word(c, font, size) for c in cells] + [_longest_word(header, head_font, head_size)])
    return natural, min(natural, max(words + 2 * PAD_X + 1, MIN_TEXT_COLUMN))


class BalancedTable(Table):
    """A table that breaks between rows only where at least MIN_ROWS_APART rows stay on each side."""

    def split(self, availWidth: float, availHeight: float) -> list[Table]:  # noqa: N803 - reportlab's names
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        first, rest = (table_rows(p) - self.repeatRows for p in parts)
        if first < MIN_ROWS_APART:
            return []  # move the whole table on
        if rest >= MIN_ROWS_APART:
            return parts
        if first - (MIN_ROWS_APART - rest) < MIN_ROWS_APART:
            return []
        moved = sum(row_heights(self)[self.repeatRows + first - (MIN_ROWS_APART - rest):self.repeatRows + first])
        return super().split(availWidth, availHeight - moved - 0.5)


def grid(head: Sequence[Paragraph], body: Sequence[Sequence[Paragraph]], widths: Sequence[float],
         numeric: Sequence[bool], groups: Sequence[int] = (), compact: bool = False) -> Table:
    """A table with a dark header row that repeats on each page and hairlines between rows.

    `groups` are the body rows that start a group (the first column shows its label once): they get
    a darker rule above them instead of the alternating row tint. `compact` tightens the rows
    (reference tables such as the data appendix).
    """
    pad_y = PAD_Y - 1.5 if compact else PAD_Y
    table = BalancedTable([list(head), *[list(r) for r in body]], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), pad_y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y + 1),
        ("LINEBELOW", (1 if groups else 0, 1), (-1, -1), 0.4, RULE),  # grouped: no rules inside the label column
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT),
    ]
    commands += [("LINEABOVE", (0, row + 1), (-1, row + 1), 0.8, MUTED) for row in groups if row > 0]
    if len(body) > 6 and not groups:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, TINT]))
    table.setStyle(table_style(commands))
    return table
