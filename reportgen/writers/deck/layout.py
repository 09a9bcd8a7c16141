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

    def overlaps(self, other: Box) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom

    def area(self) -> int:
        return max(0, self.width) * max(0, self.height)

    def inside(self, other: Box) -> bool:
        return other.left <= self.left and other.top <= self.top and self.right <= other.right and self.bottom <= other.bottom

    def shrink(self, dx: int, dy: int) -> Box:
        return Box(self.left + dx, self.top + dy, self.width - 2 * dx, self.height - 2 * dy)

    def fit_picture(self, width_px: int, height_px: int) -> Box:
        """The largest box of the picture's aspect ratio inside this one, centred."""
        scale = min(self.width / width_px, self.height / height_px)
        width, height = round(width_px * scale), round(height_px * scale)
        return Box(self.left + (self.width - width) // 2, self.top + (self.height - height) // 2, width, height)


@dataclass(frozen=True)
class Frame:
    """The places on a content slide of one layout: tracker, title, body, footer."""

    slide: Box
    margin: int
    tracker: Box | None  # section tracker: top right, else where the master puts its footer, else none
    title: Box  # the action title: the layout's title placeholder
    body: Box  # the content: the layout's (else the master's) body area, clear of the master's artwork
    source: Box  # the source line, under the body
    page: Box  # the page number: where the master puts it
    title_room: Box | None = None  # the title box grown into the free space under it, for a long title
    clear: float = 1.0  # the share of the layout's body area that the master's artwork leaves clear
