"""Where each printed figure comes from: recorded while a text renders, kept with the rendered text.

Rendering one string opens a record (`recording()`); every figure the string reads from the dataset
(`data.<table>.<row>.<column>`) and every derived figure it computes (`ratio(...)`, `rank(...)`)
notes itself there with the forms it can print, its table, row, column and source, or its
derivation and inputs; the string's `TextRecord` (narrative/texts.py) keeps them beside what it
read. The build writes them with the outputs (the provenance file and the figure sheet) and
`reportgen audit` matches the numbers it reads in the outputs against them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FigureUse:
    """One figure a text printed (or may print): its printed forms and where its value comes from."""

    ref: str  # `ai_services.deepseek.mau`, or the derivation: `ratio(a, b)`
    shown: tuple[str, ...]  # the forms it prints: `7,700만 명`, `7,700만`
    value: float | str
    unit: str | None = None
    sources: tuple[str, ...] = ()  # source ids of the rows it reads
    when: str = ""  # the row's date or year
    derivation: str = ""  # "" for a cell; else ratio, share, difference, growth, total, rank, up_to, largest, smallest, fraction
    inputs: tuple[str, ...] = ()  # refs of the cells a derivation reads
    rounding: str = ""  # "1 decimal", "whole number"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ref": self.ref, "shown": list(self.shown), "value": self.value}
        if self.unit:
            out["unit"] = self.unit
        out["sources"] = list(self.sources)
        if self.when:
            out["when"] = self.when
        if self.derivation:
            out.update(derivation=self.derivation, inputs=list(self.inputs), rounding=self.rounding)
        return out


@dataclass
class Recording:
    """The figures one string used, in the order it used them (each once)."""

    figures: dict[tuple[str, tuple[str, ...]], FigureUse] = field(default_factory=dict)

    def add(self, use: FigureUse) -> None:
        self.figures.setdefault((use.ref, use.shown), use)


_current: ContextVar[Recording | None] = ContextVar("reportgen_figures", default=None)


@contextmanager
def recording() -> Iterator[Recording]:
    """Collect the figures noted while the block runs."""
    record = Recording()
    token = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(token)


def note(use: FigureUse) -> None:
    """Record `use` in the open recording, if any (outside a render, nothing is kept)."""
    record = _current.get()
    if record is not None:
        record.add(use)
