"""Characters a document cannot carry: what is cleaned quietly, and what is refused with its code point.

A vertical tab (U+000B) is PowerPoint's line break inside a paragraph; text pasted from a slide carries it,
so it is read as a line break. Every other control character (U+0000-U+001F but tab, line feed and carriage
return; U+007F), a lone surrogate (U+D800-U+DFFF) and the non-characters U+FFFE and U+FFFF cannot be stored
in a .pptx (XML) nor printed in a PDF: they are refused, naming the character and where it is.

Every text read (a table's cells, a YAML file, a workbook's cells) is put in Unicode's composed form (NFC)
first: Korean typed on a Mac arrives decomposed (NFD, 한 as ㅎ+ㅏ+ㄴ) and would print as loose letters.
"""

from __future__ import annotations

import re
import unicodedata

_BAD = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0C: "form feed", 0x1B: "escape", 0x7F: "delete"}


def composed(text: str) -> str:
    """`text` in Unicode's composed form (NFC): the same characters, each as one code point where it can be."""
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """The text with every vertical tab read as a line break."""
    return text.replace("\x0b", "\n") if "\x0b" in text else text


def bad_character(text: str) -> str | None:
    """A message naming the first character `text` cannot carry, or None when every character is fine."""
    found = _BAD.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        kind = "a non-character"
    else:
        kind = f"a control character ({_NAMES[code]})" if code in _NAMES else "a control character"
    return f"contains {kind}, U+{code:04X}, at character {found.start() + 1}; remove it"
