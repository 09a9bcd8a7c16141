"""The memo being written: what every block needs (text, styles, labels, notes, counters) and the one
door through which any string becomes a Paragraph: checked against the font, then escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph

from reportgen.context import BuildContext, ChartImage
from reportgen.inputs.spec import MemoBlock
from reportgen.narrative.texts import Texts
from reportgen.writers.citations import Citations, Cited, memo_block_cited
from reportgen.writers.memo.glyphs import check_glyphs, normalize_spaces
from reportgen.writers.memo.styles import ACCENT, MemoStyles

Place = tuple[Path | str, str]  # (file, where in it) for error messages
ACCENT_HEX = "#" + ACCENT.hexval()[2:]


def safe_text(text: object, font_name: str, place: Place) -> str:
    """`text` as Paragraph markup that prints exactly its characters: spaces normalized, every
    character checked against the font, then `&`, `<` and `>` escaped."""
    plain = normalize_spaces(str(text))
    check_glyphs(plain, font_name, *place)
    return escape(plain)


class Heading(Paragraph):
    """A heading that is also a PDF outline entry (and, when `in_toc`, a table-of-contents line)."""

    def __init__(self, markup: str, style: Any, plain: str, key: str, level: int, in_toc: bool):
        super().__init__(f'<a name="{key}"/>{markup}', style)
        self.outline = (level, plain, key, in_toc)


@dataclass
class MemoDraft:
    ctx: BuildContext
    lang: str
    texts: Texts
    charts: Mapping[str, ChartImage]
    styles: MemoStyles
    labels: Mapping[str, str]
    citations: Citations  # the numbers of the sources, shared with the deck
    counts: dict[str, int] = field(default_factory=dict)
    tables_cited: dict[str, None] = field(default_factory=dict)
    recommendations: dict[str, int] = field(default_factory=dict)

    def text(self, key: str, default: Any = None) -> Any:
        return self.texts.get(key, default)

    def label(self, name: str) -> str:
        return self.labels[name]

    def next_number(self, kind: str) -> int:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.counts[kind]

    def recommendation_number(self, rec_id: str) -> int:
        """A recommendation keeps its number wherever it appears (summary and its own section), and for every
        audience: the number it has in the report as written, whichever comes first for this audience."""
        numbered = self.ctx.report.recommendation_numbers
        return numbered.get(rec_id) or self.recommendations.setdefault(rec_id, len(self.recommendations) + 1)

    def place(self, key: str, index: int | None = None) -> Place:
        return self.texts.place(key, index)

    def label_place(self, name: str) -> Place:
        return self.place(f"labels.{name}")

    def markup(self, text: object, style: Any, place: Place) -> str:
        return safe_text(text, style.fontName, place)

    def para(self, text: object, style: Any, place: Place, refs: Iterable[int] = (), bullet: str | None = None) -> Paragraph:
        """A Paragraph of plain `text` (never markup), with endnote references appended."""
        markup = self.markup(text, style, place) + self.ref_markup(refs)
        if bullet is not None:
            return Paragraph(markup, style, bulletText=escape(bullet))
        return Paragraph(markup, style)

    def heading(self, text: str, style: Any, place: Place, key: str, level: int = 0, in_toc: bool = True,
                number: str = "") -> Heading:
        plain = normalize_spaces(str(text))
        markup = self.markup(plain, style, place)
        shown = f"{number} {plain}" if number else plain
        if number:
            markup = f'<font color="{ACCENT_HEX}">{escape(number)}</font>&nbsp;&nbsp;{markup}'
        return Heading(markup, style, shown, key, level, in_toc)

    def cited(self, block: MemoBlock) -> list[Cited]:
        """What `block` names, one entry per paragraph (see writers/citations.py)."""
        return memo_block_cited(self.ctx, self.texts, self.charts, block)

    def cite(self, cited: Cited) -> list[int]:
        """The endnote numbers of what one place names; its tables join the data appendix."""
        self.tables_cited.update(dict.fromkeys(cited.tables))
        return self.citations.numbers_of(cited.sources)

    def ref_markup(self, numbers: Iterable[int]) -> str:
        """Superscript endnote numbers in ascending order, runs of three or more as `4–6`, each a link."""
        links = []
        for run in note_runs(numbers):
            first, last = run[0], run[-1]
            link = f'<a href="#{note_key(first)}">{first}</a>'
            if len(run) >= 3:
                link += f'–<a href="#{note_key(last)}">{last}</a>'
            else:
                link = ",".join(f'<a href="#{note_key(n)}">{n}</a>' for n in run)
            links.append(link)
        if not links:
            return ""
        return f'<super><font color="{ACCENT_HEX}">{",".join(links)}</font></super>'


def note_key(number: int) -> str:
    return f"note-{number}"


def note_runs(numbers: Iterable[int]) -> list[list[int]]:
    """[7, 2, 3, 4, 9] -> [[2, 3, 4], [7], [9]]: sorted, consecutive numbers grouped."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs
