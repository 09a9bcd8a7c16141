"""Pages without holes: a figure that shrinks a little to finish a page, and a panel that breaks
between its rows and repeats its heading on the next page.

reportlab moves a flowable that does not fit to the next page and leaves the rest of the page
empty. Two flowables here give it another choice: a figure (caption, unit line, picture, source
line) is drawn at up to `MIN_FIGURE_SCALE` of its size when that lets it end the page it is on;
a recommendation's panel splits between rows, and the part on the next page opens with the
recommendation's heading marked as continued; and the body paragraphs after a figure fill the
page the figure no longer fits, the figure opening the next page (still inside its section).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Paragraph, Table

from reportgen.writers.memo.picture import Picture

MIN_FIGURE_SCALE = 0.7  # a chart is never drawn smaller than this share of its width to fill a page
CONTINUED = {"ko": "계속", "en": "continued"}  # after a repeated heading; `labels.continued` in the text overrides


class FigureGroup(Flowable):
    """Caption, unit line, picture and source line as one block that never splits; the picture
    shrinks (down to MIN_FIGURE_SCALE) when that lets the block fit the space left on the page."""

    def __init__(self, parts: Sequence[Flowable]):
        super().__init__()
        self.parts = list(parts)
        self.picture = next(p for p in self.parts if isinstance(p, Picture))
        self.full = (self.picture.drawWidth, self.picture.drawHeight)
        self.scale = 1.0

    def _others(self, width: float) -> float:
        rest = [p for p in self.parts if p is not self.picture]
        return sum(p.wrap(width, 10_000)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in rest)

    def _set_scale(self, scale: float) -> None:
        self.scale = scale
        self.picture.drawWidth, self.picture.drawHeight = self.full[0] * scale, self.full[1] * scale

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        others = self._others(availWidth)
        gaps = self.picture.getSpaceBefore() + self.picture.getSpaceAfter()
        room = availHeight - others - gaps
        scale = 1.0 if room >= self.full[1] else max(MIN_FIGURE_SCALE, room / self.full[1])
        self._set_scale(scale)
        self.width = availWidth
        self.height = others + gaps + self.picture.wrap(availWidth, availHeight)[1]
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []  # moves to the next page whole, at full size

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.parts[0].getSpaceBefore()

    def draw(self) -> None:
        y = self.height
        for i, part in enumerate(self.parts):
            _, h = part.wrap(self.width, 10_000)
            if i:
                y -= part.getSpaceBefore()
            y -= h
            x = (self.width - part.drawWidth) / 2 if part is self.picture else 0
            part.drawOn(self.canv, x, y)
            y -= part.getSpaceAfter()


class ContinuedTable(Table):
    """A table that breaks between rows; the part on the next page opens with `continued()`
    (the heading of the block, marked as continued)."""

    def __init__(self, *args: object, continued: Callable[[], Flowable] | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # reportlab makes the parts of a split with this class, without `continued`
        self.continued = continued

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        parts = super().split(availWidth, availHeight)
        if len(parts) < 2:
            return parts
        head, rest = parts[0], parts[1]
        if self.continued is None:
            return [head, rest]
        rest.continued = self.continued
        return [head, self.continued(), rest]


class FloatingFigure(Flowable):
    """A figure and the body paragraphs that follow it in its section. When the figure does not fit
    the rest of the page, those paragraphs fill the page first and the figure opens the next one."""

    def __init__(self, figure: FigureGroup, followers: Sequence[Flowable]):
        super().__init__()
        self.figure = figure
        self.followers = list(followers)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        return availWidth, availHeight + 1  # never drawn as one: the frame always asks split() how to place it

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self.figure.wrap(availWidth, availHeight)[1] <= availHeight:
            return [self.figure, *self.followers]
        placed: list[Flowable] = []
        room = availHeight
        for i, follower in enumerate(self.followers):
            need = follower.wrap(availWidth, room)[1] + (follower.getSpaceBefore() if placed else 0)
            if need <= room:
                placed.append(follower)
                room -= need + follower.getSpaceAfter()
                continue
            parts = follower.split(availWidth, room - (follower.getSpaceBefore() if placed else 0))
            if parts:
                return [*placed, parts[0], self.figure, *parts[1:], *self.followers[i + 1:]]
            return [*placed, self.figure, *self.followers[i:]] if placed else []
        return [*placed, self.figure] if placed else []

    def draw(self) -> None:  # pragma: no cover - split() always replaces it
        raise AssertionError("FloatingFigure is placed through split()")


def float_figures(story: Sequence[Flowable]) -> list[Flowable]:
    """Each figure with the plain body paragraphs right after it (up to the next heading, figure,
    table or page break), so that they can fill a page the figure cannot (see FloatingFigure)."""
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        item = story[i]
        i += 1
        if not isinstance(item, FigureGroup):
            out.append(item)
            continue
        followers = []
        while i < len(story) and _plain_paragraph(story[i]):
            followers.append(story[i])
            i += 1
        out.append(FloatingFigure(item, followers) if followers else item)
    return out


def _plain_paragraph(flowable: Flowable) -> bool:
    return (isinstance(flowable, Paragraph) and not hasattr(flowable, "outline")
            and not getattr(flowable, "keepWithNext", 0))
