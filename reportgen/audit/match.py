"""Numbers read from an output against the provenance: which figure each one is, and which are none.

A number at a place (a slide, a memo page) is traced when a figure whose scope covers that place
prints it: the same token (`150M`, `48.5%`, `3.4×`). A year or a date is traced when it is the date
of a figure in scope, or a date one prints. The scope of a figure is the deck slides and memo
sections whose text holds it (`*`: any page), so a number typed into one slide's text is not taken
for the same number on another slide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportgen.audit.numbers import YEAR, numbers_in, traced_forms
from reportgen.audit.read import Place

EVERYWHERE = "*"


@dataclass(frozen=True)
class Untraced:
    output: str
    where: str
    token: str
    context: str

    def __str__(self) -> str:
        return f"{self.output}: {self.where}: {self.token!r} is not traced to the data (in: {self.context!r})"


@dataclass(frozen=True)
class Scoped:
    """The numbers and years the figures of one scope account for."""

    numbers: frozenset[str]
    years: frozenset[str]


class Matcher:
    """Looks up, for a place, what the provenance's figures in its scope print."""

    def __init__(self, figures: Sequence[Mapping[str, Any]], kind: str):
        self.kind = kind  # "deck" or "memo"
        self.figures = figures
        self.forms = [_forms(tuple(f.get("shown", ())), str(f.get("when", ""))) for f in figures]
        self.by_scope: dict[str, list[int]] = {}
        for i, figure in enumerate(figures):
            for scope in figure.get(kind, []):
                self.by_scope.setdefault(scope, []).append(i)

    def in_scope(self, scopes: Iterable[str]) -> list[int]:
        chosen = set(self.by_scope.get(EVERYWHERE, []))
        for scope in scopes:
            chosen.update(self.by_scope.get(scope, []))
        return sorted(chosen)

    def scoped(self, scopes: frozenset[str]) -> Scoped:
        numbers: set[str] = set()
        years: set[str] = set()
        for i in self.in_scope(scopes):
            numbers |= self.forms[i][0]
            years |= self.forms[i][1]
        return Scoped(frozenset(numbers), frozenset(years))


@lru_cache(maxsize=4096)
def _forms(shown: tuple[str, ...], when: str) -> tuple[frozenset[str], frozenset[str]]:
    numbers, years = traced_forms(list(shown))
    return frozenset(numbers), frozenset(years | set(YEAR.findall(when)))


def untraced(places: Iterable[Place], matcher: Matcher) -> list[Untraced]:
    """Every number at a place that no figure in the place's scope prints."""
    found = []
    cache: dict[frozenset[str], Scoped] = {}
    for place in places:
        if place.scopes not in cache:
            cache[place.scopes] = matcher.scoped(place.scopes)
        scoped = cache[place.scopes]
        for token in numbers_in(place.text, list_numbers=not place.cell and not place.line_starts):
            if token.kind == "number" and token.text in scoped.numbers:
                continue
            if token.kind in ("year", "date") and (token.years <= scoped.years or token.text in scoped.numbers):
                continue
            where = place.where + (f", line {place.line_at(token.start)}" if place.line_starts else "")
            found.append(Untraced(place.output, where, token.text, _around(place.text, token.start, len(token.text))))
    return found


def _around(text: str, start: int, length: int, room: int = 40) -> str:
    left = max(0, start - room)
    return ("…" if left else "") + text[left:start + length + room].strip() + ("…" if start + length + room < len(text) else "")


def placements(places: Iterable[Place], matcher: Matcher) -> dict[int, list[dict[str, Any]]]:
    """Figure index -> where it appears: each place in its scope that holds every number of one of its forms."""
    found: dict[int, list[dict[str, Any]]] = {}
    for place in places:
        tokens = {t.text for t in numbers_in(place.text, list_numbers=not place.cell and not place.line_starts)}
        if not tokens:
            continue
        for i in matcher.in_scope(place.scopes):
            if any(_all_in(form, tokens) for form in matcher.figures[i].get("shown", ())):
                spot = {"output": place.output, ("slide" if matcher.kind == "deck" else "page"): place.number,
                        "where": place.where}
                if spot not in found.setdefault(i, []):
                    found[i].append(spot)
    return found


def _all_in(form: str, tokens: set[str]) -> bool:
    wanted = _tokens_of(form)
    return bool(wanted) and wanted <= tokens


@lru_cache(maxsize=8192)
def _tokens_of(form: str) -> frozenset[str]:
    return frozenset(t.text for t in numbers_in(form, list_numbers=False))
