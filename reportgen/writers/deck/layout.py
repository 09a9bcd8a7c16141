"""Where things go on a slide: boxes in EMU, and the frame (title, body, footer) of one slide size."""

from __future__ import annotations

from dataclasses import dataclass

EMU_PER_INCH = 914400
EMU_PER_PT = 12700


def inches(value: float) -> int:
    return round(value * EMU_PER_INCH)


def points(emu: int) -> float:
    return emu / EMU_PER_PT


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def columns(self, fractions: list[float], gap: int) -> list[Box]:
        """Side-by-side boxes whose widths share what is left after the gaps, by `fractions`."""
        free = self.width - gap * (len(fractions) - 1)
        total = sum(fractions)
        boxes, left = [], self.left
        for fraction in fractions:
            width = round(free * fraction / total)
            boxes.append(Box(left, self.top, width, self.height))
            left += width + gap
        return boxes

    def rows(self, fractions: list[float], gap: int) -> list[Box]:
        """Stacked boxes whose heights share what is left after the gaps, by `fractions`."""
        turned = Box(self.top, self.left, self.height, self.width).columns(fractions, gap)
        return [Box(b.top, b.left, b.height, b.width) for b in turned]

    def grid(self, count: int, per_row: int, gap_x: int, gap_y: int) -> list[Box]:
        """`count` equal cells, `per_row` to a row, top to bottom."""
        row_count = -(-count // per_row)
        cells = []
        for row in self.rows([1] * row_count, gap_y):
            cells += row.columns([1] * per_row, gap_x)
        return cells[:count]

    def top_part(self, height: int) -> Box:
        return Box(self.left, self.top, self.width, min(height, self.height))

    def below(self, height: int, gap: int = 0) -> Box:
        """What is left under the first `height` EMU (and a gap)."""
        cut = min(self.height, height + gap)
        return Box(self.left, self.top + cut, self.width, self.height - cut)

    def shrink(self, dx: int, dy: int) -> Box:
        return Box(self.left + dx, self.top + dy, self.width - 2 * dx, self.height - 2 * dy)

    def fit_picture(self, width_px: int, height_px: int) -> Box:
        """The largest box of the picture's aspect ratio inside this one, centred."""
        scale = min(self.width / width_px, self.height / height_px)
        width, height = round(width_px * scale), round(height_px * scale)
        return Box(self.left + (self.width - width) // 2, self.top + (self.height - height) // 2, width, height)


@dataclass(frozen=True)
class Frame:
    """The fixed places on a content slide of one size: tracker, title, body, footer."""

    slide: Box
    margin: int
    tracker: Box  # section tracker, top right
    title: Box  # the action title (two lines at most)
    body: Box  # everything between the title and the footer
    source: Box  # the source line, bottom left
    page: Box  # the page number, bottom right


def make_frame(width: int, height: int, title: Box | None = None) -> Frame:
    """The frame of a slide `width` x `height` EMU; `title` is the layout's title placeholder, if any.

    Proportions follow the default master (13.333 x 7.5 in): margins of 0.6 in, a band of 0.5 in at
    the top for the tracker, a footer band of 0.55 in for the source line and the page number.
    """
    unit = height / inches(7.5)  # scale vertical measures with the slide height
    margin = round(inches(0.6) * min(unit, width / inches(13.333)))
    band = round(inches(0.55) * unit)
    tracker = Box(width // 2, round(inches(0.22) * unit), width // 2 - margin, round(inches(0.26) * unit))
    if title is None or title.top < band or title.height < inches(0.5) or title.width < width // 2:
        title = Box(margin, band, width - 2 * margin, round(inches(0.9) * unit))
    footer_top = height - round(inches(0.55) * unit)
    body_top = title.bottom + round(inches(0.3) * unit)
    body = Box(margin, body_top, width - 2 * margin, footer_top - round(inches(0.12) * unit) - body_top)
    page_width = inches(0.8)
    footer_height = round(inches(0.3) * unit)
    source = Box(margin, footer_top, width - 2 * margin - page_width - inches(0.2), footer_height)
    page = Box(width - margin - page_width, footer_top, page_width, footer_height)
    return Frame(Box(0, 0, width, height), margin, tracker, title, body, source, page)
