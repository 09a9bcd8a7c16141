"""Where content goes on a slide of one layout: inside the layout's body area, clear of the master's artwork.

The title is the layout's title placeholder. The body is the layout's text placeholder, else the
master's body placeholder, below the title; any picture or drawn shape of the master or layout that
reaches into it is cut away (the side that keeps the most room). Shapes that cover most of the
slide are its background, not obstacles. The source line goes under the body, the page number where
the master puts its slide number, and the section tracker above the title (else where the master
puts its footer).
"""

from __future__ import annotations

from reportgen.writers.deck.anatomy import TEXT, TITLES, LayoutInfo
from reportgen.writers.deck.layout import Box, Frame, inches
from reportgen.writers.deck.theme import mix, worst_contrast

BACKDROP_SHARE = 0.6  # artwork covering this much of the slide is background, not an obstacle
MIN_KEEP = 0.35  # cutting artwork away must leave at least this share of the body area
SPECK = 0.03  # artwork under less than this share of a text's area (a small ornament) does not change what it reads on


def backdrops(layout: LayoutInfo, width: int, height: int) -> list[Box]:
    return [a.box for a in layout.artwork if a.box.area() >= BACKDROP_SHARE * width * height]


def obstacles(layout: LayoutInfo, width: int, height: int, pictures_only: bool = False) -> list[Box]:
    """Artwork boxes text must keep clear of (clipped to the slide); footers need only keep clear of pictures."""
    slide = Box(0, 0, width, height)
    found = []
    for art in layout.artwork:
        if art.box.area() >= BACKDROP_SHARE * width * height or not art.box.overlaps(slide):
            continue
        if pictures_only and art.kind != "picture":
            continue
        found.append(_clip(art.box, slide))
    return found


def _overlap(first: Box, second: Box) -> int:
    width = min(first.right, second.right) - max(first.left, second.left)
    height = min(first.bottom, second.bottom) - max(first.top, second.top)
    return max(0, width) * max(0, height)


def _clip(box: Box, to: Box) -> Box:
    left, top = max(box.left, to.left), max(box.top, to.top)
    right, bottom = min(box.right, to.right), min(box.bottom, to.bottom)
    return Box(left, top, right - left, bottom - top)


def clear_of(area: Box, blocks: list[Box]) -> Box:
    """The largest part of `area` left after cutting away each block that reaches into it from one side."""
    for block in sorted(blocks, key=lambda b: -b.area()):
        if not area.overlaps(block):
            continue
        options = [
            Box(area.left, area.top, area.width, block.top - area.top),  # above it
            Box(area.left, block.bottom, area.width, area.bottom - block.bottom),  # below it
            Box(area.left, area.top, block.left - area.left, area.height),  # left of it
            Box(block.right, area.top, area.right - block.right, area.height),  # right of it
        ]
        best = max(options, key=lambda b: b.area() if b.width > 0 and b.height > 0 else -1)
        if best.width <= 0 or best.height <= 0:
            return area
        area = best
    return area


def layout_backdrop(layout: LayoutInfo, box: Box, width: int, height: int) -> list[str]:
    """The colours under `box` on an empty slide of `layout`: its background and the artwork over it."""
    covering = [a for a in layout.artwork if (a.fill or a.picture) and _overlap(a.box, box) > SPECK * box.area()]
    whole = [i for i, a in enumerate(covering) if box.inside(a.box) and a.kind != "line" and a.covers]
    colours = [] if whole else list(layout.background_under(box, Box(0, 0, width, height)))
    for art in covering[whole[-1] if whole else 0:]:
        if art.opacities:  # a see-through fill: what lies under it, tinted by each of its colours at each opacity
            colours = [mix(under, c, o) for under in colours or ["FFFFFF"] for c in art.colours_under(box) for o in art.opacities]
        else:
            colours += art.colours_under(box)
    return list(dict.fromkeys(colours))


def legible(layout: LayoutInfo | None, box: Box, width: int, height: int, ratio: float = 4.5) -> bool:
    """Can some colour be read at `ratio` on everything under `box`?"""
    if layout is None:
        return True
    under = layout_backdrop(layout, box, width, height)
    return any(worst_contrast(c, under) >= ratio for c in ("000000", "FFFFFF", *under))


