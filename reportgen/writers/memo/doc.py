"""The memo's pages: A4 frames, running header and footer with `n / N`, page labels, the outline,
the clickable contents, and a heading that never stays behind at the foot of a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate
from reportlab.platypus.doctemplate import FrameBreak, IndexingFlowable

from reportgen.writers.memo.paging import float_figures
from reportgen.writers.memo.reportlab_internals import ARABIC_PAGE_NUMBERS, at_top_of_frame, kept_together
from reportgen.writers.memo.styles import (
    BOLD,
    FRAME_HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    REGULAR,
    RULE,
    TEXT_WIDTH,
)

PDF_LANGUAGES = {"ko": "ko-KR", "en": "en-US"}


@dataclass(frozen=True)
class MemoInfo:
    """What the document says about itself: metadata, and the words of the running header/footer."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str
    classification: str
    date_line: str
    built_at: dt.datetime


class KeepHeadingWithNext(KeepTogether):
    """keepWithNext that lets the next block break: a heading moves to the next page only when
    nothing of what follows it fits below it (a splittable block keeps at least its first lines)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        content = kept_together(self)
        heads, follower = content[:-1], content[-1]
        width = availWidth
        used = sum(f.wrapOn(self.canv, width, availHeight)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in heads)
        room = availHeight - used - follower.getSpaceBefore()
        if room > 0 and _fits(follower, self.canv, width, room):
            return content
        if room > 0 and not isinstance(follower, KeepTogether):
            parts = follower.splitOn(self.canv, width, room)
            if parts and parts[0].wrapOn(self.canv, width, room)[1] <= room:
                return heads + parts
        return content if at_top_of_frame(self) else [FrameBreak(), *content]


def _fits(flowable: Flowable, canv: Canvas, width: float, height: float) -> bool:
    if isinstance(flowable, KeepTogether):
        parts = kept_together(flowable)
        return sum(p.wrapOn(canv, width, height)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in parts) <= height
    return flowable.wrapOn(canv, width, height)[1] <= height


class PageTotal(IndexingFlowable):
    """Takes no room; makes the build run again until the page count (the N of `n / N`) is stable.
    With a `guess` (the last build's count) that proves right, one pass is enough."""

    def __init__(self, doc: MemoDoc, guess: int | None = None):
        super().__init__()
        self.doc = doc
        self.before: int | None = None
        self.after: int | None = guess
        doc.page_total = guess or 0

    def beforeBuild(self) -> None:  # noqa: N802 - reportlab's hook name
        self.before = self.after

    def afterBuild(self) -> None:  # noqa: N802
        self.after = self.doc.page
        self.doc.page_total = self.doc.page

    def isSatisfied(self) -> bool:  # noqa: N802
        return self.before == self.after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass


class MemoDoc(BaseDocTemplate):
    """A4 pages: the first carries the cover block (no running header); every page has the footer."""

    def __init__(self, path: Path, info: MemoInfo):
        super().__init__(
            str(path),
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=info.title,
            author=info.author,
            subject=info.subject,
            keywords=list(info.keywords),
            creator="reportgen",
            lang=PDF_LANGUAGES.get(info.lang, info.lang),
            invariant=1,
            displayDocTitle=1,
            keepTogetherClass=KeepHeadingWithNext,
            initialFontName=REGULAR,
        )
        self.info = info
        self.page_total = 0
        self.heading_pages: dict[str, int] = {}  # outline key -> the page its heading fell on (last pass)
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, TEXT_WIDTH, FRAME_HEIGHT,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        self.addPageTemplates([
            PageTemplate("first", [frame], onPage=self._first_page, autoNextPageTemplate="body"),
            PageTemplate("body", [frame], onPage=self._body_page),
        ])

    def multiBuild(self, story: list[Flowable], *args: object, **kwargs: object) -> object:  # noqa: N802 - reportlab's name
        return super().multiBuild(float_figures(story), *args, **kwargs)

    def beforeDocument(self) -> None:  # noqa: N802 - reportlab's hook name
        stamp = self.info.built_at.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
        self.canv.setDateFormatter(lambda *_: stamp)
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        entry = getattr(flowable, "outline", None)
        if entry is None:
            return
        level, text, key, in_toc = entry
        self.heading_pages[key] = self.page
        self.canv.addOutlineEntry(text, key, level=level, closed=False)
        if in_toc:
            self.notify("TOCEntry", (level, escape(text), self.page, key))

    def _first_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.addPageLabel(0, style=ARABIC_PAGE_NUMBERS, start=1)
        self._footer(canv)

    def _body_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._header(canv)
        self._footer(canv)

    def _header(self, canv: Canvas) -> None:
        y = PAGE_HEIGHT - 14 * mm
        canv.saveState()
        canv.setFont(REGULAR, 8)
        canv.setFillColor(MUTED)
        right = self.info.date_line
        room = TEXT_WIDTH - stringWidth(right, REGULAR, 8) - 12 * mm
        canv.drawString(MARGIN_X, y, fit_text(self.info.title, REGULAR, 8, room))
        canv.drawRightString(PAGE_WIDTH - MARGIN_X, y, right)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y - 2.6 * mm, PAGE_WIDTH - MARGIN_X, y - 2.6 * mm)
        canv.restoreState()

    def _footer(self, canv: Canvas) -> None:
        y = 11 * mm
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y + 4.2 * mm, PAGE_WIDTH - MARGIN_X, y + 4.2 * mm)
        canv.setFont(REGULAR, 8)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, y, fit_text(self.info.classification, REGULAR, 8, TEXT_WIDTH - 30 * mm))
        canv.setFont(BOLD, 8)
        total = self.page_total or self.page
        canv.drawRightString(PAGE_WIDTH - MARGIN_X, y, f"{self.page} / {total}")
        canv.restoreState()


def toc_entries(story: list[Flowable], pages: Mapping[str, int]) -> list[tuple[int, str, int, str]]:
    """The lines the contents will hold, as `MemoDoc.afterFlowable` reports them, in story order: each
    heading that goes in the contents, with its page from `pages` (the last build's) or 0. Given to the
    TableOfContents before the first pass (`addEntries`), they lay the contents out at its real size
    at once, so the first pass already places everything where it will stay."""
    entries = []
    for flowable in story:
        for part in kept_together(flowable) if isinstance(flowable, KeepTogether) else [flowable]:
            outline = getattr(part, "outline", None)
            if outline is not None and outline[3]:
                level, text, key, _ = outline
                entries.append((level, escape(text), pages.get(key, 0), key))
    return entries


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """`text`, cut with an ellipsis if it is wider than `width`."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
