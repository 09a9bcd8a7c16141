"""The missing-glyph check: every character the memo prints must be in the font that prints it.

A character the font lacks would come out as an empty box (or nothing) in the PDF. The check reads
the TrueType cmap of the registered font and runs on every string before anything is drawn, so a
bad character is a clear error naming the file and the place it came from.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from reportgen.errors import fail
from reportgen.writers.memo.reportlab_internals import font_code_points

# Typographic spaces the font lacks, written as spaces it has; invisible marks are dropped.
_SPACES = str.maketrans({"\u2009": " ", "\u2002": " ", "\u2003": " ", "\u202f": "\u00a0", "\u2007": "\u00a0",
                         "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None})


def normalize_spaces(text: str) -> str:
    """Thin and narrow spaces become plain or no-break spaces; zero-width marks are removed."""
    return text.translate(_SPACES)


@cache
def font_characters(font_name: str) -> frozenset[int]:
    """Code points the registered TrueType font `font_name` has a glyph for (its cmap)."""
    return font_code_points(font_name)


def missing_characters(text: str, font_name: str) -> list[str]:
    """Characters of `text` (not counting line breaks and spaces) that `font_name` cannot draw."""
    have = font_characters(font_name)
    return list(dict.fromkeys(c for c in text if ord(c) not in have and not c.isspace()))


def describe(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    shown = repr(char) if char.isprintable() else "an invisible character"
    return f"{shown} (U+{ord(char):04X} {name})"


def check_glyphs(text: str, font_name: str, file: Path | str, where: str) -> None:
    """Raise ReportgenError naming `file` and `where` if `font_name` lacks a character of `text`."""
    missing = missing_characters(text, font_name)
    if missing:
        family = font_name.split("-")[0]
        chars = ", ".join(describe(c) for c in missing[:5])
        raise fail(file, where, f"{chars} {'is' if len(missing) == 1 else 'are'} not in the font {family}, so the PDF "
                   f"would show an empty box; replace {'it' if len(missing) == 1 else 'them'} or remove "
                   f"{'it' if len(missing) == 1 else 'them'}: {_excerpt(text, missing[0])}")


def _excerpt(text: str, char: str, width: int = 24) -> str:
    at = text.index(char)
    start, end = max(0, at - width), min(len(text), at + width)
    return ("…" if start else "") + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")
