"""How much room text takes, measured with real fonts' metrics (Pillow on TTF files that ship with the install).

The deck names NanumGothic (East Asian slot) and the master's typeface (Latin slot), but the PC that
opens it may have neither. So text is measured as the widest of the fonts it may be drawn in: Latin
letters, digits and marks as the wider of NanumGothic and DejaVu Sans (wider than the sans faces that
stand in for a missing font: Arial, Calibri, Liberation Sans, Helvetica), Korean and other East Asian
characters as the wider of NanumGothic and a full em (Malgun Gothic, Apple SD Gothic Neo and Noto Sans
CJK draw Hangul at most an em wide). Text fitted this way does not spill where NanumGothic is missing.

The deck writer fits every text box with `fit_scale`: text that does not fit at its design size is
shrunk step by step down to a floor; `None` means it cannot fit at all. The tests measure the
finished deck with the same functions. Lines wrap at spaces (a word longer than the line wraps
by character), which takes at least as many lines as PowerPoint's and LibreOffice's line breaking,
so text that fits here fits there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

from PIL import ImageFont

from reportgen.fonts import font_path

LINE_HEIGHT = 1.2  # single line spacing, in ems (the font's ascent + descent is 1.15 em)
WIDTH_SAFETY = 0.96  # renderers differ by a few percent in advance widths and kerning
_REFERENCE_SIZE = 200  # measure once at this size, scale linearly
AUTOSPACE = 0.25  # ems LibreOffice adds where Korean/CJK text meets Latin letters, digits or ASCII punctuation
_ASIAN_CHARS = "\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_ASIAN = re.compile(f"[{_ASIAN_CHARS}]")
_ASIAN_RUNS = re.compile(f"[{_ASIAN_CHARS}]+|[^{_ASIAN_CHARS}]+")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a text box, at its design size, in points."""

    text: str
    size: float
    bold: bool = False
    indent: float = 0.0  # points the bullet indent takes from the line width
    space_before: float = 0.0  # points above the paragraph (not counted for the first)
    line_spacing: float = 1.0  # multiple of single spacing


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path("bold" if bold else "regular")), _REFERENCE_SIZE,
                              layout_engine=ImageFont.Layout.BASIC)


@cache
def _stand_in(bold: bool) -> ImageFont.FreeTypeFont | None:
    """DejaVu Sans, which matplotlib ships: the measure of a sans face that stands in for a missing font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        path = Path(str(metadata.distribution("matplotlib").locate_file(f"matplotlib/mpl-data/fonts/ttf/{name}")))
    except metadata.PackageNotFoundError:  # pragma: no cover - matplotlib is a dependency
        return None
    return ImageFont.truetype(str(path), _REFERENCE_SIZE, layout_engine=ImageFont.Layout.BASIC) if path.is_file() else None


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of one line of `text` at `size` points, in points.

    Includes the space LibreOffice puts between Asian and Latin script (`1억` renders as `1 억`);
    PowerPoint adds none, so the measure is on the safe side there.
    """
    return _reference_width(text, bold) * size / _REFERENCE_SIZE


@lru_cache(maxsize=1 << 16)
def _reference_width(text: str, bold: bool) -> float:
    """The width at the reference size: fitting measures the same words at many sizes, and again when checking."""
    return sum(_run_width(run, bold) for run in _ASIAN_RUNS.findall(text)) + script_changes(text) * AUTOSPACE * _REFERENCE_SIZE


def _run_width(run: str, bold: bool) -> float:
    """One run of East Asian or of other characters, as wide as the widest font that may draw it."""
    own = _font(bold).getlength(run)
    if _ASIAN.match(run):
        return max(own, len(run) * _REFERENCE_SIZE)
    stand_in = _stand_in(bold)
    return max(own, stand_in.getlength(run)) if stand_in is not None else own


def script_changes(text: str) -> int:
    """How often the text switches between Asian and Latin script (spaces and other marks do not count)."""
    changes, last = 0, None
    for ch in text:
        if _ASIAN.match(ch):
            kind = "asian"
        elif ch.isalnum() or (ch.isascii() and not ch.isspace()):
            kind = "latin"
        else:
            continue
        changes += last is not None and kind != last
        last = kind
    return changes


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """The lines `text` takes in a box `width` points wide (explicit newlines kept)."""
    lines: list[str] = []
    limit = width * WIDTH_SAFETY
    for part in text.split("\n"):
        line = ""
        for word in part.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= limit:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while len(line) > 1 and text_width(line, size, bold) > limit:
                cut = _longest_prefix(line, limit, size, bold)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _longest_prefix(word: str, limit: float, size: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and text_width(word[: cut + 1], size, bold) <= limit:
        cut += 1
    return cut


def scaled_size(size: float, scale: float) -> float:
    """A paragraph's size at `scale`, rounded down to half a point (what the deck writes)."""
    return max(1.0, int(size * scale * 2) / 2)


def text_height(paragraphs: list[Paragraph], width: float, scale: float = 1.0) -> float:
    """Height in points the paragraphs take in a box `width` points wide, at `scale`."""
    total = 0.0
    for i, para in enumerate(paragraphs):
        size = scaled_size(para.size, scale)
        lines = wrap(para.text, width - para.indent, size, para.bold)
        total += len(lines) * size * LINE_HEIGHT * para.line_spacing
        if i and para.space_before:
            total += scaled_size(para.space_before, scale)
    return total


def widest_line(paragraphs: list[Paragraph], scale: float = 1.0) -> float:
    """Width in points of the widest unwrapped line (for single-line labels and table columns)."""
    return max((text_width(line, scaled_size(p.size, scale), p.bold) + p.indent
                for p in paragraphs for line in p.text.split("\n")), default=0.0)


def fits(paragraphs: list[Paragraph], width: float, height: float, scale: float = 1.0, max_lines: int | None = None) -> bool:
    """Do the paragraphs fit a box of `width` x `height` points at `scale`?"""
    if max_lines is not None and line_count(paragraphs, width, scale) > max_lines:
        return False
    return text_height(paragraphs, width, scale) <= height + 0.01


def line_count(paragraphs: list[Paragraph], width: float, scale: float = 1.0) -> int:
    return sum(len(wrap(p.text, width - p.indent, scaled_size(p.size, scale), p.bold)) for p in paragraphs)


def fit_scale(paragraphs: list[Paragraph], width: float, height: float, floor: float,
              max_lines: int | None = None) -> float | None:
    """The largest scale (1.0 down to `floor`, in half-point steps of the largest size) that fits, else None."""
    if not paragraphs:
        return 1.0
    largest = max(p.size for p in paragraphs)
    size = largest
    while size >= largest * floor - 1e-9:
        scale = size / largest
        if fits(paragraphs, width, height, scale, max_lines):
            return scale
        size -= 0.5
    return None