def frame_of(layout: LayoutInfo | None, width: int, height: int) -> Frame:
    """The frame of a slide `width` x `height` EMU made from `layout`."""
    unit = height / inches(7.5)  # vertical measures scale with the slide height
    margin = round(inches(0.6) * min(unit, width / inches(13.333)))
    gap = round(inches(0.3) * unit)
    line = round(inches(0.3) * unit)
    air = round(inches(0.1) * unit)
    blocks = obstacles(layout, width, height) if layout is not None else []
    pictures = obstacles(layout, width, height, pictures_only=True) if layout is not None else []

    def usable(box: Box) -> bool:
        """Inside the slide, clear of pictures, and readable wherever short text may stand in it (its ends too)."""
        inside = box.left >= 0 and box.top >= 0 and box.right <= width and box.bottom <= height and box.width > 0
        ends = [Box(box.left, box.top, box.width // 3, box.height), Box(box.right - box.width // 3, box.top, box.width // 3, box.height)]
        return inside and not any(box.overlaps(b) for b in pictures) and all(legible(layout, b, width, height) for b in [box, *ends])

    title = _title_box(layout, width, height, margin, unit)
    if layout is not None and "title" not in layout.given:
        title = _beside(title, blocks)
    body = _body_box(layout, title, width, height, margin, gap, unit)
    kept = clear_of(body, blocks)
    clear = kept.area() / body.area() if body.area() else 1.0
    body = kept if clear >= MIN_KEEP else body
    below = Box(body.left, body.bottom + air, body.width, line)
    if usable(below) and not any(below.overlaps(b) for b in blocks):
        source = below
    else:
        source = Box(body.left, body.bottom - line, body.width, line)
        body = Box(body.left, body.top, body.width, body.height - line - air)
    page_width = round(inches(0.8) * unit)
    page = _master_box(layout, "sldNum")
    if page is None or not usable(page) or page.overlaps(body) or page.overlaps(title):
        page = Box(source.right - page_width, source.top, page_width, source.height)
        corner = Box(width - margin - page_width, height - line - air, page_width, line)
        page = page if usable(page) or not usable(corner) or corner.overlaps(body) else corner
    if page.overlaps(source):
        source = Box(source.left, source.top, max(0, page.left - air * 2 - source.left), source.height)
    tracker_height = round(inches(0.26) * unit)
    tracker = Box(width // 2, round(inches(0.22) * unit), width // 2 - margin, tracker_height)
    if tracker.bottom > title.top or not usable(tracker) or any(tracker.overlaps(b) for b in blocks):
        footer = _master_box(layout, "ftr")
        footer = Box(footer.left, footer.top + max(0, (footer.height - tracker_height) // 2), footer.width,
                     min(tracker_height, footer.height)) if footer is not None else None
        usable_footer = footer is not None and usable(footer) and not any(footer.overlaps(b) for b in (page, source, body, title))
        tracker = footer if usable_footer else None  # no room for it: the source line keeps its width
    room = Box(title.left, title.top, title.width, max(title.height, body.top - gap // 2 - title.top))
    room = room if not any(room.overlaps(b) for b in blocks) else None
    return Frame(Box(0, 0, width, height), margin, tracker, title, body, source, page, room, clear)


TITLE_KEEP = 0.6  # a title narrowed to stay off the artwork keeps at least this share of its width


def _beside(box: Box, blocks: list[Box]) -> Box:
    """`box` narrowed from the left or the right to keep off artwork that reaches into its ends (the triangles and
    bands at a master's corners), when that keeps most of its width; else as it is."""
    narrowed = box
    for block in sorted(blocks, key=lambda b: -b.area()):
        if not narrowed.overlaps(block):
            continue
        left = Box(narrowed.left, narrowed.top, block.left - narrowed.left, narrowed.height)
        right = Box(block.right, narrowed.top, narrowed.right - block.right, narrowed.height)
        narrowed = max(left, right, key=lambda b: b.width)
    return narrowed if narrowed.width >= TITLE_KEEP * box.width else box


def beside_artwork(layout: LayoutInfo | None, box: Box, width: int, height: int) -> Box:
    """`box` narrowed to keep off the artwork at its ends (see `_beside`)."""
    return _beside(box, obstacles(layout, width, height)) if layout is not None else box


def clear_box(layout: LayoutInfo | None, box: Box, width: int, height: int, pictures_only: bool = False) -> Box:
    """`box` with the artwork (or only the pictures) that reaches into it cut away, when that leaves enough of it."""
    if layout is None:
        return box
    kept = clear_of(box, obstacles(layout, width, height, pictures_only))
    return kept if kept.area() >= MIN_KEEP * box.area() else box


def _master_box(layout: LayoutInfo | None, kind: str) -> Box | None:
    if layout is None:
        return None
    own = next((p.box for p in layout.placeholders if p.type == kind and p.box is not None), None)
    return own or layout.master_box(kind)


def _title_box(layout: LayoutInfo | None, width: int, height: int, margin: int, unit: float) -> Box:
    box = next((p.box for p in layout.placeholders if p.type in TITLES and p.box), None) if layout else None
    if box is not None and layout is not None and "title" in layout.given:
        return _clip(box, Box(0, 0, width, height))
    if box is None or box.height < inches(0.3) or box.width < width // 3:
        return Box(margin, round(inches(0.55) * unit), width - 2 * margin, round(inches(0.9) * unit))
    return _clip(box, Box(0, 0, width, height))


def _body_box(layout: LayoutInfo | None, title: Box, width: int, height: int, margin: int, gap: int, unit: float) -> Box:
    """The layout's text placeholder, else the master's body placeholder, else the space under the title."""
    box = None
    if layout is not None:
        box = next((p.box for p in layout.placeholders if p.type in TEXT and p.box is not None and p.box.top >= title.top), None)
        box = box or layout.master_box("body")
    footer_top = height - round(inches(0.55) * unit)
    given = layout is not None and "body" in layout.given and box is not None
    if not given and (box is None or box.height < inches(1.0) or box.width < width // 3):
        box = Box(margin, title.bottom + gap, width - 2 * margin, footer_top - round(inches(0.12) * unit) - title.bottom - gap)
    box = _clip(box, Box(0, 0, width, height))
    top = max(box.top, title.bottom + gap // 2)
    return Box(box.left, top, box.width, box.bottom - top)
