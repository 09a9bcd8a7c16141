"""Numbers as a reader sees them, found in text: `1억 5,000만`, `150M`, `48.5%`, `$47.5B`, `3.4×`, `29분의 1`.

A token keeps what tells one figure from another (the currency sign, the short scale, `%`, `×`,
`배`, `위`, an ordinal ending) and leaves the unit word (`명`, `users`) to the sentence. Dates
(`June 30, 2025`, `2025년 6월`) and years (`2024`) are tokens of their own kinds: they are traced
to the dates of the figures around them. Some numbers are not figures, by rule:
- names: digits glued to a Latin letter (`V3`, `H800`, `R1`, `GPT-4`, `5G`);
- words: `1인당` (per head: `1인당 GDP`), where the digit is part of the word;
- list and caption numbers: an integer of one or two digits opening a line or paragraph and followed
  by `.`, `)`, `:` or a wide space, alone or after one word (`1.`, `02   `, `Figure 3.`, `Driver 1:`);
- page numbers (`3 / 12`, a table's `(1/2)`) and note markers, found by the readers (audit/read.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SMALL = r"\d,\d{3}|\d{1,4}"  # what may follow a 만/억/조 group: less than the group
KO_NUMBER = rf"(?:{NUM})(?:조|억|만)(?:\s(?:{NUM})(?:억|만)|\s(?:{SMALL})(?![\d,.]))*"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = (rf"(?:{MONTHS})\s\d{{1,2}},\s\d{{4}}|(?:{MONTHS})\s\d{{4}}"
        r"|\d{4}년\s\d{1,2}월\s\d{1,2}일|\d{4}년\s\d{1,2}월|\d{4}년(?!\s?\d)")
TOKEN = re.compile(
    rf"(?P<date>{DATE})"
    rf"|(?P<number>(?P<sign>[$€£¥₩])?(?:{KO_NUMBER}|{NUM})"
    r"(?:(?:[KMBT]|bn|m|k)(?![A-Za-z])|%포인트|%p|%|×|배|위|(?:st|nd|rd|th)(?![A-Za-z])|분의\s\d+|/\d+(?![\d/]))?)"
)
LATIN = re.compile(r"[A-Za-z]")
YEAR = re.compile(r"(?:19|20)\d\d")
LIST_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:[.)](?=\s|$)|(?=\s{2,}|\t|$))|[^\W\d_]+\s\d{1,2}[.:](?=\s|$))")
WIDE = re.compile(r"[\u00a0\u2009\u202f\u2007]")


@dataclass(frozen=True)
class Token:
    """One number in a text: as printed, its kind (number, year, date) and where it starts."""

    text: str
    kind: str
    start: int

    @property
    def years(self) -> set[str]:
        return set(YEAR.findall(self.text)) if self.kind in ("year", "date") else set()


def normalize(text: str) -> str:
    """Spaces of every width as one plain space; a line break inside a number does not split it."""
    return re.sub(r"\s+", " ", WIDE.sub(" ", text)).strip()


def numbers_in(text: str, list_numbers: bool = True) -> list[Token]:
    """Every number in `text` a reader would take for a figure (see the rules above)."""
    text = normalize(without_list_number(text) if list_numbers else text)
    tokens = []
    for match in TOKEN.finditer(text):
        before = text[max(0, match.start() - 2):match.start()]
        after = text[match.end():match.end() + 1]
        if _glued(before, after) or _word(match.group(0), text[match.end():match.end() + 2]):
            continue
        shown = match.group(0)
        if match["date"]:
            kind = "date"
        elif YEAR.fullmatch(shown) and not match["sign"]:
            kind = "year"
        else:
            kind = "number"
        tokens.append(Token(_canonical(shown) if kind == "number" else shown, kind, match.start()))
    return tokens


def _canonical(token: str) -> str:
    """One number however it is written: `50m` and `50M`, `5bn` and `5B`, `5000만` and `5,000만`."""
    token = token.replace(",", "")
    for short, canonical in (("bn", "B"), ("m", "M"), ("k", "K")):
        if token.endswith(short) and token[-len(short) - 1].isdigit():
            return token[: -len(short)] + canonical
    return token


def without_list_number(text: str) -> str:
    """`text` without the list or caption numbers that open it (`2.  Driver 1: talent` -> `talent`)."""
    text = WIDE.sub(" ", text)
    while (lead := LIST_NUMBER.match(text)) is not None and lead.end() > 0:
        text = text[lead.end():]
    return text


WORDS = {"1": ("인당",)}  # a number that is part of a word: `1인당` (per head)


def _word(shown: str, after: str) -> bool:
    """Digits that are part of a word (`1인당`), not a figure."""
    return any(after.startswith(rest) for rest in WORDS.get(shown, ()))


def _glued(before: str, after: str) -> bool:
    """Digits that are part of a name: a Latin letter right before (or before a hyphen) or right after."""
    if before[-1:] and LATIN.match(before[-1]):
        return True
    if before[-1:] == "-" and len(before) == 2 and LATIN.match(before[0]):
        return True
    return bool(after and LATIN.match(after))


def traced_forms(shown: list[str]) -> tuple[set[str], set[str]]:
    """The number tokens and the years that a figure's printed forms account for."""
    numbers: set[str] = set()
    years: set[str] = set()
    for text in shown:
        for token in numbers_in(text, list_numbers=False):
            if token.kind == "number":
                numbers.add(token.text)
            years |= token.years
            if token.kind == "year":
                numbers.add(token.text)
    return numbers, years
