"""Derived figures: ratios, shares, differences, growth, totals, ranks, "up to", largest and smallest.

A derived figure is computed from figures of the dataset, never typed, and printed through the one
formatting path (`reportgen.wording.formats`) with a stated rounding, so the deck and the memo print
the same figure from the same derivation. In text:

    {{ ratio(data.stem_graduates.cn_stem_all_degrees_2022.value, data.stem_graduates.kr_stem_2022.value) }}  -> 9.7× / 9.7배
    {{ share(data.a.b.value, data.a.total.value) }}      -> 48.5%
    {{ rank(data.ai_services.deepseek.mau) }}             -> 3rd / 3위

Every argument must be a figure from `data.` (or another derived figure): a typed number is refused.
Each derived figure notes itself in the provenance with its derivation, inputs and rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reportgen.narrative.provenance import FigureUse, note
from reportgen.wording import formats

DEFAULT_DIGITS = {"ratio": 1, "share": 1, "growth": 1, "difference": 1, "total": 2, "up_to": 2, "fraction": 0}


class DerivationError(ValueError):
    """A derived figure that cannot be computed: the message says which input and why."""


@dataclass(frozen=True)
class Derived:
    """A figure computed from dataset figures; prints itself, and works as an input to another derivation."""

    value: float
    text: str
    unit: str | None
    ref: str
    sources: tuple[str, ...]
    when: str
    derivation: str
    inputs: tuple[str, ...]
    rounding: str
    lang: str
    bare: str = ""  # without a qualifier (`up_to` prints `up to 24.9%`, bare `24.9%`)
    peers: tuple[Any, ...] = field(default=(), compare=False, repr=False)

    def __str__(self) -> str:
        return self.text

    def __float__(self) -> float:
        return float(self.value)

    @property
    def plain(self) -> str:
        return self.bare or self.text

    def use(self) -> FigureUse:
        shown = tuple(dict.fromkeys(t for t in (self.text, self.bare) if t))
        return FigureUse(self.ref, shown, self.value, self.unit, self.sources, self.when, self.derivation, self.inputs,
                         self.rounding)


def sources_of(figure: Any) -> tuple[str, ...]:
    sources = getattr(figure, "sources", None)
    if sources is not None:
        return tuple(sources)
    raw = str(getattr(figure, "source", "") or "")
    return tuple(s for s in raw.replace(";", " ").split() if s)


def figure_use(figure: Any, shown: Iterable[str]) -> FigureUse:
    """The provenance entry of a dataset figure (or a derived one) printed as `shown`."""
    if isinstance(figure, Derived):
        base = figure.use()
        return FigureUse(base.ref, tuple(dict.fromkeys([*base.shown, *shown])), base.value, base.unit, base.sources,
                         base.when, base.derivation, base.inputs, base.rounding)
    return FigureUse(figure.ref, tuple(dict.fromkeys(shown)), figure.value, figure.unit, sources_of(figure), figure.when)


def _checked(figures: Iterable[Any], name: str) -> list[Any]:
    checked = list(figures)
    if not checked:
        raise DerivationError(f"{name}() needs at least one figure")
    for figure in checked:
        if not hasattr(figure, "ref") or not hasattr(figure, "value"):
            raise DerivationError(f"{name}() takes figures from data (data.<table>.<row>.<column>), not {figure!r}: "
                                  "a typed number cannot be traced to a source")
    return checked


def _rounding(digits: int) -> str:
    return "whole number" if digits == 0 else f"at most {digits} decimal{'s' if digits > 1 else ''}"


def _same_unit(figures: list[Any], name: str) -> str | None:
    units = {f.unit for f in figures}
    if len(units) > 1:
        listed = ", ".join(f"{f.ref} ({f.unit or 'no unit'})" for f in figures)
        raise DerivationError(f"{name}() adds or compares figures of one unit; got {listed}")
    return units.pop()


def _when(figures: list[Any]) -> str:
    return " / ".join(dict.fromkeys(str(f.when) for f in figures if getattr(f, "when", "")))


def _make(lang: str, derivation: str, figures: list[Any], value: float, text: str, unit: str | None, digits: int | None,
          bare: str = "") -> Derived:
    refs = tuple(f.ref for f in figures)
    sources = tuple(dict.fromkeys(s for f in figures for s in sources_of(f)))
    result = Derived(value, text, unit, f"{derivation}({', '.join(refs)})", sources, _when(figures), derivation, refs,
                     _rounding(digits) if digits is not None else "", lang, bare)
    note(result.use())
    return result


def derived_functions(lang: str) -> dict[str, Callable[..., Any]]:
    """The derivations as functions for the text of `lang`."""

    def ratio(a: Any, b: Any, digits: int = DEFAULT_DIGITS["ratio"]) -> Derived:
        a, b = _checked([a, b], "ratio")
        if float(b.value) == 0:
            raise DerivationError(f"ratio(): {b.ref} is 0")
        value = float(a.value) / float(b.value)
        return _make(lang, "ratio", [a, b], value, formats.with_unit(value, "multiple", lang, digits), "multiple", digits)

    def fraction(part: Any, whole: Any) -> Derived:
        """`1/29` / `29분의 1`: part as one n-th of whole, n a whole number."""
        part, whole = _checked([part, whole], "fraction")
        for figure in (part, whole):
            if float(figure.value) == 0:
                raise DerivationError(f"fraction(): {figure.ref} is 0")
        times = float(whole.value) / float(part.value)
        n = formats.compact_number(times, lang, 0)
        text = f"{n}분의 1" if lang == "ko" else f"1/{n}"
        return _make(lang, "fraction", [part, whole], 1 / times, text, None, 0)

    def share(part: Any, whole: Any, digits: int = DEFAULT_DIGITS["share"]) -> Derived:
        part, whole = _checked([part, whole], "share")
        if float(whole.value) == 0:
            raise DerivationError(f"share(): {whole.ref} is 0")
        value = float(part.value) / float(whole.value) * 100
        return _make(lang, "share", [part, whole], value, formats.percent(value, lang, digits), "percent", digits)

    def growth(new: Any, old: Any, digits: int = DEFAULT_DIGITS["growth"]) -> Derived:
        new, old = _checked([new, old], "growth")
        if float(old.value) == 0:
            raise DerivationError(f"growth(): {old.ref} is 0")
        value = (float(new.value) / float(old.value) - 1) * 100
        return _make(lang, "growth", [new, old], value, formats.percent(value, lang, digits), "percent", digits)

    def difference(a: Any, b: Any, digits: int = DEFAULT_DIGITS["difference"]) -> Derived:
        a, b = _checked([a, b], "difference")
        unit = _same_unit([a, b], "difference")
        value = float(a.value) - float(b.value)
        if unit == "percent":  # the gap between two percentages is in points
            number = formats.compact_number(value, lang, digits)
            text = f"{number}%포인트" if lang == "ko" else f"{number} points"
        else:
            text = formats.with_unit(value, unit, lang, digits) if unit else formats.compact_number(value, lang, digits)
        return _make(lang, "difference", [a, b], value, text, unit, digits)

    def total(*figures: Any, digits: int = DEFAULT_DIGITS["total"]) -> Derived:
        figures_ = _checked(figures, "total")
        unit = _same_unit(figures_, "total")
        value = sum(float(f.value) for f in figures_)
        text = formats.with_unit(value, unit, lang, digits) if unit else formats.compact_number(value, lang, digits)
        return _make(lang, "total", figures_, value, text, unit, digits)

    def up_to(*figures: Any, digits: int = DEFAULT_DIGITS["up_to"]) -> Derived:
        figures_ = _checked(figures, "up_to")
        unit = _same_unit(figures_, "up_to")
        value = max(float(f.value) for f in figures_)
        bare = formats.with_unit(value, unit, lang, digits) if unit else formats.compact_number(value, lang, digits)
        return _make(lang, "up_to", figures_, value, formats.qualified(bare, "up_to", lang), unit, digits, bare)

    def extreme(name: str, pick: Callable[..., Any]) -> Callable[..., Derived]:
        def chosen(*figures: Any) -> Derived:
            figures_ = _checked(figures, name)
            _same_unit(figures_, name)
            winner = pick(figures_, key=lambda f: float(f.value))
            return _make(lang, name, figures_, float(winner.value), str(winner), winner.unit, None, getattr(winner, "bare", ""))
        return chosen

    def rank(figure: Any, among: Iterable[str] | None = None, order: str = "largest") -> Derived:
        """The place of `figure` among the numbers of its column (largest first): `3rd` / `3위`."""
        (figure,) = _checked([figure], "rank")
        peers = getattr(figure, "peers", None)
        if not peers:
            raise DerivationError(f"rank() needs a figure from a table column, got {figure.ref}")
        ranked = ranking(peers(), among, order)
        row = figure.ref.split(".")[1]
        if row not in ranked:
            raise DerivationError(f"rank(): {row!r} is not among {', '.join(ranked)}")
        place = ranked.index(row) + 1
        table, _, column = figure.ref.split(".")
        refs = [f"{table}.{r}.{column}" for r in ranked]
        result = Derived(float(place), formats.ordinal(place, lang), None, f"rank({figure.ref})", sources_of(figure),
                         str(figure.when), "rank", tuple(refs), f"{order} first among {len(ranked)}", lang)
        note(result.use())
        return result

    return {
        "ratio": ratio, "fraction": fraction, "share": share, "growth": growth, "difference": difference,
        "total": total, "up_to": up_to, "largest": extreme("largest", max), "smallest": extreme("smallest", min),
        "rank": rank,
    }


def ranking(values: dict[str, float], among: Iterable[str] | None = None, order: str = "largest") -> list[str]:
    """Row ids by value, largest first (or smallest first); ties keep the table's order."""
    if order not in ("largest", "smallest"):
        raise DerivationError(f"order must be 'largest' or 'smallest', not {order!r}")
    chosen = dict(values)
    if among is not None:
        wanted = [among] if isinstance(among, str) else list(among)
        missing = [r for r in wanted if r not in chosen]
        if missing:
            raise DerivationError(f"no number for {', '.join(missing)}; rows with one: {', '.join(chosen)}")
        chosen = {r: chosen[r] for r in wanted}
    sign = -1 if order == "largest" else 1
    return sorted(chosen, key=lambda r: sign * chosen[r])
